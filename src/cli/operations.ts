/** `rogatory backup` and `rogatory restore`: the commands around src/operations/backup.ts. */
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { BackupError, type Progress, pgliteBackup, postgresBackup, restoreBackup } from "../operations/backup.js";
import type { BackupManifest } from "../operations/backupFile.js";
import { backupFromServer, serverIsRunning } from "../operations/controlSocket.js";

const describe = (m: BackupManifest) =>
  `${m.counts.cases} cases, ${m.counts.documents} documents, ${m.audit.events} audit events (chain head: event ${m.audit.seq}, hash ${m.audit.hash}), schema ${m.schema}`;

/** Writes a backup of the configured database to `out`. */
export async function backupCommand(out: string, print: (s: string) => void): Promise<void> {
  if (existsSync(out)) throw new BackupError(`${out} already exists: choose a new file name (a backup never overwrites one)`);
  const config = readConfig();
  if (config.databaseUrl) {
    const manifest = await postgresBackup(config.databaseUrl, out);
    print(`Backup written to ${out} (pg_dump -Fc, ${manifest.payload.bytes} bytes): ${describe(manifest)}.`);
    return;
  }
  // PGlite: the running server makes it (only it may open the directory); else we open it ourselves.
  let bytes = await backupFromServer(config.dataDir);
  let how = "by the running server";
  if (!bytes) {
    if (!existsSync(join(config.dataDir, "pglite"))) throw new BackupError(`there is no database in ${config.dataDir} to back up`);
    // As it is: a backup taken before an upgrade must hold the old schema, not migrate it first.
    const database = await openDatabase({ dataDir: config.dataDir, migrate: false });
    try {
      bytes = (await pgliteBackup(database)).bytes;
    } finally {
      await database.close();
    }
    how = "with the server stopped";
  }
  const partial = `${out}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, out);
  const manifest = JSON.parse(bytes.subarray(bytes.indexOf(10) + 1, bytes.indexOf(10, bytes.indexOf(10) + 1)).toString("utf8"));
  print(`Backup written to ${out} (embedded PGlite, taken ${how}, ${bytes.length} bytes): ${describe(manifest)}.`);
}

/** A progress bar on stderr, drawn for large restores only (or always on a terminal); one line per step. */
function progressBar(): { progress: Progress; end(): void } {
  let step = "";
  let open = false;
  let drawn = -1;
  const large = (s: string, total: number) => (s === "reading the backup" ? total > 16 * 1024 * 1024 : total > 100);
  return {
    progress: (s, done, total) => {
      if (!process.stderr.isTTY && !large(s, total)) return;
      const width = 30;
      const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : width;
      // Redrawn when the bar grows, the step changes, or at the end; not for every item.
      if (s === step && filled === drawn && done < total) return;
      if (open && s !== step) process.stderr.write("\n");
      step = s;
      drawn = filled;
      process.stderr.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${s} ${done}/${total}`);
      open = true;
    },
    end: () => {
      if (open) process.stderr.write("\n");
      open = false;
    },
  };
}

/** Restores a backup into the configured (empty) database and verifies it. */
export async function restoreCommand(file: string, print: (s: string) => void): Promise<void> {
  const config = readConfig();
  if (!config.databaseUrl && (await serverIsRunning(config.dataDir)))
    throw new BackupError(`a server is running on ${config.dataDir}: stop it, and restore into an empty data directory`);
  const bar = progressBar();
  try {
    const r = await restoreBackup(file, { url: config.databaseUrl, dataDir: config.dataDir }, bar.progress);
    bar.end();
    print(
      `Restored ${file} into ${config.databaseUrl ? "the PostgreSQL database" : config.dataDir}: ${r.cases} cases, ${r.documents} documents (each SHA-256 verified), ${r.auditEvents} audit events (chain verified, head event ${r.manifest.audit.seq} as recorded); schema ${r.schema}.`,
    );
  } catch (err) {
    bar.end();
    if (err instanceof Error) throw new BackupError(`restore failed, nothing was kept: ${err.message}`);
    throw err;
  }
}
