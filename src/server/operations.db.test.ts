/**
 * Operations endpoints (issue 12 §4): readiness names the check that failed; /metrics is served only
 * with the metrics token, labels requests by route pattern (never a raw URL, id or e-mail) and
 * reports the digest's queue depth, the database pool (PostgreSQL) and the process.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { openTestDatabase } from "../../test/support/app.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import type { OpenDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { ManualClock } from "../security/clock.js";
import { buildApp } from "./app.js";

const TOKEN = "m".repeat(24) + randomUUID().replace(/-/g, "");
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const clock = new ManualClock(new Date());
const security = { ...DEFAULT_SECURITY, signInPerMinute: 10_000, apiPerMinute: 100_000 };
let database: OpenDatabase;
let app: FastifyInstance;
let closed: FastifyInstance;
let hash: string;

beforeAll(async () => {
  database = await openTestDatabase();
  hash = (await loadReferenceData({ db: database.db, kb, files })).hash;
  const deps = { kb, files, database, knowledgeHash: hash, webDir: "/nonexistent", clock, security };
  app = await buildApp({ ...deps, metricsToken: TOKEN });
  closed = await buildApp(deps);
});
afterAll(async () => {
  await app?.close();
  await closed?.close();
  await database?.close();
});

describe("GET /api/ready", () => {
  it("answers 200 when the database answers, the schema is current and the reference data loaded", async () => {
    const res = await app.inject({ method: "GET", url: "/api/ready" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", referenceData: "ok" } });
  });

  it("answers 503 naming a pending migration", async () => {
    const last = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(database.db);
    const row = last.rows[0] as { name: string; timestamp: string };
    await sql`delete from kysely_migration where name = ${row.name}`.execute(database.db);
    try {
      const res = await app.inject({ method: "GET", url: "/api/ready" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: "not_ready",
        checks: { database: "ok", migrations: `1 pending: ${row.name}`, referenceData: "ok" },
      });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(database.db);
    }
  });

  it("answers 503 when the database holds other reference data than this instance's", async () => {
    const other = await buildApp({ kb, files, database, knowledgeHash: "0".repeat(64), webDir: "/nonexistent", clock, security });
    const res = await other.inject({ method: "GET", url: "/api/ready" });
    await other.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().checks).toEqual({
      database: "ok",
      migrations: "ok",
      referenceData: "loaded from other knowledge files than this instance's",
    });
  });
});

describe("GET /metrics", () => {
  it("is not served without ROGATORY_METRICS_TOKEN", async () => {
    expect((await closed.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(404);
  });

  it("refuses a missing or wrong token", async () => {
    expect((await app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const wrong = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain("rogatory_");
  });

  it("reports requests by route pattern with latencies, the digest queue, the pool and the process, with no ids or e-mails", async () => {
    const ctx = { db: database.db, clock, settings: security };
    const orgs = await createOrganisations(ctx);
    const user = await createReadyUser(ctx, { email: "metrics.person@ca.test", role: "officer", organisationId: orgs.central });
    const who = await signIn(app, clock, user);
    const caseId = randomUUID();
    await app.inject({ method: "GET", url: `/api/v1/cases/${caseId}?secret=1`, headers: { cookie: who.cookie } });
    await app.inject({ method: "GET", url: "/no/such/page/metrics.person@ca.test" });
    // Refused by the security hook before any handler: still counted.
    await app.inject({ method: "GET", url: "/api/v1/cases" });
    const res = await app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    const text = res.body;
    expect(text).toMatch(
      /rogatory_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/cases\/:id",status_code="\d{3}"\} 1/,
    );
    expect(text).toMatch(/rogatory_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/api\/v1\/auth\/sign-in"/);
    expect(text).toMatch(/route="unmatched"/);
    expect(text).toMatch(/rogatory_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/cases",status_code="401"\} 1/);
    expect(text).toMatch(/^rogatory_digest_queue_depth \d+$/m);
    expect(text).toMatch(/^rogatory_process_cpu_user_seconds_total /m);
    if (database.kind === "postgres") expect(text).toMatch(/^rogatory_db_pool_connections\{state="total"\} \d+$/m);
    for (const secret of [caseId, "metrics.person", "secret=1", "127.0.0.1"]) expect(text).not.toContain(secret);
  });
});
