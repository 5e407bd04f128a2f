/** The case register: search, counts, export; opening a case and one case live in ./case/. */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { MEASURE_WORDS } from "../../../src/law/measure-words";
import { currentLanguage } from "../i18n";
import { type Confidentiality, api } from "../api";
import { formatDate, formatNumber } from "../format";
import { Link } from "../Link";
import { BarChart } from "../Chart";
import { navigate } from "../router";
import { ConfidentialityBadge, LEVELS } from "./case/common";
import { NewCase } from "./case/NewCase";
import { useEffect, useId } from "react";
import { LIMITS } from "../../../src/validation/limits";
import { JurisdictionPicker, useJurisdictionName } from "../components/JurisdictionPicker";
import { MEASURE_CHOICES, STATE_GROUPS, iccsChoices, stateLabel } from "../labels";
import { useColleagues } from "./case/common";
import { errorWords } from "../components/ErrorWords";

// Other pages import these from here.
export { ConfidentialityBadge } from "./case/common";
export { CaseDetail } from "./case/CaseDetail";

interface CaseSummary {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: string;
  createdAt: string;
  /** "tsp": a transfer of a sentenced person, shown on its own page. */
  kind?: "mla" | "tsp";
}

/** One page of the case list: GET /cases answers a page and where the next one starts. */
interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
}

/** The filters the case list takes from its URL and passes to the API as they are (see src/cases/listFilter.ts). */
const FILTER_KEYS = [
  "q",
  "direction",
  "state",
  "confidentiality",
  "partner",
  "measure",
  "iccs",
  "officer",
  "overdue",
  "receivedFrom",
  "receivedTo",
  // A figure of the statistics (its drill-down): kept with the other filters, shown as a note below.
  "statistic",
  "statisticFrom",
  "statisticTo",
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The list of cases the user may see, with search and every filter of the API in the URL. */
export function Cases({ search, canCreate }: { search: string; canCreate: boolean }) {
  const { t } = useTranslation("cases");
  useTranslation("case"); // the states' words (case:states) load with the page
  const measureWords = MEASURE_WORDS[currentLanguage()];
  const stateWords = (code: string) => t(`case:states.${code}`, { defaultValue: stateLabel(code) });
  const params = new URLSearchParams(search);
  const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ""])) as Record<FilterKey, string>;
  // Every parameter of the URL goes to the API, so one it does not know (a misspelt link) is answered
  // with its 400 naming it, shown below, rather than silently ignored.
  const query = new URLSearchParams([...params.entries()].filter(([, v]) => v)).toString();
  // The server sends a page at a time with a cursor to the next; "Show more" appends the next page.
  const list = useInfiniteQuery({
    queryKey: ["cases", query],
    initialPageParam: "",
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(query);
      if (pageParam) p.set("cursor", pageParam);
      return api<CasePage>(`/cases${p.size ? `?${p}` : ""}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  const shown = list.data?.pages.flatMap((page) => page.items) ?? [];
  const count = useQuery({
    queryKey: ["cases", "count", query],
    queryFn: () =>
      api<{ total: number; byConfidentiality: Record<Confidentiality, number>; byState: Record<string, number> }>(
        `/cases/count${query ? `?${query}` : ""}`,
      ),
    retry: false,
  });
  const colleagues = useColleagues();
  const officers = (colleagues.data ?? []).filter((u) => u.role === "officer" || u.role === "supervisor");
  const country = useJurisdictionName();
  const [draft, setDraft] = useState(filter);
  const fid = useId();
  // Back and forward (or a link) change the URL: the form follows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL's query is the trigger.
  useEffect(() => setDraft(filter), [search]);
  const set = (k: FilterKey) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams(Object.entries(draft).filter(([, v]) => v));
    navigate(`/cases${p.size ? `?${p}` : ""}`, true);
  };
  const groups = STATE_GROUPS.filter((g) => !draft.direction || g.direction === draft.direction);
  const filtered = FILTER_KEYS.some((k) => filter[k]);
  // On a phone the search box comes first and the other filters fold away until asked for (or set).
  const [more, setMore] = useState(() => FILTER_KEYS.some((k) => k !== "q" && filter[k]));
  return (
    <section>
      <h1>{t("list.title")}</h1>
      <form
        id={`${fid}-form`}
        className={more ? "filters collapsible more" : "filters collapsible"}
        onSubmit={apply}
        aria-label={t("list.find")}
      >
        <label className="wide">
          {t("list.search")}
          <input
            type="search"
            value={draft.q}
            maxLength={LIMITS.search}
            onChange={(e) => set("q")(e.target.value)}
            placeholder={t("list.searchHint")}
          />
        </label>
        <button
          type="button"
          className="secondary filters-toggle"
          aria-expanded={more}
          aria-controls={`${fid}-form`}
          onClick={() => setMore(!more)}
        >
          {more ? t("list.fewerFilters") : t("list.moreFilters")}
        </button>
        <div className="field">
          <label htmlFor={`${fid}-direction`}>{t("list.direction")}</label>
          <select id={`${fid}-direction`} value={draft.direction} onChange={(e) => set("direction")(e.target.value)}>
            <option value="">{t("list.directionBoth")}</option>
            <option value="incoming">{t("list.directionIncoming")}</option>
            <option value="outgoing">{t("list.directionOutgoing")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-state`}>{t("list.state")}</label>
          <select id={`${fid}-state`} value={draft.state} onChange={(e) => set("state")(e.target.value)}>
            <option value="">{t("list.anyState")}</option>
            {groups.map((g) => (
              <optgroup key={g.direction} label={g.direction === "incoming" ? t("list.incomingRequests") : t("list.outgoingRequests")}>
                {g.states.map((st) => (
                  <option key={`${g.direction}-${st}`} value={st}>
                    {stateWords(st)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-confidentiality`}>{t("list.confidentiality")}</label>
          <select id={`${fid}-confidentiality`} value={draft.confidentiality} onChange={(e) => set("confidentiality")(e.target.value)}>
            <option value="">{t("list.anyConfidentiality")}</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`common:confidentiality.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <JurisdictionPicker label={t("list.partner")} value={draft.partner} onChange={set("partner")} emptyLabel={t("list.anyPartner")} />
        <div className="field">
          <label htmlFor={`${fid}-measure`}>{t("list.measure")}</label>
          <select id={`${fid}-measure`} value={draft.measure} onChange={(e) => set("measure")(e.target.value)}>
            <option value="">{t("list.anyMeasure")}</option>
            {MEASURE_CHOICES.map((m) => (
              <option key={m.code} value={m.code}>
                {measureWords[m.code] ?? m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-iccs`}>{t("list.offence")}</label>
          <select id={`${fid}-iccs`} value={draft.iccs} onChange={(e) => set("iccs")(e.target.value)}>
            <option value="">{t("list.anyOffence")}</option>
            {iccsChoices().map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-officer`}>{t("list.officer")}</label>
          <select id={`${fid}-officer`} value={draft.officer} onChange={(e) => set("officer")(e.target.value)}>
            <option value="">{t("list.anyone")}</option>
            {officers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="between">
          <legend>{t("list.receivedBetween")}</legend>
          <label>
            {t("list.from")}
            <input type="date" value={draft.receivedFrom} onChange={(e) => set("receivedFrom")(e.target.value)} />
          </label>
          <label>
            {t("list.to")}
            <input
              type="date"
              value={draft.receivedTo}
              min={draft.receivedFrom || undefined}
              onChange={(e) => set("receivedTo")(e.target.value)}
            />
          </label>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={draft.overdue === "true"} onChange={(e) => set("overdue")(e.target.checked ? "true" : "")} />
          {t("list.overdueOnly")}
        </label>
        <div className="button-row">
          <button type="submit">{t("list.searchButton")}</button>
          {filtered && (
            <Link to="/cases" className="button secondary">
              {t("list.clear")}
            </Link>
          )}
        </div>
      </form>
      {filter.statistic && (
        <p className="notice" data-testid="statistic-filter">
          {t("list.statisticFilter", {
            statistic: filter.statistic,
            from: filter.statisticFrom ? formatDate(filter.statisticFrom) : "…",
            to: filter.statisticTo ? formatDate(filter.statisticTo) : "…",
          })}{" "}
          <Link to="/statistics">{t("list.clearStatistic")}</Link>
        </p>
      )}
      {(list.error || count.error) && (
        <p className="error" role="alert" data-testid="filter-error">
          {errorWords(list.error ?? count.error)}
        </p>
      )}
      {count.data && (
        <p data-testid="case-count">
          {t("list.count", {
            count: count.data.total,
            total: formatNumber(count.data.total),
            normal: formatNumber(count.data.byConfidentiality.normal),
            confidential: formatNumber(count.data.byConfidentiality.confidential),
            strictly: formatNumber(count.data.byConfidentiality.strictly_confidential),
          })}{" "}
          <a href={`/api/v1/cases/export${query ? `?${query}` : ""}`} download="cases.csv">
            {t("list.export")}
          </a>
        </p>
      )}
      {count.data && Object.keys(count.data.byState).length > 1 && (
        <BarChart
          label={t("list.byState")}
          data={Object.entries(count.data.byState)
            .sort((a, b) => b[1] - a[1])
            .map(([name, value]) => ({ name: stateWords(name), value }))}
        />
      )}
      <table className="data cards" data-testid="cases">
        <thead>
          <tr>
            <th>{t("list.columns.reference")}</th>
            <th>{t("list.columns.direction")}</th>
            <th>{t("list.columns.states")}</th>
            <th>{t("list.columns.title")}</th>
            <th>{t("list.columns.state")}</th>
            <th>{t("list.columns.confidentiality")}</th>
            <th>{t("list.columns.opened")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id}>
              <td className="card-head">
                {/* A transfer of a sentenced person has its own page. */}
                <Link to={c.kind === "tsp" ? `/transfers/${c.id}` : `/cases/${c.id}`}>{c.reference}</Link>
              </td>
              <td data-label={t("list.columns.direction")}>{c.direction === "incoming" ? t("list.incoming") : t("list.outgoing")}</td>
              <td data-label={t("list.columns.states")}>
                <abbr title={t("list.between", { from: c.requesting, to: c.requested })}>
                  {t("list.between", { from: country(c.requesting), to: country(c.requested) })}
                </abbr>
              </td>
              <td data-label={t("list.columns.title")}>{c.title}</td>
              <td data-label={t("list.columns.state")}>{stateWords(c.state)}</td>
              <td data-label={t("list.columns.confidentiality")}>
                <ConfidentialityBadge level={c.confidentiality} />
              </td>
              <td data-label={t("list.columns.opened")}>{formatDate(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && shown.length === 0 && <p className="muted">{t("list.none")}</p>}
      {list.hasNextPage && (
        <p>
          <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage
              ? t("common:shell.loading")
              : count.data
                ? t("list.moreOf", { shown: formatNumber(shown.length), total: formatNumber(count.data.total) })
                : t("list.more", { shown: formatNumber(shown.length) })}
          </button>
        </p>
      )}
      {canCreate && <NewCase />}
    </section>
  );
}
