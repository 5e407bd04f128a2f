/**
 * The one shape of every write to a case's assets: in one transaction, the case's version is checked
 * and bumped (409 when stale), the change is written, a line goes on the case's timeline, the deadlines
 * are recomputed (a freezing order's expiry is one) and the audit event is recorded — with ids, codes and
 * dates only, never names or descriptions (no personal data in the audit trail or the logs).
 */
import type { Transaction } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import type { CaseRow, CasesContext } from "../cases/access.js";
import { refreshDeadlines } from "../cases/deadlines.js";
import { recordCaseChange } from "../cases/timeline.js";
import { bump } from "../cases/version.js";
import type { Database } from "../db/schema.js";
import { RuleError } from "../cases/casework.js";
import { notFound, worded } from "../errors.js";
import type { Actor } from "../policies/policy.js";
import { type AssetStatus, STATUS_WORDS, STEP_LABELS } from "./fields.js";
import { type AssetLaw, type AssetStep, type AssetCitation, STEP_WORDS, stepAnswer } from "./law.js";

/** The audit actions of asset writes (their words are in cases/version.ts and the web app's errors:domain.changes). */
export type AssetAction = "case.asset_register" | "case.asset_step" | "case.asset_sharing" | "case.asset_transfer";

export interface AssetWrite {
  action: AssetAction;
  /** The timeline's action code (case:timeline.actions.<code>). */
  timeline: string;
  /** The timeline's note: what happened, in a line. */
  note: string;
  /** The audit summary: ids, codes, dates. */
  summary: Record<string, unknown>;
  write: (trx: Transaction<Database>, version: number) => Promise<void>;
}

/** Runs one asset write (see the top of this file). */
export async function writeAsset(
  ctx: CasesContext,
  actor: Actor,
  row: CaseRow,
  expected: number,
  w: AssetWrite,
  client: ClientInfo,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const version = await bump(trx, ctx, row, expected);
    await w.write(trx, version);
    await recordCaseChange(trx, ctx.clock, {
      row,
      version,
      timeline: w.timeline,
      to: row.state,
      note: w.note,
      audit: w.action,
      summary: w.summary,
      actor,
      ip: client.ip,
    });
    await refreshDeadlines(trx, row.id);
  });
}

/** One asset of the case, or 404 naming the field. */
export async function assetOf(ctx: CasesContext, row: CaseRow, assetId: string) {
  const a = /^[0-9a-f-]{36}$/i.test(assetId)
    ? await ctx.db.selectFrom("case_asset").selectAll().where("id", "=", assetId).where("case_id", "=", row.id).executeTakeFirst()
    : undefined;
  if (!a) throw worded(notFound("assetId", "No such asset in this case."), "noSuchAsset");
  return a;
}

/** The guard from the law: the step's citations, or 422 naming the rule and what the basis lacks. */
export function permitted(law: AssetLaw, step: AssetStep): AssetCitation[] {
  const s = stepAnswer(law, step);
  if (s.permitted) return s.citations;
  const first = law.disposal.citations[0];
  throw new RuleError(
    "asset_step_not_provided",
    s.reason ?? `The case's legal basis does not provide ${STEP_WORDS[step]}.`,
    "step",
    first?.provision,
    first?.cite,
    { key: `errors:domain.${s.reasonKey ?? "assetStepNotProvided"}` },
  );
}

/** 422: the asset is not where the step starts from. */
export function wrongStatus(status: string, step: string): RuleError {
  return new RuleError(
    "asset_status",
    `This asset is ${STATUS_WORDS[status as AssetStatus] ?? status}: the step "${STEP_LABELS[step] ?? step}" is not possible now.`,
    "step",
    undefined,
    undefined,
    { key: "errors:domain.assetStatus", params: { assetStatus: status, assetStep: step } },
  );
}
