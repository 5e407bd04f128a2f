/**
 * The exchange on PostgreSQL (issue 13 §3, §5): each node on a database of its own on the server of
 * DATABASE_URL (created and dropped here), the US node served by TWO instances on its one database.
 * The conversation of seed 000 up to the decision goes through; then both US instances send 40
 * requests at once (each the first message of its own case, so no message ever waits for another):
 * the outbox rows are claimed with FOR UPDATE SKIP LOCKED, so each message is delivered exactly once
 * — the link in front of RU (a fault proxy with no faults) counts one delivery per message.
 * Skipped without DATABASE_URL (CI's PostgreSQL pass sets it).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/trail.js";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.js";
import {
  type ExchangeNode,
  addPartnerOf,
  api,
  createPostgresDatabase,
  draftAndSendRequest,
  dropPostgresDatabase,
  eventually,
  inboxByReference,
  nodeEnv,
  openNodeDatabase,
  prepareNode,
  sendMessage,
  startNode,
  threadOf,
} from "../support/exchange-nodes.js";
import { type ServerProcess, freePort, startServer } from "../support/server.js";

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl)
  console.warn("test/exchange/postgres.db.test.ts: SKIPPED: needs PostgreSQL (set DATABASE_URL, as CI's PostgreSQL pass does)");

const suffix = randomBytes(4).toString("hex");
const names = { US: `rogatory_xus_${suffix}`, RU: `rogatory_xru_${suffix}` };
let us: ExchangeNode;
let ru: ExchangeNode;
let usSecond: ServerProcess;
let secondEndpoint: string;
let toRu: FaultProxy;

describe.skipIf(!serverUrl)("two nodes on PostgreSQL, the US node with two instances on one database", () => {
  beforeAll(async () => {
    const url = serverUrl as string;
    const a = await prepareNode("US", "U.S. Department of Justice, Office of International Affairs", {
      databaseUrl: await createPostgresDatabase(url, names.US),
      extraTokens: 2,
    });
    const b = await prepareNode("RU", "Генеральная прокуратура Российской Федерации", {
      databaseUrl: await createPostgresDatabase(url, names.RU),
    });
    toRu = await startFaultProxy(b.node.endpoint, {}, 1);
    await addPartnerOf(a, b, toRu.url);
    await addPartnerOf(b, a, a.node.endpoint);
    await a.database.close();
    await b.database.close();
    us = a.node;
    ru = b.node;
    const port = await freePort();
    secondEndpoint = `http://127.0.0.1:${port}`;
    // The second instance is the same node (same database, same public endpoint), reached on its own port.
    [, , usSecond] = await Promise.all([startNode(us), startNode(ru), startServer(nodeEnv(us), port)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([us?.server?.stop(), usSecond?.stop(), ru?.server?.stop(), toRu?.close()]);
    if (serverUrl) for (const n of Object.values(names)) await dropPostgresDatabase(serverUrl, n);
  });

  it("carries the seed-000 conversation to the decision, both sides holding the same chain", async () => {
    const usCase = await draftAndSendRequest(us, "RU", "Request for testimony and bank records — Ivanov investigation", true);
    const incoming = await eventually("the request at RU", async () => (await inboxByReference(ru)).get(usCase.reference));
    expect(
      (await sendMessage(ru, incoming.id, { kind: "acknowledgement", executingAuthority: "Тверской районный суд г. Москвы" })).status,
    ).toBe(201);
    await eventually(
      "the acknowledgement at US",
      async () => (await api<{ state: string }>(us.endpoint, us.officer, "GET", `/cases/${usCase.id}`)).body.state === "acknowledged",
    );
    const c = (await api<{ version: number }>(ru.endpoint, ru.officer, "GET", `/cases/${incoming.id}`)).body;
    expect(
      (await api(ru.endpoint, ru.officer, "POST", `/cases/${incoming.id}/transitions`, { version: c.version, action: "start_review" }))
        .status,
    ).toBe(200);
    const q = await sendMessage(ru, incoming.id, {
      kind: "query",
      purpose: "more_information",
      text: "Please state the witness's address in Moscow and the period of the records.",
    });
    expect(q.status).toBe(201);
    const query = await eventually("the query at US", async () => (await threadOf(us, usCase.id)).messages.find((m) => m.kind === "query"));
    // The reply goes through the second instance: either instance serves the node.
    const second = { ...us, endpoint: secondEndpoint };
    expect(
      (await sendMessage(second, usCase.id, { kind: "reply", inReplyTo: query.id, text: "ул. Тверская, д. 7, кв. 12, Москва; 2016–2017." }))
        .status,
    ).toBe(201);
    await eventually(
      "the reply at RU",
      async () => (await api<{ state: string }>(ru.endpoint, ru.officer, "GET", `/cases/${incoming.id}`)).body.state === "under_review",
    );
    expect((await sendMessage(ru, incoming.id, { kind: "decision", outcome: "accepted" }, ru.supervisor)).status).toBe(201);
    const [a, b] = await eventually("every message accepted on both sides", async () => {
      const x = await threadOf(us, usCase.id);
      const y = await threadOf(ru, incoming.id);
      const done = (t: typeof x) => t.messages.length === 5 && t.messages.every((m) => m.status === "accepted" || m.status === "applied");
      return done(x) && done(y) && ([x, y] as const);
    });
    const chain = (t: typeof a) => t.messages.map((m) => `${m.id}:${m.kind}:${m.seq}:${m.prev}:${m.hash}`).sort();
    expect(chain(a)).toEqual(chain(b));
    expect(a.head).toBe(b.head);
    expect(a.messages.map((m) => m.kind)).toEqual(["request", "acknowledgement", "query", "reply", "decision"]);
  }, 120_000);

  it("two instances on one database deliver each queued message once", async () => {
    const before = toRu.counts.passed;
    const second = { ...us, endpoint: secondEndpoint };
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        draftAndSendRequest(
          i % 2 === 0 ? { ...us, officer: us.officerTokens[0] as string } : { ...second, officer: us.officerTokens[1] as string },
          "RU",
          `Parallel request ${i + 1}`,
        ),
      ),
    );
    await eventually(
      "all 40 requests accepted",
      async () => {
        for (const c of sent) if ((await threadOf(us, c.id)).messages[0]?.status !== "accepted") return false;
        return true;
      },
      120_000,
      1_000,
    );
    const db = await openNodeDatabase(us);
    try {
      const rows = await db.db
        .selectFrom("exchange_message")
        .select(["attempts"])
        .where(
          "case_id",
          "in",
          sent.map((c) => c.id),
        )
        .execute();
      expect(rows).toHaveLength(40);
      // One claim each (a claim counts an attempt): each message went in exactly one delivery, by one
      // instance. Deliveries carry batches (several messages each), so there are at most 40.
      expect(rows.map((r) => r.attempts)).toEqual(Array(40).fill(1));
      expect(toRu.counts.passed - before).toBeGreaterThan(0);
      expect(toRu.counts.passed - before).toBeLessThanOrEqual(40);
      expect((await verifyChain(db.db)).ok).toBe(true);
    } finally {
      await db.close();
    }
    const inbox = await inboxByReference(ru);
    for (const c of sent) expect(inbox.has(c.reference)).toBe(true);
    const ruDb = await openNodeDatabase(ru);
    try {
      expect((await verifyChain(ruDb.db)).ok).toBe(true);
    } finally {
      await ruDb.close();
    }
  }, 180_000);
});
