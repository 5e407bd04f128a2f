/**
 * The backup file: one line naming the format, one line of JSON manifest (what was backed up, the
 * audit chain's head, the counts and the payload's SHA-256), then the payload — PGlite's data
 * directory as a gzipped tar (followed by the large documents' chunk files, see the manifest's
 * `payload`), or `pg_dump -Fc` output. One file, so the manifest cannot be lost
 * from its backup; `head -2 FILE` shows it.
 */
import { createHash } from "node:crypto";
import { createReadStream, openSync, readSync, closeSync, statSync } from "node:fs";

export const BACKUP_MAGIC = "ROGATORY-BACKUP 1";

export interface BackupManifest {
  format: "rogatory-backup";
  version: 1;
  database: "pglite" | "postgres";
  createdAt: string;
  /** The last migration applied: the schema version of the backed-up database. */
  schema: string;
  /** The audit chain's head at the moment of the backup (seq 0 and the genesis hash when empty). */
  audit: { events: number; seq: number; hash: string };
  counts: { cases: number; documents: number };
  payload: {
    kind: "pglite-datadir-tgz" | "pg_dump-custom";
    bytes: number;
    sha256: string;
    /**
     * PGlite with chunk files (src/db/chunkFiles.ts): the gzipped tar is the first `datadirBytes`
     * bytes, followed by `chunkFiles` files, each a line "<blob id> <index> <size>" and its bytes.
     * Absent in backups of databases without chunk files: the whole payload is the tar.
     */
    datadirBytes?: number;
    chunkFiles?: number;
  };
}

export class BackupFileError extends Error {}

/** The two header lines that precede the payload. */
export function backupHeader(manifest: BackupManifest): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(manifest)}\n`, "utf8");
}

/** Reads the manifest and where the payload starts; refuses a file that is not a Rogatory backup. */
export function readBackupHeader(file: string): { manifest: BackupManifest; offset: number; size: number } {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new BackupFileError(`cannot read ${file}`);
  }
  const fd = openSync(file, "r");
  const buf = Buffer.alloc(Math.min(size, 64 * 1024));
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const first = buf.indexOf(10);
  const second = first < 0 ? -1 : buf.indexOf(10, first + 1);
  if (first < 0 || buf.subarray(0, first).toString("utf8") !== BACKUP_MAGIC || second < 0)
    throw new BackupFileError(`${file} is not a Rogatory backup (it does not start with "${BACKUP_MAGIC}")`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(buf.subarray(first + 1, second).toString("utf8")) as BackupManifest;
  } catch {
    throw new BackupFileError(`${file}: the manifest (line 2) is not valid JSON`);
  }
  if (manifest.format !== "rogatory-backup" || manifest.version !== 1 || !manifest.payload || !manifest.audit)
    throw new BackupFileError(`${file}: the manifest is not a version 1 Rogatory backup manifest`);
  const offset = second + 1;
  if (size - offset !== manifest.payload.bytes)
    throw new BackupFileError(
      `${file} is damaged: the manifest announces ${manifest.payload.bytes} bytes of data but the file holds ${size - offset}`,
    );
  return { manifest, offset, size };
}

/** Checks the payload's SHA-256 against the manifest before anything is restored. */
export async function checkPayload(file: string, offset: number, manifest: BackupManifest): Promise<void> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { start: offset })) hash.update(chunk as Buffer);
  const actual = hash.digest("hex");
  if (actual !== manifest.payload.sha256)
    throw new BackupFileError(
      `the backup's data does not match the SHA-256 in its manifest (${manifest.payload.sha256.slice(0, 16)}…, found ${actual.slice(0, 16)}…): the file is damaged or was altered`,
    );
}
