/**
 * Safe conduct: when a witness's or expert's immunity ends. The basis gives a number of days after
 * the date their presence was no longer required (US–Russia MLAT: 7, extendable to 15; 1959 Convention
 * art. 12(3): 15); immunity lapses once that period has run without the person leaving.
 */
import { citeOf } from "./basis.js";
import { sentence } from "../validation/messages.js";
import { addDays, isDateInRange, notAcceptedDate } from "./dates.js";
import { LawInputError } from "./errors.js";
import type { KnowledgeBase } from "./knowledge.js";

export interface SafeConductQuery {
  basis: string;
  /** The date the person's presence was no longer required by the requesting authorities. */
  released: string;
  extended?: boolean;
}

export interface SafeConductEnd {
  basis: string;
  released: string;
  extended: boolean;
  days: number;
  maxDays?: number;
  /** The last day of immunity: protection lapses at the end of this day if the person has stayed. */
  ends: string;
  provision: string;
  cite: string;
  rule: string;
}

/** Computes when safe conduct ends under one basis; throws LawInputError on a bad basis, date or extension. */
export function safeConductEnds(kb: KnowledgeBase, q: SafeConductQuery): SafeConductEnd {
  const inst = kb.instruments.get(q.basis);
  if (!inst)
    throw new LawInputError(
      "unknown_instrument",
      "basis",
      q.basis,
      sentence("basis", `"${q.basis}" is not an instrument this knowledge base knows`),
    );
  if (!isDateInRange(q.released))
    throw new LawInputError("invalid_date", "released", q.released, sentence("released", notAcceptedDate(q.released)));
  const p = inst.provisions.find((x) => x.kind === "safe_conduct");
  if (p?.kind !== "safe_conduct")
    throw new LawInputError("no_safe_conduct", "basis", q.basis, sentence("basis", `${inst.shortTitle} has no safe-conduct provision`));
  const extended = q.extended === true;
  if (extended && p.maxDays === undefined)
    throw new LawInputError(
      "no_extension",
      "extended",
      true,
      sentence("extended", `${citeOf(inst, p.article)} provides no extension of the ${p.days}-day period`),
    );
  const days = extended ? (p.maxDays as number) : p.days;
  return {
    basis: inst.id,
    released: q.released,
    extended,
    days,
    ...(p.maxDays !== undefined ? { maxDays: p.maxDays } : {}),
    ends: addDays(q.released, days),
    provision: p.id,
    cite: citeOf(inst, p.article),
    rule: `${days} days after the person's presence was no longer required${extended ? " (extended)" : ""}: ${p.summary}`,
  };
}
