/**
 * Two app instances on one PostgreSQL database, as a central authority runs them behind a proxy
 * (issue 12, §2): two server processes (`node --import tsx src/server/main.ts`, as `npm start` runs
 * it) on a database of this test's own, checked for what must hold across them — rate limits counted
 * once, an account locked on both, the daily digest sent once, optimistic concurrency, and one
 * instance killed mid-request leaving the other serving. PostgreSQL only: PGlite is one process by
 * design, so on PGlite the suite is skipped with a message saying so.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { createToken } from "../accounts/apiTokens.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { actorOf, findById } from "../accounts/users.js";
import { createCase } from "../cases/commands/open-case.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { systemClock } from "../security/clock.js";

const BASE_URL = process.env.DATABASE_URL;
const PUBLIC_PER_MINUTE = 10;
const SYSTEM = { ip: null, userAgent: null };

if (!BASE_URL)
  console.warn(
    "multi-instance.db.test.ts: skipped — two app instances need a PostgreSQL server (set DATABASE_URL); PGlite serves one process only.",
  );

interface Instance {
  port: number;
  proc: ChildProcess;
  output: string[];
  url: string;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts one instance as its own process, the way `npm start` does, and waits until it answers. */
async function startInstance(databaseUrl: string, smtpUrl: string): Promise<Instance> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  // Only what a server needs from the runner's environment, so no stray ROGATORY_* setting leaks in.
  for (const k of ["PATH", "HOME", "TZ", "NODE_OPTIONS"]) if (process.env[k] !== undefined) env[k] = process.env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
    ROGATORY_SMTP_URL: smtpUrl,
    ROGATORY_MAIL_FROM: "rogatory@multi.test",
    // The earliest hour the configuration accepts; between 00:00 and 01:00 UTC the digest test is skipped.
    ROGATORY_DIGEST_HOUR: "1",
    ROGATORY_PUBLIC_LAW: "true",
    ROGATORY_PUBLIC_LAW_PER_MINUTE: String(PUBLIC_PER_MINUTE),
  });
  // node itself (not npx): the pid is the server's, so SIGKILL kills the server and nothing else.
  const proc = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  proc.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  proc.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`instance on ${port} exited: ${output.join("")}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { port, proc, output, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill("SIGKILL");
  throw new Error(`instance on ${port} did not start: ${output.join("")}`);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.skipIf(!BASE_URL)("two app instances on one PostgreSQL database", () => {
  const name = `rogatory_multi_${randomBytes(4).toString("hex")}`;
  let admin: pg.Client;
  let database: OpenDatabase;
  let a: Instance;
  let b: Instance;
  let smtp: SMTPServer;
  const mails: string[] = [];
  let token = "";
  let lockEmail = "";
  let digestEmail = "";

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(BASE_URL as string);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();

    // The database is prepared once, as a first start would leave it; both instances then start on it.
    const files = readKnowledgeFiles();
    const kb = buildKnowledgeBase(files);
    database = await openDatabase({ url: databaseUrl });
    await loadReferenceData({ db: database.db, kb, files });
    const ctx = { db: database.db, clock: systemClock, settings: DEFAULT_SECURITY, kb, files };
    const orgs = await createOrganisations(ctx);
    const officer = await createReadyUser(ctx, { email: "officer@multi.test", role: "officer", organisationId: orgs.central });
    const locked = await createReadyUser(ctx, { email: "locked@multi.test", role: "auditor", organisationId: orgs.central, totp: false });
    lockEmail = locked.email;
    digestEmail = officer.email;
    const row = await findById(database.db, officer.id);
    if (!row) throw new Error("officer vanished");
    token = (await createToken(ctx, actorOf(row), { name: "two instances", scopes: ["cases:read", "cases:write"] }, SYSTEM)).token;
    // An incoming request received ten days ago and not registered: overdue, so the officer's digest has it.
    await createCase(
      ctx,
      actorOf(row),
      {
        direction: "incoming",
        title: "Overdue request",
        requesting: "US",
        requested: "RU",
        confidentiality: "normal",
        requestDate: day(-10),
        receivedOn: day(-10),
      },
      SYSTEM,
    );

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, done) {
        stream.resume();
        stream.on("end", () => {
          mails.push(session.envelope.rcptTo.map((r) => r.address).join(","));
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    // Started together: both tick the digest at start, racing for the day.
    [a, b] = await Promise.all([startInstance(databaseUrl, smtpUrl), startInstance(databaseUrl, smtpUrl)]);
  });

  afterAll(async () => {
    for (const i of [a, b]) if (i && i.proc.exitCode === null) i.proc.kill("SIGKILL");
    await database?.close();
    if (smtp) await new Promise<void>((r) => smtp.close(() => r()));
    if (admin) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  const call = (i: Instance, path: string, init: RequestInit = {}) =>
    fetch(`${i.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) },
    });

  it("counts the rate limit once across both: anonymous reads alternated between them hit the limit at the shared count", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_PER_MINUTE + 2; i++)
      statuses.push((await fetch(`${(i % 2 === 0 ? a : b).url}/api/v1/jurisdictions`)).status);
    expect(statuses.slice(0, PUBLIC_PER_MINUTE)).toEqual(Array(PUBLIC_PER_MINUTE).fill(200));
    expect(statuses.slice(PUBLIC_PER_MINUTE)).toEqual([429, 429]);
  });

  it("locks an account on both after failures spread over both", async () => {
    const signIn = (i: Instance, password: string) =>
      fetch(`${i.url}/api/v1/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: lockEmail, password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_SECURITY.lockThreshold; i++)
      statuses.push((await signIn(i % 2 === 0 ? a : b, "wrong password 1234")).status);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    for (const i of [a, b]) {
      const right = await signIn(i, "correct horse battery staple");
      expect(right.status).toBe(429);
      expect(((await right.json()) as { error: string }).error).toBe("account_locked");
    }
  });

  it.skipIf(new Date().getUTCHours() < 1)("sends the day's digest once, though both instances tried at start", async () => {
    const deadline = Date.now() + 30_000;
    let done: string | null | undefined;
    while (Date.now() < deadline) {
      done = (await database.db.selectFrom("scheduled_job").select("last_period").where("job", "=", "deadline_digest").executeTakeFirst())
        ?.last_period;
      if (done) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(done).toBe(new Date().toISOString().slice(0, 10));
    // Both ticked at start; give a late second sender every chance to show itself.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mails.filter((to) => to === digestEmail)).toHaveLength(1);
  });

  it("keeps optimistic concurrency across both: the same version PATCHed on each gives one 200 and one 409", async () => {
    const created = await call(a, "/api/v1/cases", {
      method: "POST",
      body: JSON.stringify({ direction: "incoming", title: "Raced", requesting: "US", requested: "RU", confidentiality: "normal" }),
    });
    expect(created.status).toBe(201);
    let c = (await created.json()) as { id: string; version: number };
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all(
        [a, b].map((i, n) =>
          call(i, `/api/v1/cases/${c.id}`, {
            method: "PATCH",
            body: JSON.stringify({ version: c.version, title: `Round ${round} by ${n}` }),
          }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const won = answers.find((r) => r.status === 200);
      c = (await won?.json()) as { id: string; version: number };
    }
    expect(c.version).toBe(11);
  });

  it("keeps serving from one instance when the other is killed (SIGKILL) mid-request, and nothing is half-written", async () => {
    const batch = Array.from({ length: 300 }, (_, i) => ({
      direction: "incoming",
      title: `Killed batch ${i}`,
      requesting: "US",
      requested: "RU",
      confidentiality: "normal",
    }));
    const inFlight = call(b, "/api/v1/cases/batch", { method: "POST", body: JSON.stringify({ cases: batch }) }).catch(() => null);
    await new Promise((r) => setTimeout(r, 40));
    b.proc.kill("SIGKILL");
    await inFlight;
    await new Promise<void>((r) => (b.proc.exitCode !== null || b.proc.signalCode !== null ? r() : b.proc.once("exit", () => r())));
    expect((await fetch(`${a.url}/api/health`)).status).toBe(200);
    // Registration still works on the survivor: the killed instance holds no lock (its transaction died with its connection).
    const after = await call(a, "/api/v1/cases", {
      method: "POST",
      body: JSON.stringify({
        direction: "incoming",
        title: "After the kill",
        requesting: "US",
        requested: "RU",
        confidentiality: "normal",
      }),
      signal: AbortSignal.timeout(15_000),
    });
    expect(after.status).toBe(201);
    const written = await database.db.selectFrom("case_file").select("id").where("title", "like", "Killed batch %").execute();
    expect([0, batch.length]).toContain(written.length);
  });
});
