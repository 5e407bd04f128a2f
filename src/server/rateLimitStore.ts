/**
 * The rate-limit counters of every app instance, kept in the database they share (table
 * rate_limit_hit), behind @fastify/rate-limit's store interface. Counting in memory would let a client
 * spread its requests over the instances behind a proxy and get the limit once per instance.
 *
 * One upsert per request counts a hit in a fixed window: the first hit after a window ended starts a
 * new one. The row lock of the upsert makes concurrent hits from several instances add up exactly.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { Clock } from "../security/clock.js";

/** What a hit answers: hits so far in the window, and milliseconds until it ends. */
export interface HitCount {
  current: number;
  ttl: number;
}

/** Rows whose window started longer ago than this are deleted now and then (every window in use is far shorter). */
const STALE_MS = 60 * 60_000;
/** Expired rows are swept after this many hits counted by one instance. */
const SWEEP_EVERY = 1000;

/** Counts one hit for `key` in a window of `windowMs`, across every instance on the database. */
export async function countHit(db: Kysely<Database>, clock: Clock, key: string, windowMs: number): Promise<HitCount> {
  const now = clock.now();
  const expired = new Date(now.getTime() - windowMs);
  const r = await sql<{ hits: number; window_started: Date | string }>`
    insert into rate_limit_hit (key, window_started, hits) values (${key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limit_hit.window_started <= ${expired} then 1 else rate_limit_hit.hits + 1 end,
      window_started = case when rate_limit_hit.window_started <= ${expired} then ${now} else rate_limit_hit.window_started end
    returning hits, window_started`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error("rate limit: the counter upsert returned no row");
  const started = new Date(row.window_started).getTime();
  return { current: Number(row.hits), ttl: Math.max(0, started + windowMs - now.getTime()) };
}

/** Deletes counters whose window ended long ago. */
export async function sweepHits(db: Kysely<Database>, clock: Clock): Promise<void> {
  await db
    .deleteFrom("rate_limit_hit")
    .where("window_started", "<", new Date(clock.now().getTime() - STALE_MS))
    .execute();
}

type Callback = (err: Error | null, res?: HitCount) => void;

/** A @fastify/rate-limit store class (the plugin instantiates it) over the shared table. */
export function sharedRateLimitStore(db: Kysely<Database>, clock: Clock) {
  let counted = 0;
  return class SharedRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      if (++counted % SWEEP_EVERY === 0)
        sweepHits(db, clock).catch(() => {
          // Sweeping is housekeeping: a failure leaves old rows for the next sweep.
        });
      countHit(db, clock, key, timeWindow).then(
        (r) => cb(null, r),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }

    /** Every route's limit shares the one table; their keys differ by prefix. */
    child(): SharedRateLimitStore {
      return new SharedRateLimitStore();
    }
  };
}

/**
 * The same fixed-window count kept in this process's memory, for embedded PGlite: PGlite serves one
 * process only (a second server refuses its data directory), so there is no other instance to share
 * with, and a write to the database on every request would halve what its single thread can serve.
 * Uses the injected clock like the shared store, so both count the same way.
 */
export function processRateLimitStore(clock: Clock) {
  const windows = new Map<string, { started: number; hits: number }>();
  let counted = 0;
  return class ProcessRateLimitStore {
    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = clock.now().getTime();
      if (++counted % SWEEP_EVERY === 0) for (const [k, w] of windows) if (w.started <= now - STALE_MS) windows.delete(k);
      const w = windows.get(key);
      const current = w && w.started > now - timeWindow ? { started: w.started, hits: w.hits + 1 } : { started: now, hits: 1 };
      windows.set(key, current);
      cb(null, { current: current.hits, ttl: Math.max(0, current.started + timeWindow - now) });
    }

    /** Every route's limit shares the one map; their keys differ by prefix. */
    child(): ProcessRateLimitStore {
      return new ProcessRateLimitStore();
    }
  };
}
