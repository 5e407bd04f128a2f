/** A received `closing`: the partner closed its case; recorded (each side closes its own case itself). */
import { correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyClosing: Applier<"closing"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", `The partner closed its case${e.body.text ? `: ${e.body.text}` : "."}`, author);
  return caseId;
};
