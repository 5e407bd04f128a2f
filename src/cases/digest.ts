/**
 * The daily deadline digest: to each officer and supervisor, their overdue and due-soon items by
 * e-mail. E-mail is less safe than the workbench, so a digest carries references, kinds and dates —
 * never titles, names or case content.
 */
import nodemailer from "nodemailer";
import type { Actor } from "../policies/policy.js";
import { asRole } from "../accounts/users.js";
import { type CasesContext, queue } from "./register.js";

/** Sends one message; injected so tests and the CLI's dry run need no server. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

/** A mailer over SMTP (nodemailer), from a URL such as smtp://user:pass@mail.example.org:587. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
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
    const q = await queue(ctx, actor, { scope: "mine", withinDays: opts.withinDays ?? 7 });
    if (q.items.length === 0) continue;
    const lines = q.items.map((i) => `${i.overdue ? "OVERDUE " : ""}${i.due}  ${i.reference}  ${i.kind.replace(/_/g, " ")}  (${i.rule})`);
    const text = [
      `Deadlines on your cases as of ${q.today}: ${q.overdue} overdue, ${q.dueSoon} due within ${opts.withinDays ?? 7} days.`,
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
