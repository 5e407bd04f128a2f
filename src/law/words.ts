/**
 * The engine's sentences as message descriptors (issue 14 §8): beside every English sentence the engine
 * writes for people, a key of the web app's `engine` namespace and the codes and data it is made of, so
 * the screen can say the same thing in the reader's language. The English fields stay the contract of
 * the CLI, the API and the request writer; a descriptor only adds to them.
 *
 * Params carry codes and data, never English fragments. How the screen words a param follows from its
 * name (PARAM_KINDS): measure codes, state codes, ISO dates, instrument ids, language codes, counts, and
 * the law's own data (citations, notes of the knowledge files), which stays as the data has it.
 */
import type { Citation } from "./basis.js";
import type { KnowledgeBase } from "./knowledge.js";

export interface Words {
  /** A key of the `engine` namespace. */
  key: string;
  params: Record<string, string | number | string[]>;
  /** A sentence that follows, worded on its own (the measures no basis provides, the official languages). */
  next?: Words;
}

/**
 * What a param is, by its name:
 * measures — measure codes; state — a state's code; date — an ISO date; instrument(s) — instrument ids,
 * named by their short title; cite — a citation as the law's data writes it; cites — several, one after
 * another ("A; B"); citeList — several, as a list ("A and B"); languages — language
 * codes; data — text of the knowledge files, shown as it is; count — a number (plurals follow it);
 * lists — the instruments whose party lists are incomplete, named as the warning names them (a protocol
 * through its convention, `withProtocols` naming those listed with their protocols), each with its status
 * date in `dates` (the same order; "" for none), which give the placeholder `statusDates`; day — an ISO
 * date the English writes as it is ("" for an open end: "…"); measureCodes — measure codes the English
 * writes as codes ("records, testimony"); stateCode — a state's code the English writes as the code ("RU");
 * instrumentId — an instrument the English names by its id; offence — an offence family the English
 * writes in words ("drug trafficking"); offenceCode(s) — offence families the English writes as codes;
 * dataList — the knowledge files' words, one after another ("arrests, enforcement of verdicts");
 * offenceFamilies — offence families, each as "… offences"; routes — conditions with their citations, as
 * the knowledge files write them, numbered where there are several.
 * `unchecked` and `unverified` list the citations whose article number was not checked, or which were not
 * verified against the text: they are not shown themselves, they label the citations they name.
 */
export type ParamKind =
  | "measures"
  | "state"
  | "date"
  | "instrument"
  | "instruments"
  | "lists"
  | "cite"
  | "cites"
  | "citeList"
  | "languages"
  | "data"
  | "count"
  | "day"
  | "measureCodes"
  | "stateCode"
  | "instrumentId"
  | "offence"
  | "offenceCode"
  | "offenceCodes"
  | "dataList"
  | "offenceFamilies"
  | "routes";

export const PARAM_KINDS: Record<string, ParamKind> = {
  must: "measures",
  may: "measures",
  onTerms: "measures",
  missing: "measures",
  from: "state",
  to: "state",
  state: "state",
  hub: "state",
  other: "state",
  date: "date",
  instrument: "instrument",
  instruments: "instruments",
  lists: "lists",
  cite: "cite",
  cites: "cites",
  yields: "citeList",
  languages: "languages",
  note: "data",
  notes: "data",
  count: "count",
  maxDays: "count",
  rank: "count",
  day: "day",
  validFrom: "day",
  validTo: "day",
  measureCodes: "measureCodes",
  code: "stateCode",
  peer: "stateCode",
  sovereign: "stateCode",
  signed: "day",
  inForce: "day",
  instrumentId: "instrumentId",
  offence: "offence",
  offenceCode: "offenceCode",
  offenceCodes: "offenceCodes",
  matters: "dataList",
  families: "offenceFamilies",
  routes: "routes",
  // The rule tree: a provision's article and summary as the knowledge files write them; the paragraphs
  // that would yield, as cited.
  article: "data",
  summary: "data",
  paragraphs: "dataList",
};

/** The params that label citations (see ParamKind). */
export const CITE_LABELS = ["unchecked", "unverified"] as const;

/** Params that are not shown themselves but say how others are (see ParamKind). */
export const AUXILIARY_PARAMS: readonly string[] = [...CITE_LABELS, "dates", "withProtocols"];

/**
 * The citations among `cites` whose label says they were not checked (the words of `citeLabel`):
 * `unchecked`, the article number was not checked; `unverified`, not verified against the text.
 */
export function citeChecks(
  kb: KnowledgeBase,
  cites: readonly Pick<Citation, "provision" | "cite">[],
): Partial<Record<(typeof CITE_LABELS)[number], string[]>> {
  const unchecked: string[] = [];
  const unverified: string[] = [];
  for (const c of cites) {
    const p = kb.provisions.get(c.provision);
    if (!p?.unverified) continue;
    const note = p.unverified;
    (/\barticle\b/i.test(note) ? unchecked : unverified).push(c.cite);
  }
  return { ...(unchecked.length > 0 ? { unchecked } : {}), ...(unverified.length > 0 ? { unverified } : {}) };
}
