/**
 * Sealing and unsealing exchange messages (issue 13 §2): a message is signed by the sending node
 * (compact JWS, ES256, its current signing key) and the JWS is encrypted to the receiving node
 * (compact JWE, ECDH-ES + A256GCM, to the receiver's current encryption key). Signing inside the
 * encryption keeps who signed hidden from anyone on the wire, and the signature covers the payload
 * itself, so the receiver can keep the JWS as proof of what the sender said.
 *
 * Unsealing checks, before anything is parsed beyond headers: size, that the JWE is addressed to one
 * of this node's encryption keys, decryption, then the signature against a trusted partner's key valid
 * at the instant given. Each failure is a reason from RefusalReason, for the negative receipt.
 */
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify, type CryptoKey, decodeProtectedHeader } from "./jose.js";
import type { Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.js";
import { CONTENT_ENC, KEY_ALG, type Keyring, keyRefusalAt, SIG_ALG } from "./keyring.js";
import { importPublicKey, type PartnerDirectory, SELF_ID, type TrustedPartner } from "./partners.js";

export type RefusalReason =
  | "malformed"
  | "not_for_us"
  | "decryption_failed"
  | "unknown_sender"
  | "unknown_key"
  | "key_retired"
  | "key_revoked"
  | "signature_invalid"
  | "oversized";

/** The largest sealed message accepted, checked before anything is parsed (16 MiB). */
export const MAX_SEALED_BYTES = 16 * 1024 * 1024;
/**
 * The largest payload `seal` takes: base64url twice (JWS, then JWE) makes a payload 16/9 as large,
 * plus headers, so this is what fits in MAX_SEALED_BYTES. Evidence travels in chunks below it.
 */
export const MAX_PAYLOAD_BYTES = Math.floor((MAX_SEALED_BYTES * 9) / 16) - 8 * 1024;

/** The `typ` of the JWS inside a sealed message, so a receipt's or package's JWS cannot be passed off as a message. */
export const MESSAGE_TYP = "rogatory-message+jws";
/** The `typ` of a JWS made by signDetached (receipts, packages, identity). */
export const SIGNED_TYP = "rogatory-signed+jws";

export type Unsealed =
  | { ok: true; partner: TrustedPartner; kid: string; payload: Uint8Array; jws: string }
  | { ok: false; reason: RefusalReason; detail: string; partner?: TrustedPartner };

const refuse = (reason: RefusalReason, detail: string, partner?: TrustedPartner): Unsealed => ({
  ok: false,
  reason,
  detail,
  ...(partner ? { partner } : {}),
});

/** A refusal before any sender is known (the JWE's own checks). */
type Refusal = { ok: false; reason: RefusalReason; detail: string };
const refused = (reason: RefusalReason, detail: string): Refusal => ({ ok: false, reason, detail });

type SigningKey = Awaited<ReturnType<Keyring["current"]>>;

/** The signer's header: `iss` names the sending node's endpoint, so a key unknown here can be traced to its partner. */
function signWith(keyring: Keyring, key: SigningKey, payload: Uint8Array, typ: string): Promise<string> {
  return new CompactSign(payload).setProtectedHeader({ alg: SIG_ALG, kid: key.kid, typ, iss: keyring.node.endpoint }).sign(key.privateKey);
}

async function sign(keyring: Keyring, payload: Uint8Array, typ: string, db?: Transaction<Database>): Promise<string> {
  return signWith(keyring, await keyring.current("sig", db), payload, typ);
}

/** The partner's current encryption key, imported. */
async function partnerEncryptionKey(keyring: Keyring, partner: TrustedPartner): Promise<{ kid: string; key: CryptoKey }> {
  if (partner.status !== "active") throw new Error(`partner ${partner.jurisdiction} is suspended: nothing is sealed to it`);
  const row = await keyring.db
    .selectFrom("partner_key")
    .selectAll()
    .where("partner_id", "=", partner.id)
    .where("use", "=", "enc")
    .where("status", "=", "current")
    .executeTakeFirst();
  if (!row) throw new Error(`partner ${partner.jurisdiction} has no current encryption key`);
  return { kid: row.kid, key: await importPublicKey(row.kid, row.jwk as never, "enc") };
}

/** JWE (compact, ECDH-ES/A256GCM, to the partner's current enc key) of a JWS (compact, ES256, our current sig key) of payload. */
export async function seal(keyring: Keyring, partner: TrustedPartner, payload: Uint8Array): Promise<string> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) throw new RangeError(`payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  const to = await partnerEncryptionKey(keyring, partner);
  const jws = await sign(keyring, payload, MESSAGE_TYP);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, kid: to.kid, cty: MESSAGE_TYP })
    .encrypt(to.key);
}

/** One message signed by this node as a batch carries it (a JWS of type MESSAGE_TYP). */
export async function signMessage(keyring: Keyring, payload: Uint8Array): Promise<string> {
  return sign(keyring, payload, MESSAGE_TYP);
}

/** The `cty` of a JWE that carries several messages, each its own JWS (see sealBatch). */
export const BATCH_TYP = "rogatory-batch+json";
/** Most messages one batch carries. */
export const MAX_BATCH_MESSAGES = 200;

/**
 * Several messages in one delivery: each payload signed on its own (a JWS the receiver keeps as proof
 * of that message, exactly as `seal` makes it), the list of them encrypted once to the partner. The
 * key agreement (ECDH-ES) is the costliest step of sealing, so a batch pays it once; nothing is
 * weaker: every message still carries its own signature, and the whole batch is authenticated by
 * AES-GCM under a key only the partner can derive.
 */
export async function sealBatch(keyring: Keyring, partner: TrustedPartner, payloads: Uint8Array[]): Promise<string> {
  if (payloads.length === 0 || payloads.length > MAX_BATCH_MESSAGES)
    throw new RangeError(`a batch carries 1 to ${MAX_BATCH_MESSAGES} messages`);
  const to = await partnerEncryptionKey(keyring, partner);
  const key = await keyring.current("sig");
  const messages = await Promise.all(payloads.map((p) => signWith(keyring, key, p, MESSAGE_TYP)));
  const plaintext = new TextEncoder().encode(JSON.stringify({ v: 1, messages }));
  if (plaintext.byteLength > MAX_PAYLOAD_BYTES)
    throw new RangeError(`a batch of ${plaintext.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  return new CompactEncrypt(plaintext).setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, kid: to.kid, cty: BATCH_TYP }).encrypt(to.key);
}

const COMPACT_PART = /^[A-Za-z0-9_-]*$/;

/** Whether text is `n` dot-separated base64url parts. */
function compactParts(text: string, n: number): boolean {
  const parts = text.split(".");
  return parts.length === n && parts.every((p) => COMPACT_PART.test(p));
}

/** Decrypts with our key named by the JWE kid and verifies the inner JWS against a trusted partner's key valid at `at`. */
export async function unseal(keyring: Keyring, partners: PartnerDirectory, jwe: string, at: Date): Promise<Unsealed> {
  const opened = await openSealed(keyring, partners, jwe, at, false);
  return "batch" in opened ? refuse("malformed", "a batch where one message was expected") : opened;
}

/** What a sealed delivery holds: one message, checked (as `unseal`), or a batch of signed messages still to be checked one by one (verifyMessage). */
export type Opened = Unsealed | { ok: true; batch: string[] };

const batchShape = z.object({ v: z.literal(1), messages: z.array(z.string()).min(1).max(MAX_BATCH_MESSAGES) }).strict();

/** Decrypts a delivery: a single message (verified here) or, when `batches`, a batch (see sealBatch). */
export async function openSealed(keyring: Keyring, partners: PartnerDirectory, jwe: string, at: Date, batches = true): Promise<Opened> {
  if (jwe.length > MAX_SEALED_BYTES) return refuse("oversized", `the message is larger than ${MAX_SEALED_BYTES} bytes`);
  const decrypted = await decryptTo(
    keyring,
    jwe,
    at,
    (cty) => cty === MESSAGE_TYP || (batches && cty === BATCH_TYP),
    `carry a ${MESSAGE_TYP}${batches ? ` or a ${BATCH_TYP}` : ""}`,
  );
  if (!decrypted.ok) return decrypted;
  const batch = decrypted.cty === BATCH_TYP;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(decrypted.plaintext);
  } catch {
    return refuse("decryption_failed", "the message cannot be decrypted: altered, or not encrypted to this key");
  }
  if (!batch) return verifyJws(partners, text, at, MESSAGE_TYP, false);
  let list: z.infer<typeof batchShape>;
  try {
    const parsed = batchShape.safeParse(JSON.parse(text));
    if (!parsed.success) return refuse("malformed", `the batch is not {v: 1, messages: [1 to ${MAX_BATCH_MESSAGES} JWS]}`);
    list = parsed.data;
  } catch {
    return refuse("malformed", "the batch is not JSON");
  }
  return { ok: true, batch: list.messages };
}

/**
 * Decrypts a compact JWE addressed to one of this node's keys, after checking its shape, algorithms
 * and content type (`ctyAllowed`; `wanted` says what it must carry, for the refusal).
 */
async function decryptTo(
  keyring: Keyring,
  jwe: string,
  at: Date,
  ctyAllowed: (cty: unknown) => boolean,
  wanted: string,
): Promise<{ ok: true; plaintext: Uint8Array; cty: string } | Refusal> {
  if (!compactParts(jwe, 5)) return refused("malformed", "not a compact JWE (five base64url parts)");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwe);
  } catch {
    return refused("malformed", "the JWE's protected header cannot be read");
  }
  if (header.alg !== KEY_ALG || header.enc !== CONTENT_ENC || !ctyAllowed(header.cty))
    return refused("malformed", `the JWE must use ${KEY_ALG} with ${CONTENT_ENC} and ${wanted}`);
  if (typeof header.kid !== "string") return refused("malformed", "the JWE's header names no key (kid)");
  const ours = await keyring.decryptionKey(header.kid, at);
  if (!ours.ok) {
    if (ours.reason === "not_ours") return refused("not_for_us", "the message is encrypted to a key that is not this node's");
    return refused(ours.reason, `the message is encrypted to this node's ${ours.reason === "key_revoked" ? "revoked" : "retired"} key`);
  }
  try {
    const { plaintext } = await compactDecrypt(jwe, ours.key, {
      keyManagementAlgorithms: [KEY_ALG],
      contentEncryptionAlgorithms: [CONTENT_ENC],
    });
    return { ok: true, plaintext, cty: header.cty as string };
  } catch {
    return refused("decryption_failed", "the message cannot be decrypted: altered, or not encrypted to this key");
  }
}

/**
 * Verifies one message of a batch (a JWS signed by a partner). `keys` remembers the keys looked up for
 * the batch, so a batch of a hundred messages signed with one key reads that key once.
 */
export function verifyMessage(partners: PartnerDirectory, jws: string, at: Date, keys?: KeyMemo): Promise<Unsealed> {
  return verifyJws(partners, jws, at, MESSAGE_TYP, false, keys);
}

/** Keys looked up while verifying a batch, by kid. */
export type KeyMemo = Map<string, Promise<unknown>>;

function remembered<T>(memo: KeyMemo | undefined, key: string, load: () => Promise<T>): Promise<T> {
  if (!memo) return load();
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    memo.set(key, found);
  }
  return found;
}

/** A JWS (compact) signed by this node, for receipts and packages; `db`: the transaction to read the key in. */
export async function signDetached(keyring: Keyring, payload: Uint8Array, db?: Transaction<Database>): Promise<string> {
  return sign(keyring, payload, SIGNED_TYP, db);
}

/** Several JWS (compact) signed by this node with one read of its key (receipts issued together); `db`: the transaction to read the key in. */
export async function signMany(keyring: Keyring, payloads: Uint8Array[], db?: Transaction<Database>): Promise<string[]> {
  const key = await keyring.current("sig", db);
  return Promise.all(payloads.map((p) => signWith(keyring, key, p, SIGNED_TYP)));
}

/** Verifies a JWS from a trusted partner (or from this node itself when partner is "self"). */
export async function verifySigned(partners: PartnerDirectory, jws: string, at: Date, keys?: KeyMemo): Promise<Unsealed> {
  return verifyJws(partners, jws, at, undefined, true, keys);
}

/**
 * Checks a compact JWS: shape, algorithm, type, a known and usable key, then the signature. A message
 * signed by this node itself (`allowSelf` false) is refused: one of our own messages sent back to us is
 * a reflection, never a partner's word.
 */
async function verifyJws(
  partners: PartnerDirectory,
  jws: string,
  at: Date,
  typ: string | undefined,
  allowSelf: boolean,
  memo?: KeyMemo,
): Promise<Unsealed> {
  if (jws.length > MAX_SEALED_BYTES) return refuse("oversized", `the signed content is larger than ${MAX_SEALED_BYTES} bytes`);
  if (!compactParts(jws, 3)) return refuse("malformed", "not a compact JWS (three base64url parts)");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return refuse("malformed", "the JWS's protected header cannot be read");
  }
  if (header.alg !== SIG_ALG) return refuse("malformed", `the JWS must be signed with ${SIG_ALG}`);
  if (typ !== undefined ? header.typ !== typ : header.typ !== SIGNED_TYP && header.typ !== MESSAGE_TYP)
    return refuse("malformed", `the JWS is not a ${typ ?? SIGNED_TYP}`);
  if (typeof header.kid !== "string") return refuse("malformed", "the JWS's header names no key (kid)");
  const kid = header.kid;

  let partner: TrustedPartner;
  let key: CryptoKey;
  const self = partners.options.keyring;
  const ownKey = self ? await remembered(memo, `self:${kid}`, () => self.verificationKey(kid, at)) : undefined;
  if (self && ownKey && !(!ownKey.ok && ownKey.reason === "not_ours")) {
    if (!allowSelf) return refuse("unknown_sender", "signed by this node itself: a message of ours sent back to us");
    // Signed by this node (a receipt it issued, a package it exported).
    partner = {
      id: SELF_ID,
      ...self.node,
      fingerprint: (await self.current("sig")).fingerprint,
      status: "active",
    };
    if (!ownKey.ok) {
      const reason = ownKey.reason === "key_revoked" ? "key_revoked" : "key_retired";
      return refuse(reason, `signed with this node's ${reason === "key_revoked" ? "revoked" : "retired"} key`, partner);
    }
    key = ownKey.key;
  } else {
    let found = await remembered(memo, `partner:${kid}`, () => partners.keyByKid(kid));
    if (!found) {
      const iss = typeof header.iss === "string" ? await partners.byEndpoint(header.iss) : undefined;
      if (!iss) return refuse("unknown_sender", "signed by a node that is not a partner of this node");
      // A known partner with a key not seen yet: it may have rotated; read its identity again once.
      if (await partners.refreshForUnknownKey(iss)) found = await partners.keyByKid(kid);
      if (!found || found.partner.id !== iss.id)
        return refuse("unknown_key", "signed with a key this node does not know for that partner", iss);
    }
    partner = found.partner;
    if (partner.status !== "active") return refuse("unknown_sender", "the partner is suspended", partner);
    if (found.key.use !== "sig") return refuse("signature_invalid", "signed with a key published for encryption", partner);
    const refusal = keyRefusalAt(found.key, at);
    if (refusal) return refuse(refusal, `signed with the partner's ${refusal === "key_revoked" ? "revoked" : "retired"} key`, partner);
    key = await importPublicKey(kid, found.key.jwk, "sig");
  }
  try {
    const { payload } = await compactVerify(jws, key, { algorithms: [SIG_ALG] });
    return { ok: true, partner, kid, payload, jws };
  } catch {
    return refuse("signature_invalid", "the signature does not match the content", partner);
  }
}
