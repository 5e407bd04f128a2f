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
import { PGliteDialect } from "./pglite-dialect.js";
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
};

const DATE_OID = 1082;

export interface DatabaseOptions {
  /** postgres://… to use a server; undefined for embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; "memory://" for a throwaway database. */
  dataDir?: string;
  /** false: open as it is, without migrating (a backup taken before an upgrade must not upgrade). */
  migrate?: boolean;
}

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
  let db: Kysely<Database>;
  let kind: OpenDatabase["kind"];
  let location: string;
  let lite: PGlite | undefined;
  let poolStats: OpenDatabase["poolStats"];
  if (opts.url) {
    // Dates stay ISO strings: a JS Date would shift them by the server's time zone.
    pg.types.setTypeParser(DATE_OID, (v: string) => v);
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
    kind = "postgres";
    const u = new URL(opts.url);
    location = `${u.protocol}//${u.host}${u.pathname}`;
  } else {
    const dir = opts.dataDir ?? "memory://";
    let pgliteDir = dir;
    if (!dir.startsWith("memory://")) {
      mkdirSync(dir, { recursive: true });
      pgliteDir = join(dir, "pglite");
    }
    lite = await PGlite.create(pgliteDir, { parsers: { [DATE_OID]: (v: string) => v } });
    db = new Kysely<Database>({ dialect: new PGliteDialect(lite) });
    kind = "pglite";
    location = dir.startsWith("memory://") ? "memory" : pgliteDir;
  }
  if (opts.migrate !== false) await migrate(db);
  return { db, kind, location, pglite: lite, poolStats, close: () => db.destroy() };
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
