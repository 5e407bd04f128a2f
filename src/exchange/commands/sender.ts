/**
 * The one shape of every "send" command: a case change and the message announcing it in one
 * transaction. When the change is a workflow action it goes through the register's own `transition`
 * (its guards, decisions and audit event) with the message written inside; otherwise the case's
 * version is bumped and the sending recorded as correspondence.
 */
import type { Transaction } from "kysely";
import type { ClientInfo } from "../../accounts/sessions.js";
import { type TransitionRequest, transition } from "../../cases/casework.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../../cases/presenter.js";
import { type CaseRow as RegisterRow, mlaCaseFor } from "../../cases/access.js";
import { bump } from "../../cases/version.js";
import type { CaseState } from "../../cases/workflow.js";
import type { Database } from "../../db/schema.js";
import { DomainError, forbidden } from "../../errors.js";
import { type Actor, allow } from "../../policies/policy.js";
import { type Author, correspond } from "../casefile.js";
import type { ExchangeContext } from "../context.js";
import type { BodyOf, Kind } from "../messages/index.js";
import { type Queued, enqueue } from "../outbox.js";

export interface Sent {
  case: CaseDetail | CaseReceipt;
  message: { id: string; kind: Kind; seq: number };
}

export interface Sending<K extends Kind> {
  kind: K;
  /** The workflow action that goes with the message, if any. */
  transition?: Omit<TransitionRequest, "version">;
  /** Checks on the case before anything is written (direction, state, the link). */
  check?: (row: RegisterRow) => void;
  /** Writes before the message (a link for a request, evidence records) and builds its body. */
  build: (trx: Transaction<Database>, row: RegisterRow, after: { decisionId: string | null; state: CaseState }) => Promise<BodyOf<K>>;
  /** One line for the case's correspondence. */
  summary: string;
}

/** Runs a send command: the case change and the queued message commit together or not at all. */
export async function send<K extends Kind>(
  ctx: ExchangeContext,
  actor: Actor,
  caseId: string,
  version: number,
  client: ClientInfo,
  s: Sending<K>,
): Promise<Sent> {
  if (!allow(actor, "exchange:send")) throw forbidden();
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  s.check?.(row);
  const author: Author = { userId: actor.userId, label: actor.label };
  let queued: Queued | undefined;
  const write = async (trx: Transaction<Database>, after: { decisionId: string | null; state: CaseState }) => {
    const body = await s.build(trx, row, after);
    queued = await enqueue(trx, ctx, row.id, s.kind, body, author);
    await correspond(trx, ctx, row.id, "out", s.summary, author);
  };
  let result: CaseDetail | CaseReceipt;
  if (s.transition) result = await transition(ctx, actor, caseId, { ...s.transition, version }, client, (trx, after) => write(trx, after));
  else {
    await ctx.db.transaction().execute(async (trx) => {
      await bump(trx, ctx, row, version);
      await write(trx, { decisionId: null, state: row.state as CaseState });
    });
    result = await writeResult(ctx, actor, caseId, client);
  }
  if (!queued) throw new DomainError(500, "not_queued", "The message was not queued.");
  ctx.wake?.();
  return { case: result, message: { id: queued.id, kind: s.kind, seq: queued.seq } };
}

/** 409 naming what the case must be for this message. */
export const notNow = (message: string) => new DomainError(409, "exchange_not_possible", message, "kind");

/** Requires the case to be carried through the exchange already. */
export async function requireLink(trx: Transaction<Database>, caseId: string) {
  const link = await trx.selectFrom("exchange_link").selectAll().where("case_id", "=", caseId).executeTakeFirst();
  if (!link) throw notNow("This case is not carried through the exchange: send the request first (or it did not come through it).");
  return link;
}
