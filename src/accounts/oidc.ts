/**
 * Optional single sign-on with OpenID Connect (authorisation code flow with PKCE, state and nonce),
 * through the `openid-client` library. Accounts are never created by sign-on: the identity must
 * belong to a user an administrator created (matched once by verified email, then by issuer and
 * subject). The second factor still applies to roles that require it.
 */
import * as client from "openid-client";
import { recordEvent } from "../audit/trail.js";
import { DomainError } from "../errors.js";
import { randomToken, sameSecret } from "../security/secrets.js";
import type { AccountsContext } from "./context.js";
import { type ClientInfo, type IssuedSession, issueSession } from "./sessions.js";
import { stageAfter } from "./users.js";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: <public URL>/api/v1/auth/oidc/callback. */
  redirectUri: string;
  /** Shown on the sign-in button. */
  label: string;
  /** Allow an http:// issuer (tests and local development only). */
  allowInsecure?: boolean;
}

const FLOW_MINUTES = 10;

const fail = (code: string, message: string) => new DomainError(401, code, message);

/** A configured OpenID Connect client; discovery happens on first use and is cached. */
export class OidcClient {
  private config?: Promise<client.Configuration>;

  constructor(private readonly settings: OidcSettings) {}

  get label(): string {
    return this.settings.label;
  }
  get redirectUri(): string {
    return this.settings.redirectUri;
  }

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        undefined,
        this.settings.allowInsecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.config = undefined;
        throw err;
      });
    return this.config;
  }

  /** Begins a sign-in: stores state, nonce and PKCE verifier; returns the provider URL and the state for the browser cookie. */
  async start(ctx: AccountsContext): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const state = randomToken(24);
    const nonce = randomToken(24);
    const verifier = client.randomPKCECodeVerifier();
    const challenge = await client.calculatePKCECodeChallenge(verifier);
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom("oidc_flow")
        .where("created_at", "<", new Date(ctx.clock.now().getTime() - FLOW_MINUTES * 60_000))
        .execute();
      await trx.insertInto("oidc_flow").values({ state, nonce, code_verifier: verifier, created_at: ctx.clock.now() }).execute();
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: "openid email profile",
      code_challenge: challenge,
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Completes a sign-in from the callback URL; the state must match the browser's cookie and be unused. */
  async finish(ctx: AccountsContext, callbackUrl: URL, cookieState: string | undefined, who: ClientInfo): Promise<IssuedSession> {
    const state = callbackUrl.searchParams.get("state");
    if (!state || !cookieState || !sameSecret(state, cookieState))
      throw fail("sso_state_mismatch", "The sign-on response does not belong to this browser.");
    const flow = await ctx.db.deleteFrom("oidc_flow").where("state", "=", state).returningAll().executeTakeFirst();
    if (!flow || new Date(flow.created_at).getTime() < ctx.clock.now().getTime() - FLOW_MINUTES * 60_000)
      throw fail("sso_expired", "The sign-on took too long or was already used; start again.");
    const config = await this.configuration();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: state,
      expectedNonce: flow.nonce,
    });
    const claims = tokens.claims();
    if (!claims) throw fail("sso_no_identity", "The identity provider returned no ID token.");
    const issuer = String(claims.iss);
    const subject = String(claims.sub);
    // Providers may put email only in the UserInfo response, not in the ID token.
    let email = claims.email;
    let emailVerified = claims.email_verified;
    if (typeof email !== "string") {
      const info = await client.fetchUserInfo(config, tokens.access_token, subject);
      email = info.email;
      emailVerified = info.email_verified;
    }
    return ctx.db.transaction().execute(async (trx) => {
      let user = await trx
        .selectFrom("app_user")
        .selectAll()
        .where("oidc_issuer", "=", issuer)
        .where("oidc_subject", "=", subject)
        .executeTakeFirst();
      if (!user) {
        const verifiedEmail = typeof email === "string" && emailVerified === true ? email.toLowerCase() : undefined;
        if (!verifiedEmail)
          throw fail("sso_unknown_user", "The identity provider did not give a verified email; no account can be matched.");
        const candidate = await trx
          .selectFrom("app_user")
          .selectAll()
          .where((eb) => eb(eb.fn("lower", ["email"]), "=", verifiedEmail))
          .executeTakeFirst();
        if (!candidate || candidate.oidc_subject)
          throw fail("sso_unknown_user", "No account matches this identity; ask an administrator to create one.");
        user = await trx
          .updateTable("app_user")
          .set({ oidc_issuer: issuer, oidc_subject: subject })
          .where("id", "=", candidate.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordEvent(trx, ctx.clock, {
          actorId: user.id,
          actorLabel: `${user.display_name} <${user.email}>`,
          action: "user.sso_linked",
          objectType: "user",
          objectId: user.id,
          summary: { issuer },
          ip: who.ip,
        });
      }
      if (user.disabled_at) throw fail("sso_disabled", "This account is disabled.");
      const stage = stageAfter(user, { totp: false, viaSso: true });
      const issued = await issueSession(ctx, trx, user, stage, who, "oidc");
      await recordEvent(trx, ctx.clock, {
        actorId: user.id,
        actorLabel: `${user.display_name} <${user.email}>`,
        action: stage === "totp" ? "session.sso_accepted" : "session.sign_in",
        objectType: "user",
        objectId: user.id,
        summary: { stage, method: "oidc" },
        ip: who.ip,
      });
      return issued;
    });
  }
}
