/**
 * Statistics (issue 16 §2): requests received and sent per partner state, measure, ICCS section and
 * basis; refusals and postponements by ground and provision; durations (median, 90th percentile) with
 * the trend per quarter; open cases by age; assets per currency. Each chart (Recharts, SVG drawn with
 * attributes: the CSP's style-src 'self' holds) has its table below it with the exact figures; every
 * figure links to the case list filtered to the cases behind it (the list shows only those the user may
 * see). A figure below 5 that the user may not see whole is "<5", and a figure withheld so that it
 * cannot be worked out from a total is "hidden". Filters and the period are in the URL.
 */
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DurationRow, Figure, Statistics as Stats, TableName } from "../../../src/statistics/figures";
import { api } from "../api";
import { errorWords } from "../components/ErrorWords";
import { formatDate, formatNumber, regionName } from "../format";
import { currentLanguage, directionOf } from "../i18n";
import { iccsLabel, measureLabel } from "../labels";
import { useKnowledge } from "../knowledge";
import { Link } from "../Link";
import { navigate } from "../router";
import { formatMoney } from "./case/assets/money";
import "./Statistics.css";

const TABLE_ORDER: TableName[] = [
  "partner",
  "measure",
  "iccs",
  "basis",
  "refusalGround",
  "refusalProvision",
  "postponementGround",
  "postponementProvision",
];
const RECEIVED = "#1f4e8c";
const SENT = "#b35c00";
const P90 = "#6b7a8f";

/** The case list link behind a figure. */
const casesLink = (f: Figure) => `/cases?${new URLSearchParams({ ...f.cases }).toString()}`;

/**
 * A figure as the page shows it: a number linked to its cases; "<5" when it is small and includes
 * cases the user may not see; "hidden" when it is withheld so that such a figure cannot be worked out
 * from the total beside it.
 */
function FigureLink({ f, label }: { f: Figure | null; label: string }) {
  const { t } = useTranslation("statistics");
  if (!f) return <>–</>;
  const [short, long] = f.suppression === "complement" ? ["withheld", "withheldLong"] : ["suppressed", "suppressedLong"];
  return (
    <Link to={casesLink(f)}>
      {f.suppressed ? (
        <>
          <span aria-hidden="true" dir="ltr">
            {t(short)}
          </span>
          <span className="visually-hidden">{t(long, { what: label })}</span>
        </>
      ) : (
        formatNumber(f.value ?? 0)
      )}
    </Link>
  );
}

/** A chart, hidden from screen readers: the table below says the same, exactly. */
function ChartBox({ label, height, children }: { label: string; height: number; children: React.ReactElement }) {
  return (
    <figure className="stat-chart" aria-hidden="true" data-testid="chart">
      <ResponsiveContainer width="100%" height={height} minWidth={0}>
        {children}
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{label}</figcaption>
    </figure>
  );
}

/** Figures received and sent, per direction shown. */
type Both = { incoming: Figure | null; outgoing: Figure | null };

/**
 * The table under a chart: one row per item, one column per direction shown, each cell the figure
 * linked to its cases. The totals, every breakdown and the open cases by age are all this table.
 */
function FigureTable({
  first,
  caption,
  rows,
  directions,
  dirWord,
}: {
  first: string;
  caption?: string;
  rows: { key: string | number; name: string; figures: Both }[];
  directions: readonly ("incoming" | "outgoing")[];
  dirWord: (d: string) => string;
}) {
  return (
    <table className="data stat-table">
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{first}</th>
          {directions.map((d) => (
            <th key={d} scope="col">
              {dirWord(d)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            {directions.map((d) => (
              <td key={d}>
                <FigureLink f={r.figures[d]} label={`${r.name} ${dirWord(d)}`} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Statistics({ search }: { search: string }) {
  const { t } = useTranslation("statistics");
  useTranslation("case"); // grounds' words (case:grounds)
  const kb = useKnowledge().data;
  const rtl = directionOf(currentLanguage()) === "rtl";
  const params = new URLSearchParams(search);
  const query = new URLSearchParams(
    [...params.entries()].filter(([k, v]) => v && ["year", "from", "to", "direction"].includes(k)),
  ).toString();
  const q = useQuery({
    queryKey: ["statistics", query],
    queryFn: () => api<Stats>(`/statistics${query ? `?${query}` : ""}`),
    retry: false,
  });
  const thisYear = new Date().getUTCFullYear();
  const [draft, setDraft] = useState({ year: "", from: "", to: "", direction: "" });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL's query is the trigger.
  useEffect(() => {
    setDraft({
      year: params.get("year") ?? "",
      from: params.get("from") ?? "",
      to: params.get("to") ?? "",
      direction: params.get("direction") ?? "",
    });
  }, [search]);
  const fid = useId();
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams(
      Object.entries(draft).filter(
        ([k, v]) => v && !(k !== "year" && k !== "direction" && draft.year) && !(k === "year" && (draft.from || draft.to)),
      ),
    );
    navigate(`/statistics${p.size ? `?${p}` : ""}`, true);
  };

  const nameOf = (table: TableName, code: string): string => {
    switch (table) {
      case "partner":
        return regionName(code);
      case "measure":
        return measureLabel(code);
      case "iccs":
        return iccsLabel(code);
      case "basis":
        return code === "none" ? t("noBasis") : (kb?.instruments.get(code)?.shortTitle ?? code);
      case "refusalGround":
      case "postponementGround":
        return t(`case:grounds.${code}`, { defaultValue: code.replace(/_/g, " ") });
      case "refusalProvision":
      case "postponementProvision": {
        const p = kb?.provisions.get(code);
        const inst = p ? kb?.instruments.get(p.instrument) : undefined;
        return p && inst ? `${inst.shortTitle}, ${p.article}` : code;
      }
    }
  };
  const s = q.data;
  const directions = s ? (s.direction ? [s.direction] : (["incoming", "outgoing"] as const)) : [];
  const dirWord = (d: string) => t(d === "incoming" ? "received" : "sent");
  const ageRows = (s?.openByAge ?? []).map((b) => ({
    key: b.from,
    name: b.to === null ? t("ageMore", { from: b.from }) : t("ageBand", { from: b.from, to: b.to - 1 }),
    figures: b,
  }));
  const exportQuery = query ? `?${query}` : "";

  return (
    <section className="page statistics">
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <form className="filters stat-filters" aria-label={t("filters")} onSubmit={apply}>
        <label>
          {t("year")}
          <select id={`${fid}-year`} value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value, from: "", to: "" })}>
            <option value="">{t("chooseYear")}</option>
            {Array.from({ length: 12 }, (_, i) => String(thisYear - i)).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("from")}
          <input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value, year: "" })} />
        </label>
        <label>
          {t("to")}
          <input
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(e) => setDraft({ ...draft, to: e.target.value, year: "" })}
          />
        </label>
        <label>
          {t("direction")}
          <select value={draft.direction} onChange={(e) => setDraft({ ...draft, direction: e.target.value })}>
            <option value="">{t("both")}</option>
            <option value="incoming">{t("received")}</option>
            <option value="outgoing">{t("sent")}</option>
          </select>
        </label>
        <button type="submit">{t("show")}</button>
      </form>
      <p className="stat-exports">
        <a href={`/api/v1/statistics/export.csv${exportQuery}`} download>
          {t("exportCsv")}
        </a>{" "}
        <a href={`/api/v1/statistics/export.xlsx${exportQuery}`} download>
          {t("exportXlsx")}
        </a>{" "}
        <a href={`/api/v1/statistics/report.pdf${exportQuery}`} download>
          {t("exportPdf")}
        </a>
      </p>
      {q.error && (
        <p className="error" role="alert">
          {errorWords(q.error)}
        </p>
      )}
      {q.isPending && <p aria-live="polite">{t("loading")}</p>}
      {s && (
        <>
          <p data-testid="period">
            {t("period", { from: formatDate(s.from), to: formatDate(s.to) })} {t("suppressionNote")}
          </p>
          <section aria-labelledby={`${fid}-totals`} data-testid="totals">
            <h2 id={`${fid}-totals`}>{t("totals")}</h2>
            <FigureTable
              first={t("what")}
              rows={[
                { key: "mla", name: t("mlaRequests"), figures: s.totals },
                { key: "tsp", name: t("transfers"), figures: s.transfers },
              ]}
              directions={directions}
              dirWord={dirWord}
            />
            <p className="muted">{t("transfersNote")}</p>
          </section>

          {TABLE_ORDER.map((table) => {
            const rows = s.tables[table];
            const heading = t(`tables.${table}`);
            const data = rows.slice(0, 15).map((r) => ({
              name: nameOf(table, r.code),
              received: r.incoming?.value ?? 0,
              sent: r.outgoing?.value ?? 0,
            }));
            return (
              <section key={table} aria-labelledby={`${fid}-${table}`} data-testid={`table-${table}`}>
                <h2 id={`${fid}-${table}`}>{heading}</h2>
                {rows.length === 0 ? (
                  <p className="muted">{t("none")}</p>
                ) : (
                  <>
                    <ChartBox label={heading} height={Math.max(120, data.length * 34 + 50)}>
                      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }} accessibilityLayer={false}>
                        <CartesianGrid horizontal={false} stroke="#d5dbe3" />
                        <XAxis type="number" allowDecimals={false} reversed={rtl} />
                        <YAxis type="category" dataKey="name" width={140} orientation={rtl ? "right" : "left"} tick={{ fontSize: 12 }} />
                        <Tooltip isAnimationActive={false} />
                        <Legend />
                        {directions.includes("incoming") && (
                          <Bar dataKey="received" name={t("received")} fill={RECEIVED} isAnimationActive={false} />
                        )}
                        {directions.includes("outgoing") && <Bar dataKey="sent" name={t("sent")} fill={SENT} isAnimationActive={false} />}
                      </BarChart>
                    </ChartBox>
                    <FigureTable
                      first={t(`columns.${table}`)}
                      caption={heading}
                      rows={rows.map((r) => ({ key: r.code, name: nameOf(table, r.code), figures: r }))}
                      directions={directions}
                      dirWord={dirWord}
                    />
                  </>
                )}
              </section>
            );
          })}

          <section aria-labelledby={`${fid}-durations`} data-testid="durations">
            <h2 id={`${fid}-durations`}>{t("durations")}</h2>
            <p className="muted">{t("durationsNote")}</p>
            {s.durations.map((d) => (
              <Durations key={`${d.milestone}-${d.direction}`} d={d} dirWord={dirWord} rtl={rtl} />
            ))}
          </section>

          <section aria-labelledby={`${fid}-open`} data-testid="open">
            <h2 id={`${fid}-open`}>{t("openByAge", { date: formatDate(s.asOf) })}</h2>
            <ChartBox label={t("openByAge", { date: formatDate(s.asOf) })} height={220}>
              <BarChart
                data={ageRows.map((r) => ({
                  name: r.name,
                  received: r.figures.incoming?.value ?? 0,
                  sent: r.figures.outgoing?.value ?? 0,
                }))}
                margin={{ left: 0, right: 8, top: 4, bottom: 4 }}
                accessibilityLayer={false}
              >
                <CartesianGrid vertical={false} stroke="#d5dbe3" />
                <XAxis dataKey="name" reversed={rtl} tick={{ fontSize: 11 }} />
                <YAxis allowDecimals={false} orientation={rtl ? "right" : "left"} width={36} />
                <Tooltip isAnimationActive={false} />
                <Legend />
                {directions.includes("incoming") && (
                  <Bar dataKey="received" name={t("received")} fill={RECEIVED} isAnimationActive={false} />
                )}
                {directions.includes("outgoing") && <Bar dataKey="sent" name={t("sent")} fill={SENT} isAnimationActive={false} />}
              </BarChart>
            </ChartBox>
            <FigureTable first={t("age")} rows={ageRows} directions={directions} dirWord={dirWord} />
          </section>

          <section aria-labelledby={`${fid}-assets`} data-testid="assets">
            <h2 id={`${fid}-assets`}>{t("assets")}</h2>
            {s.assets.length === 0 ? (
              <p className="muted">{t("none")}</p>
            ) : (
              <table className="data stat-table">
                <thead>
                  <tr>
                    <th scope="col">{t("assetFigure")}</th>
                    <th scope="col">{t("direction")}</th>
                    <th scope="col">{t("cases")}</th>
                    <th scope="col">{t("assetCount")}</th>
                    <th scope="col">{t("amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.assets.map((a) => (
                    <tr key={`${a.figure}-${a.direction}-${a.currency}`}>
                      <th scope="row">{t(`assetFigures.${a.figure}`)}</th>
                      <td>{dirWord(a.direction)}</td>
                      <td>
                        <FigureLink f={a.cases} label={t(`assetFigures.${a.figure}`)} />
                      </td>
                      <td>{a.assets === null ? <span dir="ltr">{t("suppressed")}</span> : formatNumber(a.assets)}</td>
                      <td>
                        {a.amount === null ? (
                          <span dir="ltr">{t("suppressed")}</span>
                        ) : a.currency ? (
                          formatMoney(a.amount, a.currency)
                        ) : (
                          t("noEstimate")
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </section>
  );
}

function Durations({ d, dirWord, rtl }: { d: DurationRow; dirWord: (d: string) => string; rtl: boolean }) {
  const { t } = useTranslation("statistics");
  const heading = t(`milestones.${d.milestone}`, { direction: dirWord(d.direction) });
  // A withheld count keeps its days: they say nothing of how many cases there are.
  const days = (n: number | null, cases: Figure) =>
    cases.suppression === "small" ? t("suppressed") : n === null ? "–" : formatNumber(n, { maximumFractionDigits: 1 });
  return (
    <div className="stat-duration" data-testid={`duration-${d.milestone}-${d.direction}`}>
      <h3>{heading}</h3>
      {d.quarters.length > 1 && (
        <ChartBox label={heading} height={200}>
          <LineChart
            data={d.quarters.map((q) => ({ name: q.quarter, median: q.median, p90: q.p90 }))}
            margin={{ left: 0, right: 8, top: 4, bottom: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#d5dbe3" />
            <XAxis dataKey="name" reversed={rtl} tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} orientation={rtl ? "right" : "left"} width={36} />
            <Tooltip isAnimationActive={false} />
            <Legend />
            <Line dataKey="median" name={t("median")} stroke={RECEIVED} isAnimationActive={false} connectNulls />
            <Line dataKey="p90" name={t("p90")} stroke={P90} strokeDasharray="4 3" isAnimationActive={false} connectNulls />
          </LineChart>
        </ChartBox>
      )}
      <table className="data stat-table">
        <thead>
          <tr>
            <th scope="col">{t("quarter")}</th>
            <th scope="col">{t("cases")}</th>
            <th scope="col">{t("median")}</th>
            <th scope="col">{t("p90")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("wholePeriod")}</th>
            <td>
              <FigureLink f={d.overall.cases} label={heading} />
            </td>
            <td>{days(d.overall.median, d.overall.cases)}</td>
            <td>{days(d.overall.p90, d.overall.cases)}</td>
          </tr>
          {d.quarters.map((q) => (
            <tr key={q.quarter}>
              <th scope="row">{q.quarter}</th>
              <td>
                <FigureLink f={q.cases} label={`${heading} ${q.quarter}`} />
              </td>
              <td>{days(q.median, q.cases)}</td>
              <td>{days(q.p90, q.cases)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
