/** A received `acknowledgement`: the requested state registered our request; its reference is recorded. */
import { advance, correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyAcknowledgement: Applier<"acknowledgement"> = async ({ trx, ctx, envelope: e, link, author, partner }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await trx.updateTable("exchange_link").set({ requested_reference: e.body.reference }).where("case_id", "=", caseId).execute();
  await trx.updateTable("case_file").set({ their_reference: e.body.reference }).where("id", "=", caseId).execute();
  const note = `Registered by ${partner.authority} on ${e.body.registeredOn} as ${e.body.reference}${e.body.executingAuthority ? `; executing authority: ${e.body.executingAuthority}` : ""}.`;
  if (!(await advance(trx, ctx, row, "acknowledged", author, note))) await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", `Acknowledgement: ${note}`, author);
  return caseId;
};
