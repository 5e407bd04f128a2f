/**
 * The security model: organisations, users, sessions, API tokens, the append-only audit trail, and the
 * minimal case register that need-to-know is enforced on (the cases issue extends it).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisation (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      kind text not null check (kind in ('central_authority', 'executing_authority')),
      jurisdiction text references jurisdiction(code),
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      email text not null,
      display_name text not null,
      role text not null check (role in ('administrator', 'officer', 'supervisor', 'executing', 'auditor')),
      password_hash text,
      must_change_password boolean not null default true,
      totp_secret text,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      failed_attempts integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      oidc_issuer text,
      oidc_subject text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index app_user_email_idx on app_user (lower(email))`.execute(db);
  await sql`create unique index app_user_oidc_idx on app_user (oidc_issuer, oidc_subject) where oidc_subject is not null`.execute(db);

  // The session id is the SHA-256 of the cookie's token: a database read never yields a usable cookie.
  await sql`
    create table user_session (
      id text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      stage text not null check (stage in ('totp', 'password', 'enrol', 'full')),
      csrf_token text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ip text,
      user_agent text,
      method text not null default 'password',
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index user_session_user_idx on user_session (user_id)`.execute(db);

  await sql`
    create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      scopes text[] not null,
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  // Pending OpenID Connect sign-ins: state, nonce and PKCE verifier, used once.
  await sql`
    create table oidc_flow (
      state text primary key,
      nonce text not null,
      code_verifier text not null,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table audit_event (
      seq bigint primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_label text not null,
      action text not null,
      object_type text not null,
      object_id text,
      summary jsonb not null,
      ip text,
      prev_hash text not null,
      hash text not null
    )`.execute(db);
  await sql`create index audit_event_actor_idx on audit_event (actor_id, seq)`.execute(db);
  await sql`create index audit_event_object_idx on audit_event (object_type, object_id, seq)`.execute(db);
  // Append-only, enforced by the database itself: the application cannot rewrite history either.
  await sql`
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only: % refused', tg_op using errcode = '42501';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_event_no_change before update or delete on audit_event
    for each row execute function audit_event_append_only()`.execute(db);
  await sql`
    create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only()`.execute(db);

  await sql`
    create table case_file (
      id uuid primary key default gen_random_uuid(),
      reference text not null unique,
      direction text not null check (direction in ('incoming', 'outgoing')),
      title text not null,
      requesting text not null references jurisdiction(code),
      requested text not null references jurisdiction(code),
      confidentiality text not null check (confidentiality in ('normal', 'confidential', 'strictly_confidential')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table case_access (
      case_id uuid not null references case_file(id) on delete cascade,
      user_id uuid not null references app_user(id),
      granted_by uuid not null references app_user(id),
      granted_at timestamptz not null,
      primary key (case_id, user_id)
    )`.execute(db);
  await sql`create index case_access_user_idx on case_access (user_id)`.execute(db);
  await sql`
    create table case_measure (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_file(id) on delete cascade,
      measure text not null,
      description text not null,
      assigned_organisation_id uuid references organisation(id),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index case_measure_org_idx on case_measure (assigned_organisation_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "case_measure",
    "case_access",
    "case_file",
    "audit_event",
    "oidc_flow",
    "api_token",
    "user_session",
    "app_user",
    "organisation",
  ])
    await sql`drop table if exists ${sql.table(t)} cascade`.execute(db);
  await sql`drop function if exists audit_event_append_only()`.execute(db);
}
