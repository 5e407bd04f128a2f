/** Registers an asset traced in a case: its kind, holders, location, identifiers, estimated value and third parties' claims. */
import { randomUUID } from "node:crypto";
import type { ClientInfo } from "../../accounts/sessions.js";
import { basisOf, type CasesContext, mlaCaseFor } from "../../cases/access.js";
import { invalid, worded } from "../../errors.js";
import { jurisdiction } from "../../law/jurisdictions.js";
import type { Actor } from "../../policies/policy.js";
import { type AssetIdentifiers, type AssetKind, identifierProblems, normaliseIdentifiers } from "../fields.js";
import { assetLaw, stepAnswer } from "../law.js";
import { type CaseAssets, assetsResult } from "../queries.js";
import { writeAsset } from "../write.js";

/** What registering an asset takes. */
export interface RegisterAssetProps {
  version: number;
  kind: AssetKind;
  description: string;
  /** Where the asset is: a jurisdiction code. */
  location: string;
  identifiers: AssetIdentifiers;
  holders: { name: string; role: string }[];
  value?: { amount: string; currency: string; on: string; source: string } | null;
  thirdPartyClaims: { claimant: string; right: string }[];
  /** The proceeds are embezzled public funds or their laundering (UNCAC art. 17, 23): UNCAC art. 57(3)(a) then governs. */
  embezzledPublicFunds?: boolean;
}

/** Registers an asset as traced; the tracing provision of the basis, if any, is cited on its first step. */
export async function registerAsset(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: RegisterAssetProps,
  client: ClientInfo,
): Promise<CaseAssets | { id: string; reference: string; version: number }> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (!jurisdiction(input.location))
    throw worded(invalid("location", `"${input.location}" is not a known state or territory.`), "unknownJurisdiction", {
      value: input.location,
    });
  const problem = identifierProblems(input.identifiers)[0];
  if (problem) throw worded(invalid(problem.field, problem.message), problem.key);
  const law = assetLaw(basisOf(row), ctx.kb, { embezzledPublicFunds: input.embezzledPublicFunds === true });
  // Knowing that an asset exists is information, not a measure: it is recorded whatever the basis, citing the tracing provision where there is one.
  const cites = stepAnswer(law, "trace").citations;
  const now = ctx.clock.now();
  const assetId = randomUUID();
  await writeAsset(
    ctx,
    actor,
    row,
    input.version,
    {
      action: "case.asset_register",
      timeline: "asset_register",
      note: `${input.kind.replace(/_/g, " ")} in ${input.location}: ${input.description.trim()}`,
      summary: { assetId, kind: input.kind, location: input.location, currency: input.value?.currency ?? null },
      write: async (trx) => {
        const a = await trx
          .insertInto("case_asset")
          .values({
            id: assetId,
            case_id: row.id,
            kind: input.kind,
            description: input.description.trim(),
            location: input.location,
            identifiers: JSON.stringify(normaliseIdentifiers(input.identifiers)),
            value_amount: input.value?.amount ?? null,
            value_currency: input.value?.currency ?? null,
            value_on: input.value?.on ?? null,
            value_source: input.value?.source.trim() ?? null,
            third_party_claims: JSON.stringify(input.thirdPartyClaims.map((c) => ({ claimant: c.claimant.trim(), right: c.right.trim() }))),
            embezzled_public_funds: input.embezzledPublicFunds === true,
            created_by: actor.userId,
            created_at: now,
            updated_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (input.holders.length > 0)
          await trx
            .insertInto("case_asset_holder")
            .values(input.holders.map((h) => ({ asset_id: a.id, name: h.name.trim(), role: h.role.trim() })))
            .execute();
        await trx
          .insertInto("case_asset_step")
          .values({
            asset_id: a.id,
            case_id: row.id,
            step: "trace",
            from_status: null,
            to_status: "traced",
            on_date: now.toISOString().slice(0, 10),
            provisions: JSON.stringify(cites.map((c) => ({ provision: c.provision, cite: c.cite }))),
            actor_id: actor.userId,
            at: now,
          })
          .execute();
      },
    },
    client,
  );
  return assetsResult(ctx, actor, caseId, client, assetId);
}
