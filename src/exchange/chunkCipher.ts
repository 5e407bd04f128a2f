/**
 * The cipher of an evidence chunk's bytes (transfers.ts). Each chunk is encrypted with AES-256-GCM —
 * JOSE's A256GCM — under a key made for that chunk alone. The key and IV travel only inside the
 * chunk's sealed header, which is signed by the sender and encrypted to the partner like a message
 * (seal.ts, with `jose`): so only the partner can read the bytes, and only the sender, who signed
 * the key, can have made a ciphertext that decrypts under it. That is the structure of a JWE with a
 * direct key ("dir"). The bytes themselves are sent as binary beside the header, not as a compact
 * JWE's base64url text: encoding 8 MiB to text and back was a large part of a chunk's cost, and
 * nothing is weaker for it. The AES-GCM is Node's own (OpenSSL), called once over the whole chunk.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";

/** The length in bytes of the authentication tag GCM appends to the ciphertext. */
export const TAG_BYTES = 16;

const b64u = (bytes: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`));

/** A chunk's key, as its sealed header carries it. */
export const chunkKey = z.object({ enc: z.literal("A256GCM"), k: b64u(32), iv: b64u(12) });
export type ChunkKey = z.infer<typeof chunkKey>;

/** A fresh key and IV for one chunk (never used for another). */
export function newChunkKey(): ChunkKey {
  return { enc: "A256GCM", k: randomBytes(32).toString("base64url"), iv: randomBytes(12).toString("base64url") };
}

/**
 * What the ciphertext is bound to besides its key: the transfer and the chunk's place in it, so that
 * even a key reused by a faulty sender could not move bytes from one chunk to another.
 */
export const chunkAad = (transferId: string, index: number) => new TextEncoder().encode(`rogatory-chunk:${transferId}:${index}`);

const cipherParams = (key: ChunkKey) => [Buffer.from(key.k, "base64url"), Buffer.from(key.iv, "base64url")] as const;

/**
 * Encrypts a chunk piece by piece as it is read (no copy of the whole chunk is held): `update` gives
 * each piece's ciphertext, `finish` what ends it and then the 16-byte tag.
 */
export function chunkEncryptor(key: ChunkKey, aad: Uint8Array): { update(piece: Uint8Array): Buffer; finish(): Buffer } {
  const [k, iv] = cipherParams(key);
  const cipher = createCipheriv("aes-256-gcm", k, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  return {
    update: (piece) => cipher.update(piece),
    finish: () => Buffer.concat([cipher.final(), cipher.getAuthTag()]),
  };
}

/**
 * Decrypts a chunk piece by piece as it arrives. What `update` gives is not authenticated until
 * `finish` accepts the tag (the last 16 bytes received): until then it may be kept only where a
 * refusal can discard it.
 */
export function chunkDecryptor(
  key: ChunkKey,
  aad: Uint8Array,
): { update(piece: Uint8Array): Buffer; finish(tag: Uint8Array): Buffer | null } {
  const [k, iv] = cipherParams(key);
  const decipher = createDecipheriv("aes-256-gcm", k, iv, { authTagLength: TAG_BYTES }).setAAD(aad);
  return {
    update: (piece) => decipher.update(piece),
    finish: (tag) => {
      if (tag.byteLength !== TAG_BYTES) return null;
      try {
        decipher.setAuthTag(tag);
        return decipher.final();
      } catch {
        return null;
      }
    },
  };
}

/**
 * Holds back the last TAG_BYTES of a stream whose end is not known yet: `push` each piece as it
 * arrives and get the bytes now known to come before the tag; `tag` at the end gives the last 16
 * (fewer when the stream was shorter).
 */
export function tagSplitter(): { push(piece: Buffer): Buffer[]; tag(): Buffer } {
  let tail = Buffer.alloc(0);
  return {
    push(piece) {
      if (piece.length >= TAG_BYTES) {
        const before = [tail, piece.subarray(0, piece.length - TAG_BYTES)].filter((b) => b.length > 0);
        tail = Buffer.from(piece.subarray(piece.length - TAG_BYTES));
        return before;
      }
      const joined = Buffer.concat([tail, piece]);
      const cut = Math.max(0, joined.length - TAG_BYTES);
      tail = joined.subarray(cut);
      return cut > 0 ? [joined.subarray(0, cut)] : [];
    },
    tag: () => tail,
  };
}

/** The chunk's bytes encrypted at once: the ciphertext followed by the 16-byte tag (as a sender's chunk arrives, for tests and tools). */
export function encryptChunk(key: ChunkKey, plain: Uint8Array, aad: Uint8Array): Buffer {
  const e = chunkEncryptor(key, aad);
  return Buffer.concat([e.update(plain), e.finish()]);
}
