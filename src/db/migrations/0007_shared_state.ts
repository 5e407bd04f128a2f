/**
 * State that several app instances on one PostgreSQL database must share, instead of each keeping it
 * in memory: rate-limit counters (per session, token or address and window), and the claim of
 * scheduled work (the daily digest) so that it runs once across instances. Users get a version, so an
 * administrator's change carries the version it read like a case's does.
 *
 * The counters are UNLOGGED: they are worth nothing after a crash (a lost window only forgives a
 * minute of requests) and skipping the write-ahead log keeps a write per request cheap.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unlogged table rate_limit_hit (
    key text primary key,
    window_started timestamptz not null,
    hits integer not null
  )`.execute(db);
  await sql`create index rate_limit_hit_window_idx on rate_limit_hit (window_started)`.execute(db);
  await sql`create table scheduled_job (
    job text primary key,
    last_period text,
    claimed_by text,
    claimed_until timestamptz
  )`.execute(db);
  await sql`alter table app_user add column version integer not null default 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user drop column version`.execute(db);
  await sql`drop table scheduled_job`.execute(db);
  await sql`drop table rate_limit_hit`.execute(db);
}
