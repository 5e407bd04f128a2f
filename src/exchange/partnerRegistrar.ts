/**
 * Adding, refreshing, suspending and removing partners (administrators; issue 13 §1). A partner is
 * added only when the identity read from its endpoint is signed by the key whose fingerprint the two
 * authorities compared out of band; afterwards its keys change only through identity documents signed
 * by a key this node already trusts for it. Each change is one transaction with its audit event.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import { recordEvent } from "../audit/trail.js";
import type { Database, ExchangePartnerTable } from "../db/schema.js";
import { conflict, DomainError, invalid, notFound, worded } from "../errors.js";
import type { Clock } from "../security/clock.js";
import { groupFingerprint, isFingerprint, normaliseFingerprint } from "./fingerprint.js";
import { fetchIdentity, IdentityError, type IdentityStatement, type IdentityTrust, verifyIdentity } from "./identity.js";
import type { Keyring } from "./keyring.js";
import { type PartnerView, readPartner, type TrustedPartner } from "./partners.js";

/** What the partner commands need: the database, the clock and this node's keyring (to refuse pairing with itself). */
export interface PartnersContext {
  db: Kysely<Database>;
  clock: Clock;
  keyring: Keyring;
  /** Reads a node's identity document; the default fetches it over HTTP(S). */
  fetchIdentity?: (endpoint: string) => Promise<unknown>;
}

/** Who made the change, for the audit trail: a user, or the server's console. */
export interface ChangeActor {
  userId: string | null;
  label: string;
}

type Trx = Transaction<Database>;

/** An endpoint as stored: an http(s) URL without query, fragment or trailing slash. */
export function normaliseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw worded(
      invalid("endpoint", `"${text}" is not a URL; give the partner node's base address, e.g. https://rogatory.example.org`, "invalid_url"),
      "notAUrl",
      { value: text },
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw invalid("endpoint", "The endpoint must be an http:// or https:// URL.", "invalid_url");
  if (url.search || url.hash || url.username || url.password)
    throw invalid("endpoint", "The endpoint must not carry a query, fragment or credentials.", "invalid_url");
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** Records a verified statement's keys for the partner: new keys added, listed ones updated, a revocation kept for good. */
async function applyKeys(trx: Trx, partnerId: string, statement: IdentityStatement, now: Date): Promise<void> {
  const existing = await trx.selectFrom("partner_key").selectAll().where("partner_id", "=", partnerId).execute();
  const byKid = new Map(existing.map((k) => [k.kid, k]));
  for (const k of statement.keys) {
    const known = byKid.get(k.kid);
    const revokedAt = k.revokedAt ? new Date(k.revokedAt) : null;
    if (known) {
      // A revocation is never undone by a later document, whoever signed it.
      if (known.status === "revoked") continue;
      await trx
        .updateTable("partner_key")
        .set({ status: k.status, accept_until: k.acceptUntil ? new Date(k.acceptUntil) : null, revoked_at: revokedAt })
        .where("kid", "=", k.kid)
        .execute();
    } else {
      const other = await trx.selectFrom("partner_key").select("partner_id").where("kid", "=", k.kid).executeTakeFirst();
      if (other)
        throw conflict(
          "fingerprint",
          "A key of this partner is already the key of another partner; nothing was stored.",
          "key_of_another_partner",
        );
      await trx
        .insertInto("partner_key")
        .values({
          kid: k.kid,
          partner_id: partnerId,
          use: k.use,
          alg: k.alg,
          jwk: JSON.stringify(k.jwk),
          status: k.status,
          accept_until: k.acceptUntil ? new Date(k.acceptUntil) : null,
          revoked_at: revokedAt,
          first_seen: now,
        })
        .execute();
    }
  }
  // A key the partner no longer lists is no longer accepted (it cannot be current or in an overlap).
  const listed = new Set(statement.keys.map((k) => k.kid));
  for (const k of existing)
    if (!listed.has(k.kid) && k.status !== "revoked" && (k.status !== "retired" || k.accept_until === null || k.accept_until > now))
      await trx.updateTable("partner_key").set({ status: "retired", accept_until: now }).where("kid", "=", k.kid).execute();
  const current = statement.keys.filter((k) => k.status === "current");
  if (!current.some((k) => k.use === "sig") || !current.some((k) => k.use === "enc"))
    throw new IdentityError(422, "identity_invalid", "The partner's identity has no current signing and encryption key.");
}

/** Refuses pairing with this node itself (its own endpoint given by mistake). */
async function refuseSelf(keyring: Keyring, statement: IdentityStatement): Promise<void> {
  const own = new Set((await keyring.keys()).map((k) => k.kid));
  if (statement.keys.some((k) => own.has(k.kid))) throw new DomainError(422, "own_node", "That endpoint is this node itself.", "endpoint");
}

/**
 * Adds a partner by its endpoint and the fingerprint compared out of band; 422 fingerprint_mismatch
 * stores nothing. With `identity` (its identity document, handed over as a file where the two nodes
 * have no network link and exchange signed packages), the document is not fetched and the endpoint
 * defaults to the one it states.
 */
export async function addPartner(
  ctx: PartnersContext,
  actor: ChangeActor,
  input: { endpoint?: string; fingerprint: string; identity?: unknown },
  client: { ip: string | null },
): Promise<PartnerView> {
  const fingerprint = normaliseFingerprint(input.fingerprint);
  if (!isFingerprint(fingerprint))
    throw invalid(
      "fingerprint",
      "A fingerprint is 43 characters of A-Z, a-z, 0-9, - and _ (spaces between groups of four are ignored).",
      "invalid_fingerprint",
    );
  if (input.endpoint === undefined && input.identity === undefined)
    throw invalid("endpoint", "Give the partner's endpoint, or its identity document.", "endpoint_missing");
  const given = input.endpoint === undefined ? undefined : normaliseEndpoint(input.endpoint);
  if (given) await refuseTaken(ctx, given);
  const document = input.identity ?? (await (ctx.fetchIdentity ?? fetchIdentity)(given as string));
  const statement = await verifyIdentity(document, { fingerprint });
  const endpoint = given ?? normaliseEndpoint(statement.endpoint);
  if (!given) await refuseTaken(ctx, endpoint);
  await refuseSelf(ctx.keyring, statement);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("exchange_partner")
      .values({
        endpoint,
        jurisdiction: statement.jurisdiction,
        authority: statement.authority,
        fingerprint: statement.fingerprint,
        paired_fingerprint: fingerprint,
        identity: JSON.stringify(statement),
        identity_issued_at: new Date(statement.issuedAt),
        created_at: now,
        updated_at: now,
        refreshed_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await applyKeys(trx, row.id, statement, now);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "exchange.partner.add",
      objectType: "exchange_partner",
      objectId: row.id,
      summary: { after: { endpoint, jurisdiction: statement.jurisdiction, fingerprint } },
      ip: client.ip,
    });
    return row.id;
  });
  return (await readPartner(ctx.db, id)) as PartnerView;
}

async function refuseTaken(ctx: PartnersContext, endpoint: string): Promise<void> {
  const taken = await ctx.db.selectFrom("exchange_partner").select("id").where("endpoint", "=", endpoint).executeTakeFirst();
  if (taken) throw conflict("endpoint", "A partner with this endpoint already exists; refresh it instead.", "partner_exists");
}

async function lockedPartner(trx: Trx, id: string): Promise<Selectable<ExchangePartnerTable>> {
  const row = /^[0-9a-f-]{36}$/i.test(id)
    ? await trx.selectFrom("exchange_partner").selectAll().where("id", "=", id).forUpdate().executeTakeFirst()
    : undefined;
  if (!row) throw notFound("id", "No such partner.");
  return row;
}

/**
 * Reads the partner's identity again and records its keys as it lists them, when the document is
 * signed by a key this node trusts for it. With `fingerprint` (compared out of band again), a partner
 * whose trusted keys are all gone (revoked, or rotated while this node did not look) is paired anew.
 */
export async function refreshPartner(
  ctx: PartnersContext,
  actor: ChangeActor,
  id: string,
  input: { fingerprint?: string },
  client: { ip: string | null },
): Promise<PartnerView> {
  const before = await readPartner(ctx.db, id);
  if (!before) throw notFound("id", "No such partner.");
  const document = await (ctx.fetchIdentity ?? fetchIdentity)(before.endpoint);
  const now = ctx.clock.now();
  const trusted = await ctx.db.selectFrom("partner_key").selectAll().where("partner_id", "=", id).where("use", "=", "sig").execute();
  const trust: IdentityTrust = { keys: trusted.map((k) => ({ ...k, jwk: k.jwk as never })), at: now };
  let statement: IdentityStatement;
  let repaired = false;
  try {
    statement = await verifyIdentity(document, trust);
  } catch (err) {
    if (!(err instanceof IdentityError) || input.fingerprint === undefined || err.code !== "identity_untrusted") throw err;
    const fingerprint = normaliseFingerprint(input.fingerprint);
    if (!isFingerprint(fingerprint))
      throw invalid("fingerprint", "A fingerprint is 43 characters of A-Z, a-z, 0-9, - and _.", "invalid_fingerprint");
    statement = await verifyIdentity(document, { fingerprint });
    repaired = true;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPartner(trx, id);
    if (statement.jurisdiction !== row.jurisdiction)
      throw new DomainError(
        422,
        "identity_invalid",
        `The partner's identity now names ${statement.jurisdiction}, not ${row.jurisdiction}; nothing was changed.`,
      );
    // An older document (a replay, or a cache) must not undo a rotation or revocation seen since.
    if (new Date(statement.issuedAt).getTime() < new Date(row.identity_issued_at).getTime())
      throw new DomainError(422, "identity_stale", "The partner's identity is older than the one already recorded; nothing was changed.");
    await applyKeys(trx, id, statement, now);
    await trx
      .updateTable("exchange_partner")
      .set({
        authority: statement.authority,
        fingerprint: statement.fingerprint,
        identity: JSON.stringify(statement),
        identity_issued_at: new Date(statement.issuedAt),
        refreshed_at: now,
        updated_at: now,
        version: row.version + 1,
        ...(repaired ? { paired_fingerprint: normaliseFingerprint(input.fingerprint as string) } : {}),
      })
      .where("id", "=", id)
      .execute();
    if (statement.fingerprint !== row.fingerprint || repaired)
      await recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: repaired ? "exchange.partner.repair" : "exchange.partner.keys",
        objectType: "exchange_partner",
        objectId: id,
        summary: { before: { fingerprint: row.fingerprint }, after: { fingerprint: statement.fingerprint } },
        ip: client.ip,
      });
  });
  return (await readPartner(ctx.db, id)) as PartnerView;
}

/** Refreshes a partner on behalf of the node itself (a message signed by a key not yet known). */
export function refreshForDirectory(ctx: PartnersContext): (partner: TrustedPartner) => Promise<void> {
  return async (partner) => {
    await refreshPartner(ctx, { userId: null, label: "exchange (key not yet known)" }, partner.id, {}, { ip: null });
  };
}

/** Suspends a partner (nothing is sealed to it, nothing from it accepted) or makes it active again. */
export async function setPartnerStatus(
  ctx: PartnersContext,
  actor: ChangeActor,
  id: string,
  input: { status: "active" | "suspended"; version: number },
  client: { ip: string | null },
): Promise<PartnerView> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPartner(trx, id);
    if (row.version !== input.version)
      throw worded(
        conflict("version", `The partner changed since you read it (version ${row.version}); reload and try again.`, "version_conflict"),
        "partnerChanged",
        { version: row.version },
      );
    if (row.status === input.status) return;
    await trx
      .updateTable("exchange_partner")
      .set({ status: input.status, version: row.version + 1, updated_at: ctx.clock.now() })
      .where("id", "=", id)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: input.status === "suspended" ? "exchange.partner.suspend" : "exchange.partner.resume",
      objectType: "exchange_partner",
      objectId: id,
      summary: { before: { status: row.status }, after: { status: input.status } },
      ip: client.ip,
    });
  });
  return (await readPartner(ctx.db, id)) as PartnerView;
}

/**
 * Removes a partner and its keys. A partner whose messages are on record cannot be removed (the
 * database refuses: 409 conflicting_reference); suspend it instead.
 */
export async function removePartner(
  ctx: PartnersContext,
  actor: ChangeActor,
  id: string,
  input: { version: number },
  client: { ip: string | null },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockedPartner(trx, id);
    if (row.version !== input.version)
      throw worded(
        conflict("version", `The partner changed since you read it (version ${row.version}); reload and try again.`, "version_conflict"),
        "partnerChanged",
        { version: row.version },
      );
    await trx.deleteFrom("exchange_partner").where("id", "=", id).execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "exchange.partner.remove",
      objectType: "exchange_partner",
      objectId: id,
      summary: { before: { endpoint: row.endpoint, jurisdiction: row.jurisdiction, fingerprint: groupFingerprint(row.fingerprint) } },
      ip: client.ip,
    });
  });
  return { removed: true };
}
