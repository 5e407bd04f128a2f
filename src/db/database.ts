/**
 * Opens the database: a PostgreSQL server when DATABASE_URL is set, else embedded PGlite under the
 * data directory (or in memory for tests). One SQL dialect either way; migrations run on open.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, type Migration, type MigrationProvider, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import * as m0001 from "./migrations/0001_knowledge.js";
import * as m0002 from "./migrations/0002_security.js";
import * as m0003 from "./migrations/0003_case_workflow.js";
import * as m0004 from "./migrations/0004_basis_answers.js";
import * as m0005 from "./migrations/0005_drafts.js";
import * as m0006 from "./migrations/0006_queue_by_officer.js";
import * as m0007 from "./migrations/0007_shared_state.js";
import * as m0008 from "./migrations/0008_case_list_cursor.js";
import * as m0009 from "./migrations/0009_exchange_keys.js";
import * as m0010 from "./migrations/0010_exchange_messages.js";
import * as m0011 from "./migrations/0011_bundle_digest_index.js";
import * as m0012 from "./migrations/0012_evidence_chunks.js";
import * as m0013 from "./migrations/0013_deadline_case_facts.js";
import * as m0014 from "./migrations/0014_case_decisions.js";
import * as m0016 from "./migrations/0016_organisation_retired.js";
import * as m0017 from "./migrations/0017_user_language.js";
import * as m0018 from "./migrations/0018_case_hearings.js";
import * as m0019 from "./migrations/0019_case_assets.js";
import * as m0020 from "./migrations/0020_tsp.js";
import * as m0021 from "./migrations/0021_directory.js";
import * as m0022 from "./migrations/0022_statistics.js";
import { DEFAULT_ACQUIRE_TIMEOUT_MS, DEFAULT_HOLD_TIMEOUT_MS, PGliteDialect } from "./pglite-dialect.js";
import { ChunkFiles, chunkFilesRoot } from "./chunkFiles.js";
import type { Database } from "./schema.js";

/** Numbered migrations; never edit one after it has landed, add the next. */
const MIGRATIONS: Record<string, Migration> = {
  "0001_knowledge": m0001,
  "0002_security": m0002,
  "0003_case_workflow": m0003,
  "0004_basis_answers": m0004,
  "0005_drafts": m0005,
  "0006_queue_by_officer": m0006,
  "0007_shared_state": m0007,
  "0008_case_list_cursor": m0008,
  "0009_exchange_keys": m0009,
  "0010_exchange_messages": m0010,
  "0011_bundle_digest_index": m0011,
  "0012_evidence_chunks": m0012,
  "0013_deadline_case_facts": m0013,
  "0014_case_decisions": m0014,
  "0016_organisation_retired": m0016,
  "0017_user_language": m0017,
  "0018_case_hearings": m0018,
  "0019_case_assets": m0019,
  "0020_tsp": m0020,
  "0021_directory": m0021,
  "0022_statistics": m0022,
};

const DATE_OID = 1082;

export interface DatabaseOptions {
  /** postgres://… to use a server; undefined for embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; "memory://" for a throwaway database. */
  dataDir?: string;
  /** false: open as it is, without migrating (a backup taken before an upgrade must not upgrade). */
  migrate?: boolean;
  /** Limits on waiting; see DEFAULT_TIMEOUTS. */
  timeouts?: Partial<DatabaseTimeouts>;
  /**
   * PGlite only: a dumped data directory (`dumpDataDir`) to start a new database from. The tests
   * start each in-memory database from one migrated copy rather than run every migration again.
   */
  startFrom?: Blob;
}

/**
 * How long anything may wait on the database, so that no single request can hold it: a statement
 * that runs too long is cancelled, a transaction that waits too long for a lock gives up, and a
 * transaction left open by a stuck request is ended by the server. Every PostgreSQL connection of
 * the pool starts with these settings (they are session settings sent at connection start-up), so
 * they apply to every statement of every request and every transaction without a helper to forget.
 */
export interface DatabaseTimeouts {
  /** PostgreSQL `statement_timeout`: the longest one statement may run. */
  statementMs: number;
  /** PostgreSQL `lock_timeout`: the longest a statement waits for a lock (a row, a table, an advisory lock). */
  lockMs: number;
  /** PostgreSQL `idle_in_transaction_session_timeout`: the longest a transaction may sit idle between statements. */
  idleInTransactionMs: number;
  /** The longest a request waits for a connection (the pool's on PostgreSQL, PGlite's only one). */
  acquireMs: number;
  /** PGlite only: the longest one request may hold its one connection; then its transaction is rolled back. */
  pgliteHoldMs: number;
}

/** The limits used unless the caller sets others: generous for real work, short enough to free a stuck instance. */
export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 30_000,
  lockMs: 5_000,
  idleInTransactionMs: 60_000,
  acquireMs: DEFAULT_ACQUIRE_TIMEOUT_MS,
  pgliteHoldMs: DEFAULT_HOLD_TIMEOUT_MS,
};

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: "postgres" | "pglite";
  /** The embedded engine itself (PGlite only), for the backup's dump of the data directory. */
  pglite?: PGlite;
  /** Connections of the PostgreSQL pool (PostgreSQL only), for the metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** Where the data lives, without credentials, for the start-up message. */
  location: string;
  close(): Promise<void>;
}

/** Opens (and migrates) the database described by the options. */
export async function openDatabase(opts: DatabaseOptions): Promise<OpenDatabase> {
  const limits = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const migrateFirst = opts.migrate !== false;
  return opts.url
    ? openPostgres(opts.url, limits, migrateFirst)
    : openPGlite(opts.dataDir ?? "memory://", limits, migrateFirst, opts.startFrom);
}

async function openPostgres(url: string, limits: DatabaseTimeouts, migrateFirst: boolean): Promise<OpenDatabase> {
  // Dates stay ISO strings: a JS Date would shift them by the server's time zone.
  pg.types.setTypeParser(DATE_OID, (v: string) => v);
  // Migrations run first on a connection of their own without the statement and lock limits: a
  // migration may rebuild a large table, and a second instance starting at the same time waits for
  // the first one's migration lock rather than fail.
  if (migrateFirst) {
    const migrationDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
    try {
      await migrate(migrationDb);
    } finally {
      await migrationDb.destroy();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    statement_timeout: limits.statementMs,
    lock_timeout: limits.lockMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    connectionTimeoutMillis: limits.acquireMs,
  });
  // The server ends a connection whose transaction sat idle too long (25P03), or on restart: the pool
  // drops that connection, and the request using it fails with the error. Without listeners, Node
  // would treat the 'error' event as unhandled and stop the whole process.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    db,
    kind: "postgres",
    location: `${u.protocol}//${u.host}${u.pathname}`,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

async function openPGlite(dir: string, limits: DatabaseTimeouts, migrateFirst: boolean, startFrom?: Blob): Promise<OpenDatabase> {
  let pgliteDir = dir;
  if (!dir.startsWith("memory://")) {
    mkdirSync(dir, { recursive: true });
    pgliteDir = join(dir, "pglite");
  }
  const lite = await PGlite.create(pgliteDir, {
    parsers: { [DATE_OID]: (v: string) => v },
    ...(startFrom ? { loadDataDir: startFrom } : {}),
  });
  // Migrations first, without the hold limit (a migration may rebuild a large table). This Kysely is
  // not destroyed: that would close PGlite, which the application's instance below goes on using.
  if (migrateFirst)
    await migrate(
      new Kysely<Database>({
        dialect: new PGliteDialect(lite, { acquireTimeoutMs: limits.acquireMs, holdTimeoutMs: 0, preparedStatements: false }),
      }),
    );
  // One connection: no statement can run beside a stuck one, so waiting for it and holding it are bounded.
  // On a data directory, large documents' chunks keep their bytes in files beside it (chunkFiles.ts).
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(lite, { acquireTimeoutMs: limits.acquireMs, holdTimeoutMs: limits.pgliteHoldMs }),
    plugins: dir.startsWith("memory://") ? [] : [new ChunkFiles(chunkFilesRoot(dir))],
  });
  return { db, kind: "pglite", location: dir.startsWith("memory://") ? "memory" : pgliteDir, pglite: lite, close: () => db.destroy() };
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The newest migration's name: the schema version a current database is at. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1) as string;

/**
 * The migrator every path uses. Kysely runs all pending migrations in ONE transaction (PostgreSQL and
 * PGlite both have transactional DDL), so a failure anywhere leaves the database at the version it had.
 * `migrations` is for tests that add a broken one.
 */
export function migratorFor(db: Kysely<Database>, migrations: Record<string, Migration> = MIGRATIONS): Migrator {
  return new Migrator({ db, provider: migrations === MIGRATIONS ? provider : { getMigrations: async () => migrations } });
}

/** Names of the migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/** Brings the schema up to the newest migration (or to `to`); throws with the failing migration's name. */
export async function migrate(db: Kysely<Database>, to?: keyof typeof MIGRATIONS): Promise<void> {
  const migrator = migratorFor(db);
  const { error, results } = await (to ? migrator.migrateTo(to) : migrator.migrateToLatest());
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
