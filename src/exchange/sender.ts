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
import { type ExchangeContext, isActive, type TrustedPartner } from "./context.js";
import { type Envelope, deliveryBytes } from "./envelope.js";
import { ensureSubmissionReceipts, takeReceipts } from "./receipts.js";
import { pushTransfers, transfersOf } from "./transfers.js";
import type { DeliveryResult } from "./transport.js";

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
      .select(["id", "partner_id", "case_id", "seq", "envelope", "attempts"])
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

type Claimed = Awaited<ReturnType<typeof claim>>[number];

/**
 * At the start of a node that is the only instance on its database (embedded PGlite: its data
 * directory opens in one process only), every lease still running was taken by an earlier run of
 * this node that stopped without finishing — killed, or crashed mid-transfer. Nobody else can be
 * delivering those messages, so they are due at once rather than when the lease would have ended
 * (up to a minute later). Back-off waits are cut short the same way: a restarted node tries its queue
 * once at once, then backs off again by the attempts it counted. Returns how many rows were freed.
 */
export async function releaseOwnLeases(ctx: Pick<ExchangeContext, "db" | "clock">): Promise<number> {
  const now = ctx.clock.now();
  const freed = await ctx.db
    .updateTable("exchange_message")
    .set({ next_attempt_at: now })
    .where("direction", "=", "out")
    .where("status", "in", ["queued", "delivered"])
    .where("next_attempt_at", ">", now)
    .executeTakeFirst();
  return Number(freed.numUpdatedRows);
}

/** Puts off the next attempt of messages that got no final receipt, each by its own back-off. */
async function putOff(ctx: ExchangeContext, rows: { id: string; attempts: number; error: string }[], backoff: Backoff) {
  for (const row of rows)
    await ctx.db
      .updateTable("exchange_message")
      .set({ next_attempt_at: new Date(ctx.clock.now().getTime() + retryDelay(row.attempts, backoff)), last_error: row.error })
      .where("id", "=", row.id)
      .where("status", "in", ["queued", "delivered"])
      .execute();
}

/** Delivers one claimed message that announces large evidence: its chunks first, then the message alone. */
async function deliverWithTransfers(ctx: ExchangeContext, partner: TrustedPartner, row: Claimed, envelope: Envelope, backoff: Backoff) {
  let attempts = row.attempts + 1;
  let error: string | null = null;
  try {
    // Its chunks first (only those the partner lacks), the lease kept while they go.
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
    if ((await takeReceipts(ctx, partner.id, result.receipts)).has(row.id)) return 1;
    error =
      result.status >= 200 && result.status < 300
        ? "held by the partner until earlier messages arrive"
        : `the partner answered ${result.status}`;
  } catch (err) {
    error = failure(err);
  }
  await putOff(ctx, [{ id: row.id, attempts, error }], backoff);
  return 0;
}

const failure = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 500) : "delivery failed");

/**
 * Delivers claimed messages to one partner in one batch (seal.ts's sealBatch: each message signed,
 * the batch encrypted once, one POST), conversations whole and each in order of its numbers, and
 * records what came of each: the partner's receipts, or the back-off before the next attempt.
 */
async function deliverBatch(ctx: ExchangeContext, partner: TrustedPartner, rows: Claimed[], backoff: Backoff): Promise<number> {
  const sealedAt = ctx.clock.now().toISOString();
  let result: DeliveryResult;
  try {
    const sealed = await ctx.sealing.sealBatch(
      partner,
      rows.map((r) => deliveryBytes({ envelope: JSON.parse(r.envelope) as Envelope, sealedAt })),
    );
    result = await ctx.transport.deliver(partner, sealed);
  } catch (err) {
    const error = failure(err);
    await putOff(
      ctx,
      rows.map((r) => ({ id: r.id, attempts: r.attempts + 1, error })),
      backoff,
    );
    return 0;
  }
  const verdicts = await takeReceipts(ctx, partner.id, result.receipts);
  const results = result.results ?? [];
  const pending = rows.flatMap((r, i) => {
    if (verdicts.has(r.id)) return [];
    const status = results[i]?.status ?? result.status;
    const error =
      status >= 200 && status < 300
        ? "held by the partner until earlier messages arrive"
        : `the partner answered ${status}${results[i]?.detail ? `: ${results[i]?.detail}` : ""}`.slice(0, 500);
    return [{ id: r.id, attempts: r.attempts + 1, error }];
  });
  await putOff(ctx, pending, backoff);
  return rows.length - pending.length;
}

/** Most messages in one delivery, and most bytes of their envelopes (well under the sealed size limit). */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 2 * 1024 * 1024;
/** Deliveries in flight at once: each waits on the partner's round trip, so several overlap. */
const PARALLEL_DELIVERIES = 4;

/** One round: claims what is due and delivers it. Returns how many messages reached a final receipt. */
export async function deliverDue(ctx: ExchangeContext, opts: { limit?: number; backoff?: Backoff } = {}): Promise<number> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const rows = await claim(ctx, opts.limit ?? 400);
  if (rows.length === 0) return 0;
  // Our own receipts of submission, for what is sent for the first time (or after a crash before they were issued).
  await ensureSubmissionReceipts(
    ctx,
    rows.map((r) => r.id),
  );
  // Conversations whole, each in order of its numbers (the partner holds a gap, so order only saves
  // round trips), packed into batches per partner; batches side by side.
  const conversations = new Map<string, Claimed[]>();
  for (const row of rows) {
    const key = row.case_id ?? row.id;
    const list = conversations.get(key);
    if (list) list.push(row);
    else conversations.set(key, [row]);
  }
  const jobs: (() => Promise<number>)[] = [];
  const open = new Map<string, { partner: TrustedPartner; rows: Claimed[]; bytes: number }>();
  const partners = new Map<string, Promise<TrustedPartner | null>>();
  for (const list of conversations.values()) {
    list.sort((a, b) => a.seq - b.seq);
    const first = list[0] as Claimed;
    let lookup = partners.get(first.partner_id);
    if (!lookup) {
      lookup = ctx.partners.byId(first.partner_id);
      partners.set(first.partner_id, lookup);
    }
    const partner = await lookup;
    if (!partner || !isActive(partner)) {
      await putOff(
        ctx,
        list.map((r) => ({ id: r.id, attempts: r.attempts + 1, error: "the partner node is not trusted now" })),
        backoff,
      );
      continue;
    }
    for (const [i, row] of list.entries()) {
      const envelope = JSON.parse(row.envelope) as Envelope;
      if (transfersOf(envelope).length > 0) {
        // Large evidence goes alone after its chunks, and what follows it in the conversation waits for the next round.
        const after = list.slice(i + 1);
        jobs.push(() => deliverWithTransfers(ctx, partner, row, envelope, backoff));
        if (after.length > 0)
          await putOff(
            ctx,
            after.map((r) => ({ id: r.id, attempts: r.attempts, error: "waiting for the evidence before it" })),
            { baseMs: 1_000, ceilingMs: 1_000 },
          );
        break;
      }
      let batch = open.get(partner.id);
      if (!batch || batch.rows.length >= BATCH_MESSAGES || batch.bytes + row.envelope.length > BATCH_BYTES) {
        if (batch) {
          const full = batch;
          jobs.push(() => deliverBatch(ctx, full.partner, full.rows, backoff));
        }
        batch = { partner, rows: [], bytes: 0 };
        open.set(partner.id, batch);
      }
      batch.rows.push(row);
      batch.bytes += row.envelope.length;
    }
  }
  for (const batch of open.values()) if (batch.rows.length > 0) jobs.push(() => deliverBatch(ctx, batch.partner, batch.rows, backoff));
  let done = 0;
  const lane = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) done += await job();
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DELIVERIES, jobs.length) }, lane));
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
