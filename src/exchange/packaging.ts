/**
 * Signed packages of a case (issue 13 §3, "without a partner node"): exporting writes the case's
 * latest outgoing message as a package (packages.ts) to hand over by e-mail or diplomatic bag;
 * importing verifies a package against the partner's key and applies its envelope through the same
 * receiving path as a message arriving over the network (inbox.ts's receiveEnvelope), so it is
 * applied once by its id, in its sequence, and a refusal is quarantined with its reason.
 *
 * What is exported: a case never sent is sent now — its `request` is built and queued exactly as
 * "Send" would (commands/request.ts), in the same transaction as the "send" transition, but marked as
 * carried by package so the sender worker does not also try the network. A case already carried
 * through the exchange exports its latest outgoing message again, unchanged (same id, same hash), so
 * whichever of the package and a network delivery arrives first is applied and the other is a repeat.
 *
 * Documents travel as files of the zip, readable without a node: the envelope in the package has
 * each document's `contentBase64` emptied, and the importer puts the bytes of the file with the same
 * SHA-256 back before handing it on, so the receiver hashes exactly the envelope the sender chained.
 */
import { createHash } from "node:crypto";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent } from "../audit/trail.js";
import { transition } from "../cases/casework.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../cases/presenter.js";
import { mlaCaseFor } from "../cases/access.js";
import { bump, lastChangeOf, staleVersion } from "../cases/version.js";
import { forbidden } from "../errors.js";
import { type Actor, allow } from "../policies/policy.js";
import { type Author, type InlineDocument, correspond } from "./casefile.js";
import { type SendRequestInput, sendRequest } from "./commands/request.js";
import { notNow } from "./commands/sender.js";
import type { ExchangeContext, RefusalReason } from "./context.js";
import { canonicalJson } from "./envelope.js";
import { receiveEnvelope } from "./inbox.js";
import type { Keyring } from "./keyring.js";
import { enqueue } from "./outbox.js";
import { ensureReceipts } from "./receipts.js";
import { ENVELOPE_FILE, type PackageFile, readPackage, writePackage } from "./packages.js";
import type { PartnerDirectory } from "./partners.js";

/** What exporting and importing packages need: the message context and this node's keys and partners. */
export interface PackagingContext {
  exchange: ExchangeContext;
  keyring: Keyring;
  directory: PartnerDirectory;
}

/** Said in the thread (as the message's last error) of a message that travels by package only. */
export const CARRIED_BY_PACKAGE = "carried by signed package: not delivered over the network";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export interface ExportedPackage {
  bytes: Uint8Array;
  /** A file name for the download: the case's reference and the message's kind, any script. */
  filename: string;
  sha256: string;
  message: { id: string; kind: string; seq: number };
  to: { jurisdiction: string; authority: string };
  case: CaseDetail | CaseReceipt;
}

/** Names the documents of an envelope's body as unique plain file names for the zip. */
function packageFiles(documents: InlineDocument[]): { files: PackageFile[]; stripped: InlineDocument[] } {
  const used = new Set<string>([ENVELOPE_FILE]);
  const files: PackageFile[] = [];
  for (const d of documents) {
    // Stored names may hold anything people typed; the zip needs plain names, unique in the package.
    const base =
      d.filename
        .replace(/[/\\\p{Cc}]/gu, "_")
        .replace(/^\.+/, "_")
        .slice(0, 180) || "document";
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${n} - ${base}`;
    used.add(name);
    files.push({ name, contentType: d.contentType, bytes: Buffer.from(d.contentBase64, "base64") });
  }
  return { files, stripped: documents.map((d) => ({ ...d, contentBase64: "" })) };
}

/** The documents a message's body carries inline (a request's, a reply's, evidence's). */
function documentsOf(body: unknown): InlineDocument[] {
  const docs = (body as { documents?: unknown })?.documents;
  return Array.isArray(docs) ? (docs.filter((d) => typeof d === "object" && d !== null && "contentBase64" in d) as InlineDocument[]) : [];
}

/** Builds the package of one stored outgoing envelope (canonical JSON text). */
async function packageOf(p: PackagingContext, envelopeText: string) {
  const envelope = JSON.parse(envelopeText) as { kind: string; to: { jurisdiction: string }; body: Record<string, unknown> };
  const docs = documentsOf(envelope.body);
  const { files, stripped } = packageFiles(docs);
  const carried = docs.length > 0 ? { ...envelope, body: { ...envelope.body, documents: stripped } } : envelope;
  const { bytes } = await writePackage(p.keyring, { to: envelope.to, envelope: carried, files });
  return { bytes, sha256: sha256(bytes) };
}

/**
 * Exports the case as a signed package: sends it first when it was never sent (the "send" transition
 * and its queued `request`, marked as carried by package), otherwise takes its latest outgoing
 * message. The export is recorded on the case's correspondence and audit trail and, like a send,
 * takes the case's version.
 *
 * The package is signed between two transactions, never inside one: the keyring reads the database,
 * and embedded PGlite has a single connection that an open transaction holds.
 */
export async function exportPackage(
  p: PackagingContext,
  actor: Actor,
  caseId: string,
  version: number,
  client: ClientInfo,
  input: SendRequestInput = {},
): Promise<ExportedPackage> {
  const ctx = p.exchange;
  if (!allow(actor, "exchange:send")) throw forbidden();
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const author: Author = { userId: actor.userId, label: actor.label };

  const link = await ctx.db.selectFrom("exchange_link").select("case_id").where("case_id", "=", caseId).executeTakeFirst();
  let sent: string | null = null;
  if (!link) {
    // Never sent: the same request "Send" builds, in the same transaction as the transition, which takes the version.
    const s = sendRequest(ctx, input);
    s.check?.(row);
    await transition(
      ctx,
      actor,
      caseId,
      { action: "send", note: "Sent as a signed package (to hand over by e-mail or diplomatic bag).", version },
      client,
      async (trx, after) => {
        const body = await s.build(trx, row, after);
        const queued = await enqueue(trx, ctx, caseId, "request", body, author);
        // The package carries it; the worker leaves it (no due time), the thread says why.
        await trx
          .updateTable("exchange_message")
          .set({ next_attempt_at: null, last_error: CARRIED_BY_PACKAGE })
          .where("id", "=", queued.id)
          .execute();
        sent = queued.id;
      },
    );
    if (sent) await ensureReceipts(ctx, sent);
  } else if (version !== row.version) {
    // Checked again when the export is recorded; refusing now spares signing a package for nothing.
    throw staleVersion(version, row.version, await lastChangeOf(ctx.db, row.id));
  }

  const last = await ctx.db
    .selectFrom("exchange_message")
    .select(["id", "kind", "seq", "hash", "envelope"])
    .where("case_id", "=", caseId)
    .where("direction", "=", "out")
    .orderBy("seq", "desc")
    .executeTakeFirst();
  if (!last) throw notNow("This case has no outgoing message to export yet: send one first.");
  const to = (JSON.parse(last.envelope) as { to: { jurisdiction: string } }).to.jurisdiction;
  const partner = await ctx.partners.byJurisdiction(to);
  const pkg = await packageOf(p, last.envelope);

  await ctx.db.transaction().execute(async (trx) => {
    // A re-export takes the version like a send; the first export's send took it already.
    if (!sent) await bump(trx, ctx, row, version);
    await correspond(
      trx,
      ctx,
      caseId,
      "out",
      `The ${last.kind.replace(/_/g, " ")} (message ${last.seq}) was exported as a signed package for ${partner?.authority ?? to}, to hand over by e-mail or diplomatic bag (package SHA-256 ${pkg.sha256}).`,
      author,
    );
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.exchange_package",
      objectType: "case",
      objectId: caseId,
      summary: { messageId: last.id, kind: last.kind, seq: last.seq, hash: last.hash, to, sha256: pkg.sha256 },
      ip: client.ip,
    });
  });
  return {
    bytes: pkg.bytes,
    sha256: pkg.sha256,
    filename: `${row.reference} — ${last.kind.replace(/_/g, " ")} ${last.seq} for ${to}.zip`,
    message: { id: last.id, kind: last.kind, seq: last.seq },
    to: { jurisdiction: to, authority: partner?.authority ?? to },
    case: await writeResult(ctx, actor, caseId, client),
  };
}

/** What importing a package came to. */
export type ImportOutcome =
  /** Applied now: a received request became an incoming case awaiting registration, or the case changed. */
  | "applied"
  /** Stored, waiting for earlier messages of the case (they come by another package or the network). */
  | "held"
  /** This message was received before (by package or network): nothing applied again. */
  | "already_received"
  /** Refused: quarantined with its reason; nothing reached a case. */
  | "refused";

export interface ImportResult {
  outcome: ImportOutcome;
  reason?: RefusalReason;
  detail?: string;
  /** The partner that signed it, when the signature was verified. */
  partner?: { id: string; jurisdiction: string; authority: string };
  message?: { id: string; kind: string; seq: number };
  /** The local case it applied to (absent when refused or held before its case exists). */
  caseId?: string | null;
  /** That case's reference on this node. */
  caseReference?: string | null;
  /** The package file's SHA-256. */
  sha256: string;
}

/** Keeps a package refused before its envelope reached the receiving path, for the administrator. */
async function quarantine(
  ctx: ExchangeContext,
  r: { reason: RefusalReason; detail: string; partnerId: string | null; size: number; content: string; ip: string | null },
) {
  await ctx.db
    .insertInto("exchange_quarantine")
    .values({
      received_at: ctx.clock.now(),
      partner_id: r.partnerId,
      message_id: null,
      reason: r.reason,
      detail: r.detail.slice(0, 2000),
      size: r.size,
      content: r.content.slice(0, 64 * 1024),
      ip: r.ip,
    })
    .execute();
}

/**
 * Imports a package: verifies it (packages.ts: the JWS of a trusted partner's key valid now, every
 * file's SHA-256, addressed to this node), puts its documents back into the envelope, and applies it
 * through receiveEnvelope exactly like a message received over the network. Nothing reaches a case
 * when any check fails; the refusal is quarantined with its reason.
 */
export async function importPackage(p: PackagingContext, actor: Actor, bytes: Uint8Array, client: ClientInfo): Promise<ImportResult> {
  const ctx = p.exchange;
  if (!allow(actor, "exchange:send")) throw forbidden();
  const digest = sha256(bytes);
  const note = `signed package of ${bytes.byteLength} bytes, SHA-256 ${digest}`;
  const read = await readPackage(p.keyring, p.directory, bytes, ctx.clock.now());
  if (!read.ok) {
    await quarantine(ctx, {
      reason: read.reason,
      detail: read.detail,
      partnerId: read.partner?.id ?? null,
      size: bytes.byteLength,
      content: note,
      ip: client.ip,
    });
    return {
      outcome: "refused",
      reason: read.reason,
      detail: read.detail,
      sha256: digest,
      ...(read.partner ? { partner: who(read.partner) } : {}),
    };
  }
  const partner = read.partner;
  const carried = read.envelope as { id?: unknown; kind?: unknown; seq?: unknown; body?: Record<string, unknown> };
  const content = `${note}\n${canonicalJson(carried)}`;
  // Each document's bytes back in the envelope, by SHA-256 (the manifest vouched for the files).
  const byDigest = new Map(read.files.map((f) => [sha256(f.bytes), f]));
  let envelope: unknown = carried;
  const docs = documentsOf(carried?.body);
  if (docs.length > 0) {
    const restored: InlineDocument[] = [];
    for (const d of docs) {
      const file = byDigest.get(String(d.sha256).toLowerCase());
      // Every document is a file of the zip, so what a person reads there is what is applied.
      if (!file || d.contentBase64 !== "") {
        const detail = file
          ? `the envelope carries the document ${d.filename} inline; in a package documents travel as files`
          : `the envelope names the document ${d.filename} (SHA-256 ${d.sha256}) that the package does not hold`;
        await quarantine(ctx, { reason: "malformed", detail, partnerId: partner.id, size: bytes.byteLength, content, ip: client.ip });
        return { outcome: "refused", reason: "malformed", detail, partner: who(partner), sha256: digest };
      }
      restored.push({ ...d, contentBase64: Buffer.from(file.bytes).toString("base64") });
    }
    envelope = { ...carried, body: { ...carried.body, documents: restored } };
  }
  const id = typeof carried?.id === "string" ? carried.id : null;
  const before = id
    ? await ctx.db.selectFrom("exchange_message").select(["status"]).where("id", "=", id).where("direction", "=", "in").executeTakeFirst()
    : undefined;
  const answer = await receiveEnvelope(ctx, partner, envelope, { jws: read.jws, content, ip: client.ip });
  const row = id
    ? await ctx.db
        .selectFrom("exchange_message")
        .select(["id", "kind", "seq", "status", "case_id", "reason"])
        .where("id", "=", id)
        .where("direction", "=", "in")
        .executeTakeFirst()
    : undefined;
  const message = row ? { id: row.id, kind: row.kind, seq: row.seq } : undefined;
  const local = row?.case_id
    ? await ctx.db.selectFrom("case_file").select("reference").where("id", "=", row.case_id).executeTakeFirst()
    : undefined;
  const base = {
    partner: who(partner),
    sha256: digest,
    ...(message ? { message } : {}),
    caseId: row?.case_id ?? null,
    caseReference: local?.reference ?? null,
  };
  if (answer.reason) return { ...base, outcome: "refused", reason: answer.reason, detail: answer.detail };
  // A repeat (applied before, or still held as before) changes nothing.
  if (before && (before.status !== "held" || row?.status === "held")) return { ...base, outcome: "already_received" };
  const outcome: ImportOutcome = row?.status === "held" ? "held" : "applied";
  // Who brought the package in, beside the partner's change the receiving path recorded.
  if (row?.case_id && outcome === "applied")
    await ctx.db.transaction().execute((trx) =>
      recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.exchange_package_import",
        objectType: "case",
        objectId: row.case_id,
        summary: { messageId: row.id, kind: row.kind, seq: row.seq, from: partner.jurisdiction, sha256: digest },
        ip: client.ip,
      }),
    );
  return { ...base, outcome };
}

const who = (t: { id: string; jurisdiction: string; authority: string }) => ({
  id: t.id,
  jurisdiction: t.jurisdiction,
  authority: t.authority,
});
