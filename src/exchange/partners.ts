/**
 * The partners this node trusts (reads): the directory seal.ts consults for a partner's keys, and the
 * administrator's lists. Changes are in partnerRegistrar.ts.
 */
import type { CryptoKey, JWK } from "./jose.js";
import { importJWK } from "./jose.js";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, ExchangePartnerTable, KeyStatus } from "../db/schema.js";
import type { Clock } from "../security/clock.js";
import { groupFingerprint } from "./fingerprint.js";
import { KEY_ALG, type Keyring, SIG_ALG } from "./keyring.js";

/** A central authority this node has paired with (or this node itself, id SELF_ID, in verifySigned's answers). */
export interface TrustedPartner {
  id: string;
  jurisdiction: string;
  authority: string;
  endpoint: string;
  /** The fingerprint of the partner's current signing key. */
  fingerprint: string;
  status: "active" | "suspended";
}

/** The id under which verifySigned names this node when it verified one of its own signatures. */
export const SELF_ID = "self";

/** A partner's key as the directory holds it. */
export interface PartnerKey {
  kid: string;
  partnerId: string;
  use: "sig" | "enc";
  alg: string;
  jwk: JWK;
  status: KeyStatus;
  accept_until: Date | null;
  revoked_at: Date | null;
}

/** A partner for the administrator: the trusted partner, its keys and when its identity was last read. */
export interface PartnerView extends TrustedPartner {
  fingerprintGrouped: string;
  pairedFingerprint: string;
  version: number;
  createdAt: string;
  refreshedAt: string;
  identityIssuedAt: string;
  keys: {
    kid: string;
    use: "sig" | "enc";
    alg: string;
    status: KeyStatus;
    fingerprint: string;
    acceptUntil: string | null;
    revokedAt: string | null;
    firstSeen: string;
  }[];
}

type Db = Kysely<Database> | Transaction<Database>;
type PartnerRow = Selectable<ExchangePartnerTable>;

/** The trusted-partner shape of a row. */
export function trustedOf(row: PartnerRow): TrustedPartner {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    authority: row.authority,
    endpoint: row.endpoint,
    fingerprint: row.fingerprint,
    status: row.status,
  };
}

/** Public keys by kid: a kid is the key's thumbprint, so one kid always names the same key and the import can be kept. */
const imported = new Map<string, Promise<CryptoKey>>();

/** The key of a JWK, imported once per kid. */
export function importPublicKey(kid: string, jwk: JWK, use: "sig" | "enc"): Promise<CryptoKey> {
  let key = imported.get(kid);
  if (!key) {
    key = importJWK(jwk, use === "sig" ? SIG_ALG : KEY_ALG) as Promise<CryptoKey>;
    key.catch(() => imported.delete(kid));
    imported.set(kid, key);
  }
  return key;
}

/** What the directory may do when a known partner signs with a key it does not know yet. */
export interface DirectoryOptions {
  /** This node's keyring, so verifySigned can check this node's own signatures (partner "self"). */
  keyring?: Keyring;
  /**
   * Fetches and applies the partner's identity again (partnerRegistrar's refreshPartner); without it,
   * an unknown key is simply refused.
   */
  refresh?: (partner: TrustedPartner) => Promise<void>;
  clock?: Clock;
  /** The shortest time between two refreshes caused by unknown keys of one partner. */
  refreshEveryMs?: number;
}

/**
 * The partners and their keys, read from the database on every lookup (a key revoked a moment ago is
 * refused at once). Build it with `partnerDirectory`.
 */
export class PartnerDirectory {
  private readonly lastRefresh = new Map<string, number>();

  constructor(
    readonly db: Kysely<Database>,
    readonly options: DirectoryOptions = {},
  ) {}

  /** A partner by id. */
  async get(id: string, db: Db = this.db): Promise<TrustedPartner | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const row = await db.selectFrom("exchange_partner").selectAll().where("id", "=", id).executeTakeFirst();
    return row && trustedOf(row);
  }

  /** The partners of a jurisdiction (normally one: its central authority's node). */
  async byJurisdiction(jurisdiction: string, db: Db = this.db): Promise<TrustedPartner[]> {
    const rows = await db
      .selectFrom("exchange_partner")
      .selectAll()
      .where("jurisdiction", "=", jurisdiction)
      .orderBy("created_at")
      .execute();
    return rows.map(trustedOf);
  }

  /** The partner at an endpoint (as it was added). */
  async byEndpoint(endpoint: string, db: Db = this.db): Promise<TrustedPartner | undefined> {
    const row = await db.selectFrom("exchange_partner").selectAll().where("endpoint", "=", endpoint.replace(/\/+$/, "")).executeTakeFirst();
    return row && trustedOf(row);
  }

  /** Every partner. */
  async all(db: Db = this.db): Promise<TrustedPartner[]> {
    const rows = await db.selectFrom("exchange_partner").selectAll().orderBy("jurisdiction").orderBy("created_at").execute();
    return rows.map(trustedOf);
  }

  /** A partner's key by kid, with the partner it belongs to. */
  async keyByKid(kid: string, db: Db = this.db): Promise<{ partner: TrustedPartner; key: PartnerKey } | undefined> {
    const row = await db
      .selectFrom("partner_key as k")
      .innerJoin("exchange_partner as p", "p.id", "k.partner_id")
      .selectAll("p")
      .select(["k.kid", "k.use", "k.alg", "k.jwk", "k.status as key_status", "k.accept_until", "k.revoked_at"])
      .where("k.kid", "=", kid)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      partner: trustedOf(row),
      key: {
        kid: row.kid,
        partnerId: row.id,
        use: row.use,
        alg: row.alg,
        jwk: row.jwk as JWK,
        status: row.key_status,
        accept_until: row.accept_until,
        revoked_at: row.revoked_at,
      },
    };
  }

  /** The partner's current encryption key (what seal encrypts to). */
  async encryptionKey(partnerId: string, db: Db = this.db): Promise<PartnerKey | undefined> {
    const row = await db
      .selectFrom("partner_key")
      .selectAll()
      .where("partner_id", "=", partnerId)
      .where("use", "=", "enc")
      .where("status", "=", "current")
      .executeTakeFirst();
    return row && { ...row, partnerId: row.partner_id, jwk: row.jwk as JWK };
  }

  /**
   * Asks for the partner's identity again because it signed with a key this node does not know,
   * at most once per `refreshEveryMs` per partner (a flood of unknown kids cannot make this node
   * flood the partner). Returns whether a refresh was made.
   */
  async refreshForUnknownKey(partner: TrustedPartner): Promise<boolean> {
    const refresh = this.options.refresh;
    if (!refresh || partner.status !== "active") return false;
    const now = (this.options.clock?.now() ?? new Date()).getTime();
    const last = this.lastRefresh.get(partner.id);
    if (last !== undefined && now - last < (this.options.refreshEveryMs ?? 60_000)) return false;
    this.lastRefresh.set(partner.id, now);
    try {
      await refresh(partner);
      return true;
    } catch {
      // The partner unreachable or its document not acceptable: the message is refused as signed by an unknown key.
      return false;
    }
  }
}

/** The directory over a database. */
export function partnerDirectory(db: Kysely<Database>, options: DirectoryOptions = {}): PartnerDirectory {
  return new PartnerDirectory(db, options);
}

function iso(v: Date | string | null): string | null {
  return v === null ? null : new Date(v).toISOString();
}

/** Every partner with its keys, for the administrator (Partners page, CLI); `id` narrows it to one. */
export async function listPartners(db: Db, id?: string): Promise<PartnerView[]> {
  let partners = db.selectFrom("exchange_partner").selectAll().orderBy("jurisdiction").orderBy("created_at");
  let partnerKeys = db.selectFrom("partner_key").selectAll().orderBy("first_seen").orderBy("kid");
  if (id !== undefined) {
    partners = partners.where("id", "=", id);
    partnerKeys = partnerKeys.where("partner_id", "=", id);
  }
  const rows = await partners.execute();
  const keys = await partnerKeys.execute();
  return rows.map((row) => ({
    ...trustedOf(row),
    fingerprintGrouped: groupFingerprint(row.fingerprint),
    pairedFingerprint: row.paired_fingerprint,
    version: row.version,
    createdAt: iso(row.created_at) as string,
    refreshedAt: iso(row.refreshed_at) as string,
    identityIssuedAt: iso(row.identity_issued_at) as string,
    keys: keys
      .filter((k) => k.partner_id === row.id)
      .map((k) => ({
        kid: k.kid,
        use: k.use,
        alg: k.alg,
        status: k.status,
        fingerprint: k.kid,
        acceptUntil: iso(k.accept_until),
        revokedAt: iso(k.revoked_at),
        firstSeen: iso(k.first_seen) as string,
      })),
  }));
}

/** One partner with its keys, or undefined. */
export async function readPartner(db: Db, id: string): Promise<PartnerView | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await listPartners(db, id))[0];
}
