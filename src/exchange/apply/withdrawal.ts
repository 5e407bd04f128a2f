/** A received `withdrawal`: the requesting state withdrew its request; an open incoming case becomes withdrawn. */
import { advance, correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyWithdrawal: Applier<"withdrawal"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  const note = `Withdrawn by the requesting state${e.body.reasons ? `: ${e.body.reasons}` : "."}`;
  if (!(await advance(trx, ctx, row, "withdrawn_by_requester", author, note))) await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", note, author);
  return caseId;
};
