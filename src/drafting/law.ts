/**
 * The law a draft relies on: the legal basis for its states, date and measures, and — for the basis it
 * is made under and each basis it also relies on in the alternative — that instrument's own rules on
 * the contents of requests, grounds for refusal and languages. Pure: the browser computes it from the
 * knowledge files as the user types, the server before approval, with the same code.
 */
import { knowledgeOfInstrument } from "../law/alone.js";
import { type BasisAnswer, parseBasisQuery, resolveBasis } from "../law/basis.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import { type BasisWarning, basisWarnings } from "../law/warnings.js";
import { type DraftContent, draftMeasures } from "./draft.js";

/** One instrument the request relies on, answered over that instrument alone. */
export interface ReliedBasis {
  instrument: string;
  title: string;
  /** Whether it is the basis the request is made under (else relied on in the alternative). */
  main: boolean;
  answer: BasisAnswer;
}

export interface DraftLaw {
  /** The full answer over all instruments: which bases apply, in order of precedence. */
  answer: BasisAnswer;
  relied: ReliedBasis[];
  /** Why the law could not be determined yet (missing states, date or measures; an inapplicable choice). */
  problems: { field: string; message: string }[];
  /**
   * What the knowledge base cannot vouch for in this law (incomplete party lists, unverified provisions of
   * the bases relied on, a language rule not recorded): shown at the top of the basis step and in the
   * document's internal notes, never in the text sent abroad.
   */
  warnings: BasisWarning[];
}

/** Determines the law of a draft; never throws on incomplete input, it reports what is missing. */
export function lawForDraft(
  kb: KnowledgeBase,
  files: KnowledgeFiles,
  draft: DraftContent,
): DraftLaw | { answer: null; relied: []; problems: DraftLaw["problems"] } {
  const problems: DraftLaw["problems"] = [];
  if (!draft.requesting) problems.push({ field: "requesting", message: "Choose the requesting state." });
  if (!draft.requested) problems.push({ field: "requested", message: "Choose the requested state." });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.requestDate))
    problems.push({ field: "requestDate", message: "Give the date of the request (YYYY-MM-DD)." });
  const measures = draftMeasures(draft);
  if (measures.length === 0) problems.push({ field: "measures", message: "Choose at least one measure of assistance." });
  if (problems.length > 0) return { answer: null, relied: [], problems };
  let query: ReturnType<typeof parseBasisQuery>;
  try {
    query = parseBasisQuery({ from: draft.requesting, to: draft.requested, on: draft.requestDate, measures });
  } catch (err) {
    const e = err as Error & { field?: string };
    const field =
      e.field === "from" ? "requesting" : e.field === "to" ? "requested" : e.field === "on" ? "requestDate" : (e.field ?? "requestDate");
    return { answer: null, relied: [], problems: [{ field, message: e.message }] };
  }
  const answer = resolveBasis(kb, query);
  const applicable = answer.bases.map((b) => b.instrument);
  const main = draft.basisInstrument || applicable[0];
  if (!main || !applicable.includes(main)) {
    problems.push({
      field: "basisInstrument",
      message: `"${draft.basisInstrument}" is not an applicable basis between ${draft.requesting} and ${draft.requested} on ${draft.requestDate}; applicable: ${applicable.join(", ") || "none"}.`,
    });
    return { answer: null, relied: [], problems };
  }
  const relied: ReliedBasis[] = [];
  for (const id of [main, ...draft.alsoRelyOn.filter((x) => x !== main)]) {
    if (!applicable.includes(id)) {
      problems.push({ field: "alsoRelyOn", message: `"${id}" is not an applicable basis on ${draft.requestDate}.` });
      continue;
    }
    const alone = resolveBasis(knowledgeOfInstrument(files, id), query);
    relied.push({ instrument: id, title: answer.bases.find((b) => b.instrument === id)?.title ?? id, main: id === main, answer: alone });
  }
  const mainBasis = relied.find((r) => r.main);
  const warnings = basisWarnings(kb, answer, { relied: relied.map((r) => r.answer), language: mainBasis?.answer });
  return { answer, relied, problems, warnings };
}
