/** Every message kind with its body schema, and their JSON Schemas as the node publishes them. */
import type { z } from "zod";
import { acknowledgementBody } from "./acknowledgement.js";
import { closingBody } from "./closing.js";
import { decisionBody } from "./decision.js";
import { evidenceBody } from "./evidence.js";
import { executionReportBody } from "./execution-report.js";
import { noticeBody } from "./notice.js";
import { queryBody } from "./query.js";
import { replyBody } from "./reply.js";
import { requestBody } from "./request.js";
import { withdrawalBody } from "./withdrawal.js";

export const BODIES = {
  request: requestBody,
  acknowledgement: acknowledgementBody,
  query: queryBody,
  reply: replyBody,
  decision: decisionBody,
  execution_report: executionReportBody,
  evidence: evidenceBody,
  notice: noticeBody,
  withdrawal: withdrawalBody,
  closing: closingBody,
} as const;

export type Kind = keyof typeof BODIES;
export const KINDS = Object.keys(BODIES) as Kind[];
export type BodyOf<K extends Kind> = z.infer<(typeof BODIES)[K]>;

/** Who may send each kind: the requesting state, the requested state, or either. */
export const SENT_BY: Record<Kind, "requesting" | "requested" | "either"> = {
  request: "requesting",
  acknowledgement: "requested",
  query: "requested",
  reply: "requesting",
  decision: "requested",
  execution_report: "requested",
  evidence: "requested",
  notice: "either",
  withdrawal: "requesting",
  closing: "either",
};

export type { RequestBody } from "./request.js";
export type { AcknowledgementBody } from "./acknowledgement.js";
export type { QueryBody } from "./query.js";
export type { ReplyBody } from "./reply.js";
export type { DecisionBody } from "./decision.js";
export type { ExecutionReportBody } from "./execution-report.js";
export type { EvidenceBody } from "./evidence.js";
export type { NoticeBody } from "./notice.js";
export type { WithdrawalBody } from "./withdrawal.js";
export type { ClosingBody } from "./closing.js";
