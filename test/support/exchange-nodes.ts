/**
 * Exchange nodes for tests with real server processes: a node's database (embedded PGlite in a
 * directory of its own, or a PostgreSQL database of its own) prepared as a first start leaves it,
 * with an officer and a supervisor holding API tokens; pairing of two nodes by fingerprint (each
 * may be given another endpoint for its partner, e.g. a fault proxy in front of it); the server
 * process started on that database; and the API calls the conversations use.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
import { createToken } from "../../src/accounts/apiTokens.js";
import { DEFAULT_SECURITY } from "../../src/accounts/context.js";
import { createOrganisation } from "../../src/accounts/userAdministrator.js";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";
import { identityDocument } from "../../src/exchange/identity.js";
import { type Keyring, openKeyring } from "../../src/exchange/keyring.js";
import { addPartner } from "../../src/exchange/partnerRegistrar.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import { systemClock } from "../../src/security/clock.js";
import { createReadyUser } from "./accounts.js";
import { type ServerProcess, freePort, startServer } from "./server.js";

export const NODE_PASSPHRASE = "correct horse battery staple, node key";
const SYSTEM = { ip: "127.0.0.1", userAgent: "test" };

let knowledge: { files: ReturnType<typeof readKnowledgeFiles>; kb: ReturnType<typeof buildKnowledgeBase> } | undefined;
/** The knowledge base, read once per test file. */
export function knowledgeOnce() {
  if (!knowledge) {
    const files = readKnowledgeFiles();
    knowledge = { files, kb: buildKnowledgeBase(files) };
  }
  return knowledge;
}

export interface ExchangeNode {
  jurisdiction: string;
  authority: string;
  /** The PGlite data directory (absent on PostgreSQL). */
  dir?: string;
  /** The PostgreSQL database (absent on PGlite). */
  databaseUrl?: string;
  port: number;
  endpoint: string;
  officer: string;
  supervisor: string;
  /** More API tokens of the officer: the API's rate limit counts per token, so parallel drivers use one each. */
  officerTokens: string[];
  executingAuthority: string;
  /** More variables for its server process. */
  env?: Record<string, string>;
  server?: ServerProcess;
}

/** Opens the node's database from the test process (the server must not be running on a PGlite directory). */
export function openNodeDatabase(node: Pick<ExchangeNode, "dir" | "databaseUrl">): Promise<OpenDatabase> {
  return openDatabase(node.databaseUrl ? { url: node.databaseUrl } : { dataDir: node.dir as string });
}

/** Creates an empty PostgreSQL database on the server of `serverUrl` and returns its URL. */
export async function createPostgresDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.query(`create database ${name}`);
  await client.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database made by createPostgresDatabase. */
export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`drop database if exists ${name} with (force)`);
  await client.end();
}

/**
 * Prepares a node's database before its server starts: reference data, the central authority, an
 * administrator, an officer and a supervisor with API tokens, an executing authority, the node's keys.
 * Returns the node and its open database and keyring (close the database before starting a PGlite node).
 */
export async function prepareNode(
  jurisdiction: string,
  authority: string,
  opts: { databaseUrl?: string; extraTokens?: number } = {},
): Promise<{ node: ExchangeNode; keyring: Keyring; database: OpenDatabase }> {
  const extraTokens = opts.extraTokens ?? 0;
  const { kb, files } = knowledgeOnce();
  const dir = opts.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), `rogatory-${jurisdiction}-`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const database = await openNodeDatabase({ dir, databaseUrl: opts.databaseUrl });
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
  await loadReferenceData({ db: database.db, kb, files });
  await ensureFirstAdministrator(ctx, { organisationName: authority, email: `admin@${jurisdiction.toLowerCase()}.test`, jurisdiction });
  const org = await database.db.selectFrom("organisation").select("id").where("kind", "=", "central_authority").executeTakeFirstOrThrow();
  const first = await database.db.selectFrom("app_user").select("id").where("role", "=", "administrator").executeTakeFirstOrThrow();
  const admin = { userId: first.id, organisationId: org.id, role: "administrator" as const, label: "test" };
  const court = await createOrganisation(
    ctx,
    admin,
    {
      name: jurisdiction === "RU" ? "Тверской районный суд г. Москвы" : `Court of ${jurisdiction}`,
      kind: "executing_authority",
      jurisdiction,
    },
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
    for (let i = 0; i < (role === "officer" ? 1 + extraTokens : 1); i++)
      tokens.push((await createToken(ctx, actor, { name: `exchange test ${i}`, scopes: ["cases:read", "cases:write"] }, SYSTEM)).token);
  }
  const keyring = await openKeyring({
    db: database.db,
    clock: systemClock,
    node: { jurisdiction, authority, endpoint },
    passphrase: NODE_PASSPHRASE,
  });
  return {
    node: {
      jurisdiction,
      authority,
      dir,
      databaseUrl: opts.databaseUrl,
      port,
      endpoint,
      officer: tokens[0] as string,
      officerTokens: tokens.slice(1, 1 + extraTokens),
      supervisor: tokens[1 + extraTokens] as string,
      executingAuthority: court.id,
    },
    keyring,
    database,
  };
}

/**
 * Pairs `self` with `other` by the fingerprint of other's signing key, as an administrator would after
 * comparing it by telephone; the identity document is handed over directly (the servers are not up).
 * `endpoint` is where self reaches other: its own endpoint, or a fault proxy in front of it.
 */
export async function addPartnerOf(
  self: { database: OpenDatabase; keyring: Keyring },
  other: { keyring: Keyring },
  endpoint: string,
): Promise<void> {
  const fingerprint = (await other.keyring.current("sig")).fingerprint;
  await addPartner(
    { db: self.database.db, clock: systemClock, keyring: self.keyring, fetchIdentity: async () => identityDocument(other.keyring) },
    { userId: null, label: "test" },
    { endpoint, fingerprint },
    { ip: null },
  );
}

/** The variables a node's server process runs with. */
export function nodeEnv(n: ExchangeNode, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(n.databaseUrl ? { DATABASE_URL: n.databaseUrl } : { ROGATORY_DATA_DIR: n.dir as string }),
    ROGATORY_NODE_KEY_PASSPHRASE: NODE_PASSPHRASE,
    ROGATORY_NODE_ENDPOINT: n.endpoint,
    ROGATORY_PUBLIC_URL: n.endpoint,
    ...extra,
  };
}

/** Starts the node's server process on its port. */
export async function startNode(n: ExchangeNode, port = n.port): Promise<ServerProcess> {
  n.server = await startServer(nodeEnv(n, n.env), port);
  return n.server;
}

/** One API call with a bearer token; the body is the parsed JSON answer. */
export async function api<T = Record<string, unknown>>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls `probe` every 100 ms until it answers something truthy; fails with `what` after `ms`. */
export async function eventually<T>(
  what: string | (() => string),
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface CaseSummary {
  id: string;
  version: number;
  state: string;
  reference: string;
  theirReference: string | null;
}

/** Drafts an outgoing request at `from` to `to`, has it approved and translated, and sends it through the exchange. */
export async function draftAndSendRequest(from: ExchangeNode, to: string, title: string, urgent = false): Promise<CaseSummary> {
  const b = from.endpoint;
  const created = await api<CaseSummary>(b, from.officer, "POST", "/cases", {
    direction: "outgoing",
    title,
    requesting: from.jurisdiction,
    requested: to,
    confidentiality: "confidential",
    requestDate: "2018-07-13",
    urgency: urgent ? "urgent" : "normal",
    authority: from.authority,
    measures: [{ measure: "testimony", description: "Take the testimony of Пётр Сергеевич Иванов as a witness" }],
  });
  if (created.status !== 201) throw new Error(`case not created: ${JSON.stringify(created.body)}`);
  const doc = await api<{ caseVersion: number }>(b, from.officer, "POST", `/cases/${created.body.id}/documents`, {
    version: created.body.version,
    kind: "request",
    filename: "request-2018-07-13.pdf",
    contentType: "application/pdf",
    contentBase64: Buffer.from(`%PDF-1.4 ${title}`).toString("base64"),
  });
  let version = doc.body.caseVersion;
  for (const [who, action] of [
    [from.supervisor, "approve"],
    [from.officer, "mark_translated"],
  ] as const) {
    const r = await api<CaseSummary>(b, who, "POST", `/cases/${created.body.id}/transitions`, { version, action });
    if (r.status !== 200) throw new Error(`${action}: ${JSON.stringify(r.body)}`);
    version = r.body.version;
  }
  const sent = await api<{ case: CaseSummary }>(b, from.officer, "POST", `/cases/${created.body.id}/exchange/send`, {
    kind: "request",
    version,
    facts: `Facts of ${title}.`,
  });
  if (sent.status !== 201) throw new Error(`request not sent: ${JSON.stringify(sent.body)}`);
  return sent.body.case;
}

/**
 * Sends a notice on a case, reading the case's version first and again when a received message
 * changed it meanwhile (409 version_conflict). Returns the status of the last attempt.
 */
export async function sendNotice(
  node: ExchangeNode,
  caseId: string,
  text: string,
  token = node.officer,
): Promise<{ status: number; seq?: number }> {
  return sendMessage(node, caseId, { kind: "notice", topic: "other", text, dates: [] }, token);
}

/** Sends a message of any kind on a case with the case's current version, again after a 409 version_conflict. */
export async function sendMessage(
  node: ExchangeNode,
  caseId: string,
  body: Record<string, unknown>,
  token = node.officer,
): Promise<{ status: number; seq?: number }> {
  for (let attempt = 0; ; attempt++) {
    const c = await api<CaseSummary>(node.endpoint, token, "GET", `/cases/${caseId}`);
    const r = await api<{ message?: { seq: number }; code?: string }>(node.endpoint, token, "POST", `/cases/${caseId}/exchange/send`, {
      ...body,
      version: c.body.version,
    });
    if (r.status !== 409 || attempt >= 20) return { status: r.status, seq: r.body.message?.seq };
  }
}

export interface ThreadMessage {
  id: string;
  kind: string;
  direction: "in" | "out";
  seq: number;
  hash: string;
  prev: string;
  status: string;
  body: { text?: string };
  receipts: { kind: string; issuer: string }[];
}

/** A case's exchange thread as the node shows it. */
export async function threadOf(
  node: ExchangeNode,
  caseId: string,
  token = node.officer,
): Promise<{ head: string; messages: ThreadMessage[] }> {
  return (await api<{ head: string; messages: ThreadMessage[] }>(node.endpoint, token, "GET", `/cases/${caseId}/exchange`)).body;
}

/** The incoming cases awaiting registration, by the requesting state's reference. */
export async function inboxByReference(node: ExchangeNode, token = node.officer): Promise<Map<string, { id: string; version: number }>> {
  const r = await api<{ items: { id: string; version: number; theirReference: string }[] }>(
    node.endpoint,
    token,
    "GET",
    "/exchange/inbox-cases",
  );
  return new Map(r.body.items.map((i) => [i.theirReference, i]));
}
