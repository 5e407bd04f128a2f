/**
 * The node's identity document (GET /api/v1/exchange/identity): who the node is, where it is reached,
 * and its keys. The document is itself signed (a general JWS, one signature per usable signing key of
 * the node), so the encryption keys it lists are bound to the signing key whose fingerprint the two
 * authorities compared, and a partner that trusts any one signing key of the node learns the next one
 * from a document that key signed. Partners act on the signed payload only; the same fields are shown
 * beside it in clear for people.
 */
import { GeneralSign, type GeneralJWS, generalVerify, type JWK } from "./jose.js";
import { z } from "zod";
import { canonicalJson } from "../audit/trail.js";
import { DomainError, worded } from "../errors.js";
import { fingerprintOf, groupFingerprint, normaliseFingerprint } from "./fingerprint.js";
import { type Keyring, keyRefusalAt, SIG_ALG } from "./keyring.js";
import { importPublicKey } from "./partners.js";

/** The `typ` of the identity document's signatures. */
export const IDENTITY_TYP = "rogatory-identity+jws";
/** The largest identity document read from a partner. */
export const MAX_IDENTITY_BYTES = 256 * 1024;

const keyStatus = z.enum(["next", "current", "retired", "revoked"]);
const instant = z.iso.datetime({ offset: true });

/** One key as the identity publishes it. */
const identityKey = z.strictObject({
  kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  use: z.enum(["sig", "enc"]),
  alg: z.enum(["ES256", "ECDH-ES"]),
  jwk: z.strictObject({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string().max(64), y: z.string().max(64) }),
  fingerprint: z.string(),
  status: keyStatus,
  acceptUntil: instant.nullable(),
  revokedAt: instant.nullable(),
});
export type IdentityKey = z.infer<typeof identityKey>;

/** What the node states about itself, signed. */
export const identityStatement = z.strictObject({
  v: z.literal(1),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/),
  authority: z.string().min(1).max(300),
  endpoint: z.string().url().max(500),
  fingerprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  keys: z.array(identityKey).min(2).max(100),
  issuedAt: instant,
});
export type IdentityStatement = z.infer<typeof identityStatement>;

/** The document served at /api/v1/exchange/identity. */
export interface IdentityDocument extends Omit<IdentityStatement, "v"> {
  /** The fingerprint of the current signing key in groups of four, to read aloud. */
  fingerprintGrouped: string;
  /** The statement (payload) signed by each usable signing key of the node. */
  signed: GeneralJWS;
}

/** This node's identity document, signed now. */
export async function identityDocument(keyring: Keyring): Promise<IdentityDocument> {
  const now = keyring.clock.now();
  const keys = await keyring.keys();
  const current = keys.find((k) => k.use === "sig" && k.status === "current");
  if (!current) throw new Error("this node has no current signing key");
  const statement: IdentityStatement = {
    v: 1,
    jurisdiction: keyring.node.jurisdiction,
    authority: keyring.node.authority,
    endpoint: keyring.node.endpoint,
    fingerprint: current.fingerprint,
    keys: keys.map((k) => ({
      kid: k.kid,
      use: k.use,
      alg: k.alg as "ES256" | "ECDH-ES",
      jwk: k.jwk as IdentityKey["jwk"],
      fingerprint: k.fingerprint,
      status: k.status,
      acceptUntil: k.acceptUntil,
      revokedAt: k.revokedAt,
    })),
    issuedAt: now.toISOString(),
  };
  const signer = new GeneralSign(new TextEncoder().encode(canonicalJson(statement)));
  for (const { kid, privateKey } of await keyring.signingKeys(now))
    signer.addSignature(privateKey).setProtectedHeader({ alg: SIG_ALG, kid, typ: IDENTITY_TYP });
  const { v: _v, ...shown } = statement;
  return { ...shown, fingerprintGrouped: groupFingerprint(statement.fingerprint), signed: await signer.sign() };
}

/** Why a partner's identity document is not accepted. */
export class IdentityError extends DomainError {}

/** The keys an identity may be verified with: at pairing, the fingerprint given out of band; later, the keys already trusted. */
export type IdentityTrust =
  | { fingerprint: string }
  | { keys: { kid: string; jwk: JWK; status: IdentityKey["status"]; accept_until: Date | null; revoked_at: Date | null }[]; at: Date };

const generalJws = z.object({
  payload: z.string(),
  signatures: z
    .array(z.object({ protected: z.string(), signature: z.string() }))
    .min(1)
    .max(10),
});

/**
 * Verifies a partner's identity document and returns its signed statement. At pairing it must be
 * signed by the key whose RFC 7638 thumbprint is the fingerprint given (422 fingerprint_mismatch
 * otherwise); at a refresh, by a key this node already trusts for the partner. Every listed kid must
 * be its key's thumbprint, so a kid names one key.
 */
export async function verifyIdentity(document: unknown, trust: IdentityTrust): Promise<IdentityStatement> {
  const outer = z.object({ signed: generalJws }).safeParse(document);
  if (!outer.success) throw new IdentityError(422, "identity_invalid", "The partner's identity document is not signed.");
  const signed = outer.data.signed;
  let unverified: IdentityStatement;
  try {
    const text = Buffer.from(signed.payload, "base64url").toString("utf8");
    unverified = identityStatement.parse(JSON.parse(text));
  } catch {
    throw new IdentityError(422, "identity_invalid", "The partner's identity document does not have the expected content.");
  }
  for (const k of unverified.keys)
    if ((await fingerprintOf(k.jwk)) !== k.kid)
      throw new IdentityError(422, "identity_invalid", "The partner's identity lists a key whose id is not its fingerprint.");

  // The keys allowed to sign this document, by kid.
  const allowed = new Map<string, JWK>();
  if ("fingerprint" in trust) {
    const wanted = normaliseFingerprint(trust.fingerprint);
    const key = unverified.keys.find((k) => k.use === "sig" && k.kid === wanted);
    if (!key || (key.status !== "current" && key.status !== "next"))
      throw new IdentityError(
        422,
        "fingerprint_mismatch",
        `The fingerprint given (${groupFingerprint(wanted)}) is not that of the partner's signing key; its identity gives ${groupFingerprint(unverified.fingerprint)}. Nothing was stored: check the fingerprint with the partner authority.`,
        "fingerprint",
      );
    allowed.set(key.kid, key.jwk);
  } else {
    for (const k of trust.keys) if (keyRefusalAt(k, trust.at) === null) allowed.set(k.kid, k.jwk);
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await generalVerify(
      signed as GeneralJWS,
      async (header) => {
        const jwk = typeof header.kid === "string" ? allowed.get(header.kid) : undefined;
        if (!jwk || header.typ !== IDENTITY_TYP) throw new Error("not a trusted key");
        return importPublicKey(header.kid as string, jwk, "sig");
      },
      { algorithms: [SIG_ALG] },
    ));
  } catch {
    throw new IdentityError(
      422,
      "fingerprint" in trust ? "fingerprint_mismatch" : "identity_untrusted",
      "fingerprint" in trust
        ? "The partner's identity is not signed by the key with the fingerprint given. Nothing was stored."
        : "The partner's identity is not signed by any key this node trusts for it: compare its new fingerprint and pair again.",
      "fingerprint" in trust ? "fingerprint" : undefined,
    );
  }
  // The verified bytes are the ones parsed above (generalVerify checked that payload), parsed again to be sure.
  return identityStatement.parse(JSON.parse(new TextDecoder().decode(payload)));
}

/** Fetches a node's identity document from its endpoint (GET {endpoint}/api/v1/exchange/identity). */
export async function fetchIdentity(endpoint: string, timeoutMs = 10_000): Promise<unknown> {
  const url = `${endpoint.replace(/\/+$/, "")}/api/v1/exchange/identity`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" }, redirect: "error" });
  } catch (err) {
    throw new DomainError(
      502,
      "partner_unreachable",
      `The partner's node at ${endpoint} could not be reached (${err instanceof Error ? err.message : "network error"}).`,
      "endpoint",
    );
  }
  if (!res.ok)
    throw worded(
      new DomainError(502, "partner_unreachable", `The partner's node at ${endpoint} answered ${res.status} for its identity.`, "endpoint"),
      "partnerAnswered",
      { endpoint, status: res.status },
    );
  const length = Number(res.headers.get("content-length") ?? "0");
  if (length > MAX_IDENTITY_BYTES)
    throw new DomainError(502, "partner_unreachable", "The partner's identity document is too large.", "endpoint");
  const text = await res.text();
  if (text.length > MAX_IDENTITY_BYTES)
    throw new DomainError(502, "partner_unreachable", "The partner's identity document is too large.", "endpoint");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new IdentityError(422, "identity_invalid", "The partner's identity document is not JSON.");
  }
}
