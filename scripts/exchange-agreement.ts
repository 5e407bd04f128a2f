/**
 * Whether two nodes agree on a conversation, message by message: the same ids, kinds, sequence
 * numbers, hashes and chain (each prev the hash of the message before), in the same order, each
 * message recorded as sent on one side and received on the other, each with its final receipt from
 * the receiving node on both sides, the same head, and both audit chains verifying. Used by
 * `npm run demo:exchange`; the first difference is what the demo names when it fails.
 */

/** A case's timeline entry, as GET /cases/:id gives it. */
export interface TimelineEntry {
  action: string;
  from: string;
  to: string;
  at: string;
  actor: string;
  note: string | null;
}

export interface Receipt {
  kind: string;
  issuer: string;
  at: string;
  reason: string | null;
  auditHead: { events: number; seq: number; hash: string };
}
export interface ThreadMessage {
  id: string;
  direction: "in" | "out";
  kind: string;
  seq: number;
  prev: string;
  hash: string;
  sentAt: string;
  status: string;
  reason: string | null;
  receipts: Receipt[];
}
export interface Thread {
  head: string | null;
  messages: ThreadMessage[];
}

/** One side's record of the conversation, as printed. */
export interface Side {
  jurisdiction: string;
  authority: string;
  endpoint: string;
  fingerprint: string;
  case: { id: string; reference: string; theirReference: string | null; state: string };
  timeline: TimelineEntry[];
  head: string | null;
  messages: ThreadMessage[];
  auditChain: { ok: boolean; detail: string } | null;
}

/** The seed-000 conversation, in order. */
export const MESSAGES = ["request", "acknowledgement", "query", "reply", "decision", "execution_report", "evidence"];
/** Statuses after which a message changes no more (outgoing: the partner's verdict; incoming: applied or rejected here). */
export const FINAL = new Set(["accepted", "applied", "rejected"]);

/** The first way the two records differ, or null when they agree message by message. */
export function firstDifference(a: Side, b: Side): string | null {
  const n = Math.max(a.messages.length, b.messages.length);
  for (let i = 0; i < n; i++) {
    const x = a.messages[i];
    const y = b.messages[i];
    if (!x || !y)
      return `message ${i + 1}: ${x ? `${a.jurisdiction} has ${x.kind} ${x.id}` : `${a.jurisdiction} has none`}, ${y ? `${b.jurisdiction} has ${y.kind} ${y.id}` : `${b.jurisdiction} has none`}`;
    for (const field of ["id", "kind", "seq", "hash", "prev"] as const)
      if (x[field] !== y[field])
        return `message ${i + 1} (${x.kind}): ${field} is ${x[field]} at ${a.jurisdiction}, ${y[field]} at ${b.jurisdiction}`;
    if (x.direction === y.direction)
      return `message ${i + 1} (${x.kind}): both nodes record it as ${x.direction === "out" ? "sent" : "received"}`;
    const expectedPrev = i === 0 ? "0".repeat(64) : a.messages[i - 1]?.hash;
    if (x.prev !== expectedPrev) return `message ${i + 1} (${x.kind}): its prev is not the hash of message ${i}`;
    for (const [side, m] of [
      [a, x],
      [b, y],
    ] as const) {
      const verdict = m.receipts.find((r) => r.kind === "accepted" || r.kind === "rejected");
      if (!verdict) return `message ${i + 1} (${m.kind}): ${side.jurisdiction} holds no final receipt for it`;
      if (verdict.kind !== "accepted") return `message ${i + 1} (${m.kind}): rejected (${verdict.reason})`;
      const receiver = m.direction === "in" ? side.jurisdiction : side === a ? b.jurisdiction : a.jurisdiction;
      if (verdict.issuer !== receiver)
        return `message ${i + 1} (${m.kind}): ${side.jurisdiction}'s accepted receipt is issued by ${verdict.issuer}, not ${receiver}`;
      const kinds = new Set(m.receipts.map((r) => r.kind));
      for (const k of m.direction === "out" ? ["submission_accepted", "delivered", "accepted"] : ["delivered", "accepted"])
        if (!kinds.has(k)) return `message ${i + 1} (${m.kind}): ${side.jurisdiction} holds no ${k} receipt`;
    }
  }
  if (a.head !== b.head) return `the heads differ: ${a.head} at ${a.jurisdiction}, ${b.head} at ${b.jurisdiction}`;
  for (const s of [a, b])
    if (s.auditChain && !s.auditChain.ok) return `${s.jurisdiction}'s audit chain does not verify: ${s.auditChain.detail}`;
  return null;
}
