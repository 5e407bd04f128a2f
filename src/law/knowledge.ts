/**
 * The knowledge base in memory: validated instruments and party lists, indexed for the engine.
 * Pure (no I/O) so the browser builds the same structure from the JSON the server sends.
 */
import { jurisdiction } from "./jurisdictions.js";
import {
  type Instrument,
  type PartiesFile,
  type Party,
  type Provision,
  type Reservation,
  instrument as instrumentSchema,
  partiesFile as partiesFileSchema,
} from "./schema.js";

export interface KnowledgeBase {
  instruments: ReadonlyMap<string, Instrument>;
  provisions: ReadonlyMap<string, Provision & { instrument: string }>;
  /** instrument id → jurisdiction code → the party record (territorial extensions indexed too). */
  parties: ReadonlyMap<string, ReadonlyMap<string, PartyEntry>>;
  partyFiles: ReadonlyMap<string, PartiesFile>;
  /** Instruments in a fixed order (by id) so answers never depend on file order. */
  instrumentList: readonly Instrument[];
}

/** A party as seen from one jurisdiction: itself, or a territory a state extended the instrument to. */
export interface PartyEntry {
  party: Party;
  /** Set when the jurisdiction is bound through another party's territorial extension. */
  via?: { state: string; inForce: string | null; validTo?: string | null; note?: string; reservations?: Reservation[] };
}

export class KnowledgeError extends Error {
  constructor(readonly problems: string[]) {
    super(`knowledge base is invalid:\n- ${problems.join("\n- ")}`);
    this.name = "KnowledgeError";
  }
}

/** Raw, unvalidated content of the knowledge files, keyed by file name for error messages. */
export interface KnowledgeFiles {
  instruments: Record<string, unknown>;
  parties: Record<string, unknown>;
}

/** Validates every file against the schema and the cross-references between files; throws all problems at once. */
export function buildKnowledgeBase(files: KnowledgeFiles): KnowledgeBase {
  const problems: string[] = [];
  const instruments = new Map<string, Instrument>();
  const provisions = new Map<string, Provision & { instrument: string }>();

  for (const [file, raw] of Object.entries(files.instruments)) {
    const parsed = instrumentSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      continue;
    }
    const inst = parsed.data;
    if (instruments.has(inst.id)) problems.push(`${file}: instrument id ${inst.id} is defined twice`);
    instruments.set(inst.id, inst);
    for (const p of inst.provisions) {
      if (!p.id.startsWith(`${inst.id}:`)) problems.push(`${file}: provision ${p.id} must start with "${inst.id}:"`);
      if (provisions.has(p.id)) problems.push(`${file}: provision id ${p.id} is defined twice`);
      provisions.set(p.id, { ...p, instrument: inst.id });
    }
  }
  for (const inst of instruments.values()) {
    if (inst.supplements && !instruments.has(inst.supplements))
      problems.push(`${inst.id}: supplements unknown instrument ${inst.supplements}`);
    if (inst.offenceScope && !provisions.has(inst.offenceScope.provision))
      problems.push(`${inst.id}: offenceScope cites unknown provision ${inst.offenceScope.provision}`);
    for (const p of inst.provisions) {
      if (p.kind === "subsidiarity")
        for (const d of p.displaces) if (!provisions.has(d)) problems.push(`${p.id}: displaces unknown provision ${d}`);
    }
  }

  const parties = new Map<string, Map<string, PartyEntry>>();
  const partyFiles = new Map<string, PartiesFile>();
  for (const [file, raw] of Object.entries(files.parties)) {
    const parsed = partiesFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      continue;
    }
    const pf = parsed.data;
    if (!instruments.has(pf.instrument)) problems.push(`${file}: parties of unknown instrument ${pf.instrument}`);
    if (partyFiles.has(pf.instrument)) problems.push(`${file}: a second parties file for ${pf.instrument}`);
    partyFiles.set(pf.instrument, pf);
    const index = new Map<string, PartyEntry>();
    const reservationIds = new Set<string>();
    for (const party of pf.parties) {
      if (!jurisdiction(party.jurisdiction)) problems.push(`${file}: unknown jurisdiction ${party.jurisdiction}`);
      if (index.has(party.jurisdiction) && !index.get(party.jurisdiction)?.via)
        problems.push(`${file}: ${party.jurisdiction} is listed twice`);
      index.set(party.jurisdiction, { party });
      for (const r of party.reservations ?? []) {
        if (reservationIds.has(r.id)) problems.push(`${file}: reservation id ${r.id} is defined twice`);
        reservationIds.add(r.id);
      }
      for (const t of party.territories ?? []) {
        if (!jurisdiction(t.jurisdiction)) problems.push(`${file}: unknown territory ${t.jurisdiction}`);
        // A jurisdiction listed as a party in its own right wins over an extension.
        if (!index.has(t.jurisdiction) || index.get(t.jurisdiction)?.via)
          index.set(t.jurisdiction, {
            party,
            via: { state: party.jurisdiction, inForce: t.inForce, validTo: t.validTo, note: t.note, reservations: t.reservations },
          });
      }
    }
    parties.set(pf.instrument, index);
  }
  // Sub-state jurisdictions are never silently covered by their state's ratification: only an explicit
  // territorial extension in the data binds them (the engine explains the absence).

  if (problems.length > 0) throw new KnowledgeError(problems);
  const instrumentList = [...instruments.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { instruments, provisions, parties, partyFiles, instrumentList };
}
