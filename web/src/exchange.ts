/**
 * The exchange as the pages show it: the API's shapes, and the words people read for its codes
 * (message kinds, receipts, refusal reasons, key states), so no page shows a code alone.
 */
import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "./api";
import { formatDateTime } from "./format";

export interface PartnerKeyView {
  kid: string;
  use: "sig" | "enc";
  alg: string;
  status: "next" | "current" | "retired" | "revoked";
  fingerprint: string;
  acceptUntil: string | null;
  revokedAt: string | null;
  firstSeen: string;
}

export interface PartnerLink {
  waiting: number;
  waitingSince: string | null;
  lastError: string | null;
  lastContactAt: string | null;
}

export interface Partner {
  id: string;
  jurisdiction: string;
  authority: string;
  endpoint: string;
  fingerprint: string;
  fingerprintGrouped: string;
  pairedFingerprint: string;
  status: "active" | "suspended";
  version: number;
  createdAt: string;
  refreshedAt: string;
  identityIssuedAt: string;
  keys: PartnerKeyView[];
  link?: PartnerLink;
}

export interface PartnerPreview {
  endpoint: string;
  jurisdiction: string;
  authority: string;
  fingerprint: string;
  fingerprintGrouped: string;
  issuedAt: string;
  keys: { kid: string; use: "sig" | "enc"; alg: string; status: string; fingerprintGrouped: string }[];
  alreadyPartner: boolean;
}

export interface Receipt {
  kind: "submission_accepted" | "delivered" | "accepted" | "rejected";
  issuer: string;
  at: string;
  reason: string | null;
}

export interface ThreadMessage {
  id: string;
  direction: "out" | "in";
  kind: Kind;
  seq: number;
  hash: string;
  sentAt: string;
  urgent: boolean;
  status: "queued" | "delivered" | "accepted" | "rejected" | "held" | "applied";
  reason: string | null;
  waiting: { since: string; attempts: number; lastError: string | null; nextAttemptAt: string | null } | null;
  body: Record<string, unknown>;
  receipts: Receipt[];
}

export interface Thread {
  caseId: string;
  partner: { id: string; jurisdiction: string; authority: string } | null;
  requesting: { jurisdiction: string; reference: string } | null;
  requested: { jurisdiction: string; reference: string | null } | null;
  head: string | null;
  messages: ThreadMessage[];
}

export type Kind =
  | "request"
  | "acknowledgement"
  | "query"
  | "reply"
  | "decision"
  | "execution_report"
  | "evidence"
  | "notice"
  | "withdrawal"
  | "closing";

/** Each message kind as a person names it. */
export const KIND_WORDS: Record<Kind, string> = {
  request: "Request",
  acknowledgement: "Acknowledgement of receipt",
  query: "Question",
  reply: "Reply to a question",
  decision: "Decision",
  execution_report: "Execution report",
  evidence: "Evidence handed over",
  notice: "Notice",
  withdrawal: "Withdrawal of the request",
  closing: "Closing of the case",
};

/** Receipts in the words of ETSI REM / e-CODEX evidences. */
export const RECEIPT_WORDS: Record<Receipt["kind"], string> = {
  submission_accepted: "accepted for sending",
  delivered: "delivered to the recipient node",
  accepted: "accepted by the recipient",
  rejected: "rejected by the recipient",
};

/** Why the exchange refused a message, in words (seal.ts and inbox.ts name the codes). */
export const REASON_WORDS: Record<string, string> = {
  malformed: "it is not a message in the expected form",
  not_for_us: "it was addressed to another node",
  decryption_failed: "it could not be decrypted (changed on the way, or encrypted to another key)",
  unknown_sender: "the sender is not a trusted partner, or the partner is suspended",
  unknown_key: "it is signed with a key not known for this partner",
  key_retired: "it is signed with a key whose overlap period has ended",
  key_revoked: "it is signed with a revoked key",
  signature_invalid: "its signature does not verify",
  oversized: "it is too large",
  schema_invalid: "its content does not follow the message schema",
  expired: "it was sent too long ago, or dated in the future (a possible replay)",
  not_party: "the sender is neither the requesting nor the requested state of the case",
  unknown_case: "the case it names is not known here",
  sequence: "it is out of sequence (a number already used, or too many waiting)",
  chain_broken: "it does not follow the previous message of the case",
  not_applicable: "it cannot be applied to the case in its present state",
};

/** A reason as stored ("code: detail" or a code alone) in words, with the detail after it. */
export function reasonText(reason: string | null | undefined): string {
  if (!reason) return "no reason given";
  const at = reason.indexOf(": ");
  const code = at < 0 ? reason : reason.slice(0, at);
  const detail = at < 0 ? "" : reason.slice(at + 2);
  const words = REASON_WORDS[code];
  if (!words) return reason.replace(/_/g, " ");
  return detail ? `${words} (${detail})` : words;
}

export const KEY_STATUS_WORDS: Record<PartnerKeyView["status"], string> = {
  current: "in use",
  next: "next (published for a rotation)",
  retired: "retired",
  revoked: "revoked",
};

export const KEY_USE_WORDS: Record<"sig" | "enc", string> = { sig: "signing", enc: "encryption" };

export const QUERY_PURPOSE_WORDS: Record<string, string> = {
  more_information: "More information needed",
  consultation_before_refusal: "Consultation before refusal",
  consultation_before_postponement: "Consultation before postponement",
};

export const OUTCOME_WORDS: Record<string, string> = {
  accepted: "Accepted",
  refused: "Refused",
  postponed: "Postponed",
  partially_refused: "Partially refused",
};

export const MEASURE_OUTCOME_WORDS: Record<string, string> = {
  done: "done",
  partly_done: "partly done",
  impossible: "impossible",
  in_progress: "in progress",
};

export const NOTICE_TOPIC_WORDS: Record<string, string> = {
  safe_conduct: "Safe conduct",
  custody_transfer: "Transfer of a person in custody",
  custody_return: "Return of a person in custody",
  limits_on_use: "Limits on the use of evidence",
  confidentiality_cannot_be_kept: "Confidentiality cannot be kept",
  other: "Other",
};

/** A fingerprint split into its groups of four characters (spaces ignored), for reading aloud. */
export function fingerprintGroups(text: string): string[] {
  return text.replace(/\s+/g, "").match(/.{1,4}/g) ?? [];
}

/** Where an outgoing or incoming message stands, in a sentence. */
export function deliveryText(m: ThreadMessage): string {
  const receipt = (k: Receipt["kind"]) => m.receipts.find((r) => r.kind === k);
  if (m.direction === "out") {
    // A message exported as a signed package is not delivered over the network (packaging.ts says so in last_error).
    if (m.status === "queued" && m.waiting?.lastError?.startsWith("carried by signed package"))
      return `exported as a signed package ${formatDateTime(m.waiting.since)}, to hand over by e-mail or diplomatic bag`;
    if (m.status === "queued") return `waiting for partner since ${formatDateTime(m.waiting?.since ?? m.sentAt)}`;
    if (m.status === "delivered") {
      const d = receipt("delivered");
      return `delivered${d ? ` ${formatDateTime(d.at)}` : ""}, awaiting the partner's acceptance`;
    }
    if (m.status === "accepted") return "accepted";
    if (m.status === "rejected") return `rejected: ${reasonText(m.reason ?? receipt("rejected")?.reason)}`;
    return m.status;
  }
  if (m.status === "applied" || m.status === "accepted") return "received and applied to the case";
  if (m.status === "held") return "received, held until the earlier messages arrive";
  if (m.status === "rejected") return `received but refused: ${reasonText(m.reason)}`;
  return m.status;
}

/** The node's partners (officers may read them too); null when the exchange is off on this node. */
export function usePartners(enabled = true) {
  return useQuery({
    queryKey: ["exchange", "partners"],
    enabled,
    queryFn: async () => {
      try {
        return await api<Partner[]>("/exchange/partners");
      } catch (err) {
        if (err instanceof ApiError && err.code === "exchange_off") return null;
        throw err;
      }
    },
  });
}

/** Jurisdictions by code, for names in words ("Russian Federation (RU)"). */
export function useJurisdictionNames() {
  const q = useQuery({
    queryKey: ["jurisdictions"],
    queryFn: () => api<{ code: string; name: string }[]>("/jurisdictions"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const names = new Map((q.data ?? []).map((j) => [j.code, j.name]));
  return (code: string) => (names.get(code) ? `${names.get(code)} (${code})` : code);
}

/** The message shown when the exchange is off on this node (no key passphrase). */
export const EXCHANGE_OFF_TEXT =
  "The exchange is off on this node: the server starts it when a node key passphrase is set (see the operations guide).";
