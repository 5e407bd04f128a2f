/**
 * The inbox takes a batch's run of one conversation's in-order messages in one transaction
 * (inbox.ts's applyRun) and the rest one by one. Whatever the deliveries — any batches, in any order,
 * with repeats, two conversations interleaved — every message is applied exactly once and in the order
 * of its sequence number; each has one audit event and its `delivered` and `accepted` receipts,
 * signed by RU over the audit head its own event reached; the audit chain verifies. And a message of
 * a run that cannot be applied fails alone: the run's transaction rolls back and the others are taken
 * one by one.
 *
 * In one process: RU is an exchange context on its own database; US is a keyring on another (its
 * server never runs), which signs and seals the batches as its sender does.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../audit/trail.js";
import { type InProcessPair, fromUs, inProcessPair, requestBody } from "../../test/support/exchange-in-process.js";
import type { OpenDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import type { ExchangeContext } from "./context.js";
import { type Envelope, GENESIS, deliveryBytes, hashEnvelope } from "./envelope.js";
import { receiveSealed } from "./inbox.js";
import type { Keyring } from "./keyring.js";
import type { PartnerDirectory, TrustedPartner } from "./partners.js";
import type { ReceiptPayload } from "./receipts.js";
import { sealBatch, verifySigned } from "./seal.js";

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));

let nodes: InProcessPair;
let ruDb: OpenDatabase;
let usKeys: Keyring;
let ru: ExchangeContext;
/** RU as the US node knows it (to seal to), and US's directory (to check RU's receipts). */
let ruAtUs: TrustedPartner;
let usDirectory: PartnerDirectory;

beforeAll(async () => {
  nodes = await inProcessPair(clock);
  ({ ruDb, usKeys, ru, ruAtUs, usDirectory } = nodes);
}, 240_000);

afterAll(async () => {
  await nodes?.close();
});

/** A conversation from US: a request and `notices` notices after it, chained. */
function conversation(notices: number, text: (i: number) => string = (i) => `notice ${i}`) {
  const reference = `US-RUN-${randomUUID().slice(0, 8)}`;
  const messages: { envelope: Envelope; hash: string }[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= notices + 1; seq++) {
    const envelope = fromUs(
      reference,
      {
        kind: seq === 1 ? "request" : "notice",
        seq,
        prev,
        body:
          seq === 1
            ? requestBody(reference, { ref: "m1", measure: "testimony", description: "Take the testimony of a witness" })
            : { topic: "other", text: text(seq - 1), dates: [] },
      },
      clock.now(),
    );
    const hash = hashEnvelope(envelope);
    messages.push({ envelope, hash });
    prev = hash;
  }
  return { reference, messages };
}

type Conversation = ReturnType<typeof conversation>;

/** Seals the messages as one batch from US (a new sealing time each delivery, as the sender's retries do) and delivers it to RU. */
async function deliver(messages: Envelope[]) {
  clock.advance(1000);
  const sealedAt = clock.now().toISOString();
  const sealed = await sealBatch(
    usKeys,
    ruAtUs,
    messages.map((envelope) => deliveryBytes({ envelope, sealedAt })),
  );
  return receiveSealed(ru, sealed, null);
}

/** Checks RU holds the conversation applied exactly once, in order, with its events and receipts. */
async function expectApplied(c: Conversation) {
  const ids = c.messages.map((m) => m.envelope.id);
  const rows = await ruDb.db
    .selectFrom("exchange_message")
    .select(["id", "status", "seq", "case_id"])
    .where("id", "in", ids)
    .orderBy("seq")
    .execute();
  expect(rows.map((r) => [r.id, r.status])).toEqual(ids.map((id) => [id, "applied"]));
  const caseId = rows[0]?.case_id as string;
  const link = await ruDb.db.selectFrom("exchange_link").selectAll().where("case_id", "=", caseId).executeTakeFirstOrThrow();
  expect(link.expected_seq).toBe(c.messages.length + 1);
  expect(link.head).toBe(c.messages[c.messages.length - 1]?.hash);
  // The case's correspondence: each notice once (its rows are ordered by time, the same for all here;
  // the order of application is the audit events', checked below).
  const letters = await ruDb.db.selectFrom("case_correspondence").select("summary").where("case_id", "=", caseId).execute();
  expect(
    letters
      .map((l) => l.summary)
      .filter((t) => t.startsWith("Notice"))
      .sort(),
  ).toEqual(
    c.messages
      .slice(1)
      .map((_, i) => `Notice (other): notice ${i + 1}`)
      .sort(),
  );
  expect(letters.length).toBe(c.messages.length);
  // One audit event a message, in the order of the messages.
  const events = await ruDb.db
    .selectFrom("audit_event")
    .select(["seq", "hash", "summary"])
    .where("action", "=", "case.exchange_receive")
    .where("object_id", "=", caseId)
    .orderBy("seq")
    .execute();
  const summaries = events.map((e) => (typeof e.summary === "string" ? JSON.parse(e.summary) : e.summary) as { messageId: string });
  expect(summaries.map((s) => s.messageId)).toEqual(ids);
  // Each message's delivered and accepted, signed by RU; accepted carries the head its own event reached.
  const receipts = await ruDb.db
    .selectFrom("exchange_receipt")
    .select(["message_id", "kind", "jws"])
    .where("message_id", "in", ids)
    .execute();
  expect(receipts.length).toBe(2 * ids.length);
  for (const [i, id] of ids.entries()) {
    const mine = receipts.filter((r) => r.message_id === id);
    expect(mine.map((r) => r.kind).sort()).toEqual(["accepted", "delivered"]);
    const accepted = mine.find((r) => r.kind === "accepted");
    const checked = await verifySigned(usDirectory, accepted?.jws as string, clock.now());
    expect(checked.ok).toBe(true);
    if (!checked.ok) continue;
    const payload = JSON.parse(new TextDecoder().decode(checked.payload)) as ReceiptPayload;
    expect(payload).toMatchObject({ kind: "accepted", messageId: id, messageHash: c.messages[i]?.hash, issuer: "RU" });
    expect(payload.auditHead).toEqual({ events: Number(events[i]?.seq), seq: Number(events[i]?.seq), hash: events[i]?.hash });
  }
}

describe("a batch's runs at the inbox", () => {
  it("applies a conversation's in-order messages together, receipted one by one", async () => {
    const c = conversation(6);
    const first = await deliver([c.messages[0]?.envelope as Envelope]);
    expect(first.results?.map((r) => r.status)).toEqual([200]);
    const version = () =>
      ruDb.db
        .selectFrom("case_file")
        .innerJoin("exchange_link", "exchange_link.case_id", "case_file.id")
        .select("case_file.version")
        .where("exchange_link.requesting_reference", "=", c.reference)
        .executeTakeFirstOrThrow();
    const before = (await version()).version;
    const answer = await deliver(c.messages.slice(1).map((m) => m.envelope));
    expect(answer.results?.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answer.receipts.length).toBe(12);
    await expectApplied(c);
    // The case's version, bumped once a notice, as when each is applied alone.
    expect((await version()).version).toBe(before + 6);
    expect(await verifyChain(ruDb.db)).toMatchObject({ ok: true });
  }, 60_000);

  it("applies every message exactly once and in order, whatever the batches, their order and repeats", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        // Each delivery: picks of (conversation, message) in any order with repeats, or runs of
        // consecutive messages (from anywhere, the two conversations one after the other).
        fc.array(
          fc.oneof(
            fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 14 }),
            fc
              .array(fc.tuple(fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 8 })), { minLength: 1, maxLength: 3 })
              .map((runs) =>
                runs.flatMap(([second, start, n]) => Array.from({ length: n }, (_, k) => [second, start + k] as [boolean, number])),
              ),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        async (a, b, deliveries, inOrder, shuffle) => {
          const convs = [conversation(a), conversation(b)];
          const pick = ([second, n]: [boolean, number]) => {
            const c = convs[second ? 1 : 0] as Conversation;
            return (c.messages[n % c.messages.length] as { envelope: Envelope }).envelope;
          };
          for (const d of deliveries) {
            const answer = await deliver(d.map(pick));
            // A message ahead of its turn is held (200 with `delivered`), a repeat answered with its receipts: never refused.
            expect(answer.results?.every((r) => r.status === 200)).toBe(true);
          }
          // Then everything once more, in order or shuffled (the sender delivers again what has no final receipt).
          const all = convs.flatMap((c) => c.messages.map((m) => m.envelope));
          const order = inOrder
            ? all
            : all
                .map((e, i) => ({ e, k: (shuffle.next().value as number) + i / all.length }))
                .sort((x, y) => x.k - y.k)
                .map((x) => x.e);
          const last = await deliver(order);
          expect(last.results?.every((r) => r.status === 200)).toBe(true);
          for (const c of convs) await expectApplied(c);
          expect(await ruDb.db.selectFrom("exchange_quarantine").select("id").execute()).toEqual([]);
        },
      ),
      { numRuns: 20 },
    );
    expect(await verifyChain(ruDb.db)).toMatchObject({ ok: true });
  }, 600_000);

  it("rolls the run back when one of its messages cannot be applied, and takes the others one by one", async () => {
    // A fault of this node's database for one message: a check it breaks (SQLSTATE 23514, permanent).
    await sql`create function refuse_marked() returns trigger language plpgsql as $$
      begin
        if new.summary like '%CANNOT APPLY%' then raise exception 'marked' using errcode = '23514'; end if;
        return new;
      end $$`.execute(ruDb.db);
    await sql`create trigger refuse_marked before insert on case_correspondence for each row execute function refuse_marked()`.execute(
      ruDb.db,
    );
    try {
      const c = conversation(5, (i) => (i === 3 ? "CANNOT APPLY" : `notice ${i}`));
      await deliver([c.messages[0]?.envelope as Envelope]);
      const events = async () => Number((await verifyChain(ruDb.db)).events);
      const before = await events();
      const answer = await deliver(c.messages.slice(1).map((m) => m.envelope));
      expect(answer.results?.map((r) => r.status)).toEqual([200, 200, 422, 200, 200]);
      expect(answer.results?.[2]?.reason).toBe("apply_failed");
      const rows = await ruDb.db
        .selectFrom("exchange_message")
        .select(["seq", "status"])
        .where(
          "id",
          "in",
          c.messages.map((m) => m.envelope.id),
        )
        .orderBy("seq")
        .execute();
      expect(rows.map((r) => r.status)).toEqual(["applied", "applied", "applied", "rejected", "applied", "applied"]);
      // One event for each applied notice, none for the rejected one; the chain whole.
      expect((await events()) - before).toBe(4);
      expect(await verifyChain(ruDb.db)).toMatchObject({ ok: true });
      const quarantined = await ruDb.db
        .selectFrom("exchange_quarantine")
        .select("message_id")
        .where("message_id", "=", c.messages[3]?.envelope.id as string)
        .execute();
      expect(quarantined.length).toBe(1);
    } finally {
      await sql`drop trigger refuse_marked on case_correspondence`.execute(ruDb.db);
      await sql`drop function refuse_marked()`.execute(ruDb.db);
    }
  }, 120_000);
});
