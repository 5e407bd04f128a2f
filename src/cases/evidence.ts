/**
 * Documents (the request, translations, orders, replies) with their SHA-256, and evidence items with
 * their chain of custody and the conditions on their use: using evidence for a purpose beyond those
 * permitted needs a recorded consent of the state that supplied it (the limitation on use of the
 * legal basis).
 */
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError, invalid, notADate, notFound, worded } from "../errors.js";
import type { Actor } from "../policies/policy.js";
import { RuleError, bump } from "./casework.js";
import { type CaseDetail, type CaseReceipt, readCase, writeResult } from "./presenter.js";
import { type CaseRow, type CasesContext, basisOf, caseFor, mlaCaseFor } from "./access.js";

export const DOCUMENT_KINDS = ["request", "translation", "order", "reply", "evidence", "notice", "other"] as const;
/** The largest document accepted (the route's body limit allows for base64). */
export const MAX_DOCUMENT_BYTES = 15 * 1024 * 1024;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f-]{36}$/i;

export const sha256Hex = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

export interface DocumentView {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  addedAt: string;
}

/** Checks a document's kind, file name and MIME type (either upload route); answers the file name as stored. */
export function checkedDocumentMeta(input: { kind: string; filename: string; contentType: string }): string {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind))
    throw invalid("kind", `Kind must be one of ${DOCUMENT_KINDS.join(", ")}.`);
  const filename = input.filename.trim().replace(/[/\\]/g, "_");
  if (filename.length < 1 || filename.length > 200) throw invalid("filename", "Give a file name of 1 to 200 characters.");
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(input.contentType)) throw invalid("contentType", "Give a MIME type such as application/pdf.");
  return filename;
}

/**
 * Records a document on its case in the caller's transaction: the row (content inline, or empty with
 * the chunks' blob), the case's version bumped and the audit event. Both upload routes end here.
 */
export async function storeDocument(
  trx: Transaction<Database>,
  ctx: CasesContext,
  actor: Actor,
  row: CaseRow,
  input: { version: number; kind: string; contentType: string },
  stored: { filename: string; size: number; sha256: string; content: Buffer; blobId?: string; chunks?: number },
  client: ClientInfo,
): Promise<DocumentView & { caseVersion: number }> {
  const d = await trx
    .insertInto("case_document")
    .values({
      case_id: row.id,
      kind: input.kind,
      filename: stored.filename,
      content_type: input.contentType,
      size: stored.size,
      sha256: stored.sha256,
      content: stored.content,
      ...(stored.blobId ? { blob_id: stored.blobId } : {}),
      added_by: actor.userId,
      added_at: ctx.clock.now(),
    })
    .returning(["id", "added_at"])
    .executeTakeFirstOrThrow();
  const caseVersion = await bump(trx, ctx, row, input.version);
  await recordEvent(trx, ctx.clock, {
    actorId: actor.userId,
    actorLabel: actor.label,
    action: "case.document_add",
    objectType: "case",
    objectId: row.id,
    summary: {
      documentId: d.id,
      kind: input.kind,
      size: stored.size,
      sha256: stored.sha256,
      ...(stored.chunks !== undefined ? { chunks: stored.chunks } : {}),
    },
    ip: client.ip,
  });
  return {
    id: d.id,
    kind: input.kind,
    filename: stored.filename,
    contentType: input.contentType,
    size: stored.size,
    sha256: stored.sha256,
    addedAt: new Date(d.added_at).toISOString(),
    caseVersion,
  };
}

/** Stores a document with its hash; content arrives base64-encoded. */
export async function addDocument(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: { version: number; kind: string; filename: string; contentType: string; contentBase64: string },
  client: ClientInfo,
): Promise<DocumentView & { caseVersion: number }> {
  const row = await caseFor(ctx, actor, caseId, "case:update");
  const filename = checkedDocumentMeta(input);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64)) throw invalid("contentBase64", "The content must be base64.");
  const content = Buffer.from(input.contentBase64, "base64");
  if (content.length === 0) throw invalid("contentBase64", "The document is empty.");
  if (content.length > MAX_DOCUMENT_BYTES)
    throw worded(
      new DomainError(413, "document_too_large", `Documents are limited to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`, "contentBase64"),
      "documentTooLarge",
      { mb: MAX_DOCUMENT_BYTES / 1024 / 1024 },
    );
  const stored = { filename, size: content.length, sha256: sha256Hex(content), content };
  return ctx.db.transaction().execute((trx) => storeDocument(trx, ctx, actor, row, input, stored, client));
}

/** Lists a case's documents (without content). */
export async function listDocuments(ctx: CasesContext, actor: Actor, caseId: string, client: ClientInfo): Promise<DocumentView[]> {
  await readCase(ctx, actor, caseId, client);
  const rows = await ctx.db
    .selectFrom("case_document")
    .select(["id", "kind", "filename", "content_type", "size", "sha256", "added_at"])
    .where("case_id", "=", caseId)
    .orderBy("added_at")
    .execute();
  return rows.map((d) => ({
    id: d.id,
    kind: d.kind,
    filename: d.filename,
    contentType: d.content_type,
    size: d.size,
    sha256: d.sha256,
    addedAt: new Date(d.added_at).toISOString(),
  }));
}

/** Reads a document; its hash is checked, and a mismatch is an error rather than silently served. */
export async function readDocument(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  documentId: string,
): Promise<{ filename: string; contentType: string; content: Buffer; sha256: string }> {
  await caseFor(ctx, actor, caseId, "case:read");
  const d = UUID.test(documentId)
    ? await ctx.db.selectFrom("case_document").selectAll().where("id", "=", documentId).where("case_id", "=", caseId).executeTakeFirst()
    : undefined;
  if (!d) throw notFound("documentId", "No such document in this case.");
  const content = Buffer.from(d.content);
  if (sha256Hex(content) !== d.sha256)
    throw new DomainError(
      409,
      "document_integrity",
      "The stored document no longer matches its recorded SHA-256; it was altered.",
      "documentId",
    );
  return { filename: d.filename, contentType: d.content_type, content, sha256: d.sha256 };
}

/** Records an evidence item with the purposes its use is limited to. */
export async function addEvidence(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: {
    version: number;
    description: string;
    documentId?: string | null;
    permittedPurposes: string[];
    holder: string;
    receivedOn: string;
  },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (input.description.trim().length < 3) throw invalid("description", "Describe the evidence item.");
  if (input.permittedPurposes.length === 0 || input.permittedPurposes.some((p) => p.trim().length < 3))
    throw invalid("permittedPurposes", "State the purposes the evidence may be used for (the conditions attached to it).");
  if (!ISO_DATE.test(input.receivedOn)) throw notADate("receivedOn", input.receivedOn);
  let sha: string | null = null;
  if (input.documentId) {
    const d = UUID.test(input.documentId)
      ? await ctx.db
          .selectFrom("case_document")
          .select(["sha256"])
          .where("id", "=", input.documentId)
          .where("case_id", "=", caseId)
          .executeTakeFirst()
      : undefined;
    if (!d) throw invalid("documentId", "No such document in this case.");
    sha = d.sha256;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const e = await trx
      .insertInto("case_evidence")
      .values({
        case_id: row.id,
        description: input.description.trim(),
        document_id: input.documentId ?? null,
        sha256: sha,
        permitted_purposes: input.permittedPurposes.map((p) => p.trim()),
        created_at: ctx.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("evidence_custody")
      .values({
        evidence_id: e.id,
        action: "received",
        holder: input.holder.trim(),
        on_date: input.receivedOn,
        sha256: sha,
        recorded_by: actor.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await bump(trx, ctx, row, input.version);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.evidence_add",
      objectType: "case",
      objectId: row.id,
      summary: { evidenceId: e.id, sha256: sha, purposes: input.permittedPurposes.length },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

async function evidenceOf(ctx: CasesContext, caseId: string, evidenceId: string) {
  const e = UUID.test(evidenceId)
    ? await ctx.db.selectFrom("case_evidence").selectAll().where("id", "=", evidenceId).where("case_id", "=", caseId).executeTakeFirst()
    : undefined;
  if (!e) throw notFound("evidenceId", "No such evidence item in this case.");
  return e;
}

/** Adds a link to the chain of custody: who holds the item from when, and the hash seen. */
export async function recordCustody(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  input: { version: number; action: string; holder: string; onDate: string; sha256?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const e = await evidenceOf(ctx, caseId, evidenceId);
  if (!["held", "transferred", "sent", "returned"].includes(input.action))
    throw invalid("action", "Action must be held, transferred, sent or returned.");
  if (input.holder.trim().length < 2) throw invalid("holder", "Name who holds the item.");
  if (!ISO_DATE.test(input.onDate)) throw notADate("onDate", input.onDate);
  if (input.sha256 && e.sha256 && input.sha256 !== e.sha256)
    throw new RuleError(
      "evidence_hash_mismatch",
      "The hash given does not match the evidence item's recorded SHA-256: the item may have been altered.",
      "sha256",
    );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("evidence_custody")
      .values({
        evidence_id: e.id,
        action: input.action,
        holder: input.holder.trim(),
        on_date: input.onDate,
        sha256: input.sha256 ?? null,
        recorded_by: actor.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await bump(trx, ctx, row, input.version);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.custody",
      objectType: "case",
      objectId: row.id,
      summary: { evidenceId: e.id, action: input.action, onDate: input.onDate },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/**
 * Records a use of the evidence. A purpose outside those permitted needs the consent of the state that
 * supplied it (date and authority); without it the use is refused, citing the basis's limitation on use.
 */
export async function recordUse(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  evidenceId: string,
  input: { version: number; purpose: string; consentOn?: string | null; consentBy?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const e = await evidenceOf(ctx, caseId, evidenceId);
  const purpose = input.purpose.trim();
  if (purpose.length < 3) throw invalid("purpose", "State the purpose of the use.");
  const permitted = e.permitted_purposes.some((p) => p.toLowerCase() === purpose.toLowerCase());
  if (!permitted) {
    if (!input.consentOn || !input.consentBy?.trim()) {
      const rule = basisOf(row)?.duties.find((d) => d.kind === "limitation_on_use");
      throw new RuleError(
        "use_consent_required",
        `"${purpose}" is not among the purposes this evidence was given for (${e.permitted_purposes.join("; ")}); record the supplying state's consent first${rule ? ` (${rule.cite})` : ""}.`,
        "consentOn",
        rule?.provision,
        rule?.cite,
        {
          key: rule ? "errors:domain.useConsentRequiredCite" : "errors:domain.useConsentRequired",
          params: { purpose, purposes: e.permitted_purposes.join("; "), ...(rule ? { cite: rule.cite } : {}) },
        },
      );
    }
    if (!ISO_DATE.test(input.consentOn)) throw notADate("consentOn", input.consentOn);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto("evidence_use")
      .values({
        evidence_id: e.id,
        purpose,
        consent_on: permitted ? null : (input.consentOn ?? null),
        consent_by: permitted ? null : (input.consentBy?.trim() ?? null),
        recorded_by: actor.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await bump(trx, ctx, row, input.version);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.evidence_use",
      objectType: "case",
      objectId: row.id,
      summary: { evidenceId: e.id, withinConditions: permitted, consent: permitted ? null : input.consentOn },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}
