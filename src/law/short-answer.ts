/**
 * The short answer an officer reads first (issue 14 §1): the basis, whether the requested state must
 * assist or may, the grounds on which it may refuse, the language, safe conduct, and what the data cannot
 * vouch for. A presenter over the engine's answer: it groups and words, it decides nothing. A ground that
 * several bases provide (bank secrecy excluded by UNCAC, UNTOC and the Vienna Convention) is one entry
 * with all its citations.
 */
import type { BasisAnswer, Citation, GroundAnswer, MeasureAnswer } from "./basis.js";
import type { Ground, Measure } from "./codes.js";
import type { KnowledgeBase } from "./knowledge.js";
import { type BasisWarning, type LanguageStatus, basisWarnings, citeLabel, languageStatus, listWords } from "./warnings.js";
import { type Words, citeChecks } from "./words.js";

/** One ground, once, with every citation that provides (or excludes) it. */
export interface GroundGroup<T extends Citation & { ground: Ground }> {
  ground: Ground;
  entries: T[];
}

/** Groups citations by ground, in the order the grounds first appear (the engine's order of precedence). */
export function groupByGround<T extends Citation & { ground: Ground }>(list: readonly T[]): GroundGroup<T>[] {
  const groups = new Map<Ground, T[]>();
  for (const g of list) groups.set(g.ground, [...(groups.get(g.ground) ?? []), g]);
  return [...groups].map(([ground, entries]) => ({ ground, entries }));
}

export interface ShortAnswer {
  /** The basis first by precedence, or null when nothing applies. */
  basis: {
    instrument: string;
    title: string;
    shortTitle: string;
    kind: string;
    inForceSince: string | null;
    condition?: string;
    conditionWords?: Words[];
  } | null;
  /** The other bases that apply, by short title, in order of precedence. */
  others: string[];
  /** Whether the requested state must give the measures sought, in words. */
  obligation: { kind: "obligatory" | "discretionary" | "conditional" | "mixed" | "unavailable"; sentence: string; words: Words };
  refusalGrounds: GroundGroup<GroundAnswer>[];
  excludedGrounds: GroundGroup<BasisAnswer["excludedGrounds"][number]>[];
  language: LanguageStatus;
  /** Safe conduct in one sentence, with its citation. */
  safeConduct: string;
  /** The safe-conduct sentence as a descriptor (src/law/words.ts). */
  safeConductWords: Words;
  warnings: BasisWarning[];
}

const word = (m: Measure) => m.replaceAll("_", " ");

function obligationOf(a: BasisAnswer, measureWord: (m: Measure) => string): ShortAnswer["obligation"] {
  const available = a.measures.filter((m) => m.available);
  const missing = a.measures.filter((m) => !m.available).map((m) => m.measure);
  const missingWords = missing.length > 0 ? ` Not provided by any basis: ${listWords(missing.map(measureWord))}.` : "";
  const next: Pick<Words, "next"> = missing.length > 0 ? { next: { key: "obligation.missing", params: { missing } } } : {};
  if (available.length === 0)
    return {
      kind: "unavailable",
      sentence: `No basis provides the measures sought.${missingWords}`,
      words: { key: "obligation.unavailable", params: {}, ...next },
    };
  const treaty = a.bases.some((b) => b.kind !== "reciprocity");
  if (!treaty)
    return {
      kind: "discretionary",
      sentence: `Discretionary: without a treaty the requested state may assist on reciprocity or comity, and is never obliged to.${missingWords}`,
      words: { key: "obligation.noTreaty", params: {}, ...next },
    };
  const codes = (mode: MeasureAnswer["mode"]) => available.filter((m) => (m.mode ?? "obligatory") === mode).map((m) => m.measure);
  const by = (mode: MeasureAnswer["mode"]) => codes(mode).map(measureWord);
  const must = by("obligatory");
  const may = by("discretionary");
  const onTerms = by("conditional");
  const params = { must: codes("obligatory"), may: codes("discretionary"), onTerms: codes("conditional") };
  // One key per combination ("obligation.must_may"), so each language words the whole sentence.
  const combination = (Object.keys(params) as (keyof typeof params)[]).filter((k) => params[k].length > 0);
  const parts = [
    must.length > 0 ? `the requested state must give ${listWords(must)}, unless a refusal ground applies` : "",
    may.length > 0 ? `${must.length > 0 ? "it may give" : "the requested state may give"} ${listWords(may)} at its discretion` : "",
    onTerms.length > 0 ? `${listWords(onTerms)} only on the conditions the text sets` : "",
  ].filter(Boolean);
  const kind =
    [must, may, onTerms].filter((x) => x.length > 0).length > 1
      ? "mixed"
      : must.length > 0
        ? "obligatory"
        : may.length > 0
          ? "discretionary"
          : "conditional";
  const head = { obligatory: "Obligatory", discretionary: "Discretionary", conditional: "On conditions", mixed: "Partly obligatory" }[kind];
  const sentence = `${head}: ${parts.join("; ")}.${missingWords}`;
  const used = Object.fromEntries(combination.map((k) => [k, params[k]]));
  return { kind, sentence, words: { key: `obligation.${combination.join("_")}`, params: used, ...next } };
}

/** The short answer of an engine answer; `measureWord` names a measure in the reader's words. */
export function shortAnswer(kb: KnowledgeBase, a: BasisAnswer, measureWord: (m: Measure) => string = word): ShortAnswer {
  const first = a.bases[0];
  const inst = first ? kb.instruments.get(first.instrument) : undefined;
  const sc = a.safeConduct;
  return {
    basis: first
      ? {
          instrument: first.instrument,
          title: first.title,
          shortTitle: inst?.shortTitle ?? first.title,
          kind: first.kind,
          inForceSince: first.inForceSince,
          ...(first.condition
            ? { condition: first.condition, ...(first.conditionWords ? { conditionWords: first.conditionWords } : {}) }
            : {}),
        }
      : null,
    others: a.bases.slice(1).map((b) => kb.instruments.get(b.instrument)?.shortTitle ?? b.title),
    obligation: obligationOf(a, measureWord),
    refusalGrounds: groupByGround(a.refusalGrounds),
    excludedGrounds: groupByGround(a.excludedGrounds),
    language: languageStatus(kb, a),
    safeConduct: sc
      ? `${sc.days} days after the person's presence is no longer required${sc.maxDays ? `, extendable to ${sc.maxDays}` : ""} (${citeLabel(kb, sc)}).`
      : "Not provided by any basis shown.",
    safeConductWords: sc
      ? {
          key: sc.maxDays ? "safeConduct.daysExtendable" : "safeConduct.days",
          params: { count: sc.days, ...(sc.maxDays ? { maxDays: sc.maxDays } : {}), cite: sc.cite, ...citeChecks(kb, [sc]) },
        }
      : { key: "safeConduct.none", params: {} },
    warnings: basisWarnings(kb, a),
  };
}
