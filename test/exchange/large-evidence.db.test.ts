/**
 * Large evidence between two real server processes on PGlite (issue 13 §3): Russia hands over a
 * 64 MB document to the United States. It travels in sealed chunks of 8 MiB through a link the test
 * watches; the receiving server is killed (SIGKILL) in the middle of the transfer and started again,
 * the sender asks what is held and sends only the rest, and the document reaches the US case with
 * the same SHA-256. A captured chunk with one byte changed, or with the bytes of another, is refused; the same chunk delivered again
 * changes nothing. Then the sending server is killed in the middle of a second transfer: started
 * again, it asks what is held and sends only the rest.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
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
import { systemClock } from "../../src/security/clock.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import { createReadyUser } from "../support/accounts.js";
import { type ServerProcess, freePort, startServer } from "../support/server.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);

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
  publicPort?: number,
): Promise<{ node: Node; keyring: Keyring; close: () => Promise<void>; db: Awaited<ReturnType<typeof openDatabase>> }> {
  const dir = mkdtempSync(join(tmpdir(), `rogatory-${jurisdiction}-`));
  const port = await freePort();
  // Partners reach the node at its endpoint: for the US, the watched link in front of its server.
  const endpoint = `http://127.0.0.1:${publicPort ?? port}`;
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

interface Thread {
  messages: { kind: string; direction: string; status: string; receipts: { kind: string }[] }[];
  transfers: {
    id: string;
    direction: string;
    filename: string;
    size: number;
    sha256: string;
    chunks: number;
    doneChunks: number;
    doneBytes: number;
    posts: number;
    status: string;
    progress: string;
  }[];
}
interface CaseDetail {
  id: string;
  version: number;
  state: string;
  documents: { id: string; sha256: string; filename: string; kind: string; size: number }[];
  evidence: { sha256: string | null; documentId: string | null; custody: { action: string; holder: string }[] }[];
}

/**
 * The link between the nodes: an HTTP proxy in front of the US server that passes everything, keeps
 * a copy of the first two chunks delivered, and counts the chunks that went through.
 */
class WatchedLink {
  server: Server;
  chunksPassed = 0;
  captured: Buffer[] = [];
  /** Once this many chunks have passed, the next deliveries are parked here, unanswered, as on a link gone silent. */
  stallAfter: number | null = null;
  parked: ServerResponse[] = [];
  constructor(private target: () => number) {
    this.server = createServer((req, res) => this.pass(req, res));
  }
  listen(port: number) {
    return new Promise<void>((r) => this.server.listen(port, "127.0.0.1", () => r()));
  }
  /** Lets deliveries through again; those parked meanwhile are lost (their connections cut). */
  resume() {
    this.stallAfter = null;
    for (const res of this.parked.splice(0)) res.destroy();
  }
  close() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
  private pass(req: IncomingMessage, res: ServerResponse) {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const body = Buffer.concat(parts);
      if (req.url?.endsWith("/exchange/chunks") && body.length > 1024 * 1024) {
        if (this.stallAfter !== null && this.chunksPassed >= this.stallAfter) {
          this.parked.push(res);
          return;
        }
        this.chunksPassed++;
        if (this.captured.length < 2) this.captured.push(body);
      }
      const out = request({ host: "127.0.0.1", port: this.target(), method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on("error", () => {
        // The node behind is down: the sender sees the link fail, as it would.
        res.destroy();
      });
      out.end(body);
    });
  }
}

const SIZE = 64 * 1024 * 1024 + 12_345;
let us: Node;
let ru: Node;
let link: WatchedLink;
const dirs: string[] = [];
const env = (n: Node) => ({
  ROGATORY_DATA_DIR: n.dir,
  ROGATORY_NODE_KEY_PASSPHRASE: PASSPHRASE,
  ROGATORY_NODE_ENDPOINT: n.endpoint,
  ROGATORY_PUBLIC_URL: n.endpoint,
});

beforeAll(async () => {
  const proxyPort = await freePort();
  const a = await prepare("US", "U.S. Department of Justice, Office of International Affairs", proxyPort);
  const b = await prepare("RU", "Генеральная прокуратура Российской Федерации");
  dirs.push(a.node.dir, b.node.dir);
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
  link = new WatchedLink(() => us.port);
  await link.listen(proxyPort);
  [us.server, ru.server] = await Promise.all([startServer(env(us), us.port), startServer(env(ru), ru.port)]);
}, 240_000);

afterAll(async () => {
  await Promise.all([us?.server?.stop(), ru?.server?.stop()]);
  await link?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** 64 MB of random bytes, generated and hashed as they are streamed (never whole in the test either). */
function randomFile(size: number) {
  const hash = createHash("sha256");
  let left = size;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left === 0) {
        controller.close();
        return;
      }
      const piece = randomBytes(Math.min(left, 1024 * 1024));
      left -= piece.length;
      hash.update(piece);
      controller.enqueue(piece);
    },
  });
  return { stream, digest: () => hash.digest("hex") };
}

/** Streams `size` random bytes to the RU case as an evidence document (stored in chunks); the answer and the bytes' SHA-256. */
async function uploadAtRu(c: CaseDetail, filename: string, size: number) {
  const file = randomFile(size);
  const q = new URLSearchParams({ version: String(c.version), kind: "evidence", filename, contentType: "application/octet-stream" });
  const res = await fetch(`${ru.endpoint}/api/v1/cases/${c.id}/documents?${q}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ru.officer}`, "content-type": "application/octet-stream" },
    body: file.stream,
    duplex: "half",
  } as RequestInit);
  const doc = (await res.json()) as { id: string; size: number; sha256: string; caseVersion: number };
  expect(res.status, JSON.stringify(doc)).toBe(201);
  const digest = file.digest();
  expect(doc.sha256).toBe(digest);
  return { doc, digest };
}

describe("large evidence in chunks between two server processes: RU → US, 64 MB, receiver killed in the middle", () => {
  let usCase: CaseDetail;
  let ruCase: CaseDetail;
  let sha256 = "";

  it("the request goes US → RU, and Russia stores a 64 MB document streamed in chunks", async () => {
    const created = await api<CaseDetail>(us, us.officer, "POST", "/cases", {
      direction: "outgoing",
      title: "Request for bank records — Иванов",
      requesting: "US",
      requested: "RU",
      confidentiality: "confidential",
      requestDate: "2018-07-13",
      authority: "U.S. Department of Justice, Office of International Affairs",
      measures: [{ measure: "records", description: "Bank records of account 40817810099910004312, 2016–2017" }],
    });
    expect(created.status).toBe(201);
    usCase = created.body;
    let version = usCase.version;
    for (const [who, action] of [
      [us.supervisor, "approve"],
      [us.officer, "mark_translated"],
    ] as const) {
      const r = await api<CaseDetail>(us, who, "POST", `/cases/${usCase.id}/transitions`, { version, action });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = r.body.version;
    }
    const sent = await api(us, us.officer, "POST", `/cases/${usCase.id}/exchange/send`, { kind: "request", version });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const waiting = await eventually("the request at RU", async () => {
      const r = await api<{ items: { id: string }[] }>(ru, ru.officer, "GET", "/exchange/inbox-cases");
      return r.body.items[0];
    });
    ruCase = (await api<CaseDetail>(ru, ru.officer, "GET", `/cases/${waiting.id}`)).body;

    const { doc, digest } = await uploadAtRu(ruCase, "выписка-по-счёту-2016-2017.bin", SIZE);
    sha256 = digest;
    expect(doc).toMatchObject({ size: SIZE, sha256 });
    ruCase = { ...ruCase, version: doc.caseVersion, documents: [{ ...doc, filename: "", kind: "evidence" }] };
  }, 120_000);

  it("the evidence goes in chunks; the US server is killed in the middle and the transfer resumes after its restart", async () => {
    const docId = ruCase.documents[0]?.id as string;
    const ev = await api<{ case: CaseDetail }>(ru, ru.officer, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "evidence",
      version: ruCase.version,
      documents: [{ documentId: docId, description: "Bank statements of account 40817810099910004312, 2016–2017" }],
      permittedPurposes: ["the investigation named in the request"],
      final: false,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);

    // In the middle: the US case shows the progress, then its server dies without warning.
    const midway = await eventually(
      "a third of the chunks at US",
      async () => {
        const t = (await api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`)).body;
        const tr = t.transfers?.find((x) => x.direction === "in");
        return tr && tr.doneChunks >= 3 && tr.doneChunks < tr.chunks && tr;
      },
      60_000,
    );
    expect(midway.progress).toMatch(/^evidence \d+ of 64 MB received$/);
    expect(midway.sha256).toBe(sha256);
    us.server?.child.kill("SIGKILL");
    await us.server?.exited;
    const heldAtKill = midway.doneChunks;
    // The sender meets a dead link for a while, then the node comes back on the same data.
    await new Promise((r) => setTimeout(r, 1500));
    us.server = await startServer(env(us), us.port);

    usCase = await eventually(
      "the evidence document on the US case",
      async () => {
        const c = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
        return c.documents.some((d) => d.kind === "evidence") && c;
      },
      180_000,
    );
    const received = usCase.documents.find((d) => d.kind === "evidence");
    expect(received).toMatchObject({ size: SIZE, sha256, filename: "выписка-по-счёту-2016-2017.bin" });
    expect(usCase.evidence[0]).toMatchObject({ sha256, documentId: received?.id });
    expect(usCase.evidence[0]?.custody[0]?.holder).toMatch(/handed over through the exchange/);

    // Resumed, not restarted: the sender posted each chunk about once (those in flight at the kill again).
    const ruThread = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
    const out = ruThread.transfers.find((x) => x.direction === "out");
    expect(out).toMatchObject({ status: "delivered", chunks: 9, doneChunks: 9, progress: "evidence 64 of 64 MB delivered" });
    expect(heldAtKill).toBeGreaterThanOrEqual(3);
    expect(out?.posts).toBeLessThanOrEqual(9 + 3);
    expect(link.chunksPassed).toBeLessThanOrEqual(9 + 3);
    const usThread = await eventually("the evidence message accepted", async () => {
      const t = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
      const m = t.messages.find((x) => x.kind === "evidence");
      return m?.receipts.some((r) => r.kind === "accepted") && t;
    });
    expect(usThread.messages.find((x) => x.kind === "evidence")?.status).toBe("accepted");
    const inbound = (await api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`)).body.transfers.find(
      (x) => x.direction === "in",
    );
    expect(inbound).toMatchObject({ status: "applied", progress: "evidence 64 of 64 MB received" });
  }, 300_000);

  it("the document downloads whole, streamed, with the SHA-256 sent", async () => {
    const received = usCase.documents.find((d) => d.kind === "evidence");
    const res = await fetch(`${us.endpoint}/api/v1/cases/${usCase.id}/documents/${received?.id}`, {
      headers: { authorization: `Bearer ${us.officer}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-sha256")).toBe(sha256);
    const hash = createHash("sha256");
    let size = 0;
    for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(piece);
      size += piece.length;
    }
    expect(size).toBe(SIZE);
    expect(hash.digest("hex")).toBe(sha256);
  }, 60_000);

  it("a chunk with one byte changed, or with another chunk's bytes, is refused; the same chunk again changes nothing", async () => {
    // A delivery is the sealed header (a compact JWE of the signed header, which carries the chunk's
    // own AES-256-GCM key), a newline, and the bytes encrypted under that key, as binary.
    const [sealed, other] = link.captured as [Buffer, Buffer];
    const cut = (d: Buffer) => d.indexOf(0x0a);
    const header = sealed.subarray(0, cut(sealed));
    const bytes = sealed.subarray(cut(sealed) + 1);
    expect(header.toString("latin1").split(".")).toHaveLength(5);
    expect(bytes.length).toBe(8 * 1024 * 1024 + 16);
    const post = (body: Buffer) =>
      fetch(`${us.endpoint}/api/v1/exchange/chunks`, {
        method: "POST",
        headers: { "content-type": "application/vnd.rogatory.chunk" },
        body: new Uint8Array(body),
      });
    // One byte of the ciphertext changed: GCM's tag refuses it.
    const changed = Buffer.from(bytes);
    changed[changed.length >> 1] = (changed[changed.length >> 1] as number) ^ 0x01;
    const tampered = await post(Buffer.concat([header, Buffer.of(0x0a), changed]));
    expect(tampered.status).toBe(422);
    expect(await tampered.json()).toMatchObject({ reason: "decryption_failed" });
    // Genuine bytes of another chunk under this chunk's signed header: encrypted under another key,
    // and bound to another index, they do not decrypt.
    const swapped = await post(Buffer.concat([header, Buffer.of(0x0a), other.subarray(cut(other) + 1)]));
    expect(swapped.status).toBe(422);
    expect(await swapped.json()).toMatchObject({ reason: "decryption_failed" });
    // The header alone, as if it were a status request, is not one.
    const headless = await post(header);
    expect(headless.status).toBe(422);

    // The genuine chunk delivered again (within its time window): answered, nothing stored twice.
    const again = await post(sealed);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ state: "applied", held: 9, missing: [] });
    const c = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
    expect(c.documents.filter((d) => d.kind === "evidence")).toHaveLength(1);
    expect(c.evidence).toHaveLength(1);
  }, 60_000);

  it("the sending server is killed in the middle of a transfer: started again, it sends only the chunks not held", async () => {
    const size = 42 * 1024 * 1024 + 777; // six chunks, the last one too large to pass unnoticed by the link
    ruCase = (await api<CaseDetail>(ru, ru.officer, "GET", `/cases/${ruCase.id}`)).body;
    const { doc, digest } = await uploadAtRu(ruCase, "протокол-допроса-Иванова.bin", size);

    // Two chunks go through; then the link goes silent and the sender dies with chunks in flight.
    link.stallAfter = link.chunksPassed + 2;
    const ev = await api(ru, ru.officer, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "evidence",
      version: doc.caseVersion,
      documents: [{ documentId: doc.id, description: "Протокол допроса свидетеля Иванова И. И." }],
      permittedPurposes: ["the investigation named in the request"],
      final: false,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const inbound = () =>
      api<Thread>(us, us.officer, "GET", `/cases/${usCase.id}/exchange`).then((r) =>
        r.body.transfers.find((x) => x.direction === "in" && x.sha256 === digest),
      );
    const held = await eventually("the two chunks held at US", async () => {
      const t = await inbound();
      return t && t.doneChunks === 2 && t;
    });
    await eventually("a chunk waiting on the silent link", async () => link.parked.length > 0);
    ru.server?.child.kill("SIGKILL");
    await ru.server?.exited;
    link.resume();
    const heldAtKill = held.doneChunks;
    const passedAtKill = link.chunksPassed;
    ru.server = await startServer(env(ru), ru.port);

    const arrived = await eventually(
      "the second evidence document on the US case",
      async () => {
        const c = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
        return c.documents.find((d) => d.sha256 === digest);
      },
      // Well within the minute its lease on the message would have run: started again alone on its
      // data, the node knows the lease was its own (sender.ts's releaseOwnLeases).
      45_000,
    );
    expect(arrived).toMatchObject({ size, filename: "протокол-допроса-Иванова.bin", kind: "evidence" });
    // Resumed: after the restart only the chunks US did not hold went through, each once.
    expect(link.chunksPassed - passedAtKill).toBe(6 - heldAtKill);
    expect(await inbound()).toMatchObject({ status: "applied", chunks: 6, doneChunks: 6 });
    const out = await eventually("RU's transfer delivered", async () => {
      const t = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
      return t.transfers.find((x) => x.direction === "out" && x.sha256 === digest && x.status === "delivered");
    });
    expect(out).toMatchObject({ chunks: 6, doneChunks: 6 });
  }, 300_000);

  it("a document kept in its row, too large for the message, travels from a copy in chunks that goes once the partner holds it", async () => {
    const bytes = randomBytes(5 * 1024 * 1024);
    const digest = createHash("sha256").update(bytes).digest("hex");
    ruCase = (await api<CaseDetail>(ru, ru.officer, "GET", `/cases/${ruCase.id}`)).body;
    // Sent as base64 in JSON: kept in the document's row, not in chunks.
    const added = await api<{ id: string; caseVersion: number }>(ru, ru.officer, "POST", `/cases/${ruCase.id}/documents`, {
      version: ruCase.version,
      kind: "evidence",
      filename: "справка-банка.pdf",
      contentType: "application/pdf",
      contentBase64: bytes.toString("base64"),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const blobs = () => new Set(readdirSync(join(ru.dir, "blobs")));
    const before = blobs();
    expect(before.size).toBeGreaterThan(0);
    const ev = await api(ru, ru.officer, "POST", `/cases/${ruCase.id}/exchange/send`, {
      kind: "evidence",
      version: added.body.caseVersion,
      documents: [{ documentId: added.body.id, description: "Справка банка о движении средств" }],
      permittedPurposes: ["the investigation named in the request"],
      final: false,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const arrived = await eventually("the document on the US case", async () => {
      const c = (await api<CaseDetail>(us, us.officer, "GET", `/cases/${usCase.id}`)).body;
      return c.documents.find((d) => d.sha256 === digest);
    });
    expect(arrived).toMatchObject({ size: bytes.length, filename: "справка-банка.pdf" });
    // It went as a transfer (over 4 MB of base64 is more than a message carries), from a copy in chunks …
    const out = await eventually("RU's transfer delivered", async () => {
      const t = (await api<Thread>(ru, ru.officer, "GET", `/cases/${ruCase.id}/exchange`)).body;
      return t.transfers.find((x) => x.direction === "out" && x.sha256 === digest && x.status === "delivered");
    });
    expect(out).toMatchObject({ chunks: 1, doneChunks: 1 });
    // … which is gone from RU's disk; the document itself stays whole in its row.
    expect(blobs()).toEqual(before);
    const kept = await fetch(`${ru.endpoint}/api/v1/cases/${ruCase.id}/documents/${added.body.id}`, {
      headers: { authorization: `Bearer ${ru.officer}` },
    });
    expect(kept.status).toBe(200);
    expect(
      createHash("sha256")
        .update(Buffer.from(await kept.arrayBuffer()))
        .digest("hex"),
    ).toBe(digest);
  }, 120_000);
});
