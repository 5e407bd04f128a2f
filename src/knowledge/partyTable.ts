/**
 * A party status table (the columns of the shared party tables: state_iso2, state_name, signed,
 * consent_kind, consent_date, in_force, source, notes) read and validated row by row. Every error names
 * the row (the line of the file) and the column; a table with any error is not imported at all.
 */
import type { Instrument, Source } from "../law/schema.js";
import { jurisdiction } from "../law/jurisdictions.js";
import { isoDate } from "../law/schema.js";
import { parseCsv } from "./csv.js";
import { NOT_JURISDICTIONS, codeForName } from "./names.js";

export const PARTY_COLUMNS = ["state_iso2", "state_name", "signed", "consent_kind", "consent_date", "in_force", "source", "notes"] as const;
export const RESERVATION_COLUMNS = ["state_iso2", "kind", "summary", "source"] as const;

const CONSENT_KINDS = ["ratification", "accession", "acceptance", "approval", "succession"] as const;
export type TableConsentKind = (typeof CONSENT_KINDS)[number];

/** One valid row of a party table. */
export interface PartyRow {
  row: number;
  code: string;
  name: string;
  signed: string | null;
  consent: { kind: TableConsentKind; date: string | null } | null;
  inForce: string | null;
  source: Source;
  notes: string | null;
}

/** A participant of the table that has no jurisdiction code (the European Union), kept with the reason. */
export interface SkippedRow {
  row: number;
  name: string;
  reason: string;
  source: Source;
}

/** A bad cell: the row (line of the file), the column and the rule it breaks. */
export interface TableProblem {
  row: number;
  column: string;
  message: string;
}

export class TableError extends Error {
  constructor(
    readonly file: string,
    readonly problems: TableProblem[],
  ) {
    super(
      `${file}: the table has ${problems.length} problem(s):\n${problems.map((p) => `- row ${p.row}, column ${p.column}: ${p.message}`).join("\n")}`,
    );
    this.name = "TableError";
  }
}

const validDate = (s: string) => isoDate.safeParse(s).success;

/**
 * A table cell `URL (description); URL (description)` as a Source: the first URL, the descriptions as the
 * document (a "via dataset" note keeps the dataset beside the official page), and the status date if the
 * cell names one ("as at 2024-04-20", "status as of 2015-12-03"), else `asOf`.
 */
export function sourceFromCell(cell: string, asOf: string | null): Source {
  const text = cell.trim().replace(/\s+/g, " ");
  // Several sources are separated by "; " before a URL; a URL may be followed by "(what it is)".
  const parts = text.split(/;\s*(?=https?:\/\/)/).map((segment) => {
    const m = segment.trim().match(/^(https?:\/\/\S+)\s*(.*)$/);
    if (!m) return { desc: segment.trim() };
    const desc = m[2].replace(/^\((.*)\)$/, "$1").trim();
    return { url: m[1], desc: desc || undefined };
  });
  const [first, ...rest] = parts;
  // A URL the WHATWG parser rejects stays in the document text only.
  const url = first.url && URL.canParse(first.url) ? first.url : undefined;
  const head =
    first.desc && /^via /.test(first.desc) && url
      ? `status page at ${new URL(url).hostname}, ${first.desc}`
      : first.url && !url
        ? `${first.desc ?? ""} (${first.url})`.trim()
        : (first.desc ?? (url ? undefined : text));
  const pieces = [head, ...rest.map((r) => (r.url ? (r.desc ? `${r.desc} (${r.url})` : r.url) : r.desc))].filter((x): x is string =>
    Boolean(x),
  );
  let document = pieces.join("; ");
  if (document.length < 3) document = url ?? text;
  // The latest status date the cell names ("as at 2024-04-20", "status as of 2015-12-03"), else the table's.
  const stated = [...text.matchAll(/(?:as at|as of|status) (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]).sort();
  const date = stated.at(-1) ?? asOf;
  const src: Source = { document };
  if (url) src.url = url;
  if (date) src.asOf = date;
  return src;
}

function header(records: { fields: string[] }[], columns: readonly string[], file: string): void {
  const got = records[0]?.fields.map((f) => f.trim()) ?? [];
  if (got.join(",") !== columns.join(","))
    throw new TableError(file, [
      { row: 1, column: "header", message: `expected the header ${columns.join(",")}, found ${got.join(",") || "nothing"}` },
    ]);
}

/** The table's records with its header checked; a CSV that does not parse is a TableError naming its line. */
function recordsOf(text: string, columns: readonly string[], file: string): ReturnType<typeof parseCsv> {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (err) {
    throw new TableError(file, [
      { row: Number(/line (\d+)/.exec(String(err))?.[1] ?? 0), column: "-", message: String((err as Error).message) },
    ]);
  }
  header(records, columns, file);
  return records;
}

/** Reads and validates a party table for an instrument; throws TableError listing every bad cell. */
export function readPartyTable(
  text: string,
  inst: Pick<Instrument, "id" | "concluded">,
  opts: { file: string; statusAsOf: string | null },
): { rows: PartyRow[]; skipped: SkippedRow[] } {
  const records = recordsOf(text, PARTY_COLUMNS, opts.file);
  const problems: TableProblem[] = [];
  const rows: PartyRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const row = rec.line;
    const bad = (column: string, message: string) => problems.push({ row, column, message });
    if (rec.fields.length !== PARTY_COLUMNS.length) {
      bad("-", `has ${rec.fields.length} fields, the header has ${PARTY_COLUMNS.length}`);
      continue;
    }
    const [code, name, signed, kind, consentDate, inForce, sourceCell, notes] = rec.fields.map((f) => f.trim());
    const before = problems.length;
    if (!sourceCell) bad("source", "every row needs a source");
    if (!name) bad("state_name", "is empty");
    const reason = NOT_JURISDICTIONS[code];
    if (reason) {
      skipped.push({ row, name, reason, source: sourceFromCell(sourceCell, opts.statusAsOf) });
      continue;
    }
    const byName = codeForName(name);
    if (!/^[A-Z]{2}$/.test(code) || !jurisdiction(code)) bad("state_iso2", `"${code}" is not a known ISO 3166-1 alpha-2 code`);
    else if (byName === undefined) bad("state_name", `"${name}" is not a state name the jurisdictions package or the alias table knows`);
    else if (byName !== code) bad("state_name", `"${name}" is ${byName}, but state_iso2 says ${code}`);
    const prev = seen.get(code);
    if (prev !== undefined) bad("state_iso2", `${code} is already on row ${prev}`);
    else seen.set(code, row);
    for (const [column, value] of [
      ["signed", signed],
      ["consent_date", consentDate],
      ["in_force", inForce],
    ] as const)
      if (value && !validDate(value)) bad(column, `"${value}" is not a calendar date written YYYY-MM-DD`);
    if (kind && !(CONSENT_KINDS as readonly string[]).includes(kind))
      bad("consent_kind", `"${kind}" is not one of ${CONSENT_KINDS.join(", ")}`);
    if (consentDate && !kind) bad("consent_kind", "is empty although consent_date is given");
    if (problems.length > before) continue;
    if (signed && inst.concluded && signed < inst.concluded)
      bad("signed", `${signed} is before the instrument was concluded (${inst.concluded})`);
    if (signed && consentDate && consentDate < signed) bad("consent_date", `${consentDate} is before the signature (${signed})`);
    if (consentDate && inst.concluded && consentDate < inst.concluded)
      bad("consent_date", `${consentDate} is before the instrument was concluded (${inst.concluded})`);
    if (inForce && consentDate && inForce < consentDate) bad("in_force", `${inForce} is before the consent (${consentDate})`);
    if (inForce && inst.concluded && inForce < inst.concluded)
      bad("in_force", `${inForce} is before the instrument was concluded (${inst.concluded})`);
    if (problems.length > before) continue;
    rows.push({
      row,
      code,
      name,
      signed: signed || null,
      consent: kind ? { kind: kind as TableConsentKind, date: consentDate || null } : null,
      inForce: inForce || null,
      source: sourceFromCell(sourceCell, opts.statusAsOf),
      notes: notes || null,
    });
  }
  if (problems.length > 0) throw new TableError(opts.file, problems);
  return { rows, skipped };
}

/** One row of a reservation table: what the table says a party made, as a flag. */
export interface FlagRow {
  row: number;
  code: string;
  kind: "reservation" | "declaration" | "authorities" | "territorial_application" | "objection" | "information" | "unspecified";
  article?: string;
  summary: string;
  source: Source;
}

const FLAG_KINDS: Record<string, FlagRow["kind"]> = {
  reservation: "reservation",
  declaration: "declaration",
  authorities: "authorities",
  "territorial application": "territorial_application",
  objection: "objection",
  information: "information",
  unspecified: "unspecified",
};

/** The articles a summary cites first ("Art. 16(2)", "Art. 2 via Art. 23(1)" gives "Art. 2"), if any. */
export function articleOf(summary: string): string | undefined {
  const all = [...summary.matchAll(/Arts?\.? ?(\d+(?:\(\d+\))?(?:\([a-z]\))?)/g)].map((m) => `Art. ${m[1]}`);
  // "Art. 5, Art. 5(1)(a)" is one article: keep the first mention of each.
  const unique = [...new Set(all)].filter((a, i, list) => !list.slice(0, i).some((b) => a.startsWith(`${b}(`)));
  return unique.length === 0 ? undefined : unique.join(", ");
}

/** Reads and validates a reservation table (state_iso2, kind, summary, source). */
export function readReservationTable(
  text: string,
  opts: { file: string; statusAsOf: string | null },
): { rows: FlagRow[]; skipped: SkippedRow[] } {
  const records = recordsOf(text, RESERVATION_COLUMNS, opts.file);
  const problems: TableProblem[] = [];
  const rows: FlagRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const row = rec.line;
    const bad = (column: string, message: string) => problems.push({ row, column, message });
    if (rec.fields.length !== RESERVATION_COLUMNS.length) {
      bad("-", `has ${rec.fields.length} fields, the header has ${RESERVATION_COLUMNS.length}`);
      continue;
    }
    const [code, kind, summary, sourceCell] = rec.fields.map((f) => f.trim());
    const before = problems.length;
    if (NOT_JURISDICTIONS[code]) {
      skipped.push({ row, name: code, reason: NOT_JURISDICTIONS[code], source: sourceFromCell(sourceCell, opts.statusAsOf) });
      continue;
    }
    if (!/^[A-Z]{2}$/.test(code) || !jurisdiction(code)) bad("state_iso2", `"${code}" is not a known ISO 3166-1 alpha-2 code`);
    const k = FLAG_KINDS[kind];
    if (!k) bad("kind", `"${kind}" is not one of ${Object.keys(FLAG_KINDS).join(", ")}`);
    if (summary.length < 5) bad("summary", "is empty or too short");
    if (!sourceCell) bad("source", "every row needs a source");
    const key = `${code}|${kind}|${summary}`;
    if (seen.has(key)) bad("summary", `repeats row ${seen.get(key)}`);
    else seen.set(key, row);
    if (problems.length > before || !k) continue;
    const article = articleOf(summary);
    rows.push({ row, code, kind: k, ...(article ? { article } : {}), summary, source: sourceFromCell(sourceCell, opts.statusAsOf) });
  }
  if (problems.length > 0) throw new TableError(opts.file, problems);
  return { rows, skipped };
}
