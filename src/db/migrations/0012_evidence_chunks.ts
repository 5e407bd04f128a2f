/**
 * Large evidence (up to 1 GB) in chunks. A 1 GB bytea cannot be written or read in one value within
 * PostgreSQL's limits (a field is at most 1 GB, its text form twice that) nor held in PGlite's
 * WebAssembly memory, so a large document's content lives in `content_chunk`: rows of at most 8 MiB,
 * each with its SHA-256, read and written one at a time. `case_document.blob_id` names those chunks
 * (its `content` is then empty). `exchange_transfer` follows one document travelling between two
 * nodes: the sender's progress, and on the receiving side the chunks held so far (stored under a
 * blob id of its own, keyed by the sender's transfer id and the chunk's index) until the whole file's
 * SHA-256 is checked and the evidence message brings it to a case.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table content_chunk (
      blob_id uuid not null,
      idx integer not null check (idx >= 0),
      size integer not null check (size > 0),
      sha256 text not null,
      content bytea not null,
      created_at timestamptz not null,
      primary key (blob_id, idx)
    )`.execute(db);
  // Evidence is mostly compressed already (PDF, images, archives): storing it without trying pglz
  // saves a pass over every byte on write.
  await sql`alter table content_chunk alter column content set storage external`.execute(db);

  await sql`alter table case_document add column blob_id uuid`.execute(db);
  await sql`create unique index case_document_blob_idx on case_document (blob_id) where blob_id is not null`.execute(db);

  await sql`
    create table exchange_transfer (
      id uuid primary key default gen_random_uuid(),
      direction text not null check (direction in ('out', 'in')),
      transfer_id uuid not null,
      partner_id text not null,
      case_id uuid references case_file(id) on delete cascade,
      blob_id uuid not null,
      filename text not null,
      content_type text not null,
      size bigint not null,
      sha256 text not null,
      chunk_size integer not null,
      chunks integer not null,
      done_chunks integer not null default 0,
      done_bytes bigint not null default 0,
      posts integer not null default 0,
      status text not null check (status in ('open', 'complete', 'corrupt', 'applied', 'delivered', 'abandoned')),
      detail text,
      message_id uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create unique index exchange_transfer_wire_idx on exchange_transfer (direction, partner_id, transfer_id)`.execute(db);
  await sql`create index exchange_transfer_case_idx on exchange_transfer (case_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table exchange_transfer`.execute(db);
  await sql`drop index case_document_blob_idx`.execute(db);
  await sql`alter table case_document drop column blob_id`.execute(db);
  await sql`drop table content_chunk`.execute(db);
}
