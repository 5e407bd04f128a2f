/**
 * The prepared-statement cache on PGlite gives exactly what PGlite.query gives (the same conversions
 * of parameters and results), keeps at most its capacity of statements, and recovers when a
 * statement's plan went stale under DDL.
 */
import { PGlite } from "@electric-sql/pglite";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreparedStatements } from "./pglite-statements.js";

let pg: PGlite;
beforeAll(async () => {
  // The date parser the application installs (database.ts): dates stay ISO strings.
  pg = await PGlite.create("memory://", { parsers: { 1082: (v: string) => v } });
  await pg.exec(`create table t (id int primary key, name text, born date, at timestamptz, tags text[], doc jsonb, raw bytea, ok boolean)`);
  // Starting PGlite takes seconds when the machine is busy.
}, 60_000);
afterAll(async () => {
  await pg.close();
});

const plain = async (sql: string, params: unknown[]) => {
  const r = await pg.query(sql, params);
  return { rows: r.rows, affectedRows: r.affectedRows };
};

describe("PreparedStatements", () => {
  it("answers as PGlite.query does, for every kind of value the application stores", async () => {
    const cache = new PreparedStatements(pg);
    const insert = "insert into t (id, name, born, at, tags, doc, raw, ok) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *";
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.option(
          fc.string({ unit: "grapheme" }).map((s) => s.replaceAll("\u0000", "")),
          { nil: null },
        ),
        fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2199-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.array(fc.constantFrom("Ёлка", "北京", "القاهرة", "plain"), { maxLength: 3 }),
        fc.option(fc.dictionary(fc.constantFrom("a", "b", "ü"), fc.oneof(fc.integer(), fc.string(), fc.boolean())), { nil: null }),
        fc.uint8Array({ maxLength: 16 }),
        fc.boolean(),
        async (id, name, when, tags, doc, raw, ok) => {
          await pg.exec("delete from t");
          const params = [id, name, when.toISOString().slice(0, 10), when, tags, doc === null ? null : JSON.stringify(doc), raw, ok];
          const viaCache = await cache.run(insert, params);
          const viaQuery = await plain("select * from t where id = $1", [id]);
          expect(viaCache.rows).toEqual(viaQuery.rows);
          expect(viaCache.affectedRows).toBe(1);
          const read = await cache.run("select * from t where id = $1 and ok = $2", [id, ok]);
          expect(read.rows).toEqual(viaQuery.rows);
        },
      ),
      { numRuns: 60 },
    );
    expect(cache.size).toBe(2);
  });

  it("reports rows changed by updates and deletes, as query does", async () => {
    const cache = new PreparedStatements(pg);
    await pg.exec("delete from t; insert into t (id, name) values (1, 'a'), (2, 'b'), (3, 'c')");
    expect((await cache.run("update t set name = $1 where id > $2", ["z", 1])).affectedRows).toBe(2);
    expect((await cache.run("delete from t where name = $1", ["z"])).affectedRows).toBe(2);
    expect((await cache.run("select name from t", [])).rows).toEqual([{ name: "a" }]);
  });

  it("keeps at most its capacity, closing the least recently used statement", async () => {
    const cache = new PreparedStatements(pg, 3);
    for (let i = 0; i < 10; i++) await cache.run(`select ${i}::int as n where $1::int = $1`, [i]);
    expect(cache.size).toBe(3);
    const held = await pg.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements");
    // Statements of the other caches of this file are still prepared; this one's closed its evicted seven.
    expect(
      (await pg.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like 'select _::int as n%'"))
        .rows[0]?.n,
    ).toBe(3);
    expect(held.rows[0]?.n).toBeGreaterThanOrEqual(3);
  });

  it("an error leaves the session usable and the statement cached; a stale plan is prepared again", async () => {
    const cache = new PreparedStatements(pg);
    await expect(cache.run("select $1::uuid as id", ["not-a-uuid"])).rejects.toThrow(/uuid/);
    expect((await cache.run("select $1::uuid as id", ["6a2f41a0-0b5e-4c8e-9d3e-2b1f1f2a9c10"])).rows).toHaveLength(1);
    await pg.exec("create table s (a int); insert into s values (1)");
    expect((await cache.run("select * from s", [])).rows).toEqual([{ a: 1 }]);
    await pg.exec("alter table s add column b int default 2");
    // PostgreSQL refuses a cached plan whose result columns changed: the cache forgets it ...
    await expect(cache.run("select * from s", [])).rejects.toThrow(/cached plan must not change result type/);
    // ... so the next use prepares it again and sees the new column.
    expect((await cache.run("select * from s", [])).rows).toEqual([{ a: 1, b: 2 }]);
  });

  it("prepares data statements only", () => {
    expect(PreparedStatements.preparable("select 1")).toBe(true);
    expect(PreparedStatements.preparable("  WITH x as (select 1) select * from x")).toBe(true);
    expect(PreparedStatements.preparable("insert into t values (1)")).toBe(true);
    expect(PreparedStatements.preparable("begin")).toBe(false);
    expect(PreparedStatements.preparable("create table x (a int)")).toBe(false);
    expect(PreparedStatements.preparable("selected")).toBe(false);
  });
});
