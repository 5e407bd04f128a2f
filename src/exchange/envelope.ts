/**
 * The envelope (version 1) every message travels in. Its canonical JSON (keys sorted, see
 * audit/trail.ts) is what is hashed; each envelope names the hash of the previous message of the
 * case in either direction, so both nodes hold the same chain and a message removed or altered on
 * one side shows against the other side's copy.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../audit/trail.js";
import { jurisdictionCode, text } from "../validation/schemas.js";
import { BODIES, type BodyOf, KINDS, type Kind } from "./messages/index.js";

export { canonicalJson };

/** The `prev` of the first message of a case. */
export const GENESIS = "0".repeat(64);

const party = z.object({ jurisdiction: jurisdictionCode() });

/** The envelope's fields around the body; `kind` selects the body's schema. */
const head = {
  v: z.literal(1),
  id: z.uuid(),
  from: party,
  to: party,
  case: z.object({
    requesting: z.object({ jurisdiction: jurisdictionCode(), reference: text({ min: 1, max: 100, trim: false }) }),
    requested: z.object({ jurisdiction: jurisdictionCode(), reference: text({ min: 1, max: 100, trim: false }).nullable() }),
  }),
  seq: z.number().int().min(1).max(1_000_000),
  prev: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lowercase hexadecimal digits"),
  sentAt: z.iso.datetime({ offset: false }),
  urgent: z.boolean(),
};

/** The schema of the envelope of one kind. */
export const envelopeOf = <K extends Kind>(kind: K) => z.object({ ...head, kind: z.literal(kind), body: BODIES[kind] }).strict();

/** Any envelope: the kind decides the body. */
export const envelopeSchema = z.discriminatedUnion(
  "kind",
  KINDS.map((k) => envelopeOf(k)) as unknown as [ReturnType<typeof envelopeOf<"request">>, ...ReturnType<typeof envelopeOf<Kind>>[]],
);

export interface Envelope<K extends Kind = Kind> {
  v: 1;
  id: string;
  kind: K;
  from: { jurisdiction: string };
  to: { jurisdiction: string };
  case: { requesting: { jurisdiction: string; reference: string }; requested: { jurisdiction: string; reference: string | null } };
  seq: number;
  prev: string;
  sentAt: string;
  urgent: boolean;
  body: BodyOf<K>;
}

/** SHA-256 (hex) of the envelope's canonical JSON: the message's hash in the chain. */
export function hashEnvelope(envelope: unknown): string {
  return createHash("sha256").update(canonicalJson(envelope)).digest("hex");
}

/**
 * What is signed and sealed for one delivery attempt: the envelope and the time of sealing. The
 * receiver's time window applies to `sealedAt`, so a message retried for days after its `sentAt`
 * still arrives, while a captured delivery replayed later is refused.
 */
export interface Delivery {
  envelope: Envelope;
  sealedAt: string;
}

/** The bytes signed for a delivery. */
export const deliveryBytes = (d: Delivery) => new TextEncoder().encode(canonicalJson(d));

const deliveryShape = z.object({ envelope: z.record(z.string(), z.unknown()), sealedAt: z.iso.datetime({ offset: false }) }).strict();

/** Parses a delivery's bytes; the envelope inside is checked by `parseEnvelope`. */
export function parseDelivery(
  bytes: Uint8Array,
): { ok: true; raw: Record<string, unknown>; sealedAt: string } | { ok: false; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, detail: "the signed content is not JSON in UTF-8" };
  }
  const r = deliveryShape.safeParse(json);
  if (!r.success) return { ok: false, detail: `the delivery ${issueText(r.error)}` };
  return { ok: true, raw: r.data.envelope, sealedAt: r.data.sealedAt };
}

/** Checks an envelope against the schema of its kind; the answer names the first field at fault. */
export function parseEnvelope(raw: unknown): { ok: true; envelope: Envelope } | { ok: false; detail: string } {
  const r = envelopeSchema.safeParse(raw);
  if (!r.success) return { ok: false, detail: `the envelope ${issueText(r.error)}` };
  return { ok: true, envelope: r.data as unknown as Envelope };
}

function issueText(err: z.ZodError): string {
  const i = err.issues[0];
  if (!i) return "is invalid";
  const path = i.path.length > 0 ? i.path.join(".") : "(root)";
  return `field ${path}: ${i.message}`;
}

/** The JSON Schema (draft 2020-12) of one kind's envelope, as published at /api/v1/exchange/schemas/:kind. */
export function jsonSchemaOf(kind: Kind): Record<string, unknown> {
  const schema = z.toJSONSchema(envelopeOf(kind), { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { $id: `urn:rogatory:exchange:v1:${kind}`, title: `Rogatory exchange envelope v1: ${kind}`, ...schema };
}
