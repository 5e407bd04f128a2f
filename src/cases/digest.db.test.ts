/**
 * Scheduled work runs once per period across instances (issue 12, §2): the claim on the job's row is
 * one conditional update, so of several instances ticking at once exactly one runs the day's digest;
 * a failed run releases the claim for a retry, and a crashed instance's claim lapses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpenDatabase } from "../db/database.js";
import { ManualClock } from "../security/clock.js";
import { openTestDatabase } from "../../test/support/app.js";
import { runOncePerPeriod } from "./digest.js";

let database: OpenDatabase;
const clock = new ManualClock(new Date("2026-03-02T08:00:00Z"));

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

const ctx = () => ({ db: database.db, clock });

describe("runOncePerPeriod", () => {
  it("runs the job once when eight instances tick at the same moment, and not again that day", async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => runOncePerPeriod(ctx(), "digest-a", "2026-03-02", `i${i}`, work)),
    );
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(runs).toBe(1);
    expect((await runOncePerPeriod(ctx(), "digest-a", "2026-03-02", "late", work)).ran).toBe(false);
    // The next day is a new period.
    expect((await runOncePerPeriod(ctx(), "digest-a", "2026-03-03", "next", work)).ran).toBe(true);
    expect(runs).toBe(2);
  });

  it("releases the claim when the run fails, so the next tick retries", async () => {
    await expect(
      runOncePerPeriod(ctx(), "digest-b", "2026-03-02", "i1", async () => {
        throw new Error("SMTP server down");
      }),
    ).rejects.toThrow("SMTP server down");
    expect((await runOncePerPeriod(ctx(), "digest-b", "2026-03-02", "i2", async () => "sent")).ran).toBe(true);
  });

  it("lets another instance take over a claim whose holder died, once the claim has lapsed", async () => {
    // An instance claims the day and dies before finishing: simulated by a claim left in place.
    await database.db
      .insertInto("scheduled_job")
      .values({ job: "digest-c", claimed_by: "dead", claimed_until: new Date(clock.now().getTime() + 15 * 60_000) })
      .execute();
    expect((await runOncePerPeriod(ctx(), "digest-c", "2026-03-02", "alive", async () => "sent")).ran).toBe(false);
    clock.advance(16 * 60_000);
    expect((await runOncePerPeriod(ctx(), "digest-c", "2026-03-02", "alive", async () => "sent")).ran).toBe(true);
  });
});
