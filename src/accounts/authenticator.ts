/**
 * Sign-in: password, then the second factor, with lockout and back-off after failures. Failures are
 * recorded (counter and audit event) in their own transaction before the error goes back, so a
 * failed attempt is never lost with the rolled-back request.
 */
import { type AuditInput, recordEvent } from "../audit/trail.js";
import { DomainError, unauthenticated, worded } from "../errors.js";
import { verifyPassword } from "../security/passwords.js";
import { checkTotp } from "../security/totp.js";
import type { AccountsContext } from "./context.js";
import { type ClientInfo, type IssuedSession, type SessionRow, issueSession, rotateSession } from "./sessions.js";
import { type UserRow, findByEmail, stageAfter } from "./users.js";

const WRONG = "Wrong email or password.";

/** The lock length after `failures` consecutive failures: doubles from the base, at most a day. */
export function lockDuration(ctx: AccountsContext, failures: number): number {
  const over = failures - ctx.settings.lockThreshold;
  if (over < 0) return 0;
  return Math.min(ctx.settings.lockMinutes * 60_000 * 2 ** Math.min(over, 10), 24 * 3_600_000);
}

function lockedError(until: Date, now: Date): DomainError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return worded(
    new DomainError(
      429,
      "account_locked",
      `Too many failed attempts: sign-in to this account is locked until ${until.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      undefined,
      { "retry-after": String(seconds) },
    ),
    "accountLocked",
    { until: until.toISOString() },
  );
}

function event(user: UserRow | undefined, action: string, client: ClientInfo, summary: Record<string, unknown>): AuditInput {
  return {
    actorId: user?.id ?? null,
    actorLabel: user ? `${user.display_name} <${user.email}>` : "unknown account",
    action,
    objectType: "user",
    objectId: user?.id ?? null,
    summary,
    ip: client.ip,
  };
}

/** Counts a failure against the user, locking the account at the threshold; returns the lock end if locked. */
async function recordFailure(ctx: AccountsContext, user: UserRow | undefined, client: ClientInfo, factor: string): Promise<Date | null> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!user) {
      await recordEvent(trx, ctx.clock, event(undefined, "session.sign_in_failed", client, { factor, reason: "unknown_or_wrong" }));
      return null;
    }
    const fresh = await trx
      .selectFrom("app_user")
      .select(["failed_attempts"])
      .where("id", "=", user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const failures = fresh.failed_attempts + 1;
    const lockMs = lockDuration(ctx, failures);
    const lockedUntil = lockMs > 0 ? new Date(ctx.clock.now().getTime() + lockMs) : null;
    await trx.updateTable("app_user").set({ failed_attempts: failures, locked_until: lockedUntil }).where("id", "=", user.id).execute();
    await recordEvent(trx, ctx.clock, event(user, "session.sign_in_failed", client, { factor, failures }));
    if (lockedUntil) {
      // A lock also ends any half-finished sign-in of this account.
      await trx
        .updateTable("user_session")
        .set({ revoked_at: ctx.clock.now() })
        .where("user_id", "=", user.id)
        .where("stage", "=", "totp")
        .execute();
      await recordEvent(trx, ctx.clock, event(user, "user.locked", client, { until: lockedUntil.toISOString(), failures }));
    }
    return lockedUntil;
  });
}

function isLocked(ctx: AccountsContext, user: UserRow): Date | null {
  if (!user.locked_until) return null;
  const until = new Date(user.locked_until);
  return until.getTime() > ctx.clock.now().getTime() ? until : null;
}

export interface SignInResult extends IssuedSession {
  user: UserRow;
}

/** Checks email and password; opens a session at the next stage (second factor, new password, enrolment or full). */
export async function signInWithPassword(ctx: AccountsContext, email: string, password: string, client: ClientInfo): Promise<SignInResult> {
  const user = await findByEmail(ctx.db, email);
  if (user) {
    const until = isLocked(ctx, user);
    if (until) throw lockedError(until, ctx.clock.now());
  }
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !ok || user.disabled_at) {
    const lockedUntil = await recordFailure(ctx, user && !user.disabled_at ? user : undefined, client, "password");
    if (lockedUntil) throw lockedError(lockedUntil, ctx.clock.now());
    throw unauthenticated(WRONG, "invalid_credentials");
  }
  return ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("app_user").set({ failed_attempts: 0, locked_until: null }).where("id", "=", user.id).execute();
    const stage = stageAfter(user, { totp: false });
    const issued = await issueSession(ctx, trx, user, stage, client);
    await recordEvent(
      trx,
      ctx.clock,
      event(user, stage === "totp" ? "session.password_accepted" : "session.sign_in", client, { stage, method: "password" }),
    );
    return { ...issued, user };
  });
}

/** Checks the second factor of a session waiting for it; a code is accepted only once. */
export async function completeSecondFactor(
  ctx: AccountsContext,
  session: SessionRow,
  user: UserRow,
  code: string,
  client: ClientInfo,
): Promise<IssuedSession> {
  const until = isLocked(ctx, user);
  if (until) throw lockedError(until, ctx.clock.now());
  const step = user.totp_secret ? checkTotp(user.totp_secret, code.trim(), ctx.clock.now()) : null;
  const replay = step !== null && user.totp_last_step !== null && step <= Number(user.totp_last_step);
  if (step === null || replay) {
    const lockedUntil = await recordFailure(ctx, user, client, "totp");
    if (lockedUntil) throw lockedError(lockedUntil, ctx.clock.now());
    throw new DomainError(401, "invalid_code", replay ? "This code was already used; wait for the next one." : "Wrong code.", "code");
  }
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("app_user")
      .set({ failed_attempts: 0, locked_until: null, totp_last_step: step })
      .where("id", "=", user.id)
      .execute();
    const issued = await rotateSession(ctx, trx, session, stageAfter(user, { totp: true, viaSso: session.method === "oidc" }));
    await recordEvent(
      trx,
      ctx.clock,
      event(user, "session.sign_in", client, { stage: issued.session.stage, method: session.method, factor: "totp" }),
    );
    return issued;
  });
}
