/** Adding a measure to a case (its stored basis is recomputed for the measures it now asks). */
import type { ClientInfo } from "../../accounts/sessions.js";
import { recordEvent } from "../../audit/trail.js";
import { invalid, worded } from "../../errors.js";
import { MEASURES } from "../../law/codes.js";
import type { Actor } from "../../policies/policy.js";
import { refreshDeadlines } from "../deadlines.js";
import { bump } from "../version.js";
import { type CasesContext, UUID, mlaCaseFor } from "../access.js";
import { computeBasis, storeBasisAnswers } from "../basis.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../presenter.js";

/** Adds a measure to a case, optionally assigned to an executing authority. */
export async function addMeasure(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  input: { version: number; measure: string; description: string; assignedOrganisationId?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, id, "case:assign");
  if (!(MEASURES as readonly string[]).includes(input.measure))
    throw invalid("measure", `Unknown measure "${input.measure}"; measures are ${MEASURES.join(", ")}.`);
  if (input.description.trim().length < 3) throw invalid("description", "Describe the measure in at least 3 characters.");
  const orgId = input.assignedOrganisationId || null;
  if (orgId) {
    const org = UUID.test(orgId)
      ? await ctx.db.selectFrom("organisation").selectAll().where("id", "=", orgId).executeTakeFirst()
      : undefined;
    if (!org) throw invalid("assignedOrganisationId", "No such organisation.");
    if (org.kind !== "executing_authority") throw invalid("assignedOrganisationId", "Measures are assigned to executing authorities.");
    if (org.retired_at)
      throw worded(
        invalid("assignedOrganisationId", `${org.name} is retired: assign the measure to an authority in use.`),
        "authorityRetired",
        { name: org.name },
      );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    const m = await trx
      .insertInto("case_measure")
      .values({
        case_id: id,
        measure: input.measure,
        description: input.description.trim(),
        assigned_organisation_id: orgId,
        created_at: ctx.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The stored basis answers for the case's measures: recompute it with the new one, same date and basis.
    if (row.request_date) {
      const all = await trx.selectFrom("case_measure").select("measure").where("case_id", "=", id).execute();
      const basis = computeBasis(ctx, {
        requesting: row.requesting,
        requested: row.requested,
        requestDate: row.request_date,
        measures: [...new Set(all.map((m) => m.measure))],
        basisInstrument: row.basis_instrument,
      });
      await storeBasisAnswers(trx, [basis]);
      await trx.updateTable("case_file").set({ basis_digest: basis.digest }).where("id", "=", id).execute();
    }
    await refreshDeadlines(trx, id);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.measure_add",
      objectType: "case",
      objectId: id,
      summary: { measureId: m.id, measure: input.measure, assignedOrganisationId: orgId },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, id, client);
}
