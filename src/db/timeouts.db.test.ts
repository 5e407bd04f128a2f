/**
 * No single request can hold the database (issue 12, defect 1): on PostgreSQL every connection starts
 * with a statement timeout, a lock timeout and an idle-in-transaction timeout; on PGlite, whose one
 * connection a stuck transaction would hold, a caller waits a bounded time and then gets
 * DatabaseBusyError. The error handler answers both with 503 database_busy (see mapInternalError).
 */
import { sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { mapInternalError } from "../server/errors.js";
import { type OpenDatabase, openDatabase } from "./database.js";
import { DatabaseBusyError, isSqlError } from "./errors.js";

const url = process.env.DATABASE_URL;
let open: OpenDatabase | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe.skipIf(url)("PGlite: a bounded wait for the one connection", () => {
  it("gives up with DatabaseBusyError while a transaction holds the connection, then serves the queue in order", async () => {
    open = await openDatabase({ dataDir: "memory://", timeouts: { acquireMs: 200 } });
    const db = open.db;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    const stuck = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      entered();
      await held;
      return "committed";
    });
    await inside;
    const refused = await errorOf(sql`select 2`.execute(db));
    expect(refused).toBeInstanceOf(DatabaseBusyError);
    expect(mapInternalError(refused)).toMatchObject({ status: 503, error: "database_busy" });
    // Two waiters queued within the limit get the connection in turn once it is released.
    const order: number[] = [];
    const a = sql`select 3`.execute(db).then(() => order.push(3));
    const b = sql`select 4`.execute(db).then(() => order.push(4));
    release();
    expect(await stuck).toBe("committed");
    await Promise.all([a, b]);
    expect(order).toEqual([3, 4]);
  });

  it("rolls back a transaction that holds the connection too long and serves the next caller", async () => {
    open = await openDatabase({ dataDir: "memory://", timeouts: { acquireMs: 5_000, pgliteHoldMs: 300 } });
    const db = open.db;
    await sql`create table hold_probe (n int)`.execute(db);
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    // A stuck request: it writes, then waits far longer than the hold limit before its next statement.
    const stuck = errorOf(
      db.transaction().execute(async (trx) => {
        await sql`insert into hold_probe values (1)`.execute(trx);
        entered();
        await new Promise((r) => setTimeout(r, 1_500));
        await sql`insert into hold_probe values (2)`.execute(trx);
      }),
    );
    await inside;
    // The next caller is served once the limit has passed, without waiting for the stuck one.
    const rows = await sql<{ n: number }>`select n from hold_probe`.execute(db);
    expect(rows.rows).toEqual([]);
    const err = await stuck;
    expect(err).toBeInstanceOf(DatabaseBusyError);
    expect((await sql<{ n: number }>`select count(*)::int as n from hold_probe`.execute(db)).rows[0]?.n).toBe(0);
  });

  it("strips the statement and parameters from PGlite's errors, keeping the code and constraint", async () => {
    open = await openDatabase({ dataDir: "memory://" });
    const err = await errorOf(sql`select ${"personal.data@private.test"}::uuid`.execute(open.db));
    expect(isSqlError(err)).toBe(true);
    expect(err).toMatchObject({ code: "22P02" });
    expect(JSON.stringify(err)).not.toContain("private.test");
    expect(String((err as Error).message)).not.toContain("private.test");
    expect(Object.keys(err as object)).not.toContain("params");
  });
});

describe.skipIf(!url)("PostgreSQL: statement, lock and idle-transaction timeouts on every connection", () => {
  it("sets the limits on each pooled connection", async () => {
    open = await openDatabase({ url, timeouts: { statementMs: 1_500, lockMs: 700, idleInTransactionMs: 4_000 } });
    const r = await sql<{ s: string; l: string; i: string }>`
      select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l,
             current_setting('idle_in_transaction_session_timeout') as i`.execute(open.db);
    expect(r.rows[0]).toEqual({ s: "1500ms", l: "700ms", i: "4s" });
  });

  it("cancels a statement that runs too long (57014) and a wait for a lock (55P03): both answer 503", async () => {
    open = await openDatabase({ url, timeouts: { statementMs: 1_000, lockMs: 300 } });
    const db = open.db;
    const slow = await errorOf(sql`select pg_sleep(30)`.execute(db));
    expect(slow).toMatchObject({ code: "57014" });
    expect(mapInternalError(slow)).toMatchObject({ status: 503, error: "database_busy" });

    await sql`create table if not exists timeout_probe (id int primary key, n int)`.execute(db);
    await sql`insert into timeout_probe values (1, 0) on conflict do nothing`.execute(db);
    // Another session holds the row, as a hung request's transaction would.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select * from timeout_probe where id = 1 for update");
      const blocked = await errorOf(sql`update timeout_probe set n = n + 1 where id = 1`.execute(db));
      expect(blocked).toMatchObject({ code: "55P03" });
      expect(mapInternalError(blocked)).toMatchObject({ status: 503, error: "database_busy" });
      await holder.query("rollback");
    } finally {
      await holder.end();
    }
    await sql`drop table timeout_probe`.execute(db);
  });

  it("ends a transaction left idle by a stuck request, and the pool serves the next one", async () => {
    open = await openDatabase({ url, timeouts: { idleInTransactionMs: 500 } });
    const db = open.db;
    const err = await errorOf(
      db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await new Promise((r) => setTimeout(r, 1_500));
        await sql`select 2`.execute(trx);
      }),
    );
    expect(err).toBeInstanceOf(Error);
    // The pool still serves the next request.
    expect((await sql<{ v: number }>`select 1 as v`.execute(db)).rows[0]?.v).toBe(1);
  });
});
