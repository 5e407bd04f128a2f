/**
 * Key fingerprints: the RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key. Two central
 * authorities compare the fingerprint of each other's current signing key by telephone or diplomatic
 * note before they trust each other, so it is also shown in groups of four characters to read aloud.
 * The thumbprint is also the key's `kid`: a key id that names exactly one key and cannot be reused.
 */
import { calculateJwkThumbprint, type JWK } from "./jose.js";

/** The RFC 7638 thumbprint (SHA-256, base64url, 43 characters) of a public JWK. */
export async function fingerprintOf(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, "sha256");
}

/** The fingerprint in groups of four characters separated by spaces, for reading aloud or printing. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(" ");
}

/**
 * A fingerprint as typed or pasted by a person: spaces and line breaks removed. Case and hyphens are
 * kept: base64url distinguishes upper and lower case and uses "-" as a character.
 */
export function normaliseFingerprint(text: string): string {
  return text.replace(/\s+/g, "");
}

/** Whether a text (after normalising) has the shape of a SHA-256 base64url thumbprint. */
export function isFingerprint(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(normaliseFingerprint(text));
}
