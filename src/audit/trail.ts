/**
 * The audit trail: append-only events, each carrying the hash of the one before, so that any change
 * to a past row breaks the chain at that row. Events are written in the same transaction as the
 * change they record. The database refuses UPDATE, DELETE and TRUNCATE on the table (migration 0002).
 */
import { createHash } from "node:crypto";
import { type Kysely, type Transaction, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { Clock } from "../security/clock.js";

export const GENESIS_HASH = "0".repeat(64);

/** Arbitrary constant naming the advisory lock that serialises appends to the chain. */
const CHAIN_LOCK = 7_261_959;

export interface AuditInput {
  actorId: string | null;
  /** Who acted, for reading: a user's display name and email, "system", or "unknown account". */
  actorLabel: string;
  /** Dotted verb: "session.sign_in", "user.create", "case.read" … */
  action: string;
  objectType: string;
  objectId: string | null;
  /** Before/after summary: field names and non-sensitive values only, never case content. */
  summary: Record<string, unknown>;
  ip: string | null;
}

export interface AuditEvent extends AuditInput {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so the hash does not depend on how jsonb orders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The hash of an event: SHA-256 over its fields and the previous hash. */
export function eventHash(e: Omit<AuditEvent, "hash">): string {
  const body = canonicalJson([e.seq, e.at, e.actorId, e.actorLabel, e.action, e.objectType, e.objectId, e.summary, e.ip, e.prevHash]);
  return createHash("sha256").update(body).digest("hex");
}

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Appends one event. Call inside the transaction that makes the change; the advisory lock keeps
 * concurrent appends in one line (it is released at commit or rollback).
 */
export async function recordEvent(trx: Transaction<Database>, clock: Clock, input: AuditInput): Promise<AuditEvent> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom("audit_event").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  const base = {
    ...input,
    seq: last ? Number(last.seq) + 1 : 1,
    at: clock.now().toISOString(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const event: AuditEvent = { ...base, hash: eventHash(base) };
  await trx
    .insertInto("audit_event")
    .values({
      seq: event.seq,
      at: event.at,
      actor_id: event.actorId,
      actor_label: event.actorLabel,
      action: event.action,
      object_type: event.objectType,
      object_id: event.objectId,
      summary: JSON.stringify(event.summary),
      ip: event.ip,
      prev_hash: event.prevHash,
      hash: event.hash,
    })
    .execute();
  return event;
}

/** Appends several events in order, in one statement (batch registration): one lock, one head read. */
export async function recordEvents(trx: Transaction<Database>, clock: Clock, inputs: AuditInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const last = await trx.selectFrom("audit_event").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = clock.now().toISOString();
  const events = inputs.map((input) => {
    const base = { ...input, seq: ++seq, at, prevHash };
    const event: AuditEvent = { ...base, hash: eventHash(base) };
    prevHash = event.hash;
    return event;
  });
  for (let i = 0; i < events.length; i += 500)
    await trx
      .insertInto("audit_event")
      .values(
        events.slice(i, i + 500).map((e) => ({
          seq: e.seq,
          at: e.at,
          actor_id: e.actorId,
          actor_label: e.actorLabel,
          action: e.action,
          object_type: e.objectType,
          object_id: e.objectId,
          summary: JSON.stringify(e.summary),
          ip: e.ip,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  return events;
}

/** Appends one event in its own transaction (for events that change nothing else, such as a read). */
export function recordStandalone(db: Kysely<Database>, clock: Clock, input: AuditInput): Promise<AuditEvent> {
  return db.transaction().execute((trx) => recordEvent(trx, clock, input));
}

type Row = Database["audit_event"] extends infer T ? { [K in keyof T]: unknown } : never;

/** Turns a stored row back into an event. */
export function fromRow(r: Row): AuditEvent {
  const at = r.at instanceof Date ? r.at.toISOString() : new Date(String(r.at)).toISOString();
  return {
    seq: Number(r.seq),
    at,
    actorId: (r.actor_id as string | null) ?? null,
    actorLabel: String(r.actor_label),
    action: String(r.action),
    objectType: String(r.object_type),
    objectId: (r.object_id as string | null) ?? null,
    summary: (typeof r.summary === "string" ? JSON.parse(r.summary) : r.summary) as Record<string, unknown>,
    ip: (r.ip as string | null) ?? null,
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

export type ChainVerdict = { ok: true; events: number; lastHash: string } | { ok: false; events: number; brokenAt: number; reason: string };

/**
 * Recomputes the whole chain in order of seq and names the first broken link: a row whose hash does
 * not match its content, whose prev_hash is not the previous row's hash, or a gap in the numbering.
 */
export async function verifyChain(db: Db, batch = 5000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_event")
      .selectAll()
      .where("seq", ">=", String(expectedSeq))
      .orderBy("seq")
      .limit(batch)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const e = fromRow(row);
      if (e.seq !== expectedSeq)
        return { ok: false, events: count, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${e.seq})` };
      if (e.prevHash !== prevHash)
        return { ok: false, events: count, brokenAt: e.seq, reason: `event ${e.seq} does not point to the hash of event ${e.seq - 1}` };
      const { hash, ...rest } = e;
      if (eventHash(rest) !== hash)
        return { ok: false, events: count, brokenAt: e.seq, reason: `event ${e.seq} was altered: its content no longer matches its hash` };
      prevHash = hash;
      expectedSeq++;
      count++;
    }
  }
  return { ok: true, events: count, lastHash: prevHash };
}
