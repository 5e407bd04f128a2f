/**
 * Two (or more) Rogatory nodes as real server processes on loopback, each on its own embedded PGlite
 * directory, paired by fingerprint before they start — as seed-000.db.test.ts sets them up — for
 * tests of conversations between central authorities.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../../src/accounts/apiTokens.js";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
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

const PASSPHRASE = "correct horse battery staple, node key";
const SYSTEM = { ip: "127.0.0.1", userAgent: "test" };

export interface ExchangeNode {
  jurisdiction: string;
  authority: string;
  dir: string;
  port: number;
  endpoint: string;
  /** API tokens (cases:read, cases:write) of an officer and a supervisor of the central authority. */
  officer: string;
  supervisor: string;
  executingAuthority: string;
  server?: ServerProcess;
}

interface Prepared {
  node: ExchangeNode;
  keyring: Keyring;
  database: OpenDatabase;
}

/** A node's database before its server starts: the central authority, an officer and a supervisor with API tokens, an executing authority, the node's keys. */
async function prepare(jurisdiction: string, authority: string): Promise<Prepared> {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const dir = mkdtempSync(join(tmpdir(), `rogatory-${jurisdiction}-`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const database = await openDatabase({ dataDir: dir });
  const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY };
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
    database,
  };
}

/**
 * Prepares two nodes, pairs each with the other by fingerprint (the identity document handed over
 * directly: the servers are not up yet), runs `before` on each database (e.g. to install a fault),
 * and starts both servers.
 */
export async function startPairedNodes(
  a: { jurisdiction: string; authority: string },
  b: { jurisdiction: string; authority: string },
  before?: (node: ExchangeNode, database: OpenDatabase) => Promise<void>,
): Promise<[ExchangeNode, ExchangeNode]> {
  const pa = await prepare(a.jurisdiction, a.authority);
  const pb = await prepare(b.jurisdiction, b.authority);
  for (const [self, other] of [
    [pa, pb],
    [pb, pa],
  ] as const) {
    const fingerprint = (await other.keyring.current("sig")).fingerprint;
    await addPartner(
      { db: self.database.db, clock: systemClock, keyring: self.keyring, fetchIdentity: async () => identityDocument(other.keyring) },
      { userId: null, label: "test" },
      { endpoint: other.node.endpoint, fingerprint },
      { ip: null },
    );
  }
  for (const p of [pa, pb]) {
    if (before) await before(p.node, p.database);
    await p.database.close();
  }
  const env = (n: ExchangeNode) => ({
    ROGATORY_DATA_DIR: n.dir,
    ROGATORY_NODE_KEY_PASSPHRASE: PASSPHRASE,
    ROGATORY_NODE_ENDPOINT: n.endpoint,
    ROGATORY_PUBLIC_URL: n.endpoint,
  });
  [pa.node.server, pb.node.server] = await Promise.all([startServer(env(pa.node), pa.node.port), startServer(env(pb.node), pb.node.port)]);
  return [pa.node, pb.node];
}

/** Stops a node's server and removes its data directory. */
export async function removeNode(node: ExchangeNode | undefined): Promise<void> {
  if (!node) return;
  await node.server?.stop();
  rmSync(node.dir, { recursive: true, force: true });
}

/** One API call with a bearer token; the JSON answer. */
export async function api<T = Record<string, unknown>>(
  node: ExchangeNode,
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

/** Polls `probe` until it returns something truthy (or throws after `ms`). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
