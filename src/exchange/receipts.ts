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

/** A `delivered` or `accepted` receipt's payload: what this node signs for a message it holds. */
function positivePayload(
  ctx: ExchangeContext,
  message: { id: string; hash: string },
  kind: ReceiptKind,
  at: string,
  head: AuditHead,
): ReceiptPayload {
  return {
    v: 1,
    type: "receipt",
    kind,
    messageId: message.id,
    messageHash: message.hash,
    issuer: ctx.node.jurisdiction,
    at,
    reason: null,
    auditHead: head,
  };
}

/**
 * Signs and stores receipts of this node for a message inside the transaction that stored or applied
 * it, over the audit head that transaction reached (its own event included): no read of the head
 * after the commit, and the receipts cannot be lost between the two.
 */
export async function issueReceiptsIn(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  message: { id: string; hash: string },
  kinds: ReceiptKind[],
  head: AuditHead,
): Promise<string[]> {
  const at = ctx.clock.now().toISOString();
  const signed: { kind: ReceiptKind; jws: string }[] = [];
  // One after another: each reads the signing key in the transaction, which has one connection.
  for (const kind of kinds) {
    const payload = positivePayload(ctx, message, kind, at, head);
    signed.push({ kind, jws: await ctx.sealing.signDetached(new TextEncoder().encode(canonicalJson(payload)), trx) });
  }
  await trx
    .insertInto("exchange_receipt")
    .values(
      signed.map(({ kind, jws }) => ({
        message_id: message.id,
        kind,
        issuer: ctx.node.jurisdiction,
        reason: null,
        at,
        audit_head: JSON.stringify(head),
        jws,
      })),
    )
    .execute();
  return signed.map((r) => r.jws);
}

/**
 * `delivered` and `accepted` for each message of a run applied in one transaction (inbox.ts's
 * applyRun), each signed over the audit head its own event reached, exactly as issueReceiptsIn signs
 * them for one message: the signing key read once in the transaction, one insert. Returns each
 * message's two receipts, in the run's order.
 */
export async function issueRunReceipts(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  run: { message: { id: string; hash: string }; head: AuditHead }[],
): Promise<string[][]> {
  const at = ctx.clock.now().toISOString();
  const kinds = ["delivered", "accepted"] as const;
  const rows = run.flatMap(({ message, head }) => kinds.map((kind) => ({ message, head, kind })));
  const signed = await ctx.sealing.signMany(
    rows.map(({ message, head, kind }) => new TextEncoder().encode(canonicalJson(positivePayload(ctx, message, kind, at, head)))),
    trx,
  );
  await trx
    .insertInto("exchange_receipt")
    .values(
      rows.map(({ message, head, kind }, i) => ({
        message_id: message.id,
        kind,
        issuer: ctx.node.jurisdiction,
        reason: null,
        at,
        audit_head: JSON.stringify(head),
        jws: signed[i] as string,
      })),
    )
    .execute();
  return run.map((_, i) => signed.slice(kinds.length * i, kinds.length * (i + 1)));
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

/**
 * Issues our `submission_accepted` receipts for outgoing messages that lack one (the sender worker
 * calls this before each delivery round): one head read, the signing key read once, one insert.
 */
export async function ensureSubmissionReceipts(ctx: ExchangeContext, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  const missing = await ctx.db
    .selectFrom("exchange_message as m")
    .select(["m.id", "m.hash"])
    .where("m.id", "in", messageIds)
    .where("m.direction", "=", "out")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("exchange_receipt as r")
            .select("r.message_id")
            .whereRef("r.message_id", "=", "m.id")
            .where("r.kind", "=", "submission_accepted"),
        ),
      ),
    )
    .execute();
  if (missing.length === 0) return;
  const head = await auditHead(ctx.db);
  const at = ctx.clock.now().toISOString();
  const payloads = missing.map((m) =>
    canonicalJson({
      v: 1,
      type: "receipt",
      kind: "submission_accepted",
      messageId: m.id,
      messageHash: m.hash,
      issuer: ctx.node.jurisdiction,
      at,
      reason: null,
      auditHead: head,
    } satisfies ReceiptPayload),
  );
  const signed = await ctx.sealing.signMany(payloads.map((p) => new TextEncoder().encode(p)));
  await ctx.db
    .insertInto("exchange_receipt")
    .values(
      missing.map((m, i) => ({
        message_id: m.id,
        kind: "submission_accepted" as const,
        issuer: ctx.node.jurisdiction,
        reason: null,
        at,
        audit_head: JSON.stringify(head),
        jws: signed[i] as string,
      })),
    )
    .onConflict((oc) => oc.columns(["message_id", "kind"]).doNothing())
    .execute();
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
 * dropped. Returns the final verdicts found (accepted or rejected) by message id. The receipts of a
 * batch are checked first (the partner's key read once) and stored in one transaction.
 */
export async function takeReceipts(
  ctx: ExchangeContext,
  partnerId: string,
  receipts: string[],
): Promise<Map<string, { kind: ReceiptKind; reason: string | null }>> {
  const verdicts = new Map<string, { kind: ReceiptKind; reason: string | null }>();
  const keys = new Map<string, Promise<unknown>>();
  const now = ctx.clock.now();
  const good: { jws: string; payload: ReceiptPayload & { messageId: string } }[] = [];
  for (const jws of receipts) {
    const opened = await ctx.sealing.verifySigned(jws, now, keys);
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
    good.push({ jws, payload: payload as ReceiptPayload & { messageId: string } });
  }
  if (good.length === 0) return verdicts;
  await ctx.db.transaction().execute(async (trx) => {
    const ids = [...new Set(good.map((g) => g.payload.messageId))];
    const rows = await trx
      .selectFrom("exchange_message")
      .select(["id", "hash", "status"])
      .where("id", "in", ids)
      .where("direction", "=", "out")
      .where("partner_id", "=", partnerId)
      .orderBy("id")
      .forUpdate()
      .execute();
    const ours = new Map(rows.map((m) => [m.id, m]));
    const stored = good.filter((g) => ours.get(g.payload.messageId)?.hash === g.payload.messageHash);
    if (stored.length === 0) return;
    await trx
      .insertInto("exchange_receipt")
      .values(
        stored.map(({ jws, payload }) => ({
          message_id: payload.messageId,
          kind: payload.kind,
          issuer: payload.issuer,
          reason: payload.reason,
          at: payload.at,
          audit_head: JSON.stringify(payload.auditHead),
          jws,
        })),
      )
      .onConflict((oc) => oc.columns(["message_id", "kind"]).doNothing())
      .execute();
    const accepted: string[] = [];
    const delivered: string[] = [];
    for (const { payload } of stored) {
      const m = ours.get(payload.messageId);
      if (!m) continue;
      if (payload.kind === "accepted" || payload.kind === "rejected") {
        verdicts.set(m.id, { kind: payload.kind, reason: payload.reason });
        if (m.status === "accepted" || m.status === "rejected") continue;
        m.status = payload.kind;
        if (payload.kind === "accepted") accepted.push(m.id);
        else
          await trx
            .updateTable("exchange_message")
            .set({ status: "rejected", reason: payload.reason, done_at: now, next_attempt_at: null })
            .where("id", "=", m.id)
            .execute();
      } else if (payload.kind === "delivered" && m.status === "queued") delivered.push(m.id);
    }
    if (accepted.length > 0)
      await trx
        .updateTable("exchange_message")
        .set({ status: "accepted", reason: null, done_at: now, next_attempt_at: null })
        .where("id", "in", accepted)
        .execute();
    const onlyDelivered = delivered.filter((id) => !verdicts.has(id));
    if (onlyDelivered.length > 0)
      await trx.updateTable("exchange_message").set({ status: "delivered" }).where("id", "in", onlyDelivered).execute();
  });
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
