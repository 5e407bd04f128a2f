/**
 * The exchange as the pages show it: the API's shapes, and the words people read for its codes
 * (message kinds, receipts, refusal reasons, key states), so no page shows a code alone.
 */
import { useQuery } from "@tanstack/react-query";
import type { Measure } from "../../src/law/codes";
import { MEASURE_WORDS } from "../../src/law/measure-words";
import { ApiError, api } from "./api";
import { formatDateTime, regionName } from "./format";
import { currentLanguage, i18next } from "./i18n";

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

/** The message kinds, for lists of choices. */
export const KINDS: readonly Kind[] = [
  "request",
  "acknowledgement",
  "query",
  "reply",
  "decision",
  "execution_report",
  "evidence",
  "notice",
  "withdrawal",
  "closing",
];

/** The word for a code in the exchange namespace, or the code made readable when a newer server sends one. */
function words(group: string, code: string): string {
  const key = `exchange:${group}.${code}`;
  return i18next.exists(key) ? i18next.t(key) : code.replace(/_/g, " ");
}

/** Each message kind as a person names it. */
export const kindWords = (kind: string): string => words("kinds", kind);

/** Receipts in the words of ETSI REM / e-CODEX evidences. */
export const receiptWords = (kind: string): string => words("receipts", kind);

/** Why the exchange refused a message, in words (seal.ts and inbox.ts name the codes). */
const REASON_CODES = [
  "malformed",
  "not_for_us",
  "decryption_failed",
  "unknown_sender",
  "unknown_key",
  "key_retired",
  "key_revoked",
  "signature_invalid",
  "oversized",
  "schema_invalid",
  "expired",
  "not_party",
  "unknown_case",
  "sequence",
  "chain_broken",
  "not_applicable",
];

/** A reason as stored ("code: detail" or a code alone) in words, with the detail after it. */
export function reasonText(reason: string | null | undefined): string {
  if (!reason) return i18next.t("exchange:reasons.none");
  const at = reason.indexOf(": ");
  const code = at < 0 ? reason : reason.slice(0, at);
  const detail = at < 0 ? "" : reason.slice(at + 2);
  if (!REASON_CODES.includes(code)) return reason.replace(/_/g, " ");
  const text = i18next.t(`exchange:reasons.${code}`);
  return detail ? i18next.t("exchange:reasons.withDetail", { reason: text, detail }) : text;
}

export const keyStatusWords = (status: PartnerKeyView["status"]): string => words("keyStatus", status);

export const keyUseWords = (use: "sig" | "enc"): string => words("keyUse", use);

export const QUERY_PURPOSES = ["more_information", "consultation_before_refusal", "consultation_before_postponement"] as const;
export const queryPurposeWords = (code: string): string | null =>
  i18next.exists(`exchange:purposes.${code}`) ? words("purposes", code) : null;

export const OUTCOMES = ["accepted", "refused", "postponed", "partially_refused"] as const;
export const outcomeWords = (code: string): string | null => (i18next.exists(`exchange:outcomes.${code}`) ? words("outcomes", code) : null);

export const measureOutcomeWords = (code: string): string => words("measureOutcomes", code);

export const NOTICE_TOPICS = [
  "safe_conduct",
  "custody_transfer",
  "custody_return",
  "limits_on_use",
  "confidentiality_cannot_be_kept",
  "freezing",
  "confiscation",
  "sharing",
  "other",
] as const;
export const noticeTopicWords = (code: string): string | null => (i18next.exists(`exchange:topics.${code}`) ? words("topics", code) : null);

/** A measure in the words of the screen's language (src/law/measure-words.ts), or the code made readable. */
export function measureWords(code: string): string {
  return MEASURE_WORDS[currentLanguage()][code as Measure] ?? code.replace(/_/g, " ");
}

/** A fingerprint split into its groups of four characters (spaces ignored), for reading aloud. */
export function fingerprintGroups(text: string): string[] {
  return text.replace(/\s+/g, "").match(/.{1,4}/g) ?? [];
}

/** Where an outgoing or incoming message stands, in a sentence. */
export function deliveryText(m: ThreadMessage): string {
  const say = (key: string, values?: Record<string, string>) => i18next.t(`exchange:delivery.${key}`, values);
  const receipt = (k: Receipt["kind"]) => m.receipts.find((r) => r.kind === k);
  if (m.direction === "out") {
    // A message exported as a signed package is not delivered over the network (packaging.ts says so in last_error).
    if (m.status === "queued" && m.waiting?.lastError?.startsWith("carried by signed package"))
      return say("exported", { when: formatDateTime(m.waiting.since) });
    if (m.status === "queued") return say("waiting", { since: formatDateTime(m.waiting?.since ?? m.sentAt) });
    if (m.status === "delivered") {
      const d = receipt("delivered");
      return d ? say("deliveredAt", { when: formatDateTime(d.at) }) : say("delivered");
    }
    if (m.status === "accepted") return say("accepted");
    if (m.status === "rejected") return say("rejected", { reason: reasonText(m.reason ?? receipt("rejected")?.reason) });
    return m.status;
  }
  if (m.status === "applied" || m.status === "accepted") return say("applied");
  if (m.status === "held") return say("held");
  if (m.status === "rejected") return say("refused", { reason: reasonText(m.reason) });
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
  // The API names states in English; another language takes CLDR's name for the code (format.ts).
  const nameOf = (code: string) => (currentLanguage() === "en" ? names.get(code) : names.has(code) ? regionName(code) : undefined);
  return (code: string) => (nameOf(code) ? `${nameOf(code)} (${code})` : code);
}

/** The message shown when the exchange is off on this node (no key passphrase). */
export const exchangeOffText = (): string => i18next.t("exchange:off");
