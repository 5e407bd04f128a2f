/**
 * Merging a validated status table into a parties file: parties added, dates changed, rows absent, and
 * disagreements with hand-recorded facts, which are kept beside the table's values, never overwritten.
 * Pure: the CLI reads and writes the files.
 */
import { addDays } from "../law/dates.js";
import {
  type Disagreement,
  type EntryIntoForceRule,
  PARTY_FIELDS,
  type PartiesFile,
  type Party,
  type PartyField,
  type PartyFlag,
  type Source,
} from "../law/schema.js";
import type { FlagRow, PartyRow, SkippedRow } from "./partyTable.js";

/** One line of the difference an import makes, for the maintainer to review. */
export type ImportChange =
  | { kind: "added"; code: string; summary: string }
  | { kind: "changed"; code: string; field: string; from: string | null; to: string | null }
  | { kind: "filled"; code: string; field: PartyField; to: string }
  | { kind: "disagreement"; code: string; field: PartyField; recorded: string | null; table: string | null; decided: boolean }
  | { kind: "absent"; code: string; handRecorded: boolean }
  | { kind: "skipped"; name: string; reason: string }
  | { kind: "flag-added"; code: string; summary: string }
  | { kind: "flag-absent"; code: string; summary: string }
  | { kind: "file"; field: string; from: string; to: string };

/**
 * Entry into force for a party that deposited on `deposit`, by the convention's rule (e.g. UNTOC art. 38(2)):
 * the rule's day after deposit, or the convention's own entry into force if that is later.
 */
export function computeInForce(
  rule: EntryIntoForceRule,
  conventionInForce: string | null,
  deposit: string,
): { date: string; computed: NonNullable<Party["inForceComputed"]> } {
  const after = addDays(deposit, rule.daysAfterDeposit);
  if (conventionInForce && conventionInForce > after)
    return { date: conventionInForce, computed: { rule: rule.article, basis: "convention_entry_into_force", from: conventionInForce } };
  return { date: after, computed: { rule: rule.article, basis: "deposit_plus_days", from: deposit } };
}

/** The value of one of a party's dated fields ("consent.date" → the consent's date). */
export const fieldValue = (p: Pick<Party, "signed" | "consent" | "inForce">, f: PartyField): string | null =>
  f === "signed"
    ? p.signed
    : f === "consent.kind"
      ? (p.consent?.kind ?? null)
      : f === "consent.date"
        ? (p.consent?.date ?? null)
        : p.inForce;

/** Key order of a party in the YAML, so a file written twice is byte-identical. */
export function orderParty(p: Party): Party {
  const out: Record<string, unknown> = {};
  const keys: (keyof Party)[] = [
    "jurisdiction",
    "signed",
    "consent",
    "inForce",
    "inForceComputed",
    "withdrawn",
    "unverified",
    "origin",
    "note",
    "source",
    "fieldSources",
    "territories",
    "reservations",
    "flags",
    "disagreements",
  ];
  for (const k of keys) if (p[k] !== undefined) out[k] = p[k];
  return out as Party;
}

/** Key order of a parties file. */
export function orderFile(f: PartiesFile): PartiesFile {
  const out: Record<string, unknown> = {};
  const keys: (keyof PartiesFile)[] = [
    "instrument",
    "statusAsOf",
    "complete",
    "participantsInSource",
    "missing",
    "entryIntoForceRule",
    "skipped",
    "source",
    "parties",
  ];
  for (const k of keys) if (f[k] !== undefined) out[k] = f[k];
  return out as PartiesFile;
}

export interface MergeOptions {
  statusAsOf: string | null;
  /** The instrument's general entry into force (knowledge/instruments/<id>.yaml `entryIntoForce`). */
  conventionInForce: string | null;
  /** Declare the table complete (absent states are then not parties as of statusAsOf). Default: unchanged. */
  complete?: boolean;
  participantsInSource?: number | null;
  missing?: string;
  progress?: (done: number, total: number) => void;
}

/** The party a table row states, with its in-force date stated or computed by the file's rule. */
function partyFromRow(row: PartyRow, rule: EntryIntoForceRule | undefined, conventionInForce: string | null): Party {
  let inForce = row.inForce;
  let inForceComputed: Party["inForceComputed"];
  if (inForce === null && row.consent?.date && rule) {
    const c = computeInForce(rule, conventionInForce, row.consent.date);
    inForce = c.date;
    inForceComputed = c.computed;
  }
  return {
    jurisdiction: row.code,
    signed: row.signed,
    consent: row.consent,
    inForce,
    ...(inForceComputed ? { inForceComputed } : {}),
    origin: "imported",
    ...(row.notes ? { note: row.notes } : {}),
    source: row.source,
  };
}

/** Merges table rows into a parties file; returns the new file and the difference. */
export function mergePartyTable(
  file: PartiesFile,
  table: { rows: PartyRow[]; skipped: SkippedRow[] },
  opts: MergeOptions,
): { file: PartiesFile; changes: ImportChange[] } {
  const changes: ImportChange[] = [];
  const rule = file.entryIntoForceRule;
  const byCode = new Map(file.parties.map((p) => [p.jurisdiction, p]));
  const inTable = new Set<string>();
  let done = 0;
  for (const row of table.rows) {
    inTable.add(row.code);
    const fromTable = partyFromRow(row, rule, opts.conventionInForce);
    const existing = byCode.get(row.code);
    if (!existing) {
      byCode.set(row.code, fromTable);
      changes.push({ kind: "added", code: row.code, summary: describe(fromTable) });
    } else if (existing.origin === "imported") {
      // Refreshed from the table; what a reviewer added (reservations, flags, territories, decisions) stays.
      const next: Party = {
        ...fromTable,
        ...(existing.withdrawn ? { withdrawn: existing.withdrawn } : {}),
        ...(existing.unverified ? { unverified: existing.unverified } : {}),
        ...(existing.territories ? { territories: existing.territories } : {}),
        ...(existing.reservations ? { reservations: existing.reservations } : {}),
        ...(existing.flags ? { flags: existing.flags } : {}),
      };
      for (const f of PARTY_FIELDS) {
        const a = fieldValue(existing, f);
        const b = fieldValue(next, f);
        if (a !== b) changes.push({ kind: "changed", code: row.code, field: f, from: a, to: b });
      }
      if (existing.note !== next.note)
        changes.push({ kind: "changed", code: row.code, field: "note", from: existing.note ?? null, to: next.note ?? null });
      if (JSON.stringify(existing.source) !== JSON.stringify(next.source))
        changes.push({
          kind: "changed",
          code: row.code,
          field: "source",
          from: existing.source.url ?? existing.source.document ?? null,
          to: next.source.url ?? next.source.document ?? null,
        });
      byCode.set(row.code, next);
    } else {
      byCode.set(row.code, mergeIntoRecorded(existing, fromTable, row.source, changes));
    }
    done++;
    opts.progress?.(done, table.rows.length);
  }
  for (const p of file.parties)
    if (!inTable.has(p.jurisdiction)) changes.push({ kind: "absent", code: p.jurisdiction, handRecorded: p.origin !== "imported" });
  for (const s of table.skipped) changes.push({ kind: "skipped", name: s.name, reason: s.reason });

  const skipped = table.skipped.map((s) => ({ name: s.name, reason: s.reason, source: s.source }));
  const next: PartiesFile = {
    ...file,
    statusAsOf: opts.statusAsOf ?? file.statusAsOf,
    complete: opts.complete ?? file.complete,
    participantsInSource: opts.participantsInSource === undefined ? file.participantsInSource : opts.participantsInSource,
    ...(opts.missing ? { missing: opts.missing } : {}),
    ...(skipped.length > 0 ? { skipped } : {}),
    parties: [...byCode.values()].sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction)).map(orderParty),
  };
  if (skipped.length === 0) next.skipped = undefined;
  for (const k of ["statusAsOf", "complete", "participantsInSource"] as const)
    if (file[k] !== next[k]) changes.push({ kind: "file", field: k, from: String(file[k]), to: String(next[k]) });
  return { file: orderFile(next), changes };
}

/**
 * A hand-recorded party meets a table row: a field the record lacks is filled (its source kept in
 * `fieldSources`); a field both state and that differs becomes a disagreement (a decision is kept while
 * the table still says the same); a field on which they now agree loses its disagreement.
 */
function mergeIntoRecorded(existing: Party, fromTable: Party, rowSource: Source, changes: ImportChange[]): Party {
  const p: Party = structuredClone(existing);
  const fieldSources = { ...(p.fieldSources ?? {}) };
  const disagreements: Disagreement[] = [...(p.disagreements ?? [])];
  const tableSourceFor = (f: PartyField): Source =>
    f === "inForce" && fromTable.inForceComputed
      ? {
          ...rowSource,
          document: `${rowSource.document ?? rowSource.url}; in force computed under ${fromTable.inForceComputed.rule} from ${fromTable.inForceComputed.from}`,
        }
      : rowSource;
  for (const f of PARTY_FIELDS) {
    const recorded = fieldValue(p, f);
    const table = fieldValue(fromTable, f);
    const at = disagreements.findIndex((d) => d.field === f);
    if (table === null) continue;
    if (recorded === null) {
      setField(p, f, table, fromTable);
      fieldSources[f] = tableSourceFor(f);
      changes.push({ kind: "filled", code: p.jurisdiction, field: f, to: table });
      continue;
    }
    if (recorded === table) {
      // A decision for the table's value has been applied: keep it visible. Otherwise they now agree.
      const kept = at >= 0 && disagreements[at].decision?.stands === "table" && disagreements[at].table === table;
      if (at >= 0 && !kept) disagreements.splice(at, 1);
      continue;
    }
    const previous = at >= 0 ? disagreements[at] : undefined;
    const d: Disagreement = {
      field: f,
      recorded,
      table,
      tableSource: tableSourceFor(f),
      ...(previous?.decision && previous.table === table && previous.recorded === recorded ? { decision: previous.decision } : {}),
    };
    if (at >= 0) disagreements[at] = d;
    else disagreements.push(d);
    // A reviewer decided the table's value stands: the party carries it (the recorded one stays in the entry).
    if (d.decision?.stands === "table") setField(p, f, table, fromTable);
    changes.push({ kind: "disagreement", code: p.jurisdiction, field: f, recorded, table, decided: d.decision !== undefined });
  }
  p.fieldSources = Object.keys(fieldSources).length > 0 ? fieldSources : undefined;
  p.disagreements = disagreements.length > 0 ? disagreements : undefined;
  return orderParty(p);
}

/** Sets one field of a hand-recorded party to the table's value. */
function setField(p: Party, f: PartyField, value: string, fromTable: Party): void {
  if (f === "signed") p.signed = value;
  else if (f === "inForce") {
    p.inForce = value;
    if (fromTable.inForceComputed) p.inForceComputed = fromTable.inForceComputed;
  } else if (f === "consent.kind" && fromTable.consent) p.consent = { kind: fromTable.consent.kind, date: p.consent?.date ?? null };
  else if (f === "consent.date" && p.consent) p.consent = { ...p.consent, date: value };
}

function describe(p: Party): string {
  const parts = [
    p.signed ? `signed ${p.signed}` : null,
    p.consent ? `${p.consent.kind} ${p.consent.date ?? "(date unknown)"}` : "no consent",
    p.inForce ? `in force ${p.inForce}${p.inForceComputed ? ` (computed, ${p.inForceComputed.rule})` : ""}` : null,
  ];
  return parts.filter(Boolean).join(", ");
}

/** Merges a reservation table's rows as flags on the parties; a flag a reviewer typed keeps its link. */
export function mergeFlags(
  file: PartiesFile,
  rows: FlagRow[],
  opts: { caution?: string },
): { file: PartiesFile; changes: ImportChange[]; problems: { row: number; column: string; message: string }[] } {
  const changes: ImportChange[] = [];
  const problems: { row: number; column: string; message: string }[] = [];
  const parties = file.parties.map((p) => ({ ...p, flags: p.flags ? [...p.flags] : undefined }));
  const byCode = new Map(parties.map((p) => [p.jurisdiction, p]));
  const seen = new Set<string>();
  for (const row of rows) {
    const p = byCode.get(row.code);
    if (!p) {
      problems.push({ row: row.row, column: "state_iso2", message: `${row.code} has no party record for ${file.instrument}` });
      continue;
    }
    const key = `${row.code}|${row.kind}|${row.summary}`;
    seen.add(key);
    const flags = p.flags ?? [];
    const at = flags.findIndex((f) => f.kind === row.kind && f.summary === row.summary);
    const caution = opts.caution ?? (at >= 0 ? flags[at].caution : undefined);
    const flag: PartyFlag = {
      kind: row.kind,
      ...(row.article ? { article: row.article } : {}),
      summary: row.summary,
      ...(caution ? { caution } : {}),
      ...(at >= 0 && flags[at].typedAs ? { typedAs: flags[at].typedAs } : {}),
      source: row.source,
    };
    if (at >= 0) flags[at] = flag;
    else {
      flags.push(flag);
      changes.push({ kind: "flag-added", code: row.code, summary: `${row.kind}: ${row.summary}` });
    }
    p.flags = flags;
  }
  for (const p of parties)
    for (const f of p.flags ?? [])
      if (!seen.has(`${p.jurisdiction}|${f.kind}|${f.summary}`))
        changes.push({ kind: "flag-absent", code: p.jurisdiction, summary: f.summary });
  return { file: orderFile({ ...file, parties: parties.map(orderParty) }), changes, problems };
}

/** The difference as lines for the terminal. */
export function formatChanges(changes: ImportChange[]): string {
  if (changes.length === 0) return "No change: the knowledge file already says what the table says.";
  const line = (c: ImportChange): string => {
    switch (c.kind) {
      case "added":
        return `+ ${c.code}: ${c.summary}`;
      case "changed":
        return `~ ${c.code} ${c.field}: ${c.from ?? "(none)"} → ${c.to ?? "(none)"}`;
      case "filled":
        return `~ ${c.code} ${c.field}: (none) → ${c.to} (filled from the table; the record had no value)`;
      case "disagreement":
        return `! ${c.code} ${c.field}: recorded ${c.recorded ?? "(none)"}, table ${c.table ?? "(none)"}${c.decided ? " (decided)" : " — needs review"}`;
      case "absent":
        return `- ${c.code}: not in the table (kept${c.handRecorded ? "; recorded by hand" : ""})`;
      case "skipped":
        return `× ${c.name}: skipped — ${c.reason}`;
      case "flag-added":
        return `+ ${c.code} flag ${c.summary}`;
      case "flag-absent":
        return `- ${c.code} flag not in the table (kept): ${c.summary}`;
      case "file":
        return `~ ${c.field}: ${c.from} → ${c.to}`;
    }
  };
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return [...changes.map(line), "", `Summary: ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`].join("\n");
}
