/**
 * How a sealed message reaches a partner node. The sender worker sees only this interface, so tests
 * can put a faulty link (dropping, duplicating, delaying, reordering) between two nodes.
 */
import type { TrustedPartner } from "./context.js";

/** The partner's answer: its HTTP status and the receipts it signed (compact JWS). */
export interface DeliveryResult {
  status: number;
  receipts: string[];
}

export interface Transport {
  /** Delivers one sealed message; throws when the partner could not be reached. */
  deliver(partner: TrustedPartner, sealed: string): Promise<DeliveryResult>;
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
      try {
        const json = JSON.parse(text) as { receipts?: unknown };
        if (Array.isArray(json.receipts)) receipts = json.receipts.filter((r): r is string => typeof r === "string");
      } catch {
        // Not our inbox, or a proxy's error page: no receipts, the worker retries.
      }
      return { status: res.status, receipts };
    },
  };
}
