/**
 * The exchange's keys and partners (issue 13 §1). `node_key` holds this node's key pairs: the public
 * JWK in clear and the private JWK only as a JWE encrypted with the node's passphrase (PBES2), so a copy
 * of the database or a backup yields no usable private key. At most one current and one next key per
 * use (signing, encryption). `exchange_partner` is a central authority this node trusts after comparing
 * its fingerprint out of band; `partner_key` its keys as its signed identity document last listed them.
 * A key id is the key's RFC 7638 thumbprint, so one kid names one key across all partners.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table node_key (
    kid text primary key,
    use text not null check (use in ('sig', 'enc')),
    alg text not null,
    public_jwk jsonb not null,
    private_jwe text not null,
    status text not null check (status in ('next', 'current', 'retired', 'revoked')),
    created_at timestamptz not null,
    activated_at timestamptz,
    accept_until timestamptz,
    revoked_at timestamptz,
    check ((status = 'revoked') = (revoked_at is not null)),
    check (status <> 'retired' or accept_until is not null)
  )`.execute(db);
  await sql`create unique index node_key_one_current on node_key (use) where status = 'current'`.execute(db);
  await sql`create unique index node_key_one_next on node_key (use) where status = 'next'`.execute(db);
  await sql`create table exchange_partner (
    id uuid primary key default gen_random_uuid(),
    endpoint text not null unique,
    jurisdiction text not null,
    authority text not null,
    fingerprint text not null,
    paired_fingerprint text not null,
    status text not null default 'active' check (status in ('active', 'suspended')),
    identity jsonb not null,
    identity_issued_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    refreshed_at timestamptz not null,
    version integer not null default 1
  )`.execute(db);
  await sql`create index exchange_partner_jurisdiction_idx on exchange_partner (jurisdiction)`.execute(db);
  await sql`create table partner_key (
    kid text primary key,
    partner_id uuid not null references exchange_partner (id) on delete cascade,
    use text not null check (use in ('sig', 'enc')),
    alg text not null,
    jwk jsonb not null,
    status text not null check (status in ('next', 'current', 'retired', 'revoked')),
    accept_until timestamptz,
    revoked_at timestamptz,
    first_seen timestamptz not null,
    check ((status = 'revoked') = (revoked_at is not null))
  )`.execute(db);
  await sql`create index partner_key_partner_idx on partner_key (partner_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table partner_key`.execute(db);
  await sql`drop table exchange_partner`.execute(db);
  await sql`drop table node_key`.execute(db);
}
