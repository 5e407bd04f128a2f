/** A received `execution_report`: each of our measures takes the outcome reported; a final report marks the request executed. */
import { DomainError } from "../../errors.js";
import { advance, correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

const STATUS = { done: "executed", partly_done: "executed", impossible: "not_executed", in_progress: null } as const;

export const applyExecutionReport: Applier<"execution_report"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  const ids = e.body.measures.map((m) => m.ref);
  const found = await trx.selectFrom("case_measure").select("id").where("case_id", "=", caseId).where("id", "in", ids).execute();
  if (found.length !== new Set(ids).size)
    throw new DomainError(422, "not_applicable", "The report names a measure this case does not have.");
  for (const m of e.body.measures) {
    const status = STATUS[m.outcome];
    if (status) await trx.updateTable("case_measure").set({ status }).where("id", "=", m.ref).execute();
  }
  let moved = false;
  if (e.body.final) {
    // A report may come before any decision message (execution under way without one): both steps then.
    moved = await advance(trx, ctx, row, "execution_started", author, "Execution reported through the exchange.");
    moved = (await advance(trx, ctx, row, "partner_executed", author, "Final execution report received.")) || moved;
  }
  if (!moved) await touch(trx, ctx, row);
  const lines = e.body.measures.map((m) => `- ${m.outcome.replace(/_/g, " ")}${m.reasons ? `: ${m.reasons}` : ""}`);
  await correspond(trx, ctx, caseId, "in", `Execution report${e.body.final ? " (final)" : ""}:\n${lines.join("\n")}`, author);
  return caseId;
};
