/**
 * Migrations carry existing data forward: 0004 moves each case's stored legal basis into the shared
 * basis_answer table without losing or mixing up any answer; a database of the previous release's
 * schema (0005_drafts) with data in it upgrades to the newest without losing anything; and all pending
 * migrations run in one transaction, so a failure half-way leaves the database at its old version.
 * The last two run on PostgreSQL too when DATABASE_URL is set (a database of their own).
 */
import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, type Migration, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { verifyChain } from "../audit/trail.js";
import { recordEvent } from "../audit/trail.js";
import { ManualClock } from "../security/clock.js";
import { LATEST_MIGRATION, migrate, migratorFor, pendingMigrations } from "./database.js";
import { PGliteDialect } from "./pglite-dialect.js";
import type { Database } from "./schema.js";

describe("migration 0004_basis_answers", () => {
  it("keeps every case's basis, storing identical answers once", async () => {
    const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
    await migrate(db, "0003_case_workflow");
    await sql`insert into jurisdiction (code, name, names, languages, sub_state, user_assigned) select c, c, '{}', '{}', false, false from unnest(array['RU', 'GB', 'US']) c`.execute(
      db,
    );
    const org = await sql<{ id: string }>`insert into organisation (name, kind) values ('CA', 'central_authority') returning id`.execute(
      db,
    );
    const user = await sql<{ id: string }>`
      insert into app_user (organisation_id, email, display_name, role) values (${org.rows[0]?.id}, 'a@ca.test', 'A', 'officer') returning id`.execute(
      db,
    );
    const basisA = JSON.stringify({ bases: [{ instrument: "cets-030" }], note: "ü" });
    const basisB = JSON.stringify({ bases: [{ instrument: "us-ru-mlat-1999" }] });
    for (const [ref, from, basis] of [
      ["IN-1", "RU", basisA],
      ["IN-2", "RU", basisA],
      ["IN-3", "US", basisB],
      ["IN-4", "US", null],
    ] as const)
      await sql`insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at, basis)
                values (${ref}, 'incoming', 'A request', ${from}, 'GB', 'normal', ${user.rows[0]?.id}, now(), now(), ${basis}::json)`.execute(
        db,
      );

    await migrate(db);

    const rows = await db
      .selectFrom("case_file")
      .leftJoin("basis_answer", "basis_answer.digest", "case_file.basis_digest")
      .select(["case_file.reference", "basis_answer.answer"])
      .orderBy("case_file.reference")
      .execute();
    const parsed = rows.map((r) => [r.reference, typeof r.answer === "string" ? JSON.parse(r.answer) : r.answer]);
    expect(parsed).toEqual([
      ["IN-1", JSON.parse(basisA)],
      ["IN-2", JSON.parse(basisA)],
      ["IN-3", JSON.parse(basisB)],
      ["IN-4", null],
    ]);
    const count = await sql<{ n: number }>`select count(*)::int as n from basis_answer`.execute(db);
    expect(count.rows[0]?.n).toBe(2);
    await db.destroy();
  });
});

/** The previous release's last migration: databases in the field are at this version or newer. */
const PREVIOUS_RELEASE = "0005_drafts";

const serverUrl = process.env.DATABASE_URL;
const created: string[] = [];

/** An empty database: in-memory PGlite, or a new database of our own on the PostgreSQL server. */
async function emptyDatabase(label: string): Promise<Kysely<Database>> {
  if (!serverUrl) return new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create("memory://")) });
  const name = `rogatory_${label}_${createHash("sha256").update(`${process.pid}${Date.now()}${label}`).digest("hex").slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  created.push(name);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: u.toString(), max: 2 }) }) });
}

afterAll(async () => {
  if (!serverUrl) return;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const tables = async (db: Kysely<Database>) =>
  (
    await sql<{
      t: string;
    }>`select table_name as t from information_schema.tables where table_schema = current_schema() order by 1`.execute(db)
  ).rows.map((r) => r.t);

describe(`upgrading a database of the previous release (${PREVIOUS_RELEASE}) to ${LATEST_MIGRATION}`, () => {
  it("keeps every user, case, deadline, document, draft and audit event, and fills the new columns", async () => {
    const db = await emptyDatabase("upgrade");
    await migrate(db, PREVIOUS_RELEASE);
    expect(await pendingMigrations(db)).not.toEqual([]);
    // Data written through the old shape, as the previous release wrote it.
    await sql`insert into jurisdiction (code, name, names, languages, sub_state, user_assigned) select c, c, '{}', '{}', false, false from unnest(array['RU', 'GB']) c`.execute(
      db,
    );
    const org = (
      await sql<{
        id: string;
      }>`insert into organisation (name, kind) values ('Центральный орган', 'central_authority') returning id`.execute(db)
    ).rows[0]?.id;
    const officer = (
      await sql<{
        id: string;
      }>`insert into app_user (organisation_id, email, display_name, role) values (${org}, 'o@ca.test', 'Ольга', 'officer') returning id`.execute(
        db,
      )
    ).rows[0]?.id;
    const cases: string[] = [];
    for (const [ref, withOfficer] of [
      ["IN-2025-1", true],
      ["IN-2025-2", false],
    ] as const) {
      const c = await sql<{ id: string }>`
        insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at, officer_id)
        values (${ref}, 'incoming', ${`Запрос ${ref} — 司法协助`}, 'RU', 'GB', 'confidential', ${officer}, now(), now(), ${withOfficer ? officer : null})
        returning id`.execute(db);
      cases.push(c.rows[0]?.id as string);
    }
    for (const [i, caseId] of cases.entries()) {
      await sql`insert into case_deadline (case_id, kind, due, rule) values (${caseId}, 'answer', ${`2026-0${i + 3}-01`}, 'art. 1'), (${caseId}, 'acknowledge', '2026-02-01', 'art. 2')`.execute(
        db,
      );
      const content = Buffer.from(`документ ${i}`);
      await sql`insert into case_document (case_id, kind, filename, content_type, size, sha256, content, added_by, added_at)
                values (${caseId}, 'request', ${`طلب ${i}.pdf`}, 'application/pdf', ${content.length}, ${createHash("sha256").update(content).digest("hex")}, ${content}, ${officer}, now())`.execute(
        db,
      );
    }
    await sql`insert into draft (owner_id, title, content, case_id, created_at, updated_at) values (${officer}, 'Черновик', ${JSON.stringify({ facts: "ü" })}::json, ${cases[0]}, now(), now())`.execute(
      db,
    );
    const clock = new ManualClock(new Date("2026-01-05T09:00:00Z"));
    for (let i = 0; i < 5; i++)
      await db.transaction().execute((trx) =>
        recordEvent(trx, clock, {
          actorId: officer ?? null,
          actorLabel: "Ольга",
          action: "case.read",
          objectType: "case",
          objectId: cases[0] ?? null,
          summary: { n: i },
          ip: "192.0.2.1",
        }),
      );
    const snapshot = async () =>
      (
        await sql<Record<string, string>>`select
          (select string_agg(email || display_name, ',') from app_user) as users,
          (select string_agg(reference || title || coalesce(officer_id::text, '-'), ',' order by reference) from case_file) as cases,
          (select string_agg(case_id::text || kind || due::text, ',' order by case_id, kind) from case_deadline) as deadlines,
          (select string_agg(filename || sha256 || encode(content, 'hex'), ',' order by filename) from case_document) as documents,
          (select string_agg(title || content::text, ',') from draft) as drafts,
          (select string_agg(hash, ',' order by seq) from audit_event) as audit`.execute(db)
      ).rows[0];
    const before = await snapshot();

    await migrate(db);

    expect(await pendingMigrations(db)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(await verifyChain(db)).toMatchObject({ ok: true, events: 5 });
    // 0006: each open deadline now carries its case's officer (none where the case has none).
    const deadlines = await sql<{ ref: string; officer: string | null }>`
      select c.reference as ref, d.officer_id as officer from case_deadline d join case_file c on c.id = d.case_id order by 1, d.kind`.execute(
      db,
    );
    expect(deadlines.rows).toEqual([
      { ref: "IN-2025-1", officer },
      { ref: "IN-2025-1", officer },
      { ref: "IN-2025-2", officer: null },
      { ref: "IN-2025-2", officer: null },
    ]);
    await db.destroy();
  });
});

describe("migrations run in one transaction", () => {
  it("a migration failing after others leaves the database at the version it had, and a retry completes", async () => {
    const db = await emptyDatabase("atomic");
    await migrate(db, "0004_basis_answers");
    const tablesBefore = await tables(db);
    const applied = async () =>
      (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
    const appliedBefore = await applied();
    // A broken migration after all real ones: 0005 and 0006 run and do their DDL, then this one fails.
    const broken: Migration = {
      up: async (trx) => {
        await sql`create table half_done (x int)`.execute(trx);
        throw new Error("disk full (simulated)");
      },
    };
    const migrator = migratorFor(db, {
      ...Object.fromEntries((await migratorFor(db).getMigrations()).map((m) => [m.name, m.migration])),
      "9999_broken": broken,
    });
    const result = await migrator.migrateToLatest();
    expect(result.error).toBeInstanceOf(Error);
    expect(result.results?.find((r) => r.status === "Error")?.migrationName).toBe("9999_broken");
    expect(await applied()).toEqual(appliedBefore);
    expect(await tables(db)).toEqual(tablesBefore);
    expect(tablesBefore).not.toContain("draft");
    // The fixed release then upgrades the same database.
    await migrate(db);
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await tables(db)).toContain("draft");
    await db.destroy();
  });
});
