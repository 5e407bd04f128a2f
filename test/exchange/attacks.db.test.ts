/**
 * Attacks at the inbox endpoint through HTTP (issue 13 §2, §5): RU is a real server process; the
 * test holds the US node's database and keyring (US is RU's partner, its server never runs) and a
 * node XX that RU does not know, and posts sealed messages to RU's inbox. After one good request (an
 * incoming case at RU), each attack must be refused with its reason and a negative receipt signed by
 * RU, quarantined, and nothing written to any case: the rows of the case tables are counted before
 * and after. Part A's seal tests already prove, at the function level, the key refusals (rotated-out,
 * revoked, unknown key of a known partner) and pairing.db.test.ts the wrong fingerprint between two
 * processes; those are not repeated here.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { CompactEncrypt, importJWK } from "jose";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/trail.js";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";
import { type Envelope, GENESIS, canonicalJson, deliveryBytes, hashEnvelope } from "../../src/exchange/envelope.js";
import { type Keyring, openKeyring } from "../../src/exchange/keyring.js";
import { partnerDirectory } from "../../src/exchange/partners.js";
import { BATCH_TYP, MAX_SEALED_BYTES, seal, signMessage, verifySigned } from "../../src/exchange/seal.js";
import { systemClock } from "../../src/security/clock.js";
import { requestBody } from "../support/exchange-in-process.js";
import {
  type ExchangeNode,
  NODE_PASSPHRASE,
  addPartnerOf,
  inboxByReference,
  eventually,
  openNodeDatabase,
  prepareNode,
  startNode,
} from "../support/exchange-nodes.js";

const CASE_TABLES = [
  "case_file",
  "case_measure",
  "case_document",
  "case_correspondence",
  "case_transition",
  "case_person",
  "case_offence",
  "exchange_link",
  "exchange_message",
] as const;

let ru: ExchangeNode;
let usNode: ExchangeNode;
let us: { database: OpenDatabase; keyring: Keyring };
let xx: { database: OpenDatabase; keyring: Keyring };

beforeAll(async () => {
  const a = await prepareNode("US", "U.S. Department of Justice, Office of International Affairs");
  const b = await prepareNode("RU", "Генеральная прокуратура Российской Федерации");
  // XX: a node RU never paired with (it knows RU's keys, RU does not know it).
  const xdb = await openDatabase({ dataDir: "memory://" });
  const xkeys = await openKeyring({
    db: xdb.db,
    clock: systemClock,
    node: { jurisdiction: "FR", authority: "Ministère de la Justice (not a partner)", endpoint: "http://127.0.0.1:9" },
    passphrase: NODE_PASSPHRASE,
  });
  xx = { database: xdb, keyring: xkeys };
  await addPartnerOf(a, b, b.node.endpoint);
  await addPartnerOf(b, a, a.node.endpoint);
  await addPartnerOf(xx, b, b.node.endpoint);
  await b.database.close();
  us = a;
  usNode = a.node;
  ru = b.node;
  await startNode(ru);
}, 240_000);

afterAll(async () => {
  await ru?.server?.stop();
  await us?.database.close();
  await xx?.database.close();
  for (const d of [usNode?.dir, ru?.dir]) if (d) rmSync(d, { recursive: true, force: true });
});

const ref = `US-ATTACK-${randomUUID().slice(0, 8)}`;
let seq = 0;
let prev = GENESIS;

/** An envelope from US about the test's case (the next number unless told otherwise). */
function envelope(kind: "request" | "notice", body: unknown, over: Partial<Envelope> = {}): Envelope {
  return {
    v: 1,
    id: randomUUID(),
    kind,
    from: { jurisdiction: "US" },
    to: { jurisdiction: "RU" },
    case: { requesting: { jurisdiction: "US", reference: ref }, requested: { jurisdiction: "RU", reference: null } },
    seq: seq + 1,
    prev,
    sentAt: new Date().toISOString(),
    urgent: false,
    body,
    ...over,
  } as Envelope;
}

const notice = (text: string) => ({ topic: "other", text, dates: [] });

/** Seals an envelope from `from` (US by default) to RU, sealed at `sealedAt`. */
async function sealed(e: unknown, from = us, sealedAt = new Date()): Promise<string> {
  const partner = (await from.database.db
    .selectFrom("exchange_partner")
    .selectAll()
    .where("jurisdiction", "=", "RU")
    .executeTakeFirstOrThrow()) as never;
  return seal(from.keyring, partner, deliveryBytes({ envelope: e as Envelope, sealedAt: sealedAt.toISOString() }));
}

async function post(body: string): Promise<{ status: number; receipts: string[]; reason?: string }> {
  const res = await fetch(`${ru.endpoint}/api/v1/exchange/inbox`, {
    method: "POST",
    headers: { "content-type": "application/jose" },
    body,
  });
  const text = await res.text();
  try {
    return { status: res.status, ...(JSON.parse(text) as { receipts: string[]; reason?: string }) };
  } catch {
    return { status: res.status, receipts: [] };
  }
}

/** The payload of a receipt RU signed, checked against RU's key as US holds it. */
async function receiptOf(jws: string) {
  const opened = await verifySigned(partnerDirectory(us.database.db), jws, new Date());
  expect(opened.ok, "the receipt is signed by RU").toBe(true);
  if (!opened.ok) throw new Error("unsigned");
  expect(opened.partner.jurisdiction).toBe("RU");
  return JSON.parse(new TextDecoder().decode(opened.payload)) as { kind: string; reason: string | null; messageId: string | null };
}

async function countRows(): Promise<Record<string, number>> {
  await ru.server?.stop();
  const db = await openNodeDatabase(ru);
  const counts: Record<string, number> = {};
  try {
    for (const t of [...CASE_TABLES, "exchange_quarantine"] as const)
      counts[t] = Number(
        (
          await db.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
  } finally {
    await db.close();
  }
  await startNode(ru);
  return counts;
}

describe("attacks at the inbox, through HTTP", () => {
  let before: Record<string, number>;
  let good: string;
  const refused: string[] = [];

  it("a good request opens an incoming case at RU", async () => {
    const e = envelope("request", {
      ...requestBody(ref, { ref: "m1", measure: "testimony", description: "Take the testimony of Пётр Сергеевич Иванов" }),
      title: "Request for testimony — Ivanov investigation",
    });
    good = await sealed(e);
    const r = await post(good);
    expect(r.status, JSON.stringify(r)).toBe(200);
    expect((await Promise.all(r.receipts.map(receiptOf))).map((x) => x.kind).sort()).toEqual(["accepted", "delivered"]);
    seq = 1;
    prev = hashEnvelope(JSON.parse(canonicalJson(e)));
    await eventually("the case at RU", async () => (await inboxByReference(ru)).get(ref));
    before = await countRows();
  }, 120_000);

  const attack = (name: string, reason: string, make: () => Promise<string>) =>
    it(`${name}: refused (${reason}) with a signed negative receipt`, async () => {
      const r = await post(await make());
      expect(r.status).toBe(422);
      expect(r.reason).toBe(reason);
      expect(r.receipts).toHaveLength(1);
      const receipt = await receiptOf(r.receipts[0] as string);
      expect(receipt.kind).toBe("rejected");
      expect(receipt.reason).toMatch(new RegExp(`^${reason}:`));
      refused.push(reason);
    });

  attack("one byte of the message changed", "decryption_failed", async () => {
    const s = await sealed(envelope("notice", notice("An altered notice")));
    const parts = s.split(".");
    const c = parts[3] as string;
    parts[3] = (c[0] === "A" ? "B" : "A") + c.slice(1);
    return parts.join(".");
  });
  attack("signed by a node that is not a partner", "unknown_sender", () => sealed(envelope("notice", notice("From a stranger")), xx));
  attack("encrypted to another node's key", "not_for_us", async () => {
    // To XX's encryption key, as a message for another node would be.
    const k = await xx.database.db
      .selectFrom("node_key")
      .selectAll()
      .where("use", "=", "enc")
      .where("status", "=", "current")
      .executeTakeFirstOrThrow();
    const inner = (await sealed(envelope("notice", notice("For someone else")))).split(".")[0] as string;
    return new CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: k.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(k.public_jwk as never, "ECDH-ES"));
  });
  attack("addressed to another state in its envelope", "not_for_us", () =>
    sealed(envelope("notice", notice("For France"), { to: { jurisdiction: "FR" } })),
  );
  attack("claiming to come from another state", "not_party", () =>
    sealed(envelope("notice", notice("Posing as France"), { from: { jurisdiction: "FR" } })),
  );
  attack("about a case of another partner", "not_party", () =>
    sealed(
      envelope("notice", notice("Claiming a French case"), {
        case: { requesting: { jurisdiction: "FR", reference: "FR-2018-1" }, requested: { jurisdiction: "RU", reference: null } },
      }),
    ),
  );
  attack("oversized", "oversized", async () => "A".repeat(MAX_SEALED_BYTES + 10));
  attack("not a JWE", "malformed", async () => "this.is.not.a.jwe");
  attack("a JWE with no JWS inside", "malformed", async () => {
    const k = await us.database.db
      .selectFrom("partner_key")
      .selectAll()
      .where("use", "=", "enc")
      .where("status", "=", "current")
      .executeTakeFirstOrThrow();
    return new CompactEncrypt(new TextEncoder().encode('{"not":"a jws"}'))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: k.kid, cty: "rogatory-message+jws" })
      .encrypt(await importJWK(k.jwk as never, "ECDH-ES"));
  });
  attack("a captured delivery replayed after the time window", "expired", () =>
    sealed(envelope("notice", notice("Sealed long ago")), us, new Date(Date.now() - 60 * 60_000)),
  );
  attack("a sequence number far ahead", "sequence", () => sealed(envelope("notice", notice("From the future"), { seq: 900_000 })));

  /** RU's current encryption key as US holds it. */
  const ruEncryptionKey = async () => {
    const k = await us.database.db
      .selectFrom("partner_key")
      .selectAll()
      .where("use", "=", "enc")
      .where("status", "=", "current")
      .executeTakeFirstOrThrow();
    return { kid: k.kid, key: await importJWK(k.jwk as never, "ECDH-ES") };
  };
  /** A batch (seal.ts's sealBatch) of the given JWS, encrypted to RU. */
  const batchOf = async (messages: unknown) => {
    const to = await ruEncryptionKey();
    return new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ v: 1, messages })))
      .setProtectedHeader({ alg: "ECDH-ES", enc: "A256GCM", kid: to.kid, cty: BATCH_TYP })
      .encrypt(to.key);
  };
  /** A message signed by `from` as sealBatch signs each of its messages. */
  const signedBy = (from: typeof us, e: unknown) =>
    signMessage(from.keyring, deliveryBytes({ envelope: e as Envelope, sealedAt: new Date().toISOString() }));

  it("a batch whose messages are forged (a stranger's signature, an altered one): each refused on its own, with its receipt", async () => {
    const stranger = await signedBy(xx, envelope("notice", notice("A stranger in a batch")));
    const good = await signedBy(us, envelope("notice", notice("Altered in a batch")));
    const [h, p, sig] = good.split(".") as [string, string, string];
    const altered = `${h}.${p}.${(sig[0] === "A" ? "B" : "A") + sig.slice(1)}`;
    const res = await fetch(`${ru.endpoint}/api/v1/exchange/inbox`, {
      method: "POST",
      headers: { "content-type": "application/jose" },
      body: await batchOf([stranger, altered]),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { receipts: string[]; results: { status: number; reason?: string }[] };
    expect(body.results.map((r) => [r.status, r.reason])).toEqual([
      [422, "unknown_sender"],
      [422, "signature_invalid"],
    ]);
    const receipts = await Promise.all(body.receipts.map(receiptOf));
    expect(receipts.map((r) => r.kind)).toEqual(["rejected", "rejected"]);
    refused.push("unknown_sender", "signature_invalid");
  });
  attack("a batch that is not a list of messages", "malformed", () => batchOf({ not: "a list" }));
  attack("an empty batch", "malformed", () => batchOf([]));

  it("a replay within the window is answered with the stored receipts and applied once", async () => {
    const r = await post(good);
    expect(r.status).toBe(200);
    expect((await Promise.all(r.receipts.map(receiptOf))).map((x) => x.kind).sort()).toEqual(["accepted", "delivered"]);
  });

  it("a chunk delivery announcing more than the limit, or no length, is refused before any of it is read, and its connection closed", async () => {
    // Sent through node:http, which lets the test announce a length it then does not send.
    const attempt = (headers: Record<string, string>) =>
      new Promise<{ status: number | undefined; connection: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest(
          `${ru.endpoint}/api/v1/exchange/chunks`,
          { method: "POST", headers: { "content-type": "application/vnd.rogatory.chunk", ...headers } },
          (res) => {
            let body = "";
            res.on("data", (c: Buffer) => {
              body += c.toString("utf8");
            });
            res.on("end", () => {
              req.destroy();
              resolve({ status: res.statusCode, connection: res.headers.connection, body });
            });
          },
        );
        req.on("error", reject);
        req.write(Buffer.alloc(1024, 0x41));
      });
    const tooLarge = await attempt({ "content-length": String(1024 * 1024 * 1024) });
    expect(tooLarge).toMatchObject({ status: 413, connection: "close" });
    expect(JSON.parse(tooLarge.body)).toMatchObject({ error: "payload_too_large" });
    const unannounced = await attempt({ "transfer-encoding": "chunked" });
    expect(unannounced).toMatchObject({ status: 411, connection: "close" });
  });

  it("nothing reached a case; every refusal is in the quarantine; RU's audit chain verifies", async () => {
    const after = await countRows();
    for (const t of CASE_TABLES) expect(after[t], t).toBe(before[t]);
    expect(after.exchange_quarantine).toBe((before.exchange_quarantine as number) + refused.length);
    await ru.server?.stop();
    const db = await openNodeDatabase(ru);
    try {
      const q = await db.db.selectFrom("exchange_quarantine").select("reason").orderBy("received_at").execute();
      expect(q.map((x) => x.reason)).toEqual(refused);
      expect((await verifyChain(db.db)).ok).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);
});
