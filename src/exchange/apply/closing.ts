/** A received `closing`: the partner closed its case; recorded (each side closes its own case itself). */
import { correspond, lockCase, touch } from "../casefile.js";
import type { Envelope } from "../envelope.js";
import type { Applier } from "./types.js";

/** The correspondence a closing leaves on the case. */
export const closingText = (e: Envelope<"closing">) => `The partner closed its case${e.body.text ? `: ${e.body.text}` : "."}`;

export const applyClosing: Applier<"closing"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", closingText(e), author);
  return caseId;
};
