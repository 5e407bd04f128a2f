/**
 * The demo's verdict (scripts/exchange-agreement.ts): two nodes agree only when they hold the same
 * messages in the same order, chained, each receipted by its receiver on both sides. Each way of
 * disagreeing is named as the first difference.
 */
import { describe, expect, it } from "vitest";
import { type Side, type ThreadMessage, firstDifference } from "../../scripts/exchange-agreement.js";

const hex = (c: string) => c.repeat(64);
const head = { events: 3, seq: 3, hash: hex("f") };

/** A conversation of three messages as the US (requesting) node records it: request out, acknowledgement in, query in. */
function usMessages(): ThreadMessage[] {
  const kinds = [
    ["request", "out", "a"],
    ["acknowledgement", "in", "b"],
    ["query", "in", "c"],
  ] as const;
  return kinds.map(([kind, direction, h], i) => ({
    id: `00000000-0000-4000-8000-00000000000${i}`,
    direction,
    kind,
    seq: i === 0 ? 1 : i,
    prev: i === 0 ? hex("0") : hex(kinds[i - 1]?.[2] as string),
    hash: hex(h),
    sentAt: "2018-07-13T10:00:00.000Z",
    status: direction === "out" ? "accepted" : "applied",
    reason: null,
    receipts:
      direction === "out"
        ? [
            { kind: "submission_accepted", issuer: "US", at: "2018-07-13T10:00:00.000Z", reason: null, auditHead: head },
            { kind: "delivered", issuer: "RU", at: "2018-07-13T10:00:01.000Z", reason: null, auditHead: head },
            { kind: "accepted", issuer: "RU", at: "2018-07-13T10:00:01.000Z", reason: null, auditHead: head },
          ]
        : [
            { kind: "delivered", issuer: "US", at: "2018-07-13T10:00:01.000Z", reason: null, auditHead: head },
            { kind: "accepted", issuer: "US", at: "2018-07-13T10:00:01.000Z", reason: null, auditHead: head },
          ],
  }));
}

/** The same conversation as the RU node records it: directions swapped, receipts issued by the other side. */
function mirror(ms: ThreadMessage[]): ThreadMessage[] {
  return ms.map((m) =>
    m.direction === "out"
      ? {
          ...m,
          direction: "in",
          status: "applied",
          receipts: m.receipts.filter((r) => r.kind !== "submission_accepted"),
        }
      : {
          ...m,
          direction: "out",
          status: "accepted",
          receipts: [
            { kind: "submission_accepted", issuer: "RU", at: m.sentAt, reason: null, auditHead: head },
            ...m.receipts.map((r) => ({ ...r })),
          ],
        },
  );
}

function side(jurisdiction: string, messages: ThreadMessage[]): Side {
  return {
    jurisdiction,
    authority: jurisdiction,
    endpoint: "http://127.0.0.1:1",
    fingerprint: "x",
    case: { id: "c", reference: "r", theirReference: null, state: "sent" },
    timeline: [],
    head: messages[messages.length - 1]?.hash ?? null,
    messages,
    auditChain: { ok: true, detail: "3 events" },
  };
}

describe("two nodes' records of a conversation", () => {
  it("agree when they hold the same chain, each message receipted by its receiver", () => {
    expect(firstDifference(side("US", usMessages()), side("RU", mirror(usMessages())))).toBeNull();
  });

  it("disagree on order, naming the message", () => {
    const ru = mirror(usMessages());
    [ru[1], ru[2]] = [ru[2] as ThreadMessage, ru[1] as ThreadMessage];
    expect(firstDifference(side("US", usMessages()), side("RU", ru))).toMatch(/^message 2 \(acknowledgement\): id is/);
  });

  it("disagree on a hash, a missing message, a broken chain", () => {
    const ru = mirror(usMessages());
    (ru[2] as ThreadMessage).hash = hex("d");
    expect(firstDifference(side("US", usMessages()), side("RU", ru))).toMatch(/^message 3 \(query\): hash is c+ at US, d+ at RU$/);
    expect(firstDifference(side("US", usMessages()), side("RU", mirror(usMessages()).slice(0, 2)))).toMatch(
      /^message 3: US has query .*, RU has none$/,
    );
    const broken = usMessages();
    (broken[2] as ThreadMessage).prev = hex("a");
    const ruBroken = mirror(broken);
    expect(firstDifference(side("US", broken), side("RU", ruBroken))).toBe("message 3 (query): its prev is not the hash of message 2");
  });

  it("disagree when a receipt is missing, the verdict is a rejection, or an audit chain is broken", () => {
    const us = usMessages();
    (us[0] as ThreadMessage).receipts = (us[0] as ThreadMessage).receipts.filter((r) => r.kind !== "delivered");
    expect(firstDifference(side("US", us), side("RU", mirror(usMessages())))).toBe("message 1 (request): US holds no delivered receipt");
    const rejected = usMessages();
    const verdict = (rejected[1] as ThreadMessage).receipts[1];
    if (verdict) Object.assign(verdict, { kind: "rejected", reason: "sequence" });
    expect(firstDifference(side("US", rejected), side("RU", mirror(usMessages())))).toBe(
      "message 2 (acknowledgement): rejected (sequence)",
    );
    const ru = side("RU", mirror(usMessages()));
    ru.auditChain = { ok: false, detail: "broken at event 2" };
    expect(firstDifference(side("US", usMessages()), ru)).toBe("RU's audit chain does not verify: broken at event 2");
  });
});
