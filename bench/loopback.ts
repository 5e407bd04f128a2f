/**
 * Copies over loopback between two fresh processes, the baselines of bench:exchange's evidence row.
 * Neither end is the bench's own process: a copy from a busy process runs several times slower (every
 * piece read from a socket is a new buffer, and the collector then walks that process's whole heap).
 * Each sender makes one copy that is not counted (socket buffers, JIT), then `runs`, each with both
 * processes' CPU seconds.
 *
 * - The raw copy (`raw`): memory to memory, the receiver only counts the bytes — the "copying
 *   the same bytes over loopback".
 * - The least transfer (`least-memory`, `least-files`): the smallest program that does what issue 13
 *   §3 asks of a large file's journey. It keeps only what no implementation of the issue can leave
 *   out — each 8 MiB chunk encrypted with AES-256-GCM under its own key (GCM's tag authenticates it),
 *   by the nodes' own chunk cipher (src/exchange/chunkCipher.ts),
 *   and the whole file's SHA-256 checked at the receiver before it is taken — and drops everything an
 *   implementation could argue about: no signatures or sealed headers (each chunk's key is derived
 *   from a seed sent in the clear), no HTTP, no database, no answer per chunk, one connection, no
 *   sync to disk. `least-files` reads the stored file at the sender and writes each chunk to its own
 *   file at the receiver, as evidence that reaches a case must be kept; `least-memory` keeps nothing
 *   (the cryptography and the socket alone).
 *
 * The modes are this file's command line, for copiesBetweenProcesses to spawn:
 *   --receive MODE [DIR]             prints "PORT n", then serves
 *   --send MODE PORT MB RUNS [FILE]  prints [{ seconds, cpu }]
 */
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ChunkKey, chunkAad, chunkDecryptor, chunkEncryptor, TAG_BYTES } from "../src/exchange/chunkCipher.js";

const CHUNK = 8 * 1024 * 1024;
const PIECE = 1024 * 1024;
/** Seed (16 bytes), size (8 bytes), the file's SHA-256 (32 bytes). */
const HELLO = 16 + 8 + 32;

/** CPU seconds this process has used so far (user + system, all its threads). */
export const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Chunk `i`'s key, from the transfer's seed (standing in for the sealed header that would carry it). */
function keyOf(seed: Buffer, i: number): ChunkKey {
  const d = createHash("sha512").update(seed).update(String(i)).digest();
  return { enc: "A256GCM", k: d.subarray(0, 32).toString("base64url"), iv: d.subarray(32, 44).toString("base64url") };
}

/** Each chunk's additional data, as the nodes bind it (chunkAad), for one transfer of this program. */
const aadOf = (i: number) => chunkAad("least-transfer", i);

/** `mb` megabytes, the same pattern as the bench's evidence. */
export function evidenceOf(mb: number) {
  const bytes = Buffer.alloc(Math.round(mb * 1_000_000));
  for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.writeUInt32LE((i * 2654435761 + mb) >>> 0, i);
  return bytes;
}

/** The least transfer's receiving side: decrypts each chunk as it arrives, hashes the whole file, keeps it (in files under `dir`, or nowhere). */
function leastReceive(dir: string | undefined): void {
  const server = createServer((socket) => {
    const cpu0 = ownCpu();
    const place = dir ? mkdtempSync(join(dir, "t-")) : null;
    let hello = Buffer.alloc(0);
    let seed = Buffer.alloc(0);
    let size = 0;
    let sha = "";
    let index = 0;
    let inChunk = 0; // ciphertext bytes of the current chunk received (tag included)
    let chunkLength = 0;
    let tag = Buffer.alloc(0);
    let decipher: ReturnType<typeof chunkDecryptor> | null = null;
    let fd = -1;
    const whole = createHash("sha256");
    let received = 0;
    const begin = () => {
      decipher = chunkDecryptor(keyOf(seed, index), aadOf(index));
      chunkLength = Math.min(CHUNK, size - index * CHUNK) + TAG_BYTES;
      inChunk = 0;
      tag = Buffer.alloc(0);
      if (place) fd = openSync(join(place, String(index)), "w");
    };
    const keep = (plain: Buffer) => {
      whole.update(plain);
      if (fd >= 0) writeSync(fd, plain);
    };
    const fail = (why: string) => {
      socket.destroy(new Error(why));
    };
    const take = (data: Buffer) => {
      let rest = data;
      while (rest.length > 0) {
        if (!decipher) begin();
        const d = decipher as ReturnType<typeof chunkDecryptor>;
        const part = rest.subarray(0, chunkLength - inChunk);
        rest = rest.subarray(part.length);
        // Each chunk's length is known, so is where its ciphertext ends and its 16-byte tag begins.
        const ciphertext = part.subarray(0, Math.max(0, chunkLength - TAG_BYTES - inChunk));
        if (ciphertext.length) keep(d.update(ciphertext));
        if (part.length > ciphertext.length) tag = Buffer.concat([tag, part.subarray(ciphertext.length)]);
        inChunk += part.length;
        if (inChunk === chunkLength) {
          const last = d.finish(tag);
          if (!last) return fail(`chunk ${index} does not decrypt`);
          keep(last);
          if (fd >= 0) {
            closeSync(fd);
            fd = -1;
          }
          received += chunkLength - TAG_BYTES;
          index++;
          decipher = null;
        }
      }
      if (received === size) {
        if (whole.digest("hex") !== sha) return fail("the file's SHA-256 differs");
        socket.end(String(ownCpu() - cpu0));
        if (place) rmSync(place, { recursive: true, force: true });
      }
    };
    socket.on("data", (c: Buffer) => {
      if (seed.length === 0) {
        hello = Buffer.concat([hello, c]);
        if (hello.length < HELLO) return;
        seed = hello.subarray(0, 16);
        size = Number(hello.readBigUInt64BE(16));
        sha = hello.subarray(24, HELLO).toString("hex");
        const rest = hello.subarray(HELLO);
        if (rest.length) take(rest);
      } else take(c);
    });
  });
  listen(server);
}

const drained = (s: Socket) => new Promise<void>((res) => s.once("drain", () => res()));

/** The least transfer's sending side: reads each chunk a mebibyte at a time (from the file, or memory), encrypts it and writes it to the socket. */
async function leastSend(port: number, mb: number, runs: number, file: string | undefined): Promise<void> {
  const bytes = file ? null : evidenceOf(mb);
  const size = Math.round(mb * 1_000_000);
  // The document's SHA-256 is known when it is stored; computing it here is not part of the transfer.
  const sha = createHash("sha256")
    .update(bytes ?? readFileSync(file as string))
    .digest();
  const once = async (): Promise<Copy> => {
    const cpu0 = ownCpu();
    const started = performance.now();
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((res, rej) => socket.once("connect", res).once("error", rej));
    let answer = "";
    const ended = new Promise<void>((res, rej) => {
      socket.on("data", (d: Buffer) => {
        answer += d.toString();
      });
      socket.once("end", res);
      socket.once("error", rej);
    });
    const seed = randomBytes(16);
    const hello = Buffer.alloc(HELLO);
    seed.copy(hello, 0);
    hello.writeBigUInt64BE(BigInt(size), 16);
    sha.copy(hello, 24);
    socket.write(hello);
    const fd = file ? openSync(file, "r") : -1;
    try {
      for (let index = 0; index * CHUNK < size; index++) {
        const cipher = chunkEncryptor(keyOf(seed, index), aadOf(index));
        const end = Math.min(size, (index + 1) * CHUNK);
        for (let at = index * CHUNK; at < end; at += PIECE) {
          const n = Math.min(PIECE, end - at);
          let piece: Buffer;
          if (fd >= 0) {
            piece = Buffer.allocUnsafe(n);
            readSync(fd, piece, 0, n, at);
          } else piece = (bytes as Buffer).subarray(at, at + n);
          if (!socket.write(cipher.update(piece))) await drained(socket);
        }
        if (!socket.write(cipher.finish())) await drained(socket);
      }
    } finally {
      if (fd >= 0) closeSync(fd);
    }
    await ended;
    socket.end();
    return { seconds: (performance.now() - started) / 1000, cpu: ownCpu() - cpu0 + Number(answer) };
  };
  console.log(JSON.stringify(await counted(once, runs)));
}

/** The raw copy's receiving side: each connection announces its length (8 bytes), then sends; answered with the CPU seconds it took here. */
function rawReceive(): void {
  const server = createServer((socket) => {
    let expected = -1;
    let got = 0;
    let cpu0 = 0;
    socket.on("data", (c: Buffer) => {
      if (expected < 0) {
        cpu0 = ownCpu();
        expected = Number(c.readBigUInt64BE(0));
        got = c.length - 8;
      } else got += c.length;
      if (got >= expected) socket.end(String(ownCpu() - cpu0));
    });
  });
  listen(server);
}

/** The raw copy's sending side: the bytes from memory, a mebibyte a write. */
async function rawSend(port: number, mb: number, runs: number): Promise<void> {
  const bytes = evidenceOf(mb);
  const once = () =>
    new Promise<Copy>((res, rej) => {
      const cpu0 = ownCpu();
      const started = performance.now();
      const client = connect(port, "127.0.0.1", () => {
        const length = Buffer.alloc(8);
        length.writeBigUInt64BE(BigInt(bytes.length));
        client.write(length);
        for (let off = 0; off < bytes.length; off += PIECE) client.write(bytes.subarray(off, off + PIECE));
      });
      let answer = "";
      client.on("data", (d: Buffer) => {
        answer += d.toString();
      });
      client.on("end", () => {
        res({ seconds: (performance.now() - started) / 1000, cpu: ownCpu() - cpu0 + Number(answer) });
        client.end();
      });
      client.on("error", rej);
    });
  console.log(JSON.stringify(await counted(once, runs)));
}

/** One copy not counted, then `runs`. */
async function counted(once: () => Promise<Copy>, runs: number): Promise<Copy[]> {
  await once();
  const out: Copy[] = [];
  for (let i = 0; i < runs; i++) out.push(await once());
  return out;
}

function listen(server: ReturnType<typeof createServer>): void {
  server.listen(0, "127.0.0.1", () => {
    const a = server.address();
    console.log(`PORT ${typeof a === "object" && a ? a.port : 0}`);
  });
}

export type CopyKind = "raw" | "least-memory" | "least-files";

/** One copy of `mb` MB: its seconds, and the CPU seconds both processes spent on it. */
export interface Copy {
  seconds: number;
  cpu: number;
}

const SELF = fileURLToPath(import.meta.url);

/**
 * `runs` copies of `mb` megabytes of the given kind between two fresh processes, after one not
 * counted. `least-files` works in a directory of its own under the system's temporary directory,
 * removed afterwards.
 */
export async function copiesBetweenProcesses(kind: CopyKind, mb: number, runs: number): Promise<Copy[]> {
  const dir = kind === "least-files" ? mkdtempSync(join(tmpdir(), "rogatory-least-")) : null;
  const file = dir ? join(dir, "evidence") : null;
  if (file) writeFileSync(file, evidenceOf(mb));
  const node = (args: string[]) => spawn(process.execPath, ["--import", "tsx", SELF, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const receiver = node(["--receive", kind, ...(dir ? [dir] : [])]);
  try {
    const port = await new Promise<string>((res, rej) => {
      receiver.stdout.once("data", (d: Buffer) => res(/PORT (\d+)/.exec(d.toString())?.[1] ?? ""));
      receiver.once("error", rej);
    });
    const sender = node(["--send", kind, port, String(mb), String(runs), ...(file ? [file] : [])]);
    let out = "";
    sender.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((res) => sender.once("exit", res));
    if (code !== 0) throw new Error(`the ${kind} copy's sender exited with ${code}`);
    return JSON.parse(out) as Copy[];
  } finally {
    receiver.kill("SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--receive") {
  if (args[1] === "raw") rawReceive();
  else leastReceive(args[1] === "least-files" ? args[2] : undefined);
} else if (args[0] === "--send") {
  const [port, mb, runs] = args.slice(2, 5).map(Number) as [number, number, number];
  if (args[1] === "raw") await rawSend(port, mb, runs);
  else await leastSend(port, mb, runs, args[1] === "least-files" ? args[5] : undefined);
}
