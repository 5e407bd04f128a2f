/** Administration of organisations and users: create, change role or organisation, disable, unlock, reset. */
import { type Transaction, sql } from "kysely";
import { recordEvent } from "../audit/trail.js";
import type { Selectable } from "kysely";
import type { Database, OrganisationTable } from "../db/schema.js";
import { DomainError, conflict, invalid, notFound, worded } from "../errors.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import { type Actor, ROLES, type Role } from "../policies/policy.js";
import { hashPassword } from "../security/passwords.js";
import { LIMITS } from "../validation/limits.js";
import { oneTimePassword } from "../security/secrets.js";
import type { AccountsContext } from "./context.js";
import type { ClientInfo } from "./sessions.js";
import { findByEmail, findById, listUserViews, type UserView } from "./users.js";

export interface OrganisationInput {
  name: string;
  kind: "central_authority" | "executing_authority";
  jurisdiction?: string | null;
}

export interface OrganisationView {
  id: string;
  name: string;
  kind: OrganisationInput["kind"];
  jurisdiction: string | null;
  /** Retired: kept for its history, offered for nothing new (no new users, no new measures). */
  retired: boolean;
  /** Sent back with a change (409 when another administrator changed it first). */
  version: number;
}

type OrganisationRow = Selectable<OrganisationTable>;

const viewOf = (o: OrganisationRow): OrganisationView => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  jurisdiction: o.jurisdiction,
  retired: o.retired_at !== null,
  version: o.version,
});

/** Lists organisations by name: those in use, and the retired ones too when asked (the administration page). */
export async function listOrganisations(ctx: AccountsContext, opts: { includeRetired?: boolean } = {}): Promise<OrganisationView[]> {
  let q = ctx.db.selectFrom("organisation").selectAll().orderBy("name");
  if (!opts.includeRetired) q = q.where("retired_at", "is", null);
  return (await q.execute()).map(viewOf);
}

/** The organisation's name, checked: 2 to LIMITS.organisationName characters once trimmed. */
function organisationName(raw: string): string {
  const name = raw.trim();
  if (name.length < 2) throw invalid("name", "The organisation's name must have at least 2 characters.");
  if (name.length > LIMITS.organisationName)
    throw worded(invalid("name", `The organisation's name can be at most ${LIMITS.organisationName} characters.`), "organisationNameLong", {
      number: LIMITS.organisationName,
    });
  return name;
}

/** Creates an organisation (a court, prosecutor's office or police unit that executes measures, usually). */
export async function createOrganisation(
  ctx: AccountsContext,
  actor: Actor,
  input: OrganisationInput,
  client: ClientInfo,
): Promise<OrganisationView> {
  const name = organisationName(input.name);
  const jurisdiction = input.jurisdiction?.trim().toUpperCase() || null;
  if (jurisdiction && !JURISDICTIONS.has(jurisdiction))
    throw worded(
      invalid("jurisdiction", `The jurisdiction "${jurisdiction}" is not a state or territory this knowledge base knows.`),
      "unknownJurisdictionOf",
      { value: jurisdiction },
    );
  return ctx.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom("organisation").select("id").where("name", "=", name).executeTakeFirst();
    if (exists) throw organisationExists(name);
    const o = await trx
      .insertInto("organisation")
      .values({ name, kind: input.kind, jurisdiction })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "organisation.create",
      objectType: "organisation",
      objectId: o.id,
      summary: { after: { name, kind: input.kind, jurisdiction } },
      ip: client.ip,
    });
    return viewOf(o);
  });
}

/** 409 `version_conflict`: another administrator changed this organisation or user since it was read. */
function staleRecord(what: "organisation" | "user", expected: number, current: number): DomainError {
  return worded(
    new DomainError(
      409,
      "version_conflict",
      `Someone else changed this ${what} since you opened the list (your version ${expected}, now ${current}); reload to see their change.`,
      "version",
    ),
    `${what}Changed`,
    { yours: expected, now: current },
  );
}

const staleOrganisation = (expected: number, current: number) => staleRecord("organisation", expected, current);

/** 409: the name is another organisation's. */
const organisationExists = (name: string) =>
  worded(conflict("name", `An organisation named "${name}" already exists.`), "organisationExists", { name });

export interface OrganisationChanges {
  /** The organisation's version as the administrator read it: a stale one is refused (409). */
  version: number;
  name?: string;
  /** Retire (true) or bring back into use (false). */
  retired?: boolean;
}

/**
 * Renames an organisation, or retires it (or brings it back). A retired organisation keeps its
 * history — the measures once assigned to it, its users, the audit trail — and is offered for
 * nothing new. The central authority cannot be retired, nor an organisation whose users can still
 * sign in (disable or move them first: a retired court's clerk must not keep working unseen).
 */
export async function updateOrganisation(
  ctx: AccountsContext,
  actor: Actor,
  organisationId: string,
  changes: OrganisationChanges,
  client: ClientInfo,
): Promise<OrganisationView> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("organisation").selectAll().where("id", "=", organisationId).forUpdate().executeTakeFirst();
    if (!before) throw notFound("id", "No such organisation.");
    if (before.version !== changes.version) throw staleOrganisation(changes.version, before.version);
    const diff: Record<string, { before: unknown; after: unknown }> = {};
    const set: { name?: string; retired_at?: Date | null } = {};
    if (changes.name !== undefined) {
      const name = organisationName(changes.name);
      if (name !== before.name) {
        const taken = await trx.selectFrom("organisation").select("id").where("name", "=", name).executeTakeFirst();
        if (taken) throw organisationExists(name);
        set.name = name;
        diff.name = { before: before.name, after: name };
      }
    }
    if (changes.retired !== undefined && changes.retired !== (before.retired_at !== null)) {
      if (changes.retired) {
        if (before.kind === "central_authority")
          throw conflict(
            "retired",
            "The central authority cannot be retired: it is the organisation this workbench serves.",
            "organisation_in_use",
          );
        const active = await activeUsers(trx, organisationId);
        if (active > 0)
          throw worded(
            conflict(
              "retired",
              `${before.name} still has ${active === 1 ? "1 user who can" : `${active} users who can`} sign in: disable them or move them to another organisation first.`,
              "organisation_in_use",
            ),
            "organisationHasUsers",
            { name: before.name, count: active },
          );
      }
      set.retired_at = changes.retired ? ctx.clock.now() : null;
      diff.retired = { before: before.retired_at !== null, after: changes.retired };
    }
    if (Object.keys(diff).length === 0) return viewOf(before);
    const after = await trx
      .updateTable("organisation")
      .set({ ...set, version: changes.version + 1 })
      .where("id", "=", organisationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "organisation.update",
      objectType: "organisation",
      objectId: organisationId,
      summary: diff,
      ip: client.ip,
    });
    return viewOf(after);
  });
}

async function activeUsers(trx: Transaction<Database>, organisationId: string): Promise<number> {
  const r = await trx
    .selectFrom("app_user")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("organisation_id", "=", organisationId)
    .where("disabled_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Deletes an organisation that nothing refers to (created by mistake, say). One that has users or
 * measures assigned to it is refused (409 `organisation_in_use`): retire it instead, so its history stays.
 */
export async function deleteOrganisation(ctx: AccountsContext, actor: Actor, organisationId: string, client: ClientInfo): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom("organisation").selectAll().where("id", "=", organisationId).forUpdate().executeTakeFirst();
    if (!org) throw notFound("id", "No such organisation.");
    const users = await trx
      .selectFrom("app_user")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    const measures = await trx
      .selectFrom("case_measure")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("assigned_organisation_id", "=", organisationId)
      .executeTakeFirstOrThrow();
    const u = Number(users.n);
    const m = Number(measures.n);
    if (u > 0 || m > 0) {
      const refs = [u > 0 ? `${u} ${u === 1 ? "user" : "users"}` : null, m > 0 ? `${m} ${m === 1 ? "measure" : "measures"}` : null]
        .filter(Boolean)
        .join(" and ");
      const err = conflict(
        "id",
        `${org.name} cannot be deleted: ${refs} ${u + m === 1 ? "refers" : "refer"} to it. Retire it instead; its history stays.`,
        "organisation_in_use",
      );
      // Users or measures alone have words; both together stay in English.
      if (m === 0) throw worded(err, "organisationUsersReferTo", { name: org.name, count: u });
      if (u === 0) throw worded(err, "organisationMeasuresReferTo", { name: org.name, count: m });
      throw err;
    }
    await trx.deleteFrom("organisation").where("id", "=", organisationId).execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "organisation.delete",
      objectType: "organisation",
      objectId: organisationId,
      summary: { before: { name: org.name, kind: org.kind, jurisdiction: org.jurisdiction } },
      ip: client.ip,
    });
  });
}

export interface NewUserInput {
  email: string;
  displayName: string;
  role: Role;
  organisationId: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function checkOrganisationFits(trx: Transaction<Database>, organisationId: string, role: Role): Promise<void> {
  const org = /^[0-9a-f-]{36}$/i.test(organisationId)
    ? await trx.selectFrom("organisation").selectAll().where("id", "=", organisationId).executeTakeFirst()
    : undefined;
  if (!org) throw invalid("organisationId", "No such organisation.");
  if (org.retired_at)
    throw worded(
      invalid("organisationId", `${org.name} is retired: choose an organisation in use.`, "organisation_retired"),
      "organisationRetired",
      { name: org.name },
    );
  // Executing-authority users belong to executing authorities; everyone else to the central authority.
  if (role === "executing" && org.kind !== "executing_authority")
    throw invalid("organisationId", "An executing-authority user must belong to an executing authority.", "role_organisation_mismatch");
  if (role !== "executing" && org.kind !== "central_authority")
    throw invalid("organisationId", `A ${role} must belong to the central authority.`, "role_organisation_mismatch");
}

/**
 * Creates a user with a one-time password (returned once, never stored in clear), which they must
 * change at first sign-in.
 */
export async function createUser(
  ctx: AccountsContext,
  actor: Actor | null,
  input: NewUserInput,
  client: ClientInfo,
): Promise<{ user: UserView; oneTimePassword: string }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw invalid("email", "Give a valid email address.");
  const displayName = input.displayName.trim();
  if (displayName.length < 2 || displayName.length > 120) throw invalid("displayName", "The name must have 2 to 120 characters.");
  if (!ROLES.includes(input.role)) throw invalid("role", `Role must be one of ${ROLES.join(", ")}.`);
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await findByEmail(trx, email))
      throw worded(conflict("email", `A user with the email ${email} already exists.`), "userExists", { email });
    await checkOrganisationFits(trx, input.organisationId, input.role);
    const u = await trx
      .insertInto("app_user")
      .values({
        organisation_id: input.organisationId,
        email,
        display_name: displayName,
        role: input.role,
        password_hash: hash,
        must_change_password: true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor?.userId ?? null,
      actorLabel: actor?.label ?? "system",
      action: "user.create",
      objectType: "user",
      objectId: u.id,
      summary: { after: { email, role: input.role, organisationId: input.organisationId } },
      ip: client.ip,
    });
    return u.id;
  });
  const [user] = await listUserViews(ctx.db, { id });
  if (!user) throw new Error("created user vanished");
  return { user, oneTimePassword: password };
}

const staleUser = (expected: number, current: number) => staleRecord("user", expected, current);

export interface UserChanges {
  /** The user's version as the administrator read it: a stale one is refused (409), never overwritten. */
  version: number;
  role?: Role;
  organisationId?: string;
  displayName?: string;
  disabled?: boolean;
}

/** Changes a user's role, organisation, name or disabled state; disabling ends their sessions and tokens. */
export async function updateUser(
  ctx: AccountsContext,
  actor: Actor,
  userId: string,
  changes: UserChanges,
  client: ClientInfo,
): Promise<UserView> {
  const before = await findById(ctx.db, userId);
  if (!before) throw notFound("id", "No such user.");
  if (before.version !== changes.version) throw staleUser(changes.version, before.version);
  if (userId === actor.userId && (changes.disabled || (changes.role && changes.role !== "administrator")))
    throw conflict(
      "role",
      "You cannot disable yourself or give up your own administrator role; ask another administrator.",
      "self_lockout",
    );
  await ctx.db.transaction().execute(async (trx) => {
    const role = changes.role ?? (before.role as Role);
    const organisationId = changes.organisationId ?? before.organisation_id;
    if (changes.role || changes.organisationId) await checkOrganisationFits(trx, organisationId, role);
    const now = ctx.clock.now();
    const set: Record<string, unknown> = { updated_at: now };
    const diff: Record<string, { before: unknown; after: unknown }> = {};
    if (changes.role && changes.role !== before.role) {
      set.role = changes.role;
      diff.role = { before: before.role, after: changes.role };
    }
    if (changes.organisationId && changes.organisationId !== before.organisation_id) {
      set.organisation_id = changes.organisationId;
      diff.organisationId = { before: before.organisation_id, after: changes.organisationId };
    }
    if (changes.displayName !== undefined) {
      const name = changes.displayName.trim();
      if (name.length < 2 || name.length > 120) throw invalid("displayName", "The name must have 2 to 120 characters.");
      if (name !== before.display_name) {
        set.display_name = name;
        diff.displayName = { before: "(changed)", after: "(changed)" };
      }
    }
    if (changes.disabled !== undefined && changes.disabled !== (before.disabled_at !== null)) {
      set.disabled_at = changes.disabled ? now : null;
      diff.disabled = { before: before.disabled_at !== null, after: changes.disabled };
    }
    if (Object.keys(diff).length === 0) return;
    // Conditional on the version read: of two administrators changing the same user, one wins.
    const r = await trx
      .updateTable("app_user")
      .set({ ...set, version: changes.version + 1 })
      .where("id", "=", userId)
      .where("version", "=", changes.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      const now = await trx.selectFrom("app_user").select("version").where("id", "=", userId).executeTakeFirst();
      throw staleUser(changes.version, now?.version ?? -1);
    }
    // A changed role or a disabled account takes effect now, not at the next sign-in.
    if (diff.role || diff.disabled || diff.organisationId) {
      await trx
        .updateTable("user_session")
        .set({ revoked_at: now })
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .execute();
      await trx.updateTable("api_token").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
    }
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "user.update",
      objectType: "user",
      objectId: userId,
      summary: diff,
      ip: client.ip,
    });
  });
  const [view] = await listUserViews(ctx.db, { id: userId });
  if (!view) throw new Error("updated user vanished");
  return view;
}

/** Issues a new one-time password (and removes the second factor if asked): for a user who lost theirs. */
export async function resetUser(
  ctx: AccountsContext,
  actor: Actor,
  userId: string,
  opts: { resetTotp: boolean },
  client: ClientInfo,
): Promise<{ oneTimePassword: string }> {
  const user = await findById(ctx.db, userId);
  if (!user) throw notFound("id", "No such user.");
  if (user.oidc_subject && !user.password_hash)
    throw conflict("id", "This user signs in through single sign-on; there is no password to reset.");
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    await trx
      .updateTable("app_user")
      .set({
        password_hash: hash,
        must_change_password: true,
        failed_attempts: 0,
        locked_until: null,
        updated_at: now,
        version: sql<number>`version + 1`,
        ...(opts.resetTotp ? { totp_enabled: false, totp_secret: null, totp_last_step: null } : {}),
      })
      .where("id", "=", userId)
      .execute();
    await trx.updateTable("user_session").set({ revoked_at: now }).where("user_id", "=", userId).where("revoked_at", "is", null).execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "user.reset",
      objectType: "user",
      objectId: userId,
      summary: { passwordReset: true, totpReset: opts.resetTotp },
      ip: client.ip,
    });
  });
  return { oneTimePassword: password };
}

/** Lifts a lockout before it expires. */
export async function unlockUser(ctx: AccountsContext, actor: Actor, userId: string, client: ClientInfo): Promise<void> {
  const user = await findById(ctx.db, userId);
  if (!user) throw notFound("id", "No such user.");
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("app_user")
      .set({ failed_attempts: 0, locked_until: null, version: sql<number>`version + 1` })
      .where("id", "=", userId)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "user.unlock",
      objectType: "user",
      objectId: userId,
      summary: {},
      ip: client.ip,
    });
  });
}
