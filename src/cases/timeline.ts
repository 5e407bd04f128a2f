/**
 * The record a change to a case leaves, inside the transaction that made it (after `bump` gave the new
 * version): a line on the case's timeline and the audit event. Summaries carry ids, codes, states and
 * dates only, never names or descriptions (no personal data in the audit trail).
 */
import type { Transaction } from "kysely";
import { recordEvent } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import type { Actor } from "../policies/policy.js";
import type { Clock } from "../security/clock.js";

export interface CaseChange {
  row: { id: string; state: string };
  /** The version the change gave the case (bump's answer). */
  version: number;
  /** The timeline's action code (case:timeline.actions.<code>). */
  timeline: string;
  /** The case's state after the change (the same as before for a change that is not a transition). */
  to: string;
  note: string | null;
  /** The audit action (case.<something>). */
  audit: string;
  summary: Record<string, unknown>;
  actor: Pick<Actor, "userId" | "label">;
  ip: string | null;
}

export async function recordCaseChange(trx: Transaction<Database>, clock: Clock, c: CaseChange): Promise<void> {
  await trx
    .insertInto("case_transition")
    .values({
      case_id: c.row.id,
      action: c.timeline,
      from_state: c.row.state,
      to_state: c.to,
      version: c.version,
      actor_id: c.actor.userId,
      at: clock.now(),
      note: c.note,
    })
    .execute();
  await recordEvent(trx, clock, {
    actorId: c.actor.userId,
    actorLabel: c.actor.label,
    action: c.audit,
    objectType: "case",
    objectId: c.row.id,
    summary: c.summary,
    ip: c.ip,
  });
}
