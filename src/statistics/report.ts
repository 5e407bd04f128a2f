/**
 * The annual report as PDF (issue 16 §2): the statistics of a year (or period) laid out as a document
 * and rendered by the same renderer as the requests (src/drafting/pdf.ts, shipped fonts, tagged PDF),
 * so names in any script print. Need-to-know is the page's: a suppressed figure prints "<5" (or "hidden"
 * where it is withheld for the complement). In English:
 * the report is the authority's own return; the page shows the user's language.
 */
import type { Block, RequestDocument } from "../drafting/document.js";
import { renderPdf } from "../drafting/pdf.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import { figureText, PART_TITLES, wordsFor } from "./export.js";
import type { Figure, Statistics, TableName } from "./figures.js";

const shown = (f: Figure | null) => (f === null ? "–" : figureText(f));
const days = (n: number | null, cases: Figure) =>
  cases.suppression === "small" ? "<5" : n === null ? "–" : String(Math.round(n * 10) / 10);

/** The report as a document of headings and labelled figures. */
export function statisticsDocument(s: Statistics, kb: KnowledgeBase | undefined, authority: string): RequestDocument {
  const blocks: Block[] = [];
  const both = (inc: Figure | null, out: Figure | null) =>
    [inc ? `received ${shown(inc)}` : null, out ? `sent ${shown(out)}` : null].filter(Boolean).join(", ");
  let n = 0;
  const heading = (text: string) => blocks.push({ kind: "heading", number: `${++n}.`, text: { text } });
  heading(PART_TITLES.totals);
  blocks.push({
    kind: "field",
    label: { text: "Requests for mutual legal assistance" },
    value: both(s.totals.incoming, s.totals.outgoing),
  });
  blocks.push({
    kind: "field",
    label: { text: "Transfers of sentenced persons (counted apart)" },
    value: both(s.transfers.incoming, s.transfers.outgoing),
  });
  for (const [table, rows] of Object.entries(s.tables) as [TableName, Statistics["tables"][TableName]][]) {
    heading(PART_TITLES[table]);
    if (rows.length === 0) blocks.push({ kind: "fixed", text: { text: "None in this period." } });
    for (const r of rows) blocks.push({ kind: "field", label: { text: wordsFor(table, r.code, kb) }, value: both(r.incoming, r.outgoing) });
  }
  heading(PART_TITLES.durations);
  blocks.push({
    kind: "fixed",
    text: { text: "Days from receipt (for a request sent: from sending): median and 90th percentile, for the period and per quarter." },
  });
  for (const d of s.durations) {
    blocks.push({
      kind: "subheading",
      text: { text: `Receipt to ${d.milestone}, requests ${d.direction === "incoming" ? "received" : "sent"}` },
    });
    const line = (cases: Figure, median: number | null, p90: number | null) =>
      `${shown(cases)} cases; median ${days(median, cases)}; 90th percentile ${days(p90, cases)}`;
    blocks.push({ kind: "field", label: { text: "Whole period" }, value: line(d.overall.cases, d.overall.median, d.overall.p90) });
    for (const q of d.quarters) blocks.push({ kind: "field", label: { text: q.quarter }, value: line(q.cases, q.median, q.p90) });
  }
  heading(`${PART_TITLES.openByAge}, on ${s.asOf}`);
  for (const b of s.openByAge)
    blocks.push({
      kind: "field",
      label: { text: b.to === null ? `${b.from} days and more` : `${b.from}–${b.to - 1} days` },
      value: both(b.incoming, b.outgoing),
    });
  heading(PART_TITLES.assets);
  if (s.assets.length === 0) blocks.push({ kind: "fixed", text: { text: "None in this period." } });
  for (const a of s.assets)
    blocks.push({
      kind: "field",
      label: { text: `${a.figure}, requests ${a.direction === "incoming" ? "received" : "sent"}${a.currency ? `, ${a.currency}` : ""}` },
      value: `${shown(a.cases)} cases${a.assets === null ? "" : `, ${a.assets} assets`}${a.amount === null ? "" : a.currency ? `, ${a.amount} ${a.currency}` : ", no estimate"}`,
    });
  blocks.push({
    kind: "fixed",
    text: {
      text: "Figures count all of the authority's cases by the day a request was received or sent. A figure below 5 that includes cases the reader may not see is printed as <5.",
    },
  });
  const period = s.from.endsWith("-01-01") && s.to === `${s.from.slice(0, 4)}-12-31` ? s.from.slice(0, 4) : `${s.from} – ${s.to}`;
  const title = `Mutual legal assistance: statistics ${period}`;
  return {
    lang: "en",
    dir: "ltr",
    letterhead: [authority],
    title: { text: title },
    meta: [
      { label: { text: "Period" }, value: `${s.from} – ${s.to}` },
      {
        label: { text: "Direction" },
        value: s.direction === null ? "received and sent" : s.direction === "incoming" ? "received" : "sent",
      },
      { label: { text: "As of" }, value: s.asOf },
    ],
    blocks,
    signature: [],
    colon: ": ",
    page: (p, of) => `Page ${p} of ${of}`,
    properties: { title, reference: `statistics-${period}`, date: s.asOf, author: authority },
    internalNotes: [],
    // A report to no one in particular: no addressee block.
    addressee: [],
  };
}

/** The annual report's PDF bytes. */
export function statisticsPdf(s: Statistics, kb: KnowledgeBase | undefined, authority: string): Promise<Buffer> {
  return renderPdf(statisticsDocument(s, kb, authority));
}
