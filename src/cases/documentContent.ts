/**
 * Large documents (up to 1 GB) stored in chunks. PostgreSQL limits one value to 1 GB (its text form
 * to twice that) and PGlite runs in WebAssembly memory, so a large document is never one bytea: its
 * content is a "blob" of rows in `content_chunk`, each at most CHUNK_BYTES with its own SHA-256, and
 * is written from a stream and read back as a stream one chunk at a time. The case_document row
 * records the whole file's size and SHA-256 and names the blob; its `content` is empty. Small
 * documents stay inline as before.
 */
import { createHash, randomUUID } from "node:crypto";
import { open } from "node:fs/promises";
import { Readable } from "node:stream";
import { type Kysely, type Transaction, sql } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { chunkFilesOf } from "../db/chunkFiles.js";
import type { Database } from "../db/schema.js";
import { DomainError, invalid, notFound, worded } from "../errors.js";
import type { Actor } from "../policies/policy.js";
import { type DocumentView, checkedDocumentMeta, sha256Hex, storeDocument } from "./evidence.js";
import { type CasesContext, caseFor } from "./access.js";

/** The size of one stored chunk: large enough that a 1 GB file is 128 rows, small enough to hold a few in memory. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** The largest document stored in chunks (and sent through the exchange). */
export const MAX_LARGE_DOCUMENT_BYTES = 1024 * 1024 * 1024;

type Db = Kysely<Database> | Transaction<Database>;

export interface Blob {
  blobId: string;
  size: number;
  sha256: string;
  chunks: number;
}

/** Cuts a stream of buffers into pieces of exactly `size` bytes (the last one shorter), copying only where a piece straddles two buffers. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source) {
    let buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    while (buf.length > 0) {
      const take = Math.min(size - held, buf.length);
      parts.push(buf.subarray(0, take));
      held += take;
      buf = buf.subarray(take);
      if (held === size) {
        yield parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, held);
        parts = [];
        held = 0;
      }
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}

/**
 * Writes a stream as a new blob, chunk by chunk, each in its own statement (never the whole file in
 * memory). Refuses more than `maxBytes`; on any failure the chunks written are deleted.
 */
export async function writeBlob(
  db: Kysely<Database>,
  now: () => Date,
  source: AsyncIterable<Uint8Array>,
  maxBytes = MAX_LARGE_DOCUMENT_BYTES,
): Promise<Blob> {
  const blobId = randomUUID();
  const whole = createHash("sha256");
  let size = 0;
  let idx = 0;
  try {
    for await (const chunk of rechunk(source, CHUNK_BYTES)) {
      size += chunk.length;
      if (size > maxBytes)
        throw worded(
          new DomainError(413, "document_too_large", `Documents are limited to ${maxBytes / 1024 / 1024} MB.`, "body"),
          "documentTooLarge",
          { mb: maxBytes / 1024 / 1024 },
        );
      whole.update(chunk);
      await insertChunk(db, blobId, idx, chunk, now());
      idx++;
    }
  } catch (err) {
    await deleteBlob(db, blobId);
    throw err;
  }
  return { blobId, size, sha256: whole.digest("hex"), chunks: idx };
}

/** Stores bytes already in memory (a document of at most MAX_DOCUMENT_BYTES) as a blob inside a transaction. */
export async function blobOfBuffer(trx: Db, now: Date, content: Buffer): Promise<Blob> {
  const blobId = randomUUID();
  let idx = 0;
  for (let at = 0; at < content.length; at += CHUNK_BYTES, idx++) {
    await insertChunk(trx, blobId, idx, content.subarray(at, at + CHUNK_BYTES), now);
  }
  return { blobId, size: content.length, sha256: sha256Hex(content), chunks: idx };
}

/**
 * Records one chunk of a new blob: its bytes in a file where the database has chunk files (written
 * and flushed first, so a row never names a file that is not there), else in the row. A file left by
 * a transaction that rolled back belongs to no row and is swept later (cleanupTransfers).
 */
async function insertChunk(db: Db, blobId: string, idx: number, chunk: Buffer, at: Date): Promise<void> {
  const files = chunkFilesOf(db);
  if (files) await files.write(blobId, idx, chunk);
  await db
    .insertInto("content_chunk")
    .values({ blob_id: blobId, idx, size: chunk.length, sha256: sha256Hex(chunk), content: files ? EMPTY : chunk, created_at: at })
    .execute();
}

const EMPTY = Buffer.alloc(0);

/** Deletes a blob's chunks (the rows, then their files). Not inside a transaction: files do not roll back. */
export async function deleteBlob(db: Kysely<Database>, blobId: string): Promise<void> {
  await db.deleteFrom("content_chunk").where("blob_id", "=", blobId).execute();
  await chunkFilesOf(db)?.remove(blobId);
}

/**
 * A chunk's row: its recorded size and SHA-256, and its bytes when the row holds them. `inFile`: the
 * row names a chunk whose bytes are in a file (chunkFiles.ts) — an empty content with a size.
 */
async function chunkRow(db: Db, blobId: string, idx: number) {
  // Read as base64: PGlite hands bytea over as hex text parsed in JavaScript, ten times slower for
  // 8 MiB than PostgreSQL's own base64 decoded natively by Node (which skips its line breaks).
  const row = await db
    .selectFrom("content_chunk")
    .select(["sha256", "size", sql<string>`encode(content, 'base64')`.as("content")])
    .where("blob_id", "=", blobId)
    .where("idx", "=", idx)
    .executeTakeFirst();
  return row ? { ...row, inFile: row.content === "" && row.size > 0 } : null;
}

/** One chunk of a blob, its hash checked against the hash stored with it. */
export async function readChunk(db: Db, blobId: string, idx: number): Promise<{ content: Buffer; sha256: string } | null> {
  const row = await chunkRow(db, blobId, idx);
  if (!row) return null;
  const content = row.inFile ? await chunkFilesOf(db)?.read(blobId, idx) : Buffer.from(row.content, "base64");
  if (!content) throw chunkMissing(idx);
  if (content.length !== row.size || sha256Hex(content) !== row.sha256)
    throw worded(
      new DomainError(409, "document_integrity", `Chunk ${idx} of a stored document no longer matches its SHA-256; it was altered.`),
      "chunkAltered",
      { chunk: idx },
    );
  return { content, sha256: row.sha256 };
}

/** The size of the pieces a chunk is read in by readChunkPieces. */
export const PIECE_BYTES = 1024 * 1024;

/**
 * One chunk of a blob as pieces, read without holding the chunk whole: its recorded size and
 * SHA-256, and its bytes from one reused buffer of PIECE_BYTES (each piece is valid only until the
 * next is asked for). Nothing here checks the bytes against the SHA-256: the reader hashes them as
 * they pass and must refuse what it made of them when the hash differs.
 */
export async function readChunkPieces(
  db: Db,
  blobId: string,
  idx: number,
): Promise<{ size: number; sha256: string; pieces: AsyncGenerator<Buffer> } | null> {
  // One read of the row; the bytes are not hashed here (the reader hashes them).
  const row = await chunkRow(db, blobId, idx);
  if (!row) return null;
  const files = chunkFilesOf(db);
  if (!(files && row.inFile)) {
    // In the row (PostgreSQL, in memory): handed out in pieces of the bytes read.
    const whole = Buffer.from(row.content, "base64");
    return {
      size: row.size,
      sha256: row.sha256,
      pieces: (async function* () {
        for (let at = 0; at < whole.length; at += PIECE_BYTES) yield whole.subarray(at, at + PIECE_BYTES);
      })(),
    };
  }
  const path = files.path(blobId, idx);
  return {
    size: row.size,
    sha256: row.sha256,
    pieces: (async function* () {
      const fh = await open(path, "r").catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") throw chunkMissing(idx);
        throw err;
      });
      try {
        const buffer = Buffer.allocUnsafe(PIECE_BYTES);
        let read = 0;
        for (;;) {
          const { bytesRead } = await fh.read(buffer, 0, PIECE_BYTES, read);
          if (bytesRead === 0) break;
          read += bytesRead;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    })(),
  };
}

/** The index, size and SHA-256 of each chunk of a blob, in order (no content read). */
export async function chunkList(db: Db, blobId: string): Promise<{ idx: number; size: number; sha256: string }[]> {
  return db.selectFrom("content_chunk").select(["idx", "size", "sha256"]).where("blob_id", "=", blobId).orderBy("idx").execute();
}

/**
 * Reads a blob chunk by chunk in order, checking each chunk's hash, its count and, at the end, the
 * whole file's size and SHA-256: a stream that ends without an error delivered exactly the file recorded.
 */
/** 409: a chunk of a stored document is missing. */
const chunkMissing = (i: number) =>
  worded(new DomainError(409, "document_integrity", `Chunk ${i} of a stored document is missing.`), "chunkMissing", { chunk: i });

export async function* readBlob(db: Db, blobId: string, expected: { size: number; sha256: string }): AsyncGenerator<Buffer> {
  const list = await chunkList(db, blobId);
  const whole = createHash("sha256");
  let size = 0;
  for (const [i, c] of list.entries()) {
    if (c.idx !== i) throw chunkMissing(i);
    const chunk = await readChunk(db, blobId, i);
    if (!chunk) throw chunkMissing(i);
    whole.update(chunk.content);
    size += chunk.content.length;
    yield chunk.content;
  }
  if (size !== expected.size || whole.digest("hex") !== expected.sha256)
    throw new DomainError(409, "document_integrity", "The stored document no longer matches its recorded SHA-256; it was altered.");
}

/** The SHA-256 of a blob computed by reading it chunk by chunk (each chunk's own hash checked too). */
export async function hashBlob(db: Db, blobId: string): Promise<{ size: number; sha256: string; chunks: number }> {
  const list = await chunkList(db, blobId);
  const whole = createHash("sha256");
  let size = 0;
  for (const [i, c] of list.entries()) {
    const chunk = c.idx === i ? await readChunk(db, blobId, i) : null;
    if (!chunk) return { size, sha256: "", chunks: i };
    whole.update(chunk.content);
    size += chunk.content.length;
  }
  return { size, sha256: whole.digest("hex"), chunks: list.length };
}

/**
 * Adds a document streamed in the request body (application/octet-stream, up to 1 GB): the chunks
 * are written first, then the document row, the version bump and the audit event in one transaction.
 * If that transaction fails, the chunks are deleted.
 */
export async function addStreamedDocument(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: { version: number; kind: string; filename: string; contentType: string },
  body: AsyncIterable<Uint8Array>,
  client: ClientInfo,
): Promise<DocumentView & { caseVersion: number }> {
  const row = await caseFor(ctx, actor, caseId, "case:update");
  const filename = checkedDocumentMeta(input);
  const blob = await writeBlob(ctx.db, () => ctx.clock.now(), body);
  if (blob.size === 0) throw invalid("body", "The document is empty.");
  try {
    const stored = { filename, size: blob.size, sha256: blob.sha256, content: Buffer.alloc(0), blobId: blob.blobId, chunks: blob.chunks };
    return await ctx.db.transaction().execute((trx) => storeDocument(trx, ctx, actor, row, input, stored, client));
  } catch (err) {
    await deleteBlob(ctx.db, blob.blobId);
    throw err;
  }
}

/** A document opened for download: inline content, or a stream of its chunks checked as they are read. */
export interface OpenedDocument {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer | Readable;
}

/** Opens a document of the case for download; an inline one's hash is checked at once, a chunked one's as it streams. */
export async function openDocument(ctx: CasesContext, actor: Actor, caseId: string, documentId: string): Promise<OpenedDocument> {
  await caseFor(ctx, actor, caseId, "case:read");
  const d = /^[0-9a-f-]{36}$/i.test(documentId)
    ? await ctx.db
        .selectFrom("case_document")
        .select(["filename", "content_type", "size", "sha256", "blob_id"])
        .where("id", "=", documentId)
        .where("case_id", "=", caseId)
        .executeTakeFirst()
    : undefined;
  if (!d) throw notFound("documentId", "No such document in this case.");
  const base = { filename: d.filename, contentType: d.content_type, size: d.size, sha256: d.sha256 };
  if (d.blob_id) return { ...base, content: Readable.from(readBlob(ctx.db, d.blob_id, d), { objectMode: false }) };
  const inline = await ctx.db.selectFrom("case_document").select("content").where("id", "=", documentId).executeTakeFirstOrThrow();
  const content = Buffer.from(inline.content);
  if (sha256Hex(content) !== d.sha256)
    throw new DomainError(
      409,
      "document_integrity",
      "The stored document no longer matches its recorded SHA-256; it was altered.",
      "documentId",
    );
  return { ...base, content };
}
