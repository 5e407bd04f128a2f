/** What each received kind does to a case. */
import type { Envelope } from "../envelope.js";
import type { Kind } from "../messages/index.js";
import { applyAcknowledgement } from "./acknowledgement.js";
import { applyClosing, closingText } from "./closing.js";
import { applyDecision } from "./decision.js";
import { applyEvidence } from "./evidence.js";
import { applyExecutionReport } from "./execution-report.js";
import { applyNotice, noticeText } from "./notice.js";
import { applyQuery, queryText } from "./query.js";
import { applyReply } from "./reply.js";
import { applyRequest } from "./request.js";
import type { Applier } from "./types.js";
import { applyWithdrawal } from "./withdrawal.js";

export const APPLIERS: { [K in Kind]: Applier<K> } = {
  request: applyRequest,
  acknowledgement: applyAcknowledgement,
  query: applyQuery,
  reply: applyReply,
  decision: applyDecision,
  execution_report: applyExecutionReport,
  evidence: applyEvidence,
  notice: applyNotice,
  withdrawal: applyWithdrawal,
  closing: applyClosing,
};

/**
 * The kinds whose applier does nothing but lock the case, bump its version and record one
 * correspondence row (the text here), with no rule that can refuse them and no audit event of their
 * own: a run of them can be applied to their case together (inbox.ts's applyRun), with the same rows
 * as applying them one by one.
 */
export const RECORDED_ONLY: { [K in Kind]?: (e: Envelope<K>) => string } = {
  notice: noticeText,
  query: queryText,
  closing: closingText,
};
export type { Applier, Applying, LinkRow } from "./types.js";
