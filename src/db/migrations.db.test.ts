/**
 * Migrations carry existing data forward: 0004 moves each case's stored legal basis into the shared
 * basis_answer table without losing or mixing up any answer.
 */
import { PGlite } from "@electric-sql/pglite";
import { Kysely, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { migrate } from "./database.js";
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
