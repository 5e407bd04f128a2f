/**
 * Signed packages between two nodes without a network link (issue 13 §3): RU pairs with US from US's
 * identity document handed over as a file and the fingerprint read aloud; US writes a package (the
 * envelope, the Word and PDF request) and RU reads it. Each alteration of the file is refused with its
 * reason, and nothing is handed on. The first node runs on the test database (PostgreSQL when
 * DATABASE_URL is set), the second on embedded PGlite.
 */
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/support/app.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import { identityDocument } from "./identity.js";
import { type Keyring, openKeyring } from "./keyring.js";
import { readPackage, writePackage } from "./packages.js";
import { addPartner } from "./partnerRegistrar.js";
import { partnerDirectory, type TrustedPartner } from "./partners.js";
import { revokeKey } from "./rotation.js";

const PASSPHRASE = "package test passphrase, Ελλάδα";
const ADMIN = { userId: null, label: "test administrator" };
const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));

interface Node {
  database: OpenDatabase;
  keyring: Keyring;
}

async function node(database: OpenDatabase, jurisdiction: string, authority: string): Promise<Node> {
  const endpoint = `https://rogatory.${jurisdiction.toLowerCase()}.test`;
  return {
    database,
    keyring: await openKeyring({ db: database.db, clock, node: { jurisdiction, authority, endpoint }, passphrase: PASSPHRASE }),
  };
}

/** Pairs `from` with `to` offline: `to`'s identity document as a file, its fingerprint read aloud. */
async function pairOffline(from: Node, to: Node): Promise<TrustedPartner> {
  const file = JSON.parse(JSON.stringify(await identityDocument(to.keyring)));
  const ctx = {
    db: from.database.db,
    clock,
    keyring: from.keyring,
    fetchIdentity: async () => {
      throw new Error("no network between the nodes");
    },
  };
  return addPartner(ctx, ADMIN, { identity: file, fingerprint: file.fingerprintGrouped }, { ip: null });
}

let us: Node;
let ru: Node;
let ruAtUs: TrustedPartner;
let usAtRu: TrustedPartner;

const envelope = {
  v: 1,
  kind: "request",
  from: { jurisdiction: "US" },
  to: { jurisdiction: "RU" },
  body: { title: "Testimony and records — Иванов И. И.", urgent: false },
};
const word = new TextEncoder().encode("PK… the Word request");
const pdf = new TextEncoder().encode("%PDF-1.7 the PDF request");

beforeAll(async () => {
  us = await node(await openTestDatabase(), "US", "Office of International Affairs");
  ru = await node(await openDatabase({ dataDir: "memory://" }), "RU", "Генеральная прокуратура Российской Федерации");
  ruAtUs = await pairOffline(us, ru);
  usAtRu = await pairOffline(ru, us);
}, 120_000);

afterAll(async () => {
  await us?.database.close();
  await ru?.database.close();
});

async function packageFromUs(): Promise<Uint8Array> {
  const { bytes } = await writePackage(us.keyring, {
    to: { jurisdiction: "RU" },
    envelope,
    files: [
      {
        name: "Запрос US-2018-0001.docx",
        contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        bytes: word,
      },
      { name: "request.pdf", contentType: "application/pdf", bytes: pdf },
    ],
  });
  return bytes;
}

/** The package with one entry's content replaced. */
async function withEntry(bytes: Uint8Array, name: string, content: Uint8Array | string | null): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  if (content === null) zip.remove(name);
  else zip.file(name, content);
  return zip.generateAsync({ type: "uint8array" });
}

describe("signed packages", () => {
  it("pairing offline recorded the partner from its identity file and the endpoint it states", () => {
    expect(ruAtUs).toMatchObject({ jurisdiction: "RU", endpoint: "https://rogatory.ru.test" });
    expect(usAtRu).toMatchObject({ jurisdiction: "US", authority: "Office of International Affairs" });
  });

  it("RU reads what US wrote: the envelope, the documents with their non-ASCII names, who signed", async () => {
    const r = await readPackage(ru.keyring, partnerDirectory(ru.database.db), await packageFromUs(), clock.now());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.partner.id).toBe(usAtRu.id);
    expect(r.envelope).toEqual(envelope);
    expect(r.files.map((f) => f.name)).toEqual(["Запрос US-2018-0001.docx", "request.pdf"]);
    expect(Buffer.from(r.files[1]?.bytes ?? []).toString()).toBe("%PDF-1.7 the PDF request");
    expect(r.manifest.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.manifest.from.fingerprint).toBe((await us.keyring.current("sig")).fingerprint);
  });

  it("refuses a package with a document, the envelope or the readable manifest changed", async () => {
    const bytes = await packageFromUs();
    const dir = partnerDirectory(ru.database.db);
    for (const [name, content] of [
      ["request.pdf", "%PDF-1.7 the PDF request, altered"],
      ["envelope.json", JSON.stringify({ ...envelope, body: { title: "something else" } })],
      ["manifest.json", "{}"],
    ] as const) {
      const r = await readPackage(ru.keyring, dir, await withEntry(bytes, name, content), clock.now());
      expect(r, name).toMatchObject({ ok: false, reason: "signature_invalid" });
    }
  });

  it("refuses a missing file, an unlisted file, no signature, a forged signature and what is not a zip", async () => {
    const bytes = await packageFromUs();
    const dir = partnerDirectory(ru.database.db);
    expect(await readPackage(ru.keyring, dir, await withEntry(bytes, "request.pdf", null), clock.now())).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(await readPackage(ru.keyring, dir, await withEntry(bytes, "extra.exe", "MZ"), clock.now())).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    expect(await readPackage(ru.keyring, dir, await withEntry(bytes, "manifest.jws", null), clock.now())).toMatchObject({
      ok: false,
      reason: "malformed",
    });
    const zip = await JSZip.loadAsync(bytes);
    const jws = (await zip.file("manifest.jws")?.async("string")) as string;
    const [h, p, s] = jws.split(".") as [string, string, string];
    const forged = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    expect(await readPackage(ru.keyring, dir, await withEntry(bytes, "manifest.jws", forged), clock.now())).toMatchObject({
      ok: false,
      reason: "signature_invalid",
    });
    expect(await readPackage(ru.keyring, dir, new TextEncoder().encode("not a zip"), clock.now())).toMatchObject({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuses a package addressed to another jurisdiction, and one read back by its own sender", async () => {
    const { bytes } = await writePackage(us.keyring, { to: { jurisdiction: "GB" }, envelope, files: [] });
    expect(await readPackage(ru.keyring, partnerDirectory(ru.database.db), bytes, clock.now())).toMatchObject({
      ok: false,
      reason: "not_for_us",
    });
    const own = await packageFromUs();
    expect(await readPackage(us.keyring, partnerDirectory(us.database.db, { keyring: us.keyring }), own, clock.now())).toMatchObject({
      ok: false,
      reason: "unknown_sender",
    });
  });

  it("refuses a package from a node that is not a partner, and one signed with a key revoked since", async () => {
    const gb = await node(await openDatabase({ dataDir: "memory://" }), "GB", "UK Central Authority");
    try {
      const { bytes } = await writePackage(gb.keyring, { to: { jurisdiction: "RU" }, envelope, files: [] });
      expect(await readPackage(ru.keyring, partnerDirectory(ru.database.db), bytes, clock.now())).toMatchObject({
        ok: false,
        reason: "unknown_sender",
      });
    } finally {
      await gb.database.close();
    }
    const old = await packageFromUs();
    clock.advance(60_000);
    await revokeKey(us.keyring, ADMIN, (await us.keyring.current("sig")).kid);
    // RU learns the revocation from US's new identity file, compared again by fingerprint (the old key is revoked).
    const file = JSON.parse(JSON.stringify(await identityDocument(us.keyring)));
    const { refreshPartner } = await import("./partnerRegistrar.js");
    await refreshPartner(
      { db: ru.database.db, clock, keyring: ru.keyring, fetchIdentity: async () => file },
      ADMIN,
      usAtRu.id,
      { fingerprint: file.fingerprint },
      { ip: null },
    );
    expect(await readPackage(ru.keyring, partnerDirectory(ru.database.db), old, clock.now())).toMatchObject({
      ok: false,
      reason: "key_revoked",
    });
    expect((await readPackage(ru.keyring, partnerDirectory(ru.database.db), await packageFromUs(), clock.now())).ok).toBe(true);
  });

  it("refuses a zip whose entries declare more than the limit once uncompressed, before inflating them", async () => {
    // 300 MiB of zeros compress to about 300 KiB.
    const zip = new JSZip();
    zip.file("manifest.jws", "x");
    zip.file("bomb.bin", new Uint8Array(300 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(await readPackage(ru.keyring, partnerDirectory(ru.database.db), bomb, clock.now())).toMatchObject({
      ok: false,
      reason: "oversized",
    });
  }, 60_000);
});
