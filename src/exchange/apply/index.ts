/** What each received kind does to a case. */
import type { Kind } from "../messages/index.js";
import { applyAcknowledgement } from "./acknowledgement.js";
import { applyClosing } from "./closing.js";
import { applyDecision } from "./decision.js";
import { applyEvidence } from "./evidence.js";
import { applyExecutionReport } from "./execution-report.js";
import { applyNotice } from "./notice.js";
import { applyQuery } from "./query.js";
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
export type { Applier, Applying, LinkRow } from "./types.js";
