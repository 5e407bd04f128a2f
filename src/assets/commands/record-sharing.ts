/**
 * Records the sharing of a realised asset: the instrument that permits it (the case's basis, a per-case
 * agreement, or a recorded arrangement binding both states), the agreement's reference and date, the
 * costs deducted first, each party's percentage and — computed with exact decimals (sharing.ts) — its
 * amount, in the asset's currency and, where a rate is recorded with its date and source, converted.
 * The asset is then disposed of (shared); the transfers are recorded one by one with their references.
 */
import type { ClientInfo } from "../../accounts/sessions.js";
import { basisOf, type CasesContext, mlaCaseFor } from "../../cases/access.js";
import { invalid, worded } from "../../errors.js";
import type { Actor } from "../../policies/policy.js";
import { assetLaw } from "../law.js";
import { type CaseAssets, assetsResult } from "../queries.js";
import { type Conversion, type SharePart, SharingError, computeSharing } from "../sharing.js";
import { assetOf, permitted, wrongStatus, writeAsset } from "../write.js";

export const SHARING_BASES = ["basis", "case_agreement", "arrangement"] as const;

/** What recording a sharing takes. */
export interface RecordSharingProps {
  version: number;
  /** What permits it: the case's basis, a per-case agreement, or a recorded arrangement (`instrumentId`). */
  basis: (typeof SHARING_BASES)[number];
  instrumentId?: string | null;
  /** The agreement's or arrangement's reference. */
  reference: string;
  concludedOn: string;
  /** Costs deducted before sharing, in the asset's proceeds currency. */
  costs: string;
  parts: SharePart[];
  conversion?: Conversion | null;
}

export async function recordSharing(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  assetId: string,
  input: RecordSharingProps,
  client: ClientInfo,
): Promise<CaseAssets | { id: string; reference: string; version: number }> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const a = await assetOf(ctx, row, assetId);
  if (a.status !== "realised" || !a.proceeds_amount || !a.proceeds_currency) throw wrongStatus(a.status, "share");
  if (input.basis === "arrangement" && !input.instrumentId)
    throw worded(
      invalid("instrumentId", "An arrangement must be named: choose the instrument recorded in the knowledge base."),
      "assetArrangementMissing",
    );
  if (input.basis === "arrangement" && input.instrumentId && !ctx.kb.instruments.has(input.instrumentId))
    throw worded(
      invalid("instrumentId", `"${input.instrumentId}" is not an instrument in the knowledge base.`),
      "assetArrangementUnknown",
      {
        value: input.instrumentId,
      },
    );
  const law = assetLaw(basisOf(row), ctx.kb, {
    embezzledPublicFunds: a.embezzled_public_funds,
    caseAgreement: input.basis === "case_agreement",
    arrangements: input.basis === "arrangement" && input.instrumentId ? [input.instrumentId] : [],
  });
  const cites = permitted(law, "share");
  let result: ReturnType<typeof computeSharing>;
  try {
    result = computeSharing({
      currency: a.proceeds_currency,
      gross: a.proceeds_amount,
      costs: input.costs,
      parts: input.parts,
      conversion: input.conversion ?? null,
    });
  } catch (e) {
    if (e instanceof SharingError)
      throw worded(
        invalid(e.field, e.message),
        e.rule === "percent_total" ? "sharePercentTotal" : e.rule === "costs_exceed" ? "shareCostsExceed" : "shareAmount",
      );
    throw e;
  }
  const provisions = cites.map((c) => ({ provision: c.provision, cite: c.cite }));
  await writeAsset(
    ctx,
    actor,
    row,
    input.version,
    {
      action: "case.asset_sharing",
      timeline: "asset_share",
      note: `${a.description}: shared (${result.shares.map((s) => `${s.party} ${s.percent}% = ${s.amount} ${result.currency}`).join(", ")}; costs ${result.costs}; ${provisions[0]?.cite ?? ""})`,
      summary: {
        assetId: a.id,
        basis: input.basis,
        currency: result.currency,
        net: result.net,
        shares: result.shares.map((s) => ({ party: s.party, percent: s.percent, amount: s.amount })),
        provisions: provisions.map((p) => p.provision),
      },
      write: async (trx) => {
        const sh = await trx
          .insertInto("case_asset_sharing")
          .values({
            asset_id: a.id,
            case_id: row.id,
            basis: input.basis,
            instrument_id: input.instrumentId ?? null,
            reference: input.reference.trim(),
            concluded_on: input.concludedOn,
            currency: result.currency,
            gross: result.gross,
            costs: result.costs,
            net: result.net,
            conversion: result.conversion ? JSON.stringify(result.conversion) : null,
            provisions: JSON.stringify(provisions),
            created_by: actor.userId,
            created_at: ctx.clock.now(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("case_asset_share")
          .values(
            result.shares.map((s, i) => ({
              sharing_id: sh.id,
              position: i,
              party: s.party,
              percent: s.percent,
              amount: s.amount,
              converted: s.converted ?? null,
            })),
          )
          .execute();
        await trx
          .updateTable("case_asset")
          .set({ status: "disposed", disposal: "shared", disposed_on: input.concludedOn, updated_at: ctx.clock.now() })
          .where("id", "=", a.id)
          .execute();
        await trx
          .insertInto("case_asset_step")
          .values({
            asset_id: a.id,
            case_id: row.id,
            step: "share",
            from_status: a.status,
            to_status: "disposed",
            on_date: input.concludedOn,
            order_ref: input.reference.trim(),
            provisions: JSON.stringify(provisions),
            note: null,
            actor_id: actor.userId,
            at: ctx.clock.now(),
          })
          .execute();
      },
    },
    client,
  );
  return assetsResult(ctx, actor, caseId, client, a.id);
}
