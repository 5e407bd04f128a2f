/**
 * Drafts of outgoing requests written with the request writer: the interview's content, saved as the
 * user types (with a version for optimistic concurrency), and the case it became on approval. The
 * documents generated from a draft are stored on that case (case_document), every version kept.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table draft (
      id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references app_user(id),
      title text not null,
      content json not null,
      version integer not null default 1,
      case_id uuid references case_file(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index draft_owner_idx on draft (owner_id, updated_at desc)`.execute(db);
  await sql`create unique index draft_case_idx on draft (case_id) where case_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table draft`.execute(db);
}
