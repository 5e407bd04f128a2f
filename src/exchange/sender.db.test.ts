/**
 * The sender worker's leases at the start of a node that is the only instance on its database
 * (issue 13 §3: delivery survives restarts). A node killed while it delivered left its rows leased
 * for up to a minute; started again, it delivers them at once. Rows that are done, received, or due
 * already are left as they are.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import { openTestDatabase } from "../../test/support/app.js";
import { releaseOwnLeases } from "./sender.js";

const clock = new ManualClock(new Date("2026-03-02T09:00:00Z"));
let database: OpenDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** One message row; `nextInMs` from the clock's now (null: no attempt planned). */
async function message(
  direction: "out" | "in",
  status: "queued" | "delivered" | "accepted" | "held",
  nextInMs: number | null,
  seq: number,
): Promise<string> {
  const id = randomUUID();
  const now = clock.now();
  await database.db
    .insertInto("exchange_message")
    .values({
      id,
      direction,
      kind: "notice",
      partner_id: "partner-ru",
      case_id: null,
      requesting_jurisdiction: "US",
      requesting_reference: "OIA-2026-0007",
      seq,
      prev: "0".repeat(64),
      hash: "1".repeat(64),
      sent_at: now,
      urgent: false,
      envelope: "{}",
      jws: null,
      status,
      reason: null,
      attempts: 3,
      next_attempt_at: nextInMs === null ? null : new Date(now.getTime() + nextInMs),
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  return id;
}

describe("a restarted node that is alone on its database (sender.ts's releaseOwnLeases)", () => {
  it("makes what it was delivering, or waiting to retry, due at once; leaves done, received and due rows alone", async () => {
    const leased = await message("out", "queued", 60_000, 1);
    const backingOff = await message("out", "delivered", 10 * 60_000, 2);
    const accepted = await message("out", "accepted", 60_000, 3);
    const received = await message("in", "held", 60_000, 4);
    const due = await message("out", "queued", -5_000, 5);

    expect(await releaseOwnLeases({ db: database.db, clock })).toBe(2);

    const rows = await database.db.selectFrom("exchange_message").select(["id", "next_attempt_at", "attempts"]).execute();
    const next = new Map(rows.map((r) => [r.id, r.next_attempt_at?.getTime()]));
    const now = clock.now().getTime();
    expect(next.get(leased)).toBe(now);
    expect(next.get(backingOff)).toBe(now);
    expect(next.get(accepted)).toBe(now + 60_000);
    expect(next.get(received)).toBe(now + 60_000);
    expect(next.get(due)).toBe(now - 5_000);
    // The attempts counted are kept: the next failure backs off from where it was.
    expect(new Set(rows.map((r) => r.attempts))).toEqual(new Set([3]));
  });
});
