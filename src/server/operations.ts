/**
 * What operators and their tools need from a running instance: readiness (`GET /api/ready`: the
 * database answers, the schema is current, the reference data is loaded) and Prometheus metrics
 * (`GET /metrics`, only with ROGATORY_METRICS_TOKEN as a bearer token; absent without one). Metric
 * labels hold route patterns (/api/v1/cases/:id), methods and status codes — never a raw URL, an id,
 * an address or anything about a person.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sql } from "kysely";
import { Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { type OpenDatabase, pendingMigrations } from "../db/database.js";
import { DIGEST_DAYS } from "../cases/digest.js";
import { lastKnowledgeLoad } from "../knowledge/reference-data.js";

export interface OperationsOptions {
  database: OpenDatabase;
  /** The knowledge files' hash this instance runs with; readiness checks the database holds the same. */
  knowledgeHash: string;
  /** Bearer token that opens /metrics; undefined: /metrics is not served. */
  metricsToken?: string;
}

/** Days ahead the deadline digest looks (as sendDigests' default). */

/** Runs a check with a deadline, so readiness answers even when the database hangs. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The readiness checks, each "ok" or a short reason in words (never an internal error message). */
export async function readiness(opts: Pick<OperationsOptions, "database" | "knowledgeHash">): Promise<Record<string, string>> {
  const { db } = opts.database;
  const checks: Record<string, string> = { database: "ok", migrations: "ok", referenceData: "ok" };
  try {
    await within(2000, sql`select 1`.execute(db));
  } catch {
    return { database: "unreachable", migrations: "not checked", referenceData: "not checked" };
  }
  try {
    const pending = await within(2000, pendingMigrations(db));
    if (pending.length > 0) checks.migrations = `${pending.length} pending: ${pending.join(", ")}`;
  } catch {
    checks.migrations = "could not be read";
  }
  try {
    const row = await within(2000, lastKnowledgeLoad(db));
    if (!row) checks.referenceData = "not loaded";
    else if (row.content_hash !== opts.knowledgeHash) checks.referenceData = "loaded from other knowledge files than this instance's";
  } catch {
    checks.referenceData = "could not be read";
  }
  return checks;
}

/** Compares a presented bearer token with the configured one in constant time. */
function tokenMatches(req: FastifyRequest, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!m?.[1]) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}

/** Registers /api/ready, the request metrics hooks and (with a token) /metrics on the root instance. */
export function installOperations(app: FastifyInstance, opts: OperationsOptions): void {
  app.get(
    "/api/ready",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["system"],
        summary: "Readiness: database reachable, migrations current, reference data loaded (503 naming the failed check)",
      },
    },
    async (_req, reply) => {
      const checks = await readiness(opts);
      const ready = Object.values(checks).every((v) => v === "ok");
      return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not_ready", checks });
    },
  );

  // Without the token nobody can read the metrics, so none are collected (no timers, no hook per request).
  const token = opts.metricsToken;
  if (!token) return;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "rogatory_" });
  const duration = new Histogram({
    name: "rogatory_http_request_duration_seconds",
    help: "Time to answer a request, by method, route pattern and status code (its _count is the request count)",
    labelNames: ["method", "route", "status_code"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // onResponse sees every answer, including those refused by an earlier hook (401, 429); Fastify
  // measures the time from the request's arrival (reply.elapsedTime).
  app.addHook("onResponse", async (req, reply) => {
    // The route's pattern, never the URL: ids and query strings stay out of the labels.
    const route = req.routeOptions.url ?? "unmatched";
    duration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const { database } = opts;
  if (database.poolStats) {
    const stats = database.poolStats;
    new Gauge({
      name: "rogatory_db_pool_connections",
      help: "PostgreSQL pool connections: total open, idle, and requests waiting for one",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const s = stats();
        this.set({ state: "total" }, s.total);
        this.set({ state: "idle" }, s.idle);
        this.set({ state: "waiting" }, s.waiting);
      },
    });
  }
  new Gauge({
    name: "rogatory_digest_queue_depth",
    help: `Open deadlines the daily digest reports: overdue or due within ${DIGEST_DAYS} days`,
    registers: [registry],
    async collect() {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from case_deadline where not done and due <= current_date + ${DIGEST_DAYS}::int`.execute(database.db);
      this.set(r.rows[0]?.n ?? 0);
    },
  });

  app.get("/metrics", { schema: { hide: true } }, async (req, reply) => {
    if (!tokenMatches(req, token))
      return reply
        .status(401)
        .header("www-authenticate", "Bearer")
        .send({ error: "unauthenticated", message: "The metrics need the metrics token." });
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
