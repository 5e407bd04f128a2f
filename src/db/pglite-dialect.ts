/**
 * A Kysely dialect over embedded PGlite. PGlite is one connection, so the driver hands it to one
 * caller at a time (a transaction holds it until commit or rollback). Written here because the
 * published adapter did not yet support PGlite 0.5.
 *
 * Nothing here waits forever: a caller that cannot have the connection within `acquireTimeoutMs`
 * gets a DatabaseBusyError (the request answers 503) instead of queueing behind a stuck holder. And
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

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    let result: Awaited<ReturnType<PGlite["query"]>>;
    try {
      result = await this.pg.query<R>(query.sql, [...query.parameters]);
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

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  /** Whether a caller holds the connection now. */
  private held = false;
  /** Callers waiting for the connection, first come first served. */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly pg: PGlite,
    private readonly acquireTimeoutMs: number,
  ) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.held) {
      this.held = true;
      return this.connection;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new DatabaseBusyError(`the database connection was busy for more than ${this.acquireTimeoutMs} ms`));
      }, this.acquireTimeoutMs);
      this.waiting.push(grant);
    });
    // The releasing caller handed the connection over without marking it free.
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : "";
    await conn.executeQuery(CompiledQuery.raw(`begin${level}`));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  async destroy(): Promise<void> {
    await this.pg.close();
  }
}

/** Kysely dialect for an open PGlite instance. */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly options: { acquireTimeoutMs?: number } = {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS);
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature takes Kysely<any>.
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
