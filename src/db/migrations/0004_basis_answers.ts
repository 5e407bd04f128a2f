/**
 * The legal basis of a case is stored once per distinct answer, keyed by the SHA-256 of its JSON, and
 * the case refers to it. Thousands of cases between the same two states on the same law share one
 * answer (about 8 KB), so intake writes a digest instead of the whole answer each time and lists never
 * carry it.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // json, not jsonb, as before: returned whole, never queried inside.
  await sql`create table basis_answer (digest text primary key, answer json not null)`.execute(db);
  await sql`alter table case_file add column basis_digest text references basis_answer(digest)`.execute(db);
  // The text of a json column is the JSON as written, so this digest equals the one the code computes.
  await sql`
    insert into basis_answer (digest, answer)
    select encode(sha256(convert_to(basis::text, 'UTF8')), 'hex'), min(basis::text)::json
    from case_file where basis is not null group by 1`.execute(db);
  await sql`update case_file set basis_digest = encode(sha256(convert_to(basis::text, 'UTF8')), 'hex') where basis is not null`.execute(db);
  await sql`alter table case_file drop column basis`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_file add column basis json`.execute(db);
  await sql`update case_file c set basis = a.answer from basis_answer a where a.digest = c.basis_digest`.execute(db);
  await sql`alter table case_file drop column basis_digest`.execute(db);
  await sql`drop table basis_answer`.execute(db);
}
