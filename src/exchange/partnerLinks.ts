/**
 * The state of the link with each partner, for the Partners page: how many of our messages wait for
 * it and since when, what went wrong at the last attempt, and when it was last heard from. Read from
 * the outbox and inbox (exchange_message); nothing is written.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

/** The delivery state of one partner's link. */
export interface PartnerLink {
  /** Our messages not yet delivered to it. */
  waiting: number;
  /** When the oldest of them was queued. */
  waitingSince: string | null;
  /** The error of the most recent failed attempt among the waiting messages. */
  lastError: string | null;
  /** When a message from it was last received, or one of ours last answered by it. */
  lastContactAt: string | null;
}

const iso = (v: Date | string | null | undefined) => (v === null || v === undefined ? null : new Date(v).toISOString());

/** The link state of every partner that has messages, by partner id (partners without any are absent). */
export async function partnerLinks(db: Kysely<Database>): Promise<Map<string, PartnerLink>> {
  const waiting = await db
    .selectFrom("exchange_message")
    .select(["partner_id", (eb) => eb.fn.countAll<string>().as("n"), (eb) => eb.fn.min("created_at").as("since")])
    .where("direction", "=", "out")
    .where("status", "=", "queued")
    .groupBy("partner_id")
    .execute();
  const errors = await db
    .selectFrom("exchange_message")
    .select(["partner_id", "last_error", "next_attempt_at"])
    .where("direction", "=", "out")
    .where("status", "=", "queued")
    .where("last_error", "is not", null)
    .orderBy("next_attempt_at", "desc")
    .execute();
  const heard = await db
    .selectFrom("exchange_message")
    .select(["partner_id", (eb) => eb.fn.max("done_at").as("answered")])
    .where("direction", "=", "out")
    .groupBy("partner_id")
    .execute();
  const links = new Map<string, PartnerLink>();
  const of = (id: string): PartnerLink => {
    let l = links.get(id);
    if (!l) {
      l = { waiting: 0, waitingSince: null, lastError: null, lastContactAt: null };
      links.set(id, l);
    }
    return l;
  };
  for (const w of waiting) Object.assign(of(w.partner_id), { waiting: Number(w.n), waitingSince: iso(w.since as Date | null) });
  for (const e of errors) {
    const l = of(e.partner_id);
    l.lastError ??= e.last_error;
  }
  const inbound = await db
    .selectFrom("exchange_message")
    .select(["partner_id", (eb) => eb.fn.max("created_at").as("at")])
    .where("direction", "=", "in")
    .groupBy("partner_id")
    .execute();
  for (const x of [...heard.map((h) => ({ id: h.partner_id, at: h.answered })), ...inbound.map((i) => ({ id: i.partner_id, at: i.at }))]) {
    const at = iso(x.at as Date | string | null);
    const l = of(x.id);
    if (at && (!l.lastContactAt || at > l.lastContactAt)) l.lastContactAt = at;
  }
  return links;
}
