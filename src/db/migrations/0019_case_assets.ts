/**
 * Criminal assets (issue 15 §1): an asset belongs to a case; it has holders, identifiers, an estimated
 * value with its currency, date and source, and third parties' claimed rights. Its life is a status with
 * the orders that moved it (freezing with its expiry — a deadline in the queue —, confiscation final or
 * under appeal, realisation, disposal), each step a row citing the provision that permits it. Sharings
 * (per-case agreements or recorded arrangements) hold each party's share; transfers record what was paid
 * with its reference. Amounts are decimal strings checked by pattern (never floats); sums are taken as
 * numeric in SQL and read back as text.
 */
import { type Kysely, sql } from "kysely";

const AMOUNT = "'^(0|[1-9][0-9]{0,17})(\\.[0-9]{1,4})?$'";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table case_asset (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id),
      kind text not null check (kind in ('bank_account', 'real_estate', 'vehicle', 'vessel', 'company_share', 'crypto_asset', 'cash', 'other')),
      description text not null,
      location text not null,
      identifiers jsonb not null default '{}',
      value_amount text check (value_amount ~ ${sql.raw(AMOUNT)}),
      value_currency text check (value_currency ~ '^[A-Z]{3}$'),
      value_on date,
      value_source text,
      third_party_claims jsonb not null default '[]',
      embezzled_public_funds boolean not null default false,
      status text not null default 'traced'
        check (status in ('traced', 'frozen', 'confiscated', 'realised', 'disposed', 'released')),
      freeze_order text,
      freeze_ordered_on date,
      freeze_expires_on date,
      confiscation_order text,
      confiscation_ordered_on date,
      confiscation_final boolean,
      proceeds_amount text check (proceeds_amount ~ ${sql.raw(AMOUNT)}),
      proceeds_currency text check (proceeds_currency ~ '^[A-Z]{3}$'),
      realised_on date,
      disposal text check (disposal in ('returned', 'restitution', 'shared')),
      disposed_on date,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check ((value_amount is null) = (value_currency is null))
    )`.execute(db);
  await sql`create index case_asset_case on case_asset (case_id)`.execute(db);
  await sql`create index case_asset_expiry on case_asset (freeze_expires_on) where status = 'frozen'`.execute(db);
  await sql`
    create table case_asset_holder (
      id uuid primary key default gen_random_uuid(),
      asset_id uuid not null references case_asset(id) on delete cascade,
      name text not null,
      role text not null
    )`.execute(db);
  await sql`create index case_asset_holder_asset on case_asset_holder (asset_id)`.execute(db);
  await sql`
    create table case_asset_step (
      id uuid primary key default gen_random_uuid(),
      -- Orders an asset's steps even when two share a timestamp.
      seq bigint generated always as identity,
      asset_id uuid not null references case_asset(id) on delete cascade,
      case_id uuid not null references case_file(id),
      step text not null,
      from_status text,
      to_status text not null,
      on_date date not null,
      order_ref text,
      provisions jsonb not null default '[]',
      note text,
      actor_id uuid not null references app_user(id),
      at timestamptz not null
    )`.execute(db);
  await sql`create index case_asset_step_asset on case_asset_step (asset_id, seq)`.execute(db);
  await sql`
    create table case_asset_sharing (
      id uuid primary key default gen_random_uuid(),
      asset_id uuid not null references case_asset(id) on delete cascade,
      case_id uuid not null references case_file(id),
      basis text not null check (basis in ('basis', 'case_agreement', 'arrangement')),
      instrument_id text,
      reference text not null,
      concluded_on date not null,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      gross text not null check (gross ~ ${sql.raw(AMOUNT)}),
      costs text not null check (costs ~ ${sql.raw(AMOUNT)}),
      net text not null check (net ~ ${sql.raw(AMOUNT)}),
      conversion jsonb,
      provisions jsonb not null default '[]',
      created_by uuid not null references app_user(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`
    create table case_asset_share (
      id uuid primary key default gen_random_uuid(),
      sharing_id uuid not null references case_asset_sharing(id) on delete cascade,
      position integer not null,
      party text not null,
      percent text not null,
      amount text not null check (amount ~ ${sql.raw(AMOUNT)}),
      converted text check (converted ~ ${sql.raw(AMOUNT)})
    )`.execute(db);
  await sql`
    create table case_asset_transfer (
      id uuid primary key default gen_random_uuid(),
      asset_id uuid not null references case_asset(id) on delete cascade,
      case_id uuid not null references case_file(id),
      share_id uuid references case_asset_share(id),
      recipient text not null,
      amount text not null check (amount ~ ${sql.raw(AMOUNT)}),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      reference text not null,
      on_date date not null,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["case_asset_transfer", "case_asset_share", "case_asset_sharing", "case_asset_step", "case_asset_holder", "case_asset"])
    await sql`drop table ${sql.table(t)}`.execute(db);
}
