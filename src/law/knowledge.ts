/**
 * The knowledge base in memory: validated instruments and party lists, indexed for the engine.
 * Pure (no I/O) so the browser builds the same structure from the JSON the server sends.
 */
import { jurisdiction } from "./jurisdictions.js";
import {
  type BilateralEntry,
  type BilateralFile,
  type Instrument,
  type PartiesFile,
  type Party,
  type Provision,
  type Reservation,
  bilateralFile as bilateralFileSchema,
  instrument as instrumentSchema,
  partiesFile as partiesFileSchema,
} from "./schema.js";

export interface KnowledgeBase {
  instruments: ReadonlyMap<string, Instrument>;
  provisions: ReadonlyMap<string, Provision & { instrument: string }>;
  /** instrument id → jurisdiction code → the party record (territorial extensions indexed too). */
  parties: ReadonlyMap<string, ReadonlyMap<string, PartyEntry>>;
  partyFiles: ReadonlyMap<string, PartiesFile>;
  /** Recorded lists of bilateral treaties (knowledge/bilateral/*.yaml), by list id. */
  bilateralLists: ReadonlyMap<string, BilateralFile>;
  /** Ids of the instruments expanded from a bilateral list (no file of their own), shown per list. */
  expandedBilateral: ReadonlySet<string>;
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
  /** knowledge/bilateral/*.yaml; optional so callers that hold no bilateral lists need not pass one. */
  bilateral?: Record<string, unknown>;
  /** knowledge/translations/<language>.yaml: the texts in other languages (src/law/translations.ts); not sent with the rest. */
  translations?: Record<string, unknown>;
}

/** The stable id of a recorded bilateral treaty without its own file: hub, partner, "mla" ("us-gb-mla"). */
export function bilateralInstrumentId(hub: string, partner: string): string {
  return `${hub}-${partner}-mla`.toLowerCase();
}

/**
 * A recorded bilateral treaty as an instrument with no transcribed provisions, and its two parties.
 * Contract with the engine: kind "bilateral"; when the source gives no date, `entryIntoForce` is null and
 * both parties have `inForce: null`, `consent: null` and `signed: null` (never "signed only"), so the
 * engine reports a treaty recorded with an unknown entry into force.
 */
export function expandBilateral(list: BilateralFile, entry: BilateralEntry): { instrument: Instrument; parties: PartiesFile } {
  const id = bilateralInstrumentId(list.hub, entry.partner);
  const hubName = jurisdiction(list.hub)?.name ?? list.hub;
  const partnerName = jurisdiction(entry.partner)?.name ?? entry.partner;
  const listName = list.source.document ?? list.source.url ?? list.list;
  const note = `Recorded from ${listName}; its provisions are not transcribed.${entry.note ? ` ${entry.note}` : ""}`;
  const instrument: Instrument = {
    id,
    title: entry.title ?? `Mutual legal assistance treaty between ${hubName} and ${partnerName}`,
    shortTitle: `${hubName}–${partnerName} MLA treaty`,
    kind: "bilateral",
    cooperation: "mla",
    binding: true,
    concluded: entry.signed,
    entryIntoForce: entry.inForce,
    note,
    source: entry.source,
    provisions: [],
  };
  // The signature stays on the instrument (`concluded`): a party "signed" with no consent would read as
  // signed-but-not-bound, which the source does not say.
  const side = (code: string): Party => ({
    jurisdiction: code,
    signed: entry.inForce === null ? null : entry.signed,
    consent: null,
    inForce: entry.inForce,
    source: entry.source,
  });
  const parties: PartiesFile = {
    instrument: id,
    statusAsOf: list.statusAsOf,
    complete: true,
    participantsInSource: 2,
    source: entry.source,
    parties: [side(list.hub), side(entry.partner)],
  };
  return { instrument, parties };
}

/** The bilateral list files that mention only the given expanded instrument id (for knowledgeOfInstrument). */
export function bilateralFilesFor(files: KnowledgeFiles, instrumentId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [file, raw] of Object.entries(files.bilateral ?? {})) {
    const parsed = bilateralFileSchema.safeParse(raw);
    if (!parsed.success) continue;
    const treaties = parsed.data.treaties.filter(
      (t) => !t.instrument && bilateralInstrumentId(parsed.data.hub, t.partner) === instrumentId,
    );
    if (treaties.length > 0) out[file] = { ...parsed.data, treaties };
  }
  return out;
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

  const bilateralLists = new Map<string, BilateralFile>();
  const expandedBilateral = new Set<string>();
  const partyFileList: [string, PartiesFile][] = [];
  for (const [file, raw] of Object.entries(files.parties)) {
    const parsed = partiesFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      continue;
    }
    partyFileList.push([file, parsed.data]);
  }
  for (const [file, raw] of Object.entries(files.bilateral ?? {})) {
    const parsed = bilateralFileSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${issue.path.join(".")}: ${issue.message}`);
      continue;
    }
    const list = parsed.data;
    if (bilateralLists.has(list.list)) problems.push(`${file}: bilateral list ${list.list} is defined twice`);
    bilateralLists.set(list.list, list);
    if (!jurisdiction(list.hub)) problems.push(`${file}: unknown hub jurisdiction ${list.hub}`);
    const partners = new Set<string>();
    for (const entry of list.treaties) {
      if (!jurisdiction(entry.partner)) problems.push(`${file}: unknown partner jurisdiction ${entry.partner}`);
      if (partners.has(entry.partner)) problems.push(`${file}: ${entry.partner} is listed twice`);
      partners.add(entry.partner);
      if (entry.instrument) {
        // The entry points at a full file: nothing to expand; the file must exist and be bilateral.
        const target = instruments.get(entry.instrument);
        if (!target) problems.push(`${file}: ${entry.partner} points at unknown instrument ${entry.instrument}`);
        else if (target.kind !== "bilateral") problems.push(`${file}: ${entry.instrument} is not a bilateral instrument`);
        continue;
      }
      const expanded = expandBilateral(list, entry);
      if (instruments.has(expanded.instrument.id)) {
        problems.push(`${file}: ${entry.partner}: instrument id ${expanded.instrument.id} already exists`);
        continue;
      }
      instruments.set(expanded.instrument.id, expanded.instrument);
      expandedBilateral.add(expanded.instrument.id);
      partyFileList.push([`${file} (${entry.partner})`, expanded.parties]);
    }
  }

  const parties = new Map<string, Map<string, PartyEntry>>();
  const partyFiles = new Map<string, PartiesFile>();
  for (const [file, pf] of partyFileList) {
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
  return { instruments, provisions, parties, partyFiles, bilateralLists, expandedBilateral, instrumentList };
}
