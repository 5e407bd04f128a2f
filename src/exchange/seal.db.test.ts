/**
 * Keys, identity, pairing and sealing between nodes (issue 13 §1, §2 and the attacks of §5): each node
 * has its own database (the first on the test database — PostgreSQL when DATABASE_URL is set — the
 * others on embedded PGlite) and reads the others' identity documents as served. Every refusal is
 * checked for its reason; a sealed message is checked by what the receiving node recovers.
 */
import { CompactEncrypt, CompactSign, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../test/support/app.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { DomainError } from "../errors.js";
import { ManualClock } from "../security/clock.js";
import { groupFingerprint } from "./fingerprint.js";
import { identityDocument } from "./identity.js";
import { type Keyring, KeyringError, openKeyring } from "./keyring.js";
import { addPartner, refreshForDirectory, refreshPartner, setPartnerStatus } from "./partnerRegistrar.js";
import { partnerDirectory, readPartner, type TrustedPartner } from "./partners.js";
import { activateNextKeys, revokeKey, rotateKeys } from "./rotation.js";
import { MAX_SEALED_BYTES, seal, signDetached, unseal, verifySigned } from "./seal.js";

const PASSPHRASE = "correct horse battery staple, Москва";
const ADMIN = { userId: null, label: "test administrator" };
const NO_IP = { ip: null };

interface Node {
  database: OpenDatabase;
  keyring: Keyring;
  /** The identity documents of the nodes, by endpoint, as each node's route would serve them. */
  endpoint: string;
}

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
const nodes = new Map<string, Node>();

/** Reads the identity document of the node at an endpoint, as GET /api/v1/exchange/identity answers it. */
async function served(endpoint: string): Promise<unknown> {
  const node = nodes.get(endpoint);
  if (!node) throw new DomainError(502, "partner_unreachable", "no node there");
  // Through JSON, as it travels.
  return JSON.parse(JSON.stringify(await identityDocument(node.keyring)));
}

async function makeNode(jurisdiction: string, authority: string, database: OpenDatabase): Promise<Node> {
  const endpoint = `https://rogatory.${jurisdiction.toLowerCase()}.test`;
  const keyring = await openKeyring({ db: database.db, clock, node: { jurisdiction, authority, endpoint }, passphrase: PASSPHRASE });
  const node = { database, keyring, endpoint };
  nodes.set(endpoint, node);
  return node;
}

const ctxOf = (n: Node) => ({ db: n.database.db, clock, keyring: n.keyring, fetchIdentity: served });
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Pairs `from` with `to` by `to`'s current signing fingerprint; returns `to` as `from` trusts it. */
async function pair(from: Node, to: Node): Promise<TrustedPartner> {
  const fingerprint = (await to.keyring.current("sig")).fingerprint;
  const view = await addPartner(ctxOf(from), ADMIN, { endpoint: to.endpoint, fingerprint: groupFingerprint(fingerprint) }, NO_IP);
  return view;
}

let us: Node;
let ru: Node;
let gb: Node;
let ruAtUs: TrustedPartner;
let usAtRu: TrustedPartner;
let gbAtRu: TrustedPartner;
let ruAtGb: TrustedPartner;

beforeAll(async () => {
  us = await makeNode("US", "Office of International Affairs", await openTestDatabase());
  ru = await makeNode("RU", "Генеральная прокуратура Российской Федерации", await openDatabase({ dataDir: "memory://" }));
  gb = await makeNode("GB", "UK Central Authority", await openDatabase({ dataDir: "memory://" }));
  ruAtUs = await pair(us, ru);
  usAtRu = await pair(ru, us);
  gbAtRu = await pair(ru, gb);
  ruAtGb = await pair(gb, ru);
}, 120_000);

afterAll(async () => {
  for (const n of nodes.values()) await n.database.close();
});

describe("keys at rest", () => {
  it("stores no private key in clear: the private JWK is a PBES2 JWE and no row carries a 'd' member", async () => {
    const rows = await us.database.db.selectFrom("node_key").selectAll().execute();
    expect(rows.map((r) => r.use).sort()).toEqual(["enc", "sig"]);
    for (const r of rows) {
      expect(JSON.stringify(r.public_jwk)).not.toMatch(/"d"/);
      expect(r.private_jwe.split(".")).toHaveLength(5);
      const header = JSON.parse(Buffer.from(r.private_jwe.split(".")[0] as string, "base64url").toString());
      expect(header.alg).toBe("PBES2-HS512+A256KW");
      expect(header.p2c).toBeGreaterThanOrEqual(210_000);
    }
    // The whole table as text: no private scalar anywhere.
    const dump = JSON.stringify(rows);
    expect(dump).not.toMatch(/"d":"/);
  });

  it("refuses to open the keys with another passphrase, and a passphrase too short", async () => {
    await expect(
      openKeyring({ db: us.database.db, clock, node: us.keyring.node, passphrase: "another passphrase entirely" }),
    ).rejects.toThrow(KeyringError);
    await expect(openKeyring({ db: us.database.db, clock, node: us.keyring.node, passphrase: "short" })).rejects.toThrow(/at least 16/);
  });

  it("reopening with the right passphrase keeps the same keys (first start only creates them)", async () => {
    const before = (await us.keyring.current("sig")).kid;
    const again = await openKeyring({ db: us.database.db, clock, node: us.keyring.node, passphrase: PASSPHRASE });
    expect((await again.current("sig")).kid).toBe(before);
    expect(await us.database.db.selectFrom("node_key").select("kid").execute()).toHaveLength(2);
  });
});

describe("identity and pairing", () => {
  it("publishes the current signing key's fingerprint, grouped for reading aloud, and both keys", async () => {
    const doc = await identityDocument(us.keyring);
    const sig = await us.keyring.current("sig");
    expect(doc.fingerprint).toBe(sig.fingerprint);
    expect(doc.fingerprintGrouped.replace(/ /g, "")).toBe(sig.fingerprint);
    expect(doc.fingerprintGrouped.split(" ")[0]).toHaveLength(4);
    expect(doc.keys.map((k) => `${k.use}:${k.alg}:${k.status}`).sort()).toEqual(["enc:ECDH-ES:current", "sig:ES256:current"]);
    expect(doc.signed.signatures).toHaveLength(1);
  });

  it("pairing recorded the partner's jurisdiction, authority (non-ASCII) and both keys", async () => {
    expect(ruAtUs.jurisdiction).toBe("RU");
    expect(ruAtUs.authority).toBe("Генеральная прокуратура Российской Федерации");
    expect(ruAtUs.fingerprint).toBe((await ru.keyring.current("sig")).fingerprint);
    const keys = await us.database.db.selectFrom("partner_key").select(["use", "status"]).where("partner_id", "=", ruAtUs.id).execute();
    expect(keys.map((k) => `${k.use}:${k.status}`).sort()).toEqual(["enc:current", "sig:current"]);
  });

  it("refuses a wrong fingerprint with 422 fingerprint_mismatch and stores nothing", async () => {
    const third = await makeNode("FR", "Bureau de l'entraide pénale internationale", await openDatabase({ dataDir: "memory://" }));
    const wrong = (await gb.keyring.current("sig")).fingerprint;
    const before = await us.database.db.selectFrom("exchange_partner").select("id").execute();
    const audit = await us.database.db.selectFrom("audit_event").select("seq").execute();
    const err = await addPartner(ctxOf(us), ADMIN, { endpoint: third.endpoint, fingerprint: wrong }, NO_IP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).status).toBe(422);
    expect((err as DomainError).code).toBe("fingerprint_mismatch");
    expect(await us.database.db.selectFrom("exchange_partner").select("id").execute()).toEqual(before);
    expect(await us.database.db.selectFrom("audit_event").select("seq").execute()).toHaveLength(audit.length);
    // The encryption key's fingerprint is not the signing key's: refused too.
    const encFingerprint = (await third.keyring.current("enc")).fingerprint;
    await expect(addPartner(ctxOf(us), ADMIN, { endpoint: third.endpoint, fingerprint: encFingerprint }, NO_IP)).rejects.toMatchObject({
      code: "fingerprint_mismatch",
    });
    await third.database.close();
    nodes.delete(third.endpoint);
  });

  it("refuses a document whose signature was made by another key than the one it names", async () => {
    const doc = (await served(gb.endpoint)) as { signed: { signatures: { protected: string; signature: string }[] } };
    const other = (await served(us.endpoint)) as { signed: { signatures: { signature: string }[] } };
    (doc.signed.signatures[0] as { signature: string }).signature = other.signed.signatures[0]?.signature as string;
    const ctx = { ...ctxOf(us), fetchIdentity: async () => doc };
    await expect(
      addPartner(ctx, ADMIN, { endpoint: "https://rogatory.gb2.test", fingerprint: (await gb.keyring.current("sig")).fingerprint }, NO_IP),
    ).rejects.toMatchObject({ code: "fingerprint_mismatch" });
  });

  it("refuses pairing with this node itself", async () => {
    const fingerprint = (await us.keyring.current("sig")).fingerprint;
    await expect(addPartner(ctxOf(us), ADMIN, { endpoint: us.endpoint, fingerprint }, NO_IP)).rejects.toMatchObject({ code: "own_node" });
  });
});

describe("seal and unseal", () => {
  const now = () => clock.now();

  it("carries a payload from US to RU; RU knows who signed it and keeps the JWS", async () => {
    const body = "Запрос о правовой помощи — testimony and records, 13 July 2018";
    const sealed = await seal(us.keyring, ruAtUs, bytes(body));
    const opened = await unseal(ru.keyring, partnerDirectory(ru.database.db), sealed, now());
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(text(opened.payload)).toBe(body);
    expect(opened.partner.id).toBe(usAtRu.id);
    expect(opened.kid).toBe((await us.keyring.current("sig")).kid);
    // The kept JWS verifies on its own (e.g. later, as proof).
    const again = await verifySigned(partnerDirectory(ru.database.db), opened.jws, now());
    expect(again.ok && text(again.payload)).toBe(body);
  });

  it("refuses a message with one byte changed, wherever the byte is", async () => {
    const sealed = await seal(us.keyring, ruAtUs, bytes("one byte"));
    const parts = sealed.split(".");
    // Change one character of the ciphertext, the tag, the IV and the protected header in turn.
    for (const [index, expected] of [
      [3, "decryption_failed"],
      [4, "decryption_failed"],
      [2, "decryption_failed"],
      [0, ["malformed", "decryption_failed", "not_for_us"]],
    ] as const) {
      const p = [...parts];
      const s = p[index] as string;
      const i = Math.floor(s.length / 2);
      p[index] = s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
      const r = await unseal(ru.keyring, partnerDirectory(ru.database.db), p.join("."), now());
      expect(r.ok).toBe(false);
      if (!r.ok) expect([expected].flat()).toContain(r.reason);
    }
  });

  it("refuses a message sealed to another node (the JWE names a key that is not ours)", async () => {
    const toGb = await seal(ru.keyring, gbAtRu, bytes("for GB"));
    const r = await unseal(us.keyring, partnerDirectory(us.database.db), toGb, now());
    expect(r).toMatchObject({ ok: false, reason: "not_for_us" });
  });

  it("refuses a message from a node that is not a partner", async () => {
    // GB trusts RU and seals to it; US has never paired with GB, so RU→US works but GB→US does not.
    const gbTrustsUs = await pair(gb, us);
    const sealed = await seal(gb.keyring, gbTrustsUs, bytes("from GB"));
    const r = await unseal(us.keyring, partnerDirectory(us.database.db), sealed, now());
    expect(r).toMatchObject({ ok: false, reason: "unknown_sender" });
  });

  it("refuses a message signed by an unknown key, even with a known partner's endpoint in the header", async () => {
    const { privateKey } = await generateKeyPair("ES256");
    const jws = await new CompactSign(bytes("forged"))
      .setProtectedHeader({ alg: "ES256", kid: "x".repeat(43), typ: "rogatory-message+jws", iss: us.endpoint })
      .sign(privateKey);
    const enc = await ru.keyring.current("enc");
    const encJwk = (await ru.keyring.keys()).find((k) => k.kid === enc.kid)?.jwk;
    const { importJWK } = await import("jose");
    const sealed = await new CompactEncrypt(bytes(jws))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: enc.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(encJwk as never, "ECDH-ES"));
    // The directory refreshes US's identity once (it may have rotated) and still does not find the key.
    const directory = partnerDirectory(ru.database.db, { refresh: refreshForDirectory(ctxOf(ru)), clock });
    const r = await unseal(ru.keyring, directory, sealed, now());
    expect(r).toMatchObject({ ok: false, reason: "unknown_key" });
    if (!r.ok) expect(r.partner?.id).toBe(usAtRu.id);
    // A valid key but a forged signature over other content.
    const real = await signDetached(us.keyring, bytes("real"));
    const [h, , s] = real.split(".");
    const forged = `${h}.${Buffer.from("forged").toString("base64url")}.${s}`;
    expect(await verifySigned(partnerDirectory(ru.database.db), forged, now())).toMatchObject({ ok: false, reason: "signature_invalid" });
  });

  it("refuses malformed JWE and JWS, and an oversized message before reading it", async () => {
    const dir = partnerDirectory(ru.database.db);
    for (const bad of ["", "not a jwe", "a.b.c.d", "a.b.c.d.e", "....", "eyJhbGciOiJub25lIn0.....", "a.b.c.d.e.f"]) {
      expect(await unseal(ru.keyring, dir, bad, now())).toMatchObject({ ok: false, reason: "malformed" });
    }
    // A well-formed JWE to RU whose content is not a JWS.
    const enc = await ru.keyring.current("enc");
    const { importJWK } = await import("jose");
    const encJwk = (await ru.keyring.keys()).find((k) => k.kid === enc.kid)?.jwk;
    const notJws = await new CompactEncrypt(bytes("plain text, not signed"))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: enc.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(encJwk as never, "ECDH-ES"));
    expect(await unseal(ru.keyring, dir, notJws, now())).toMatchObject({ ok: false, reason: "malformed" });
    // A receipt (signDetached) is not a message, even encrypted to the right key.
    const receipt = await signDetached(us.keyring, bytes("{}"));
    const wrapped = await new CompactEncrypt(bytes(receipt))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: enc.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(encJwk as never, "ECDH-ES"));
    expect(await unseal(ru.keyring, dir, wrapped, now())).toMatchObject({ ok: false, reason: "malformed" });
    const huge = "A".repeat(MAX_SEALED_BYTES + 1);
    expect(await unseal(ru.keyring, dir, huge, now())).toMatchObject({ ok: false, reason: "oversized" });
    expect(await verifySigned(dir, "x.y", now())).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("refuses one of this node's own messages sent back to it (a reflection), even when the directory knows its keys", async () => {
    // What US sealed to RU, opened by RU and re-encrypted to US: signed by US itself.
    const opened = await unseal(ru.keyring, partnerDirectory(ru.database.db), await seal(us.keyring, ruAtUs, bytes("ours")), now());
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const enc = await us.keyring.current("enc");
    const encJwk = (await us.keyring.keys()).find((k) => k.kid === enc.kid)?.jwk;
    const { importJWK } = await import("jose");
    const reflected = await new CompactEncrypt(bytes(opened.jws))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: enc.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(encJwk as never, "ECDH-ES"));
    const r = await unseal(us.keyring, partnerDirectory(us.database.db, { keyring: us.keyring }), reflected, now());
    expect(r).toMatchObject({ ok: false, reason: "unknown_sender" });
  });

  it("verifies this node's own signatures as 'self' when the directory has the keyring", async () => {
    const jws = await signDetached(us.keyring, bytes("receipt"));
    const r = await verifySigned(partnerDirectory(us.database.db, { keyring: us.keyring }), jws, now());
    expect(r.ok && r.partner.id).toBe("self");
    expect(await verifySigned(partnerDirectory(us.database.db), jws, now())).toMatchObject({ ok: false, reason: "unknown_sender" });
  });

  it("refuses messages from a suspended partner, and seals nothing to it", async () => {
    const read = await readPartner(ru.database.db, usAtRu.id);
    const view = await setPartnerStatus(ctxOf(ru), ADMIN, usAtRu.id, { status: "suspended", version: read?.version as number }, NO_IP);
    expect(view.status).toBe("suspended");
    const sealed = await seal(us.keyring, ruAtUs, bytes("while suspended"));
    expect(await unseal(ru.keyring, partnerDirectory(ru.database.db), sealed, now())).toMatchObject({
      ok: false,
      reason: "unknown_sender",
    });
    await expect(seal(ru.keyring, view, bytes("x"))).rejects.toThrow(/suspended/);
    await expect(
      setPartnerStatus(ctxOf(ru), ADMIN, usAtRu.id, { status: "active", version: read?.version as number }, NO_IP),
    ).rejects.toMatchObject({
      code: "version_conflict",
    });
    await setPartnerStatus(ctxOf(ru), ADMIN, usAtRu.id, { status: "active", version: view.version }, NO_IP);
    expect((await unseal(ru.keyring, partnerDirectory(ru.database.db), sealed, now())).ok).toBe(true);
  });
});

describe("rotation and revocation", () => {
  it("a next key is learnt by refresh; after activation both are accepted during the overlap, the old one refused after it", async () => {
    const oldSig = (await us.keyring.current("sig")).kid;
    const old = await seal(us.keyring, ruAtUs, bytes("signed with the old key"));
    const [nextSig] = (await rotateKeys(us.keyring, ADMIN)).filter((k) => k.use === "sig");
    // The document is now signed by both keys; RU trusts the old one and so learns the next.
    expect((await identityDocument(us.keyring)).signed.signatures).toHaveLength(2);
    await refreshPartner(ctxOf(ru), ADMIN, usAtRu.id, {}, NO_IP);
    const learnt = await ru.database.db
      .selectFrom("partner_key")
      .select(["kid", "status"])
      .where("kid", "=", nextSig?.kid as string)
      .execute();
    expect(learnt).toEqual([{ kid: nextSig?.kid, status: "next" }]);

    await activateNextKeys(us.keyring, ADMIN, 7);
    const fresh = await seal(us.keyring, ruAtUs, bytes("signed with the new key"));
    const dir = partnerDirectory(ru.database.db, { refresh: refreshForDirectory(ctxOf(ru)), clock });
    // Before RU refreshes: the new key is known as "next" and accepted; the old one is still current there.
    expect((await unseal(ru.keyring, dir, fresh, clock.now())).ok).toBe(true);
    expect((await unseal(ru.keyring, dir, old, clock.now())).ok).toBe(true);
    await refreshPartner(ctxOf(ru), ADMIN, usAtRu.id, {}, NO_IP);
    const oldRow = await ru.database.db.selectFrom("partner_key").selectAll().where("kid", "=", oldSig).executeTakeFirstOrThrow();
    expect(oldRow.status).toBe("retired");
    // Within the overlap: accepted. After it: refused as retired.
    expect((await unseal(ru.keyring, dir, old, new Date(clock.now().getTime() + 6 * 86_400_000))).ok).toBe(true);
    expect(await unseal(ru.keyring, dir, old, new Date(clock.now().getTime() + 8 * 86_400_000))).toMatchObject({
      ok: false,
      reason: "key_retired",
    });
    // RU encrypts to US's new encryption key; US still opens messages to its old one during the overlap.
    const usAtRuNow = (await partnerDirectory(ru.database.db).get(usAtRu.id)) as TrustedPartner;
    expect(usAtRuNow.fingerprint).toBe(nextSig?.kid);
    const reply = await seal(ru.keyring, usAtRuNow, bytes("reply"));
    expect((await unseal(us.keyring, partnerDirectory(us.database.db), reply, clock.now())).ok).toBe(true);
  });

  it("a revoked key is refused from the instant of revocation, at the node itself and, after a refresh, at partners", async () => {
    // RU rotates and activates, so US learns RU's next key, then RU revokes its old (retired) key.
    await rotateKeys(ru.keyring, ADMIN);
    await refreshPartner(ctxOf(us), ADMIN, ruAtUs.id, {}, NO_IP);
    const oldSig = (await ru.keyring.current("sig")).kid;
    const oldEnc = (await ru.keyring.current("enc")).kid;
    const before = await seal(ru.keyring, (await partnerDirectory(ru.database.db).get(usAtRu.id)) as TrustedPartner, bytes("before"));
    const toOldEnc = await seal(us.keyring, ruAtUs, bytes("to RU's old encryption key"));
    await activateNextKeys(ru.keyring, ADMIN, 30);
    clock.advance(60_000);
    const revokedAt = clock.now();
    await revokeKey(ru.keyring, ADMIN, oldSig);
    await revokeKey(ru.keyring, ADMIN, oldEnc);
    // At RU itself: a message to its revoked encryption key is refused at once.
    expect(await unseal(ru.keyring, partnerDirectory(ru.database.db), toOldEnc, revokedAt)).toMatchObject({
      ok: false,
      reason: "key_revoked",
    });
    // At US after a refresh (the document is signed by RU's new key, which US learnt as "next").
    await refreshPartner(ctxOf(us), ADMIN, ruAtUs.id, {}, NO_IP);
    const dir = partnerDirectory(us.database.db);
    expect(await unseal(us.keyring, dir, before, revokedAt)).toMatchObject({ ok: false, reason: "key_revoked" });
    // A later document cannot undo the revocation.
    const row = await us.database.db.selectFrom("partner_key").selectAll().where("kid", "=", oldSig).executeTakeFirstOrThrow();
    expect(row.status).toBe("revoked");
    expect(new Date(row.revoked_at as Date).toISOString()).toBe(revokedAt.toISOString());
  });

  it("revoking the only signing key needs the fingerprint compared again; an older document is refused", async () => {
    const stale = await served(gb.endpoint);
    clock.advance(1000);
    await refreshPartner(ctxOf(ru), ADMIN, gbAtRu.id, {}, NO_IP);
    await expect(refreshPartner({ ...ctxOf(ru), fetchIdentity: async () => stale }, ADMIN, gbAtRu.id, {}, NO_IP)).rejects.toMatchObject({
      code: "identity_stale",
    });
    const { revoked, replacedBy } = await revokeKey(gb.keyring, ADMIN, (await gb.keyring.current("sig")).kid);
    expect(revoked.status).toBe("revoked");
    expect(replacedBy?.status).toBe("current");
    clock.advance(1000);
    await expect(refreshPartner(ctxOf(ru), ADMIN, gbAtRu.id, {}, NO_IP)).rejects.toMatchObject({ code: "identity_untrusted" });
    await expect(
      refreshPartner(ctxOf(ru), ADMIN, gbAtRu.id, { fingerprint: (await gb.keyring.current("enc")).fingerprint }, NO_IP),
    ).rejects.toMatchObject({ code: "fingerprint_mismatch" });
    const view = await refreshPartner(ctxOf(ru), ADMIN, gbAtRu.id, { fingerprint: replacedBy?.fingerprint as string }, NO_IP);
    expect(view.fingerprint).toBe(replacedBy?.fingerprint);
    expect(view.keys.find((k) => k.kid === revoked.kid)?.status).toBe("revoked");
    // GB, which missed RU's rotation, compares RU's fingerprint again too, then the two talk with their new keys.
    const ruNow = await refreshPartner(ctxOf(gb), ADMIN, ruAtGb.id, { fingerprint: (await ru.keyring.current("sig")).fingerprint }, NO_IP);
    const fresh = await seal(gb.keyring, ruNow, bytes("hi"));
    expect((await unseal(ru.keyring, partnerDirectory(ru.database.db), fresh, clock.now())).ok).toBe(true);
  });
});
