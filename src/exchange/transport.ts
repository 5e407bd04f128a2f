/**
 * How a sealed message reaches a partner node. The sender worker sees only this interface, so tests
 * can put a faulty link (dropping, duplicating, delaying, reordering) between two nodes.
 */
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

export interface Transport {
  /** Delivers one sealed message; throws when the partner could not be reached. */
  deliver(partner: TrustedPartner, sealed: string): Promise<DeliveryResult>;
  /** Delivers one sealed chunk of a large document (or asks which chunks it holds); HTTP when absent. */
  deliverChunk?(partner: TrustedPartner, sealed: string): Promise<ChunkResult>;
}

/** The chunk path of a partner node. */
export const chunksUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, "")}/api/v1/exchange/chunks`;

/** POST {endpoint}/api/v1/exchange/chunks with the sealed chunk as application/jose. */
export async function postChunk(partner: TrustedPartner, sealed: string, timeoutMs = 120_000): Promise<ChunkResult> {
  const res = await fetch(chunksUrl(partner.endpoint), {
    method: "POST",
    headers: { "content-type": "application/jose" },
    body: sealed,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
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
    deliverChunk: (partner, sealed) => postChunk(partner, sealed),
  };
}
