/** Records a transfer of a disposed asset's value — one party's share, with the payment's reference. */
import type { ClientInfo } from "../../accounts/sessions.js";
import { type CasesContext, mlaCaseFor } from "../../cases/access.js";
import { invalid, notFound, worded } from "../../errors.js";
import type { Actor } from "../../policies/policy.js";
import { type CaseAssets, assetsResult } from "../queries.js";
import { assetOf, wrongStatus, writeAsset } from "../write.js";

/** What recording a transfer takes: the share it pays (its party and amount are the share's), the reference and date. */
export interface RecordTransferProps {
  version: number;
  shareId: string;
  reference: string;
  on: string;
}

export async function recordTransfer(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  assetId: string,
  input: RecordTransferProps,
  client: ClientInfo,
): Promise<CaseAssets | { id: string; reference: string; version: number }> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const a = await assetOf(ctx, row, assetId);
  if (a.status !== "disposed" || a.disposal !== "shared") throw wrongStatus(a.status, "transfer");
  const share = await ctx.db
    .selectFrom("case_asset_share")
    .innerJoin("case_asset_sharing", "case_asset_sharing.id", "case_asset_share.sharing_id")
    .select(["case_asset_share.id", "case_asset_share.party", "case_asset_share.amount", "case_asset_sharing.currency"])
    .where("case_asset_sharing.asset_id", "=", a.id)
    .where("case_asset_share.id", "=", /^[0-9a-f-]{36}$/i.test(input.shareId) ? input.shareId : "00000000-0000-0000-0000-000000000000")
    .executeTakeFirst();
  if (!share) throw worded(notFound("shareId", "No such share of this asset."), "noSuchShare");
  const paid = await ctx.db.selectFrom("case_asset_transfer").select("id").where("share_id", "=", share.id).executeTakeFirst();
  if (paid) throw worded(invalid("shareId", "This share's transfer is already recorded."), "shareAlreadyTransferred");
  await writeAsset(
    ctx,
    actor,
    row,
    input.version,
    {
      action: "case.asset_transfer",
      timeline: "asset_transfer",
      note: `${a.description}: ${share.amount} ${share.currency} to ${share.party} (${input.reference.trim()})`,
      summary: { assetId: a.id, shareId: share.id, amount: share.amount, currency: share.currency, on: input.on },
      write: async (trx) => {
        await trx
          .insertInto("case_asset_transfer")
          .values({
            asset_id: a.id,
            case_id: row.id,
            share_id: share.id,
            recipient: share.party,
            amount: share.amount,
            currency: share.currency,
            reference: input.reference.trim(),
            on_date: input.on,
            recorded_by: actor.userId,
            recorded_at: ctx.clock.now(),
          })
          .execute();
      },
    },
    client,
  );
  return assetsResult(ctx, actor, caseId, client, a.id);
}
