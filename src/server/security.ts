/**
 * The request pipeline's security: who is calling (session cookie or API token), whether their
 * session has reached the stage the route needs, CSRF on every state-changing request, and the
 * policy check. Every API route must declare `config.access`; one without it cannot be registered.
 * A route may also name a public setting (`publicWhen`): when the installation turns it on, callers
 * without a valid session are answered anonymously, keyed for rate limiting on their address.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { resolveToken } from "../accounts/apiTokens.js";
import type { AccountsContext, SecuritySettings } from "../accounts/context.js";
import { type SessionRow, resumeSession } from "../accounts/sessions.js";
import { type Stage, type UserRow, actorOf } from "../accounts/users.js";
import { DomainError, forbidden, notFound, unauthenticated } from "../errors.js";
import { type Action, type Actor, type PublicSetting, allow, allowAnonymous, openable } from "../policies/policy.js";
import { sameSecret, sha256 } from "../security/secrets.js";

/** What a route requires. */
export type Access =
  | { public: true }
  | {
      action: Action;
      /** Session stages the route serves; default only "full". */
      stages?: readonly Stage[];
      /** The setting that, when on, opens the route to callers who are not signed in (see policy.ts). */
      publicWhen?: PublicSetting;
      /**
       * With `publicWhen`: while the setting is off, an anonymous caller is told the route does not
       * exist (404) rather than asked to sign in (the directory turned off is not there for the public).
       */
      hiddenWhenClosed?: true;
    };

export interface AuthState {
  actor: Actor;
  user: UserRow;
  /** Absent when the caller used an API token. */
  session?: SessionRow;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth?: AuthState;
    /** Set when a public setting let this caller in without a valid session (see `Access.publicWhen`). */
    anonymousPublic?: boolean;
    /** The identity the server accepted (session or token), even if the request is then refused: the rate-limit key. */
    identified?: AuthState;
    /** Why the request is refused; thrown after the rate limit counted it (see `installSecurity`). */
    refusal?: DomainError;
  }
  interface FastifyInstance {
    /** Every API route with its declared access, for the authorisation matrix test and the docs. */
    apiRoutes: { method: string; url: string; access: Access }[];
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The session cookie's name: with TLS, the __Host- prefix pins it to this origin and path. */
export const sessionCookieName = (tls: boolean) => (tls ? "__Host-rogatory" : "rogatory_session");

/** Sets the session cookie: httpOnly, SameSite=Strict, Secure under TLS; it lives as long as the session may. */
export function setSessionCookie(reply: FastifyReply, ctx: AccountsContext, token: string): void {
  reply.setCookie(sessionCookieName(ctx.settings.tls), token, {
    httpOnly: true,
    sameSite: "strict",
    secure: ctx.settings.tls,
    path: "/",
    maxAge: ctx.settings.absoluteHours * 3600,
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(reply: FastifyReply, ctx: AccountsContext): void {
  reply.clearCookie(sessionCookieName(ctx.settings.tls), { path: "/", httpOnly: true, sameSite: "strict", secure: ctx.settings.tls });
}

/** The client facts recorded with events: address and browser. */
export const clientOf = (req: FastifyRequest) => ({ ip: req.ip ?? null, userAgent: req.headers["user-agent"] ?? null });

/** Refuses a cross-site request: an Origin header, when sent, must be this server's. */
function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (!origin) return;
  let host: string;
  let expected: string;
  try {
    host = new URL(origin).host;
    // Parsed the same way, so "localhost:80" and "http://localhost" compare equal.
    expected = new URL(`${req.protocol}://${req.headers.host ?? ""}`).host;
  } catch {
    throw forbidden("The request's Origin header is malformed.", "csrf_failed");
  }
  if (host !== expected) throw forbidden("Cross-site requests are refused.", "csrf_failed");
}

/** Which public settings are on, as the policy reads them. */
const publicSettingsOf = (settings: SecuritySettings): Record<PublicSetting, boolean> => ({
  publicLaw: settings.publicLaw,
  publicDirectory: settings.publicDirectory,
});

/** Prefix of the rate-limit keys of anonymous reads opened by a public setting (their limit is chosen by `req.anonymousPublic`). */
const PUBLIC_READ_KEY = "public:";

/**
 * A key for rate limiting, computed after the caller was identified and before any refusal (see
 * `installSecurity`): the session or token (hashed) once the server accepted it; otherwise the
 * address — never a cookie or token the server did not accept, which a client could change with every
 * request to escape the limit. Anonymous reads of a public route have their own, stricter limit; the
 * web app's files and the API docs count per address on a key of their own.
 */
export function rateLimitKey(req: FastifyRequest): string {
  if (!req.routeOptions.config?.access) return `web:${req.ip}`;
  if (isPartnerDelivery(req)) return `${PARTNER_DELIVERY_KEY}${req.ip}`;
  if (req.anonymousPublic) return `${PUBLIC_READ_KEY}${req.ip}`;
  const who = req.identified;
  if (who) return who.session ? `s:${sha256(who.session.id).slice(0, 32)}` : `t:${sha256(bearerOf(req) ?? "").slice(0, 32)}`;
  return `ip:${req.ip}`;
}

function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/** The exchange's routes partner nodes deliver to, authenticated by signatures, limited apart. */
const PARTNER_DELIVERY_ROUTES = new Set(["/api/v1/exchange/inbox", "/api/v1/exchange/chunks"]);
const PARTNER_DELIVERY_KEY = "x:";

/** Whether the request is a partner node's delivery (inbox or chunk), which has a limit of its own. */
export function isPartnerDelivery(req: FastifyRequest): boolean {
  return PARTNER_DELIVERY_ROUTES.has(req.routeOptions.url ?? "");
}

/** Resolves the caller, if any, without deciding anything. */
async function identify(req: FastifyRequest, reply: FastifyReply, ctx: AccountsContext): Promise<AuthState | DomainError | undefined> {
  const bearer = bearerOf(req);
  if (req.headers.authorization !== undefined) {
    if (!bearer) return unauthenticated("The Authorization header must be 'Bearer <token>'.", "invalid_token");
    const found = await resolveToken(ctx, bearer);
    if (!found) return unauthenticated("The API token is unknown, revoked or expired.", "invalid_token");
    return { actor: actorOf(found.user, found.scopes), user: found.user };
  }
  const cookie = req.cookies?.[sessionCookieName(ctx.settings.tls)];
  if (!cookie) return undefined;
  const r = await resumeSession(ctx, cookie);
  if ("problem" in r) {
    clearSessionCookie(reply, ctx);
    const message =
      r.problem === "idle"
        ? "Your session ended after a period of inactivity; sign in again."
        : r.problem === "expired"
          ? "Your session reached its time limit; sign in again."
          : "Your session has ended; sign in again.";
    return unauthenticated(message, `session_${r.problem === "unknown" ? "ended" : r.problem}`);
  }
  return { actor: actorOf(r.user), user: r.user, session: r.session };
}

/** Installs the checks on every /api route. */
export function installSecurity(app: FastifyInstance, ctx: AccountsContext): void {
  const routes: FastifyInstance["apiRoutes"] = [];
  app.decorate("apiRoutes", routes);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/") || route.url.startsWith("/api/docs")) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access policy (config.access)`);
    if ("publicWhen" in access && access.publicWhen) {
      // Only reading the law may be opened, and only by safe methods (no CSRF token without a session).
      const methods = [route.method].flat();
      if (!openable(access.publicWhen, access.action) || methods.some((m) => !SAFE_METHODS.has(m)))
        throw new Error(`route ${String(route.method)} ${route.url}: ${access.action} cannot be opened by ${access.publicWhen}`);
    }
    for (const method of [route.method].flat()) if (method !== "HEAD") routes.push({ method, url: route.url, access });
  });

  // Three steps per API request, in this order: identify the caller and decide (app-level hook, one
  // lookup of the session or token); count the request against the rate limit, keyed on the accepted
  // identity or else the address (@fastify/rate-limit's route hook, added before ours); then refuse
  // if the decision was a refusal. Refusing in the first step would let requests that fail
  // authentication — a random cookie or bearer each time — escape the count.
  app.addHook("onRoute", (route) => {
    if (!(route.config as { access?: Access } | undefined)?.access) return;
    const refuse = async (req: FastifyRequest) => {
      if (req.refusal) throw req.refusal;
    };
    const hooks = route.onRequest;
    route.onRequest = hooks === undefined ? [refuse] : Array.isArray(hooks) ? [...hooks, refuse] : [hooks, refuse];
  });

  app.addHook("onRequest", async (req, reply) => {
    const access = req.routeOptions.config?.access;
    if (!access) return; // not an API route (web app, docs, 404)
    try {
      req.auth = await decide(req, reply, ctx, access);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      req.refusal = err;
    }
  });
}

/** Identifies the caller and decides whether the route serves them; throws the refusal. */
async function decide(req: FastifyRequest, reply: FastifyReply, ctx: AccountsContext, access: Access): Promise<AuthState | undefined> {
  const who = await identify(req, reply, ctx);
  if (who && !(who instanceof DomainError)) req.identified = who;
  if ("public" in access) {
    if (!SAFE_METHODS.has(req.method)) checkOrigin(req);
    return who && !(who instanceof DomainError) ? who : undefined;
  }
  const canBeAnonymous = allowAnonymous(access.action, access.publicWhen, publicSettingsOf(ctx.settings));
  // Opened by a public setting: a caller without a full session (none, an ended or unknown session
  // cookie, a sign-in not finished) is answered as anyone would be. An API token that fails is still
  // refused: its owner asked to be someone and must learn the token no longer works.
  if (canBeAnonymous && req.headers.authorization === undefined && (!who || who instanceof DomainError || who.session?.stage !== "full")) {
    req.anonymousPublic = true;
    req.identified = undefined;
    return undefined;
  }
  if (!canBeAnonymous && access.hiddenWhenClosed && req.headers.authorization === undefined && (!who || who instanceof DomainError))
    throw notFound("url", "There is no such page.", "not_found");
  if (who instanceof DomainError) throw who;
  if (!who) throw unauthenticated();
  if (who.session) {
    const stages = access.stages ?? ["full"];
    if (!stages.includes(who.session.stage))
      throw forbidden(
        who.session.stage === "full" ? "This step is already done." : "Finish signing in first (second factor, new password or enrolment).",
        `stage_${who.session.stage}`,
      );
    if (!SAFE_METHODS.has(req.method)) {
      checkOrigin(req);
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !sameSecret(sent, who.session.csrf_token))
        throw forbidden("Missing or wrong CSRF token (header X-CSRF-Token).", "csrf_failed");
    }
  }
  if (!allow(who.actor, access.action)) throw forbidden();
  return who;
}

/** The authenticated state of a request that passed the checks (routes with an action always have one). */
export function authOf(req: FastifyRequest): AuthState {
  if (!req.auth) throw unauthenticated();
  return req.auth;
}
