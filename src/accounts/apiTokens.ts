/**
 * API tokens for machine clients: shown once, stored as SHA-256, scoped, optionally expiring,
 * revocable. A token acts as its owner, narrowed to its scopes.
 */
import { recordEvent } from "../audit/trail.js";
import { invalid, notFound, worded } from "../errors.js";
import { type Actor, TOKEN_SCOPES, type TokenScope } from "../policies/policy.js";
import { randomToken, sha256 } from "../security/secrets.js";
import type { AccountsContext } from "./context.js";
import type { ClientInfo } from "./sessions.js";
import type { UserRow } from "./users.js";

const PREFIX = "rog_";

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** Whether a bearer string looks like one of ours (so other Authorization schemes are not confused with it). */
export const looksLikeToken = (s: string) => s.startsWith(PREFIX) && /^rog_[A-Za-z0-9_-]{40,60}$/.test(s);

/** Creates a token; the secret is returned here only. */
export async function createToken(
  ctx: AccountsContext,
  actor: Actor,
  input: { name: string; scopes: string[]; expiresInDays?: number | null },
  client: ClientInfo,
): Promise<{ token: string; view: TokenView }> {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 80) throw invalid("name", "The token's name must have 2 to 80 characters.");
  if (input.scopes.length === 0)
    throw worded(invalid("scopes", `Choose at least one scope: ${TOKEN_SCOPES.join(", ")}.`), "chooseScope", {
      scopes: TOKEN_SCOPES.join(", "),
    });
  for (const s of input.scopes)
    if (!(TOKEN_SCOPES as readonly string[]).includes(s))
      throw invalid("scopes", `Unknown scope "${s}"; scopes are ${TOKEN_SCOPES.join(", ")}.`);
  if (input.expiresInDays != null && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 730))
    throw invalid("expiresInDays", "A token expires after 1 to 730 days (or never, if left empty).");
  const secret = `${PREFIX}${randomToken(32)}`;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("api_token")
      .values({
        user_id: actor.userId,
        name,
        token_hash: sha256(secret),
        prefix: secret.slice(0, 10),
        scopes: [...new Set(input.scopes)],
        created_at: now,
        expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "token.create",
      objectType: "api_token",
      objectId: row.id,
      summary: { after: { name, scopes: row.scopes, expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null } },
      ip: client.ip,
    });
    return { token: secret, view: toView(row) };
  });
}

function toView(r: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date | string;
  expires_at: Date | string | null;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}): TokenView {
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes as TokenScope[],
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revoked: r.revoked_at !== null,
  };
}

/** The user's tokens (never their secrets). */
export async function listTokens(ctx: AccountsContext, userId: string): Promise<TokenView[]> {
  const rows = await ctx.db.selectFrom("api_token").selectAll().where("user_id", "=", userId).orderBy("created_at", "desc").execute();
  return rows.map(toView);
}

/** Revokes one of the user's tokens. */
export async function revokeToken(ctx: AccountsContext, actor: Actor, tokenId: string, client: ClientInfo): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw notFound("id", "No such token of yours.");
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable("api_token")
      .set({ revoked_at: ctx.clock.now() })
      .where("id", "=", tokenId)
      .where("user_id", "=", actor.userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound("id", "No such live token of yours.");
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "token.revoke",
      objectType: "api_token",
      objectId: tokenId,
      summary: {},
      ip: client.ip,
    });
  });
}

/** Resolves a presented token to its owner and scopes; undefined when unknown, revoked, expired or the owner is disabled. */
export async function resolveToken(ctx: AccountsContext, secret: string): Promise<{ user: UserRow; scopes: TokenScope[] } | undefined> {
  if (!looksLikeToken(secret)) return undefined;
  // Token and owner in one read: every API request comes through here (bench:load).
  const found = await ctx.db
    .selectFrom("api_token")
    .innerJoin("app_user", "app_user.id", "api_token.user_id")
    .selectAll("app_user")
    .select([
      "api_token.id as token_id",
      "api_token.revoked_at as token_revoked_at",
      "api_token.expires_at as token_expires_at",
      "api_token.last_used_at as token_last_used_at",
      "api_token.scopes as token_scopes",
    ])
    .where("api_token.token_hash", "=", sha256(secret))
    .executeTakeFirst();
  const now = ctx.clock.now();
  if (!found || found.token_revoked_at || (found.token_expires_at && new Date(found.token_expires_at) <= now)) return undefined;
  const { token_id, token_revoked_at, token_expires_at, token_last_used_at, token_scopes, ...user } = found;
  if (user.disabled_at) return undefined;
  if (!token_last_used_at || now.getTime() - new Date(token_last_used_at).getTime() > 60_000)
    await ctx.db.updateTable("api_token").set({ last_used_at: now }).where("id", "=", token_id).execute();
  return { user, scopes: token_scopes as TokenScope[] };
}
