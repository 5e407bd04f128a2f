/**
 * Backups and restores. A backup is consistent and records the audit chain's head and the counts
 * taken in the same snapshot as the data:
 * - PGlite (one process owns the data directory): the data directory is dumped while the driver's
 *   only connection is held, so no transaction is half-way; the running server does it when asked on
 *   its control socket (see controlSocket.ts), the CLI itself when the server is stopped.
 * - PostgreSQL: `pg_dump -Fc` on a snapshot exported by a read-only transaction in which the head and
 *   counts are read, so the manifest describes exactly what was dumped.
 * A restore goes only into an empty target and verifies the audit chain, its head against the
 * manifest, every document's SHA-256 and the counts before it reports success; on a failed check the
 * restored data is removed again, so nobody starts a server on it by mistake.
 */
import { hashBlob } from "../cases/documentContent.js";
import { ChunkFiles, chunkFilesOf, chunkFilesRoot } from "../db/chunkFiles.js";
import { open } from "node:fs/promises";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { GENESIS_HASH, verifyChain } from "../audit/trail.js";
import { LATEST_MIGRATION, type OpenDatabase, openDatabase } from "../db/database.js";
import type { Database } from "../db/schema.js";
import { type BackupManifest, backupHeader, checkPayload, readBackupHeader } from "./backupFile.js";
import { DomainError } from "../errors.js";

/** Reports progress of a long step: `done` of `total` units (bytes, items or documents). */
export type Progress = (step: string, done: number, total: number) => void;

/** A backup or restore that cannot go on; the message says what and why. */
export class BackupError extends Error {}

type Facts = Pick<BackupManifest, "schema" | "audit" | "counts">;

/** Runs a query through whatever holds the snapshot (a Kysely connection or a pg client). */
type Query = (text: string) => Promise<Record<string, unknown>[]>;

async function factsOf(query: Query): Promise<Facts> {
  const [schema] = await query("select name from kysely_migration order by name desc limit 1");
  const [head] = await query("select seq::text as seq, hash from audit_event order by audit_event.seq desc limit 1");
  const [counts] = await query(
    "select (select count(*) from audit_event)::int as events, (select count(*) from case_file)::int as cases, (select count(*) from case_document)::int as documents",
  );
  return {
    schema: String(schema?.name ?? "none"),
    audit: { events: Number(counts?.events ?? 0), seq: Number(head?.seq ?? 0), hash: String(head?.hash ?? GENESIS_HASH) },
    counts: { cases: Number(counts?.cases ?? 0), documents: Number(counts?.documents ?? 0) },
  };
}

const manifestOf = (database: BackupManifest["database"], facts: Facts, payload: BackupManifest["payload"]): BackupManifest => ({
  format: "rogatory-backup",
  version: 1,
  database,
  createdAt: new Date().toISOString(),
  ...facts,
  payload,
});

/**
 * The whole backup file of an open PGlite database, as bytes. Holds the driver's one connection
 * while it dumps, so every transaction is either wholly in the dump or wholly absent.
 */
export async function pgliteBackup(database: OpenDatabase): Promise<{ manifest: BackupManifest; bytes: Buffer }> {
  const lite = database.pglite;
  if (!lite) throw new BackupError("this is not an embedded PGlite database");
  return database.db.connection().execute(async (conn) => {
    const facts = await factsOf(async (text) => (await sql.raw(text).execute(conn)).rows as Record<string, unknown>[]);
    await lite.exec("checkpoint");
    const datadir = Buffer.from(await (await lite.dumpDataDir("gzip")).arrayBuffer());
    // The chunks whose bytes are files of the data directory, read while the connection is held (no
    // document can come or go meanwhile), each checked against its recorded SHA-256.
    const files = chunkFilesOf(database.db);
    const parts: Buffer[] = [datadir];
    let count = 0;
    // (A database of a schema before large documents has no chunks to carry.)
    const chunked = (await sql<{ t: string | null }>`select to_regclass('content_chunk')::text as t`.execute(conn)).rows[0]?.t;
    if (files && chunked) {
      const rows = await sql<{ blob_id: string; idx: number; size: number; sha256: string }>`
        select blob_id, idx, size, sha256 from content_chunk where octet_length(content) = 0 and size > 0 order by blob_id, idx`.execute(
        conn,
      );
      for (const r of rows.rows) {
        const bytes = await files.read(r.blob_id, r.idx);
        if (!bytes || bytes.length !== r.size || createHash("sha256").update(bytes).digest("hex") !== r.sha256)
          throw new BackupError(
            `chunk ${r.idx} of stored document content ${r.blob_id} is ${bytes ? "altered" : "missing"} in ${files.root}; the backup was not written`,
          );
        parts.push(Buffer.from(`${r.blob_id} ${r.idx} ${r.size}\n`, "utf8"), bytes);
        count++;
      }
    }
    const payload = Buffer.concat(parts);
    const manifest = manifestOf("pglite", facts, {
      kind: "pglite-datadir-tgz",
      bytes: payload.length,
      sha256: createHash("sha256").update(payload).digest("hex"),
      ...(files ? { datadirBytes: datadir.length, chunkFiles: count } : {}),
    });
    return { manifest, bytes: Buffer.concat([backupHeader(manifest), payload]) };
  });
}

/** Connection settings for pg_dump/pg_restore: the URL without its password, which goes in PGPASSWORD (not in `ps`). */
function pgToolArgs(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL client tool; rejects with its last error lines. `onLine` sees each stderr line. */
function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let partial = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      const text = partial + c.toString("utf8");
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        onLine?.(line);
        if (!/^pg_restore: (creating|processing|executing|launching)/.test(line)) err += `${line}\n`;
      }
    });
    child.on("error", (e) =>
      reject(new BackupError(`${cmd} could not be started (${e.message}); install the PostgreSQL client tools of the server's version`)),
    );
    child.on("close", (code) => {
      if (code === 0) resolvePromise(out);
      else reject(new BackupError(`${cmd} failed (exit ${code}): ${err.trim().split("\n").slice(-5).join(" / ")}`));
    });
  });
}

/**
 * Backs up a PostgreSQL database to `out` with `pg_dump -Fc`, on a snapshot exported by the
 * transaction that read the audit head and counts. Writes `out` only when everything succeeded.
 */
export async function postgresBackup(url: string, out: string): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const work = mkdtempSync(join(tmpdir(), "rogatory-backup-"));
  const dump = join(work, "payload.dump");
  try {
    await client.query("begin isolation level repeatable read read only");
    const snap = await client.query<{ s: string }>("select pg_export_snapshot() as s");
    const facts = await factsOf(async (text) => (await client.query(text)).rows);
    const { dbname, env } = pgToolArgs(url);
    await runTool("pg_dump", ["-Fc", "--no-owner", "--no-acl", `--snapshot=${snap.rows[0]?.s}`, "-f", dump, "-d", dbname], env);
    await client.query("commit");
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of createReadStream(dump)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    const manifest = manifestOf("postgres", facts, { kind: "pg_dump-custom", bytes, sha256: hash.digest("hex") });
    const partial = `${out}.partial`;
    writeFileSync(partial, backupHeader(manifest));
    await pipeline(createReadStream(dump), createWriteStream(partial, { flags: "a" }));
    renameSync(partial, out);
    return manifest;
  } finally {
    await client.end().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

export interface RestoreTarget {
  /** PostgreSQL: the empty database to restore into. */
  url?: string;
  /** PGlite: the empty data directory to restore into. */
  dataDir?: string;
}

export interface RestoreReport {
  manifest: BackupManifest;
  auditEvents: number;
  documents: number;
  cases: number;
  /** The schema after restore (newer than the backup's when migrations ran). */
  schema: string;
}

/** Refuses a target that already holds anything: a restore never merges into or overwrites data. */
async function assertEmpty(target: RestoreTarget): Promise<void> {
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const r = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'
           and c.relkind in ('r', 'p', 'v', 'm', 'S')`,
      );
      const n = r.rows[0]?.n ?? 0;
      if (n > 0)
        throw new BackupError(
          `the target database is not empty (${n} tables, views or sequences): restore only into a new, empty database (createdb …)`,
        );
    } finally {
      await client.end();
    }
    return;
  }
  const dir = join(target.dataDir as string, "pglite");
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new BackupError(`the data directory ${target.dataDir} is not empty (${dir} holds a database): restore only into an empty one`);
  const blobs = chunkFilesRoot(target.dataDir as string);
  if (existsSync(blobs) && readdirSync(blobs).length > 0)
    throw new BackupError(`the data directory ${target.dataDir} is not empty (${blobs} holds documents): restore only into an empty one`);
}

/** Removes what a failed restore wrote, leaving the target as empty as it was. */
async function clearTarget(target: RestoreTarget): Promise<void> {
  if (target.url) {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query("drop schema public cascade; create schema public");
    } finally {
      await client.end();
    }
  } else {
    rmSync(join(target.dataDir as string, "pglite"), { recursive: true, force: true });
    rmSync(chunkFilesRoot(target.dataDir as string), { recursive: true, force: true });
  }
}

/**
 * Checks a restored database against its manifest: the audit chain link by link, its head, every
 * document's SHA-256 and size, and the counts. Throws naming the first thing that is wrong.
 */
export async function verifyRestored(
  db: Kysely<Database>,
  manifest: BackupManifest,
  progress?: Progress,
): Promise<Omit<RestoreReport, "manifest" | "schema">> {
  const chain = await verifyChain(db);
  if (!chain.ok) throw new BackupError(`the audit chain is broken at event ${chain.brokenAt}: ${chain.reason}`);
  if (chain.events !== manifest.audit.events || chain.lastHash !== manifest.audit.hash)
    throw new BackupError(
      `the audit chain ends at event ${chain.events} (hash ${chain.lastHash.slice(0, 16)}…) but the backup recorded event ${manifest.audit.seq} (hash ${manifest.audit.hash.slice(0, 16)}…): events were removed or rewritten`,
    );
  progress?.("audit chain verified", chain.events, chain.events);
  const total = manifest.counts.documents;
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  const wrong: string[] = [];
  for (;;) {
    // In batches by id, so a large store is never held in memory at once.
    const rows = await db
      .selectFrom("case_document")
      .innerJoin("case_file", "case_file.id", "case_document.case_id")
      .select([
        "case_document.id",
        "case_document.filename",
        "case_document.sha256",
        "case_document.size",
        "case_document.content",
        "case_document.blob_id",
        "case_file.reference",
      ])
      .where("case_document.id", ">", after)
      .orderBy("case_document.id")
      .limit(200)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      // A large document's content is in chunks (content_chunk), read one at a time.
      const content = r.blob_id ? null : Buffer.from(r.content);
      let whole: Awaited<ReturnType<typeof hashBlob>> | null = null;
      try {
        whole = r.blob_id ? await hashBlob(db, r.blob_id) : null;
      } catch (err) {
        // A chunk that does not match its own SHA-256 stops the read: the document is named all the same.
        if (!(err instanceof DomainError)) throw err;
        wrong.push(`document ${r.id} ("${r.filename}") of case ${r.reference}: ${err.message}`);
        done++;
        continue;
      }
      const actual = whole
        ? whole.sha256
        : createHash("sha256")
            .update(content as Buffer)
            .digest("hex");
      if (actual !== r.sha256 || (whole ? whole.size : (content as Buffer).length) !== r.size)
        wrong.push(`document ${r.id} ("${r.filename}") of case ${r.reference}: its content does not match its recorded SHA-256`);
      done++;
    }
    after = rows[rows.length - 1]?.id as string;
    progress?.("documents verified", done, total);
  }
  if (wrong.length > 0)
    throw new BackupError(
      `${wrong.length} document(s) altered or damaged: ${wrong.slice(0, 10).join("; ")}${wrong.length > 10 ? "; …" : ""}`,
    );
  const counts = await sql<{ cases: number; documents: number }>`
    select (select count(*) from case_file)::int as cases, (select count(*) from case_document)::int as documents`.execute(db);
  const c = counts.rows[0] ?? { cases: 0, documents: 0 };
  if (c.cases !== manifest.counts.cases || c.documents !== manifest.counts.documents)
    throw new BackupError(
      `the restored database holds ${c.cases} cases and ${c.documents} documents but the backup recorded ${manifest.counts.cases} and ${manifest.counts.documents}`,
    );
  return { auditEvents: chain.events, documents: done, cases: c.cases };
}

/**
 * Writes the chunk files that follow the data directory in a PGlite backup into the target's chunk
 * folder. Their contents are checked after the restore, with every document's SHA-256 (verifyRestored).
 */
async function restoreChunkFiles(file: string, from: number, manifest: BackupManifest, dataDir: string, read: (bytes: number) => void) {
  const count = manifest.payload.chunkFiles ?? 0;
  if (count === 0) return;
  const files = new ChunkFiles(chunkFilesRoot(dataDir));
  const fh = await open(file, "r");
  try {
    let at = from;
    for (let i = 0; i < count; i++) {
      const head = Buffer.alloc(128);
      const { bytesRead } = await fh.read(head, 0, head.length, at);
      const nl = head.subarray(0, bytesRead).indexOf(10);
      const m = nl < 0 ? null : /^([0-9a-f-]{36}) (\d+) (\d+)$/.exec(head.subarray(0, nl).toString("utf8"));
      if (!m) throw new BackupError(`the backup's chunk file ${i + 1} of ${count} has no valid heading: the file is damaged`);
      const size = Number(m[3]);
      const bytes = Buffer.alloc(size);
      const got = await fh.read(bytes, 0, size, at + nl + 1);
      if (got.bytesRead !== size) throw new BackupError(`the backup's chunk file ${i + 1} of ${count} is cut short`);
      await files.write(m[1] as string, Number(m[2]), bytes);
      at += nl + 1 + size;
      read(at - from);
    }
  } finally {
    await fh.close();
  }
}

async function loadPayload(file: string, offset: number, manifest: BackupManifest, target: RestoreTarget, progress?: Progress) {
  if (manifest.database === "pglite") {
    const datadirBytes = manifest.payload.datadirBytes ?? manifest.payload.bytes;
    const chunks: Buffer[] = [];
    let done = 0;
    for await (const chunk of createReadStream(file, { start: offset, end: offset + datadirBytes - 1 })) {
      chunks.push(chunk as Buffer);
      done += (chunk as Buffer).length;
      progress?.("reading the backup", done, manifest.payload.bytes);
    }
    mkdirSync(target.dataDir as string, { recursive: true });
    const lite = await PGlite.create(join(target.dataDir as string, "pglite"), {
      loadDataDir: new Blob(chunks.map((c) => new Uint8Array(c))),
    });
    await lite.close();
    await restoreChunkFiles(file, offset + datadirBytes, manifest, target.dataDir as string, (n) =>
      progress?.("reading the backup", done + n, manifest.payload.bytes),
    );
    return;
  }
  // pg_restore needs a seekable archive: the payload is copied out beside the work, then restored in
  // one transaction (a failure leaves the database empty). Its verbose lines count the items done.
  const work = mkdtempSync(join(tmpdir(), "rogatory-restore-"));
  try {
    const dump = join(work, "payload.dump");
    await pipeline(createReadStream(file, { start: offset }), createWriteStream(dump));
    const { dbname, env } = pgToolArgs(target.url as string);
    const list = await runTool("pg_restore", ["-l", dump], env);
    const total = list.split("\n").filter((l) => l.trim() && !l.startsWith(";")).length;
    let done = 0;
    await runTool(
      "pg_restore",
      ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", "--verbose", "-d", dbname, dump],
      env,
      (line) => {
        if (/^pg_restore: (creating|processing)/.test(line)) progress?.("restoring", Math.min(++done, total), total);
      },
    );
    progress?.("restoring", total, total);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Restores a backup file into an empty target (a PostgreSQL database or a PGlite data directory),
 * brings its schema up to date, and verifies it; on any failed check the target is emptied again.
 */
export async function restoreBackup(file: string, target: RestoreTarget, progress?: Progress): Promise<RestoreReport> {
  const { manifest, offset } = readBackupHeader(file);
  const wanted = target.url ? "postgres" : "pglite";
  if (manifest.database !== wanted)
    throw new BackupError(
      manifest.database === "pglite"
        ? "this is a backup of an embedded PGlite database: restore it with DATABASE_URL unset and ROGATORY_DATA_DIR naming an empty directory"
        : "this is a backup of a PostgreSQL database: restore it with DATABASE_URL naming an empty database",
    );
  if (manifest.schema > LATEST_MIGRATION)
    throw new BackupError(
      `the backup's schema (${manifest.schema}) is newer than this version of Rogatory knows (${LATEST_MIGRATION}): restore with the newer version`,
    );
  await checkPayload(file, offset, manifest);
  await assertEmpty(target);
  let restored = false;
  try {
    await loadPayload(file, offset, manifest, target, progress);
    restored = true;
    const database = await openDatabase({ url: target.url, dataDir: target.dataDir });
    try {
      const result = await verifyRestored(database.db, manifest, progress);
      return { manifest, ...result, schema: LATEST_MIGRATION };
    } finally {
      await database.close();
    }
  } catch (err) {
    // Whatever was written is removed: a half-verified database must not be started by mistake.
    if (restored || target.dataDir) await clearTarget(target).catch(() => undefined);
    throw err;
  }
}
