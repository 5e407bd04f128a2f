/**
 * Receipts in the vocabulary of ETSI REM / e-CODEX evidences: `submission_accepted` (the sender node
 * queued the message), `delivered` (the recipient node stored it), `accepted` or `rejected` (the
 * recipient applied it, or refused it with a reason). Each is signed by the node that issues it and
 * carries that node's audit-chain head, so a partner holding the receipt can later tell whether the
 * newest audit events of the issuer were deleted.
 */
import type { Transaction } from "kysely";
import { z } from "zod";
import { GENESIS_HASH } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { canonicalJson } from "./envelope.js";
import type { ExchangeContext } from "./context.js";

export const RECEIPT_KINDS = ["submission_accepted", "delivered", "accepted", "rejected"] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/** The audit chain's newest event: how many, its number and its hash. */
export interface AuditHead {
  events: number;
  seq: number;
  hash: string;
}

/** What a receipt states (the signed payload). `messageId` is null when the message could not even be opened. */
export interface ReceiptPayload {
  v: 1;
  type: "receipt";
  kind: ReceiptKind;
  messageId: string | null;
  messageHash: string | null;
  issuer: string;
  at: string;
  reason: string | null;
  auditHead: AuditHead;
}

const receiptShape = z.object({
  v: z.literal(1),
  type: z.literal("receipt"),
  kind: z.enum(RECEIPT_KINDS),
  messageId: z.uuid().nullable(),
  messageHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  issuer: z.string().regex(/^[A-Z]{2}$/),
  at: z.iso.datetime({ offset: false }),
  reason: z.string().max(2000).nullable(),
  auditHead: z.object({ events: z.number().int().min(0), seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) }),
});

/** The head of this node's audit chain now. */
export async function auditHead(db: ExchangeContext["db"] | Transaction<Database>): Promise<AuditHead> {
  const last = await db.selectFrom("audit_event").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const seq = last ? Number(last.seq) : 0;
  // Events are numbered from 1 without gaps (verifyChain refuses a gap), so the count is the number.
  return { events: seq, seq, hash: last?.hash ?? GENESIS_HASH };
}

/**
 * Signs a receipt of this node and, when the message is stored here, stores it with it. Called after
 * the transaction that stored or applied the message has committed: the keyring reads the database,
 * and embedded PGlite has one connection, which an open transaction holds. A receipt lost to a crash
 * in between is issued again by `ensureReceipts` when the message is delivered again.
 */
export async function issueReceipt(
  ctx: ExchangeContext,
  message: { id: string; hash: string } | null,
  kind: ReceiptKind,
  reason: string | null = null,
  store = true,
): Promise<string> {
  const payload: ReceiptPayload = {
    v: 1,
    type: "receipt",
    kind,
    messageId: message?.id ?? null,
    messageHash: message?.hash ?? null,
    issuer: ctx.node.jurisdiction,
    at: ctx.clock.now().toISOString(),
    reason,
    auditHead: await auditHead(ctx.db),
  };
  const jws = await ctx.sealing.signDetached(new TextEncoder().encode(canonicalJson(payload)));
  if (message && store)
    await ctx.db
      .insertInto("exchange_receipt")
      .values({
        message_id: message.id,
        kind,
        issuer: payload.issuer,
        reason,
        at: payload.at,
        audit_head: JSON.stringify(payload.auditHead),
        jws,
      })
      .onConflict((oc) => oc.columns(["message_id", "kind"]).doNothing())
      .execute();
  return jws;
}

/** Issues the receipts this node owes for a message stored here and not yet issued (see issueReceipt). */
export async function ensureReceipts(ctx: ExchangeContext, messageId: string): Promise<void> {
  const m = await ctx.db
    .selectFrom("exchange_message")
    .select(["id", "hash", "direction", "status", "reason"])
    .where("id", "=", messageId)
    .executeTakeFirst();
  if (!m) return;
  const have = new Set(
    (
      await ctx.db
        .selectFrom("exchange_receipt")
        .select("kind")
        .where("message_id", "=", m.id)
        .where("issuer", "=", ctx.node.jurisdiction)
        .execute()
    ).map((r) => r.kind),
  );
  const owed: ReceiptKind[] =
    m.direction === "out"
      ? ["submission_accepted"]
      : m.status === "held"
        ? ["delivered"]
        : m.status === "applied"
          ? ["delivered", "accepted"]
          : m.status === "rejected"
            ? ["delivered", "rejected"]
            : [];
  for (const kind of owed) if (!have.has(kind)) await issueReceipt(ctx, m, kind, kind === "rejected" ? m.reason : null);
}

/** The receipts stored with a message, signed. */
export async function receiptsOf(trx: Transaction<Database> | ExchangeContext["db"], messageIds: string[]): Promise<string[]> {
  if (messageIds.length === 0) return [];
  const rows = await trx.selectFrom("exchange_receipt").select("jws").where("message_id", "in", messageIds).orderBy("at").execute();
  return rows.map((r) => r.jws);
}

/**
 * Checks the receipts a partner returned for our messages and stores the good ones; a receipt that
 * is not signed by that partner, not about one of our messages to it, or names another hash, is
 * dropped. Returns the final verdicts found (accepted or rejected) by message id.
 */
export async function takeReceipts(
  ctx: ExchangeContext,
  partnerId: string,
  receipts: string[],
): Promise<Map<string, { kind: ReceiptKind; reason: string | null }>> {
  const verdicts = new Map<string, { kind: ReceiptKind; reason: string | null }>();
  for (const jws of receipts) {
    const opened = await ctx.sealing.verifySigned(jws, ctx.clock.now());
    if (!opened.ok || opened.partner.id !== partnerId) continue;
    let payload: ReceiptPayload;
    try {
      const parsed = receiptShape.safeParse(JSON.parse(new TextDecoder().decode(opened.payload)));
      if (!parsed.success) continue;
      payload = parsed.data as ReceiptPayload;
    } catch {
      continue;
    }
    if (!payload.messageId || payload.issuer !== opened.partner.jurisdiction) continue;
    const messageId = payload.messageId;
    await ctx.db.transaction().execute(async (trx) => {
      const m = await trx
        .selectFrom("exchange_message")
        .select(["id", "hash", "status"])
        .where("id", "=", messageId)
        .where("direction", "=", "out")
        .where("partner_id", "=", partnerId)
        .forUpdate()
        .executeTakeFirst();
      if (!m || m.hash !== payload.messageHash) return;
      await trx
        .insertInto("exchange_receipt")
        .values({
          message_id: m.id,
          kind: payload.kind,
          issuer: payload.issuer,
          reason: payload.reason,
          at: payload.at,
          audit_head: JSON.stringify(payload.auditHead),
          jws,
        })
        .onConflict((oc) => oc.columns(["message_id", "kind"]).doNothing())
        .execute();
      if (payload.kind === "accepted" || payload.kind === "rejected") {
        verdicts.set(m.id, { kind: payload.kind, reason: payload.reason });
        if (m.status !== "accepted" && m.status !== "rejected")
          await trx
            .updateTable("exchange_message")
            .set({ status: payload.kind, reason: payload.reason, done_at: ctx.clock.now(), next_attempt_at: null })
            .where("id", "=", m.id)
            .execute();
      } else if (payload.kind === "delivered" && m.status === "queued")
        await trx.updateTable("exchange_message").set({ status: "delivered" }).where("id", "=", m.id).execute();
    });
  }
  return verdicts;
}

/** Reads a receipt's payload without checking it (for display of receipts already checked when stored). */
export function receiptPayloadOf(jws: string): ReceiptPayload | null {
  const part = jws.split(".")[1];
  if (!part) return null;
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as ReceiptPayload;
  } catch {
    return null;
  }
}
