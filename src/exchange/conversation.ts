/**
 * Reads of the exchange: a case's conversation as a thread with delivery state and receipts, the
 * received requests awaiting registration (urgent first), and the quarantine.
 */
import type { Kysely } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { caseFor } from "../cases/access.js";
import { listCases } from "../cases/queries.js";
import type { Database } from "../db/schema.js";
import { forbidden } from "../errors.js";
import { type Actor, allow } from "../policies/policy.js";
import type { ExchangeContext } from "./context.js";
import type { AuditHead } from "./receipts.js";
import { type TransferView, caseTransfers } from "./transfers.js";

export interface ThreadMessage {
  id: string;
  direction: "out" | "in";
  kind: string;
  seq: number;
  prev: string;
  hash: string;
  sentAt: string;
  urgent: boolean;
  status: string;
  reason: string | null;
  /** Outgoing and not yet answered by the partner: since when we wait, how often we tried, what went wrong last. */
  waiting: { since: string; attempts: number; lastError: string | null; nextAttemptAt: string | null } | null;
  body: unknown;
  receipts: { kind: string; issuer: string; at: string; reason: string | null; auditHead: AuditHead }[];
}

export interface Thread {
  caseId: string;
  partner: { id: string; jurisdiction: string; authority: string } | null;
  requesting: { jurisdiction: string; reference: string } | null;
  requested: { jurisdiction: string; reference: string | null } | null;
  /** The hash of the newest message: both nodes hold the same one when they agree. */
  head: string | null;
  messages: ThreadMessage[];
  /** Large evidence travelling in chunks, with its progress ("evidence 340 of 1,024 MB received"). */
  transfers: TransferView[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A case's conversation with its partner node, in the order the messages were made or received. */
export async function caseThread(ctx: ExchangeContext, actor: Actor, caseId: string, _client: ClientInfo): Promise<Thread> {
  if (!allow(actor, "exchange:read")) throw forbidden();
  await caseFor(ctx, actor, caseId, "case:read");
  const link = await ctx.db.selectFrom("exchange_link").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  const rows = await ctx.db
    .selectFrom("exchange_message")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("seq")
    .execute();
  const receipts = rows.length
    ? await ctx.db
        .selectFrom("exchange_receipt")
        .select(["message_id", "kind", "issuer", "at", "reason", "audit_head"])
        .where(
          "message_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("at")
        .execute()
    : [];
  const partner = link ? await ctx.partners.byId(link.partner_id) : null;
  return {
    caseId,
    partner: partner ? { id: partner.id, jurisdiction: partner.jurisdiction, authority: partner.authority } : null,
    requesting: link ? { jurisdiction: link.requesting_jurisdiction, reference: link.requesting_reference } : null,
    requested: link ? { jurisdiction: link.requested_jurisdiction, reference: link.requested_reference } : null,
    head: link?.head ?? null,
    transfers: await caseTransfers(ctx, caseId),
    messages: rows.map((r) => ({
      id: r.id,
      direction: r.direction,
      kind: r.kind,
      seq: r.seq,
      prev: r.prev,
      hash: r.hash,
      sentAt: iso(r.sent_at) as string,
      urgent: r.urgent,
      status: r.status,
      reason: r.reason,
      waiting:
        r.direction === "out" && (r.status === "queued" || r.status === "delivered")
          ? { since: iso(r.created_at) as string, attempts: r.attempts, lastError: r.last_error, nextAttemptAt: iso(r.next_attempt_at) }
          : null,
      body: (JSON.parse(r.envelope) as { body: unknown }).body,
      receipts: receipts
        .filter((x) => x.message_id === r.id)
        .map((x) => ({
          kind: x.kind,
          issuer: x.issuer,
          at: iso(x.at) as string,
          reason: x.reason,
          auditHead: (typeof x.audit_head === "string" ? JSON.parse(x.audit_head) : x.audit_head) as AuditHead,
        })),
    })),
  };
}

/** Received requests awaiting registration that the actor may see: urgent first, then oldest first. */
export async function inboxCases(ctx: ExchangeContext, actor: Actor) {
  if (!allow(actor, "exchange:read")) throw forbidden();
  const waiting = await listCases(ctx, actor, { direction: "incoming", state: "received" }, 200);
  if (waiting.length === 0) return [];
  const links = await ctx.db
    .selectFrom("exchange_link")
    .select(["case_id", "requesting_jurisdiction", "requesting_reference", "created_at"])
    .where(
      "case_id",
      "in",
      waiting.map((c) => c.id),
    )
    .execute();
  const byCase = new Map(links.map((l) => [l.case_id, l]));
  return waiting
    .filter((c) => byCase.has(c.id))
    .map((c) => {
      const l = byCase.get(c.id);
      return {
        ...c,
        from: l?.requesting_jurisdiction ?? c.requesting,
        theirReference: l?.requesting_reference ?? null,
        receivedAt: iso(l?.created_at ?? null),
      };
    })
    .sort((a, b) => (a.urgency === b.urgency ? (a.receivedAt ?? "").localeCompare(b.receivedAt ?? "") : a.urgency === "urgent" ? -1 : 1));
}

/** The quarantine, newest first (administrators). */
export async function listQuarantine(ctx: ExchangeContext, actor: Actor, limit = 100) {
  if (!allow(actor, "exchange:quarantine")) throw forbidden();
  const rows = await ctx.db
    .selectFrom("exchange_quarantine")
    .select(["id", "received_at", "partner_id", "message_id", "reason", "detail", "size", "ip"])
    .orderBy("received_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    receivedAt: iso(r.received_at) as string,
    partnerId: r.partner_id,
    messageId: r.message_id,
    reason: r.reason,
    detail: r.detail,
    size: r.size,
    ip: r.ip,
  }));
}

/** One quarantined message with what was received (at most its first 64 KiB, as sealed). */
export async function readQuarantine(ctx: ExchangeContext, actor: Actor, id: string) {
  if (!allow(actor, "exchange:quarantine")) throw forbidden();
  const r = await ctx.db.selectFrom("exchange_quarantine").selectAll().where("id", "=", id).executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    receivedAt: iso(r.received_at) as string,
    partnerId: r.partner_id,
    messageId: r.message_id,
    reason: r.reason,
    detail: r.detail,
    size: r.size,
    ip: r.ip,
    content: r.content,
  };
}

/**
 * Whether a case is carried through the exchange, and its direction: the transitions route asks it
 * to know whether an action must send its message. `db` is the register's database (the exchange
 * may be off: its tables are there all the same).
 */
export async function carriedCase(
  db: Kysely<Database>,
  caseId: string,
): Promise<{ direction: "incoming" | "outgoing"; partnerId: string } | null> {
  const row = await db
    .selectFrom("exchange_link")
    .innerJoin("case_file", "case_file.id", "exchange_link.case_id")
    .select(["case_file.direction", "exchange_link.partner_id"])
    .where("exchange_link.case_id", "=", caseId)
    .executeTakeFirst();
  return row ? { direction: row.direction as "incoming" | "outgoing", partnerId: row.partner_id } : null;
}
