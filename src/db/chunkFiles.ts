/**
 * Where a large document's chunks keep their bytes on embedded PGlite: in files of the data directory
 * (`<data dir>/blobs/<blob id>/<index>`), not in the database. PGlite runs on the application's
 * thread in WebAssembly memory, and an 8 MiB `bytea` took 60–300 ms to insert and as long to read
 * there, which held every other request and capped evidence through the exchange at a few MB/s.
 * The `content_chunk` row stays the record: blob, index, size, SHA-256 and time, with its `content`
 * empty; every read checks the file against the row's SHA-256, as it checks a stored bytea, so a file
 * changed on disk is found. On PostgreSQL (several instances share one server, and no directory) and
 * on an in-memory PGlite the bytes stay in the row.
 *
 * The setting rides on the Kysely instance as a plugin that changes nothing, so a transaction or a
 * connection taken from it knows it too, without passing it through every call.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ChunkFiles implements KyselyPlugin {
  constructor(readonly root: string) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  /** The file of one chunk. The blob id is a UUID of ours, checked so a path can never be built from anything else. */
  path(blobId: string, idx: number): string {
    if (!UUID.test(blobId) || !Number.isInteger(idx) || idx < 0) throw new Error("not a chunk of a blob");
    return join(this.root, blobId, String(idx));
  }

  /**
   * Writes a chunk's bytes beside their final place and flushes them to disk; `place` moves them in
   * (after the row that records them is written), `discard` removes them.
   */
  async stage(blobId: string, idx: number, content: Uint8Array): Promise<{ place(): Promise<void>; discard(): Promise<void> }> {
    const final = this.path(blobId, idx);
    await mkdir(join(this.root, blobId), { recursive: true });
    const temp = `${final}.${randomUUID()}.part`;
    const fh = await open(temp, "wx", 0o600);
    try {
      await fh.writeFile(content);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    return {
      place: () => rename(temp, final),
      discard: () => rm(temp, { force: true }),
    };
  }

  /**
   * Like `stage`, for bytes that arrive in pieces: `write` each (they are written in batches of about
   * 1 MiB), then `finish` flushes them and gives `place` (into this blob, or another when the chunk
   * turns out to belong elsewhere) and `discard`.
   */
  async begin(
    blobId: string,
    idx: number,
  ): Promise<{
    write(piece: Buffer): Promise<void>;
    finish(): Promise<{ place(into?: string): Promise<void>; discard(): Promise<void> }>;
    discard(): Promise<void>;
  }> {
    const final = this.path(blobId, idx);
    const pathOf = (into: string) => this.path(into, idx);
    const root = this.root;
    await mkdir(join(root, blobId), { recursive: true });
    const temp = `${final}.${randomUUID()}.part`;
    const fh = await open(temp, "wx", 0o600);
    let batch: Buffer[] = [];
    let batched = 0;
    let closed = false;
    const flush = async () => {
      if (batch.length === 0) return;
      const out = batch;
      batch = [];
      batched = 0;
      await fh.writev(out);
    };
    const close = async () => {
      if (closed) return;
      closed = true;
      await fh.close();
    };
    const discard = async () => {
      await close().catch(() => {});
      await rm(temp, { force: true });
    };
    return {
      async write(piece) {
        batch.push(piece);
        batched += piece.length;
        if (batched >= 1024 * 1024) await flush();
      },
      async finish() {
        await flush();
        await fh.datasync();
        await close();
        return {
          place: async (into?: string) => {
            const to = into ? pathOf(into) : final;
            if (into) await mkdir(join(root, into), { recursive: true });
            await rename(temp, to);
          },
          discard,
        };
      },
      discard,
    };
  }

  /** Writes a chunk's bytes in their place (a new blob of ours: nothing else can be there). */
  async write(blobId: string, idx: number, content: Uint8Array): Promise<void> {
    await (await this.stage(blobId, idx, content)).place();
  }

  /** A chunk's bytes, or null when its file is missing. */
  async read(blobId: string, idx: number): Promise<Buffer | null> {
    try {
      return await readFile(this.path(blobId, idx));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  /** Removes a blob's files. */
  async remove(blobId: string): Promise<void> {
    if (!UUID.test(blobId)) return;
    await rm(join(this.root, blobId), { recursive: true, force: true });
  }

  /** The blobs that have a folder here, with the time it last changed (for sweeping what no row names). */
  async blobs(): Promise<{ blobId: string; changed: Date }[]> {
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const out: { blobId: string; changed: Date }[] = [];
    for (const name of names.filter((n) => UUID.test(n))) {
      const s = await stat(join(this.root, name)).catch(() => null);
      if (s) out.push({ blobId: name, changed: s.mtime });
    }
    return out;
  }
}

/** The chunk files of a database (or of a transaction or connection of it); undefined where chunks keep their bytes in rows. */
export function chunkFilesOf(db: Pick<Kysely<unknown>, "getExecutor">): ChunkFiles | undefined {
  return db.getExecutor().plugins.find((p): p is ChunkFiles => p instanceof ChunkFiles);
}

/** The folder of a PGlite data directory that holds the chunk files. */
export const chunkFilesRoot = (dataDir: string) => join(dataDir, "blobs");
