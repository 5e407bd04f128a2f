/**
 * The sender worker: delivers queued messages to partner nodes. Rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and leased (next_attempt_at moved forward) before the network call, so
 * several instances on one database never deliver the same row at once, and a worker killed
 * mid-delivery leaves a row that another picks up when the lease ends. A message is done when the
 * partner's `accepted` or `rejected` receipt is stored; until then (unreachable partner, or the
 * partner holding it until a gap is filled) it is retried with exponential back-off and jitter up to
 * a ceiling. Resending is safe: the partner applies a message once by its id and answers a repeat
 * with the receipts it already issued.
 */
import { sql } from "kysely";
import { type ExchangeContext, isActive } from "./context.js";
import { type Envelope, deliveryBytes } from "./envelope.js";
import { ensureReceipts, takeReceipts } from "./receipts.js";
import { pushTransfers } from "./transfers.js";

export interface Backoff {
  /** First retry after this many ms. */
  baseMs: number;
  /** Never wait longer than this between attempts. */
  ceilingMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, ceilingMs: 10 * 60_000 };

/** How long a claimed row is reserved for the instance delivering it. */
const LEASE_MS = 60_000;

/** The wait before attempt `attempts + 1`: exponential, capped, with full jitter in its upper half. */
export function retryDelay(attempts: number, b: Backoff, random: () => number = Math.random): number {
  const exp = Math.min(b.ceilingMs, b.baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** Claims up to `limit` due messages, oldest due first, leasing them to this instance. */
async function claim(ctx: ExchangeContext, limit: number) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("exchange_message")
      .select(["id", "partner_id", "envelope", "attempts"])
      .where("direction", "=", "out")
      .where("status", "in", ["queued", "delivered"])
      .where("next_attempt_at", "<=", now)
      .orderBy("next_attempt_at")
      .orderBy("seq")
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return rows;
    await trx
      .updateTable("exchange_message")
      .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS), attempts: sql`attempts + 1` })
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return rows;
  });
}

/** Delivers one claimed message and records what came of it. */
async function deliverOne(
  ctx: ExchangeContext,
  row: { id: string; partner_id: string; envelope: string; attempts: number },
  backoff: Backoff,
) {
  let attempts = row.attempts + 1;
  // Our own receipt of submission, if a crash came between the send and its issue.
  await ensureReceipts(ctx, row.id);
  let error: string | null = null;
  let final = false;
  const partner = await ctx.partners.byId(row.partner_id);
  if (!partner || !isActive(partner)) error = "the partner node is not trusted now";
  else
    try {
      const envelope = JSON.parse(row.envelope) as Envelope;
      // Large evidence: its chunks first (only those the partner lacks), the lease kept while they go.
      await pushTransfers(ctx, partner, envelope, async () => {
        // Progress: a later interruption is retried soon again, not after the back-off of earlier failures.
        attempts = 1;
        await ctx.db
          .updateTable("exchange_message")
          .set({ next_attempt_at: new Date(ctx.clock.now().getTime() + LEASE_MS), attempts: 1 })
          .where("id", "=", row.id)
          .where("status", "in", ["queued", "delivered"])
          .execute();
      });
      const sealed = await ctx.sealing.seal(partner, deliveryBytes({ envelope, sealedAt: ctx.clock.now().toISOString() }));
      const result = await ctx.transport.deliver(partner, sealed);
      const verdicts = await takeReceipts(ctx, partner.id, result.receipts);
      final = verdicts.has(row.id);
      if (!final)
        error =
          result.status >= 200 && result.status < 300
            ? "held by the partner until earlier messages arrive"
            : `the partner answered ${result.status}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : "delivery failed";
    }
  if (final) return true;
  const next = new Date(ctx.clock.now().getTime() + retryDelay(attempts, backoff));
  await ctx.db
    .updateTable("exchange_message")
    .set({ next_attempt_at: next, last_error: error })
    .where("id", "=", row.id)
    .where("status", "in", ["queued", "delivered"])
    .execute();
  return false;
}

/** One round: claims what is due and delivers it. Returns how many messages reached a final receipt. */
export async function deliverDue(ctx: ExchangeContext, opts: { limit?: number; backoff?: Backoff } = {}): Promise<number> {
  const rows = await claim(ctx, opts.limit ?? 50);
  let done = 0;
  // One partner's messages in order of their numbers: the partner holds a gap, so order only saves round trips.
  for (const row of rows) if (await deliverOne(ctx, row, opts.backoff ?? DEFAULT_BACKOFF)) done++;
  return done;
}

export interface SenderWorker {
  /** Delivers now instead of at the next round (after a message is queued). */
  wake(): void;
  /** Stops after the round in progress. */
  stop(): Promise<void>;
}

/** Starts the worker: a round every `intervalMs`, and at once when woken. */
export function startSender(
  ctx: ExchangeContext,
  opts: { intervalMs?: number; backoff?: Backoff; onError?: (err: unknown) => void } = {},
): SenderWorker {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    do {
      again = false;
      try {
        // Keep going while rounds finish messages: a backlog drains without waiting for the timer.
        while (!stopped && (await deliverDue(ctx, { backoff: opts.backoff })) > 0);
      } catch (err) {
        opts.onError?.(err);
      }
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round().finally(() => {
      running = null;
    });
  };
  const schedule = () => {
    timer = setTimeout(() => {
      kick();
      if (!stopped) schedule();
    }, opts.intervalMs ?? 1_000);
    timer.unref();
  };
  schedule();
  kick();
  return {
    wake: kick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
