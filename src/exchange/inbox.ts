/**
 * The inbox. Before anything is written, a message is checked in this order: its size, its seal
 * (decryption with our key, the signature of a trusted partner's valid key: seal.ts), the time
 * window of the delivery, the envelope's schema, that it is addressed to us by the partner that
 * signed it, and that the partner is the requesting or requested state of the case it names (and
 * the case is carried with that partner). A message that fails is answered with a signed negative
 * receipt naming the reason and kept in the quarantine; nothing of it reaches a case.
 *
 * A good message is applied exactly once, by its id, in the order of its sequence number: one ahead
 * of the next expected is held until the gap is filled; a repeat is answered with the receipts
 * already issued. Applying it changes the case in the same transaction as the message's row, its
 * receipts and the audit events.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Transaction } from "kysely";
import { DatabaseBusyError, isSqlError } from "../db/errors.js";
import { type AuditInput, recordEvent, recordEvents } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError } from "../errors.js";
import { partnerLabel } from "./actor.js";
import { APPLIERS, type LinkRow, RECORDED_ONLY } from "./apply/index.js";
import { type Author, correspondAll, lockCase, touchTimes } from "./casefile.js";
import type { ExchangeContext, RefusalReason, TrustedPartner } from "./context.js";
import { isActive } from "./context.js";
import { type Envelope, canonicalJson, parseDelivery, parseEnvelope } from "./envelope.js";
import { SENT_BY } from "./messages/index.js";
import { ensureReceipts, issueReceipt, issueReceiptsIn, issueRunReceipts, receiptsOf } from "./receipts.js";
import { incompleteTransfers } from "./transfers.js";

/** The inbox's answer: HTTP status and the signed receipts. */
export interface InboxAnswer {
  status: number;
  receipts: string[];
  /** The message's id, when it could be read. */
  messageId?: string;
  /** Set when the message was refused. */
  reason?: RefusalReason;
  detail?: string;
}

/** Arbitrary constant naming the advisory locks that serialise the messages of one conversation. */
const CONVERSATION_LOCK = 7_261_960;

/**
 * How often applying one message may fail for a fault of this node (its database, not a rule of the
 * case) before it is refused: a fault that heals (a restart, a migration, a lock) has these deliveries
 * to heal in, as the sender backs off between them; one that does not is refused at the last, so the
 * sender does not retry for ever and the administrator finds it in the quarantine.
 */
export const DEFAULT_MAX_APPLY_ATTEMPTS = 5;

/**
 * How far ahead of the next expected number a message may be and still be held for the gap: a sender
 * never has more of one case in flight; a number beyond is a forgery or a broken sender, refused
 * rather than stored to wait for ever.
 */
const MAX_SEQ_AHEAD = 1_000;

/** Most messages held (waiting for a gap) from one partner: beyond, a flood is refused, not stored. */
const MAX_HELD_PER_PARTNER = 5_000;

/** Keeps what was refused for the administrator (at most 64 KiB of it) and answers with a signed negative receipt. */
async function refuse(
  ctx: ExchangeContext,
  input: {
    reason: RefusalReason;
    detail: string;
    content: string;
    partner?: TrustedPartner;
    ip: string | null;
    message?: { id: string; hash: string };
  },
): Promise<InboxAnswer> {
  await ctx.db
    .insertInto("exchange_quarantine")
    .values({
      received_at: ctx.clock.now(),
      partner_id: input.partner?.id ?? null,
      message_id: input.message?.id ?? null,
      reason: input.reason,
      detail: input.detail.slice(0, 2000),
      size: Buffer.byteLength(input.content),
      content: input.content.slice(0, 64 * 1024),
      ip: input.ip,
    })
    .execute();
  const receipt = await issueReceipt(ctx, input.message ?? null, "rejected", `${input.reason}: ${input.detail}`.slice(0, 2000), false);
  return {
    status: 422,
    receipts: [receipt],
    reason: input.reason,
    detail: input.detail,
    ...(input.message ? { messageId: input.message.id } : {}),
  };
}

/** What became of one message of a batch, in the batch's order (its receipts are in the answer's list). */
export interface BatchResult {
  id: string | null;
  status: number;
  reason?: RefusalReason;
  detail?: string;
}

/**
 * Receives a sealed delivery (the body of POST /api/v1/exchange/inbox): one message, or a batch of
 * messages each signed on its own (seal.ts's sealBatch). Each message of a batch is checked on its
 * own; then each conversation's messages are taken in the batch's order, a run of them that is plainly
 * next applied together (applyRun), the others one by one as if each had come alone. A batch is
 * answered 200 with each message's result and all the receipts issued; a message of it that fails is
 * refused and quarantined on its own.
 */
export async function receiveSealed(
  ctx: ExchangeContext,
  sealed: string,
  ip: string | null,
): Promise<InboxAnswer & { results?: BatchResult[] }> {
  const size = Buffer.byteLength(sealed);
  if (size > ctx.sealing.maxSealedBytes)
    return refuse(ctx, {
      reason: "oversized",
      detail: `${size} bytes, more than ${ctx.sealing.maxSealedBytes}`,
      content: sealed.slice(0, 1024),
      ip,
    });
  const now = ctx.clock.now();
  const opened = await ctx.sealing.open(sealed.trim(), now);
  if (!opened.ok) return refuse(ctx, { reason: opened.reason, detail: opened.detail, content: sealed, partner: opened.partner, ip });
  if (!("batch" in opened)) return receiveSigned(ctx, opened.partner, opened.payload, opened.jws, sealed, ip, now);
  const keys = new Map<string, Promise<unknown>>();
  // First what needs no database but the partner's key: each message's signature, delivery and envelope.
  const answers: (InboxAnswer | undefined)[] = [];
  const checked: (Checked | undefined)[] = [];
  for (const jws of opened.batch) {
    const verified = await ctx.sealing.verifyMessage(jws, now, keys);
    const c = verified.ok
      ? await checkSigned(ctx, verified.partner, verified.payload, jws, jws, ip, now)
      : await refuse(ctx, { reason: verified.reason, detail: verified.detail, content: jws, partner: verified.partner, ip });
    checked.push("e" in c ? c : undefined);
    answers.push("e" in c ? undefined : c);
  }
  // Then each conversation, in the order it first appears in the batch: the run of its messages that
  // can be applied together (applyRun), then the rest one by one, each as if it had come alone.
  // Conversations are independent (each has its own lock, numbers and chain); within one, the batch's
  // order is kept.
  const conversations = new Map<string, number[]>();
  checked.forEach((c, i) => {
    if (!c) return;
    const key = `${c.partner.id} ${c.e.case.requesting.jurisdiction}/${c.e.case.requesting.reference}`;
    const list = conversations.get(key);
    if (list) list.push(i);
    else conversations.set(key, [i]);
  });
  for (const indexes of conversations.values()) {
    const items = indexes.map((i) => checked[i] as Checked);
    let lead = 0;
    while (lead < items.length && RECORDED_ONLY[(items[lead] as Checked).e.kind]) lead++;
    const done = lead >= 2 ? await applyRun(ctx, items.slice(0, lead)) : [];
    done.forEach((answer, j) => {
      answers[indexes[j] as number] = answer;
    });
    for (let j = done.length; j < items.length; j++) answers[indexes[j] as number] = await receiveChecked(ctx, items[j] as Checked);
  }
  const results: BatchResult[] = [];
  const receipts: string[] = [];
  for (const answer of answers as InboxAnswer[]) {
    receipts.push(...answer.receipts);
    results.push({
      id: answer.messageId ?? null,
      status: answer.status,
      ...(answer.reason ? { reason: answer.reason, detail: answer.detail } : answer.detail ? { detail: answer.detail } : {}),
    });
  }
  return { status: 200, receipts, results };
}

/** One message whose signature was verified: its delivery's shape and time window, then the envelope. */
async function receiveSigned(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  payload: Uint8Array,
  jws: string,
  content: string,
  ip: string | null,
  now: Date,
): Promise<InboxAnswer> {
  const c = await checkSigned(ctx, partner, payload, jws, content, ip, now);
  return "e" in c ? receiveChecked(ctx, c) : c;
}

/** A message whose envelope passed the checks that need no database: to be taken in its conversation. */
interface Checked {
  partner: TrustedPartner;
  e: Envelope;
  hash: string;
  /** The envelope as stored: its canonical JSON, which `hash` is the SHA-256 of. */
  text: string;
  source: { jws: string; content: string; ip: string | null };
}

/** The checks of a signed message that need no database: its delivery's shape and time window, then the envelope's (checkEnvelope). */
async function checkSigned(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  payload: Uint8Array,
  jws: string,
  content: string,
  ip: string | null,
  now: Date,
): Promise<InboxAnswer | Checked> {
  const delivery = parseDelivery(payload);
  if (!delivery.ok) return refuse(ctx, { reason: "schema_invalid", detail: delivery.detail, content, partner, ip });
  const skew = Math.abs(Date.parse(delivery.sealedAt) - now.getTime());
  if (skew > ctx.windowMs)
    return refuse(ctx, {
      reason: "expired",
      detail: `sealed at ${delivery.sealedAt}, ${Math.round(skew / 1000)} s from this node's clock (at most ${ctx.windowMs / 1000} s): a replay or a wrong clock`,
      content,
      partner,
      ip,
    });
  return checkEnvelope(ctx, partner, delivery.raw, { jws, content, ip });
}

/**
 * Checks and applies one envelope from a partner whose signature was verified (by the inbox, or by
 * a package import). Exported for Part A's signed packages.
 */
export async function receiveEnvelope(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  raw: unknown,
  source: { jws: string; content: string; ip: string | null },
): Promise<InboxAnswer> {
  const c = await checkEnvelope(ctx, partner, raw, source);
  return "e" in c ? receiveChecked(ctx, c) : c;
}

/** Refuses a message whose envelope could be read (see refuse). */
const refuseChecked = (ctx: ExchangeContext, c: Checked, reason: RefusalReason, detail: string) =>
  refuse(ctx, { reason, detail, content: c.source.content, partner: c.partner, ip: c.source.ip, message: { id: c.e.id, hash: c.hash } });

/** The envelope's checks that need no database: its schema, the partner, the addressee, the sides of the case, who may send its kind. */
async function checkEnvelope(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  raw: unknown,
  source: { jws: string; content: string; ip: string | null },
): Promise<InboxAnswer | Checked> {
  const parsed = parseEnvelope(raw);
  const rawId = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  // The stored text and the hash in one serialisation (hashEnvelope is the SHA-256 of the same canonical JSON).
  const text = canonicalJson(raw);
  const hash = createHash("sha256").update(text).digest("hex");
  if (!parsed.ok) return refuse(ctx, { reason: "schema_invalid", detail: parsed.detail, content: source.content, partner, ip: source.ip });
  const e = parsed.envelope;
  const c: Checked = { partner, e, hash, text, source };
  const no = (reason: RefusalReason, detail: string) => refuseChecked(ctx, c, reason, detail);
  if (typeof rawId !== "string") return no("schema_invalid", "no id");
  if (!isActive(partner)) return no("unknown_sender", `partner ${partner.jurisdiction} is suspended`);
  if (e.to.jurisdiction !== ctx.node.jurisdiction)
    return no("not_for_us", `addressed to ${e.to.jurisdiction}, this node is ${ctx.node.jurisdiction}`);
  if (e.from.jurisdiction !== partner.jurisdiction)
    return no("not_party", `signed by the node of ${partner.jurisdiction} but says it comes from ${e.from.jurisdiction}`);
  const { requesting, requested } = e.case;
  const sides = [requesting.jurisdiction, requested.jurisdiction];
  if (!sides.includes(e.from.jurisdiction) || !sides.includes(e.to.jurisdiction) || requesting.jurisdiction === requested.jurisdiction)
    return no("not_party", "the sender and this node must be the requesting and the requested state of the case");
  const senderSide = e.from.jurisdiction === requesting.jurisdiction ? "requesting" : "requested";
  const allowed = SENT_BY[e.kind];
  if (allowed !== "either" && allowed !== senderSide)
    return no("not_party", `a ${e.kind} is sent by the ${allowed} state, not the ${senderSide} one`);
  return c;
}

/** Takes a checked message alone: its conversation's link, then exactly once and in order (take). */
async function receiveChecked(ctx: ExchangeContext, c: Checked): Promise<InboxAnswer> {
  const { partner, e, hash, text, source } = c;
  const { requesting } = e.case;
  const no = (reason: RefusalReason, detail: string) => refuseChecked(ctx, c, reason, detail);

  // The conversation: its link, if the case is known here.
  const link = (await ctx.db
    .selectFrom("exchange_link")
    .selectAll()
    .where("requesting_jurisdiction", "=", requesting.jurisdiction)
    .where("requesting_reference", "=", requesting.reference)
    .executeTakeFirst()) as LinkRow | undefined;
  if (link && link.partner_id !== partner.id) return no("not_party", "the case it names is carried with another partner");
  if (!link && requesting.jurisdiction === ctx.node.jurisdiction)
    return no("unknown_case", `no case ${requesting.reference} of ours is carried with ${partner.jurisdiction}`);

  // Evidence announcing documents in chunks waits until every chunk is here and each whole file
  // checked: "not yet" (409, no receipt) makes the sender push what is missing and try again.
  const incomplete = await incompleteTransfers(ctx, partner, e);
  if (incomplete.length > 0)
    return { status: 409, receipts: [], detail: `waiting for the chunks of ${incomplete.join(", ")}`.slice(0, 2000) };

  const author: Author = { userId: ctx.exchangeUserId, label: partnerLabel(partner) };
  const outcome = await take(ctx, partner, e, hash, text, source.jws, author);
  if (outcome.kind === "refused") return no(outcome.reason, outcome.detail);
  if (outcome.kind === "retry")
    // Kept as held with its attempts counted: the sender, which has no final receipt, delivers it again.
    return { status: 503, receipts: await receiptsOf(ctx.db, [e.id]), reason: "apply_failed", detail: outcome.detail, messageId: e.id };
  // Applied in turn with nothing held behind it (the usual case): its receipts were issued with it.
  const receipts =
    outcome.kind === "stored" && outcome.receipts && outcome.alsoApplied.length === 0
      ? outcome.receipts
      : await receiptsOf(ctx.db, [e.id, ...outcome.alsoApplied]);
  if (outcome.kind === "rejected") return { status: 422, receipts, reason: outcome.reason, detail: outcome.detail, messageId: e.id };
  return { status: 200, receipts, messageId: e.id };
}

type Taken =
  /** Stored (held, applied, or a repeat); `receipts`: the receipts issued with it when it was applied now. */
  | { kind: "stored"; alsoApplied: string[]; receipts?: string[] }
  /** Refused before it was stored: quarantined, answered with an unstored negative receipt. */
  | { kind: "refused"; reason: RefusalReason; detail: string }
  /** Its turn came but it could not be applied: stored as rejected, its number consumed. */
  | { kind: "rejected"; reason: RefusalReason; detail: string; alsoApplied: string[] }
  /** Applying it failed for a fault of this node that may heal: kept as held, to be tried again when delivered again. */
  | { kind: "retry"; detail: string };

/** Locks the conversation for the rest of the transaction, so its messages are taken one at a time. */
async function lockConversation(trx: Transaction<Database>, requesting: { jurisdiction: string; reference: string }) {
  await sql`select pg_advisory_xact_lock(${CONVERSATION_LOCK}, hashtext(${`${requesting.jurisdiction}/${requesting.reference}`}))`.execute(
    trx,
  );
}

const linkOf = (trx: Transaction<Database>, e: Envelope) =>
  trx
    .selectFrom("exchange_link")
    .selectAll()
    .where("requesting_jurisdiction", "=", e.case.requesting.jurisdiction)
    .where("requesting_reference", "=", e.case.requesting.reference)
    .forUpdate()
    .executeTakeFirst() as Promise<LinkRow | undefined>;

/**
 * Stores the message unless it is a repeat, one conversation at a time: held when it is ahead of its
 * turn; applied, in the same transaction, when its turn has come (then what was held behind it follows).
 */
async function take(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  author: Author,
): Promise<Taken> {
  const applied = await applyInOrder(ctx, partner, e, hash, text, jws, author, true);
  if (applied.kind === "held" || applied.kind === "repeat") {
    await ensureReceipts(ctx, e.id);
    return { kind: "stored", alsoApplied: [] };
  }
  if (applied.kind === "retry") {
    await ensureReceipts(ctx, e.id);
    return applied;
  }
  if (applied.kind === "refused") {
    if (applied.reason === "sequence" || applied.reason === "unknown_case") return applied;
    // A message this node cannot even store is refused unstored (quarantine and a negative receipt), not left to be retried.
    if (!(await rejectInTurn(ctx, partner, e, hash, text, jws, applied))) return applied;
    await ensureReceipts(ctx, e.id);
  }
  // What was held behind it, now in order.
  const also = applied.kind === "refused" || applied.heldNext ? await takeHeld(ctx, partner, e, author) : [];
  return applied.kind === "refused"
    ? { ...applied, kind: "rejected", alsoApplied: also }
    : { kind: "stored", alsoApplied: also, receipts: applied.receipts };
}

/** Applies, one by one in order, the messages held behind `e` whose turn has come; returns their ids. */
async function takeHeld(ctx: ExchangeContext, partner: TrustedPartner, e: Envelope, author: Author): Promise<string[]> {
  const also: string[] = [];
  for (;;) {
    const next = await nextHeld(ctx, e);
    if (!next) break;
    let r: Applied;
    try {
      r = await applyInOrder(ctx, partner, next.envelope, next.hash, next.text, next.jws, author, false);
    } catch {
      // Busy now: it stays held, and is taken when its sender delivers it again.
      break;
    }
    if (r.kind === "retry" || r.kind === "held" || r.kind === "repeat") break;
    also.push(next.envelope.id);
    if (r.kind === "refused") await rejectInTurn(ctx, partner, next.envelope, next.hash, next.text, next.jws, r);
    await ensureReceipts(ctx, next.envelope.id);
  }
  return also;
}

/** The held message that comes next in the conversation, if it has arrived. */
async function nextHeld(ctx: ExchangeContext, e: Envelope) {
  const link = await ctx.db
    .selectFrom("exchange_link")
    .select(["expected_seq"])
    .where("requesting_jurisdiction", "=", e.case.requesting.jurisdiction)
    .where("requesting_reference", "=", e.case.requesting.reference)
    .executeTakeFirst();
  if (!link) return null;
  const row = await ctx.db
    .selectFrom("exchange_message")
    .select(["envelope", "hash", "jws"])
    .where("direction", "=", "in")
    .where("requesting_jurisdiction", "=", e.case.requesting.jurisdiction)
    .where("requesting_reference", "=", e.case.requesting.reference)
    .where("seq", "=", link.expected_seq)
    .where("status", "=", "held")
    .executeTakeFirst();
  return row ? { envelope: JSON.parse(row.envelope) as Envelope, hash: row.hash, text: row.envelope, jws: row.jws ?? "" } : null;
}

/** Whether the conversation's next message after `e` is already here, held for its turn (one indexed read). */
async function heldAfter(trx: Transaction<Database>, e: Envelope): Promise<boolean> {
  const row = await trx
    .selectFrom("exchange_message")
    .select("id")
    .where("direction", "=", "in")
    .where("requesting_jurisdiction", "=", e.case.requesting.jurisdiction)
    .where("requesting_reference", "=", e.case.requesting.reference)
    .where("seq", "=", e.seq + 1)
    .where("status", "=", "held")
    .executeTakeFirst();
  return row !== undefined;
}

/** The row of a received message in exchange_message. */
function messageRow(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  caseId: string | null,
  status: "held" | "applied" | "rejected",
  reason: string | null,
) {
  const now = ctx.clock.now();
  return {
    id: e.id,
    direction: "in" as const,
    kind: e.kind,
    partner_id: partner.id,
    case_id: caseId,
    requesting_jurisdiction: e.case.requesting.jurisdiction,
    requesting_reference: e.case.requesting.reference,
    seq: e.seq,
    prev: e.prev,
    hash,
    sent_at: e.sentAt,
    urgent: e.urgent,
    envelope: text,
    jws,
    status,
    reason,
    next_attempt_at: null,
    last_error: null,
    created_at: now,
    done_at: status === "held" ? null : now,
  };
}

async function insertMessage(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  caseId: string | null,
  status: "held" | "applied" | "rejected",
  reason: string | null = null,
) {
  const row = messageRow(ctx, partner, e, hash, text, jws, caseId, status, reason);
  await trx
    .insertInto("exchange_message")
    .values(row)
    .onConflict((oc) => oc.column("id").doUpdateSet({ status, reason, case_id: caseId, done_at: row.done_at }))
    .execute();
}

/** The audit event of a received message applied to its case (one for each, whether applied alone or in a run). */
const receiveEvent = (author: Author, partner: TrustedPartner, e: Envelope, hash: string, caseId: string): AuditInput => ({
  actorId: author.userId,
  actorLabel: author.label,
  action: "case.exchange_receive",
  objectType: "case",
  objectId: caseId,
  summary: { kind: e.kind, messageId: e.id, seq: e.seq, from: partner.jurisdiction, hash },
  ip: null,
});

/**
 * Takes one message of a conversation in one transaction. When its turn has come it is applied: the
 * case change, the message's row, the audit event, the link's next expected number and head, and
 * our `delivered` and `accepted` receipts (signed in the transaction, over the audit head that
 * includes its event). A rule that forbids applying it rolls all of that back; the message is then
 * stored as rejected (see rejectInTurn). When `first` (the message has just arrived), a repeat is
 * recognised and a message ahead of its turn is stored as held, in the same transaction.
 */
async function applyInOrder(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  author: Author,
  first: boolean,
): Promise<Applied> {
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<Applied> => {
      await lockConversation(trx, e.case.requesting);
      const known = await trx
        .selectFrom("exchange_message")
        .select(["hash", "direction", "status"])
        .where("id", "=", e.id)
        .executeTakeFirst();
      // A repeat with other content is a forgery; the same content is answered with the receipts already issued.
      if (known && (known.hash !== hash || known.direction !== "in"))
        return { kind: "refused", reason: "sequence", detail: "a message with this id and other content was received before" };
      if (known && known.status !== "held") return { kind: "repeat" }; // applied meanwhile by another delivery
      const link = (await linkOf(trx, e)) ?? null;
      const expected = link?.expected_seq ?? 1;
      if (first && !known) {
        if (e.seq < expected)
          return { kind: "refused", reason: "sequence", detail: `sequence number ${e.seq} was already used (next expected: ${expected})` };
        if (e.seq > expected + MAX_SEQ_AHEAD)
          return {
            kind: "refused",
            reason: "sequence",
            detail: `sequence number ${e.seq} is more than ${MAX_SEQ_AHEAD} ahead of the next expected (${expected})`,
          };
      }
      if (e.seq > expected) {
        if (known) return { kind: "held" }; // still waiting for the gap
        const held = await trx
          .selectFrom("exchange_message")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("partner_id", "=", partner.id)
          .where("status", "=", "held")
          .executeTakeFirstOrThrow();
        if (Number(held.n) >= MAX_HELD_PER_PARTNER)
          return { kind: "refused", reason: "sequence", detail: "too many messages of this partner are waiting for earlier ones" };
        await insertMessage(trx, ctx, partner, e, hash, text, jws, link?.case_id ?? null, "held");
        return { kind: "held" };
      }
      if (expected !== e.seq) throw new DomainError(422, "sequence", `expected sequence number ${expected}, got ${e.seq}`);
      if (link) {
        const prevKnown =
          e.prev === link.head ||
          (await trx
            .selectFrom("exchange_message")
            .select("id")
            .where("case_id", "=", link.case_id)
            .where("hash", "=", e.prev)
            // A message stored as rejected is in both sides' chains (its number was consumed): what follows may name it.
            .where("status", "!=", "held")
            .executeTakeFirst()) !== undefined;
        if (!prevKnown) throw new DomainError(422, "chain_broken", "its prev is the hash of no message of this case held here");
      } else if (e.kind !== "request") throw new DomainError(422, "unknown_case", "no request opened this case");
      const applier = APPLIERS[e.kind] as (a: Parameters<(typeof APPLIERS)["request"]>[0]) => Promise<string>;
      const caseId = await applier({ trx, ctx, partner, envelope: e as Envelope<"request">, hash, link, author });
      await insertMessage(trx, ctx, partner, e, hash, text, jws, caseId, "applied");
      // Every change to a case has its audit event in the same transaction; most kinds change the
      // case without a workflow step of their own (a notice, a reply), so the receipt of each is one.
      const event = await recordEvent(trx, ctx.clock, receiveEvent(author, partner, e, hash, caseId));
      await trx
        .updateTable("exchange_link")
        .set({ expected_seq: e.seq + 1, head: hash })
        .where("case_id", "=", caseId)
        .execute();
      // A held message had its `delivered` receipt when it was stored.
      const receipts = await issueReceiptsIn(trx, ctx, { id: e.id, hash }, known ? ["accepted"] : ["delivered", "accepted"], {
        events: event.seq,
        seq: event.seq,
        hash: event.hash,
      });
      return { kind: "applied", receipts: known ? undefined : receipts, heldNext: await heldAfter(trx, e) };
    });
  } catch (err) {
    if (!(err instanceof DomainError)) return faultWhileApplying(ctx, partner, e, hash, text, jws, err);
    const reason = (
      ["sequence", "chain_broken", "unknown_case", "not_party"].includes(err.code) ? err.code : "not_applicable"
    ) as RefusalReason;
    return { kind: "refused", reason, detail: err.message };
  }
}

/**
 * Applies a run of one conversation's messages of a batch (kinds of RECORDED_ONLY, in the batch's
 * order) in ONE transaction: one conversation lock, one link read, one read of the ids already
 * stored, one case lock and version bump, and one statement each for the correspondence rows, the
 * message rows, the audit events (recordEvents: the same events and chain as appended one by one),
 * the link's next number and head, and the `delivered`/`accepted` receipts (each message's signed
 * over the audit head its own event reached, as when applied alone).
 *
 * It applies the leading messages that are plainly next: not stored before, numbered from the next
 * expected without a gap, each naming the one before it (the first, the link's head). It stops at
 * the first that is not (a repeat, a gap, another prev), which with the rest is then taken one by one
 * by the caller (held, answered as a repeat, refused …, exactly as if it had come alone). Returns the
 * answers of the messages it applied, in order.
 *
 * All or nothing for the group: if anything in the transaction fails (a fault of the database, the
 * case's version moved), it rolls back as a whole and no answer is returned, so the caller takes
 * every message of the run one by one, each in its own transaction with its own fault handling: a
 * message that cannot be applied then fails alone and does not take the others of the batch down.
 */
async function applyRun(ctx: ExchangeContext, run: Checked[]): Promise<InboxAnswer[]> {
  const { partner, e: first } = run[0] as Checked;
  const author: Author = { userId: ctx.exchangeUserId, label: partnerLabel(partner) };
  let applied: { answers: InboxAnswer[]; last: Envelope; heldNext: boolean } | null;
  try {
    applied = await ctx.db.transaction().execute(async (trx) => {
      await lockConversation(trx, first.case.requesting);
      const link = await linkOf(trx, first);
      // No case yet, or carried with another partner: each alone (and refused for it).
      if (!link || link.partner_id !== partner.id) return null;
      const stored = await trx
        .selectFrom("exchange_message")
        .select("id")
        .where(
          "id",
          "in",
          run.map((c) => c.e.id),
        )
        .execute();
      const seen = new Set(stored.map((r) => r.id));
      const next: Checked[] = [];
      let prev = link.head;
      for (const c of run) {
        // An id twice in the run has a number already used by its first: the run ends there too.
        if (seen.has(c.e.id) || c.e.seq !== link.expected_seq + next.length || c.e.prev !== prev) break;
        seen.add(c.e.id);
        next.push(c);
        prev = c.hash;
      }
      if (next.length === 0) return null;
      const caseId = link.case_id;
      const row = await lockCase(trx, caseId);
      await touchTimes(trx, ctx, row, next.length);
      await correspondAll(
        trx,
        ctx,
        caseId,
        "in",
        next.map((c) => (RECORDED_ONLY[c.e.kind] as (e: Envelope) => string)(c.e)),
        author,
      );
      await trx
        .insertInto("exchange_message")
        .values(next.map((c) => messageRow(ctx, partner, c.e, c.hash, c.text, c.source.jws, caseId, "applied", null)))
        .execute();
      const events = await recordEvents(
        trx,
        ctx.clock,
        next.map((c) => receiveEvent(author, partner, c.e, c.hash, caseId)),
      );
      const last = (next[next.length - 1] as Checked).e;
      await trx
        .updateTable("exchange_link")
        .set({ expected_seq: last.seq + 1, head: prev })
        .where("case_id", "=", caseId)
        .execute();
      const receipts = await issueRunReceipts(
        trx,
        ctx,
        next.map((c, i) => {
          const event = events[i] as { seq: number; hash: string };
          return { message: { id: c.e.id, hash: c.hash }, head: { events: event.seq, seq: event.seq, hash: event.hash } };
        }),
      );
      return {
        answers: next.map((c, i) => ({ status: 200, receipts: receipts[i] as string[], messageId: c.e.id })),
        last,
        heldNext: await heldAfter(trx, last),
      };
    });
  } catch {
    // Rolled back as a whole: each message is taken alone by the caller (see above).
    return [];
  }
  if (!applied) return [];
  if (applied.heldNext) {
    // What was held behind the run, now in order: its receipts go with the run's last message's answer.
    const also = await takeHeld(ctx, partner, applied.last, author);
    const lastAnswer = applied.answers[applied.answers.length - 1] as InboxAnswer;
    if (also.length > 0) lastAnswer.receipts = [...lastAnswer.receipts, ...(await receiptsOf(ctx.db, also))];
  }
  return applied.answers;
}

/**
 * A message whose turn came but that could not be applied: kept as rejected, its sequence number
 * consumed (so what follows is not stuck behind it), and quarantined for the administrator.
 */
async function rejectInTurn(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  r: { reason: RefusalReason; detail: string },
): Promise<boolean> {
  try {
    await rejectStored(ctx, partner, e, hash, text, jws, r);
    return true;
  } catch (err) {
    if (faultOf(err) === "busy") throw new DatabaseBusyError();
    return false;
  }
}

async function rejectStored(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  r: { reason: RefusalReason; detail: string },
) {
  await ctx.db.transaction().execute(async (trx) => {
    await lockConversation(trx, e.case.requesting);
    const link = await linkOf(trx, e);
    await insertMessage(trx, ctx, partner, e, hash, text, jws, link?.case_id ?? null, "rejected", `${r.reason}: ${r.detail}`);
    if (link && link.expected_seq === e.seq)
      await trx
        .updateTable("exchange_link")
        .set({ expected_seq: e.seq + 1 })
        .where("case_id", "=", link.case_id)
        .execute();
    await trx
      .insertInto("exchange_quarantine")
      .values({
        received_at: ctx.clock.now(),
        partner_id: partner.id,
        message_id: e.id,
        reason: r.reason,
        detail: r.detail,
        size: Buffer.byteLength(text),
        content: text.slice(0, 64 * 1024),
        ip: null,
      })
      .execute();
  });
}

type Applied =
  /** `receipts`: the receipts issued with it (both, when it had not been held); `heldNext`: the next message of the conversation is held here. */
  | { kind: "applied"; receipts?: string[]; heldNext: boolean }
  /** Stored to wait for the gap before it (or still waiting). */
  | { kind: "held" }
  /** Applied before, by another delivery. */
  | { kind: "repeat" }
  | { kind: "refused"; reason: RefusalReason; detail: string }
  | { kind: "retry"; detail: string };

/** SQLSTATEs of a database that is busy or briefly away: the delivery is answered 503 and tried again, without counting. */
const BUSY_CODES = new Set(["57014", "55P03", "40001", "40P01", "25P03", "57P01", "57P02", "57P03"]);

/**
 * What kind of fault of this node an error raised while applying a message is: `busy` (a lock, a
 * timeout, a restarting or unreachable database: it heals by itself), `permanent` (the data itself
 * breaks a rule of the database — SQLSTATE classes 22 and 23 — so the same message fails the same way
 * every time), or `counted` (anything else: a fault that may heal after a repair, tried a few times).
 */
export function faultOf(err: unknown): "busy" | "permanent" | "counted" {
  if (err instanceof DatabaseBusyError) return "busy";
  if (err instanceof Error && /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET/.test(err.message))
    return "busy";
  if (!isSqlError(err)) return "counted";
  if (BUSY_CODES.has(err.code) || err.code.startsWith("08") || err.code.startsWith("53")) return "busy";
  if (err.code.startsWith("22") || err.code.startsWith("23")) return "permanent";
  return "counted";
}

/** The fault named without the data in it (a database's message quotes values): its kind of error, SQLSTATE and constraint. */
function faultName(err: unknown): string {
  if (isSqlError(err))
    return `database error ${err.code}${err.constraint ? ` (${err.constraint})` : ""}${err.table ? ` on ${err.table}` : ""}`;
  return err instanceof Error ? `${err.name} in this node` : "a fault of this node";
}

/**
 * Applying a message failed for a fault of this node, not a rule of the case. Busy: rethrown, the
 * inbox answers 503 and nothing is counted. Permanent, or the last allowed attempt: refused (stored as
 * rejected with a signed negative receipt and quarantined, its number consumed). Otherwise the attempt
 * is counted on the message, kept as held, and the sender's next delivery tries again.
 */
async function faultWhileApplying(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  err: unknown,
): Promise<Applied> {
  const fault = faultOf(err);
  if (fault === "busy") throw new DatabaseBusyError();
  const name = faultName(err);
  if (fault === "permanent")
    return {
      kind: "refused",
      reason: "apply_failed",
      detail: `this node could not apply it (${name}); another attempt would fail the same way`,
    };
  const max = ctx.maxApplyAttempts ?? DEFAULT_MAX_APPLY_ATTEMPTS;
  let attempts = max;
  try {
    attempts = await countAttempt(ctx, partner, e, hash, text, jws, name);
  } catch (again) {
    if (faultOf(again) === "busy") throw new DatabaseBusyError();
    // It cannot even be kept to be tried again: refuse it now rather than have it sent for ever.
  }
  if (attempts >= max)
    return { kind: "refused", reason: "apply_failed", detail: `this node could not apply it (${name}) in ${attempts} attempt(s)` };
  return { kind: "retry", detail: `this node could not apply it (${name}); attempt ${attempts} of ${max}, it will be tried again` };
}

/** Keeps the message as held with one more failed attempt counted and the fault named; returns the attempts so far. */
async function countAttempt(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  e: Envelope,
  hash: string,
  text: string,
  jws: string,
  fault: string,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockConversation(trx, e.case.requesting);
    const known = await trx.selectFrom("exchange_message").select(["status", "attempts"]).where("id", "=", e.id).executeTakeFirst();
    // Applied meanwhile by another delivery: nothing to count (the next delivery is answered with its receipts).
    if (known && known.status !== "held") return 0;
    if (!known) await insertMessage(trx, ctx, partner, e, hash, text, jws, (await linkOf(trx, e))?.case_id ?? null, "held");
    const row = await trx
      .updateTable("exchange_message")
      .set({ attempts: sql`attempts + 1`, last_error: fault })
      .where("id", "=", e.id)
      .returning("attempts")
      .executeTakeFirstOrThrow();
    return row.attempts;
  });
}
