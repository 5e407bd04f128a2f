/** The case register: search, counts, export; opening a case and one case live in ./case/. */
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { CONFIDENTIALITY_LABELS, type Confidentiality, api, errorText } from "../api";
import { formatDate } from "../format";
import { Link } from "../Link";
import { BarChart } from "../Chart";
import { navigate } from "../router";
import { ConfidentialityBadge, LEVELS } from "./case/common";
import { NewCase } from "./case/NewCase";
import { useEffect, useId } from "react";
import { LIMITS } from "../../../src/validation/limits";
import { JurisdictionPicker, useJurisdictionName } from "../components/JurisdictionPicker";
import { ICCS_CHOICES, MEASURE_CHOICES, STATE_GROUPS, stateLabel } from "../labels";
import { useColleagues } from "./case/common";

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
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The list of cases the user may see, with search and every filter of the API in the URL. */
export function Cases({ search, canCreate }: { search: string; canCreate: boolean }) {
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
  return (
    <section>
      <h1>Cases</h1>
      <form className="filters" onSubmit={apply} aria-label="Find cases">
        <label className="wide">
          Search
          <input
            type="search"
            value={draft.q}
            maxLength={LIMITS.search}
            onChange={(e) => set("q")(e.target.value)}
            placeholder="our or their reference, title, a person's name"
          />
        </label>
        <div className="field">
          <label htmlFor={`${fid}-direction`}>Direction</label>
          <select id={`${fid}-direction`} value={draft.direction} onChange={(e) => set("direction")(e.target.value)}>
            <option value="">both</option>
            <option value="incoming">Incoming (we are asked)</option>
            <option value="outgoing">Outgoing (we ask)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-state`}>State of the case</label>
          <select id={`${fid}-state`} value={draft.state} onChange={(e) => set("state")(e.target.value)}>
            <option value="">any state</option>
            {groups.map((g) => (
              <optgroup key={g.direction} label={g.label}>
                {g.states.map((st) => (
                  <option key={`${g.direction}-${st}`} value={st}>
                    {stateLabel(st)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-confidentiality`}>Confidentiality</label>
          <select id={`${fid}-confidentiality`} value={draft.confidentiality} onChange={(e) => set("confidentiality")(e.target.value)}>
            <option value="">any</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {CONFIDENTIALITY_LABELS[l]}
              </option>
            ))}
          </select>
        </div>
        <JurisdictionPicker label="Partner state" value={draft.partner} onChange={set("partner")} emptyLabel="any state" />
        <div className="field">
          <label htmlFor={`${fid}-measure`}>Measure requested</label>
          <select id={`${fid}-measure`} value={draft.measure} onChange={(e) => set("measure")(e.target.value)}>
            <option value="">any measure</option>
            {MEASURE_CHOICES.map((m) => (
              <option key={m.code} value={m.code}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-iccs`}>Offence (ICCS section)</label>
          <select id={`${fid}-iccs`} value={draft.iccs} onChange={(e) => set("iccs")(e.target.value)}>
            <option value="">any offence</option>
            {ICCS_CHOICES.map((s) => (
              <option key={s.code} value={s.code}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${fid}-officer`}>Officer in charge</label>
          <select id={`${fid}-officer`} value={draft.officer} onChange={(e) => set("officer")(e.target.value)}>
            <option value="">anyone</option>
            {officers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="between">
          <legend>Received between</legend>
          <label>
            from
            <input type="date" value={draft.receivedFrom} onChange={(e) => set("receivedFrom")(e.target.value)} />
          </label>
          <label>
            to
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
          Overdue only
        </label>
        <div className="button-row">
          <button type="submit">Search</button>
          {filtered && (
            <Link to="/cases" className="button secondary">
              Clear the filters
            </Link>
          )}
        </div>
      </form>
      {(list.error || count.error) && (
        <p className="error" role="alert" data-testid="filter-error">
          {errorText(list.error ?? count.error)}
        </p>
      )}
      {count.data && (
        <p data-testid="case-count">
          {count.data.total} case{count.data.total === 1 ? "" : "s"}: {count.data.byConfidentiality.normal} normal,{" "}
          {count.data.byConfidentiality.confidential} confidential, {count.data.byConfidentiality.strictly_confidential} strictly
          confidential.{" "}
          <a href={`/api/v1/cases/export${query ? `?${query}` : ""}`} download="cases.csv">
            Export CSV
          </a>
        </p>
      )}
      {count.data && Object.keys(count.data.byState).length > 1 && (
        <BarChart
          label="Cases by state"
          data={Object.entries(count.data.byState)
            .sort((a, b) => b[1] - a[1])
            .map(([name, value]) => ({ name: stateLabel(name), value }))}
        />
      )}
      <table className="data cards" data-testid="cases">
        <thead>
          <tr>
            <th>Reference</th>
            <th>Direction</th>
            <th>States</th>
            <th>Title</th>
            <th>State</th>
            <th>Confidentiality</th>
            <th>Opened</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.id}>
              <td className="card-head">
                <Link to={`/cases/${c.id}`}>{c.reference}</Link>
              </td>
              <td data-label="Direction">{c.direction === "incoming" ? "Incoming" : "Outgoing"}</td>
              <td data-label="States">
                <abbr title={`${c.requesting} → ${c.requested}`}>
                  {country(c.requesting)} → {country(c.requested)}
                </abbr>
              </td>
              <td data-label="Title">{c.title}</td>
              <td data-label="State">{stateLabel(c.state)}</td>
              <td data-label="Confidentiality">
                <ConfidentialityBadge level={c.confidentiality} />
              </td>
              <td data-label="Opened">{formatDate(c.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && shown.length === 0 && <p className="muted">No case you may see matches.</p>}
      {list.hasNextPage && (
        <p>
          <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? "Loading…" : `Show more (${shown.length}${count.data ? ` of ${count.data.total}` : ""} shown)`}
          </button>
        </p>
      )}
      {canCreate && <NewCase />}
    </section>
  );
}
