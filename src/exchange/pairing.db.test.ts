/**
 * Two nodes as real server processes on loopback (issue 13 §1, §5): the US Office of International
 * Affairs and Russia's Prosecutor General's Office, each its own `src/server/main.ts` process with its
 * own database (an embedded PGlite directory, or a PostgreSQL database of this test's own when
 * DATABASE_URL is set). Each administrator adds the other by endpoint and fingerprint over the API; a
 * wrong fingerprint is refused and stores nothing; then, with both servers stopped, what the processes
 * recorded is enough to seal a message from one node and open it at the other. A node without a
 * passphrase serves with the exchange off; a wrong passphrase stops the start.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReadyUser, PASSWORD, type TestUser } from "../../test/support/accounts.js";
import { freePort, type ServerProcess, startServer } from "../../test/support/server.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { openDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { systemClock } from "../security/clock.js";
import { totpCode } from "../security/totp.js";
import { groupFingerprint } from "./fingerprint.js";
import { openKeyring } from "./keyring.js";
import { partnerDirectory, type TrustedPartner } from "./partners.js";
import { seal, unseal } from "./seal.js";

const BASE_URL = process.env.DATABASE_URL;
const PASSPHRASE = "loopback pairing passphrase — Минюст";

interface Site {
  jurisdiction: string;
  authority: string;
  dataDir: string;
  /** DATABASE_URL for this node when the test runs on PostgreSQL. */
  databaseUrl?: string;
  port: number;
  endpoint: string;
  admin: TestUser;
  server?: ServerProcess;
}

const created: string[] = [];
let adminClient: pg.Client | undefined;

/** A database for one node, prepared as a first start leaves it: the central authority and a ready administrator. */
async function prepare(jurisdiction: string, authority: string): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), `rogatory-pair-${jurisdiction.toLowerCase()}-`));
  let databaseUrl: string | undefined;
  if (BASE_URL) {
    adminClient ??= new pg.Client({ connectionString: BASE_URL });
    if (created.length === 0) await adminClient.connect();
    const name = `rogatory_pair_${jurisdiction.toLowerCase()}_${process.pid}`;
    await adminClient.query(`drop database if exists ${name}`);
    await adminClient.query(`create database ${name}`);
    created.push(name);
    const u = new URL(BASE_URL);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  }
  const database = await openDatabase({ url: databaseUrl, dataDir });
  const files = readKnowledgeFiles();
  await loadReferenceData({ db: database.db, kb: buildKnowledgeBase(files), files });
  const org = await database.db
    .insertInto("organisation")
    .values({ name: authority, kind: "central_authority", jurisdiction })
    .returning("id")
    .executeTakeFirstOrThrow();
  const admin = await createReadyUser(
    { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY },
    { email: `admin@${jurisdiction.toLowerCase()}.test`, role: "administrator", organisationId: org.id },
  );
  await database.close();
  const port = await freePort();
  return { jurisdiction, authority, dataDir, databaseUrl, port, endpoint: `http://127.0.0.1:${port}`, admin };
}

function envOf(site: Site, passphrase: string | undefined): Record<string, string> {
  return {
    ROGATORY_DATA_DIR: site.dataDir,
    ...(site.databaseUrl ? { DATABASE_URL: site.databaseUrl } : {}),
    ROGATORY_PUBLIC_URL: site.endpoint,
    ROGATORY_NODE_ENDPOINT: site.endpoint,
    ...(passphrase ? { ROGATORY_NODE_KEY_PASSPHRASE: passphrase } : {}),
    LOG_LEVEL: "warn",
  };
}

/** Signs the administrator in over HTTP (password, then the second factor): the cookie and CSRF token. */
async function signIn(site: Site): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${site.endpoint}/api/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: site.admin.email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const body = (await res.json()) as { csrfToken: string };
  const res2 = await fetch(`${site.endpoint}/api/v1/auth/totp`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": body.csrfToken },
    body: JSON.stringify({ code: totpCode(site.admin.totpSecret as string, new Date()) }),
  });
  expect(res2.status).toBe(200);
  const cookie2 = (res2.headers.get("set-cookie") ?? "").split(";")[0] || cookie;
  return { cookie: cookie2, csrf: ((await res2.json()) as { csrfToken: string }).csrfToken };
}

async function api(site: Site, session: { cookie: string; csrf: string }, method: string, path: string, body?: unknown) {
  const res = await fetch(`${site.endpoint}/api/v1${path}`, {
    method,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("two nodes as real processes on loopback pair by fingerprint", () => {
  let us: Site;
  let ru: Site;

  beforeAll(async () => {
    us = await prepare("US", "Office of International Affairs");
    ru = await prepare("RU", "Генеральная прокуратура Российской Федерации");
    [us.server, ru.server] = await Promise.all([startServer(envOf(us, PASSPHRASE), us.port), startServer(envOf(ru, PASSPHRASE), ru.port)]);
  }, 180_000);

  afterAll(async () => {
    await us?.server?.stop();
    await ru?.server?.stop();
    for (const s of [us, ru]) if (s) rmSync(s.dataDir, { recursive: true, force: true });
    for (const name of created) await adminClient?.query(`drop database if exists ${name} with (force)`);
    await adminClient?.end();
  });

  it("each node prints its signing fingerprint at start and serves the same in its public identity", async () => {
    for (const site of [us, ru]) {
      const res = await fetch(`${site.endpoint}/api/v1/exchange/identity`);
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { jurisdiction: string; authority: string; endpoint: string; fingerprintGrouped: string };
      expect(doc.jurisdiction).toBe(site.jurisdiction);
      expect(doc.authority).toBe(site.authority);
      expect(doc.endpoint).toBe(site.endpoint);
      expect(site.server?.output()).toContain(doc.fingerprintGrouped);
    }
  });

  it("refuses a wrong fingerprint (422 fingerprint_mismatch, nothing stored), accepts the right one read aloud in groups", async () => {
    const usDoc = (await (await fetch(`${us.endpoint}/api/v1/exchange/identity`)).json()) as {
      fingerprint: string;
      fingerprintGrouped: string;
      keys: { use: string; fingerprint: string }[];
    };
    const ruAdmin = await signIn(ru);
    const encFingerprint = usDoc.keys.find((k) => k.use === "enc")?.fingerprint as string;
    const wrong = await api(ru, ruAdmin, "POST", "/exchange/partners", { endpoint: us.endpoint, fingerprint: encFingerprint });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toBe("fingerprint_mismatch");
    expect((await api(ru, ruAdmin, "GET", "/exchange/partners")).body).toEqual([]);

    const added = await api(ru, ruAdmin, "POST", "/exchange/partners", { endpoint: us.endpoint, fingerprint: usDoc.fingerprintGrouped });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ jurisdiction: "US", authority: "Office of International Affairs", fingerprint: usDoc.fingerprint });
    // The same endpoint twice: 409, still one partner.
    expect((await api(ru, ruAdmin, "POST", "/exchange/partners", { endpoint: us.endpoint, fingerprint: usDoc.fingerprint })).status).toBe(
      409,
    );

    const ruDoc = (await (await fetch(`${ru.endpoint}/api/v1/exchange/identity`)).json()) as { fingerprint: string };
    const usAdmin = await signIn(us);
    const back = await api(us, usAdmin, "POST", "/exchange/partners", { endpoint: ru.endpoint, fingerprint: ruDoc.fingerprint });
    expect(back.status).toBe(201);
    expect(back.body.authority).toBe("Генеральная прокуратура Российской Федерации");
    const refreshed = await api(us, usAdmin, "POST", `/exchange/partners/${back.body.id as string}/refresh`, {});
    expect(refreshed.status).toBe(200);
  }, 60_000);

  it("what the processes recorded lets US seal a message that RU opens, after both stopped", async () => {
    await Promise.all([us.server?.stop(), ru.server?.stop()]);
    const usDb = await openDatabase({ url: us.databaseUrl, dataDir: us.dataDir });
    const ruDb = await openDatabase({ url: ru.databaseUrl, dataDir: ru.dataDir });
    try {
      const usKeys = await openKeyring({
        db: usDb.db,
        clock: systemClock,
        node: { jurisdiction: "US", authority: us.authority, endpoint: us.endpoint },
        passphrase: PASSPHRASE,
      });
      const ruKeys = await openKeyring({
        db: ruDb.db,
        clock: systemClock,
        node: { jurisdiction: "RU", authority: ru.authority, endpoint: ru.endpoint },
        passphrase: PASSPHRASE,
      });
      const ruAtUs = (await partnerDirectory(usDb.db).byJurisdiction("RU"))[0] as TrustedPartner;
      const sealed = await seal(usKeys, ruAtUs, new TextEncoder().encode("seed-000: testimony and records, 13 July 2018"));
      const opened = await unseal(ruKeys, partnerDirectory(ruDb.db), sealed, new Date());
      expect(opened.ok && new TextDecoder().decode(opened.payload)).toBe("seed-000: testimony and records, 13 July 2018");
      expect(opened.ok && opened.partner.jurisdiction).toBe("US");
      expect(opened.ok && groupFingerprint(opened.kid)).toBe(groupFingerprint((await usKeys.current("sig")).kid));
    } finally {
      await usDb.close();
      await ruDb.close();
    }
  }, 60_000);

  it("a wrong passphrase stops the start with a message; no passphrase serves with the exchange off", async () => {
    await expect(startServer(envOf(us, "not the passphrase of this node"), us.port)).rejects.toThrow(/does not open this node's keys/);
    const off = await startServer(envOf(ru, undefined), ru.port);
    try {
      expect(off.output()).toContain("Exchange: off");
      const res = await fetch(`${ru.endpoint}/api/v1/exchange/identity`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toBe("exchange_off");
      // The rest of the workbench runs.
      expect((await fetch(`${ru.endpoint}/api/health`)).status).toBe(200);
    } finally {
      await off.stop();
    }
  }, 120_000);
});
