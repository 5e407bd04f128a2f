/**
 * Organisations can be renamed and retired (issue 14 §5). A retired organisation keeps its history
 * (its users, the measures once assigned to it, the audit trail name it) but is offered for nothing
 * new; one that nothing refers to can be deleted instead. The version makes a rename by two
 * administrators at once a 409, as for users.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisation add column retired_at timestamptz, add column version integer not null default 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organisation drop column retired_at, drop column version`.execute(db);
}
