/**
 * Accepting a request and withdrawing our own are decisions too (issue 14 §3): recorded like a
 * refusal, with who decided, when, and the notice to the other state.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_decision drop constraint case_decision_kind_check`.execute(db);
  await sql`
    alter table case_decision add constraint case_decision_kind_check
    check (kind in ('refusal', 'partial_refusal', 'postponement', 'acceptance', 'withdrawal'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from case_decision where kind in ('acceptance', 'withdrawal')`.execute(db);
  await sql`alter table case_decision drop constraint case_decision_kind_check`.execute(db);
  await sql`
    alter table case_decision add constraint case_decision_kind_check
    check (kind in ('refusal', 'partial_refusal', 'postponement'))`.execute(db);
}
