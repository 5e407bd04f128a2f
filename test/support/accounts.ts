/**
 * Test factories for organisations and users (through the real commands), and sign-in over HTTP
 * (Fastify inject) returning the cookie and CSRF token a browser would hold.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type { AccountsContext } from "../../src/accounts/context.js";
import { createOrganisation, createUser } from "../../src/accounts/userAdministrator.js";
import type { ManualClock } from "../../src/security/clock.js";
import { hashPassword } from "../../src/security/passwords.js";
import { newTotpSecret, totpCode } from "../../src/security/totp.js";
import type { Role } from "../../src/policies/policy.js";

export const PASSWORD = "correct horse battery staple";

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organisationId: string;
  totpSecret: string | null;
}

export interface TestOrganisations {
  central: string;
  executingA: string;
  executingB: string;
}

const SYSTEM = { ip: "127.0.0.1", userAgent: "test" };

/** The central authority (created by the first user) and two executing authorities. */
export async function createOrganisations(ctx: AccountsContext): Promise<TestOrganisations> {
  const actor = { userId: "00000000-0000-0000-0000-000000000000", organisationId: "", role: "administrator" as const, label: "test" };
  const central = await ctx.db
    .insertInto("organisation")
    .values({ name: "Central Authority (test)", kind: "central_authority", jurisdiction: "GB" })
    .returning("id")
    .executeTakeFirstOrThrow();
  // createOrganisation records an audit event with a null-free actor id, so use a real-looking one.
  const a = await createOrganisation(ctx, actor, { name: "Crown Court (test)", kind: "executing_authority", jurisdiction: "GB" }, SYSTEM);
  const b = await createOrganisation(ctx, actor, { name: "Police Unit (test)", kind: "executing_authority", jurisdiction: "GB" }, SYSTEM);
  return { central: central.id, executingA: a.id, executingB: b.id };
}

/** A ready user: known password, no forced change, and (optionally) an enrolled second factor. */
export async function createReadyUser(
  ctx: AccountsContext,
  input: { email: string; role: Role; organisationId: string; totp?: boolean },
): Promise<TestUser> {
  const { user } = await createUser(
    ctx,
    null,
    { email: input.email, displayName: input.email.split("@")[0] ?? "user", role: input.role, organisationId: input.organisationId },
    SYSTEM,
  );
  const totpSecret = input.totp === false ? null : newTotpSecret();
  await ctx.db
    .updateTable("app_user")
    .set({
      password_hash: await hashPassword(PASSWORD),
      must_change_password: false,
      totp_secret: totpSecret,
      totp_enabled: totpSecret !== null,
    })
    .where("id", "=", user.id)
    .execute();
  return { id: user.id, email: user.email, role: input.role, organisationId: input.organisationId, totpSecret };
}

export interface Browser {
  cookie: string;
  csrf: string;
  stage: string;
}

/** The session cookie from a response, as a Cookie header value. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const c = res.cookies.find((x) => x.name === "rogatory_session" && x.value);
  return c ? `rogatory_session=${c.value}` : undefined;
}

/** Signs in over HTTP with password and, when the user has one, the second factor (the clock moves 30 s first, so a code is never reused). */
export async function signIn(
  app: FastifyInstance,
  clock: ManualClock,
  user: { email: string; totpSecret: string | null },
  password = PASSWORD,
): Promise<Browser> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: user.email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${user.email} failed: ${res.statusCode} ${res.body}`);
  let cookie = sessionCookieOf(res) ?? "";
  let body = res.json() as { stage: string; csrfToken: string };
  if (body.stage === "totp" && user.totpSecret) {
    clock.advance(30_000);
    const res2 = await app.inject({
      method: "POST",
      url: "/api/v1/auth/totp",
      headers: { cookie, "x-csrf-token": body.csrfToken },
      payload: { code: totpCode(user.totpSecret, clock.now()) },
    });
    if (res2.statusCode !== 200) throw new Error(`second factor of ${user.email} failed: ${res2.statusCode} ${res2.body}`);
    cookie = sessionCookieOf(res2) ?? "";
    body = res2.json() as { stage: string; csrfToken: string };
  }
  return { cookie, csrf: body.csrfToken, stage: body.stage };
}

/** A new ready user (createReadyUser), signed in: the browser session a route test acts as. */
export async function signedInUser(
  t: { app: FastifyInstance; clock: ManualClock; ctx: AccountsContext },
  input: Parameters<typeof createReadyUser>[1],
): Promise<Browser> {
  return signIn(t.app, t.clock, await createReadyUser(t.ctx, input));
}

/** A request injected as a signed-in browser: its session cookie and CSRF token beside the request's own headers. */
export function injectAs(app: FastifyInstance, who: Browser, opts: InjectOptions) {
  return app.inject({ ...opts, headers: { cookie: who.cookie, "x-csrf-token": who.csrf, ...(opts.headers ?? {}) } } as InjectOptions);
}
