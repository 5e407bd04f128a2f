/**
 * Transfer of sentenced persons (issue 15 §2). A transfer case is a case (case_file, `kind` 'tsp'), so it
 * has the case's reference, confidentiality and access list (need-to-know), version (409 on a stale
 * write), timeline (case_transition), audit events, list and queue; its own facts — the person, the
 * judgment, consent, each state's decision, the handover — are one row of case_transfer. Its workflow
 * states live in case_file.state with the prefix `transfer_`, apart from the MLA states.
 * (0019 is left to the assets work.)
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table case_file add column kind text not null default 'mla' check (kind in ('mla', 'tsp'))`.execute(db);
  await sql`
    create table case_transfer (
      case_id uuid primary key references case_file(id),
      sentencing_state text not null,
      administering_state text not null,
      requested_by text not null check (requested_by in ('sentencing', 'administering')),
      request_date date not null,
      person_name text not null,
      nationality text,
      national_of_administering boolean,
      court text,
      judgment_date date,
      final_on date,
      offence text,
      iccs text,
      sentence_years integer check (sentence_years between 0 and 150),
      sentence_months integer check (sentence_months between 0 and 11),
      sentence_days integer check (sentence_days between 0 and 366),
      indeterminate boolean not null default false,
      sentence_start date,
      served_days integer check (served_days >= 0),
      served_as_of date,
      remission_days integer not null default 0 check (remission_days >= 0),
      dual_criminality boolean,
      shorter_time_agreed boolean not null default false,
      consent text check (consent in ('given', 'refused', 'withdrawn')),
      consent_on date,
      consent_verified_on date,
      consent_dispensed text check (consent_dispensed in ('fled', 'expulsion')),
      sentencing_decision text check (sentencing_decision in ('agreed', 'refused')),
      sentencing_decided_on date,
      administering_decision text check (administering_decision in ('agreed', 'refused')),
      administering_decided_on date,
      enforcement text check (enforcement in ('continued', 'converted')),
      handover_on date,
      handover_place text,
      handover_escort text,
      closed_on date,
      check (sentencing_state <> administering_state)
    )`.execute(db);
  await sql`create index case_file_kind on case_file (kind, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table case_transfer`.execute(db);
  await sql`drop index case_file_kind`.execute(db);
  await sql`alter table case_file drop column kind`.execute(db);
}
