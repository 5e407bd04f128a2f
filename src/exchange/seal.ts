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
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify, type CryptoKey, decodeProtectedHeader } from "jose";
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

/** The signer's header: `iss` names the sending node's endpoint, so a key unknown here can be traced to its partner. */
async function sign(keyring: Keyring, payload: Uint8Array, typ: string): Promise<string> {
  const { kid, privateKey } = await keyring.current("sig");
  return new CompactSign(payload).setProtectedHeader({ alg: SIG_ALG, kid, typ, iss: keyring.node.endpoint }).sign(privateKey);
}

/** JWE (compact, ECDH-ES/A256GCM, to the partner's current enc key) of a JWS (compact, ES256, our current sig key) of payload. */
export async function seal(keyring: Keyring, partner: TrustedPartner, payload: Uint8Array): Promise<string> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) throw new RangeError(`payload of ${payload.byteLength} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  if (partner.status !== "active") throw new Error(`partner ${partner.jurisdiction} is suspended: nothing is sealed to it`);
  const row = await keyring.db
    .selectFrom("partner_key")
    .selectAll()
    .where("partner_id", "=", partner.id)
    .where("use", "=", "enc")
    .where("status", "=", "current")
    .executeTakeFirst();
  if (!row) throw new Error(`partner ${partner.jurisdiction} has no current encryption key`);
  const jws = await sign(keyring, payload, MESSAGE_TYP);
  const key = await importPublicKey(row.kid, row.jwk as never, "enc");
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, kid: row.kid, cty: MESSAGE_TYP })
    .encrypt(key);
}

const COMPACT_PART = /^[A-Za-z0-9_-]*$/;

/** Whether text is `n` dot-separated base64url parts. */
function compactParts(text: string, n: number): boolean {
  const parts = text.split(".");
  return parts.length === n && parts.every((p) => COMPACT_PART.test(p));
}

/** Decrypts with our key named by the JWE kid and verifies the inner JWS against a trusted partner's key valid at `at`. */
export async function unseal(keyring: Keyring, partners: PartnerDirectory, jwe: string, at: Date): Promise<Unsealed> {
  if (jwe.length > MAX_SEALED_BYTES) return refuse("oversized", `the message is larger than ${MAX_SEALED_BYTES} bytes`);
  if (!compactParts(jwe, 5)) return refuse("malformed", "not a compact JWE (five base64url parts)");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwe);
  } catch {
    return refuse("malformed", "the JWE's protected header cannot be read");
  }
  if (header.alg !== KEY_ALG || header.enc !== CONTENT_ENC || header.cty !== MESSAGE_TYP)
    return refuse("malformed", `the JWE must use ${KEY_ALG} with ${CONTENT_ENC} and carry a ${MESSAGE_TYP}`);
  if (typeof header.kid !== "string") return refuse("malformed", "the JWE's header names no key (kid)");
  const ours = await keyring.decryptionKey(header.kid, at);
  if (!ours.ok) {
    if (ours.reason === "not_ours") return refuse("not_for_us", "the message is encrypted to a key that is not this node's");
    return refuse(ours.reason, `the message is encrypted to this node's ${ours.reason === "key_revoked" ? "revoked" : "retired"} key`);
  }
  let jws: string;
  try {
    const { plaintext } = await compactDecrypt(jwe, ours.key, {
      keyManagementAlgorithms: [KEY_ALG],
      contentEncryptionAlgorithms: [CONTENT_ENC],
    });
    jws = new TextDecoder("utf-8", { fatal: true }).decode(plaintext);
  } catch {
    return refuse("decryption_failed", "the message cannot be decrypted: altered, or not encrypted to this key");
  }
  return verifyJws(partners, jws, at, MESSAGE_TYP, false);
}

/** A JWS (compact) signed by this node, for receipts and packages. */
export async function signDetached(keyring: Keyring, payload: Uint8Array): Promise<string> {
  return sign(keyring, payload, SIGNED_TYP);
}

/** Verifies a JWS from a trusted partner (or from this node itself when partner is "self"). */
export async function verifySigned(partners: PartnerDirectory, jws: string, at: Date): Promise<Unsealed> {
  return verifyJws(partners, jws, at, undefined, true);
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
  const ownKey = self ? await self.verificationKey(kid, at) : undefined;
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
    let found = await partners.keyByKid(kid);
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
