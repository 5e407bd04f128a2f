/**
 * Large evidence (up to 1 GB) between two nodes, in chunks. The `evidence` message announces each
 * large document's transfer — its id, size, whole-file SHA-256 and the SHA-256 of every chunk — and
 * is signed like any message. Before the sender worker delivers that message it pushes the chunks:
 * each goes with a small header sealed on its own (seal.ts: signed by us, encrypted to the partner)
 * that carries the chunk's own AES-256-GCM key, and its bytes follow as binary, encrypted under that
 * key (chunkCipher.ts), to the partner's `/api/v1/exchange/chunks`. The partner answers with the
 * chunks it holds, so after an interruption (either side restarted, a link lost) the sender asks
 * first and sends only the rest. The receiver hashes the whole file as the chunks arrive and checks
 * it against the announcement when the last one lands; only a transfer so verified, whose chunks are
 * the ones the signed message announced, becomes a document of the case when the message is applied.
 * A mismatch or a missing chunk never reaches the case.
 *
 * Memory: neither side holds a chunk whole. The sender reads, hashes and encrypts a mebibyte at a
 * time as the socket takes it; the receiver decrypts, hashes and writes a mebibyte at a time as the
 * bytes arrive (only without chunk files, on PostgreSQL, is a chunk gathered for its row).
 */
import { type Hash, createHash, randomUUID } from "node:crypto";
import type { Transaction } from "kysely";
import { z } from "zod";
import {
  CHUNK_BYTES,
  MAX_LARGE_DOCUMENT_BYTES,
  PIECE_BYTES,
  chunkList,
  deleteBlob,
  hashBlob,
  readChunk,
  readChunkPieces,
} from "../cases/documentContent.js";
import { chunkFilesOf } from "../db/chunkFiles.js";
import type { Database } from "../db/schema.js";
import { DomainError, worded } from "../errors.js";
import type { ExchangeContext, RefusalReason, TrustedPartner } from "./context.js";
import { isActive } from "./context.js";
import type { Envelope } from "./envelope.js";
import type { EvidenceBody } from "./messages/index.js";
import { TAG_BYTES, chunkAad, chunkDecryptor, chunkEncryptor, chunkKey, newChunkKey, tagSplitter } from "./chunkCipher.js";
import { type ChunkDelivery, type ChunkResult, decodeDelivery, postChunk } from "./transport.js";

/** How many chunks the sender has in flight at once: the next being read and encrypted while others travel and are stored. */
const IN_FLIGHT = 3;
/** Transfers a partner may have open (chunks arriving, message not yet applied) at this node at once. */
export const MAX_OPEN_TRANSFERS = 16;
/** An incoming transfer not completed and applied within this time is abandoned and its chunks deleted. */
export const ABANDON_AFTER_MS = 7 * 24 * 3600_000;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** What a chunk's header says about its transfer (the same in every chunk of it). */
const transferHeader = z.object({
  id: z.string().uuid(),
  filename: z.string().min(1).max(300),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/),
  size: z.number().int().min(1).max(MAX_LARGE_DOCUMENT_BYTES),
  sha256: hex64,
  chunkSize: z.number().int().min(1).max(CHUNK_BYTES),
  chunks: z.number().int().min(1),
});

/**
 * The header sealed (signed, then encrypted) with each chunk (type chunk) or alone (type status: which
 * chunks do you hold?). Version 3: the chunk's bytes travel beside it as binary, encrypted with the
 * AES-256-GCM key the header carries (`content`, fresh for each chunk; chunkCipher.ts), so the
 * sender's signature over the key binds the bytes; `sha256` is the chunk's, as the evidence message
 * announces it. Version 2 carried them as a compact JWE's base64url text, version 1 inside the
 * signed payload; neither is accepted.
 */
const chunkHeader = z.object({
  v: z.literal(3),
  type: z.enum(["chunk", "status"]),
  to: z.object({ jurisdiction: z.string().min(2).max(6) }),
  case: z.object({ jurisdiction: z.string().min(2).max(6), reference: z.string().min(1).max(200) }),
  transfer: transferHeader,
  index: z.number().int().min(0).optional(),
  sha256: hex64.optional(),
  content: chunkKey.optional(),
  sealedAt: z.string().datetime(),
});
type ChunkHeader = z.infer<typeof chunkHeader>;

/** The receiver's answer to a chunk or a status request. */
export type ChunkAnswer = ChunkResult;

/** The header's JSON as the sealed payload. */
const headerPayload = (header: ChunkHeader) => new TextEncoder().encode(JSON.stringify(header));

/** One transfer's row, as the sending or receiving side records it (keyed by partner and the sender's transfer id). */
const transferRow = (db: ExchangeContext["db"] | Transaction<Database>, direction: "in" | "out", partnerId: string, transferId: string) =>
  db
    .selectFrom("exchange_transfer")
    .where("direction", "=", direction)
    .where("partner_id", "=", partnerId)
    .where("transfer_id", "=", transferId);

/** The number of chunks of a file of `size` bytes cut every `chunkSize`. */
export const chunkCount = (size: number, chunkSize: number) => Math.ceil(size / chunkSize);

/** "340 of 1,024 MB" — what the case shows while evidence travels. */
export function progressText(doneBytes: number, size: number, verb: "received" | "delivered"): string {
  const mb = (n: number) => Math.floor(n / (1024 * 1024)).toLocaleString("en-GB");
  return size >= 1024 * 1024
    ? `evidence ${mb(doneBytes)} of ${mb(size)} MB ${verb}`
    : `evidence ${doneBytes.toLocaleString("en-GB")} of ${size.toLocaleString("en-GB")} bytes ${verb}`;
}

// ---------------------------------------------------------------------------------------------
// Sending

/** An evidence item's announcement of a document travelling in chunks (part of the signed message). */
export type TransferManifest = NonNullable<EvidenceBody["items"][number]["transfer"]>;

/**
 * Registers a document stored in chunks (blob) for sending to the partner, inside the transaction
 * that queues the evidence message; returns the manifest the message announces.
 */
export async function openOutgoingTransfer(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  input: { caseId: string; partnerId: string; blobId: string; filename: string; contentType: string; size: number; sha256: string },
): Promise<TransferManifest> {
  const list = await chunkList(trx, input.blobId);
  const size = list.reduce((n, c) => n + c.size, 0);
  if (list.length === 0 || size !== input.size || list.some((c, i) => c.idx !== i || (i < list.length - 1 && c.size !== CHUNK_BYTES)))
    throw worded(
      new DomainError(409, "document_corrupt", `Document ${input.filename} is not stored whole; it cannot be sent.`, "documentIds"),
      "documentNotWhole",
      { filename: input.filename },
    );
  const id = randomUUID();
  const now = ctx.clock.now();
  await trx
    .insertInto("exchange_transfer")
    .values({
      direction: "out",
      transfer_id: id,
      partner_id: input.partnerId,
      case_id: input.caseId,
      blob_id: input.blobId,
      filename: input.filename,
      content_type: input.contentType,
      size: input.size,
      sha256: input.sha256,
      chunk_size: CHUNK_BYTES,
      chunks: list.length,
      status: "open",
      detail: null,
      message_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return {
    id,
    filename: input.filename,
    contentType: input.contentType,
    size: input.size,
    sha256: input.sha256,
    chunkSize: CHUNK_BYTES,
    chunks: list.map((c) => c.sha256),
  };
}

/** The transfers an envelope announces (evidence items carrying a document in chunks). */
export function transfersOf(envelope: Envelope): TransferManifest[] {
  if (envelope.kind !== "evidence") return [];
  return (envelope.body as EvidenceBody).items.flatMap((i) => (i.transfer ? [i.transfer] : []));
}

/** How a chunk reaches the partner: the transport's own way, else HTTP. */
function post(ctx: ExchangeContext, partner: TrustedPartner, delivery: ChunkDelivery): Promise<ChunkAnswer> {
  return ctx.transport.deliverChunk ? ctx.transport.deliverChunk(partner, delivery) : postChunk(partner, delivery);
}

/**
 * Pushes the chunks of every transfer the envelope announces that the partner does not hold yet;
 * resolves when the partner holds them all and has checked each whole file (or found it corrupt —
 * the message then carries the refusal). Throws when the partner cannot be reached or refuses, so
 * the worker retries later and asks again what is missing. `keepAlive` is called after each chunk
 * (the worker extends its lease on the message).
 */
export async function pushTransfers(
  ctx: ExchangeContext,
  partner: TrustedPartner,
  envelope: Envelope,
  keepAlive: () => Promise<void> = async () => {},
): Promise<void> {
  for (const m of transfersOf(envelope)) {
    const t = await transferRow(ctx.db, "out", partner.id, m.id).selectAll().executeTakeFirst();
    if (!t) throw new Error(`transfer ${m.id} is not recorded at this node`);
    if (t.status === "delivered" || t.status === "corrupt") continue;
    const base = {
      v: 3 as const,
      to: { jurisdiction: envelope.to.jurisdiction },
      case: { jurisdiction: envelope.case.requesting.jurisdiction, reference: envelope.case.requesting.reference },
      transfer: {
        id: m.id,
        filename: m.filename,
        contentType: m.contentType,
        size: m.size,
        sha256: m.sha256,
        chunkSize: m.chunkSize,
        chunks: m.chunks.length,
      },
    };
    const answer = async (a: ChunkAnswer) => {
      if ("reason" in a.body) throw new Error(`the partner refused the transfer (${a.body.reason}): ${a.body.detail}`);
      if (a.status < 200 || a.status >= 300) throw new Error(`the partner answered ${a.status}`);
      return a.body;
    };
    const record = async (state: { held: number; state: string }, posted: number) => {
      const heldBytes = Math.min(m.size, state.held * m.chunkSize);
      await ctx.db
        .updateTable("exchange_transfer")
        .set((eb) => ({
          done_chunks: state.held,
          done_bytes: state.state === "open" ? heldBytes : m.size,
          posts: eb("posts", "+", posted),
          status: state.state === "complete" || state.state === "applied" ? "delivered" : state.state === "corrupt" ? "corrupt" : "open",
          updated_at: ctx.clock.now(),
        }))
        .where("id", "=", t.id)
        .execute();
    };
    const seal = (header: ChunkHeader) => ctx.sealing.seal(partner, headerPayload(header));
    const askStatus = async () =>
      answer(
        await post(ctx, partner, {
          sealedHeader: await seal({ ...base, type: "status", sealedAt: ctx.clock.now().toISOString() }),
          content: null,
        }),
      );
    let state = await askStatus();
    await record(state, 0);
    const queue = [...state.missing];
    // Posts begin in the order of their chunks, so that they arrive in order and the partner can hash
    // each into the whole file as it streams (see streamChunk).
    let posted: Promise<void> = Promise.resolve();
    // A small window of chunks in flight: sealing the next overlaps the partner storing this one.
    const worker = async () => {
      for (let idx = queue.shift(); idx !== undefined; idx = queue.shift()) {
        const source = await readChunkPieces(ctx.db, t.blob_id, idx);
        if (!source || source.sha256 !== m.chunks[idx]) throw new Error(`chunk ${idx} of ${m.filename} is not stored as announced`);
        const key = newChunkKey();
        const header: ChunkHeader = {
          ...base,
          type: "chunk",
          index: idx,
          sha256: source.sha256,
          content: key,
          sealedAt: ctx.clock.now().toISOString(),
        };
        const sealedHeader = await seal(header);
        // Read, hashed and encrypted a piece at a time as the socket takes them: the stored bytes are
        // checked against their SHA-256 before the tag is sent, so altered bytes never arrive whole.
        const encryptor = chunkEncryptor(key, chunkAad(m.id, idx));
        const pieces = async function* () {
          const hash = createHash("sha256");
          let size = 0;
          for await (const piece of source.pieces) {
            hash.update(piece);
            size += piece.length;
            yield encryptor.update(piece);
          }
          if (size !== source.size || hash.digest("hex") !== source.sha256)
            throw worded(
              new DomainError(
                409,
                "document_integrity",
                `Chunk ${idx} of a stored document no longer matches its SHA-256; it was altered.`,
              ),
              "chunkAltered",
              { chunk: idx },
            );
          yield encryptor.finish();
        };
        const before = posted;
        let begun = () => {};
        posted = new Promise<void>((res) => {
          begun = res;
        });
        await before;
        const delivered = post(ctx, partner, { sealedHeader, content: { length: source.size + TAG_BYTES, pieces: pieces() } });
        begun();
        const got = await answer(await delivered);
        // Answers overtake one another: keep the furthest state.
        if (got.held >= state.held || got.state !== "open") state = got;
        await record(got, 1);
        await keepAlive();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (state.state === "open") {
      // Every chunk posted, the answers overtook one another: ask once more.
      state = await askStatus();
      await record(state, 0);
    }
    if (state.state === "open") throw new Error(`the partner holds ${state.held} of ${m.chunks.length} chunks of ${m.filename}`);
    if (state.state !== "corrupt") await dropJourneyCopy(ctx.db, t.blob_id);
  }
}

/**
 * Removes the chunks a transfer travelled from when no document is stored under them: a document
 * kept in its row is cut into chunks for the journey (commands/evidence.ts), and once the partner
 * holds it whole that copy serves nothing — the document stays in its row, and a delivered transfer
 * is never read again. A document stored in chunks is its own transfer's source and is kept.
 */
async function dropJourneyCopy(db: ExchangeContext["db"], blobId: string): Promise<boolean> {
  const document = await db.selectFrom("case_document").select("id").where("blob_id", "=", blobId).limit(1).executeTakeFirst();
  if (document) return false;
  await deleteBlob(db, blobId);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Receiving

/** Keeps a refused delivery's sealed header (its first kilobyte) in the quarantine and answers with the reason. */
async function refuseChunk(
  ctx: ExchangeContext,
  reason: RefusalReason,
  detail: string,
  delivery: { size: number; excerpt: string },
  partner: TrustedPartner | undefined,
  ip: string | null,
): Promise<ChunkAnswer> {
  await ctx.db
    .insertInto("exchange_quarantine")
    .values({
      received_at: ctx.clock.now(),
      partner_id: partner?.id ?? null,
      message_id: null,
      reason,
      detail: `chunk: ${detail}`.slice(0, 2000),
      size: delivery.size,
      content: delivery.excerpt,
      ip,
    })
    .execute();
  return { status: 422, body: { reason, detail } };
}

/** Which chunks of a transfer are held here. */
async function heldState(
  db: ExchangeContext["db"] | Transaction<Database>,
  t: { id: string; blob_id: string; chunks: number; status: string; transfer_id: string },
) {
  const rows = await db.selectFrom("content_chunk").select("idx").where("blob_id", "=", t.blob_id).execute();
  const have = new Set(rows.map((r) => r.idx));
  const missing: number[] = [];
  for (let i = 0; i < t.chunks; i++) if (!have.has(i)) missing.push(i);
  const state = (t.status === "abandoned" ? "corrupt" : t.status) as "open" | "complete" | "corrupt" | "applied";
  return {
    transfer: t.transfer_id,
    state,
    held: t.status === "applied" ? t.chunks : have.size,
    missing: t.status === "applied" ? [] : missing,
  };
}

/**
 * The whole file's SHA-256, computed as the chunks arrive, so that the last chunk does not mean
 * reading the whole file back. A chunk is hashed into it while it streams in, when it is the next in
 * order; the chunks of one transfer take turns to stream for that (the sender posts them in order).
 * A chunk that arrives ahead of its turn is noted (at most MAX_AHEAD) and read back from storage once
 * the chunks before it are in. A transfer whose chunks cannot all be followed here — begun before a
 * restart, more out of order than that, a chunk refused after part of it was hashed, or spread over
 * several instances on one PostgreSQL — is not trusted to it: its file is read back and hashed when
 * the last chunk arrives. Per node (keyed by its database), in this process's memory only; a
 * transfer nothing was fed to for IDLE_MS is forgotten.
 */
interface RunningHash {
  next: number;
  size: number;
  hash: Hash;
  /** Chunks stored ahead of `next`, to be read back in their turn. */
  ahead: Set<number>;
  broken: boolean;
  fedAt: number;
  /** A chunk of the transfer is streaming (its turn); the others wait (takeTurn). */
  busy: boolean;
  waiters: Set<() => void>;
  /** Chunks stored ahead are being read back and hashed. */
  draining: boolean;
}
const MAX_AHEAD = 4;
/** Transfers followed at once per node; beyond that a new transfer is read back at the end. */
const MAX_FOLLOWED = 16;
const IDLE_MS = 5 * 60_000;
const runningHashes = new WeakMap<object, Map<string, RunningHash>>();
const followKey = (partnerId: string, transferId: string) => `${partnerId}/${transferId}`;

function followed(ctx: Pick<ExchangeContext, "db">): Map<string, RunningHash> {
  let m = runningHashes.get(ctx.db);
  if (!m) {
    m = new Map();
    runningHashes.set(ctx.db, m);
  }
  return m;
}

/** The running hash of a transfer, begun at its first chunk; null when it is not followed here. */
function runningHashOf(ctx: Pick<ExchangeContext, "db">, key: string): RunningHash | null {
  const all = followed(ctx);
  const now = Date.now();
  for (const [id, idle] of all) if (now - idle.fedAt > IDLE_MS) all.delete(id);
  let r = all.get(key);
  if (!r) {
    if (all.size >= MAX_FOLLOWED) return null;
    r = {
      next: 0,
      size: 0,
      hash: createHash("sha256"),
      ahead: new Set(),
      broken: false,
      fedAt: now,
      busy: false,
      waiters: new Set(),
      draining: false,
    };
    all.set(key, r);
  }
  r.fedAt = now;
  return r;
}

/** How long a chunk that arrived ahead of the next waits for its turn in order before it streams unhashed (read back later). */
const IN_ORDER_WAIT_MS = 2_000;

/**
 * Waits for chunk `idx`'s turn to stream: no other chunk of the transfer streaming, and the chunks
 * before it in (or IN_ORDER_WAIT_MS gone, or the transfer no longer followed). Chunks are posted in
 * order but may overtake one another on the way in; waiting a moment lets each be hashed into the
 * whole file as it streams rather than read back. Resolves with the function that ends the turn.
 */
async function takeTurn(r: RunningHash, idx: number): Promise<() => void> {
  const deadline = Date.now() + IN_ORDER_WAIT_MS;
  while (r.busy || !(r.broken || idx <= r.next || Date.now() >= deadline)) {
    await new Promise<void>((res) => {
      const timer = setTimeout(res, Math.max(1, deadline - Date.now()));
      r.waiters.add(() => {
        clearTimeout(timer);
        res();
      });
    });
  }
  r.busy = true;
  return () => {
    r.busy = false;
    wake(r);
  };
}

/** Lets the chunks waiting for their turn look again (a turn ended, or the next chunk changed). */
function wake(r: RunningHash): void {
  const waiting = [...r.waiters];
  r.waiters.clear();
  for (const w of waiting) w();
}

/**
 * After a chunk is stored: notes it when it came ahead of its turn, and hashes in order the chunks
 * stored ahead that are now next, reading each back (in the transfer's turn).
 */
async function catchUp(ctx: ExchangeContext, r: RunningHash, blobId: string, storedAhead: number | null): Promise<void> {
  if (r.broken) return;
  if (storedAhead !== null) {
    if (storedAhead < r.next) return;
    if (r.ahead.size >= MAX_AHEAD) {
      r.broken = true;
      r.ahead.clear();
      return;
    }
    r.ahead.add(storedAhead);
  }
  // One drain at a time; a chunk streaming meanwhile is not hashed into it (see streamChunk), so the
  // drain need not wait for the turns of the chunks streaming behind it.
  if (r.draining) return;
  r.draining = true;
  try {
    while (!r.broken && r.ahead.has(r.next)) {
      const chunk = await readChunk(ctx.db, blobId, r.next).catch(() => null);
      if (!chunk) {
        r.broken = true;
        break;
      }
      r.ahead.delete(r.next);
      r.hash.update(chunk.content);
      r.size += chunk.content.length;
      r.next++;
    }
  } finally {
    r.draining = false;
    wake(r);
  }
}

/** The whole file's size and SHA-256 if every chunk of the transfer was hashed here; forgets the transfer either way. */
function takeRunningHash(ctx: Pick<ExchangeContext, "db">, key: string, chunks: number): { size: number; sha256: string } | null {
  const all = followed(ctx);
  const r = all.get(key);
  all.delete(key);
  if (!r || r.broken || r.next !== chunks) return null;
  return { size: r.size, sha256: r.hash.digest("hex") };
}

/**
 * The body of a chunk delivery read up to its sealed header: the header (null when the body does not
 * begin with one: compact JWE characters within the first 64 KiB, up to a newline or the end), the
 * bytes after it read so far, and the rest of the body still to come.
 */
async function readHeader(body: AsyncIterable<Buffer>): Promise<{
  sealedHeader: string | null;
  first: Buffer | null;
  rest: AsyncIterator<Buffer>;
  read: number;
  excerpt: string;
}> {
  const rest = body[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let read = 0;
  for (;;) {
    const next = await rest.next();
    if (next.done) break;
    const piece = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
    parts.push(piece);
    read += piece.length;
    if (piece.includes(0x0a) || read > 64 * 1024) break;
  }
  const head = Buffer.concat(parts);
  const d = decodeDelivery(head);
  return {
    sealedHeader: d.sealedHeader,
    first: d.content ? Buffer.from(d.content.buffer, d.content.byteOffset, d.content.byteLength) : null,
    rest,
    read,
    excerpt: d.excerpt,
  };
}

/** A delivery's body as pieces: the request's stream (the chunk media type), or text or bytes read whole. */
function asPieces(body: unknown): AsyncIterable<Buffer> | null {
  if (typeof body === "string" || body instanceof Uint8Array) {
    const whole = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return (async function* () {
      yield whole;
    })();
  }
  if (body !== null && typeof body === "object" && Symbol.asyncIterator in body) return body as AsyncIterable<Buffer>;
  return null;
}

type Streamed =
  | {
      ok: true;
      read: number;
      fed: boolean;
      content: Buffer;
      staged: { place(into?: string): Promise<void>; discard(): Promise<void> } | null;
    }
  | { ok: false; read: number; reason: RefusalReason; detail: string };

/**
 * A chunk's encrypted bytes as they arrive: each piece is decrypted, hashed, written to its file
 * (or, without chunk files, kept for the row) and, in the transfer's turn when it is the next chunk,
 * hashed into the whole file's running hash — never the whole chunk in one buffer. The last 16 bytes
 * are GCM's tag, held back until the end. Nothing is kept unless the tag, the length and the
 * chunk's SHA-256 are all right: otherwise the file is removed and the running hash given up.
 */
async function streamChunk(o: {
  first: Buffer;
  rest: AsyncIterator<Buffer>;
  read: number;
  max: number;
  expected: number;
  sha256: string;
  decryptor: ReturnType<typeof chunkDecryptor>;
  sink: Awaited<ReturnType<NonNullable<ReturnType<typeof chunkFilesOf>>["begin"]>> | null;
  running: RunningHash | null;
  idx: number;
}): Promise<Streamed> {
  const end = o.running ? await takeTurn(o.running, o.idx) : () => {};
  const feed = o.running && !o.running.broken && !o.running.draining && o.running.next === o.idx ? o.running : null;
  const hash = createHash("sha256");
  const kept: Buffer[] = [];
  let read = o.read;
  let plain = 0;
  const refuse = (reason: RefusalReason, detail: string): Streamed => ({ ok: false, read, reason, detail });
  const take = async (out: Buffer) => {
    if (out.length === 0) return;
    plain += out.length;
    if (plain > o.expected) return;
    hash.update(out);
    feed?.hash.update(out);
    if (o.sink) await o.sink.write(out);
    else kept.push(out);
  };
  // Decrypts what arrived except the last 16 bytes, which may be the tag.
  const split = tagSplitter();
  const consume = async (piece: Buffer) => {
    for (const bytes of split.push(piece)) await take(o.decryptor.update(bytes));
  };
  let result: Streamed | null = null;
  try {
    // The socket hands the bytes over in small pieces; they are decrypted and hashed a mebibyte at a time.
    let pending: Buffer[] = [o.first];
    let pendingBytes = o.first.length;
    for (;;) {
      if (read > o.max) {
        result = refuse("oversized", `more than ${o.max} bytes`);
        break;
      }
      if (plain > o.expected) break;
      const next = await o.rest.next();
      if (!next.done) {
        read += next.value.length;
        pending.push(next.value);
        pendingBytes += next.value.length;
      }
      if (next.done || pendingBytes >= PIECE_BYTES) {
        await consume(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      }
      if (next.done) break;
    }
    if (!result) {
      const last = plain > o.expected ? null : o.decryptor.finish(split.tag());
      if (plain > o.expected) result = refuse("not_applicable", `more than the ${o.expected} bytes expected`);
      // Only the key the sender signed decrypts the bytes, and only as this chunk of this transfer.
      else if (!last) result = refuse("decryption_failed", "its bytes do not decrypt under the key of its signed header");
      else {
        await take(last);
        if (plain !== o.expected) result = refuse("not_applicable", `${plain} bytes, ${o.expected} expected`);
        // The SHA-256 the chunk is stored and later read under, as the evidence message announces it.
        else if (hash.digest("hex") !== o.sha256) result = refuse("not_applicable", "its SHA-256 is not the one announced");
        else {
          if (feed) {
            feed.size += plain;
            feed.next++;
          }
          result = {
            ok: true,
            read,
            fed: feed !== null,
            content: o.sink ? Buffer.alloc(0) : Buffer.concat(kept),
            staged: o.sink ? await o.sink.finish() : null,
          };
        }
      }
    }
    return result;
  } finally {
    if (!result?.ok) {
      if (feed) feed.broken = true;
      await o.sink?.discard();
    }
    end();
  }
}

/**
 * Receives one sealed chunk or status request (the body of POST /api/v1/exchange/chunks). Checks,
 * before writing: size, the seal, the header, the time window, that it is addressed to us, that the
 * case is carried with that partner, the chunk's length and SHA-256, and that the transfer's
 * description is the one its first chunk gave. Stores the chunk once (a repeat changes nothing) and
 * answers with the chunks held; after the last one, checks the whole file's SHA-256.
 */
export async function receiveChunk(ctx: ExchangeContext, body: unknown, ip: string | null): Promise<ChunkAnswer> {
  const pieces = asPieces(body);
  const head = pieces ? await readHeader(pieces) : null;
  const seen = { size: head?.read ?? 0, excerpt: head?.excerpt ?? "" };
  if (!head || head.sealedHeader === null)
    return refuseChunk(
      ctx,
      "malformed",
      "not a chunk delivery: a sealed header, then a newline and the chunk's bytes",
      seen,
      undefined,
      ip,
    );
  const max = ctx.sealing.maxSealedBytes;
  if (seen.size > max) return refuseChunk(ctx, "oversized", `${seen.size} bytes, more than ${max}`, seen, undefined, ip);
  const now = ctx.clock.now();
  const opened = await ctx.sealing.unseal(head.sealedHeader, now);
  if (!opened.ok) return refuseChunk(ctx, opened.reason, opened.detail, seen, opened.partner, ip);
  const partner = opened.partner;
  const no = (reason: RefusalReason, detail: string) => refuseChunk(ctx, reason, detail, seen, partner, ip);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(opened.payload));
  } catch {
    header = null;
  }
  const parsed = chunkHeader.safeParse(header);
  if (!parsed.success) return no("schema_invalid", "not the header of a transfer's chunk (version 3)");
  const h = parsed.data;
  const skew = Math.abs(Date.parse(h.sealedAt) - now.getTime());
  if (skew > ctx.windowMs) return no("expired", `sealed at ${h.sealedAt}, ${Math.round(skew / 1000)} s from this node's clock`);
  if (!isActive(partner)) return no("unknown_sender", `partner ${partner.jurisdiction} is suspended`);
  if (h.to.jurisdiction !== ctx.node.jurisdiction) return no("not_for_us", `addressed to ${h.to.jurisdiction}`);
  const tr = h.transfer;
  if (tr.chunks !== chunkCount(tr.size, tr.chunkSize))
    return no("schema_invalid", `${tr.size} bytes in chunks of ${tr.chunkSize} are not ${tr.chunks} chunks`);
  const link = await ctx.db
    .selectFrom("exchange_link")
    .select(["case_id", "partner_id"])
    .where("requesting_jurisdiction", "=", h.case.jurisdiction)
    .where("requesting_reference", "=", h.case.reference)
    .executeTakeFirst();
  if (!link) return no("unknown_case", `no case ${h.case.reference} is carried here`);
  if (link.partner_id !== partner.id) return no("not_party", "the case it names is carried with another partner");

  const files = chunkFilesOf(ctx.db);
  const followAs = followKey(partner.id, tr.id);
  let running: RunningHash | null = null;
  let fedHere = false;
  let content: Buffer = Buffer.alloc(0);
  let chunkBytes = 0;
  let staged: { place(into?: string): Promise<void>; discard(): Promise<void> } | null = null;
  let blobId: string = randomUUID();
  if (h.type === "chunk") {
    if (h.index === undefined || h.sha256 === undefined || h.content === undefined)
      return no("schema_invalid", "a chunk names its index, SHA-256 and key");
    if (h.index >= tr.chunks) return no("schema_invalid", `chunk ${h.index} of a transfer of ${tr.chunks}`);
    if (head.first === null) return no("schema_invalid", "a chunk carries its bytes after its sealed header");
    const idx = h.index;
    // The blob the bytes go to: the transfer's, or the one its first chunk will create.
    const known = await transferRow(ctx.db, "in", partner.id, tr.id).select("blob_id").executeTakeFirst();
    blobId = known?.blob_id ?? blobId;
    running = runningHashOf(ctx, followAs);
    const expected = idx === tr.chunks - 1 ? tr.size - tr.chunkSize * (tr.chunks - 1) : tr.chunkSize;
    const streamed = await streamChunk({
      first: head.first,
      rest: head.rest,
      read: head.read,
      max,
      expected,
      sha256: h.sha256,
      decryptor: chunkDecryptor(h.content, chunkAad(tr.id, idx)),
      sink: files ? await files.begin(blobId, idx) : null,
      running,
      idx,
    });
    seen.size = streamed.read;
    if (!streamed.ok) return no(streamed.reason, `chunk ${idx}: ${streamed.detail}`);
    fedHere = streamed.fed;
    content = streamed.content;
    chunkBytes = expected;
    staged = streamed.staged;
  } else {
    const more = head.first !== null || !(await head.rest.next()).done;
    if (more) return no("schema_invalid", "a status request carries no bytes");
  }

  type Outcome =
    | { ok: true; t: { id: string; blob_id: string; chunks: number; status: string; transfer_id: string }; filled: boolean; stored?: true }
    | { ok: false; reason: RefusalReason; detail: string };
  let outcome: Outcome;
  try {
    outcome = await ctx.db.transaction().execute(async (trx): Promise<Outcome> => {
      const open = await trx
        .selectFrom("exchange_transfer")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("direction", "=", "in")
        .where("partner_id", "=", partner.id)
        .where("status", "in", ["open", "complete"])
        .executeTakeFirstOrThrow();
      const inserted = await trx
        .insertInto("exchange_transfer")
        .values({
          direction: "in",
          transfer_id: tr.id,
          partner_id: partner.id,
          case_id: link.case_id,
          blob_id: blobId,
          filename: tr.filename,
          content_type: tr.contentType,
          size: tr.size,
          sha256: tr.sha256,
          chunk_size: tr.chunkSize,
          chunks: tr.chunks,
          status: "open",
          detail: null,
          message_id: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(["direction", "partner_id", "transfer_id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted && Number(open.n) >= MAX_OPEN_TRANSFERS) {
        await trx.deleteFrom("exchange_transfer").where("id", "=", inserted.id).execute();
        return { ok: false, reason: "not_applicable", detail: `${MAX_OPEN_TRANSFERS} transfers of this partner are already open` };
      }
      const t = await transferRow(trx, "in", partner.id, tr.id).selectAll().forUpdate().executeTakeFirstOrThrow();
      if (
        t.case_id !== link.case_id ||
        Number(t.size) !== tr.size ||
        t.sha256 !== tr.sha256 ||
        t.chunk_size !== tr.chunkSize ||
        t.chunks !== tr.chunks ||
        t.filename !== tr.filename ||
        t.content_type !== tr.contentType
      )
        return { ok: false, reason: "not_applicable", detail: "the transfer was described otherwise by its earlier chunks" };
      if (h.type === "status" || t.status !== "open") return { ok: true, t, filled: false };
      const idx = h.index as number;
      const stored = await trx
        .insertInto("content_chunk")
        .values({
          blob_id: t.blob_id,
          idx,
          size: chunkBytes,
          sha256: h.sha256 as string,
          content: staged ? Buffer.alloc(0) : content,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(["blob_id", "idx"]).doNothing())
        .returning("idx")
        .executeTakeFirst();
      // Moved in only when the row is new (into the transfer's blob, should another instance have
      // opened it meanwhile with its own): a repeat never overwrites the chunk held.
      if (staged) await (stored ? staged.place(t.blob_id === blobId ? undefined : t.blob_id) : staged.discard());
      staged = null;
      if (!stored) {
        // A repeat: harmless if it is the same chunk; another content for the same index is a forgery.
        const had = await trx
          .selectFrom("content_chunk")
          .select("sha256")
          .where("blob_id", "=", t.blob_id)
          .where("idx", "=", idx)
          .executeTakeFirstOrThrow();
        if (had.sha256 !== h.sha256)
          return { ok: false, reason: "not_applicable", detail: `chunk ${idx} was received before with another content` };
        return { ok: true, t, filled: false };
      }
      const held = await trx
        .selectFrom("content_chunk")
        .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("size").as("bytes")])
        .where("blob_id", "=", t.blob_id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("exchange_transfer")
        .set({ done_chunks: Number(held.n), done_bytes: Number(held.bytes), updated_at: now })
        .where("id", "=", t.id)
        .execute();
      return { ok: true, t, filled: Number(held.n) === t.chunks, stored: true };
    });
  } finally {
    // Not moved in (a repeat, refused, or the transaction failed): the flushed copy goes.
    await staged?.discard();
  }
  if (running && h.type === "chunk") {
    // A chunk hashed in its turn and then refused is not in the file: follow the transfer no further.
    if (!outcome.ok && fedHere) running.broken = true;
    else if (outcome.ok && (fedHere || outcome.stored))
      await catchUp(ctx, running, outcome.t.blob_id, fedHere ? null : (h.index as number));
  }
  if (!outcome.ok) return no(outcome.reason, outcome.detail);
  let t = outcome.t;
  if (outcome.filled) t = { ...t, status: await verifyTransfer(ctx, t.id, takeRunningHash(ctx, followAs, t.chunks)) };
  return { status: 200, body: await heldState(ctx.db, t) };
}

/**
 * Checks a transfer whose chunks have all arrived: compares the whole file's size and SHA-256 with
 * what was announced — as hashed while the chunks arrived (`hashed`, see feedChunk), else read back in
 * order one chunk at a time. A mismatch marks it corrupt and deletes its chunks; nothing of it can
 * reach a case.
 */
export async function verifyTransfer(
  ctx: ExchangeContext,
  transferRowId: string,
  hashed: { size: number; sha256: string } | null = null,
): Promise<"complete" | "corrupt" | "open" | "applied"> {
  const t = await ctx.db.selectFrom("exchange_transfer").selectAll().where("id", "=", transferRowId).executeTakeFirstOrThrow();
  if (t.status !== "open") return t.status as "complete" | "corrupt" | "applied";
  const got = hashed ? { ...hashed, chunks: t.chunks } : await hashBlob(ctx.db, t.blob_id);
  if (got.chunks !== t.chunks) return "open";
  const ok = got.size === Number(t.size) && got.sha256 === t.sha256;
  await ctx.db
    .updateTable("exchange_transfer")
    .set({
      status: ok ? "complete" : "corrupt",
      detail: ok
        ? null
        : `the file received is ${got.size} bytes with SHA-256 ${got.sha256}, not the ${t.size} bytes and SHA-256 announced`,
      updated_at: ctx.clock.now(),
    })
    .where("id", "=", t.id)
    .where("status", "=", "open")
    .execute();
  if (!ok) await deleteBlob(ctx.db, t.blob_id);
  return ok ? "complete" : "corrupt";
}

/**
 * The transfers an incoming evidence envelope announces that are not yet whole here (chunks still
 * missing): the inbox answers "not yet" instead of applying it, and the sender pushes the rest.
 */
export async function incompleteTransfers(ctx: ExchangeContext, partner: TrustedPartner, envelope: Envelope): Promise<string[]> {
  const wanted = transfersOf(envelope);
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .selectFrom("exchange_transfer")
    .select(["transfer_id", "status"])
    .where("direction", "=", "in")
    .where("partner_id", "=", partner.id)
    .where(
      "transfer_id",
      "in",
      wanted.map((w) => w.id),
    )
    .execute();
  const done = new Set(rows.filter((r) => r.status !== "open").map((r) => r.transfer_id));
  return wanted.filter((w) => !done.has(w.id)).map((w) => w.filename);
}

/**
 * Inside the transaction applying an evidence message: the verified transfer that becomes the
 * document. Refuses (the message is then rejected) unless the transfer is complete and exactly the
 * one announced — its size, whole-file SHA-256 and every chunk's SHA-256.
 */
export async function takeTransfer(
  trx: Transaction<Database>,
  partner: TrustedPartner,
  m: TransferManifest,
  caseId: string,
  messageId: string,
  now: Date,
): Promise<{ blobId: string }> {
  const t = await transferRow(trx, "in", partner.id, m.id).selectAll().forUpdate().executeTakeFirst();
  const refuse = (why: string) => new DomainError(422, "not_applicable", `evidence ${m.filename}: ${why}`);
  if (!t) throw refuse("none of its chunks arrived");
  if (t.status === "corrupt") throw refuse(t.detail ?? "its SHA-256 is not the one announced");
  if (t.status !== "complete") throw refuse(`only ${t.done_chunks} of its ${t.chunks} chunks arrived`);
  if (t.case_id !== caseId) throw refuse("its chunks came for another case");
  if (Number(t.size) !== m.size || t.sha256 !== m.sha256 || t.chunk_size !== m.chunkSize || t.chunks !== m.chunks.length)
    throw refuse("the chunks received are not the file the message announces");
  const list = await chunkList(trx, t.blob_id);
  if (list.length !== m.chunks.length || list.some((c, i) => c.idx !== i || c.sha256 !== m.chunks[i]))
    throw refuse("the chunks received are not the ones the message announces");
  await trx
    .updateTable("exchange_transfer")
    .set({ status: "applied", message_id: messageId, updated_at: now })
    .where("id", "=", t.id)
    .execute();
  return { blobId: t.blob_id };
}

/**
 * Cleans up: incoming transfers left open or complete but never applied for ABANDON_AFTER_MS are
 * abandoned and their chunks deleted (a corrupt one's were deleted when it was found); chunks of no
 * document and no transfer (an upload cut off) older than a day are deleted, and so are the journey
 * copies of delivered outgoing transfers (dropJourneyCopy). Returns how many blobs went.
 */
export async function cleanupTransfers(ctx: Pick<ExchangeContext, "db" | "clock">): Promise<number> {
  const now = ctx.clock.now();
  const stale = await ctx.db
    .selectFrom("exchange_transfer")
    .select(["id", "blob_id", "partner_id", "transfer_id"])
    .where("direction", "=", "in")
    .where("status", "in", ["open", "complete"])
    .where("updated_at", "<", new Date(now.getTime() - ABANDON_AFTER_MS))
    .execute();
  for (const t of stale) {
    followed(ctx).delete(followKey(t.partner_id, t.transfer_id));
    await ctx.db
      .updateTable("exchange_transfer")
      .set({ status: "abandoned", detail: "not completed and applied in time; its chunks were deleted", updated_at: now })
      .where("id", "=", t.id)
      .where("status", "in", ["open", "complete"])
      .execute();
    await deleteBlob(ctx.db, t.blob_id);
  }
  const orphans = await ctx.db
    .selectFrom("content_chunk")
    .select("blob_id")
    .distinct()
    .where("created_at", "<", new Date(now.getTime() - 24 * 3600_000))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("case_document").select("id").whereRef("case_document.blob_id", "=", "content_chunk.blob_id"))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("exchange_transfer").select("id").whereRef("exchange_transfer.blob_id", "=", "content_chunk.blob_id"))),
    )
    .execute();
  for (const o of orphans) await deleteBlob(ctx.db, o.blob_id);
  // Journey copies of delivered transfers still on disk (the sender removes its own as the transfer
  // completes; this takes those of a sender stopped in between).
  const copies = await ctx.db
    .selectFrom("exchange_transfer")
    .select("blob_id")
    .distinct()
    .where("direction", "=", "out")
    .where("status", "=", "delivered")
    .where(({ exists, selectFrom }) =>
      exists(selectFrom("content_chunk").select("idx").whereRef("content_chunk.blob_id", "=", "exchange_transfer.blob_id")),
    )
    .execute();
  let dropped = 0;
  for (const c of copies) if (await dropJourneyCopy(ctx.db, c.blob_id)) dropped++;
  // Chunk files no row names: written for a transaction that then rolled back, or left by a crash
  // between a file and its row. Only a day after they last changed, so a write under way is never taken.
  let strays = 0;
  const files = chunkFilesOf(ctx.db);
  for (const f of files ? await files.blobs() : []) {
    if (f.changed.getTime() > now.getTime() - 24 * 3600_000) continue;
    const named = await ctx.db.selectFrom("content_chunk").select("idx").where("blob_id", "=", f.blobId).limit(1).executeTakeFirst();
    if (named) continue;
    await files?.remove(f.blobId);
    strays++;
  }
  return stale.length + orphans.length + dropped + strays;
}

/** A transfer as the case's thread shows it. */
export interface TransferView {
  id: string;
  direction: "out" | "in";
  filename: string;
  size: number;
  sha256: string;
  chunks: number;
  doneChunks: number;
  doneBytes: number;
  /** Out: chunks posted, repeats included. */
  posts: number;
  status: string;
  detail: string | null;
  progress: string;
  updatedAt: string;
}

/** The transfers of a case, newest first, with their progress in words. */
export async function caseTransfers(ctx: Pick<ExchangeContext, "db">, caseId: string): Promise<TransferView[]> {
  const rows = await ctx.db
    .selectFrom("exchange_transfer")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((t) => {
    const size = Number(t.size);
    const done = ["applied", "delivered"].includes(t.status) ? size : Number(t.done_bytes);
    return {
      id: t.transfer_id,
      direction: t.direction,
      filename: t.filename,
      size,
      sha256: t.sha256,
      chunks: t.chunks,
      doneChunks: t.done_chunks,
      doneBytes: done,
      posts: t.posts,
      status: t.status,
      detail: t.detail,
      progress: progressText(done, size, t.direction === "in" ? "received" : "delivered"),
      updatedAt: new Date(t.updated_at).toISOString(),
    };
  });
}
