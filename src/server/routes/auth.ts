/** Sign-in (password, second factor, single sign-on), the session's state, and sign-out. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { text } from "../../validation/schemas.js";
import { signOut } from "../../accounts/account.js";
import { completeSecondFactor, signInWithPassword } from "../../accounts/authenticator.js";
import type { AccountsContext } from "../../accounts/context.js";
import type { OidcClient } from "../../accounts/oidc.js";
import type { IssuedSession } from "../../accounts/sessions.js";
import { asRole, listUserViews } from "../../accounts/users.js";
import { unauthenticated } from "../../errors.js";
import { TOTP_REQUIRED } from "../../policies/policy.js";
import { type AuthState, authOf, clearSessionCookie, clientOf, setSessionCookie } from "../security.js";

export interface AuthRouteOptions {
  ctx: AccountsContext;
  oidc?: OidcClient;
  /** Whether this node exchanges with partner nodes (a node key passphrase is set): the web app then offers the exchange's pages. */
  exchange?: boolean;
}

const ANY_STAGE = ["totp", "password", "enrol", "full"] as const;

/** The session state the web app renders from. */
async function sessionState(ctx: AccountsContext, auth: AuthState | undefined, oidc: OidcClient | undefined) {
  const sso = { enabled: oidc !== undefined, label: oidc?.label ?? null };
  // Whether the law is readable without signing in: the web app then shows it instead of the sign-in wall.
  const publicLaw = ctx.settings.publicLaw;
  // Whether the directory of central authorities is readable without signing in (the sign-in page links to it).
  const publicDirectory = ctx.settings.publicDirectory;
  if (!auth?.session) return { signedIn: false as const, sso, publicLaw, publicDirectory };
  const [view] = await listUserViews(ctx.db, { id: auth.user.id });
  if (!view) return { signedIn: false as const, sso, publicLaw, publicDirectory };
  return {
    signedIn: true as const,
    stage: auth.session.stage,
    csrfToken: auth.session.csrf_token,
    expiresAt: new Date(auth.session.expires_at).toISOString(),
    idleMinutes: ctx.settings.idleMinutes,
    user: { ...view, totpRequired: TOTP_REQUIRED.has(asRole(auth.user.role)) },
    sso,
    publicLaw,
    publicDirectory,
  };
}

/** Sends the new session's cookie and state. */
async function answerWithSession(
  ctx: AccountsContext,
  reply: FastifyReply,
  issued: IssuedSession,
  req: FastifyRequest,
  oidc: OidcClient | undefined,
) {
  setSessionCookie(reply, ctx, issued.token);
  const user = await ctx.db.selectFrom("app_user").selectAll().where("id", "=", issued.session.user_id).executeTakeFirstOrThrow();
  req.auth = {
    actor: { userId: user.id, organisationId: user.organisation_id, role: asRole(user.role), label: user.email },
    user,
    session: issued.session,
  };
  return sessionState(ctx, req.auth, oidc);
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, { ctx, oidc, exchange }) => {
  app.get(
    "/auth/session",
    { config: { access: { public: true } }, schema: { tags: ["accounts"], summary: "The caller's session: stage, user and CSRF token" } },
    async (req) => ({ ...(await sessionState(ctx, req.auth, oidc)), exchange: exchange === true }),
  );

  app.post(
    "/auth/sign-in",
    {
      config: {
        access: { public: true },
        rateLimit: { max: ctx.settings.signInPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `signin:${r.ip}` },
      },
      schema: {
        tags: ["accounts"],
        summary: "Sign in with email and password; the answer says which step comes next",
        body: z.object({ email: text({ min: 3, max: 254 }), password: text({ min: 1, max: 1024, trim: false }) }),
      },
    },
    async (req, reply) => {
      const issued = await signInWithPassword(ctx, req.body.email, req.body.password, clientOf(req));
      return answerWithSession(ctx, reply, issued, req, oidc);
    },
  );

  app.post(
    "/auth/totp",
    {
      config: {
        access: { action: "account:update", stages: ["totp"] },
        rateLimit: { max: ctx.settings.signInPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `signin:${r.ip}` },
      },
      schema: {
        tags: ["accounts"],
        summary: "Second step of sign-in: the code from the authenticator",
        body: z.object({ code: text({ max: 12 }) }),
      },
    },
    async (req, reply) => {
      const auth = authOf(req);
      if (!auth.session) throw unauthenticated();
      const issued = await completeSecondFactor(ctx, auth.session, auth.user, req.body.code, clientOf(req));
      return answerWithSession(ctx, reply, issued, req, oidc);
    },
  );

  app.post(
    "/auth/sign-out",
    { config: { access: { action: "account:update", stages: ANY_STAGE } }, schema: { tags: ["accounts"], summary: "Ends this session" } },
    async (req, reply) => {
      const auth = authOf(req);
      if (auth.session) await signOut(ctx, auth.user, { session: auth.session }, clientOf(req));
      clearSessionCookie(reply, ctx);
      return {
        signedIn: false,
        sso: { enabled: oidc !== undefined, label: oidc?.label ?? null },
        publicLaw: ctx.settings.publicLaw,
        publicDirectory: ctx.settings.publicDirectory,
      };
    },
  );

  app.post(
    "/auth/sign-out-everywhere",
    {
      config: { access: { action: "account:update" } },
      schema: { tags: ["accounts"], summary: "Ends every session of the signed-in user, this one included" },
    },
    async (req, reply) => {
      const auth = authOf(req);
      const ended = await signOut(ctx, auth.user, { everywhere: true }, clientOf(req));
      clearSessionCookie(reply, ctx);
      return { signedIn: false, ended };
    },
  );

  if (oidc) {
    app.get(
      "/auth/oidc/start",
      {
        config: {
          access: { public: true },
          rateLimit: { max: ctx.settings.signInPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `signin:${r.ip}` },
        },
        schema: { tags: ["accounts"], summary: "Starts single sign-on: redirects to the identity provider" },
      },
      async (_req, reply) => {
        const { url, state } = await oidc.start(ctx);
        reply.setCookie("rogatory_oidc", state, {
          httpOnly: true,
          sameSite: "lax",
          secure: ctx.settings.tls,
          path: "/api/v1/auth/oidc",
          maxAge: 600,
        });
        return reply.redirect(url);
      },
    );
    app.get(
      "/auth/oidc/callback",
      {
        config: {
          access: { public: true },
          rateLimit: { max: ctx.settings.signInPerMinute, timeWindow: 60_000, keyGenerator: (r: FastifyRequest) => `signin:${r.ip}` },
        },
        schema: {
          tags: ["accounts"],
          summary: "Where the identity provider sends the browser back",
          querystring: z
            .object({ code: text({ max: 4096 }).optional(), state: text({ max: 1024 }).optional(), error: text({ max: 200 }).optional() })
            .passthrough(),
        },
      },
      async (req, reply) => {
        const cookieState = req.cookies.rogatory_oidc;
        reply.clearCookie("rogatory_oidc", { path: "/api/v1/auth/oidc" });
        const full = new URL(req.url, oidc.redirectUri);
        try {
          const issued = await oidc.finish(ctx, full, cookieState, clientOf(req));
          setSessionCookie(reply, ctx, issued.token);
          return reply.redirect("/");
        } catch (err) {
          const code = err instanceof Error && "code" in err ? String((err as { code: unknown }).code) : "sso_failed";
          req.log.warn({ code }, "single sign-on failed");
          return reply.redirect(`/?sso_error=${encodeURIComponent(code)}`);
        }
      },
    );
  }
};
