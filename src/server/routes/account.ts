/** The signed-in user's own account: password, second factor, sessions and API tokens. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { LIMITS } from "../../validation/limits.js";
import { id, sha256Hex, text } from "../../validation/schemas.js";
import { beginTotpEnrolment, changePassword, chooseLanguage, confirmTotpEnrolment, removeTotp, signOut } from "../../accounts/account.js";
import { createToken, listTokens, revokeToken } from "../../accounts/apiTokens.js";
import type { AccountsContext } from "../../accounts/context.js";
import { listLiveSessions } from "../../accounts/sessions.js";
import { listUserViews } from "../../accounts/users.js";
import { unauthenticated } from "../../errors.js";
import { UN_LANGUAGES } from "../../law/un-languages.js";
import { TOKEN_SCOPES } from "../../policies/policy.js";
import { authOf, clientOf, setSessionCookie } from "../security.js";

export const accountRoutes: FastifyPluginAsyncZod<{ ctx: AccountsContext }> = async (app, { ctx }) => {
  const sessionOf = (req: Parameters<typeof authOf>[0]) => {
    const auth = authOf(req);
    if (!auth.session) throw unauthenticated("This needs a browser session, not an API token.", "session_required");
    return { ...auth, session: auth.session };
  };
  const stateAfter = async (userId: string, stage: string, csrfToken: string) => {
    const [user] = await listUserViews(ctx.db, { id: userId });
    return { stage, csrfToken, user };
  };

  app.get(
    "/account",
    {
      config: { access: { action: "account:read", stages: ["password", "enrol", "full"] } },
      schema: { tags: ["accounts"], summary: "Your account" },
    },
    async (req) => {
      const [user] = await listUserViews(ctx.db, { id: authOf(req).user.id });
      return user;
    },
  );

  app.post(
    "/account/password",
    {
      config: { access: { action: "account:update", stages: ["password", "full"] } },
      schema: {
        tags: ["accounts"],
        summary:
          "Sets a new password (ends your other sessions); `current` may be left out only at the forced change just after signing in with a one-time password",
        body: z.object({
          current: text({ min: 1, max: LIMITS.password, trim: false }).optional(),
          next: text({ max: LIMITS.password, trim: false }),
        }),
      },
    },
    async (req, reply) => {
      const { session, user } = sessionOf(req);
      const issued = await changePassword(ctx, session, user, req.body, clientOf(req));
      setSessionCookie(reply, ctx, issued.token);
      return stateAfter(user.id, issued.session.stage, issued.session.csrf_token);
    },
  );

  app.put(
    "/account/language",
    {
      config: { access: { action: "account:update", stages: ["password", "enrol", "full"] } },
      schema: {
        tags: ["accounts"],
        summary: "Remembers the language of your screens (one of the six UN languages) with your account",
        body: z.object({ language: z.enum(UN_LANGUAGES).describe("en, fr, es, ru, zh or ar") }),
      },
    },
    async (req) => {
      const { user } = authOf(req);
      await chooseLanguage(ctx, user, req.body.language, clientOf(req));
      return { language: req.body.language };
    },
  );

  app.post(
    "/account/totp/setup",
    {
      config: { access: { action: "account:update", stages: ["enrol", "full"] } },
      schema: { tags: ["accounts"], summary: "Starts enrolling an authenticator app: secret and QR code" },
    },
    async (req) => {
      const { user } = sessionOf(req);
      return beginTotpEnrolment(ctx, user);
    },
  );

  app.post(
    "/account/totp/confirm",
    {
      config: { access: { action: "account:update", stages: ["enrol", "full"] } },
      schema: { tags: ["accounts"], summary: "Confirms enrolment with a code from the app", body: z.object({ code: text({ max: 12 }) }) },
    },
    async (req, reply) => {
      const { session, user } = sessionOf(req);
      const issued = await confirmTotpEnrolment(ctx, session, user, req.body.code, clientOf(req));
      setSessionCookie(reply, ctx, issued.token);
      return stateAfter(user.id, issued.session.stage, issued.session.csrf_token);
    },
  );

  app.post(
    "/account/totp/remove",
    {
      config: { access: { action: "account:update" } },
      schema: {
        tags: ["accounts"],
        summary: "Removes the second factor (roles where it is optional)",
        body: z.object({ password: text({ max: LIMITS.password, trim: false }) }),
      },
    },
    async (req) => {
      const { user } = sessionOf(req);
      await removeTotp(ctx, user, req.body.password, clientOf(req));
      return { totpEnabled: false };
    },
  );

  app.get(
    "/account/sessions",
    { config: { access: { action: "account:read" } }, schema: { tags: ["accounts"], summary: "Your live sessions" } },
    async (req) => {
      const { session, user } = sessionOf(req);
      const rows = await listLiveSessions(ctx, user.id);
      return rows.map((s) => ({
        id: s.id,
        current: s.id === session.id,
        method: s.method,
        stage: s.stage,
        createdAt: new Date(s.created_at).toISOString(),
        lastSeenAt: new Date(s.last_seen_at).toISOString(),
        expiresAt: new Date(s.expires_at).toISOString(),
        ip: s.ip,
        userAgent: s.user_agent,
      }));
    },
  );

  app.delete(
    "/account/sessions/:id",
    {
      config: { access: { action: "account:update" } },
      // A session's id is the SHA-256 of its token (the token itself is never stored).
      schema: { tags: ["accounts"], summary: "Ends one of your sessions", params: z.object({ id: sha256Hex() }) },
    },
    async (req) => {
      const { user } = sessionOf(req);
      await signOut(ctx, user, { sessionId: req.params.id }, clientOf(req));
      return { ended: 1 };
    },
  );

  app.get(
    "/account/tokens",
    { config: { access: { action: "account:read" } }, schema: { tags: ["accounts"], summary: "Your API tokens (never their secrets)" } },
    async (req) => listTokens(ctx, sessionOf(req).user.id),
  );

  app.post(
    "/account/tokens",
    {
      config: { access: { action: "account:update" } },
      schema: {
        tags: ["accounts"],
        summary: "Creates an API token; its secret is shown once",
        body: z.object({
          name: text({ max: LIMITS.tokenName }),
          scopes: z
            .array(text({ max: 40 }))
            .max(TOKEN_SCOPES.length)
            .describe(`Any of ${TOKEN_SCOPES.join(", ")}`),
          expiresInDays: z.number().int().min(1).max(LIMITS.tokenDaysMax).nullable().optional(),
        }),
      },
    },
    async (req, reply) => {
      const { actor } = sessionOf(req);
      const created = await createToken(ctx, actor, req.body, clientOf(req));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/account/tokens/:id",
    {
      config: { access: { action: "account:update" } },
      schema: { tags: ["accounts"], summary: "Revokes one of your API tokens", params: z.object({ id: id() }) },
    },
    async (req) => {
      const { actor } = sessionOf(req);
      await revokeToken(ctx, actor, req.params.id, clientOf(req));
      return { revoked: true };
    },
  );
};
