/**
 * Large documents' content on embedded PGlite with a data directory: the chunks' bytes are files
 * beside the database (src/db/chunkFiles.ts), each read checked against the SHA-256 its row records.
 * In memory (and on PostgreSQL) they stay in the rows.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkFilesOf } from "../db/chunkFiles.js";
import { type OpenDatabase, openDatabase } from "../db/database.js";
import { DomainError } from "../errors.js";
import { cleanupTransfers } from "../exchange/transfers.js";
import { ManualClock } from "../security/clock.js";
import { CHUNK_BYTES, deleteBlob, readBlob, writeBlob } from "./documentContent.js";

const clock = new ManualClock(new Date("2026-03-02T10:00:00Z"));
/** Two full chunks and a part of a third, bytes not all alike. */
const FILE = Buffer.from(Array.from({ length: 2 * CHUNK_BYTES + 12_345 }, (_, i) => (i * 7919) % 251));
const expected = { size: FILE.length, sha256: createHash("sha256").update(FILE).digest("hex") };

async function* pieces(b: Buffer, size = 1_000_000): AsyncGenerator<Buffer> {
  for (let at = 0; at < b.length; at += size) yield b.subarray(at, at + size);
}

async function readAll(database: OpenDatabase, blobId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of readBlob(database.db, blobId, expected)) parts.push(p);
  return Buffer.concat(parts);
}

const skip = Boolean(process.env.DATABASE_URL);

describe.skipIf(skip)("large documents on a PGlite data directory", () => {
  let dir: string;
  let database: OpenDatabase;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rogatory-chunks-"));
    database = await openDatabase({ dataDir: dir });
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the chunks' bytes in files, the rows holding size and SHA-256, and reads them back whole", async () => {
    const blob = await writeBlob(database.db, () => clock.now(), pieces(FILE));
    expect(blob).toMatchObject({ size: FILE.length, sha256: expected.sha256, chunks: 3 });
    expect(readdirSync(join(dir, "blobs", blob.blobId)).sort()).toEqual(["0", "1", "2"]);
    const rows = await sql<{ n: number; bytes: number }>`
      select count(*)::int as n, sum(octet_length(content))::int as bytes from content_chunk where blob_id = ${blob.blobId}`.execute(
      database.db,
    );
    expect(rows.rows[0]).toEqual({ n: 3, bytes: 0 });
    expect((await readAll(database, blob.blobId)).equals(FILE)).toBe(true);
  });

  it("refuses a chunk whose file was altered or removed on disk (409, document_integrity)", async () => {
    const blob = await writeBlob(database.db, () => clock.now(), pieces(FILE));
    const second = join(dir, "blobs", blob.blobId, "1");
    const good = readFileSync(second);
    const bad = Buffer.from(good);
    bad[100] = (bad[100] ?? 0) ^ 1;
    writeFileSync(second, bad);
    await expect(readAll(database, blob.blobId)).rejects.toMatchObject({ status: 409, code: "document_integrity" });
    rmSync(second);
    const missing = await readAll(database, blob.blobId).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DomainError);
    expect((missing as DomainError).message).toBe("Chunk 1 of a stored document is missing.");
  });

  it("deletes a blob's files with its rows", async () => {
    const blob = await writeBlob(database.db, () => clock.now(), pieces(FILE));
    await deleteBlob(database.db, blob.blobId);
    expect(existsSync(join(dir, "blobs", blob.blobId))).toBe(false);
    const n = await database.db.selectFrom("content_chunk").select("idx").where("blob_id", "=", blob.blobId).execute();
    expect(n).toEqual([]);
  });

  it("sweeps chunk files no row names once they are a day old, and leaves newer ones and recorded ones alone", async () => {
    // Written now: rows of no document older than a day are swept too (that is another rule).
    const kept = await writeBlob(database.db, () => new Date(), pieces(FILE));
    const stray = randomUUID();
    const fresh = randomUUID();
    for (const id of [stray, fresh]) {
      mkdirSync(join(dir, "blobs", id), { recursive: true });
      writeFileSync(join(dir, "blobs", id, "0"), "left by a transaction that rolled back");
    }
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    utimesSync(join(dir, "blobs", stray), old, old);
    utimesSync(join(dir, "blobs", kept.blobId), old, old);
    // The clock is the real one here: the sweep compares files' times with it.
    await cleanupTransfers({ db: database.db, clock: { now: () => new Date() } });
    expect(existsSync(join(dir, "blobs", stray))).toBe(false);
    expect(existsSync(join(dir, "blobs", fresh))).toBe(true);
    expect((await readAll(database, kept.blobId)).equals(FILE)).toBe(true);
  });
});

describe("large documents in memory", () => {
  it("keep their bytes in the rows (no data directory, no files)", async () => {
    const database = await openDatabase({});
    try {
      expect(chunkFilesOf(database.db)).toBeUndefined();
      const blob = await writeBlob(database.db, () => clock.now(), pieces(FILE));
      const rows = await sql<{ bytes: number }>`
        select sum(octet_length(content))::int as bytes from content_chunk where blob_id = ${blob.blobId}`.execute(database.db);
      expect(rows.rows[0]?.bytes).toBe(FILE.length);
      expect((await readAll(database, blob.blobId)).equals(FILE)).toBe(true);
    } finally {
      await database.close();
    }
  });
});
