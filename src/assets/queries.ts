/**
 * Reads of criminal assets: a case's assets with the law that governs them, and the register across the
 * cases the actor may see (need-to-know through `visibleCases`, as every list), its totals per state,
 * status and currency (exact sums taken as numeric in SQL, read back as text), the frozen assets whose
 * orders expire within a window, and the register as CSV.
 */
import { sql } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordStandalone } from "../audit/trail.js";
import { type CaseRow, type CasesContext, basisOf, caseFor, visibleCases } from "../cases/access.js";
import { DomainError } from "../errors.js";
import { type Actor, allow, readIsAudited } from "../policies/policy.js";
import type { AssetIdentifiers } from "./fields.js";
import { type AssetCitation, type AssetLaw, assetLaw } from "./law.js";

const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
const iso = (d: Date | string) => new Date(d).toISOString();

export interface AssetShare {
  id: string;
  party: string;
  percent: string;
  amount: string;
  converted: string | null;
  transfer: { reference: string; on: string } | null;
}
export interface AssetSharing {
  id: string;
  basis: string;
  instrumentId: string | null;
  reference: string;
  concludedOn: string;
  currency: string;
  gross: string;
  costs: string;
  net: string;
  conversion: { currency: string; rate: string; on: string; source: string; net: string } | null;
  provisions: { provision: string; cite: string }[];
  shares: AssetShare[];
}
export interface Asset {
  id: string;
  kind: string;
  description: string;
  location: string;
  identifiers: AssetIdentifiers;
  holders: { name: string; role: string }[];
  value: { amount: string; currency: string; on: string | null; source: string | null } | null;
  thirdPartyClaims: { claimant: string; right: string }[];
  embezzledPublicFunds: boolean;
  status: string;
  freeze: { order: string | null; on: string | null; expiresOn: string | null } | null;
  confiscation: { order: string; on: string | null; final: boolean } | null;
  proceeds: { amount: string; currency: string; on: string | null } | null;
  disposal: { kind: string; on: string | null } | null;
  steps: {
    step: string;
    from: string | null;
    to: string;
    on: string;
    order: string | null;
    provisions: { provision: string; cite: string }[];
    note: string | null;
    at: string;
  }[];
  sharings: AssetSharing[];
  transfers: { recipient: string; amount: string; currency: string; reference: string; on: string }[];
  /** The law for this asset (its facts: embezzled public funds or not). */
  law: AssetLaw;
}
/** A case's assets with the law and the case's version (to send back with a change). */
export interface CaseAssets {
  caseId: string;
  reference: string;
  requesting: string;
  requested: string;
  caseVersion: number;
  offence: string | null;
  law: AssetLaw;
  assets: Asset[];
  /** Set after a write: the asset it changed. */
  changed?: string;
}

/** A case's assets; reading a confidential case's assets is audited, as reading the case is. */
export async function listCaseAssets(ctx: CasesContext, actor: Actor, caseId: string, client: ClientInfo): Promise<CaseAssets> {
  const row = await caseFor(ctx, actor, caseId, "case:read");
  if (readIsAudited(row.confidentiality))
    await recordStandalone(ctx.db, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.read",
      objectType: "case",
      objectId: row.id,
      summary: { reference: row.reference, confidentiality: row.confidentiality, part: "assets" },
      ip: client.ip,
    });
  return assetsOf(ctx, row);
}

/** After a write: the case's assets if the actor may read them, else a receipt (a write-only token). */
export async function assetsResult(ctx: CasesContext, actor: Actor, caseId: string, client: ClientInfo, changed: string) {
  if (allow(actor, "case:read")) {
    try {
      return { ...(await listCaseAssets(ctx, actor, caseId, client)), changed };
    } catch (err) {
      // A token that may change the case but not read it gets a receipt, as writeResult answers.
      if (!(err instanceof DomainError && err.status === 404)) throw err;
    }
  }
  return ctx.db.selectFrom("case_file").select(["id", "reference", "version"]).where("id", "=", caseId).executeTakeFirstOrThrow();
}

/** The case's assets (the caller has checked access). */
export async function assetsOf(ctx: CasesContext, row: CaseRow): Promise<CaseAssets> {
  const basis = basisOf(row);
  const [assets, holders, steps, sharings, shares, transfers] = await Promise.all([
    ctx.db.selectFrom("case_asset").selectAll().where("case_id", "=", row.id).orderBy("created_at").orderBy("id").execute(),
    ctx.db
      .selectFrom("case_asset_holder")
      .innerJoin("case_asset", "case_asset.id", "case_asset_holder.asset_id")
      .selectAll("case_asset_holder")
      .where("case_asset.case_id", "=", row.id)
      .execute(),
    ctx.db.selectFrom("case_asset_step").selectAll().where("case_id", "=", row.id).orderBy("seq").execute(),
    ctx.db.selectFrom("case_asset_sharing").selectAll().where("case_id", "=", row.id).orderBy("created_at").execute(),
    ctx.db
      .selectFrom("case_asset_share")
      .innerJoin("case_asset_sharing", "case_asset_sharing.id", "case_asset_share.sharing_id")
      .selectAll("case_asset_share")
      .where("case_asset_sharing.case_id", "=", row.id)
      .orderBy("case_asset_share.position")
      .execute(),
    ctx.db.selectFrom("case_asset_transfer").selectAll().where("case_id", "=", row.id).orderBy("recorded_at").execute(),
  ]);
  return {
    caseId: row.id,
    reference: row.reference,
    requesting: row.requesting,
    requested: row.requested,
    caseVersion: row.version,
    offence: basis?.offence ?? null,
    law: assetLaw(basis, ctx.kb),
    assets: assets.map((a) => ({
      id: a.id,
      kind: a.kind,
      description: a.description,
      location: a.location,
      identifiers: json<AssetIdentifiers>(a.identifiers),
      holders: holders.filter((h) => h.asset_id === a.id).map((h) => ({ name: h.name, role: h.role })),
      value:
        a.value_amount && a.value_currency
          ? { amount: a.value_amount, currency: a.value_currency, on: a.value_on, source: a.value_source }
          : null,
      thirdPartyClaims: json<{ claimant: string; right: string }[]>(a.third_party_claims),
      embezzledPublicFunds: a.embezzled_public_funds,
      status: a.status,
      freeze:
        a.freeze_order || a.freeze_expires_on ? { order: a.freeze_order, on: a.freeze_ordered_on, expiresOn: a.freeze_expires_on } : null,
      confiscation: a.confiscation_order
        ? { order: a.confiscation_order, on: a.confiscation_ordered_on, final: a.confiscation_final === true }
        : null,
      proceeds:
        a.proceeds_amount && a.proceeds_currency ? { amount: a.proceeds_amount, currency: a.proceeds_currency, on: a.realised_on } : null,
      disposal: a.disposal ? { kind: a.disposal, on: a.disposed_on } : null,
      steps: steps
        .filter((s) => s.asset_id === a.id)
        .map((s) => ({
          step: s.step,
          from: s.from_status,
          to: s.to_status,
          on: s.on_date,
          order: s.order_ref,
          provisions: json<{ provision: string; cite: string }[]>(s.provisions),
          note: s.note,
          at: iso(s.at),
        })),
      sharings: sharings
        .filter((s) => s.asset_id === a.id)
        .map((s) => ({
          id: s.id,
          basis: s.basis,
          instrumentId: s.instrument_id,
          reference: s.reference,
          concludedOn: s.concluded_on,
          currency: s.currency,
          gross: s.gross,
          costs: s.costs,
          net: s.net,
          conversion: s.conversion ? json<AssetSharing["conversion"]>(s.conversion) : null,
          provisions: json<{ provision: string; cite: string }[]>(s.provisions),
          shares: shares
            .filter((x) => x.sharing_id === s.id)
            .map((x) => {
              const t = transfers.find((tr) => tr.share_id === x.id);
              return {
                id: x.id,
                party: x.party,
                percent: x.percent,
                amount: x.amount,
                converted: x.converted,
                transfer: t ? { reference: t.reference, on: t.on_date } : null,
              };
            }),
        })),
      transfers: transfers
        .filter((t) => t.asset_id === a.id)
        .map((t) => ({ recipient: t.recipient, amount: t.amount, currency: t.currency, reference: t.reference, on: t.on_date })),
      law: assetLaw(basis, ctx.kb, { embezzledPublicFunds: a.embezzled_public_funds }),
    })),
  };
}

/** One row of the register across cases. */
export interface RegisterRow {
  assetId: string;
  caseId: string;
  reference: string;
  kind: string;
  description: string;
  location: string;
  status: string;
  /** The proceeds once realised, else the estimated value. */
  amount: string | null;
  currency: string | null;
  freezeExpiresOn: string | null;
}
export interface RegisterTotal {
  location: string;
  status: string;
  currency: string;
  count: number;
  amount: string;
}
export interface AssetRegister {
  today: string;
  rows: RegisterRow[];
  totals: RegisterTotal[];
  /** Frozen assets whose order expires within the window (or has expired), soonest first. */
  expiring: RegisterRow[];
  expiringWithinDays: number;
}

/** Filters of the register. */
export interface RegisterFilter {
  status?: string;
  currency?: string;
  location?: string;
  withinDays?: number;
}

/** The register across the cases the actor may see, its totals and the orders expiring soon. */
export async function assetRegister(ctx: CasesContext, actor: Actor, f: RegisterFilter = {}): Promise<AssetRegister> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const days = f.withinDays ?? 30;
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  let q = visibleCases(
    ctx.db
      .selectFrom("case_asset")
      .innerJoin("case_file", "case_file.id", "case_asset.case_id")
      .select([
        "case_asset.id as assetId",
        "case_file.id as caseId",
        "case_file.reference",
        "case_asset.kind",
        "case_asset.description",
        "case_asset.location",
        "case_asset.status",
        sql<string | null>`coalesce(case_asset.proceeds_amount, case_asset.value_amount)`.as("amount"),
        sql<string | null>`coalesce(case_asset.proceeds_currency, case_asset.value_currency)`.as("currency"),
        "case_asset.freeze_expires_on as freezeExpiresOn",
      ]),
    actor,
  );
  if (f.status) q = q.where("case_asset.status", "=", f.status);
  if (f.location) q = q.where("case_asset.location", "=", f.location);
  if (f.currency) q = q.where(sql`coalesce(case_asset.proceeds_currency, case_asset.value_currency)`, "=", f.currency);
  const rows = (await q.orderBy("case_file.reference").orderBy("case_asset.created_at").limit(5000).execute()) as RegisterRow[];
  // Exact sums: the amounts are decimal strings; numeric addition in SQL, read back as text.
  let t = visibleCases(
    ctx.db
      .selectFrom("case_asset")
      .innerJoin("case_file", "case_file.id", "case_asset.case_id")
      .select([
        "case_asset.location",
        "case_asset.status",
        sql<string>`coalesce(case_asset.proceeds_currency, case_asset.value_currency)`.as("currency"),
        sql<number>`count(*)::int`.as("count"),
        sql<string>`sum(coalesce(case_asset.proceeds_amount, case_asset.value_amount)::numeric)::text`.as("amount"),
      ])
      .where(sql`coalesce(case_asset.proceeds_currency, case_asset.value_currency)`, "is not", null),
    actor,
  );
  if (f.status) t = t.where("case_asset.status", "=", f.status);
  if (f.location) t = t.where("case_asset.location", "=", f.location);
  if (f.currency) t = t.where(sql`coalesce(case_asset.proceeds_currency, case_asset.value_currency)`, "=", f.currency);
  const totals = (await t
    .groupBy(["case_asset.location", "case_asset.status", sql`3`])
    .orderBy("case_asset.location")
    .orderBy("case_asset.status")
    .orderBy(sql`3`)
    .execute()) as RegisterTotal[];
  const expiring = rows
    .filter((r) => r.status === "frozen" && r.freezeExpiresOn !== null && r.freezeExpiresOn <= horizon)
    .sort((a, b) => (a.freezeExpiresOn as string).localeCompare(b.freezeExpiresOn as string));
  return { today, rows, totals, expiring, expiringWithinDays: days };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  // A leading =, +, - or @ would be read as a formula by a spreadsheet: quote it with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The register as CSV (UTF-8 with a byte-order mark so spreadsheets read non-ASCII text). */
export function registerCsv(reg: AssetRegister): string {
  const head = ["case", "asset_id", "kind", "description", "location", "status", "amount", "currency", "freeze_expires_on"];
  const lines = reg.rows.map((r) =>
    [r.reference, r.assetId, r.kind, r.description, r.location, r.status, r.amount, r.currency, r.freezeExpiresOn].map(csvCell).join(","),
  );
  return `\uFEFF${[head.join(","), ...lines].join("\r\n")}\r\n`;
}

/** The citations of a law's step, in a line (for the CLI). */
export const citeLine = (c: AssetCitation[]) => c.map((x) => x.cite).join("; ");
