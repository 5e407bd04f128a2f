/**
 * Cases through their life: state and version on the case, the legal basis stored with it, offences,
 * persons, consultations, decisions (refusal, postponement), correspondence, the transition timeline,
 * measure statuses and deadlines, and idempotency keys for creation.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table case_file
      add column state text not null default 'received',
      add column version integer not null default 1,
      add column request_date date,
      add column basis_instrument text,
      -- json, not jsonb: stored and returned whole, never queried inside, so the binary form is wasted work.
      add column basis json,
      add column our_reference text,
      add column their_reference text,
      add column authority text,
      add column urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
      add column received_on date,
      add column sent_on date,
      add column officer_id uuid references app_user(id),
      add column confidentiality_issue text check (confidentiality_issue in ('pending', 'proceed')),
      add column written_confirmation_due date,
      add column respond_by date,
      add column idempotency_key text`.execute(db);
  await sql`update case_file set state = 'draft' where direction = 'outgoing'`.execute(db);
  await sql`create unique index case_file_idempotency_idx on case_file (created_by, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  // Search walks the newest cases of a state; lists walk the newest cases.
  await sql`create index case_file_state_idx on case_file (state, created_at desc)`.execute(db);
  await sql`create index case_file_created_idx on case_file (created_at desc)`.execute(db);
  await sql`create index case_measure_case_idx on case_measure (case_id, measure)`.execute(db);
  // References are numbered per prefix and year from a counter row, not by scanning existing references.
  await sql`create table case_reference_counter (prefix text primary key, last integer not null)`.execute(db);
  await sql`create index case_file_officer_idx on case_file (officer_id, state)`.execute(db);

  await sql`
    alter table case_measure
      add column status text not null default 'requested'
        check (status in ('requested', 'accepted', 'refused', 'postponed', 'executed', 'not_executed')),
      add column deadline date,
      add column decision_id uuid`.execute(db);

  await sql`
    create table case_offence (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      description text not null,
      legal_provision text not null,
      penalty text,
      iccs text not null,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table case_person (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      role text not null check (role in ('suspect', 'accused', 'witness', 'expert', 'victim', 'person_in_custody', 'other')),
      name text not null,
      in_custody boolean not null default false,
      transfer_consent_on date,
      return_by date,
      presence_ended_on date,
      safe_conduct_extended boolean not null default false,
      safe_conduct_ends date,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table case_consultation (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      held_on date not null,
      channel text not null,
      outcome text not null,
      conditions_considered text not null,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null
    )`.execute(db);

  await sql`
    create table case_decision (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      kind text not null check (kind in ('refusal', 'partial_refusal', 'postponement')),
      grounds jsonb not null,
      reasons text not null,
      notice text not null,
      decided_by uuid not null references app_user(id),
      decided_at timestamptz not null
    )`.execute(db);

  await sql`
    create table case_correspondence (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      direction text not null check (direction in ('in', 'out')),
      channel text not null,
      on_date date not null,
      summary text not null,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null
    )`.execute(db);

  await sql`
    create table case_transition (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      action text not null,
      from_state text not null,
      to_state text not null,
      -- The case's version after the transition: orders the timeline even when two share a timestamp.
      version integer not null,
      actor_id uuid not null references app_user(id),
      at timestamptz not null,
      note text
    )`.execute(db);
  // Deadlines are materialised on every change of the case, so queues and overdue lists are one
  // indexed query however many cases there are.
  await sql`
    create table case_deadline (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      kind text not null,
      ref_id uuid,
      due date not null,
      rule text not null,
      done boolean not null default false
    )`.execute(db);
  await sql`create index case_deadline_open_idx on case_deadline (due) where not done`.execute(db);
  await sql`create index case_deadline_case_idx on case_deadline (case_id)`.execute(db);
  // Documents are kept in the database (bytea) with their SHA-256, checked again on every read.
  await sql`
    create table case_document (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      kind text not null,
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      added_by uuid not null references app_user(id),
      added_at timestamptz not null
    )`.execute(db);
  await sql`create index case_document_case_idx on case_document (case_id)`.execute(db);
  await sql`
    create table case_evidence (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      description text not null,
      document_id uuid references case_document(id),
      sha256 text,
      permitted_purposes text[] not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table evidence_custody (
      id uuid primary key default gen_random_uuid(),
      evidence_id uuid not null references case_evidence(id) on delete cascade,
      action text not null check (action in ('received', 'held', 'transferred', 'sent', 'returned')),
      holder text not null,
      on_date date not null,
      sha256 text,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null
    )`.execute(db);
  await sql`
    create table evidence_use (
      id uuid primary key default gen_random_uuid(),
      evidence_id uuid not null references case_evidence(id) on delete cascade,
      purpose text not null,
      consent_on date,
      consent_by text,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null
    )`.execute(db);
  // Every child table is read by case: without these the case page scans whole tables.
  for (const t of ["case_offence", "case_person", "case_consultation", "case_decision", "case_correspondence", "case_evidence"])
    await sql`create index ${sql.raw(`${t}_case_idx`)} on ${sql.table(t)} (case_id)`.execute(db);
  await sql`create index evidence_custody_evidence_idx on evidence_custody (evidence_id)`.execute(db);
  await sql`create index evidence_use_evidence_idx on evidence_use (evidence_id)`.execute(db);
  await sql`create index case_transition_case_idx on case_transition (case_id, version)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "case_deadline",
    "case_transition",
    "case_correspondence",
    "case_decision",
    "case_consultation",
    "case_person",
    "case_offence",
  ])
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  await sql`alter table case_measure drop column status, drop column deadline, drop column decision_id`.execute(db);
  await sql`
    alter table case_file drop column state, drop column version, drop column request_date, drop column basis_instrument,
      drop column basis, drop column our_reference, drop column their_reference, drop column authority, drop column urgency,
      drop column received_on, drop column sent_on, drop column officer_id, drop column confidentiality_issue,
      drop column written_confirmation_due, drop column respond_by, drop column idempotency_key`.execute(db);
}
