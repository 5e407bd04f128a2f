/**
 * A received `decision` on our request: a refusal ends it on our side (refused by partner); an
 * acceptance, whole or partial, means execution is under way; a postponement is recorded. Measures
 * refused are marked so, by our own ids which the request carried.
 */
import { DomainError } from "../../errors.js";
import { advance, correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyDecision: Applier<"decision"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  if (e.body.refusedMeasures.length > 0) {
    const found = await trx
      .selectFrom("case_measure")
      .select("id")
      .where("case_id", "=", caseId)
      .where("id", "in", e.body.refusedMeasures)
      .execute();
    if (found.length !== new Set(e.body.refusedMeasures).size)
      throw new DomainError(422, "not_applicable", "The decision names a measure this case does not have.");
    await trx
      .updateTable("case_measure")
      .set({ status: "refused" })
      .where("case_id", "=", caseId)
      .where("id", "in", e.body.refusedMeasures)
      .execute();
  }
  const grounds = e.body.grounds.map((g) => `${g.ground.replace(/_/g, " ")}${g.cite ? ` (${g.cite})` : ""}`).join("; ");
  const note = `Decision of the requested state: ${e.body.outcome.replace(/_/g, " ")}${grounds ? `; grounds: ${grounds}` : ""}.`;
  let moved = false;
  if (e.body.outcome === "refused") moved = await advance(trx, ctx, row, "partner_refused", author, note);
  else if (e.body.outcome === "accepted" || e.body.outcome === "partially_refused") {
    await trx
      .updateTable("case_measure")
      .set({ status: "accepted" })
      .where("case_id", "=", caseId)
      .where("status", "=", "requested")
      .execute();
    moved = await advance(trx, ctx, row, "execution_started", author, note);
  }
  if (!moved) await touch(trx, ctx, row);
  await correspond(
    trx,
    ctx,
    caseId,
    "in",
    `${note}${e.body.notice ? `\n${e.body.notice}` : e.body.reasons ? `\nReasons: ${e.body.reasons}` : ""}`,
    author,
  );
  return caseId;
};
