/**
 * A case's signed package between two nodes without a network link (issue 13 §3, last point): the US
 * officer approves the seed-000 draft (testimony and records, 13 July 2018, US–Russia MLAT), the
 * Word and PDF request are stored on the case, and the case is exported from the case page's route;
 * the Russian officer uploads the file and it becomes an incoming case in state received with the same
 * content and documents, exactly as if it had come through the exchange. A package changed in any
 * way, or re-signed by another key, is refused with its reason and nothing reaches a case; importing
 * the same package twice applies it once. The US node runs on the test database (PostgreSQL when
 * DATABASE_URL is set), the Russian node on embedded PGlite; they never talk to each other.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadyUser } from "../../test/support/accounts.js";
import { openTestDatabase } from "../../test/support/app.js";
import { createToken } from "../accounts/apiTokens.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { verifyChain } from "../audit/trail.js";
import { transition } from "../cases/casework.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { approveDraft, createDraft } from "../drafting/drafts.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import type { Actor } from "../policies/policy.js";
import { ManualClock } from "../security/clock.js";
import { buildApp } from "../server/app.js";
import { identityDocument } from "./identity.js";
import { type Keyring, openKeyring } from "./keyring.js";
import { exchangeContext } from "./node.js";
import { writePackage } from "./packages.js";
import { CARRIED_BY_PACKAGE, importPackage, type PackagingContext } from "./packaging.js";
import { addPartner } from "./partnerRegistrar.js";
import { deliverDue } from "./sender.js";
import { partnerDirectory } from "./partners.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const PASSPHRASE = "package test passphrase, Ελλάδα";
const CLIENT = { ip: "127.0.0.1", userAgent: "test" };
const security = { ...DEFAULT_SECURITY, signInPerMinute: 10_000, apiPerMinute: 100_000 };

interface Node {
  database: OpenDatabase;
  keyring: Keyring;
  p: PackagingContext;
  app: FastifyInstance;
  officer: Actor;
  supervisor: Actor;
  auditor: Actor;
  tokens: { officer: string; auditor: string };
}

async function node(database: OpenDatabase, jurisdiction: string, authority: string): Promise<Node> {
  const db = database.db;
  const { hash } = await loadReferenceData({ db, kb, files });
  const org = await db
    .insertInto("organisation")
    .values({ name: authority, kind: "central_authority", jurisdiction })
    .returning("id")
    .executeTakeFirstOrThrow();
  const accounts = { db, clock, settings: security };
  const actors = {} as Record<"officer" | "supervisor" | "auditor", Actor>;
  const tokens = {} as Record<"officer" | "auditor", string>;
  for (const role of ["officer", "supervisor", "auditor"] as const) {
    const u = await createReadyUser(accounts, {
      email: `${role}@${jurisdiction.toLowerCase()}.test`,
      role,
      organisationId: org.id,
      totp: false,
    });
    actors[role] = { userId: u.id, organisationId: org.id, role, label: `${role} ${jurisdiction}` };
    if (role !== "supervisor")
      tokens[role] = (
        await createToken(accounts, actors[role], { name: "package test", scopes: ["cases:read", "cases:write"] }, CLIENT)
      ).token;
  }
  const keyring = await openKeyring({
    db,
    clock,
    node: { jurisdiction, authority, endpoint: `https://rogatory.${jurisdiction.toLowerCase()}.test` },
    passphrase: PASSPHRASE,
  });
  const directory = partnerDirectory(db, { keyring, clock });
  const exchange = await exchangeContext({ db, clock, kb, files, keyring, directory, organisationId: org.id });
  const app = await buildApp({
    kb,
    files,
    database,
    knowledgeHash: hash,
    webDir: "/nonexistent",
    clock,
    security,
    exchange: { keyring, directory, partners: { db, clock, keyring } },
    exchangeMessages: exchange,
  });
  return { database, keyring, p: { exchange, keyring, directory }, app, ...actors, tokens };
}

/** Pairs `self` with `other` without a network: `other`'s identity document as a file, its fingerprint read aloud. */
async function pairOffline(self: Node, other: Node) {
  const file = JSON.parse(JSON.stringify(await identityDocument(other.keyring)));
  const ctx = {
    db: self.database.db,
    clock,
    keyring: self.keyring,
    fetchIdentity: async () => {
      throw new Error("no network between the nodes");
    },
  };
  return addPartner(
    ctx,
    { userId: null, label: "test administrator" },
    { identity: file, fingerprint: file.fingerprintGrouped },
    { ip: null },
  );
}

let us: Node;
let ru: Node;
let usCaseId: string;
let usReference: string;
let exported: Uint8Array;

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** What a refused import must leave unchanged on a node: cases, their documents and history, messages, the audit trail. */
async function footprint(n: Node) {
  const db = n.database.db;
  const count = async (
    table:
      | "case_file"
      | "case_document"
      | "case_correspondence"
      | "exchange_message"
      | "exchange_link"
      | "audit_event"
      | "exchange_quarantine",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    cases: await count("case_file"),
    documents: await count("case_document"),
    correspondence: await count("case_correspondence"),
    messages: await count("exchange_message"),
    links: await count("exchange_link"),
    audit: await count("audit_event"),
    quarantine: await count("exchange_quarantine"),
  };
}

/** The exported package with one entry replaced by what `change` makes of its bytes. */
async function altered(name: string, change: (b: Uint8Array) => Uint8Array | string): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(exported);
  const entry = zip.file(name);
  if (!entry) throw new Error(`no ${name} in the package`);
  zip.file(name, change(await entry.async("uint8array")));
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

const upload = (n: Node, bytes: Uint8Array, token = n.tokens.officer) =>
  n.app.inject({
    method: "POST",
    url: "/api/v1/exchange/packages",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/zip" },
    payload: Buffer.from(bytes),
  });

beforeAll(async () => {
  us = await node(await openTestDatabase(), "US", "U.S. Department of Justice, Office of International Affairs");
  ru = await node(await openDatabase({ dataDir: "memory://" }), "RU", "Генеральная прокуратура Российской Федерации");
  await pairOffline(us, ru);
  await pairOffline(ru, us);
  // The seed-000 request, drafted and approved: the Word and PDF are rendered and stored on the case.
  const drafts = { db: us.database.db, clock, kb, files };
  const content = JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8"));
  const draft = await createDraft(drafts, us.officer, { title: "Testimony and records — Ivanov investigation", content }, CLIENT);
  const approved = await approveDraft(drafts, us.officer, draft.id, draft.version, CLIENT);
  usCaseId = approved.caseId;
  usReference = approved.reference;
  let version = (await us.database.db.selectFrom("case_file").select("version").where("id", "=", usCaseId).executeTakeFirstOrThrow())
    .version;
  for (const [actor, action] of [
    [us.supervisor, "approve"],
    [us.officer, "mark_translated"],
  ] as const) {
    const r = await transition(drafts, actor, usCaseId, { action, version }, CLIENT);
    version = r.version;
  }
}, 240_000);

afterAll(async () => {
  for (const n of [us, ru]) {
    await n?.app.close();
    await n?.database.close();
  }
});

describe("a case's signed package, US → RU without a network link", () => {
  it("is refused to an auditor, who may read the case but not send it", async () => {
    const res = await us.app.inject({
      method: "POST",
      url: `/api/v1/cases/${usCaseId}/package`,
      headers: { authorization: `Bearer ${us.tokens.auditor}` },
      payload: { version: 1 },
    });
    expect(res.statusCode).toBe(403);
  });

  it("the US officer downloads it: the case is sent, the request carried by package, the export on the timeline and audit trail", async () => {
    const before = await us.database.db
      .selectFrom("case_file")
      .select(["version", "state"])
      .where("id", "=", usCaseId)
      .executeTakeFirstOrThrow();
    expect(before.state).toBe("translated");
    const stale = await us.app.inject({
      method: "POST",
      url: `/api/v1/cases/${usCaseId}/package`,
      headers: { authorization: `Bearer ${us.tokens.officer}` },
      payload: { version: before.version - 1 },
    });
    expect(stale.statusCode).toBe(409);
    const res = await us.app.inject({
      method: "POST",
      url: `/api/v1/cases/${usCaseId}/package`,
      headers: { authorization: `Bearer ${us.tokens.officer}` },
      payload: { version: before.version, facts: "Funds of the victims were moved through an account in Moscow." },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/zip");
    // The name is the case's reference and what the package carries, kept whole in filename* (RFC 6266).
    expect(String(res.headers["content-disposition"])).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${usReference} — request 1 for RU.zip`)}`,
    );
    exported = new Uint8Array(res.rawPayload);
    expect(res.headers["x-content-sha256"]).toBe(sha256(exported));
    expect(Number(res.headers["x-case-version"])).toBe(before.version + 1);

    const db = us.database.db;
    expect((await db.selectFrom("case_file").select("state").where("id", "=", usCaseId).executeTakeFirstOrThrow()).state).toBe("sent");
    const message = await db.selectFrom("exchange_message").selectAll().where("case_id", "=", usCaseId).executeTakeFirstOrThrow();
    expect(message).toMatchObject({
      direction: "out",
      kind: "request",
      seq: 1,
      status: "queued",
      next_attempt_at: null,
      last_error: CARRIED_BY_PACKAGE,
    });
    // The sender worker leaves it: the package carries it, the network is not tried.
    await deliverDue(us.p.exchange);
    expect(
      await db.selectFrom("exchange_message").select(["attempts", "status"]).where("id", "=", message.id).executeTakeFirstOrThrow(),
    ).toEqual({
      attempts: 0,
      status: "queued",
    });
    const events = await db.selectFrom("audit_event").select(["action", "summary"]).where("object_id", "=", usCaseId).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["case.send", "case.exchange_send", "case.exchange_package"]));
    const line = await db
      .selectFrom("case_correspondence")
      .select("summary")
      .where("case_id", "=", usCaseId)
      .where("summary", "like", "%signed package%")
      .executeTakeFirstOrThrow();
    expect(line.summary).toContain(sha256(exported));

    // The zip holds what a person reads without a node: the Word and the PDF request, as stored on the case.
    const zip = await JSZip.loadAsync(exported);
    const stored = await db
      .selectFrom("case_document")
      .select(["filename", "sha256"])
      .where("case_id", "=", usCaseId)
      .where("kind", "=", "request")
      .execute();
    expect(stored.map((d) => d.filename.split(".").pop()).sort()).toEqual(["docx", "pdf"]);
    for (const d of stored) expect(sha256((await zip.file(d.filename)?.async("uint8array")) ?? new Uint8Array())).toBe(d.sha256);
    expect(Object.keys(zip.files).sort()).toEqual(
      ["envelope.json", "manifest.json", "manifest.jws", ...stored.map((d) => d.filename)].sort(),
    );
  });

  it("refuses a package with one byte of a document changed, the manifest changed, the zip cut short, or re-signed by an unknown key: quarantined, nothing else written", async () => {
    const zip = await JSZip.loadAsync(exported);
    const word = Object.keys(zip.files).find((n) => n.endsWith(".docx")) as string;
    const flip = (b: Uint8Array) => {
      const c = new Uint8Array(b);
      c[Math.floor(c.length / 2)] = (c[Math.floor(c.length / 2)] ?? 0) ^ 0x01;
      return c;
    };
    // Another node (not a partner of RU) takes the files and signs them as its own.
    const gbDb = await openDatabase({ dataDir: "memory://" });
    const gb = await openKeyring({
      db: gbDb.db,
      clock,
      node: { jurisdiction: "US", authority: "Not the OIA", endpoint: "https://rogatory.forged.test" },
      passphrase: PASSPHRASE,
    });
    const envelope = JSON.parse((await zip.file("envelope.json")?.async("string")) as string);
    const documents = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => !["envelope.json", "manifest.json", "manifest.jws"].includes(n))
        .map(async (name) => ({
          name,
          contentType: "application/octet-stream",
          bytes: (await zip.file(name)?.async("uint8array")) as Uint8Array,
        })),
    );
    const resigned = (await writePackage(gb, { to: { jurisdiction: "RU" }, envelope, files: documents })).bytes;
    // Signed by the US node itself, but without the documents its envelope names (a faulty exporter).
    const withoutDocuments = (await writePackage(us.keyring, { to: { jurisdiction: "RU" }, envelope, files: [] })).bytes;
    await gbDb.close();
    // Cut short, as a file whose last part an e-mail gateway dropped: no central directory.
    const damaged = exported.slice(0, exported.length - 200);

    const cases: [string, Uint8Array, string, RegExp][] = [
      ["one byte of the Word request", await altered(word, flip), "signature_invalid", /SHA-256 differs/],
      [
        "the manifest",
        await altered("manifest.json", (b) => new TextDecoder().decode(b).replace('"RU"', '"GB"')),
        "signature_invalid",
        /manifest/,
      ],
      ["the zip cut short", damaged, "malformed", /not a zip/],
      ["re-signed by an unknown key", resigned, "unknown_sender", /key|partner|trusted/i],
      ["signed, but without the documents its envelope names", withoutDocuments, "malformed", /does not hold/],
    ];
    for (const [what, bytes, reason, detail] of cases) {
      const before = await footprint(ru);
      const res = await upload(ru, bytes);
      expect(res.statusCode, what).toBe(422);
      expect(res.json(), what).toMatchObject({ error: "package_refused", outcome: "refused", reason, sha256: sha256(bytes) });
      expect(res.json().detail, what).toMatch(detail);
      expect(await footprint(ru), what).toEqual({ ...before, quarantine: before.quarantine + 1 });
      const q = await ru.database.db
        .selectFrom("exchange_quarantine")
        .select(["reason", "content"])
        .orderBy("received_at", "desc")
        .orderBy("id")
        .execute();
      expect(
        q.some((r) => r.reason === reason && r.content.includes(sha256(bytes))),
        what,
      ).toBe(true);
    }
  });

  it("the Russian officer uploads it: an incoming case in state received, with the same content and documents", async () => {
    const res = await upload(ru, exported);
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ outcome: "applied", message: { kind: "request", seq: 1 }, partner: { jurisdiction: "US" } });
    const ruDb = ru.database.db;
    const usDb = us.database.db;
    const theirs = await ruDb.selectFrom("case_file").selectAll().where("id", "=", r.caseId).executeTakeFirstOrThrow();
    const ours = await usDb.selectFrom("case_file").selectAll().where("id", "=", usCaseId).executeTakeFirstOrThrow();
    expect(theirs).toMatchObject({
      direction: "incoming",
      state: "received",
      reference: r.caseReference,
      their_reference: usReference,
      title: ours.title,
      requesting: "US",
      requested: "RU",
      confidentiality: ours.confidentiality,
      request_date: ours.request_date,
      urgency: ours.urgency,
    });
    const measures = (db: typeof ruDb, id: string) =>
      db
        .selectFrom("case_measure")
        .select(["measure", "description"])
        .where("case_id", "=", id)
        .orderBy("measure")
        .orderBy("description")
        .execute();
    expect(await measures(ruDb, r.caseId)).toEqual(await measures(usDb, usCaseId));
    const offences = (db: typeof ruDb, id: string) =>
      db
        .selectFrom("case_offence")
        .select(["description", "legal_provision", "iccs"])
        .where("case_id", "=", id)
        .orderBy("description")
        .execute();
    expect(await offences(ruDb, r.caseId)).toEqual(await offences(usDb, usCaseId));
    const persons = (db: typeof ruDb, id: string) =>
      db.selectFrom("case_person").select(["name"]).where("case_id", "=", id).orderBy("name").execute();
    expect(await persons(ruDb, r.caseId)).toEqual(await persons(usDb, usCaseId));
    // The documents: the same bytes, hashed again here rather than trusting the stored digests.
    const docs = async (db: typeof ruDb, id: string) =>
      (
        await db
          .selectFrom("case_document")
          .select(["filename", "content"])
          .where("case_id", "=", id)
          .where("kind", "=", "request")
          .execute()
      )
        .map((d) => ({ filename: d.filename, sha256: sha256(d.content) }))
        .sort((a, b) => a.filename.localeCompare(b.filename));
    const received = await docs(ruDb, r.caseId);
    expect(received).toHaveLength(2);
    expect(received).toEqual(await docs(usDb, usCaseId));
    // The same chain on both sides: the message's hash is the one the US node recorded when sending.
    const sent = await usDb.selectFrom("exchange_message").select(["id", "hash"]).where("case_id", "=", usCaseId).executeTakeFirstOrThrow();
    const got = await ruDb
      .selectFrom("exchange_message")
      .select(["id", "hash", "status", "direction"])
      .where("case_id", "=", r.caseId)
      .executeTakeFirstOrThrow();
    expect(got).toEqual({ id: sent.id, hash: sent.hash, status: "applied", direction: "in" });
    // The receiving node's receipts, as for a message from the network.
    const receipts = await ruDb
      .selectFrom("exchange_receipt")
      .select(["kind", "issuer"])
      .where("message_id", "=", sent.id)
      .orderBy("kind")
      .execute();
    expect(receipts).toEqual([
      { kind: "accepted", issuer: "RU" },
      { kind: "delivered", issuer: "RU" },
    ]);
    const imported = await ruDb
      .selectFrom("audit_event")
      .select(["actor_id", "action"])
      .where("object_id", "=", r.caseId)
      .where("action", "=", "case.exchange_package_import")
      .executeTakeFirstOrThrow();
    expect(imported.actor_id).toBe(ru.officer.userId);
    expect((await verifyChain(ruDb)).ok).toBe(true);
  });

  it("importing the same package again applies nothing twice", async () => {
    const before = await footprint(ru);
    const again = await importPackage(ru.p, ru.officer, exported, CLIENT);
    expect(again.outcome).toBe("already_received");
    expect(await footprint(ru)).toEqual(before);
  });

  it("exported again from the US, the same message travels (same id, same hash) and is a repeat in Russia", async () => {
    const { version } = await us.database.db.selectFrom("case_file").select("version").where("id", "=", usCaseId).executeTakeFirstOrThrow();
    const res = await us.app.inject({
      method: "POST",
      url: `/api/v1/cases/${usCaseId}/package`,
      headers: { authorization: `Bearer ${us.tokens.officer}` },
      payload: { version },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(Number(res.headers["x-case-version"])).toBe(version + 1);
    // The version was taken: the same request again is stale, and says what changed the case.
    const stale = await us.app.inject({
      method: "POST",
      url: `/api/v1/cases/${usCaseId}/package`,
      headers: { authorization: `Bearer ${us.tokens.officer}` },
      payload: { version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toContain("exported a signed package of the case");
    const messages = await us.database.db.selectFrom("exchange_message").select("id").where("case_id", "=", usCaseId).execute();
    expect(messages).toHaveLength(1);
    expect(String(res.headers["x-exchange-message"])).toContain(`id=${messages[0]?.id}`);
    const before = await footprint(ru);
    const again = await upload(ru, new Uint8Array(res.rawPayload));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: "already_received", message: { id: messages[0]?.id } });
    expect(await footprint(ru)).toEqual(before);
  });
});
