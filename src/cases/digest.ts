/**
 * The daily deadline digest: to each officer and supervisor, their overdue and due-soon items by
 * e-mail. E-mail is less safe than the workbench, so a digest carries references, kinds and dates —
 * never titles, names or case content.
 */
import type { Transporter } from "nodemailer";
import type { Actor } from "../policies/policy.js";
import { asRole } from "../accounts/users.js";
import type { CasesContext } from "./access.js";
import { QUEUE_PAGE, queue } from "./queue.js";

/** How far ahead the daily digest looks: deadlines overdue or due within this many days. */
export const DIGEST_DAYS = 7;

/** Sends one message; injected so tests and the CLI's dry run need no server. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** A mailer over SMTP (nodemailer), from a URL such as smtp://user:pass@mail.example.org:587. */
export function smtpMailer(url: string, from: string): Mailer {
  // nodemailer loads with the first message, not at every start of the server or the CLI.
  let transport: Promise<Transporter> | undefined;
  return {
    async send(m) {
      transport ??= import("nodemailer").then(({ default: nodemailer }) => nodemailer.createTransport(url));
      await (await transport).sendMail({ from, to: m.to, subject: m.subject, text: m.text });
    },
  };
}

export interface DigestResult {
  sent: number;
  recipients: { email: string; overdue: number; dueSoon: number }[];
}

/** Composes and sends the digests; users with nothing due get nothing. */
export async function sendDigests(
  ctx: CasesContext,
  mailer: Mailer,
  opts: { withinDays?: number; workbenchUrl?: string } = {},
): Promise<DigestResult> {
  const users = await ctx.db
    .selectFrom("app_user")
    .selectAll()
    .where("role", "in", ["officer", "supervisor"])
    .where("disabled_at", "is", null)
    .orderBy("email")
    .execute();
  const result: DigestResult = { sent: 0, recipients: [] };
  for (const u of users) {
    const actor: Actor = { userId: u.id, organisationId: u.organisation_id, role: asRole(u.role), label: u.email };
    const q = await queue(ctx, actor, { scope: "mine", withinDays: opts.withinDays ?? DIGEST_DAYS, limit: QUEUE_PAGE.max });
    if (q.items.length === 0) continue;
    const lines = q.items.map((i) => `${i.overdue ? "OVERDUE " : ""}${i.due}  ${i.reference}  ${i.kind.replace(/_/g, " ")}  (${i.rule})`);
    // A long queue is listed up to one full page; the counts above it are of the whole queue.
    const more = q.overdue + q.dueSoon - q.items.length;
    if (more > 0) lines.push(`… and ${more.toLocaleString("en")} more in the workbench.`);
    const text = [
      `Deadlines on your cases as of ${q.today}: ${q.overdue} overdue, ${q.dueSoon} due within ${opts.withinDays ?? DIGEST_DAYS} days.`,
      "",
      ...lines,
      "",
      opts.workbenchUrl ? `Open your queue: ${opts.workbenchUrl}/queue` : "Open your queue in the workbench.",
    ].join("\n");
    await mailer.send({ to: u.email, subject: `Rogatory: ${q.overdue} overdue, ${q.dueSoon} due soon`, text });
    result.sent++;
    result.recipients.push({ email: u.email, overdue: q.overdue, dueSoon: q.dueSoon });
  }
  return result;
}

/** How long one instance holds the claim on a run; a crashed instance's claim lapses after it and another retries. */
const CLAIM_MS = 15 * 60_000;

/**
 * Runs a scheduled job at most once per period across every instance on the database: an atomic,
 * conditional update claims the job's row for this period (one instance gets it, the others see
 * nothing to do), the work runs without holding a transaction open (PGlite has one connection), and
 * the period is marked done. An instance killed mid-run leaves its claim to lapse, and the period is
 * retried by whichever instance ticks next: at least once, and once unless an instance dies mid-run.
 */
export async function runOncePerPeriod<T>(
  ctx: Pick<CasesContext, "db" | "clock">,
  job: string,
  period: string,
  instance: string,
  work: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  const now = ctx.clock.now();
  await ctx.db
    .insertInto("scheduled_job")
    .values({ job })
    .onConflict((oc) => oc.column("job").doNothing())
    .execute();
  const claimed = await ctx.db
    .updateTable("scheduled_job")
    .set({ claimed_by: instance, claimed_until: new Date(now.getTime() + CLAIM_MS) })
    .where("job", "=", job)
    .where((eb) => eb.or([eb("last_period", "is", null), eb("last_period", "<", period)]))
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", now)]))
    .returning("job")
    .executeTakeFirst();
  if (!claimed) return { ran: false };
  try {
    const result = await work();
    await ctx.db
      .updateTable("scheduled_job")
      .set({ last_period: period, claimed_by: null, claimed_until: null })
      .where("job", "=", job)
      .where("claimed_by", "=", instance)
      .execute();
    return { ran: true, result };
  } catch (err) {
    // Failed: release the claim so the next tick (here or elsewhere) tries again.
    await ctx.db
      .updateTable("scheduled_job")
      .set({ claimed_by: null, claimed_until: null })
      .where("job", "=", job)
      .where("claimed_by", "=", instance)
      .execute();
    throw err;
  }
}

/**
 * The daily digest, once a day across instances: after `hour` (UTC), the first instance to tick
 * claims the day and sends; the others find the day claimed or done. Returns what was sent, or null
 * when there was nothing to do here.
 */
export async function sendDailyDigest(
  ctx: CasesContext,
  mailer: Mailer,
  opts: { hour: number; instance: string; workbenchUrl?: string },
): Promise<DigestResult | null> {
  const now = ctx.clock.now();
  if (now.getUTCHours() < opts.hour) return null;
  const day = now.toISOString().slice(0, 10);
  const r = await runOncePerPeriod(ctx, "deadline_digest", day, opts.instance, () =>
    sendDigests(ctx, mailer, { workbenchUrl: opts.workbenchUrl }),
  );
  return r.ran ? r.result : null;
}
