/** A received `query`: the requested state asks for more information or consults us; recorded for the officer to answer. */
import { correspond, lockCase, touch } from "../casefile.js";
import type { Envelope } from "../envelope.js";
import type { Applier } from "./types.js";

const PURPOSE: Record<string, string> = {
  more_information: "More information is needed",
  consultation_before_refusal: "Consultation before a refusal",
  consultation_before_postponement: "Consultation before a postponement",
};

/** The correspondence a query leaves on the case. */
export function queryText(e: Envelope<"query">): string {
  const conditions = e.body.conditionsOffered ? `\nConditions offered: ${e.body.conditionsOffered}` : "";
  const by = e.body.answerBy ? ` (answer by ${e.body.answerBy})` : "";
  return `${PURPOSE[e.body.purpose]}${by}: ${e.body.text}${conditions}`;
}

export const applyQuery: Applier<"query"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", queryText(e), author);
  return caseId;
};
