/**
 * The directory of central authorities (issue 16 §1; GA resolution 53/112, UNTOC art. 18(13), UNCAC
 * art. 46(13)). Only the entries an administrator wrote or imported from a signed file are stored
 * here: the designations recorded in the knowledge base and the partners' identity endpoints are read
 * at request time (src/directory/entries.ts), so they can never disagree with their source. An entry's
 * field groups (instruments, address, channels, languages, urgent contact, office hours) are one
 * jsonb document, each group with its own `source`; the entry has its `source` and `last_checked`
 * date. `version` guards writes (409 when stale).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table directory_entry (
      id uuid primary key default gen_random_uuid(),
      jurisdiction text not null check (jurisdiction ~ '^[A-Z]{2}$'),
      authority text not null,
      role text not null check (role in ('central', 'executing')),
      origin text not null check (origin in ('administrator', 'import')),
      detail jsonb not null default '{}',
      source jsonb not null,
      last_checked date not null,
      version integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  // One entry per authority and role in a jurisdiction: an import updates it instead of adding another.
  await sql`create unique index directory_entry_key on directory_entry (jurisdiction, lower(authority), role)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table directory_entry`.execute(db);
}
