/**
 * The seed-000 conversation between two real server processes on loopback, each on its own embedded
 * PGlite: the US Office of International Affairs asks Russia's Prosecutor General's Office for
 * testimony and bank records (request of 13 July 2018, US–Russia MLAT). Russia registers it (the
 * acknowledgement), asks a question, receives the reply, accepts, executes and reports, and hands
 * over a document as evidence. Both nodes must end with the same chain of messages, each with its
 * receipts, and the document's SHA-256 unchanged.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
import { DEFAULT_SECURITY } from "../../src/accounts/context.js";
import { createToken } from "../../src/accounts/apiTokens.js";
import { createOrganisation } from "../../src/accounts/userAdministrator.js";
import { openDatabase } from "../../src/db/database.js";
import { identityDocument } from "../../src/exchange/identity.js";
import { type Keyring, openKeyring } from "../../src/exchange/keyring.js";
import { addPartner } from "../../src/exchange/partnerRegistrar.js";
import { verifyChain } from "../../src/audit/trail.js";
import { systemClock } from "../../src/security/clock.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
import { createReadyUser } from "../support/accounts.js";
import { type ServerProcess, freePort, startServer } from "../support/server.js";

const PASSPHRASE = "correct horse battery staple, node key";
const SYSTEM = { ip: "127.0.0.1", userAgent: "test" };

interface Node {
  jurisdiction: string;
  authority: string;
  dir: string;
  port: number;
  endpoint: string;
  officer: string;
  supervisor: string;
  executingAuthority: string;
  server?: ServerProcess;
}

/** Prepares a node's database before its server starts: the central authority, two officials with API tokens, an executing authority, the node's keys. */
async function prepare(
  jurisdiction: string,
  authority: string,
): Promise<{ node: Node; keyring: Keyring; close: () => Promise<void>; db: Awaited<ReturnType<typeof openDatabase>> }> {
  const dir = mkdtempSync(join(tmpdir(), `rogatory-${jurisdiction}-`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const database = await openDatabase({ dataDir: dir });
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
  // The reference data first: organisations name their jurisdiction from it.
  await loadReferenceData({ db: database.db, kb, files });
  await ensureFirstAdministrator(ctx, { organisationName: authority, email: `admin@${jurisdiction.toLowerCase()}.test`, jurisdiction });
  const org = await database.db.selectFrom("organisation").select("id").where("kind", "=", "central_authority").executeTakeFirstOrThrow();
  const first = await database.db.selectFrom("app_user").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow();
  const admin = { userId: first.id, organisationId: org.id, role: "administrator" as const, label: "test" };
  const court = await createOrganisation(
    ctx,
    admin,
    { name: jurisdiction === "RU" ? "Тверской районный суд г. Москвы" : "US District Court", kind: "executing_authority", jurisdiction },
    SYSTEM,
  );
  const tokens: string[] = [];
  for (const role of ["officer", "supervisor"] as const) {
    const u = await createReadyUser(ctx, {
      email: `${role}@${jurisdiction.toLowerCase()}.test`,
      role,
      organisationId: org.id,
      totp: false,
    });
    const actor = { userId: u.id, organisationId: org.id, role, label: role };
    tokens.push((await createToken(ctx, actor, { name: "exchange test", scopes: ["cases:read", "cases:write"] }, SYSTEM)).token);
  }
  const keyring = await openKeyring({
    db: database.db,
    clock: systemClock,
    node: { jurisdiction, authority, endpoint },
    passphrase: PASSPHRASE,
  });
  return {
    node: {
      jurisdiction,
      authority,
      dir,
      port,
      endpoint,
      officer: tokens[0] as string,
      supervisor: tokens[1] as string,
      executingAuthority: court.id,
    },
    keyring,
    db: database,
    close: () => database.close(),
  };
}

async function api<T = Record<string, unknown>>(
  node: Node,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${node.endpoint}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface CaseDetail {
  id: string;
  version: number;
  state: string;
  reference: string;
  theirReference: string | null;
  measures: { id: string; measure: string; status: string }[];
  documents: { id: string; sha256: string; filename: string; kind: string }[];
  evidence: { sha256: string | null; custody: { action: string; holder: string }[] }[];
}
interface Thread {
  head: string;
  messages: {
    id: string;
    kind: string;
    direction: string;
    seq: number;
    hash: string;
    prev: string;
    status: string;
    receipts: { kind: string; issuer: string; auditHead: { hash: string } }[];
  }[];
}

let us: Node;
let ru: Node;
const dirs: string[] = [];

beforeAll(async () => {
  const a = await prepare("US", "U.S. Department of Justice, Office of International Affairs");
  const b = await prepare("RU", "Генеральная прокуратура Российской Федерации");
  dirs.push(a.node.dir, b.node.dir);
  // Pairing by fingerprint, as the administrators would after comparing them by telephone: each
  // node reads the other's signed identity document (here handed over directly: the servers are not up yet).
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const fingerprint = (await other.keyring.current("sig")).fingerprint;
    await addPartner(
      { db: self.db.db, clock: systemClock, keyring: self.keyring, fetchIdentity: async () => identityDocument(other.keyring) },
      { userId: null, label: "test" },
      { endpoint: other.node.endpoint, fingerprint },
      { ip: null },
    );
  }
  await a.close();
  await b.close();
  us = a.node;
  ru = b.node;
  const env = (n: Node) => ({
    ROGATORY_DATA_DIR: n.dir,
    ROGATORY_NODE_KEY_PASSPHRASE: PASSPHRASE,
    ROGATORY_NODE_ENDPOINT: n.endpoint,
    ROGATORY_PUBLIC_URL: n.endpoint,
  });
  [us.server, ru.server] = await Promise.all([startServer(env(us), us.port), startServer(env(ru), ru.port)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([us?.server?.stop(), ru?.server?.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const evidenceText = "Выписка по счёту № 40817810099910004312 за 2016–2017 гг. (bank statement)";

describe("seed 000 through the exchange: US → RU, testimony and records, 13 July 2018", () => {
  let usCase: CaseDetail;
  let ruCase: CaseDetail;

  it("the US officer drafts, has approved and sends the request", async () => {
    const created = await api<CaseDetail>(us, us.officer, "POST", "/cases", {
      direction: "outgoing",
      title: "Request for testimony and bank records — Ivanov investigation",
      requesting: "US",
      requested: "RU",
      confidentiality: "confidential",
      requestDate: "2018-07-13",
      urgency: "urgent",
      authority: "U.S. Department of Justice, Office of International Affairs",
      measures: [
        { measure: "testimony", description: "Take the testimony of Пётр Сергеевич Иванов as a witness" },
        { measure: "records", description: "Bank records of account 40817810099910004312, 2016–2017" },
      ],
    });
    expect(created.status).toBe(201);
    usCase = created.body;
    const doc = await api<{ caseVersion: number }>(us, us.officer, "POST", `/cases/${usCase.id}/documents`, {
      version: usCase.version,
      kind: "request",
      filename: "request-2018-07-13.pdf",
      contentType: "application/pdf",
      contentBase64: Buffer.from("%PDF-1.4 request of 13 July 2018").toString("base64"),
    });
    expect(doc.status).toBe(201);
    let version = doc.body.caseVersion;
    for (const [who, action] of [
      [us.supervisor, "approve"],
      [us.officer, "mark_translated"],
    ] as const) {
      const r = await api<CaseDetail>(us, who, "POST", `/cases/${usCase.id}/transitions`, { version, action });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version;
    }
    const sent = await api<{ case: CaseDetail; message: { kind: string; seq: number } }>(
      us,
      us.officer,
      "POST",
      `/cases/${usCase.id}/exchange/send`,
      {
        kind: "request",
        version,
        facts: "Funds of the victims were moved through the account in Moscow.",
      },
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.case.state).toBe("sent");
    expect(sent.body.message).toMatchObject({ kind: "request", seq: 1 });
  });

  it("Russia receives it as an incoming case awaiting registration, urgent first", async () => {
    const waiting = await eventually("the request in RU's inbox", async () => {
      const r = await api<{ items: { id: string; urgency: string; theirReference: string }[] }>(
        ru,
        ru.officer,
        "GET",
        "/exchange/inbox-cases",
      );
      return r.body.items[0];
    });
    expect(waiting.urgency).toBe("urgent");
    ruCase = (await api<CaseDetail>(ru, ru.officer, "GET", `/cases/${waiting.id}`)).body;
    expect(ruCase.state).toBe("received");
    expect(ruCase.theirReference).toBe(usCase.reference);
    expect(ruCase.measures.map((m) => m.measure).sort()).toEqual(["records", "testimony"]);
    expect(ruCase.documents[0]?.filename).toBe("request-2018-07-13.pdf");
  });

  it("registering it acknowledges it; the US case shows Russia's reference", async () => {
    const ack = await api<{ case: CaseDetail }>(ru, ru.officer, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "acknowledgement",
      version: ruCase.version,
      executingAuthority: "Тверской районный суд г. Москвы",
    });
    expect(ack.status, JSON.stringify(ack.body)).toBe(201);
    expect(ack.body.case.state).toBe("registered");
    ruCase = ack.body.case;
    const acknowledged = await eventually("the acknowledgement at US", async () => {
      const c = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
      return c.state === "acknowledged" && c;
    });
    expect(acknowledged.theirReference).toBe(ruCase.reference);
  });

  it("Russia asks for more information and the US replies; the review resumes", async () => {
    const review = await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${ruCase.id}/transitions`, {
      version: ruCase.version,
      action: "start_review",
    });
    expect(review.status).toBe(200);
    const q = await api<{ case: CaseDetail; message: { id: string } }>(ru, ru.officer, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "query",
      version: review.body.version,
      purpose: "more_information",
      text: "Please state the witness's address in Moscow and the period of the records.",
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    expect(q.body.case.state).toBe("awaiting_information");
    const thread = await eventually("the query at US", async () => {
      const t = (await api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`)).body;
      return t.messages.some((m) => m.kind === "query") && t;
    });
    const query = thread.messages.find((m) => m.kind === "query");
    const current = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
    const reply = await api(us, us.officer, "POST", `/cases/${usCase.id}/exchange/send`, {
      kind: "reply",
      version: current.version,
      inReplyTo: query?.id,
      text: "ул. Тверская, д. 7, кв. 12, Москва; records from 1 January 2016 to 31 December 2017.",
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    ruCase = await eventually("the reply at RU", async () => {
      const c = (await api<CaseDetail>(ru, ru.officer, "GET", `/cases/${ruCase.id}`)).body;
      return c.state === "under_review" && c;
    });
  });

  it("Russia accepts, executes, reports and hands over a document as evidence", async () => {
    const decided = await api<{ case: CaseDetail }>(ru, ru.supervisor, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "decision",
      version: ruCase.version,
      outcome: "accepted",
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    let c = decided.body.case;
    for (const m of c.measures) {
      const r = await api<CaseDetail>(ru, ru.officer, "PATCH", `/cases/${c.id}/measures/${m.id}`, {
        version: c.version,
        assignedOrganisationId: ru.executingAuthority,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      c = r.body;
    }
    c = (await api<CaseDetail>(ru, ru.officer, "POST", `/cases/${c.id}/transitions`, { version: c.version, action: "start_execution" }))
      .body;
    for (const m of c.measures)
      c = (await api<CaseDetail>(ru, ru.officer, "PATCH", `/cases/${c.id}/measures/${m.id}`, { version: c.version, status: "executed" }))
        .body;
    const report = await api<{ case: CaseDetail }>(ru, ru.officer, "POST", `/cases/${c.id}/exchange/send`, {
      kind: "execution_report",
      version: c.version,
      final: true,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect(report.body.case.state).toBe("executed");
    const doc = await api<{ id: string; sha256: string; caseVersion: number }>(ru, ru.officer, "POST", `/cases/${c.id}/documents`, {
      version: report.body.case.version,
      kind: "evidence",
      filename: "выписка-40817810099910004312.txt",
      contentType: "text/plain",
      contentBase64: Buffer.from(evidenceText).toString("base64"),
    });
    expect(doc.status).toBe(201);
    const ev = await api<{ case: CaseDetail }>(ru, ru.officer, "POST", `/cases/${c.id}/exchange/send`, {
      kind: "evidence",
      version: doc.body.caseVersion,
      documents: [{ documentId: doc.body.id, description: "Bank statement of account 40817810099910004312" }],
      permittedPurposes: ["the investigation named in the request"],
      final: true,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(ev.body.case.state).toBe("evidence_returned");
    ruCase = ev.body.case;

    usCase = await eventually("the evidence at US", async () => {
      const x = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
      return x.state === "evidence_received" && x;
    }).catch(async (err: Error) => {
      const t = (await api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`)).body;
      const r = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
      const show = (x: Thread) =>
        x.messages.map((m) => ({
          kind: m.kind,
          seq: m.seq,
          status: m.status,
          reason: (m as { reason?: string }).reason,
          waiting: (m as { waiting?: unknown }).waiting,
        }));
      throw new Error(`${err.message}: US ${JSON.stringify(show(t))} RU ${JSON.stringify(show(r))}`);
    });
    expect(usCase.measures.every((m) => m.status === "executed")).toBe(true);
    const received = usCase.documents.find((d) => d.kind === "evidence");
    expect(received?.sha256).toBe(doc.body.sha256);
    expect(usCase.evidence[0]?.custody.map((x) => x.action)).toEqual(["received"]);
    expect(usCase.evidence[0]?.custody[0]?.holder).toMatch(/handed over through the exchange/);
  });

  it("both nodes hold the same chain, every message with its receipts", async () => {
    const threads = await eventually("every message accepted on both sides", async () => {
      const a = (await api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`)).body;
      const b = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
      const done = (t: Thread) => t.messages.every((m) => m.status === "accepted" || m.status === "applied");
      return a.messages.length === 7 && done(a) && done(b) && ([a, b] as const);
    });
    const [a, b] = threads;
    const chain = (t: Thread) => t.messages.map((m) => `${m.kind}:${m.hash}:${m.prev}`).sort();
    expect(chain(a)).toEqual(chain(b));
    expect(a.head).toBe(b.head);
    expect(a.messages.map((m) => m.kind)).toEqual([
      "request",
      "acknowledgement",
      "query",
      "reply",
      "decision",
      "execution_report",
      "evidence",
    ]);
    for (const [t, self] of [
      [a, "US"],
      [b, "RU"],
    ] as const)
      for (const m of t.messages) {
        const kinds = m.receipts.map((r) => r.kind).sort();
        if (m.direction === "out") expect(kinds).toEqual(["accepted", "delivered", "submission_accepted"]);
        else expect(kinds).toEqual(["accepted", "delivered"]);
        for (const r of m.receipts)
          expect(r.issuer).toBe(r.kind === "submission_accepted" || m.direction === "in" ? self : self === "US" ? "RU" : "US");
      }
  });

  it("both audit chains verify", async () => {
    await Promise.all([us.server?.stop(), ru.server?.stop()]);
    for (const n of [us, ru]) {
      const db = await openDatabase({ dataDir: n.dir });
      expect((await verifyChain(db.db)).ok).toBe(true);
      await db.close();
    }
  });
});
