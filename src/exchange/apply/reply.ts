/**
 * A received `reply`: the requesting state answered our query. An answer to a request for more
 * information resumes the review; an answer to a consultation is recorded as the consultation the
 * guard of refusal and postponement looks for, with the conditions considered.
 */
import { DomainError } from "../../errors.js";
import { advance, correspond, lockCase, storeDocument, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyReply: Applier<"reply"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const query = await trx
    .selectFrom("exchange_message")
    .select(["envelope"])
    .where("id", "=", e.body.inReplyTo)
    .where("case_id", "=", caseId)
    .where("direction", "=", "out")
    .where("kind", "=", "query")
    .executeTakeFirst();
  if (!query) throw new DomainError(422, "not_applicable", "The reply answers no query of ours on this case.");
  const q = JSON.parse(query.envelope) as { body: { purpose: string; conditionsOffered: string | null } };
  const row = await lockCase(trx, caseId);
  const moved =
    q.body.purpose === "more_information" &&
    (await advance(trx, ctx, row, "information_received", author, "Reply received through the exchange."));
  if (!moved) await touch(trx, ctx, row);
  if (q.body.purpose !== "more_information") {
    const accepted = e.body.conditionsAccepted === true ? "accepted" : e.body.conditionsAccepted === false ? "declined" : "not answered";
    await trx
      .insertInto("case_consultation")
      .values({
        case_id: caseId,
        held_on: ctx.clock.now().toISOString().slice(0, 10),
        channel: "exchange",
        outcome: e.body.text,
        conditions_considered: `${q.body.conditionsOffered ?? "No conditions were offered"} (requesting state: ${accepted})`,
        recorded_by: author.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
  }
  for (const d of e.body.documents) await storeDocument(trx, ctx, caseId, "reply", d, author);
  await correspond(trx, ctx, caseId, "in", `Reply: ${e.body.text}`, author);
  return caseId;
};
