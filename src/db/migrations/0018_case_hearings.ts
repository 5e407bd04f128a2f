/**
 * Hearings by video link (issue 15 §3): a hearing belongs to a case and to one of its measures that
 * takes a person's evidence; it is scheduled as a UTC instant with each side's IANA zone (local times
 * are computed when shown, so daylight-saving rules are applied as the zone data knows them), and its
 * record (held, adjourned, witness refused) is the measure's execution report. `sequence` is the
 * iCalendar SEQUENCE of its invitation, bumped on every change the invitees must see.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_hearing (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id),
      measure_id uuid not null references case_measure(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      requesting_zone text not null,
      requested_zone text not null,
      presiding_authority text not null,
      interpreters jsonb not null default '[]',
      participants jsonb not null default '[]',
      technical_contact jsonb not null,
      perjury_warning text not null default '',
      status text not null default 'scheduled'
        check (status in ('scheduled', 'held', 'adjourned', 'witness_refused', 'cancelled')),
      sequence integer not null default 0,
      outcome_note text,
      recorded_at timestamptz,
      recorded_by uuid references app_user(id),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index case_hearing_case on case_hearing (case_id, starts_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table case_hearing`.execute(db);
}
