/**
 * Signed packages (issue 13 §3): where two central authorities have no network link between their
 * nodes, the same envelope travels as a zip file by e-mail or diplomatic bag. The zip holds the
 * envelope (`envelope.json`), the documents for people (the Word and PDF request, …), a manifest of
 * every file's SHA-256 (`manifest.json`) and the sending node's JWS over that manifest
 * (`manifest.jws`, signDetached). The package is signed, not encrypted: the receiving office may have
 * to read the Word and PDF without a node, and the channel (diplomatic bag) carries the confidentiality.
 *
 * Reading a package checks, before anything is handed on: size, that it is a zip with exactly the
 * files the manifest lists, the JWS against a trusted partner's key valid at the instant given, that it
 * is addressed to this node's jurisdiction, and every file's SHA-256 and size. The envelope then goes
 * to the same receiving path as a message arriving over the network (Part B's receiveEnvelope).
 */
import { createHash } from "node:crypto";
import JSZip from "jszip";
import { z } from "zod";
import { canonicalJson } from "../audit/trail.js";
import { isCleanText } from "../validation/schemas.js";
import type { Keyring } from "./keyring.js";
import type { PartnerDirectory, TrustedPartner } from "./partners.js";
import { type RefusalReason, signDetached, verifySigned } from "./seal.js";

export const PACKAGE_FORMAT = "rogatory-package";
/** The largest package read (a request with its documents; evidence beyond this travels otherwise). */
export const MAX_PACKAGE_BYTES = 200 * 1024 * 1024;
/** The most files a package may hold. */
const MAX_FILES = 200;

export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.jws";
export const ENVELOPE_FILE = "envelope.json";

/** A document carried in a package. */
export interface PackageFile {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

/** A file name that is only a name: no folders, no hidden files, no control characters; any script. */
const fileName = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (n) => isCleanText(n) && !/[/\\\t\n\r]/.test(n) && !n.startsWith(".") && ![MANIFEST_FILE, SIGNATURE_FILE].includes(n),
    "must be a plain file name",
  );

const listed = z.strictObject({
  name: fileName,
  contentType: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
});

/** What the sending node signs: who sends, to whom, and every file's digest. */
export const packageManifest = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  v: z.literal(1),
  from: z.strictObject({
    jurisdiction: z.string().regex(/^[A-Z]{2}$/),
    authority: z.string().min(1).max(300),
    endpoint: z.string().max(500),
    fingerprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  }),
  to: z.strictObject({ jurisdiction: z.string().regex(/^[A-Z]{2}$/) }),
  createdAt: z.iso.datetime({ offset: true }),
  envelope: listed,
  files: z.array(listed).max(MAX_FILES),
});
export type PackageManifest = z.infer<typeof packageManifest>;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Writes a package: the envelope and documents, their manifest, and this node's JWS over the manifest. */
export async function writePackage(
  keyring: Keyring,
  input: { to: { jurisdiction: string }; envelope: unknown; files: PackageFile[] },
): Promise<{ bytes: Uint8Array; manifest: PackageManifest }> {
  const names = new Set<string>([ENVELOPE_FILE]);
  for (const f of input.files) {
    fileName.parse(f.name);
    if (names.has(f.name)) throw new Error(`two files named ${f.name} in one package`);
    names.add(f.name);
  }
  const envelopeBytes = new TextEncoder().encode(canonicalJson(input.envelope));
  const sig = await keyring.current("sig");
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    v: 1,
    from: { ...keyring.node, fingerprint: sig.fingerprint },
    to: { jurisdiction: input.to.jurisdiction },
    createdAt: keyring.clock.now().toISOString(),
    envelope: { name: ENVELOPE_FILE, contentType: "application/json", sha256: sha256(envelopeBytes), size: envelopeBytes.byteLength },
    files: input.files.map((f) => ({ name: f.name, contentType: f.contentType, sha256: sha256(f.bytes), size: f.bytes.byteLength })),
  };
  const manifestBytes = new TextEncoder().encode(canonicalJson(manifest));
  const zip = new JSZip();
  // A fixed date for every entry: the same package content gives the same bytes.
  const date = new Date(manifest.createdAt);
  zip.file(MANIFEST_FILE, manifestBytes, { date });
  zip.file(SIGNATURE_FILE, await signDetached(keyring, manifestBytes), { date });
  zip.file(ENVELOPE_FILE, envelopeBytes, { date });
  for (const f of input.files) zip.file(f.name, f.bytes, { date });
  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
  return { bytes, manifest };
}

/** What reading a package gives: the verified envelope and documents, or the reason it is refused. */
export type ReadPackage =
  | { ok: true; partner: TrustedPartner; manifest: PackageManifest; envelope: unknown; files: PackageFile[]; jws: string }
  | { ok: false; reason: RefusalReason; detail: string; partner?: TrustedPartner };

const refuse = (reason: RefusalReason, detail: string, partner?: TrustedPartner): ReadPackage => ({
  ok: false,
  reason,
  detail,
  ...(partner ? { partner } : {}),
});

/** The uncompressed size the zip declares for an entry (checked again after reading). */
function declaredSize(entry: JSZip.JSZipObject): number {
  const data = (entry as unknown as { _data?: { uncompressedSize?: number } })._data;
  return typeof data?.uncompressedSize === "number" ? data.uncompressedSize : Number.POSITIVE_INFINITY;
}

/**
 * Reads and verifies a package addressed to this node, signed by a trusted partner with a key valid
 * at `at`. Nothing is written: the caller hands the envelope on to the receiving path.
 */
export async function readPackage(keyring: Keyring, partners: PartnerDirectory, bytes: Uint8Array, at: Date): Promise<ReadPackage> {
  if (bytes.byteLength > MAX_PACKAGE_BYTES) return refuse("oversized", `the package is larger than ${MAX_PACKAGE_BYTES} bytes`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch {
    return refuse("malformed", "not a zip file");
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > MAX_FILES + 3) return refuse("malformed", "the package holds too many files");
  // A zip bomb declares small compressed sizes and huge uncompressed ones: refused before inflating.
  const declared = entries.reduce((sum, e) => sum + declaredSize(e), 0);
  if (declared > MAX_PACKAGE_BYTES) return refuse("oversized", "the package's files are larger than allowed once uncompressed");
  const read = async (name: string): Promise<Uint8Array | undefined> => zip.file(name)?.async("uint8array");

  const jwsBytes = await read(SIGNATURE_FILE);
  if (!jwsBytes) return refuse("malformed", `the package has no ${SIGNATURE_FILE}`);
  const jws = new TextDecoder().decode(jwsBytes).trim();
  const verified = await verifySigned(partners, jws, at);
  if (!verified.ok) return verified;
  const partner = verified.partner;
  if (partner.id === "self") return refuse("unknown_sender", "the package was signed by this node itself", partner);

  let manifest: PackageManifest;
  try {
    manifest = packageManifest.parse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(verified.payload)));
  } catch {
    return refuse("malformed", "the signed manifest does not have the expected content", partner);
  }
  // The readable manifest.json must be the signed one, so what a person reads is what was signed.
  const shown = await read(MANIFEST_FILE);
  if (!shown || sha256(shown) !== sha256(verified.payload))
    return refuse("signature_invalid", `${MANIFEST_FILE} is not the manifest that was signed`, partner);
  if (manifest.from.jurisdiction !== partner.jurisdiction)
    return refuse(
      "unknown_sender",
      `the manifest names ${manifest.from.jurisdiction} but was signed by ${partner.jurisdiction}'s node`,
      partner,
    );
  if (manifest.to.jurisdiction !== keyring.node.jurisdiction)
    return refuse("not_for_us", `the package is addressed to ${manifest.to.jurisdiction}, not to ${keyring.node.jurisdiction}`, partner);

  const expected = new Set([MANIFEST_FILE, SIGNATURE_FILE, manifest.envelope.name, ...manifest.files.map((f) => f.name)]);
  const extra = entries.map((e) => e.name).filter((n) => !expected.has(n));
  if (extra.length > 0) return refuse("malformed", `the package holds files its manifest does not list: ${extra.join(", ")}`, partner);

  const files: PackageFile[] = [];
  let envelopeBytes: Uint8Array | undefined;
  for (const item of [manifest.envelope, ...manifest.files]) {
    const content = await read(item.name);
    if (!content) return refuse("malformed", `${item.name} is listed in the manifest but missing`, partner);
    if (content.byteLength !== item.size || sha256(content) !== item.sha256)
      return refuse("signature_invalid", `${item.name} is not the file that was signed (SHA-256 differs)`, partner);
    if (item === manifest.envelope) envelopeBytes = content;
    else files.push({ name: item.name, contentType: item.contentType, bytes: content });
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(envelopeBytes));
  } catch {
    return refuse("malformed", `${ENVELOPE_FILE} is not JSON`, partner);
  }
  return { ok: true, partner, manifest, envelope, files, jws };
}
