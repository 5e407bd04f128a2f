/**
 * The audit trail: appended in order with a hash chain; the database refuses UPDATE, DELETE and
 * TRUNCATE; a row altered behind the application's back (trigger disabled, as a database superuser
 * could) is found by `rogatory audit verify`, which names the first broken link.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/support/app.js";
import { run } from "../cli/main.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import { type AuditInput, GENESIS_HASH, canonicalJson, recordStandalone, verifyChain } from "./trail.js";

const clock = new ManualClock(new Date("2026-03-01T10:00:00Z"));
const event = (n: number): AuditInput => ({
  actorId: null,
  actorLabel: "test",
  action: `test.event_${n % 3}`,
  objectType: "case",
  objectId: `obj-${n}`,
  summary: { n, nested: { b: 2, a: [1, "x"] } },
  ip: "127.0.0.1",
});

let d: OpenDatabase;
beforeAll(async () => {
  d = await openTestDatabase();
  for (let i = 1; i <= 12; i++) {
    clock.advance(1000);
    await recordStandalone(d.db, clock, event(i));
  }
});
afterAll(async () => d?.close());

describe("audit chain", () => {
  it("links each event to the previous one and verifies", async () => {
    const rows = await d.db.selectFrom("audit_event").select(["seq", "prev_hash", "hash"]).orderBy("seq").execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(await verifyChain(d.db)).toMatchObject({ ok: true, events: 12 });
  });

  it("keeps one chain when many events are appended concurrently", async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => recordStandalone(d.db, clock, event(100 + i))));
    expect(await verifyChain(d.db)).toMatchObject({ ok: true, events: 32 });
  });

  it.each([
    ["update", sql`update audit_event set action = 'forged' where seq = 3`],
    ["delete", sql`delete from audit_event where seq = 3`],
    ["truncate", sql`truncate audit_event`],
  ])("is refused by the database on %s", async (_name, statement) => {
    await expect(statement.execute(d.db)).rejects.toThrow(/append-only/);
    expect(await verifyChain(d.db)).toMatchObject({ ok: true });
  });
});

describe("canonical JSON", () => {
  it("does not depend on key order (jsonb reorders keys)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe("rogatory audit verify", () => {
  // Its own database, so tampering here does not disturb the other tests: PGlite in a directory the
  // CLI opens as the server would, or the PostgreSQL server of DATABASE_URL in CI.
  let dir: string;
  let db: OpenDatabase;
  const cli = async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(
      ["audit", "verify"],
      (s) => out.push(s),
      (s) => err.push(s),
    );
    return { code, out: out.join("\n"), err: err.join("\n") };
  };
  const reopen = async () => {
    if (!process.env.DATABASE_URL) db = await openDatabase({ dataDir: dir });
  };
  const closeForCli = async () => {
    if (!process.env.DATABASE_URL) await db.close();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rogatory-audit-"));
    process.env.ROGATORY_DATA_DIR = dir;
    db = process.env.DATABASE_URL ? d : await openDatabase({ dataDir: dir });
    if (!process.env.DATABASE_URL) for (let i = 1; i <= 5; i++) await recordStandalone(db.db, clock, event(i));
    await closeForCli();
  });
  afterAll(async () => {
    delete process.env.ROGATORY_DATA_DIR;
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports an intact chain with exit code 0", async () => {
    const r = await cli();
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Audit trail intact: \d+ events/);
  });

  it("names the first broken link when one row was altered directly in the database", async () => {
    await reopen();
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(db.db);
    await sql`update audit_event set summary = '{"n": 999}'::jsonb where seq = 4`.execute(db.db);
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(db.db);
    await closeForCli();
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.err).toContain("BROKEN at event 4");
    expect(r.err).toContain("was altered");
  });

  it("names a deleted row as missing", async () => {
    await reopen();
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(db.db);
    await sql`delete from audit_event where seq = 2`.execute(db.db);
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(db.db);
    await closeForCli();
    const r = await cli();
    expect(r.code).toBe(1);
    expect(r.err).toContain("BROKEN at event 2");
    expect(r.err).toContain("missing");
  });
});
