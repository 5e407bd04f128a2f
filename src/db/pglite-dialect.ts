/**
 * A Kysely dialect over embedded PGlite. PGlite is one connection, so the driver hands it to one
 * caller at a time (a transaction holds it until commit or rollback). Written here because the
 * published adapter did not yet support PGlite 0.5.
 *
 * Nothing here waits forever: a caller that cannot have the connection within `acquireTimeoutMs`
 * gets a DatabaseBusyError (the request answers 503) instead of queueing behind a stuck holder, and
 * a holder that keeps the connection longer than `holdTimeoutMs` has its transaction rolled back and
 * loses the connection to the next caller (as PostgreSQL's idle_in_transaction_session_timeout). And
 * PGlite's errors carry the statement and its parameters (names, titles, e-mails): they are replaced
 * by errors that keep only the SQLSTATE code, constraint, table and column before anyone can log them.
 */
import type { PGlite } from "@electric-sql/pglite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import { DatabaseBusyError, withoutSqlValues } from "./errors.js";
import { PreparedStatements } from "./pglite-statements.js";

/**
 * One caller's use of the connection, from acquire to release. A lease the driver revoked (held too
 * long) refuses every further statement: its transaction was rolled back and the connection is
 * someone else's now.
 */
class PGliteLease implements DatabaseConnection {
  revoked = false;
  constructor(
    private readonly pg: PGlite,
    private readonly statements: PreparedStatements | null,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.revoked) throw new DatabaseBusyError("the request held the database too long; its transaction was rolled back");
    let result: Awaited<ReturnType<PGlite["query"]>>;
    try {
      result =
        this.statements && PreparedStatements.preparable(query.sql)
          ? await this.statements.run(query.sql, query.parameters)
          : await this.pg.query<R>(query.sql, [...query.parameters]);
    } catch (err) {
      throw withoutSqlValues(err);
    }
    return {
      rows: result.rows as R[],
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered by PGlite; fail loudly rather than buffer silently.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported on PGlite");
  }
}

/** How long a caller waits for PGlite's one connection before it gives up, unless the dialect says otherwise. */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 10_000;
/** How long one caller may hold the connection before its transaction is rolled back, unless the dialect says otherwise. */
export const DEFAULT_HOLD_TIMEOUT_MS = 60_000;

export interface PGliteLimits {
  /** The longest a caller waits for the connection; then DatabaseBusyError. */
  acquireTimeoutMs?: number;
  /**
   * The longest one caller may hold the connection (PGlite's idle-in-transaction timeout): then its
   * transaction is rolled back, its further statements fail, and the next caller gets the connection.
   * 0: no limit (migrations at start-up, before any request).
   */
  holdTimeoutMs?: number;
  /**
   * Keep data statements prepared by their SQL text (see pglite-statements.ts). On by default; off
   * for the migrator, whose DDL would only fill the cache with statements used once.
   */
  preparedStatements?: boolean;
}

class PGliteDriver implements Driver {
  /** The lease holding the connection now, if any. */
  private holder: PGliteLease | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Callers waiting for the connection, first come first served. */
  private readonly waiting: (() => void)[] = [];
  private readonly statements: PreparedStatements | null;

  constructor(
    private readonly pg: PGlite,
    private readonly limits: Required<PGliteLimits>,
  ) {
    this.statements = limits.preparedStatements ? new PreparedStatements(pg) : null;
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.holder) return this.lease();
    return new Promise<DatabaseConnection>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve(this.lease());
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new DatabaseBusyError(`the database connection was busy for more than ${this.limits.acquireTimeoutMs} ms`));
      }, this.limits.acquireTimeoutMs);
      this.waiting.push(grant);
    });
  }

  /** Gives the connection to a new lease, with the timer that revokes it if it is held too long. */
  private lease(): PGliteLease {
    const lease = new PGliteLease(this.pg, this.statements);
    this.holder = lease;
    if (this.limits.holdTimeoutMs > 0) {
      this.holdTimer = setTimeout(() => this.revoke(lease), this.limits.holdTimeoutMs);
      this.holdTimer.unref?.();
    }
    return lease;
  }

  /** Ends a lease held too long: rolls its transaction back (PGlite runs it after any statement in flight) and hands over. */
  private revoke(lease: PGliteLease): void {
    if (this.holder !== lease) return;
    lease.revoked = true;
    // Outside a transaction "rollback" is only a warning; either way the connection is clean afterwards.
    this.pg
      .query("rollback")
      .catch(() => undefined)
      .finally(() => this.handOver());
  }

  private handOver(): void {
    clearTimeout(this.holdTimer);
    this.holder = null;
    this.waiting.shift()?.();
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await conn.executeQuery(CompiledQuery.raw(`begin${level}`));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    // A revoked lease's transaction was already rolled back by the driver.
    if (conn instanceof PGliteLease && conn.revoked) return;
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    // A revoked lease gave the connection up already; only the current holder hands it over.
    if (conn === this.holder) this.handOver();
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

/** Kysely dialect for an open PGlite instance. */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly options: PGliteLimits = {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, {
      acquireTimeoutMs: this.options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
      holdTimeoutMs: this.options.holdTimeoutMs ?? DEFAULT_HOLD_TIMEOUT_MS,
      preparedStatements: this.options.preparedStatements ?? true,
    });
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature takes Kysely<any>.
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
