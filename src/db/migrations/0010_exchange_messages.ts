/**
 * The exchange's messages: every envelope sent or received (the outbox and the inbox are one table,
 * told apart by direction), the receipts that prove each step, the link between a local case and the
 * conversation it carries with one partner node, and the quarantine of what was refused.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per case carried through the exchange; the conversation is named by the requesting
  // state's jurisdiction and reference, which both sides know from the first message on.
  await sql`
    create table exchange_link (
      case_id uuid primary key references case_file(id) on delete cascade,
      partner_id text not null,
      requesting_jurisdiction text not null,
      requesting_reference text not null,
      requested_jurisdiction text not null,
      requested_reference text,
      next_seq integer not null default 1,
      expected_seq integer not null default 1,
      head text not null,
      measure_refs jsonb not null default '{}'::jsonb,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create unique index exchange_link_conversation_idx on exchange_link (requesting_jurisdiction, requesting_reference)`.execute(
    db,
  );

  await sql`
    create table exchange_message (
      id uuid primary key,
      direction text not null check (direction in ('out', 'in')),
      kind text not null,
      partner_id text not null,
      case_id uuid references case_file(id) on delete cascade,
      requesting_jurisdiction text not null,
      requesting_reference text not null,
      seq integer not null,
      prev text not null,
      hash text not null,
      sent_at timestamptz not null,
      urgent boolean not null default false,
      envelope text not null,
      jws text,
      status text not null check (status in ('queued', 'delivered', 'accepted', 'rejected', 'held', 'applied')),
      reason text,
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      last_error text,
      created_at timestamptz not null,
      done_at timestamptz
    )`.execute(db);
  // One message per sender, conversation and sequence number: a second one is a forgery or a bug.
  await sql`create unique index exchange_message_seq_idx on exchange_message (direction, requesting_jurisdiction, requesting_reference, seq)`.execute(
    db,
  );
  await sql`create index exchange_message_case_idx on exchange_message (case_id, created_at)`.execute(db);
  // The sender worker's queue: only rows still to deliver are in the index.
  await sql`create index exchange_message_due_idx on exchange_message (next_attempt_at) where direction = 'out' and status in ('queued', 'delivered')`.execute(
    db,
  );

  await sql`
    create table exchange_receipt (
      id uuid primary key default gen_random_uuid(),
      message_id uuid not null references exchange_message(id) on delete cascade,
      kind text not null check (kind in ('submission_accepted', 'delivered', 'accepted', 'rejected')),
      issuer text not null,
      reason text,
      at timestamptz not null,
      audit_head jsonb not null,
      jws text not null
    )`.execute(db);
  await sql`create unique index exchange_receipt_kind_idx on exchange_receipt (message_id, kind)`.execute(db);

  await sql`
    create table exchange_quarantine (
      id uuid primary key default gen_random_uuid(),
      received_at timestamptz not null,
      partner_id text,
      message_id uuid,
      reason text not null,
      detail text not null,
      size integer not null,
      content text not null,
      ip text
    )`.execute(db);
  await sql`create index exchange_quarantine_received_idx on exchange_quarantine (received_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table exchange_quarantine`.execute(db);
  await sql`drop table exchange_receipt`.execute(db);
  await sql`drop table exchange_message`.execute(db);
  await sql`drop table exchange_link`.execute(db);
}
