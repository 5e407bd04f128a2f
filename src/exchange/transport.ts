/**
 * How a sealed message reaches a partner node. The sender worker sees only this interface, so tests
 * can put a faulty link (dropping, duplicating, delaying, reordering) between two nodes.
 */
import { once } from "node:events";
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { RefusalReason, TrustedPartner } from "./context.js";

/** The partner's answer: its HTTP status and the receipts it signed (compact JWS). */
export interface DeliveryResult {
  status: number;
  receipts: string[];
  /** For a batch: what became of each message, in the batch's order (inbox.ts's BatchResult). */
  results?: { id: string | null; status: number; reason?: string; detail?: string }[];
}

/** The partner's answer to a sealed chunk of a large document (transfers.ts's ChunkAnswer). */
export interface ChunkResult {
  status: number;
  body:
    | { transfer: string; state: "open" | "complete" | "corrupt" | "applied"; held: number; missing: number[] }
    | { reason: RefusalReason; detail: string };
}

/**
 * One chunk of a large document as it travels (transfers.ts): its sealed header (a compact JWE, ASCII)
 * and, for a chunk, its bytes encrypted under the key that header carries; `content` is null for a
 * question which chunks are held.
 */
export interface ChunkDelivery {
  sealedHeader: string;
  content: Uint8Array | ChunkStream | null;
}

/** A chunk's encrypted bytes made as they are sent: their length, and the pieces (an error in them aborts the delivery). */
export interface ChunkStream {
  length: number;
  pieces: AsyncIterable<Uint8Array>;
}

const isStream = (c: ChunkDelivery["content"]): c is ChunkStream => c !== null && !(c instanceof Uint8Array);

export interface Transport {
  /** Delivers one sealed message; throws when the partner could not be reached. */
  deliver(partner: TrustedPartner, sealed: string): Promise<DeliveryResult>;
  /** Delivers one chunk of a large document (or asks which chunks it holds); HTTP when absent. */
  deliverChunk?(partner: TrustedPartner, delivery: ChunkDelivery): Promise<ChunkResult>;
}

/** The media type of a chunk delivery on the wire: the sealed header, a newline, then the encrypted bytes as binary. */
export const CHUNK_MEDIA_TYPE = "application/vnd.rogatory.chunk";
/** How far into a delivery its sealed header may reach (a header is a few kilobytes). */
const MAX_HEADER_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * The beginning of a body of POST /api/v1/exchange/chunks read back: the sealed header (null when the
 * body does not begin with one: compact JWE characters, within the first 64 KiB, up to a newline or
 * the end) and the bytes after its newline (null when there is none; empty when nothing follows it
 * yet). `excerpt` is what the quarantine keeps of it: the header, or the body's first kilobyte with
 * anything not printable shown as "·", never the chunk's bytes.
 */
export function decodeDelivery(body: Uint8Array): { sealedHeader: string | null; content: Uint8Array | null; excerpt: string } {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const nl = buf.subarray(0, MAX_HEADER_BYTES + 1).indexOf(NEWLINE);
  const end = nl >= 0 ? nl : buf.length;
  const text = buf.toString("latin1", 0, Math.min(end, MAX_HEADER_BYTES + 1)).trim();
  const isHeader = end <= MAX_HEADER_BYTES && /^[A-Za-z0-9_.-]+$/.test(text);
  const rest = nl >= 0 ? buf.subarray(nl + 1) : null;
  return {
    sealedHeader: isHeader ? text : null,
    content: rest,
    excerpt: isHeader ? text.slice(0, 1024) : buf.toString("latin1", 0, 1024).replace(/[^\x20-\x7e]/g, "·"),
  };
}

/** The chunk path of a partner node. */
export const chunksUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, "")}/api/v1/exchange/chunks`;

/** Connections kept open between chunks (one transfer posts many, a few at a time). */
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * POST {endpoint}/api/v1/exchange/chunks with the delivery as CHUNK_MEDIA_TYPE. Through node:http
 * rather than fetch: fetch copied an 8 MiB body twice more into web streams; here the header and
 * the bytes are written to the socket as they are.
 */
export async function postChunk(partner: TrustedPartner, delivery: ChunkDelivery, timeoutMs = 120_000): Promise<ChunkResult> {
  const url = new URL(chunksUrl(partner.endpoint));
  const secure = url.protocol === "https:";
  const header = Buffer.from(delivery.sealedHeader, "latin1");
  const content = delivery.content;
  const length = header.length + (content ? 1 + (isStream(content) ? content.length : content.byteLength) : 0);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        agent: secure ? agents.https : agents.http,
        headers: { "content-type": CHUNK_MEDIA_TYPE, "content-length": String(length) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => parts.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    const send = async () => {
      req.write(header);
      if (content) {
        req.write("\n");
        if (!isStream(content)) req.write(content);
        // Written as made; waits while the socket is full, so a chunk is never held whole.
        else for await (const piece of content.pieces) if (!req.write(piece)) await once(req, "drain");
      }
      req.end();
    };
    send().catch((err: unknown) => {
      // The bytes could not be made (a chunk not stored as announced): the partner gets a cut delivery, never a whole one.
      req.destroy();
      reject(err);
    });
  });
  const res = { status };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`the partner answered ${res.status} without a transfer state`);
  }
  const b = body as { reason?: unknown; detail?: unknown; state?: unknown; held?: unknown; missing?: unknown; transfer?: unknown };
  if (typeof b.reason === "string")
    return { status: res.status, body: { reason: b.reason as RefusalReason, detail: String(b.detail ?? "") } };
  if (
    typeof b.transfer === "string" &&
    typeof b.state === "string" &&
    ["open", "complete", "corrupt", "applied"].includes(b.state) &&
    typeof b.held === "number" &&
    Array.isArray(b.missing) &&
    b.missing.every((i) => Number.isInteger(i) && i >= 0)
  )
    return { status: res.status, body: b as ChunkResult["body"] };
  throw new Error(`the partner answered ${res.status} without a transfer state`);
}

/** The inbox path of a partner node. */
export const inboxUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, "")}/api/v1/exchange/inbox`;

/** HTTP transport: POST {endpoint}/api/v1/exchange/inbox with the JWE as application/jose. */
export function httpTransport(timeoutMs = 30_000): Transport {
  return {
    async deliver(partner, sealed) {
      const res = await fetch(inboxUrl(partner.endpoint), {
        method: "POST",
        headers: { "content-type": "application/jose" },
        body: sealed,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let receipts: string[] = [];
      let results: DeliveryResult["results"];
      try {
        const json = JSON.parse(text) as { receipts?: unknown; results?: unknown };
        if (Array.isArray(json.receipts)) receipts = json.receipts.filter((r): r is string => typeof r === "string");
        // Read only for the worker's note of why a message is not done yet; the receipts decide.
        if (Array.isArray(json.results))
          results = json.results.map((r) => {
            const o = (typeof r === "object" && r !== null ? r : {}) as Record<string, unknown>;
            return {
              id: typeof o.id === "string" ? o.id : null,
              status: typeof o.status === "number" ? o.status : 0,
              ...(typeof o.reason === "string" ? { reason: o.reason } : {}),
              ...(typeof o.detail === "string" ? { detail: o.detail.slice(0, 500) } : {}),
            };
          });
      } catch {
        // Not our inbox, or a proxy's error page: no receipts, the worker retries.
      }
      return { status: res.status, receipts, ...(results ? { results } : {}) };
    },
    deliverChunk: (partner, delivery) => postChunk(partner, delivery),
  };
}
