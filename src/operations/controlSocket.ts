/**
 * The server's control socket for embedded PGlite. PGlite is one process: while the server runs, no
 * other process may open its data directory. So `rogatory backup` asks the running server, over a
 * Unix socket inside the data directory (mode 0600: only the account that owns the data can use it,
 * and that account could read the data files anyway), to dump the database; the bytes come back over
 * the socket. A socket that answers also tells a second server not to open the same directory.
 *
 * Protocol: the client sends `backup\n`; the server answers one JSON line, `{"ok":true,"bytes":N}`
 * followed by N bytes of backup file, or `{"ok":false,"error":"…"}`.
 */
import { chmodSync, existsSync, unlinkSync } from "node:fs";
import { type Server, type Socket, connect, createServer } from "node:net";
import { join } from "node:path";
import type { OpenDatabase } from "../db/database.js";
import { BackupError, pgliteBackup } from "./backup.js";

/** Where the control socket of the server on a PGlite data directory lives. */
export const controlSocketPath = (dataDir: string) => join(dataDir, "control.sock");

/** Connects to the socket; null when no server listens there (absent or stale socket). */
function tryConnect(path: string): Promise<Socket | null> {
  if (!existsSync(path)) return Promise.resolve(null);
  return new Promise((resolvePromise) => {
    const socket = connect(path);
    socket.once("connect", () => resolvePromise(socket));
    socket.once("error", () => resolvePromise(null));
  });
}

/** True when a server is serving this PGlite data directory now. */
export async function serverIsRunning(dataDir: string): Promise<boolean> {
  const socket = await tryConnect(controlSocketPath(dataDir));
  socket?.destroy();
  return socket !== null;
}

/** Another server already serves the data directory: this one must not open it. */
export class ServerRunningError extends BackupError {}

/** Starts the control socket of a server on PGlite; refuses when another server already serves the directory. */
export async function startControlSocket(dataDir: string, database: OpenDatabase): Promise<Server> {
  const path = controlSocketPath(dataDir);
  if (await serverIsRunning(dataDir)) throw new ServerRunningError(`another Rogatory server is already running on ${dataDir}`);
  // Unix socket paths are limited to about 107 bytes.
  if (Buffer.byteLength(path) > 100) throw new BackupError(`the data directory's path is too long for a control socket (${path})`);
  if (existsSync(path)) unlinkSync(path); // left by a server that did not stop cleanly
  const server = createServer((socket) => {
    socket.once("data", async (chunk: Buffer) => {
      if (chunk.toString("utf8").trim() !== "backup") {
        socket.end(`${JSON.stringify({ ok: false, error: "unknown request" })}\n`);
        return;
      }
      try {
        const { bytes } = await pgliteBackup(database);
        socket.write(`${JSON.stringify({ ok: true, bytes: bytes.length })}\n`);
        socket.end(bytes);
      } catch (err) {
        socket.end(`${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolvePromise());
  });
  chmodSync(path, 0o600);
  server.unref();
  return server;
}

/** Asks the server running on `dataDir` for a backup; null when no server runs there. */
export async function backupFromServer(dataDir: string): Promise<Buffer | null> {
  const socket = await tryConnect(controlSocketPath(dataDir));
  if (!socket) return null;
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.once("error", (e) => reject(new BackupError(`the running server's control socket failed: ${e.message}`)));
    socket.once("end", () => {
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(10);
      let head: { ok: boolean; bytes?: number; error?: string };
      try {
        head = JSON.parse(all.subarray(0, nl).toString("utf8"));
      } catch {
        return reject(new BackupError("the running server gave no valid answer on its control socket"));
      }
      if (!head.ok) return reject(new BackupError(`the running server could not make the backup: ${head.error}`));
      const body = all.subarray(nl + 1);
      if (body.length !== head.bytes)
        return reject(new BackupError(`the backup from the running server was cut short (${body.length} of ${head.bytes} bytes)`));
      resolvePromise(body);
    });
    socket.write("backup\n");
  });
}
