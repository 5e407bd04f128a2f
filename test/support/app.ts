/**
 * Starts the real application for tests: the real knowledge base, a real database (in-memory PGlite,
 * or the PostgreSQL server named by DATABASE_URL, whose public schema is reset first).
 */
import type { FastifyInstance } from "fastify";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import { type AccountsContext, DEFAULT_SECURITY, type SecuritySettings } from "../../src/accounts/context.js";
import type { OidcClient } from "../../src/accounts/oidc.js";
import type { CasesContext } from "../../src/cases/access.js";
import { ManualClock } from "../../src/security/clock.js";
import { buildApp } from "../../src/server/app.js";
import { startExchange } from "../../src/exchange/runtime.js";
import { exchangeContext } from "../../src/exchange/node.js";

/** The node key passphrase of test applications with the exchange on. */
export const TEST_NODE_PASSPHRASE = "test node passphrase, not for production";

export interface TestApp {
  app: FastifyInstance;
  database: OpenDatabase;
  /** The app's clock: tests advance it instead of sleeping. */
  clock: ManualClock;
  /** The same context the app's commands use (accounts and cases), for test factories. */
  ctx: AccountsContext & CasesContext;
  close(): Promise<void>;
}

/** The migrated PGlite copy's file; none outside a Vitest worker (a child process a test starts, such as hang-probe.ts). */
function pgliteTemplate(): string | undefined {
  try {
    return inject("pgliteTemplate");
  } catch {
    return undefined;
  }
}

/** Opens a fresh test database: PostgreSQL when DATABASE_URL is set (schema reset), else in-memory PGlite. */
export async function openTestDatabase(): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("drop schema public cascade; create schema public");
    await client.end();
  }
  // PGlite starts from the migrated copy the global setup made (pglite-template.ts), when it ran.
  const template = url ? undefined : pgliteTemplate();
  return openDatabase({ url, dataDir: "memory://", startFrom: template ? new Blob([readFileSync(template)]) : undefined });
}

/** The whole application on a fresh database with the reference data loaded. */
export async function startTestApp(
  opts: {
    webDir?: string;
    security?: Partial<SecuritySettings>;
    oidc?: OidcClient;
    clock?: ManualClock;
    logger?: Parameters<typeof buildApp>[0]["logger"];
    /** Turns the exchange on with this node endpoint (keys created with a test passphrase); off when absent. */
    exchangeEndpoint?: string;
  } = {},
): Promise<TestApp> {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const database = await openTestDatabase();
  const { hash } = await loadReferenceData({ db: database.db, kb, files });
  const clock = opts.clock ?? new ManualClock(new Date());
  // Tests sign in many users from one address; the brute-force test sets the real limit back.
  const settings: SecuritySettings = { ...DEFAULT_SECURITY, signInPerMinute: 10_000, apiPerMinute: 100_000, ...opts.security };
  // The exchange names its node after the central authority, as a first start creates it.
  if (
    opts.exchangeEndpoint &&
    !(await database.db.selectFrom("organisation").select("id").where("kind", "=", "central_authority").executeTakeFirst())
  )
    await database.db
      .insertInto("organisation")
      .values({ name: "Central Authority (test node)", kind: "central_authority", jurisdiction: "GB" })
      .execute();
  const runtime = opts.exchangeEndpoint
    ? await startExchange(database.db, clock, { passphrase: TEST_NODE_PASSPHRASE, endpoint: opts.exchangeEndpoint, jurisdiction: "GB" })
    : undefined;
  // The messages' context without a sender worker: tests that deliver run one (sender.ts) themselves.
  const central = await database.db
    .selectFrom("organisation")
    .select("id")
    .where("kind", "=", "central_authority")
    .orderBy("created_at")
    .executeTakeFirst();
  const exchangeMessages =
    runtime && central
      ? await exchangeContext({
          db: database.db,
          clock,
          kb,
          files,
          keyring: runtime.keyring,
          directory: runtime.directory,
          organisationId: central.id,
        })
      : null;
  const app = await buildApp({
    kb,
    files,
    database,
    knowledgeHash: hash,
    webDir: opts.webDir,
    clock,
    security: settings,
    oidc: opts.oidc,
    logger: opts.logger,
    exchange: runtime,
    exchangeMessages,
  });
  return {
    app,
    database,
    clock,
    ctx: { db: database.db, clock, settings, kb, files },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
