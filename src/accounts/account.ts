/** What a signed-in user does to their own account: password, second factor, sessions and sign-out. */
import { recordEvent } from "../audit/trail.js";
import { DomainError, conflict, forbidden, invalid, worded } from "../errors.js";
import type { UnLanguage } from "../law/un-languages.js";
import { TOTP_REQUIRED } from "../policies/policy.js";
import { hashPassword, passwordProblem, verifyPassword } from "../security/passwords.js";
import { checkTotp, newTotpSecret, totpEnrolment } from "../security/totp.js";
import type { AccountsContext } from "./context.js";
import { type ClientInfo, type IssuedSession, type SessionRow, revokeUserSessions, rotateSession } from "./sessions.js";
import { type UserRow, asRole, stageAfter } from "./users.js";

const label = (u: UserRow) => `${u.display_name} <${u.email}>`;

/**
 * How long after signing in with a one-time password the forced change may skip asking for it again:
 * the session at the "password" stage was opened by typing it moments ago.
 */
export const FORCED_CHANGE_WINDOW_MS = 15 * 60_000;

/**
 * Sets a new password. Needs the current one, except at the forced change after signing in with a
 * one-time password (the session's "password" stage, within FORCED_CHANGE_WINDOW_MS of signing in):
 * the user has just typed it, and asking again only makes them copy it twice. Ends the user's other
 * sessions and rotates this one.
 */
export async function changePassword(
  ctx: AccountsContext,
  session: SessionRow,
  user: UserRow,
  input: { current?: string; next: string },
  client: ClientInfo,
): Promise<IssuedSession> {
  if (!user.password_hash) throw conflict("current", "This account signs in through single sign-on and has no password here.");
  const justSignedIn =
    session.stage === "password" && ctx.clock.now().getTime() - new Date(session.created_at).getTime() <= FORCED_CHANGE_WINDOW_MS;
  if (!justSignedIn) {
    if (!input.current)
      throw session.stage === "password"
        ? worded(
            invalid(
              "current",
              `You signed in more than ${FORCED_CHANGE_WINDOW_MS / 60_000} minutes ago: type the one-time password again to choose your own.`,
              "wrong_password",
            ),
            "signedInTooLongAgo",
            { count: FORCED_CHANGE_WINDOW_MS / 60_000 },
          )
        : invalid("current", "The current password is required to set a new one.", "wrong_password");
    if (!(await verifyPassword(user.password_hash, input.current)))
      throw invalid("current", "The current password is wrong.", "wrong_password");
  }
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw invalid("next", `The new password ${problem}.`, "weak_password");
  if (await verifyPassword(user.password_hash, input.next))
    throw invalid("next", "The new password must differ from the current one.", "weak_password");
  const hash = await hashPassword(input.next);
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("app_user")
      .set({ password_hash: hash, must_change_password: false, updated_at: ctx.clock.now() })
      .where("id", "=", user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const ended = await revokeUserSessions(ctx, trx, user.id, session.id);
    const issued = await rotateSession(ctx, trx, session, stageAfter(updated, { totp: true }));
    await recordEvent(trx, ctx.clock, {
      actorId: user.id,
      actorLabel: label(user),
      action: "user.password_changed",
      objectType: "user",
      objectId: user.id,
      summary: { otherSessionsEnded: ended },
      ip: client.ip,
    });
    return issued;
  });
}

/** Starts TOTP enrolment: a new secret, kept unconfirmed until a code from it is entered. */
export async function beginTotpEnrolment(ctx: AccountsContext, user: UserRow): Promise<{ secret: string; uri: string; qrSvg: string }> {
  if (user.totp_enabled) throw conflict("totp", "A second factor is already set up; remove it first to enrol a new one.");
  const secret = newTotpSecret();
  await ctx.db.updateTable("app_user").set({ totp_secret: secret, totp_last_step: null }).where("id", "=", user.id).execute();
  return { secret, ...(await totpEnrolment(secret, user.email)) };
}

/** Confirms enrolment with a code from the authenticator; the session moves on (rotated). */
export async function confirmTotpEnrolment(
  ctx: AccountsContext,
  session: SessionRow,
  user: UserRow,
  code: string,
  client: ClientInfo,
): Promise<IssuedSession> {
  if (user.totp_enabled) throw conflict("totp", "A second factor is already set up.");
  if (!user.totp_secret) throw conflict("totp", "Start the enrolment first.");
  const step = checkTotp(user.totp_secret, code.trim(), ctx.clock.now());
  if (step === null) throw invalid("code", "Wrong code: check the time on the device and enter the current code.", "invalid_code");
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("app_user")
      .set({ totp_enabled: true, totp_last_step: step, updated_at: ctx.clock.now() })
      .where("id", "=", user.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const issued = await rotateSession(ctx, trx, session, stageAfter(updated, { totp: true, viaSso: session.method === "oidc" }));
    await recordEvent(trx, ctx.clock, {
      actorId: user.id,
      actorLabel: label(user),
      action: "user.totp_enrolled",
      objectType: "user",
      objectId: user.id,
      summary: {},
      ip: client.ip,
    });
    return issued;
  });
}

/**
 * Remembers the language the user chose for the screens, so it follows them to another browser. Only
 * their own preference changes, so no version is asked for; the change is audited like the account's
 * other settings.
 */
export async function chooseLanguage(ctx: AccountsContext, user: UserRow, language: UnLanguage, client: ClientInfo): Promise<void> {
  if (user.language === language) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("app_user").set({ language }).where("id", "=", user.id).execute();
    await recordEvent(trx, ctx.clock, {
      actorId: user.id,
      actorLabel: label(user),
      action: "user.language_chosen",
      objectType: "user",
      objectId: user.id,
      summary: { from: user.language, to: language },
      ip: client.ip,
    });
  });
}

/** Removes the second factor, for roles where it is optional; needs the password. */
export async function removeTotp(ctx: AccountsContext, user: UserRow, password: string, client: ClientInfo): Promise<void> {
  if (TOTP_REQUIRED.has(asRole(user.role))) throw forbidden("Your role requires a second factor; it cannot be removed.", "totp_required");
  if (!user.totp_enabled) throw conflict("totp", "No second factor is set up.");
  if (user.password_hash && !(await verifyPassword(user.password_hash, password)))
    throw invalid("password", "The password is wrong.", "wrong_password");
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("app_user")
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null })
      .where("id", "=", user.id)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: user.id,
      actorLabel: label(user),
      action: "user.totp_removed",
      objectType: "user",
      objectId: user.id,
      summary: {},
      ip: client.ip,
    });
  });
}

/** Ends one session (this one: sign-out), or all of the user's sessions (sign-out everywhere). */
export async function signOut(
  ctx: AccountsContext,
  user: UserRow,
  which: { session: SessionRow } | { everywhere: true } | { sessionId: string },
  client: ClientInfo,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    let ended: number;
    if ("everywhere" in which) ended = await revokeUserSessions(ctx, trx, user.id);
    else {
      const id = "session" in which ? which.session.id : which.sessionId;
      const r = await trx
        .updateTable("user_session")
        .set({ revoked_at: ctx.clock.now() })
        .where("id", "=", id)
        .where("user_id", "=", user.id)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      ended = Number(r.numUpdatedRows);
      if (ended === 0 && "sessionId" in which) throw new DomainError(404, "not_found", "No such live session of yours.", "id");
    }
    await recordEvent(trx, ctx.clock, {
      actorId: user.id,
      actorLabel: label(user),
      action: "everywhere" in which ? "session.sign_out_everywhere" : "session.sign_out",
      objectType: "user",
      objectId: user.id,
      summary: { ended },
      ip: client.ip,
    });
    return ended;
  });
}
