/** Builders of small knowledge bases for engine tests: real schema, made-up instruments with plain names. */
import type { Instrument, PartiesFile, Party, Provision } from "../../src/law/schema.js";

const src = { document: "test fixture" };

/** A provision with the boilerplate filled in. */
export function provision(instrument: string, ref: string, rest: Record<string, unknown> & { kind: Provision["kind"] }): Provision {
  return {
    id: `${instrument}:${ref}`,
    article: ref.replace("art-", "Art. "),
    summary: `fixture provision ${ref} of ${instrument}`,
    source: src,
    ...rest,
  } as Provision;
}

/** An instrument in force from `entryIntoForce`. */
export function instrument(id: string, kind: Instrument["kind"], provisions: Provision[], extra: Partial<Instrument> = {}): Instrument {
  return {
    id,
    title: `Fixture instrument ${id}`,
    shortTitle: id,
    kind,
    cooperation: "mla",
    binding: kind !== "model",
    concluded: "1990-01-01",
    entryIntoForce: "1990-01-01",
    source: src,
    provisions,
    ...extra,
  };
}

/** A party bound from `inForce` (null: not in force). */
export function party(jurisdiction: string, inForce: string | null, extra: Partial<Party> = {}): Party {
  return {
    jurisdiction,
    signed: inForce ?? "1990-01-01",
    consent: inForce ? { kind: "ratification", date: inForce } : null,
    inForce,
    source: src,
    ...extra,
  };
}

/** A parties file. */
export function parties(instrumentId: string, list: Party[], complete = true): PartiesFile {
  return { instrument: instrumentId, statusAsOf: "2024-01-01", complete, participantsInSource: list.length, source: src, parties: list };
}

/** The raw files object buildKnowledgeBase takes. */
export function files(instruments: Instrument[], partyFiles: PartiesFile[]) {
  return {
    instruments: Object.fromEntries(instruments.map((i) => [`instruments/${i.id}.yaml`, i])),
    parties: Object.fromEntries(partyFiles.map((p) => [`parties/${p.instrument}.yaml`, p])),
  };
}

/** The reciprocity fallback as the real knowledge base has it, reduced. */
export const reciprocity = instrument(
  "reciprocity",
  "reciprocity",
  [
    provision("reciprocity", "comity", { kind: "measures", mode: "discretionary", measures: ["testimony", "records", "other"] }),
    provision("reciprocity", "discretion", { kind: "refusal_ground", ground: "other", mode: "discretionary" }),
  ],
  { binding: false, concluded: null, entryIntoForce: null },
);
