/**
 * `rogatory knowledge import`: reads a status table, validates it, shows the difference against the
 * knowledge file and writes the file (unless it is a dry run). The only file I/O of the import.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { bilateralInstrumentId } from "../law/knowledge.js";
import {
  type BilateralEntry,
  type BilateralFile,
  type Disagreement,
  type Instrument,
  type PartiesFile,
  bilateralFile as bilateralFileSchema,
  instrument as instrumentSchema,
  partiesFile as partiesFileSchema,
} from "../law/schema.js";
import { KNOWLEDGE_DIR, readYamlDir } from "./load.js";
import { type ImportChange, mergeFlags, mergePartyTable } from "./partyImport.js";
import { TableError, readPartyTable, readReservationTable } from "./partyTable.js";
import { headerComment, toYaml } from "./yamlFile.js";

/** Bad input to the import (unknown instrument, invalid file): the CLI exits 2. */
export class ImportInputError extends Error {}

const readYaml = (path: string): unknown => parse(readFileSync(path, "utf8"), { schema: "core" });

function loadInstrument(dir: string, id: string): Instrument {
  const path = join(dir, "instruments", `${id}.yaml`);
  if (!existsSync(path)) throw new ImportInputError(`instrument: "${id}" has no file knowledge/instruments/${id}.yaml`);
  const parsed = instrumentSchema.safeParse(readYaml(path));
  if (!parsed.success) throw new ImportInputError(`knowledge/instruments/${id}.yaml is invalid: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface ImportResult {
  changes: ImportChange[];
  /** The YAML the file would have (written unless dryRun). */
  yaml: string;
  path: string;
  written: boolean;
}

/** Imports a party table (and optionally its reservation table as flags) into knowledge/parties/<id>.yaml. */
export function importPartyTable(opts: {
  instrument: string;
  csv: string;
  csvName: string;
  reservations?: { text: string; name: string; caution?: string };
  statusAsOf?: string;
  complete?: boolean;
  participantsInSource?: number | null;
  missing?: string;
  dryRun: boolean;
  dir?: string;
  progress?: (done: number, total: number) => void;
}): ImportResult {
  const dir = opts.dir ?? KNOWLEDGE_DIR;
  const inst = loadInstrument(dir, opts.instrument);
  const path = join(dir, "parties", `${opts.instrument}.yaml`);
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  let file: PartiesFile;
  if (text) {
    const parsed = partiesFileSchema.safeParse(parse(text, { schema: "core" }));
    if (!parsed.success)
      throw new ImportInputError(
        `knowledge/parties/${opts.instrument}.yaml is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    file = parsed.data;
  } else {
    file = { instrument: inst.id, statusAsOf: null, complete: false, participantsInSource: null, source: inst.source, parties: [] };
  }
  const statusAsOf = opts.statusAsOf ?? null;
  const table = readPartyTable(opts.csv, inst, { file: opts.csvName, statusAsOf: statusAsOf ?? file.statusAsOf });
  const merged = mergePartyTable(file, table, {
    statusAsOf,
    conventionInForce: inst.entryIntoForce,
    complete: opts.complete,
    participantsInSource: opts.participantsInSource === undefined ? table.rows.length + table.skipped.length : opts.participantsInSource,
    missing: opts.missing,
    progress: opts.progress,
  });
  let next = merged.file;
  const changes = [...merged.changes];
  if (opts.reservations) {
    const flags = readReservationTable(opts.reservations.text, { file: opts.reservations.name, statusAsOf: statusAsOf ?? file.statusAsOf });
    const r = mergeFlags(next, flags.rows, { caution: opts.reservations.caution });
    if (r.problems.length > 0) throw new TableError(opts.reservations.name, r.problems);
    next = r.file;
    changes.push(...r.changes);
    for (const s of flags.skipped) changes.push({ kind: "skipped", name: s.name, reason: `reservation row ${s.row}: ${s.reason}` });
  }
  const check = partiesFileSchema.safeParse(next);
  if (!check.success)
    throw new ImportInputError(
      `the merged file would be invalid: ${check.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const yaml = toYaml(next, headerComment(text));
  const written = !opts.dryRun && yaml !== text;
  if (written) writeFileSync(path, yaml);
  return { changes, yaml, path, written };
}

/** Imports a bilateral list (party-table columns; one row per partner) into knowledge/bilateral/<list>.yaml. */
export function importBilateralTable(opts: {
  list: string;
  hub: string;
  csv: string;
  csvName: string;
  statusAsOf?: string;
  dryRun: boolean;
  dir?: string;
}): ImportResult {
  const dir = opts.dir ?? KNOWLEDGE_DIR;
  const path = join(dir, "bilateral", `${opts.list}.yaml`);
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (!text)
    throw new ImportInputError(
      `list: knowledge/bilateral/${opts.list}.yaml does not exist; create it with its list, hub, source and an empty treaties list first`,
    );
  const parsed = bilateralFileSchema.safeParse(parse(text, { schema: "core" }));
  if (!parsed.success) throw new ImportInputError(`knowledge/bilateral/${opts.list}.yaml is invalid: ${parsed.error.issues[0]?.message}`);
  const file: BilateralFile = parsed.data;
  if (file.hub !== opts.hub) throw new ImportInputError(`hub: the list's hub is ${file.hub}, not ${opts.hub}`);
  const table = readPartyTable(
    opts.csv,
    { id: opts.list, concluded: null },
    { file: opts.csvName, statusAsOf: opts.statusAsOf ?? file.statusAsOf },
  );
  const changes: ImportChange[] = [];
  const existing = new Map(file.treaties.map((t) => [t.partner, t]));
  const fullFiles = fullInstrumentsOf(dir, file.hub);
  const treaties: BilateralEntry[] = [];
  for (const row of table.rows) {
    const prev = existing.get(row.code);
    const full = fullFiles.get(row.code);
    const title = row.notes?.match(/^(Treaty[^;]*)/)?.[1];
    const entry: BilateralEntry = {
      partner: row.code,
      ...(full ? { instrument: full.id } : {}),
      ...(title ? { title } : {}),
      signed: row.signed,
      inForce: row.inForce,
      // A reviewer may append to the table's note (e.g. "Bermuda is a territory"); the addition is kept.
      ...(row.notes ? { note: prev?.note?.startsWith(row.notes) ? prev.note : row.notes } : {}),
      source: row.source,
    };
    if (full) {
      // The full file is the hand-checked record: compare its dates with the list's.
      const ds: Disagreement[] = [];
      for (const [field, recorded, listed] of [
        ["signed", full.concluded, row.signed],
        ["inForce", full.entryIntoForce, row.inForce],
      ] as const) {
        if (listed === null || recorded === listed) continue;
        const before = prev?.disagreements?.find((d) => d.field === field && d.table === listed && d.recorded === recorded);
        ds.push({ field, recorded, table: listed, tableSource: row.source, ...(before?.decision ? { decision: before.decision } : {}) });
        changes.push({ kind: "disagreement", code: row.code, field, recorded, table: listed, decided: before?.decision !== undefined });
      }
      if (ds.length > 0) entry.disagreements = ds;
    }
    if (!prev)
      changes.push({
        kind: "added",
        code: row.code,
        summary: `${entry.instrument ?? bilateralInstrumentId(file.hub, row.code)}: signed ${row.signed ?? "unknown"}, in force ${row.inForce ?? "unknown"}`,
      });
    else
      for (const f of ["signed", "inForce"] as const)
        if (prev[f] !== entry[f]) changes.push({ kind: "changed", code: row.code, field: f, from: prev[f], to: entry[f] });
    treaties.push(entry);
  }
  const inTable = new Set(table.rows.map((r) => r.code));
  for (const t of file.treaties)
    if (!inTable.has(t.partner)) {
      changes.push({ kind: "absent", code: t.partner, handRecorded: true });
      treaties.push(t);
    }
  for (const s of table.skipped) changes.push({ kind: "skipped", name: s.name, reason: s.reason });
  treaties.sort((a, b) => a.partner.localeCompare(b.partner));
  const next: BilateralFile = { ...file, statusAsOf: opts.statusAsOf ?? file.statusAsOf, treaties };
  const yaml = toYaml(next, headerComment(text));
  const written = !opts.dryRun && yaml !== text;
  if (written) writeFileSync(path, yaml);
  return { changes, yaml, path, written };
}

/**
 * The full instrument files of the hub's bilateral MLA treaties, by partner (e.g. RU → us-ru-mlat-1999):
 * a parties file of two parties, one of them the hub. Read once per import, not once per row.
 */
function fullInstrumentsOf(dir: string, hub: string): Map<string, Instrument> {
  const out = new Map<string, Instrument>();
  const partiesDir = join(dir, "parties");
  if (!existsSync(partiesDir)) return out;
  for (const raw of Object.values(readYamlDir(partiesDir)) as { instrument?: string; parties?: { jurisdiction?: string }[] }[]) {
    if (!raw?.instrument || !Array.isArray(raw.parties)) continue;
    const codes = raw.parties.map((p) => String(p.jurisdiction));
    const partner = codes.find((c) => c !== hub);
    if (codes.length !== 2 || !codes.includes(hub) || !partner || out.has(partner)) continue;
    const inst = loadInstrument(dir, raw.instrument);
    if (inst.kind === "bilateral" && inst.cooperation === "mla") out.set(partner, inst);
  }
  return out;
}
