/**
 * npm run bench:load — the workbench under many signed-in clients (issue 12 §2), driven by autocannon
 * from this script:
 *   - 100,000 cases (LOAD_CASES) with measures, a person, deadlines and access lists, 200 officers
 *     each with an API token (LOAD_CLIENTS clients, one officer each, so need-to-know and the
 *     per-request token look-up are real);
 *   - four endpoints: the case list (first page), a case page (a random case the officer may see,
 *     confidential reads audited), the queue, and the legal basis;
 *   - three set-ups, each server a separate process: PostgreSQL with TWO instances on one database
 *     created for the run and dropped after it (clients split between them), embedded PGlite with
 *     one, and the floor: one bare Fastify route sending the case list's bytes;
 *   - two loads: "paced", every client sending one request a second (LOAD_RATE), as people at work
 *     do — the targets apply to it; and "closed loop", every client sending its next request as soon
 *     as the last is answered, which measures the ceiling (there, latency ≈ clients / throughput).
 * Targets: p99 under 200 ms on PostgreSQL, no request over 2 s on PGlite, zero errors (connection
 * errors, timeouts and non-2xx answers). `--write` replaces the section in BENCHMARKS.md.
 *
 * The same file is the server process: `tsx bench/load.bench.ts --serve` with LOAD_DATABASE_URL
 * (PostgreSQL), LOAD_DATA_DIR (PGlite) or LOAD_FLOOR_BODY (the bare route) in the environment.
 * LOAD_KEEP=1 keeps the PostgreSQL database for a look at the plans; LOAD_SKIP_PGLITE=1 measures PostgreSQL and the floor only,
 * LOAD_SKIP_POSTGRES=1 PGlite and the floor only (the floor then sends PGlite's case list bytes).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import Fastify from "fastify";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { DEFAULT_SECURITY, type SecuritySettings } from "../src/accounts/context.js";
import { createToken } from "../src/accounts/apiTokens.js";
import { openDatabase } from "../src/db/database.js";
import type { Database } from "../src/db/schema.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { loadReferenceData } from "../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import { systemClock } from "../src/security/clock.js";
import { buildApp } from "../src/server/app.js";
import { generateCaseBatch } from "./generate-cases.js";

const CASES = Number(process.env.LOAD_CASES ?? 100_000);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 200);
/** Requests a second per client in the paced load. */
const RATE = Number(process.env.LOAD_RATE ?? 1);
const PACED_SECONDS = Number(process.env.LOAD_PACED_SECONDS ?? 15);
const CLOSED_SECONDS = Number(process.env.LOAD_CLOSED_SECONDS ?? 10);
const ADMIN_URL = process.env.LOAD_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
/** The rate limit is not what is measured: 200 clients from one address would trip the per-address limit at once. */
const SECURITY: SecuritySettings = { ...DEFAULT_SECURITY, apiPerMinute: 10_000_000, signInPerMinute: 1_000_000 };

// ───────────────────────────── seeding ─────────────────────────────

interface Seeded {
  tokens: string[];
  /** Cases every officer may see (normal and confidential), for the case page. */
  caseIds: string[];
}

/** 100,000 cases in batches of SQL, as bench:cases does; officers with API tokens through the app's command. */
export async function seed(db: Kysely<Database>): Promise<Seeded> {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  await loadReferenceData({ db, kb, files });
  const ctx = { db, clock: systemClock, settings: SECURITY };
  const org = await db
    .insertInto("organisation")
    .values({ name: "Load central authority", kind: "central_authority", jurisdiction: "GB" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const officers: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const u = await db
      .insertInto("app_user")
      .values({
        organisation_id: org.id,
        email: `load${i}@ca.test`,
        display_name: `Officer ${i}`,
        role: "officer",
        password_hash: null,
        must_change_password: false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    officers.push(u.id);
    const actor = { userId: u.id, organisationId: org.id, role: "officer" as const, label: `Officer ${i}` };
    const t = await createToken(ctx, actor, { name: "load", scopes: ["cases:read", "law:read"] }, { ip: null, userAgent: null });
    tokens.push(t.token);
  }
  const BATCH = 25_000;
  const started = performance.now();
  for (let from = 1; from <= CASES; from += BATCH) {
    const to = Math.min(CASES, from + BATCH - 1);
    await db.transaction().execute((trx) =>
      generateCaseBatch(trx, {
        prefix: "L",
        titleWord: "Load",
        from,
        to,
        createdBy: officers[0] ?? "",
        officers,
        createdAt: sql`now() - make_interval(mins => i)`,
        requestDate: sql`current_date - (i % 90)`,
        deadlineRule: "load",
      }),
    );
    process.stdout.write(
      `\r  seeding ${to.toLocaleString("en")} / ${CASES.toLocaleString("en")} cases (${((performance.now() - started) / 1000).toFixed(0)} s)   `,
    );
  }
  process.stdout.write("\n");
  await sql`analyze`.execute(db);
  const sample = await sql<{ id: string }>`
    select id from case_file where confidentiality in ('normal', 'confidential') order by random() limit 5000`.execute(db);
  return { tokens, caseIds: sample.rows.map((r) => r.id) };
}

// ───────────────────────────── servers ─────────────────────────────

interface Server {
  url: string;
  child: ChildProcess;
}

const SELF = fileURLToPath(import.meta.url);

/** Starts one server process and waits for its address. */
function startServer(env: Record<string, string>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SELF, "--serve"], {
      env: { ...process.env, ...env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stdout?.on("data", (d: Buffer) => {
      const m = /LISTENING (\S+)/.exec(d.toString());
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${err.slice(-2000)}`)));
  });
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const done = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  if (s.child.exitCode === null) s.child.kill("SIGKILL");
}

// ───────────────────────────── load ─────────────────────────────

interface Endpoint {
  name: string;
  path: (i: number) => string;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  requests: number;
}

/** Autocannon instances per run: paced clients start in this many waves spread over a second. */
const WAVES = 10;

/**
 * Runs CLIENTS connections spread over the servers, each connection one officer's token, as WAVES
 * autocannon instances. Autocannon paces each connection by a one-second timer started with it, so
 * clients started together would all send at the same instant every second (a burst of 200); the
 * waves start 1000/WAVES ms apart so the paced load arrives spread over the second, as people's
 * clicks do. Every response's time is collected from the instances' events, so the percentiles are
 * exact over all of them.
 */
async function load(servers: string[], ep: Endpoint, tokens: string[], paced: boolean): Promise<Figures> {
  let next = 0;
  const times: number[] = [];
  let bad = 0;
  const started = performance.now();
  const runs: Promise<autocannon.Result>[] = [];
  for (let w = 0; w < WAVES; w++) {
    const connections = Math.floor(CLIENTS / WAVES) + (w < CLIENTS % WAVES ? 1 : 0);
    if (paced && w > 0) await new Promise((r) => setTimeout(r, 1000 / WAVES));
    let resolveRun: (r: autocannon.Result) => void = () => {};
    let rejectRun: (e: unknown) => void = () => {};
    runs.push(
      new Promise<autocannon.Result>((res, rej) => {
        resolveRun = res;
        rejectRun = rej;
      }),
    );
    const instance = autocannon(
      {
        url: servers[w % servers.length] ?? "",
        connections,
        duration: paced ? PACED_SECONDS : CLOSED_SECONDS,
        timeout: 30,
        // Paced: latency as each request saw it (no synthetic samples for requests a client did not send).
        ...(paced ? { connectionRate: RATE, ignoreCoordinatedOmission: true } : {}),
        setupClient: (client) => {
          const token = tokens[next++ % tokens.length];
          client.setHeaders({ authorization: `Bearer ${token}` });
        },
        requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: ep.path(Math.floor(Math.random() * 1e9)) }) }],
      },
      (err: Error | null, result: autocannon.Result) => (err ? rejectRun(err) : resolveRun(result)),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      if (status < 200 || status >= 300) bad++;
    });
  }
  const results = await Promise.all(runs);
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return {
    rps: times.length / seconds,
    p50: pct(50),
    p99: pct(99),
    max: times[times.length - 1] ?? 0,
    errors: bad + results.reduce((a, r) => a + r.errors + r.timeouts, 0),
    requests: times.length,
  };
}

async function main(): Promise<void> {
  const rows: { setup: string; endpoint: string; mode: string; f: Figures }[] = [];
  /** The machine's one-minute load average after each run: other work on it shows in the figures. */
  const loads: number[] = [];
  let floorBodyFile = "";
  const tmp = mkdtempSync(join(tmpdir(), "rogatory-load-"));
  const endpointsFor = (seeded: Seeded): Endpoint[] => [
    { name: "case list (first page, 50)", path: () => "/api/v1/cases" },
    { name: "case page", path: (i) => `/api/v1/cases/${seeded.caseIds[i % seeded.caseIds.length]}` },
    { name: "queue (mine, 14 days)", path: () => "/api/v1/queue?scope=mine&within=14" },
    {
      name: "legal basis (US → RU, two measures)",
      path: () => "/api/v1/basis?from=US&to=RU&on=2018-07-13&measure=records&measure=testimony",
    },
  ];
  const measure = async (setup: string, servers: string[], seeded: Seeded) => {
    for (const ep of endpointsFor(seeded))
      for (const paced of [true, false]) {
        const f = await load(servers, ep, seeded.tokens, paced);
        const mode = paced ? `paced, ${RATE}/s each` : "closed loop";
        rows.push({ setup, endpoint: ep.name, mode, f });
        loads.push(loadavg()[0] ?? 0);
        console.log(
          `  ${setup} · ${ep.name} · ${mode}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(0)} ms, errors ${f.errors}`,
        );
      }
  };

  // PostgreSQL: a database of our own, two instances.
  if (process.env.LOAD_SKIP_POSTGRES !== "1") {
    const dbName = `rogatory_load_${process.pid}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const pgUrl = new URL(ADMIN_URL);
    pgUrl.pathname = `/${dbName}`;
    try {
      console.log(`PostgreSQL (database ${dbName}):`);
      const database = await openDatabase({ url: pgUrl.toString() });
      const seeded = await seed(database.db);
      await database.close();
      const servers = [
        await startServer({ LOAD_DATABASE_URL: pgUrl.toString() }),
        await startServer({ LOAD_DATABASE_URL: pgUrl.toString() }),
      ];
      try {
        // The floor sends exactly the bytes of a case list page.
        const page = await fetch(`${servers[0]?.url}/api/v1/cases`, { headers: { authorization: `Bearer ${seeded.tokens[0]}` } });
        floorBodyFile = join(tmp, "floor.json");
        writeFileSync(floorBodyFile, Buffer.from(await page.arrayBuffer()));
        await measure(
          "PostgreSQL, 2 instances",
          servers.map((s) => s.url),
          seeded,
        );
      } finally {
        for (const s of servers) await stopServer(s);
      }
    } finally {
      if (process.env.LOAD_KEEP === "1") console.log(`  kept database ${dbName} (LOAD_KEEP=1): drop it yourself`);
      else {
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [
          dbName,
        ]);
        await admin.query(`drop database if exists ${dbName}`);
      }
      await admin.end();
    }
  }

  // PGlite on disk: seeded here, then served by one process (PGlite is single-process).
  let seededLite = { tokens: [] as string[], caseIds: [] as string[] };
  if (process.env.LOAD_SKIP_PGLITE !== "1") {
    console.log("PGlite:");
    const dataDir = join(tmp, "pglite");
    const lite = await openDatabase({ dataDir });
    seededLite = await seed(lite.db);
    await lite.close();
    const liteServer = await startServer({ LOAD_DATA_DIR: dataDir });
    try {
      if (!floorBodyFile) {
        const page = await fetch(`${liteServer.url}/api/v1/cases`, { headers: { authorization: `Bearer ${seededLite.tokens[0]}` } });
        floorBodyFile = join(tmp, "floor.json");
        writeFileSync(floorBodyFile, Buffer.from(await page.arrayBuffer()));
      }
      await measure("PGlite, 1 instance", [liteServer.url], seededLite);
    } finally {
      await stopServer(liteServer);
    }
  }

  // The floor: one bare Fastify route, same bytes, same clients and loads.
  console.log("Floor:");
  const floor = await startServer({ LOAD_FLOOR_BODY: floorBodyFile });
  const floorRows: Record<string, Figures> = {};
  try {
    for (const paced of [true, false]) {
      const f = await load([floor.url], { name: "floor", path: () => "/floor" }, ["none"], paced);
      const mode = paced ? `paced, ${RATE}/s each` : "closed loop";
      floorRows[mode] = f;
      rows.push({ setup: "floor: bare Fastify route", endpoint: "the case list's bytes", mode, f });
      console.log(
        `  floor · ${mode}: ${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(0)} ms, errors ${f.errors}`,
      );
    }
  } finally {
    await stopServer(floor);
    rmSync(tmp, { recursive: true, force: true });
  }

  const n = (x: number, d = 1) => x.toFixed(d);
  const lines = [
    `${CASES.toLocaleString("en")} cases, ${CLIENTS} clients (one officer and API token each); paced: ${RATE} request a second per client for ${PACED_SECONDS} s; closed loop: ${CLOSED_SECONDS} s; servers in their own processes, autocannon ${"8"} in the bench's; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}; load average during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}.`,
    "",
    "| set-up | endpoint | load | req/s | p50 ms | p99 ms | max ms | errors | p99 / floor p99 | req/s / floor req/s |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(({ setup, endpoint, mode, f }) => {
      const fl = floorRows[mode];
      return `| ${setup} | ${endpoint} | ${mode} | ${n(f.rps, 0)} | ${n(f.p50)} | ${n(f.p99)} | ${n(f.max, 0)} | ${f.errors} | ${fl ? n(f.p99 / Math.max(fl.p99, 0.1)) : ""} | ${fl ? n(f.rps / fl.rps, 2) : ""} |`;
    }),
  ];
  const pgPaced = rows.filter((r) => r.setup.startsWith("PostgreSQL") && r.mode.startsWith("paced"));
  const litePaced = rows.filter((r) => r.setup.startsWith("PGlite") && r.mode.startsWith("paced"));
  const verdict = [
    "",
    `Targets (paced load): PostgreSQL p99 under 200 ms — worst ${pgPaced.length ? `${n(Math.max(...pgPaced.map((r) => r.f.p99)))} ms` : "not measured"}; PGlite no request over 2 s — worst ${litePaced.length ? `${n(Math.max(...litePaced.map((r) => r.f.max)), 0)} ms` : "not measured"}; errors ${rows.reduce((a, r) => a + r.f.errors, 0)}.`,
  ];
  const text = [...lines, ...verdict].join("\n");
  console.log(text);
  if (process.argv.includes("--write")) {
    const file = new URL("../BENCHMARKS.md", import.meta.url);
    const md = readFileSync(file, "utf8");
    const start = "<!-- bench:load -->";
    const end = "<!-- /bench:load -->";
    const block = `${start}\n${text}\n${end}`;
    writeFileSync(file, md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`);
  }
}

// ───────────────────────────── the server process ─────────────────────────────
/** The server process: one instance of the app (or the bare route) on a free port. */
async function serve(): Promise<void> {
  const floorBody = process.env.LOAD_FLOOR_BODY;
  if (floorBody) {
    const body = readFileSync(floorBody);
    const app = Fastify();
    app.get("/floor", async (_req, reply) => reply.type("application/json; charset=utf-8").send(body));
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    console.log(`LISTENING ${address}`);
  } else {
    const files = readKnowledgeFiles();
    const kb = buildKnowledgeBase(files);
    const database = await openDatabase({ url: process.env.LOAD_DATABASE_URL, dataDir: process.env.LOAD_DATA_DIR });
    const { hash } = await loadReferenceData({ db: database.db, kb, files });
    const app = await buildApp({ kb, files, database, knowledgeHash: hash, webDir: "/nonexistent", security: SECURITY });
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    console.log(`LISTENING ${address}`);
    process.on("SIGTERM", () => {
      void app.close().then(() => database.close().then(() => process.exit(0)));
    });
  }
}

// Run only as a script (the seeding is also imported by investigations of a seeded database).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--serve")) await serve();
  else await main();
}
