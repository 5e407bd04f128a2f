/**
 * The cipher of an evidence chunk's bytes (chunkCipher.ts; docs/exchange.md, Large evidence): AES-256-GCM
 * under a key made for the chunk alone, bound to its transfer and index, decrypted as the bytes arrive
 * with the tag held back until the end.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChunkKey,
  TAG_BYTES,
  chunkAad,
  chunkDecryptor,
  chunkEncryptor,
  chunkKey,
  encryptChunk,
  newChunkKey,
  tagSplitter,
} from "./chunkCipher.js";

/** A chunk's bytes decrypted at once, or null when the tag refuses them. */
function decryptChunk(key: ChunkKey, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  if (sealed.byteLength < TAG_BYTES) return null;
  const d = chunkDecryptor(key, aad);
  const body = d.update(sealed.subarray(0, sealed.byteLength - TAG_BYTES));
  const end = d.finish(sealed.subarray(sealed.byteLength - TAG_BYTES));
  return end ? Buffer.concat([body, end]) : null;
}

/** A byte string cut at the given places. */
function cutAt(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    out.push(bytes.subarray(from, Math.max(from, to)));
    from = Math.max(from, to);
  }
  return out;
}

describe("a chunk's cipher", () => {
  it("holds back exactly the last 16 bytes, however the stream is cut", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 30 }), (bytes, at) => {
        const all = Buffer.from(bytes);
        const split = tagSplitter();
        const before = cutAt(all, at).flatMap((piece) => split.push(piece));
        const keep = Math.max(0, all.length - TAG_BYTES);
        expect(Buffer.concat(before).equals(all.subarray(0, keep))).toBe(true);
        expect(split.tag().equals(all.subarray(keep))).toBe(true);
      }),
    );
  });

  it("decrypts what it encrypted, piece by piece, whatever the pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, at) => {
        const key = newChunkKey();
        const aad = chunkAad("0b7c1a7e-8d0e-4a55-9d7c-2f1c6f7e1a01", 3);
        const sealed = encryptChunk(key, bytes, aad);
        expect(sealed.length).toBe(bytes.length + TAG_BYTES);
        const d = chunkDecryptor(key, aad);
        const split = tagSplitter();
        const plain = cutAt(sealed, at).flatMap((piece) => split.push(piece).map((b) => d.update(b)));
        const end = d.finish(split.tag());
        expect(end).not.toBeNull();
        expect(Buffer.concat([...plain, end as Buffer]).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it("refuses one bit changed anywhere, another chunk's place, or another key (GCM's tag)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.nat(), fc.nat({ max: 7 }), (bytes, where, bit) => {
        const key = newChunkKey();
        const aad = chunkAad("0b7c1a7e-8d0e-4a55-9d7c-2f1c6f7e1a01", 0);
        const sealed = encryptChunk(key, bytes, aad);
        const changed = Buffer.from(sealed);
        const i = where % changed.length;
        changed[i] = (changed[i] as number) ^ (1 << bit);
        expect(decryptChunk(key, changed, aad)).toBeNull();
        expect(decryptChunk(key, sealed, chunkAad("0b7c1a7e-8d0e-4a55-9d7c-2f1c6f7e1a01", 1))).toBeNull();
        expect(decryptChunk(newChunkKey(), sealed, aad)).toBeNull();
        expect(decryptChunk(key, sealed, aad)?.equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it("makes a fresh key and IV for every chunk, in the form the sealed header carries", () => {
    const keys = Array.from({ length: 50 }, newChunkKey);
    for (const k of keys) expect(chunkKey.safeParse(k).success).toBe(true);
    expect(new Set(keys.map((k) => k.k)).size).toBe(50);
    expect(new Set(keys.map((k) => k.iv)).size).toBe(50);
    expect(chunkKey.safeParse({ enc: "A128GCM", k: keys[0]?.k, iv: keys[0]?.iv }).success).toBe(false);
  });

  it("encrypts piece by piece to the same bytes as at once", () => {
    const key = newChunkKey();
    const aad = chunkAad("0b7c1a7e-8d0e-4a55-9d7c-2f1c6f7e1a01", 7);
    const bytes = Buffer.from("Выписка по счёту № 40817810 — 13 июля 2018 г.".repeat(100));
    const e = chunkEncryptor(key, aad);
    const pieces = [e.update(bytes.subarray(0, 1000)), e.update(bytes.subarray(1000)), e.finish()];
    expect(Buffer.concat(pieces).equals(encryptChunk(key, bytes, aad))).toBe(true);
  });
});
