/**
 * Records a step in an asset's life — frozen or seized (with the order, its date and its expiry, a
 * deadline in the queue), the freezing renewed or released, confiscation ordered (final or under appeal),
 * realised (the sale proceeds), disposed of by return to the requesting state or restitution to victims —
 * under the guard of the law: a step the case's basis does not provide is refused with the rule and its
 * citation (sharing is recorded by `recordSharing`).
 */
import type { ClientInfo } from "../../accounts/sessions.js";
import { basisOf, type CasesContext, mlaCaseFor } from "../../cases/access.js";
import { RuleError } from "../../cases/casework.js";
import { invalid, worded } from "../../errors.js";
import type { Actor } from "../../policies/policy.js";
import type { AssetStatus } from "../fields.js";
import { type AssetCitation, type AssetStep, assetLaw } from "../law.js";
import { type CaseAssets, assetsResult } from "../queries.js";
import { assetOf, permitted, wrongStatus, writeAsset } from "../write.js";

export const STEP_KINDS = ["freeze", "renew", "release", "confiscate", "realise", "return", "restitution"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** What recording a step takes; which fields a step needs is checked here, in words. */
export interface RecordStepProps {
  version: number;
  step: StepKind;
  /** The date of the order or of the act. */
  on: string;
  /** The order's reference (freezing, confiscation). */
  order?: string | null;
  /** When a freezing order expires or must be renewed. */
  expiresOn?: string | null;
  /** A confiscation order is final (not under appeal). */
  final?: boolean | null;
  /** The sale proceeds (realisation), or the amount returned (return, restitution). */
  amount?: { amount: string; currency: string } | null;
  /** Who received a return or restitution, and the transfer's reference. */
  recipient?: string | null;
  reference?: string | null;
  note?: string | null;
}

/** Where each step may start from, and where it leads. */
const MOVES: Record<StepKind, { from: readonly AssetStatus[]; to: AssetStatus; law: AssetStep | null }> = {
  freeze: { from: ["traced"], to: "frozen", law: "freeze" },
  renew: { from: ["frozen"], to: "frozen", law: "freeze" },
  // Lifting a provisional measure needs no basis (UNCAC art. 55(8): consult first where possible).
  release: { from: ["traced", "frozen"], to: "released", law: null },
  confiscate: { from: ["traced", "frozen", "confiscated"], to: "confiscated", law: "confiscate" },
  realise: { from: ["confiscated"], to: "realised", law: "realise" },
  return: { from: ["realised"], to: "disposed", law: "return" },
  restitution: { from: ["realised"], to: "disposed", law: "restitution" },
};

/** What a step lacks, in words (errors:domain.assetNeeds<Field>). */
const NEEDS = {
  order: "This step needs the order's reference.",
  expiresOn: "This step needs the date the order expires or must be renewed.",
  final: "This step needs to say whether the order is final or under appeal.",
  amount: "This step needs the amount.",
  recipient: "This step needs who received the property.",
  reference: "This step needs the transfer's reference.",
} as const;
/** 400: the step lacks the named field. */
export const need = (field: keyof typeof NEEDS) =>
  worded(invalid(field, NEEDS[field]), `assetNeeds${field[0]?.toUpperCase()}${field.slice(1)}`);

/** Records one step (see the top of this file). */
export async function recordStep(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  assetId: string,
  input: RecordStepProps,
  client: ClientInfo,
): Promise<CaseAssets | { id: string; reference: string; version: number }> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const a = await assetOf(ctx, row, assetId);
  const move = MOVES[input.step];
  if (!move.from.includes(a.status as AssetStatus) || (input.step === "confiscate" && a.status === "confiscated" && a.confiscation_final))
    throw wrongStatus(a.status, input.step);
  const law = assetLaw(basisOf(row), ctx.kb, { embezzledPublicFunds: a.embezzled_public_funds });
  const cites: AssetCitation[] = move.law ? permitted(law, move.law) : [];
  const set: Record<string, unknown> = { status: move.to, updated_at: ctx.clock.now() };
  let transfer: { recipient: string; reference: string; amount: string; currency: string } | null = null;
  switch (input.step) {
    case "freeze":
    case "renew":
      if (!input.order && input.step === "freeze") throw need("order");
      if (!input.expiresOn) throw need("expiresOn");
      if (input.expiresOn < input.on)
        throw worded(invalid("expiresOn", "The order cannot expire before it was made."), "assetExpiresBeforeOrder");
      Object.assign(set, input.step === "freeze" ? { freeze_order: input.order, freeze_ordered_on: input.on } : {}, {
        freeze_expires_on: input.expiresOn,
      });
      if (input.step === "renew" && input.order) set.freeze_order = input.order;
      break;
    case "release":
      break;
    case "confiscate":
      if (!input.order) throw need("order");
      if (typeof input.final !== "boolean") throw need("final");
      Object.assign(set, { confiscation_order: input.order, confiscation_ordered_on: input.on, confiscation_final: input.final });
      break;
    case "realise":
      if (!a.confiscation_final)
        throw new RuleError(
          "asset_under_appeal",
          "The confiscation order is under appeal: the asset is realised once the order is final.",
          "step",
          undefined,
          undefined,
          { key: "errors:domain.assetUnderAppeal" },
        );
      if (!input.amount) throw need("amount");
      Object.assign(set, { proceeds_amount: input.amount.amount, proceeds_currency: input.amount.currency, realised_on: input.on });
      break;
    case "return":
    case "restitution": {
      if (!input.recipient) throw need("recipient");
      if (!input.reference) throw need("reference");
      const amount =
        input.amount ?? (a.proceeds_amount && a.proceeds_currency ? { amount: a.proceeds_amount, currency: a.proceeds_currency } : null);
      if (!amount) throw need("amount");
      transfer = { recipient: input.recipient, reference: input.reference, ...amount };
      Object.assign(set, { disposal: input.step === "return" ? "returned" : "restitution", disposed_on: input.on });
      break;
    }
  }
  const provisions = cites.map((c) => ({ provision: c.provision, cite: c.cite }));
  const detail = [
    input.order ? `order ${input.order}` : null,
    input.expiresOn ? `expires ${input.expiresOn}` : null,
    input.step === "confiscate" ? (input.final ? "final" : "under appeal") : null,
    provisions[0] ? provisions[0].cite : null,
  ].filter(Boolean);
  await writeAsset(
    ctx,
    actor,
    row,
    input.version,
    {
      action: "case.asset_step",
      timeline: `asset_${input.step}`,
      note: `${a.description}: ${a.status} → ${move.to}${detail.length ? ` (${detail.join("; ")})` : ""}`,
      summary: {
        assetId: a.id,
        step: input.step,
        status: { before: a.status, after: move.to },
        on: input.on,
        provisions: provisions.map((p) => p.provision),
      },
      write: async (trx) => {
        await trx.updateTable("case_asset").set(set).where("id", "=", a.id).execute();
        await trx
          .insertInto("case_asset_step")
          .values({
            asset_id: a.id,
            case_id: row.id,
            step: input.step,
            from_status: a.status,
            to_status: move.to,
            on_date: input.on,
            order_ref: input.order ?? null,
            provisions: JSON.stringify(provisions),
            note: input.note?.trim() || null,
            actor_id: actor.userId,
            at: ctx.clock.now(),
          })
          .execute();
        if (transfer)
          await trx
            .insertInto("case_asset_transfer")
            .values({
              asset_id: a.id,
              case_id: row.id,
              ...transfer,
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
