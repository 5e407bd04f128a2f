/** Table types for Kysely. Dates are ISO strings (the date parser is set so in database.ts). */
import type { ColumnType, Generated } from "kysely";

type Json = ColumnType<unknown, string, string>;

export interface JurisdictionTable {
  code: string;
  name: string;
  names: Json;
  languages: string[];
  sub_state: boolean;
  user_assigned: boolean;
}
export interface InstrumentTable {
  id: string;
  title: string;
  short_title: string;
  kind: string;
  cooperation: string;
  binding: boolean;
  supplements: string | null;
  concluded: string | null;
  entry_into_force: string | null;
  source: Json;
  document: Json;
}
export interface ProvisionTable {
  id: string;
  instrument_id: string;
  kind: string;
  article: string;
  summary: string;
  valid_from: string | null;
  valid_to: string | null;
  source: Json;
  detail: Json;
}
export interface PartyTable {
  instrument_id: string;
  jurisdiction: string;
  via_state: string | null;
  signed: string | null;
  consent_kind: string | null;
  consent_date: string | null;
  in_force: string | null;
  valid_to: string | null;
  withdrawn: string | null;
  note: string | null;
  source: Json;
}
export interface ReservationTable {
  id: string;
  instrument_id: string;
  jurisdiction: string;
  kind: string;
  article: string;
  effect: Json;
  summary: string;
  valid_from: string | null;
  valid_to: string | null;
  source: Json;
}
export interface KnowledgeLoadTable {
  id: Generated<number>;
  content_hash: string;
  loaded_at: ColumnType<Date, string | undefined, never>;
  instruments: number;
  provisions: number;
  parties: number;
}

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  kind: "central_authority" | "executing_authority";
  jurisdiction: string | null;
  created_at: Generated<Date>;
  /** When it was retired: kept for its history, offered for nothing new (migration 0016). */
  retired_at: Date | null;
  version: Generated<number>;
}
export interface AppUserTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | string | null, number | string | null>;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Bumped by every administrative change (optimistic concurrency on PATCH /users/:id). */
  version: Generated<number>;
  /** The screens' language the user chose (migration 0017); null: the browser's preference. */
  language: string | null;
}
export interface UserSessionTable {
  id: string;
  user_id: string;
  stage: "totp" | "password" | "enrol" | "full";
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  method: Generated<string>;
  revoked_at: Timestamp | null;
}
export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string[];
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface OidcFlowTable {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: Timestamp;
}
export interface AuditEventTable {
  /** bigint comes back as a string from PostgreSQL. */
  seq: ColumnType<string, number | string, never>;
  at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  summary: Json;
  ip: string | null;
  prev_hash: string;
  hash: string;
}
export interface CaseFileTable {
  id: Generated<string>;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: "normal" | "confidential" | "strictly_confidential";
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  state: Generated<string>;
  version: Generated<number>;
  request_date: string | null;
  basis_instrument: string | null;
  /** The stored legal basis (basis_answer), shared by every case with the same answer. */
  basis_digest: string | null;
  our_reference: string | null;
  their_reference: string | null;
  authority: string | null;
  urgency: Generated<"normal" | "urgent">;
  received_on: string | null;
  sent_on: string | null;
  officer_id: string | null;
  confidentiality_issue: "pending" | "proceed" | null;
  written_confirmation_due: string | null;
  respond_by: string | null;
  idempotency_key: string | null;
  /** 'tsp' for a transfer of a sentenced person (migration 0020), 'mla' otherwise. */
  kind: Generated<"mla" | "tsp">;
}
export interface DraftTable {
  id: Generated<string>;
  owner_id: string;
  title: string;
  content: Json;
  version: Generated<number>;
  case_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface BasisAnswerTable {
  digest: string;
  answer: Json;
}
export interface CaseAccessTable {
  case_id: string;
  user_id: string;
  granted_by: string;
  granted_at: Timestamp;
}
export interface CaseMeasureTable {
  id: Generated<string>;
  case_id: string;
  measure: string;
  description: string;
  assigned_organisation_id: string | null;
  created_at: Timestamp;
  status: Generated<string>;
  deadline: string | null;
  decision_id: string | null;
}
export interface CaseOffenceTable {
  id: Generated<string>;
  case_id: string;
  description: string;
  legal_provision: string;
  penalty: string | null;
  iccs: string;
  created_at: Timestamp;
}
export interface CasePersonTable {
  id: Generated<string>;
  case_id: string;
  role: string;
  name: string;
  in_custody: Generated<boolean>;
  transfer_consent_on: string | null;
  return_by: string | null;
  presence_ended_on: string | null;
  safe_conduct_extended: Generated<boolean>;
  safe_conduct_ends: string | null;
  created_at: Timestamp;
}
export interface CaseConsultationTable {
  id: Generated<string>;
  case_id: string;
  held_on: string;
  channel: string;
  outcome: string;
  conditions_considered: string;
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface CaseDecisionTable {
  id: Generated<string>;
  case_id: string;
  kind: "refusal" | "partial_refusal" | "postponement" | "acceptance" | "withdrawal";
  grounds: Json;
  reasons: string;
  notice: string;
  decided_by: string;
  decided_at: Timestamp;
}
/** A transfer case's own facts (migration 0020): the person, the judgment, consent, decisions, handover. */
export interface CaseTransferTable {
  case_id: string;
  sentencing_state: string;
  administering_state: string;
  requested_by: "sentencing" | "administering";
  request_date: string;
  person_name: string;
  nationality: string | null;
  national_of_administering: boolean | null;
  court: string | null;
  judgment_date: string | null;
  final_on: string | null;
  offence: string | null;
  iccs: string | null;
  sentence_years: number | null;
  sentence_months: number | null;
  sentence_days: number | null;
  indeterminate: Generated<boolean>;
  sentence_start: string | null;
  served_days: number | null;
  served_as_of: string | null;
  remission_days: Generated<number>;
  dual_criminality: boolean | null;
  shorter_time_agreed: Generated<boolean>;
  consent: "given" | "refused" | "withdrawn" | null;
  consent_on: string | null;
  consent_verified_on: string | null;
  consent_dispensed: "fled" | "expulsion" | null;
  sentencing_decision: "agreed" | "refused" | null;
  sentencing_decided_on: string | null;
  administering_decision: "agreed" | "refused" | null;
  administering_decided_on: string | null;
  enforcement: "continued" | "converted" | null;
  handover_on: string | null;
  handover_place: string | null;
  handover_escort: string | null;
  closed_on: string | null;
}
/** A hearing by video link (migration 0018); interpreters, participants and contact are JSON. */
export interface CaseHearingTable {
  id: Generated<string>;
  case_id: string;
  measure_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  requesting_zone: string;
  requested_zone: string;
  presiding_authority: string;
  interpreters: ColumnType<unknown, string, string>;
  participants: ColumnType<unknown, string, string>;
  technical_contact: ColumnType<unknown, string, string>;
  perjury_warning: string;
  status: Generated<string>;
  sequence: Generated<number>;
  outcome_note: string | null;
  recorded_at: Timestamp | null;
  recorded_by: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
/** A criminal asset of a case (migration 0019); amounts are decimal strings, identifiers and claims JSON. */
export interface CaseAssetTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  description: string;
  location: string;
  identifiers: ColumnType<unknown, string, string>;
  value_amount: string | null;
  value_currency: string | null;
  value_on: string | null;
  value_source: string | null;
  third_party_claims: ColumnType<unknown, string, string>;
  embezzled_public_funds: Generated<boolean>;
  status: Generated<string>;
  freeze_order: string | null;
  freeze_ordered_on: string | null;
  freeze_expires_on: string | null;
  confiscation_order: string | null;
  confiscation_ordered_on: string | null;
  confiscation_final: boolean | null;
  proceeds_amount: string | null;
  proceeds_currency: string | null;
  realised_on: string | null;
  disposal: string | null;
  disposed_on: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CaseAssetHolderTable {
  id: Generated<string>;
  asset_id: string;
  name: string;
  role: string;
}
/** One step of an asset's life with the provisions that permitted it (JSON citations). */
export interface CaseAssetStepTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  asset_id: string;
  case_id: string;
  step: string;
  from_status: string | null;
  to_status: string;
  on_date: string;
  order_ref: string | null;
  provisions: ColumnType<unknown, string, string>;
  note: string | null;
  actor_id: string;
  at: Timestamp;
}
export interface CaseAssetSharingTable {
  id: Generated<string>;
  asset_id: string;
  case_id: string;
  basis: string;
  instrument_id: string | null;
  reference: string;
  concluded_on: string;
  currency: string;
  gross: string;
  costs: string;
  net: string;
  conversion: ColumnType<unknown, string | null, string | null>;
  provisions: ColumnType<unknown, string, string>;
  created_by: string;
  created_at: Timestamp;
}
export interface CaseAssetShareTable {
  id: Generated<string>;
  sharing_id: string;
  position: number;
  party: string;
  percent: string;
  amount: string;
  converted: string | null;
}
export interface CaseAssetTransferTable {
  id: Generated<string>;
  asset_id: string;
  case_id: string;
  share_id: string | null;
  recipient: string;
  amount: string;
  currency: string;
  reference: string;
  on_date: string;
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface CaseCorrespondenceTable {
  id: Generated<string>;
  case_id: string;
  direction: "in" | "out";
  channel: string;
  on_date: string;
  summary: string;
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface CaseDocumentTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Empty when the content is stored in chunks (blob_id). */
  content: Buffer | Uint8Array;
  /** The chunks holding a large document's content (content_chunk), or null when it is inline. */
  blob_id: ColumnType<string | null, string | null | undefined, string | null>;
  added_by: string;
  added_at: Timestamp;
}
export interface CaseEvidenceTable {
  id: Generated<string>;
  case_id: string;
  description: string;
  document_id: string | null;
  sha256: string | null;
  permitted_purposes: string[];
  created_at: Timestamp;
}
export interface EvidenceCustodyTable {
  id: Generated<string>;
  evidence_id: string;
  action: string;
  holder: string;
  on_date: string;
  sha256: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface EvidenceUseTable {
  id: Generated<string>;
  evidence_id: string;
  purpose: string;
  consent_on: string | null;
  consent_by: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}
export interface CaseReferenceCounterTable {
  prefix: string;
  last: number;
}
export interface CaseDeadlineTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  ref_id: string | null;
  due: string;
  rule: string;
  done: Generated<boolean>;
  /** The case's officer, for the queue's index (officer, due). */
  officer_id: string | null;
  /** The case's state and confidentiality, kept by triggers (migration 0013), so the queue counts from this table alone. */
  case_state: Generated<string>;
  case_confidentiality: Generated<"normal" | "confidential" | "strictly_confidential">;
}
export interface CaseTransitionTable {
  id: Generated<string>;
  case_id: string;
  action: string;
  from_state: string;
  to_state: string;
  version: number;
  actor_id: string;
  at: Timestamp;
  note: string | null;
}

/** One case counted under one dimension's value (migration 0022, kept by triggers). */
export interface StatFactTable {
  case_id: string;
  dimension: string;
  value: string;
  day: string;
  direction: string;
  kind: string;
  confidentiality: string;
}
/** How many stat_fact rows share a day, dimension, value, direction, kind and confidentiality. */
export interface StatCountTable {
  day: string;
  dimension: string;
  value: string;
  direction: string;
  kind: string;
  confidentiality: string;
  n: number;
}

/** stat_count summed per month (first day of the month). */
export interface StatCountMonthTable {
  month: string;
  dimension: string;
  value: string;
  direction: string;
  kind: string;
  confidentiality: string;
  n: number;
}

export interface Database {
  stat_fact: StatFactTable;
  stat_count: StatCountTable;
  stat_count_month: StatCountMonthTable;
  organisation: OrganisationTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  oidc_flow: OidcFlowTable;
  audit_event: AuditEventTable;
  case_file: CaseFileTable;
  basis_answer: BasisAnswerTable;
  draft: DraftTable;
  case_access: CaseAccessTable;
  case_measure: CaseMeasureTable;
  case_offence: CaseOffenceTable;
  case_person: CasePersonTable;
  case_consultation: CaseConsultationTable;
  case_decision: CaseDecisionTable;
  case_correspondence: CaseCorrespondenceTable;
  case_hearing: CaseHearingTable;
  case_asset: CaseAssetTable;
  case_asset_holder: CaseAssetHolderTable;
  case_asset_step: CaseAssetStepTable;
  case_asset_sharing: CaseAssetSharingTable;
  case_asset_share: CaseAssetShareTable;
  case_asset_transfer: CaseAssetTransferTable;
  case_transfer: CaseTransferTable;
  case_transition: CaseTransitionTable;
  case_deadline: CaseDeadlineTable;
  case_reference_counter: CaseReferenceCounterTable;
  case_document: CaseDocumentTable;
  case_evidence: CaseEvidenceTable;
  evidence_custody: EvidenceCustodyTable;
  evidence_use: EvidenceUseTable;
  jurisdiction: JurisdictionTable;
  instrument: InstrumentTable;
  provision: ProvisionTable;
  party: PartyTable;
  reservation: ReservationTable;
  knowledge_load: KnowledgeLoadTable;
  rate_limit_hit: RateLimitHitTable;
  scheduled_job: ScheduledJobTable;
  node_key: NodeKeyTable;
  exchange_partner: ExchangePartnerTable;
  partner_key: PartnerKeyTable;
  exchange_link: ExchangeLinkTable;
  exchange_message: ExchangeMessageTable;
  exchange_receipt: ExchangeReceiptTable;
  exchange_quarantine: ExchangeQuarantineTable;
  content_chunk: ContentChunkTable;
  exchange_transfer: ExchangeTransferTable;
  directory_entry: DirectoryEntryTable;
}

/** One chunk (at most 8 MiB) of a large document's content, with its SHA-256 (migration 0012). */
export interface ContentChunkTable {
  blob_id: string;
  idx: number;
  size: number;
  sha256: string;
  content: Buffer | Uint8Array;
  created_at: Timestamp;
}
/** One document travelling in chunks to (out) or from (in) a partner node. */
export interface ExchangeTransferTable {
  id: Generated<string>;
  direction: "out" | "in";
  /** The sender's id of the transfer, as on the wire. */
  transfer_id: string;
  partner_id: string;
  case_id: string | null;
  blob_id: string;
  filename: string;
  content_type: string;
  size: ColumnType<number, number, number>;
  sha256: string;
  chunk_size: number;
  chunks: number;
  /** Out: chunks the receiver said it holds; in: chunks held here. */
  done_chunks: Generated<number>;
  done_bytes: ColumnType<number, number | undefined, number>;
  /** Out: chunks posted so far, repeats included (shows what a resumption saved). */
  posts: Generated<number>;
  status: "open" | "complete" | "corrupt" | "applied" | "delivered" | "abandoned";
  detail: string | null;
  message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One rate-limit counter: requests by one key (session, token or address) in the window that started then. */
export interface RateLimitHitTable {
  key: string;
  window_started: Timestamp;
  hits: number;
}
/** Scheduled work claimed by one instance at a time; `last_period` is the last period it completed (a day). */
export interface ScheduledJobTable {
  job: string;
  last_period: string | null;
  claimed_by: string | null;
  claimed_until: Timestamp | null;
}

export type KeyStatus = "next" | "current" | "retired" | "revoked";
/** One of this node's exchange key pairs; the private key only encrypted (see migration 0009). */
export interface NodeKeyTable {
  kid: string;
  use: "sig" | "enc";
  alg: string;
  public_jwk: Json;
  private_jwe: string;
  status: KeyStatus;
  created_at: Timestamp;
  activated_at: Timestamp | null;
  accept_until: Timestamp | null;
  revoked_at: Timestamp | null;
}
/** A central authority this node trusts, paired by fingerprint. */
export interface ExchangePartnerTable {
  id: Generated<string>;
  endpoint: string;
  jurisdiction: string;
  authority: string;
  /** The fingerprint of the partner's current signing key. */
  fingerprint: string;
  /** The fingerprint compared out of band when the partner was added (or re-paired). */
  paired_fingerprint: string;
  status: Generated<"active" | "suspended">;
  /** The signed identity document's payload as last accepted. */
  identity: Json;
  identity_issued_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  refreshed_at: Timestamp;
  version: Generated<number>;
}
/** A partner's public key as its signed identity document listed it. */
export interface PartnerKeyTable {
  kid: string;
  partner_id: string;
  use: "sig" | "enc";
  alg: string;
  jwk: Json;
  status: KeyStatus;
  accept_until: Timestamp | null;
  revoked_at: Timestamp | null;
  first_seen: Timestamp;
}
/** A case carried through the exchange with one partner node (migration 0010). */
export interface ExchangeLinkTable {
  case_id: string;
  partner_id: string;
  requesting_jurisdiction: string;
  requesting_reference: string;
  requested_jurisdiction: string;
  requested_reference: string | null;
  /** The sequence number our next message of the case will carry. */
  next_seq: Generated<number>;
  /** The sequence number of the partner's next message we may apply. */
  expected_seq: Generated<number>;
  /** The hash of the newest message of the case in either direction (the next message's `prev`). */
  head: string;
  /** The requesting side's measure ids by our measure id (the requested side maps reports back with them). */
  measure_refs: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
}
/** One envelope sent (direction out: the outbox) or received (in: the inbox). */
export interface ExchangeMessageTable {
  id: string;
  direction: "out" | "in";
  kind: string;
  partner_id: string;
  case_id: string | null;
  requesting_jurisdiction: string;
  requesting_reference: string;
  seq: number;
  prev: string;
  hash: string;
  sent_at: Timestamp;
  urgent: Generated<boolean>;
  /** The envelope as canonical JSON: the exact text that is hashed. */
  envelope: string;
  /** Received: the sender's signed delivery (JWS), the proof of who sent it. */
  jws: string | null;
  status: "queued" | "delivered" | "accepted" | "rejected" | "held" | "applied";
  reason: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  done_at: Timestamp | null;
}
/** A signed receipt (ETSI REM vocabulary) stored with its message. */
export interface ExchangeReceiptTable {
  id: Generated<string>;
  message_id: string;
  kind: "submission_accepted" | "delivered" | "accepted" | "rejected";
  /** The jurisdiction of the node that issued it. */
  issuer: string;
  reason: string | null;
  at: Timestamp;
  audit_head: ColumnType<unknown, string, string>;
  jws: string;
}
/** What the inbox refused, kept for the administrator to inspect; nothing of it reached a case. */
export interface ExchangeQuarantineTable {
  id: Generated<string>;
  received_at: Timestamp;
  partner_id: string | null;
  message_id: string | null;
  reason: string;
  detail: string;
  size: number;
  content: string;
  ip: string | null;
}

/** An entry of the directory of central authorities written by an administrator or imported (migration 0021). */
export interface DirectoryEntryTable {
  id: Generated<string>;
  jurisdiction: string;
  authority: string;
  role: "central" | "executing";
  origin: "administrator" | "import";
  /** The field groups (instruments, address, channels, languages, urgent, hours), each with its source. */
  detail: Json;
  source: Json;
  last_checked: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
