/**
 * The queue reads an officer's open deadlines soonest first. With thousands of cases per officer, a
 * join from the officer's cases to their deadlines sorted by date costs tens of milliseconds at a
 * million cases; the officer on the deadline row with a partial index (officer, due) of the open ones
 * lets the queue read its first rows in order and stop.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_deadline add column officer_id uuid references app_user(id)`.execute(db);
  await sql`update case_deadline d set officer_id = c.officer_id from case_file c where c.id = d.case_id and c.officer_id is not null`.execute(
    db,
  );
  await sql`create index case_deadline_officer_due_idx on case_deadline (officer_id, due) where not done`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index case_deadline_officer_due_idx`.execute(db);
  await sql`alter table case_deadline drop column officer_id`.execute(db);
}
