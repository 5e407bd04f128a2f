/**
 * What the Partners page shows before an administrator adds a partner: the identity a node states
 * about itself, read from its endpoint, so the fingerprint can be compared group by group with the
 * one the partner authority reads aloud. Nothing is stored; the pairing itself (addPartner) reads the
 * identity again and checks it against the fingerprint the administrator typed.
 */
import { DomainError } from "../errors.js";
import { groupFingerprint } from "./fingerprint.js";
import { fetchIdentity, IdentityError, verifyIdentity } from "./identity.js";
import { normaliseEndpoint, type PartnersContext } from "./partnerRegistrar.js";

/** A node's identity as it states it, checked only for being signed by the key it names. */
export interface PartnerPreview {
  endpoint: string;
  jurisdiction: string;
  authority: string;
  fingerprint: string;
  fingerprintGrouped: string;
  issuedAt: string;
  keys: { kid: string; use: "sig" | "enc"; alg: string; status: string; fingerprintGrouped: string }[];
  /** Already a partner of this node (then adding it again is refused). */
  alreadyPartner: boolean;
}

/** Reads a node's identity for the administrator to compare; the signature is checked against the key the document names, which proves consistency, not trust. */
export async function previewPartner(ctx: PartnersContext, endpointText: string): Promise<PartnerPreview> {
  const endpoint = normaliseEndpoint(endpointText);
  const document = await (ctx.fetchIdentity ?? fetchIdentity)(endpoint);
  const stated = typeof document === "object" && document !== null ? (document as { fingerprint?: unknown }).fingerprint : undefined;
  if (typeof stated !== "string")
    throw new IdentityError(
      422,
      "identity_invalid",
      "The node's identity document names no fingerprint: it is not a Rogatory node, or not a compatible one.",
      "endpoint",
    );
  let statement: Awaited<ReturnType<typeof verifyIdentity>>;
  try {
    statement = await verifyIdentity(document, { fingerprint: stated });
  } catch (err) {
    if (err instanceof DomainError)
      throw new IdentityError(
        422,
        "identity_invalid",
        "The node's identity document is not signed by the key it names: do not pair with it, and tell the partner authority.",
        "endpoint",
      );
    throw err;
  }
  const own = new Set((await ctx.keyring.keys()).map((k) => k.kid));
  if (statement.keys.some((k) => own.has(k.kid))) throw new DomainError(422, "own_node", "That endpoint is this node itself.", "endpoint");
  const taken = await ctx.db.selectFrom("exchange_partner").select("id").where("endpoint", "=", endpoint).executeTakeFirst();
  return {
    endpoint,
    jurisdiction: statement.jurisdiction,
    authority: statement.authority,
    fingerprint: statement.fingerprint,
    fingerprintGrouped: groupFingerprint(statement.fingerprint),
    issuedAt: statement.issuedAt,
    keys: statement.keys.map((k) => ({
      kid: k.kid,
      use: k.use,
      alg: k.alg,
      status: k.status,
      fingerprintGrouped: groupFingerprint(k.kid),
    })),
    alreadyPartner: taken !== undefined,
  };
}
