/**
 * Browser sessions. The cookie holds a random token; the database holds only its SHA-256. Sessions end
 * after a period of inactivity and at an absolute limit; every step up in privilege (second factor,
 * new password, enrolment) issues a fresh token, so a token planted before sign-in is worthless.
 */
import type { Selectable, Transaction } from "kysely";
import type { Database, UserSessionTable } from "../db/schema.js";
import { randomToken, sha256 } from "../security/secrets.js";
import type { AccountsContext } from "./context.js";
import type { Stage, UserRow } from "./users.js";

export type SessionRow = Selectable<UserSessionTable>;

export interface IssuedSession {
  /** Goes into the cookie; never stored. */
  token: string;
  session: SessionRow;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Starts a session for the user at the given stage. */
export async function issueSession(
  ctx: AccountsContext,
  trx: Transaction<Database>,
  user: UserRow,
  stage: Stage,
  client: ClientInfo,
  method: "password" | "oidc" = "password",
): Promise<IssuedSession> {
  const now = ctx.clock.now();
  const token = randomToken(32);
  const session = await trx
    .insertInto("user_session")
    .values({
      id: sha256(token),
      user_id: user.id,
      stage,
      csrf_token: randomToken(24),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ctx.settings.absoluteHours * 3_600_000),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 200) ?? null,
      method,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, session };
}

/**
 * Replaces a session by a new one at a new stage, keeping its absolute expiry (a step up does not
 * extend the session's life).
 */
export async function rotateSession(
  ctx: AccountsContext,
  trx: Transaction<Database>,
  old: SessionRow,
  stage: Stage,
): Promise<IssuedSession> {
  const now = ctx.clock.now();
  await trx.updateTable("user_session").set({ revoked_at: now }).where("id", "=", old.id).execute();
  const token = randomToken(32);
  const session = await trx
    .insertInto("user_session")
    .values({
      id: sha256(token),
      user_id: old.user_id,
      stage,
      csrf_token: randomToken(24),
      created_at: old.created_at,
      last_seen_at: now,
      expires_at: old.expires_at,
      ip: old.ip,
      user_agent: old.user_agent,
      method: old.method,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, session };
}

/** Why a presented token does not open a session (for the client, not for the log). */
export type SessionProblem = "unknown" | "revoked" | "expired" | "idle";

/** Looks up a live session by its token; refreshes its activity time at most once a minute. */
export async function resumeSession(
  ctx: AccountsContext,
  token: string,
): Promise<{ session: SessionRow; user: UserRow } | { problem: SessionProblem }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { problem: "unknown" };
  const row = await ctx.db
    .selectFrom("user_session")
    .innerJoin("app_user", "app_user.id", "user_session.user_id")
    .selectAll("user_session")
    .select(["app_user.id as u_id", "app_user.disabled_at as u_disabled_at"])
    .where("user_session.id", "=", sha256(token))
    .executeTakeFirst();
  if (!row) return { problem: "unknown" };
  if (row.revoked_at || row.u_disabled_at) return { problem: "revoked" };
  const now = ctx.clock.now().getTime();
  if (new Date(row.expires_at).getTime() <= now) return { problem: "expired" };
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (lastSeen + ctx.settings.idleMinutes * 60_000 <= now) return { problem: "idle" };
  const { u_id: _id, u_disabled_at: _d, ...session } = row;
  if (now - lastSeen > 60_000)
    await ctx.db
      .updateTable("user_session")
      .set({ last_seen_at: new Date(now) })
      .where("id", "=", session.id)
      .execute();
  const user = await ctx.db.selectFrom("app_user").selectAll().where("id", "=", session.user_id).executeTakeFirstOrThrow();
  return { session, user };
}

/** Ends sessions of a user: all of them, or all but one. Returns how many ended. */
export async function revokeUserSessions(
  ctx: AccountsContext,
  trx: Transaction<Database>,
  userId: string,
  exceptId?: string,
): Promise<number> {
  let q = trx
    .updateTable("user_session")
    .set({ revoked_at: ctx.clock.now() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (exceptId) q = q.where("id", "!=", exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The sessions a user can see in their account page: live ones, newest first. */
export async function listLiveSessions(ctx: AccountsContext, userId: string): Promise<SessionRow[]> {
  const now = ctx.clock.now();
  const idleLimit = new Date(now.getTime() - ctx.settings.idleMinutes * 60_000);
  return ctx.db
    .selectFrom("user_session")
    .selectAll()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where("last_seen_at", ">", idleLimit)
    .orderBy("created_at", "desc")
    .execute();
}
