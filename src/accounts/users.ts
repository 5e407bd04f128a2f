/** Users as the rest of the code sees them, and the stage a signed-in user has reached. */
import { UN_LANGUAGES, type UnLanguage } from "../law/un-languages.js";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { AppUserTable, Database } from "../db/schema.js";
import { type Actor, ROLES, type Role, TOTP_REQUIRED } from "../policies/policy.js";

export type UserRow = Selectable<AppUserTable>;

/** Where a session stands: waiting for the second factor, a new password, TOTP enrolment, or done. */
export type Stage = "totp" | "password" | "enrol" | "full";

/** The stage a user reaches once the checks passed so far are done. */
export function stageAfter(user: UserRow, passed: { totp: boolean; viaSso?: boolean }): Stage {
  if (user.totp_enabled && !passed.totp) return "totp";
  // A user who signed on through the identity provider is not asked for a local password.
  if (user.must_change_password && user.password_hash && !passed.viaSso) return "password";
  if (TOTP_REQUIRED.has(asRole(user.role)) && !user.totp_enabled) return "enrol";
  return "full";
}

export function asRole(role: string): Role {
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new Error(`unknown role in database: ${role}`);
}

/** The actor a user acts as. */
export function actorOf(user: UserRow, tokenScopes?: Actor["tokenScopes"]): Actor {
  return {
    userId: user.id,
    organisationId: user.organisation_id,
    role: asRole(user.role),
    label: `${user.display_name} <${user.email}>`,
    ...(tokenScopes ? { tokenScopes } : {}),
  };
}

/** The public view of a user: never the hash, secret or counters' internals. */
export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  disabled: boolean;
  sso: boolean;
  createdAt: string;
  /** Sent back with a change (PATCH /users/:id); a stale one is refused with 409. */
  version: number;
  /** The screens' language the user chose; null until they choose (the browser's preference applies). */
  language: UnLanguage | null;
}

type Db = Kysely<Database> | Transaction<Database>;

/** Loads users with their organisation's name. */
export async function listUserViews(db: Db, where?: { id?: string }): Promise<UserView[]> {
  let q = db
    .selectFrom("app_user")
    .innerJoin("organisation", "organisation.id", "app_user.organisation_id")
    .selectAll("app_user")
    .select("organisation.name as organisation_name")
    .orderBy("app_user.email");
  if (where?.id) q = q.where("app_user.id", "=", where.id);
  const rows = await q.execute();
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: asRole(u.role),
    organisationId: u.organisation_id,
    organisationName: u.organisation_name,
    totpEnabled: u.totp_enabled,
    mustChangePassword: u.must_change_password && u.password_hash !== null,
    lockedUntil: u.locked_until ? new Date(u.locked_until).toISOString() : null,
    disabled: u.disabled_at !== null,
    sso: u.oidc_subject !== null,
    createdAt: new Date(u.created_at).toISOString(),
    version: u.version,
    language: (UN_LANGUAGES as readonly string[]).includes(u.language ?? "") ? (u.language as UnLanguage) : null,
  }));
}

/** Finds a user by email, case-insensitively. */
export function findByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom("app_user")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .executeTakeFirst();
}

/** Finds a user by id (undefined for a malformed id rather than a database error). */
export function findById(db: Db, id: string): Promise<UserRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(undefined);
  return db.selectFrom("app_user").selectAll().where("id", "=", id).executeTakeFirst();
}
