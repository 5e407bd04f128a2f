/**
 * What the exchange's messages need from the rest of the node: the case register's context, this
 * node's identity, the sealing functions of seal.ts bound to this node's keyring and trusted
 * partners, and the transport. Built once at start (see node.ts) and in tests.
 */
import type { Transaction } from "kysely";
import type { CasesContext } from "../cases/access.js";
import type { Database } from "../db/schema.js";
import type { Transport } from "./transport.js";

/** A partner node this node trusts (seal.ts's TrustedPartner). */
export interface TrustedPartner {
  id: string;
  jurisdiction: string;
  authority: string;
  endpoint: string;
  fingerprint: string;
  status: string;
}

/** Why the seal was refused (seal.ts's RefusalReason). */
export type SealRefusal =
  | "malformed"
  | "not_for_us"
  | "decryption_failed"
  | "unknown_sender"
  | "unknown_key"
  | "key_retired"
  | "key_revoked"
  | "signature_invalid"
  | "oversized";

/** Why the inbox refused a message after its seal was good. */
export type MessageRefusal =
  | "schema_invalid"
  | "expired"
  | "not_party"
  | "unknown_case"
  | "sequence"
  | "chain_broken"
  | "not_applicable"
  /** This node could not apply it for a fault of its own (its database), at once when the fault cannot heal or after the attempts allowed. */
  | "apply_failed";

export type RefusalReason = SealRefusal | MessageRefusal;

export type Opened =
  | { ok: true; partner: TrustedPartner; kid: string; payload: Uint8Array; jws: string }
  | { ok: false; reason: SealRefusal; detail: string; partner?: TrustedPartner };

/** seal.ts's functions with this node's keyring and partner directory bound in. */
export interface Sealing {
  seal(partner: TrustedPartner, payload: Uint8Array): Promise<string>;
  /** Several messages, each signed on its own, encrypted once (seal.ts's sealBatch). */
  sealBatch(partner: TrustedPartner, payloads: Uint8Array[]): Promise<string>;
  unseal(jwe: string, at: Date): Promise<Opened>;
  /** Decrypts a delivery of one message (checked) or of a batch (each still to be checked with verifyMessage). */
  open(jwe: string, at: Date): Promise<Opened | { ok: true; batch: string[] }>;
  /** Verifies one message of a batch; `keys` is shared by the batch's messages. */
  verifyMessage(jws: string, at: Date, keys?: Map<string, Promise<unknown>>): Promise<Opened>;
  /** `db`: the transaction to read the signing key in (embedded PGlite has one connection, which a transaction holds). */
  signDetached(payload: Uint8Array, db?: Transaction<Database>): Promise<string>;
  /** Several payloads signed with one read of the key; `db`: the transaction to read it in (as signDetached). */
  signMany(payloads: Uint8Array[], db?: Transaction<Database>): Promise<string[]>;
  /** Verifies a JWS of a trusted partner, or of this node itself. */
  verifySigned(jws: string, at: Date, keys?: Map<string, Promise<unknown>>): Promise<Opened>;
  /** The largest sealed message accepted, checked before parsing. */
  maxSealedBytes: number;
}

/** The partners a message may go to. */
export interface PartnerLookup {
  /** `db`: the transaction to read in (embedded PGlite has one connection, which a transaction holds). */
  byJurisdiction(jurisdiction: string, db?: Transaction<Database>): Promise<TrustedPartner | null>;
  byId(id: string, db?: Transaction<Database>): Promise<TrustedPartner | null>;
}

export interface ExchangeContext extends CasesContext {
  /** This node: its jurisdiction, authority and organisation (the central authority). */
  node: { jurisdiction: string; authority: string; organisationId: string };
  sealing: Sealing;
  partners: PartnerLookup;
  transport: Transport;
  /** The account that applies received messages (see actor.ts). */
  exchangeUserId: string;
  /** How far a delivery's sealing time may be from our clock, in ms. */
  windowMs: number;
  /** How often applying one message may fail for a fault of this node before it is refused (inbox.ts's DEFAULT_MAX_APPLY_ATTEMPTS). */
  maxApplyAttempts?: number;
  /** Called after a message is queued, so the sender delivers it without waiting for its next round. */
  wake?: () => void;
}

/** The default time window of the inbox (both directions): ten minutes. */
export const DEFAULT_WINDOW_MS = 10 * 60_000;

/** Whether messages may go to and come from the partner now (not suspended or removed). */
export const isActive = (p: TrustedPartner) => !["suspended", "removed", "revoked", "deleted"].includes(p.status);
