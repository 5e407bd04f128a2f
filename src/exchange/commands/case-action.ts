/**
 * A workflow action on a case carried through the exchange sends the message that announces it, in
 * the same transaction as the case change (the transactional outbox): registering an incoming
 * request acknowledges it, a decision is notified with its grounds and notice, and so on (the table
 * below, documented in docs/exchange.md). The case register knows nothing of the exchange; the
 * transitions route hands an action to `actOnCase` when the case is carried, and it runs the
 * register's own transition with the message written inside.
 *
 * A message is never given words the officer did not write: where its kind needs text the case
 * does not hold (a query's questions, a notice), the action must bring it (`exchange.text`) or it
 * is refused and nothing changes. Evidence is chosen document by document, so the last handing-over
 * goes through the send route (kind `evidence`, final), not through the bare action.
 */
import type { ClientInfo } from "../../accounts/sessions.js";
import type { TransitionRequest } from "../../cases/casework.js";
import type { Direction } from "../../cases/workflow.js";
import type { Ground } from "../../law/codes.js";
import { DomainError, invalid } from "../../errors.js";
import type { Actor } from "../../policies/policy.js";
import type { ExchangeContext } from "../context.js";
import type { Kind } from "../messages/index.js";
import { sendAcknowledgement } from "./acknowledgement.js";
import { sendClosing } from "./closing.js";
import { sendDecision } from "./decision.js";
import { sendExecutionReport } from "./execution-report.js";
import { sendNotice } from "./notice.js";
import { sendQuery } from "./query.js";
import { type Sending, type Sent, send } from "./sender.js";
import { sendWithdrawal } from "./withdrawal.js";

/** What an action may bring for its message, beyond what the transition itself carries. */
export interface ActionMessageInput {
  /** The words of the message where its kind needs them: a query's questions, a notice, a withdrawal's reasons, closing words. */
  text?: string;
  /** A query's answer-by date. */
  answerBy?: string;
  /** An acknowledgement's executing authority, when known. */
  executingAuthority?: string;
}

/** How the message of one action is made: its kind, and whether the action must bring its text. */
interface ActionMessage {
  kind: Kind;
  /** "required": the kind needs words only the officer can give; "optional": sent without when absent; "none": derived from the case. */
  text: "required" | "optional" | "none";
  /** Cannot be sent from the bare action: say which route sends it. */
  viaSendRoute?: string;
}

/**
 * Workflow actions that send a message when the case is carried through the exchange, by direction.
 * Actions absent here send nothing: they are internal steps (start_review, start_execution, approve,
 * mark_translated, resume) or record what the partner did (acknowledged, partner_refused,
 * information_received, requester_proceeds, withdrawn_by_requester, …), which on a carried case
 * arrives as the partner's message. Sending the request itself (`send`) goes through the send route:
 * the case is not carried yet, and the channel (node, package, diplomatic bag) is the officer's choice.
 */
export const ACTION_MESSAGES: Record<Direction, Partial<Record<string, ActionMessage>>> = {
  incoming: {
    register: { kind: "acknowledgement", text: "none" },
    request_information: { kind: "query", text: "required" },
    notify_confidentiality_impossible: { kind: "notice", text: "required" },
    accept: { kind: "decision", text: "none" },
    refuse: { kind: "decision", text: "none" },
    postpone: { kind: "decision", text: "none" },
    mark_executed: { kind: "execution_report", text: "none" },
    return_evidence: {
      kind: "evidence",
      text: "none",
      viaSendRoute:
        "Evidence is handed over through the exchange document by document: send it with the final handing-over (kind evidence, final), which records the evidence returned.",
    },
    close: { kind: "closing", text: "optional" },
  },
  outgoing: {
    withdraw: { kind: "withdrawal", text: "optional" },
    close: { kind: "closing", text: "optional" },
  },
};

/** The message an action sends on a carried case of this direction, if any. */
export function actionMessageOf(direction: Direction, action: string): ActionMessage | null {
  return ACTION_MESSAGES[direction][action] ?? null;
}

/** The send command for an action (checked against `actionMessageOf` first). */
function sendingFor(ctx: ExchangeContext, direction: Direction, req: TransitionRequest, input: ActionMessageInput): Sending<Kind> {
  const text = input.text?.trim() || null;
  switch (req.action) {
    case "register":
      return sendAcknowledgement(ctx, { executingAuthority: input.executingAuthority ?? null }) as Sending<Kind>;
    case "request_information":
      return sendQuery({
        purpose: "more_information",
        text: text as string,
        conditionsOffered: null,
        answerBy: input.answerBy ?? null,
      }) as Sending<Kind>;
    case "notify_confidentiality_impossible":
      return sendNotice({ topic: "confidentiality_cannot_be_kept", text: text as string, dates: [] }, direction) as Sending<Kind>;
    case "accept":
      return sendDecision({
        outcome: req.refusedMeasures?.length ? "partially_refused" : "accepted",
        grounds: req.grounds as Ground[] | undefined,
        reasons: req.reasons,
        refusedMeasures: req.refusedMeasures,
      }) as Sending<Kind>;
    case "refuse":
      return sendDecision({ outcome: "refused", grounds: req.grounds as Ground[] | undefined, reasons: req.reasons }) as Sending<Kind>;
    case "postpone":
      return sendDecision({ outcome: "postponed", grounds: req.grounds as Ground[] | undefined, reasons: req.reasons }) as Sending<Kind>;
    case "mark_executed":
      return sendExecutionReport({ final: true }) as Sending<Kind>;
    case "withdraw":
      return sendWithdrawal({ reasons: text }) as Sending<Kind>;
    case "close":
      return sendClosing({ text }) as Sending<Kind>;
    default:
      throw new DomainError(500, "no_message", `No message is mapped to ${req.action}.`);
  }
}

/**
 * Performs a workflow action on a case carried through the exchange and queues the message it
 * sends, in one transaction; the action's own note, grounds and reasons are kept as given. Returns
 * null when the action sends no message (the caller then runs the plain transition).
 */
export async function actOnCase(
  ctx: ExchangeContext,
  actor: Actor,
  caseId: string,
  direction: Direction,
  req: TransitionRequest,
  input: ActionMessageInput | undefined,
  client: ClientInfo,
): Promise<Sent | null> {
  const m = actionMessageOf(direction, req.action);
  if (!m) {
    if (input) throw invalid("exchange", `"${req.action}" sends no message to the partner node; send one with the send route.`);
    return null;
  }
  if (m.viaSendRoute) throw new DomainError(409, "exchange_send_route", m.viaSendRoute, "action");
  if (m.text === "required" && !input?.text?.trim())
    throw invalid(
      "exchange.text",
      `This case is carried through the exchange: "${req.action}" sends a ${m.kind} to the partner node, and its words are yours to give (exchange.text).`,
      "exchange_text_required",
    );
  if (m.text === "none" && input?.text) throw invalid("exchange.text", `A ${m.kind} is written from the case; it takes no text of yours.`);
  if (input?.answerBy && m.kind !== "query") throw invalid("exchange.answerBy", "Only a query has an answer-by date.");
  if (input?.executingAuthority && m.kind !== "acknowledgement")
    throw invalid("exchange.executingAuthority", "Only an acknowledgement names the executing authority.");
  const s = sendingFor(ctx, direction, req, input ?? {});
  const { version, ...rest } = req;
  // The officer's action as given (the register validates the grounds) (its note, grounds, reasons) with the message inside.
  const sending: Sending<Kind> = { ...s, transition: { ...rest, note: rest.note ?? s.transition?.note } };
  return send(ctx, actor, caseId, version, client, sending);
}
