/**
 * The statistics as a table for export (CSV and an XLSX workbook, one sheet per part): each figure one
 * row with the words for its code (English: the exports are the authority's working files; the page
 * shows the user's language), a suppressed figure as "<5" (or "hidden" where it is withheld so that a
 * "<5" cannot be worked out from a total), and the case list filter that lists it.
 */
import ExcelJS from "exceljs";
import { ICCS_SECTIONS } from "../law/iccs.js";
import { jurisdiction } from "../law/jurisdictions.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import { MEASURE_WORDS } from "../law/measure-words.js";
import type { Measure } from "../law/codes.js";
import type { Figure, Statistics, TableName } from "./figures.js";

export const PART_TITLES: Record<TableName | "totals" | "transfers" | "durations" | "openByAge" | "assets", string> = {
  totals: "Requests received and sent",
  transfers: "Transfers of sentenced persons (counted apart)",
  partner: "By partner state",
  measure: "By measure",
  iccs: "By ICCS offence section",
  basis: "By legal basis",
  refusalGround: "Refusals by ground",
  refusalProvision: "Refusals by provision",
  postponementGround: "Postponements by ground",
  postponementProvision: "Postponements by provision",
  durations: "Durations in days",
  openByAge: "Open cases by age (days)",
  assets: "Assets",
};

export type Part = keyof typeof PART_TITLES;

/** One exported row. */
export interface ExportRow {
  part: Part;
  item: string;
  code: string;
  direction: string;
  period: string;
  cases: string;
  median: string;
  p90: string;
  currency: string;
  amount: string;
}

export const EXPORT_COLUMNS: (keyof ExportRow)[] = [
  "part",
  "item",
  "code",
  "direction",
  "period",
  "cases",
  "median",
  "p90",
  "currency",
  "amount",
];

const groundWords = (code: string) => code.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The English words for a code of a table. */
export function wordsFor(table: TableName, code: string, kb?: KnowledgeBase): string {
  switch (table) {
    case "partner":
      return jurisdiction(code)?.name ?? code;
    case "measure":
      return MEASURE_WORDS.en[code as Measure] ?? code;
    case "iccs":
      return ICCS_SECTIONS[code as keyof typeof ICCS_SECTIONS] ?? code;
    case "basis":
      return code === "none" ? "No basis recorded" : (kb?.instruments.get(code)?.title ?? code);
    case "refusalGround":
    case "postponementGround":
      return groundWords(code);
    case "refusalProvision":
    case "postponementProvision":
      return code;
  }
}

/** A figure in an export: its value, "<5" when small and not the reader's to see whole, "hidden" when withheld for the complement. */
export const figureText = (f: Figure) => (f.suppression === "small" ? "<5" : f.suppression === "complement" ? "hidden" : String(f.value));
const shown = (f: Figure | null) => (f === null ? "" : figureText(f));
const num = (n: number | null) => (n === null ? "" : String(Math.round(n * 10) / 10));

/** The statistics as rows, in the order of the page. */
export function exportRows(s: Statistics, kb?: KnowledgeBase): ExportRow[] {
  const period = `${s.from}/${s.to}`;
  const rows: ExportRow[] = [];
  const row = (r: Partial<ExportRow> & Pick<ExportRow, "part" | "item">) =>
    rows.push({ code: "", direction: "", period, cases: "", median: "", p90: "", currency: "", amount: "", ...r });
  for (const d of ["incoming", "outgoing"] as const) {
    if (s.totals[d])
      row({ part: "totals", item: d === "incoming" ? "Requests received" : "Requests sent", direction: d, cases: shown(s.totals[d]) });
  }
  for (const d of ["incoming", "outgoing"] as const)
    if (s.transfers[d]) row({ part: "transfers", item: "Transfer cases", direction: d, cases: shown(s.transfers[d]) });
  for (const [table, list] of Object.entries(s.tables) as [TableName, Statistics["tables"][TableName]][])
    for (const r of list)
      for (const d of ["incoming", "outgoing"] as const)
        if (r[d]) row({ part: table, item: wordsFor(table, r.code, kb), code: r.code, direction: d, cases: shown(r[d]) });
  for (const d of s.durations) {
    const item = `Receipt to ${d.milestone}`;
    row({
      part: "durations",
      item,
      code: d.milestone,
      direction: d.direction,
      cases: shown(d.overall.cases),
      median: num(d.overall.median),
      p90: num(d.overall.p90),
    });
    for (const q of d.quarters)
      row({
        part: "durations",
        item,
        code: d.milestone,
        direction: d.direction,
        period: q.quarter,
        cases: shown(q.cases),
        median: num(q.median),
        p90: num(q.p90),
      });
  }
  for (const b of s.openByAge)
    for (const d of ["incoming", "outgoing"] as const)
      if (b[d])
        row({ part: "openByAge", item: b.to === null ? `${b.from} and more` : `${b.from}–${b.to - 1}`, direction: d, cases: shown(b[d]) });
  for (const a of s.assets)
    row({
      part: "assets",
      item: a.figure,
      code: a.figure,
      direction: a.direction,
      cases: shown(a.cases),
      currency: a.currency || "(no estimate)",
      amount: a.amount ?? (a.cases.suppressed ? "<5" : ""),
    });
  return rows;
}

const csvCell = (v: string) => {
  // Neutralise spreadsheet formulas as well as quoting ("<5" is safe: it starts with "<").
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The statistics as CSV (UTF-8 with a byte order mark, so spreadsheets read Cyrillic, Arabic and Chinese names). */
export function statisticsCsv(s: Statistics, kb?: KnowledgeBase): string {
  const lines = [EXPORT_COLUMNS.join(","), ...exportRows(s, kb).map((r) => EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(","))];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The statistics as an XLSX workbook: one sheet per part, counts as numbers, "<5" as text. */
export async function statisticsXlsx(s: Statistics, kb?: KnowledgeBase): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = "Rogatory";
  book.created = new Date(`${s.asOf}T00:00:00Z`);
  const rows = exportRows(s, kb);
  const parts = [...new Set(rows.map((r) => r.part))];
  for (const part of parts) {
    // Sheet names: at most 31 characters, none of []:*?/\
    const sheet = book.addWorksheet(PART_TITLES[part].replace(/[[\]:*?/\\]/g, " ").slice(0, 31));
    sheet.columns = EXPORT_COLUMNS.filter((c) => c !== "part").map((c) => ({ header: c, key: c, width: c === "item" ? 48 : 14 }));
    for (const r of rows.filter((x) => x.part === part)) {
      const cell = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : v);
      sheet.addRow({ ...r, cases: cell(r.cases), median: cell(r.median), p90: cell(r.p90), amount: r.amount });
    }
    sheet.getRow(1).font = { bold: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
