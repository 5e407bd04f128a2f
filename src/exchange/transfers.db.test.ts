/**
 * Receiving the chunks of large evidence (issue 13 §3: "large evidence … in chunks, each encrypted and
 * hashed, resumable …; the whole file's SHA-256 is checked before it reaches the case"), in one
 * process: RU is an exchange context on the test database — embedded PGlite in memory, so a chunk's
 * bytes are kept in its row, and PostgreSQL in CI's second pass — and US a keyring that seals chunk
 * headers and encrypts chunks as its sender does (the wire format of docs/exchange.md, Large evidence).
 *
 * Whatever the order of the chunks, their repeats and the pieces the network cuts a delivery into,
 * RU holds the file exactly as sent, checked whole; one byte changed anywhere in a delivery's bytes
 * (the tag included) is refused and nothing of it is kept.
 */
import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBlob } from "../cases/documentContent.js";
import { type InProcessPair, fromUs, inProcessPair, requestBody } from "../../test/support/exchange-in-process.js";
import type { OpenDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import { chunkAad, encryptChunk, newChunkKey } from "./chunkCipher.js";
import type { ExchangeContext } from "./context.js";
import { GENESIS, deliveryBytes } from "./envelope.js";
import { receiveSealed } from "./inbox.js";
import type { Keyring } from "./keyring.js";
import type { TrustedPartner } from "./partners.js";
import { seal, sealBatch } from "./seal.js";
import { receiveChunk } from "./transfers.js";

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));

let nodes: InProcessPair;
let ruDb: OpenDatabase;
let usKeys: Keyring;
let ru: ExchangeContext;
let ruAtUs: TrustedPartner;

beforeAll(async () => {
  nodes = await inProcessPair(clock);
  ({ ruDb, usKeys, ru, ruAtUs } = nodes);
}, 240_000);

afterAll(async () => {
  await nodes?.close();
});

/** A case carried from US to RU: its request delivered, so that chunks may name it. */
async function carriedCase(): Promise<string> {
  const reference = `US-EVIDENCE-${randomUUID().slice(0, 8)}`;
  const body = requestBody(reference, { ref: "m1", measure: "documents", description: "Bank records of the account named" });
  const envelope = fromUs(reference, { kind: "request", seq: 1, prev: GENESIS, body }, clock.now());
  const sealed = await sealBatch(usKeys, ruAtUs, [deliveryBytes({ envelope, sealedAt: clock.now().toISOString() })]);
  const answer = await receiveSealed(ru, sealed, null);
  expect(answer.status).toBeLessThan(300);
  return reference;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A file cut into chunks of `chunkSize`, as US's sender announces it. */
function transferOf(file: Buffer, chunkSize: number) {
  const chunks: Buffer[] = [];
  for (let at = 0; at < file.length; at += chunkSize) chunks.push(file.subarray(at, at + chunkSize));
  return {
    header: {
      id: randomUUID(),
      filename: "выписка по счёту.pdf",
      contentType: "application/pdf",
      size: file.length,
      sha256: sha256(file),
      chunkSize,
      chunks: chunks.length,
    },
    chunks,
  };
}

/** Chunk `index` as US delivers it: its sealed header, a newline, its bytes encrypted under the header's key. */
async function delivery(reference: string, t: ReturnType<typeof transferOf>, index: number): Promise<Buffer> {
  const key = newChunkKey();
  const chunk = t.chunks[index] as Buffer;
  const header = {
    v: 3,
    type: "chunk",
    to: { jurisdiction: "RU" },
    case: { jurisdiction: "US", reference },
    transfer: t.header,
    index,
    sha256: sha256(chunk),
    content: key,
    sealedAt: clock.now().toISOString(),
  };
  const sealedHeader = await seal(usKeys, ruAtUs, new TextEncoder().encode(JSON.stringify(header)));
  return Buffer.concat([Buffer.from(sealedHeader, "latin1"), Buffer.of(0x0a), encryptChunk(key, chunk, chunkAad(t.header.id, index))]);
}

/** The body as the network hands it over: cut at the given places. */
async function* cut(body: Buffer, at: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const to of [...new Set(at.map((a) => a % (body.length + 1)))].sort((a, b) => a - b)) {
    if (to > from) yield body.subarray(from, to);
    from = Math.max(from, to);
  }
  if (from < body.length) yield body.subarray(from);
}

async function transferRow(id: string) {
  return ruDb.db.selectFrom("exchange_transfer").selectAll().where("transfer_id", "=", id).executeTakeFirst();
}

describe("receiving a transfer's chunks", () => {
  it("holds the file exactly as sent, checked whole, whatever the order, the repeats and the cuts of each delivery", async () => {
    const reference = await carriedCase();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 4000 }),
        fc.integer({ min: 17, max: 1500 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.array(fc.array(fc.nat(), { maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        async (bytes, chunkSize, order, cuts) => {
          const file = Buffer.from(bytes);
          const t = transferOf(file, chunkSize);
          // Every chunk at least once, in an order and with repeats drawn from `order`.
          const sequence = [...order.map((o) => o % t.chunks.length), ...t.chunks.map((_, i) => i)];
          for (const [n, index] of sequence.entries()) {
            const body = await delivery(reference, t, index);
            const answer = await receiveChunk(ru, cut(body, cuts[n % cuts.length] ?? []), null);
            expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          }
          const row = await transferRow(t.header.id);
          expect(row?.status).toBe("complete");
          const back: Buffer[] = [];
          for await (const piece of readBlob(ruDb.db, row?.blob_id as string, { size: file.length, sha256: sha256(file) }))
            back.push(piece);
          expect(Buffer.concat(back).equals(file)).toBe(true);
          const rows = await ruDb.db
            .selectFrom("content_chunk")
            .select(["idx", "sha256"])
            .where("blob_id", "=", row?.blob_id as string)
            .orderBy("idx")
            .execute();
          expect(rows.map((r) => r.sha256)).toEqual(t.chunks.map(sha256));
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it("refuses a delivery with one byte of its bytes or tag changed (decryption_failed) and keeps nothing of it", async () => {
    const reference = await carriedCase();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.nat(), async (bytes, where) => {
        const file = Buffer.from(bytes);
        const t = transferOf(file, 1024);
        const body = await delivery(reference, t, 0);
        const start = body.indexOf(0x0a) + 1;
        const at = start + (where % (body.length - start));
        body[at] = (body[at] as number) ^ 0x80;
        const answer = await receiveChunk(ru, cut(body, [at]), null);
        expect(answer).toMatchObject({ status: 422, body: { reason: "decryption_failed" } });
        const row = await transferRow(t.header.id);
        const held = row ? await ruDb.db.selectFrom("content_chunk").select("idx").where("blob_id", "=", row.blob_id).execute() : [];
        expect(held).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);

  it("refuses a body that is no chunk delivery (malformed), before anything is read into storage", async () => {
    expect(await receiveChunk(ru, { not: "a delivery" }, null)).toMatchObject({ status: 422, body: { reason: "malformed" } });
    expect(await receiveChunk(ru, "\u0000\u0001binary", null)).toMatchObject({ status: 422, body: { reason: "malformed" } });
  });
});
