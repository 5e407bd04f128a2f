/**
 * This node's exchange keys (issue 13 §1): one signing key (ES256, P-256) and one encryption key
 * (ECDH-ES with A256GCM, P-256) in use, possibly a next pair published beside them during a rotation,
 * and the retired and revoked ones kept so that their state can be published and checked.
 *
 * Private keys never reach the database in clear: each private JWK is stored as a JWE encrypted with
 * PBES2-HS512+A256KW from the node's passphrase (ROGATORY_NODE_KEY_PASSPHRASE or …_FILE). Only `jose`
 * and the platform's WebCrypto do cryptography here.
 */
import { CompactEncrypt, type CryptoKey, compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK } from "./jose.js";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, KeyStatus, NodeKeyTable } from "../db/schema.js";
import type { Clock } from "../security/clock.js";
import { fingerprintOf } from "./fingerprint.js";

/** The signature algorithm of every exchange JWS. */
export const SIG_ALG = "ES256";
/** The key agreement of every exchange JWE: ephemeral-static ECDH on P-256, the content key derived directly. */
export const KEY_ALG = "ECDH-ES";
/** The content encryption of every exchange JWE. */
export const CONTENT_ENC = "A256GCM";
/** How the private keys are wrapped at rest. */
const WRAP_ALG = "PBES2-HS512+A256KW";
/**
 * PBKDF2-HMAC-SHA512 iterations for the wrapping key (OWASP's 2023 figure for SHA-512 is 210 000).
 * The cost is paid once per key per process: unwrapped keys are kept in memory.
 */
const WRAP_ITERATIONS = 210_000;
/** A shorter passphrase is refused: the wrapping is only as strong as what the operator chose. */
export const MIN_PASSPHRASE_LENGTH = 16;

export type KeyUse = "sig" | "enc";

/** Who this node is: the central authority it serves and where partners reach it. */
export interface NodeInfo {
  jurisdiction: string;
  authority: string;
  /** The public base URL partners call (ROGATORY_NODE_ENDPOINT), without a trailing slash. */
  endpoint: string;
}

/** A public view of one of this node's keys, as the identity document publishes it. */
export interface NodeKeyView {
  kid: string;
  use: KeyUse;
  alg: string;
  jwk: JWK;
  fingerprint: string;
  status: KeyStatus;
  createdAt: string;
  activatedAt: string | null;
  /** A retired key: partners still accept it until then. */
  acceptUntil: string | null;
  revokedAt: string | null;
}

/** Why a key may not be used at an instant (the names are seal.ts's refusal reasons). */
export type KeyRefusal = "key_retired" | "key_revoked";

/**
 * Whether a key (ours or a partner's) may be used at `at`: a revoked key from the instant of its
 * revocation, a retired key after its overlap ends. Current and next keys are usable: a next key is
 * published before it signs anything, so partners that have it accept the first message it signs.
 */
export function keyRefusalAt(
  key: { status: KeyStatus; accept_until: Date | string | null; revoked_at: Date | string | null },
  at: Date,
): KeyRefusal | null {
  if (key.status === "revoked" || key.revoked_at !== null) {
    if (key.revoked_at === null || new Date(key.revoked_at).getTime() <= at.getTime()) return "key_revoked";
  }
  if (key.status === "retired" && (key.accept_until === null || new Date(key.accept_until).getTime() < at.getTime())) return "key_retired";
  return null;
}

export class KeyringError extends Error {}

type Db = Kysely<Database> | Transaction<Database>;

/** The public part of a JWK: what may be published and stored in clear. */
export function publicPart(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return { kty, crv, x, y };
}

/**
 * This node's keys, read from the database on every use (so a rotation or revocation made by the CLI
 * in another process counts at once) and unwrapped with the passphrase once per key. Build it with
 * `openKeyring`.
 */
export class Keyring {
  private readonly unwrapped = new Map<string, Promise<CryptoKey>>();
  private readonly publicKeys = new Map<string, Promise<CryptoKey>>();

  constructor(
    readonly db: Kysely<Database>,
    readonly clock: Clock,
    readonly node: NodeInfo,
    private readonly passphrase: string,
  ) {}

  /** Every key of this node, newest first, as published (public parts only). */
  async keys(db: Db = this.db): Promise<NodeKeyView[]> {
    const rows = await db.selectFrom("node_key").selectAll().orderBy("created_at", "desc").orderBy("kid").execute();
    return rows.map(viewOf);
  }

  /** The current key for a use, with its private key unwrapped; `db`: the transaction to read in (PGlite has one connection). */
  async current(use: KeyUse, db: Db = this.db): Promise<{ kid: string; fingerprint: string; privateKey: CryptoKey }> {
    const row = await db.selectFrom("node_key").selectAll().where("use", "=", use).where("status", "=", "current").executeTakeFirst();
    if (!row) throw new KeyringError(`this node has no current ${use === "sig" ? "signing" : "encryption"} key`);
    return { kid: row.kid, fingerprint: row.kid, privateKey: await this.privateKey(row) };
  }

  /**
   * Our private decryption key named by a JWE's kid, if it is ours and usable at `at`;
   * `not_ours` when no key of this node has that id.
   */
  async decryptionKey(kid: string, at: Date): Promise<{ ok: true; key: CryptoKey } | { ok: false; reason: KeyRefusal | "not_ours" }> {
    const row = await this.db.selectFrom("node_key").selectAll().where("kid", "=", kid).where("use", "=", "enc").executeTakeFirst();
    if (!row) return { ok: false, reason: "not_ours" };
    const refusal = keyRefusalAt(row, at);
    if (refusal) return { ok: false, reason: refusal };
    return { ok: true, key: await this.privateKey(row) };
  }

  /** Our public signing key named by kid, if usable at `at` (to verify what this node itself signed). */
  async verificationKey(kid: string, at: Date): Promise<{ ok: true; key: CryptoKey } | { ok: false; reason: KeyRefusal | "not_ours" }> {
    const row = await this.db.selectFrom("node_key").selectAll().where("kid", "=", kid).where("use", "=", "sig").executeTakeFirst();
    if (!row) return { ok: false, reason: "not_ours" };
    const refusal = keyRefusalAt(row, at);
    if (refusal) return { ok: false, reason: refusal };
    let key = this.publicKeys.get(kid);
    if (!key) {
      key = importJWK(row.public_jwk as JWK, SIG_ALG) as Promise<CryptoKey>;
      this.publicKeys.set(kid, key);
    }
    return { ok: true, key: await key };
  }

  /**
   * Every signing key usable at `at` (current, next, retired within its overlap), unwrapped: the identity
   * document is signed by each, so a partner that trusts any of them learns the others.
   */
  async signingKeys(at: Date): Promise<{ kid: string; privateKey: CryptoKey }[]> {
    const rows = await this.db.selectFrom("node_key").selectAll().where("use", "=", "sig").orderBy("created_at").execute();
    const usable = rows.filter((r) => keyRefusalAt(r, at) === null);
    return Promise.all(usable.map(async (r) => ({ kid: r.kid, privateKey: await this.privateKey(r) })));
  }

  /** Every private key of this node that is not revoked, unwrapped: fails when the passphrase is wrong. */
  async checkPassphrase(): Promise<void> {
    const rows = await this.db.selectFrom("node_key").selectAll().where("status", "in", ["current", "next"]).execute();
    for (const row of rows) await this.privateKey(row);
  }

  private privateKey(row: NodeKeyRow): Promise<CryptoKey> {
    let key = this.unwrapped.get(row.kid);
    if (!key) {
      key = unwrapPrivateKey(row, this.passphrase);
      // A failure is not cached: the operator may fix the passphrase file and try again.
      key.catch(() => this.unwrapped.delete(row.kid));
      this.unwrapped.set(row.kid, key);
    }
    return key;
  }

  /** Creates a new key pair for each use in status `status`, wrapped with the passphrase (inside trx). */
  async createKeys(trx: Db, status: "current" | "next", at: Date): Promise<NodeKeyView[]> {
    const created: NodeKeyView[] = [];
    for (const use of ["sig", "enc"] as const) {
      const { publicKey, privateKey } =
        use === "sig"
          ? await generateKeyPair(SIG_ALG, { extractable: true })
          : await generateKeyPair(KEY_ALG, { crv: "P-256", extractable: true });
      const jwk = publicPart(await exportJWK(publicKey));
      const kid = await fingerprintOf(jwk);
      const privateJwk = await exportJWK(privateKey);
      const row: NodeKeyRow = {
        kid,
        use,
        alg: use === "sig" ? SIG_ALG : KEY_ALG,
        public_jwk: jwk,
        private_jwe: await wrap(privateJwk, kid, this.passphrase),
        status,
        created_at: at,
        activated_at: status === "current" ? at : null,
        accept_until: null,
        revoked_at: null,
      };
      await trx
        .insertInto("node_key")
        .values({ ...row, public_jwk: JSON.stringify(jwk) })
        .execute();
      created.push(viewOf(row));
    }
    return created;
  }
}

type NodeKeyRow = Selectable<NodeKeyTable>;

function iso(v: Date | string | null): string | null {
  return v === null ? null : new Date(v).toISOString();
}

function viewOf(row: NodeKeyRow): NodeKeyView {
  return {
    kid: row.kid,
    use: row.use,
    alg: row.alg,
    jwk: row.public_jwk as JWK,
    fingerprint: row.kid,
    status: row.status,
    createdAt: iso(row.created_at) as string,
    activatedAt: iso(row.activated_at),
    acceptUntil: iso(row.accept_until),
    revokedAt: iso(row.revoked_at),
  };
}

/** The private JWK as a JWE for the passphrase; the kid in the protected header ties it to its row. */
async function wrap(privateJwk: JWK, kid: string, passphrase: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(privateJwk)))
    .setProtectedHeader({ alg: WRAP_ALG, enc: CONTENT_ENC, kid, cty: "jwk+json" })
    .setKeyManagementParameters({ p2c: WRAP_ITERATIONS })
    .encrypt(new TextEncoder().encode(passphrase));
}

async function unwrapPrivateKey(row: NodeKeyRow, passphrase: string): Promise<CryptoKey> {
  let jwk: JWK;
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(row.private_jwe, new TextEncoder().encode(passphrase), {
      keyManagementAlgorithms: [WRAP_ALG],
      contentEncryptionAlgorithms: [CONTENT_ENC],
      maxPBES2Count: WRAP_ITERATIONS,
    });
    if (protectedHeader.kid !== row.kid) throw new Error("kid");
    jwk = JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
  } catch {
    throw new KeyringError(
      "The node key passphrase (ROGATORY_NODE_KEY_PASSPHRASE or ROGATORY_NODE_KEY_PASSPHRASE_FILE) does not open this node's keys.",
    );
  }
  // The private key must belong to the public key the row publishes: a row pasted from elsewhere fails here.
  if ((await fingerprintOf(publicPart(jwk))) !== row.kid)
    throw new KeyringError(`node key ${row.kid}: the private key does not match its public key`);
  return importJWK(jwk, row.use === "sig" ? SIG_ALG : KEY_ALG) as Promise<CryptoKey>;
}

/**
 * Opens this node's keyring: on first start (no keys yet) creates the signing and encryption keys;
 * then checks that the passphrase opens them, so a wrong passphrase stops the start rather than the
 * first message.
 */
export async function openKeyring(opts: { db: Kysely<Database>; clock: Clock; node: NodeInfo; passphrase: string }): Promise<Keyring> {
  if (opts.passphrase.length < MIN_PASSPHRASE_LENGTH)
    throw new KeyringError(`The node key passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
  const keyring = new Keyring(opts.db, opts.clock, opts.node, opts.passphrase);
  const existing = await opts.db.selectFrom("node_key").select("kid").limit(1).executeTakeFirst();
  if (!existing) {
    try {
      await opts.db.transaction().execute(async (trx) => {
        // Two instances starting at once on one database: the unique index on the current key lets one win.
        if (await trx.selectFrom("node_key").select("kid").limit(1).executeTakeFirst()) return;
        await keyring.createKeys(trx, "current", opts.clock.now());
      });
    } catch (err) {
      if (!(typeof err === "object" && err !== null && (err as { code?: string }).code === "23505")) throw err;
    }
  }
  await keyring.checkPassphrase();
  return keyring;
}
