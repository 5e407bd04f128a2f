/**
 * The transactional outbox: a message is written in the same transaction as the case change that
 * causes it, numbered in its case and chained to the case's previous message. The sender worker
 * (sender.ts) delivers it afterwards; if the transaction rolls back, no message exists.
 */
import { randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { recordEvent } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError } from "../errors.js";
import type { ExchangeContext } from "./context.js";
import { type Envelope, canonicalJson, hashEnvelope } from "./envelope.js";
import type { BodyOf, Kind } from "./messages/index.js";
import type { Author } from "./casefile.js";
import { issueReceiptsIn } from "./receipts.js";

export interface Queued {
  id: string;
  seq: number;
  hash: string;
}

/** The case's link to its conversation, locked for the rest of the transaction. */
export async function lockLink(trx: Transaction<Database>, caseId: string) {
  return trx.selectFrom("exchange_link").selectAll().where("case_id", "=", caseId).forUpdate().executeTakeFirst();
}

/**
 * Queues one message of the case: takes the link's next sequence number and head, writes the
 * envelope, issues our `submission_accepted` receipt and records the sending in the audit trail.
 */
export async function enqueue<K extends Kind>(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  caseId: string,
  kind: K,
  body: BodyOf<K>,
  author: Author,
): Promise<Queued> {
  const link = await lockLink(trx, caseId);
  if (!link) throw new DomainError(409, "not_exchanged", "This case is not carried through the exchange with a partner node.", "id");
  const partner = await ctx.partners.byId(link.partner_id, trx);
  if (!partner) throw new DomainError(409, "partner_unknown", "The partner node of this case is no longer trusted.", "id");
  const c = await trx.selectFrom("case_file").select(["urgency"]).where("id", "=", caseId).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const envelope: Envelope<K> = {
    v: 1,
    id: randomUUID(),
    kind,
    from: { jurisdiction: ctx.node.jurisdiction },
    to: { jurisdiction: partner.jurisdiction },
    case: {
      requesting: { jurisdiction: link.requesting_jurisdiction, reference: link.requesting_reference },
      requested: { jurisdiction: link.requested_jurisdiction, reference: link.requested_reference },
    },
    seq: link.next_seq,
    prev: link.head,
    sentAt: now.toISOString(),
    urgent: c.urgency === "urgent",
    body,
  };
  const hash = hashEnvelope(envelope);
  await trx
    .insertInto("exchange_message")
    .values({
      id: envelope.id,
      direction: "out",
      kind,
      partner_id: partner.id,
      case_id: caseId,
      requesting_jurisdiction: link.requesting_jurisdiction,
      requesting_reference: link.requesting_reference,
      seq: envelope.seq,
      prev: envelope.prev,
      hash,
      sent_at: now,
      urgent: envelope.urgent,
      envelope: canonicalJson(envelope),
      jws: null,
      status: "queued",
      reason: null,
      next_attempt_at: now,
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  await trx
    .updateTable("exchange_link")
    .set({ next_seq: link.next_seq + 1, head: hash })
    .where("case_id", "=", caseId)
    .execute();
  const event = await recordEvent(trx, ctx.clock, {
    actorId: author.userId,
    actorLabel: author.label,
    action: "case.exchange_send",
    objectType: "case",
    objectId: caseId,
    summary: { kind, messageId: envelope.id, seq: envelope.seq, to: partner.jurisdiction, hash },
    ip: null,
  });
  // Accepted for sending: our receipt, over the audit head that includes the sending's event.
  await issueReceiptsIn(trx, ctx, { id: envelope.id, hash }, ["submission_accepted"], {
    events: event.seq,
    seq: event.seq,
    hash: event.hash,
  });
  return { id: envelope.id, seq: envelope.seq, hash };
}
