/** Changing a case's title, confidentiality, access list or chosen basis. */
import type { ClientInfo } from "../../accounts/sessions.js";
import { recordEvent } from "../../audit/trail.js";
import { conflict, invalid, worded } from "../../errors.js";
import { type Actor, allowCase, type Confidentiality } from "../../policies/policy.js";
import { bump } from "../version.js";
import { type CasesContext, caseFor, checkAccessList, isListed } from "../access.js";
import { type ComputedBasis, computeBasis, storeBasisAnswers } from "../basis.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../presenter.js";
import { checkCaseFields } from "../fields.js";

export interface CaseChanges {
  /** The case's version as the caller read it: a stale one is refused (409), never overwritten. */
  version: number;
  title?: string;
  confidentiality?: Confidentiality;
  accessList?: string[];
  /** Another of the applicable bases (the officer's choice); only before a decision is taken. */
  basisInstrument?: string;
}

/** Changes title, confidentiality or access list. The actor cannot remove themselves from a case they could then no longer see. */
export async function updateCase(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  changes: CaseChanges,
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await caseFor(ctx, actor, id, "case:update");
  const next = {
    title: changes.title ?? row.title,
    requesting: row.requesting,
    requested: row.requested,
    confidentiality: changes.confidentiality ?? row.confidentiality,
  };
  checkCaseFields(next);
  // A transfer's file is personal and sensitive (issue 15 §2): it stays confidential at least.
  if (row.kind === "tsp" && next.confidentiality === "normal")
    throw worded(
      invalid(
        "confidentiality",
        "A transfer of a sentenced person stays confidential or strictly confidential: its file is personal and sensitive.",
      ),
      "transferConfidential",
    );
  const access = changes.accessList ? await checkAccessList(ctx, changes.accessList) : null;
  const stillListed = access ? access.includes(actor.userId) : await isListed(ctx, id, actor.userId);
  if (!allowCase(actor, "case:update", { confidentiality: next.confidentiality, actorListed: stillListed }))
    throw conflict("accessList", "After this change you could no longer see the case: keep yourself on its access list.", "self_exclusion");
  let basisChange: ComputedBasis | null = null;
  if (changes.basisInstrument && changes.basisInstrument !== row.basis_instrument) {
    const decided = await ctx.db.selectFrom("case_decision").select("id").where("case_id", "=", id).executeTakeFirst();
    if (decided)
      throw conflict("basisInstrument", "A decision was taken on this basis; the basis can no longer be changed.", "basis_locked");
    if (!row.request_date) throw invalid("basisInstrument", "The case has no request date to determine its basis on.");
    const measures = await ctx.db.selectFrom("case_measure").select("measure").where("case_id", "=", id).execute();
    basisChange = computeBasis(ctx, {
      requesting: row.requesting,
      requested: row.requested,
      requestDate: row.request_date,
      measures: [...new Set(measures.map((m) => m.measure))],
      basisInstrument: changes.basisInstrument,
    });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const diff: Record<string, unknown> = {};
    const set: Record<string, unknown> = { title: next.title.trim(), confidentiality: next.confidentiality };
    if (basisChange) {
      diff.basis = { before: row.basis_instrument, after: basisChange.instrument };
      await storeBasisAnswers(trx, [basisChange]);
      set.basis_instrument = basisChange.instrument;
      set.basis_digest = basisChange.digest;
    }
    if (next.title !== row.title) diff.title = "(changed)";
    if (next.confidentiality !== row.confidentiality) diff.confidentiality = { before: row.confidentiality, after: next.confidentiality };
    // Checked and bumped in one conditional update: of two officers editing the same version, one wins
    // and the other gets 409 with what the winner changed, whichever instance each reached.
    await bump(trx, ctx, row, changes.version, set);
    if (access) {
      const before = (await trx.selectFrom("case_access").select("user_id").where("case_id", "=", id).execute()).map((r) => r.user_id);
      const added = access.filter((u) => !before.includes(u));
      const removed = before.filter((u) => !access.includes(u));
      if (removed.length > 0) await trx.deleteFrom("case_access").where("case_id", "=", id).where("user_id", "in", removed).execute();
      if (added.length > 0)
        await trx
          .insertInto("case_access")
          .values(added.map((user_id) => ({ case_id: id, user_id, granted_by: actor.userId, granted_at: now })))
          .execute();
      if (added.length || removed.length) diff.accessList = { added, removed };
    }
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.update",
      objectType: "case",
      objectId: id,
      summary: diff,
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, id, client);
}
