/**
 * The queue counts every open deadline of an officer (or of every case one may see): which of them
 * count depends on their case's state (closed and withdrawn cases do not) and confidentiality (who may
 * see it). Joining each deadline to its case for that cost PostgreSQL most of the queue's time (555
 * case look-ups for a busy officer, bench:load). Each deadline now carries its case's state and
 * confidentiality, kept by triggers — on insert from the case, and on every change of the case's state
 * or confidentiality to all its deadlines — so no code path can leave them stale, and the queue counts
 * from the deadline index alone.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_deadline add column case_state text, add column case_confidentiality text`.execute(db);
  await sql`
    update case_deadline d set case_state = c.state, case_confidentiality = c.confidentiality
    from case_file c where c.id = d.case_id`.execute(db);
  await sql`
    create function case_deadline_case_facts() returns trigger language plpgsql as $$
    begin
      select state, confidentiality into new.case_state, new.case_confidentiality from case_file where id = new.case_id;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger case_deadline_case_facts before insert or update of case_id on case_deadline
    for each row execute function case_deadline_case_facts()`.execute(db);
  await sql`
    create function case_file_facts_to_deadlines() returns trigger language plpgsql as $$
    begin
      update case_deadline set case_state = new.state, case_confidentiality = new.confidentiality where case_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger case_file_facts_to_deadlines after update of state, confidentiality on case_file
    for each row when (old.state is distinct from new.state or old.confidentiality is distinct from new.confidentiality)
    execute function case_file_facts_to_deadlines()`.execute(db);
  await sql`alter table case_deadline alter column case_state set not null, alter column case_confidentiality set not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger case_file_facts_to_deadlines on case_file`.execute(db);
  await sql`drop function case_file_facts_to_deadlines()`.execute(db);
  await sql`drop trigger case_deadline_case_facts on case_deadline`.execute(db);
  await sql`drop function case_deadline_case_facts()`.execute(db);
  await sql`alter table case_deadline drop column case_state, drop column case_confidentiality`.execute(db);
}
