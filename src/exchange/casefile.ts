/**
 * The case-side writes the exchange makes inside its own transactions: move a case along its
 * workflow where the machine allows it, record correspondence, store a document with its hash. They
 * follow the register's rules (version bump, timeline row, deadlines, audit event in the same
 * transaction) — see cases/casework.ts — for changes whose author is a partner node.
 */
import type { Transaction } from "kysely";
import { recordEvent } from "../audit/trail.js";
import { refreshDeadlines } from "../cases/deadlines.js";
import { recordCaseChange } from "../cases/timeline.js";
import { sha256Hex } from "../cases/evidence.js";
import { bump, staleVersion } from "../cases/version.js";
import { type CaseState, TRANSITIONS } from "../cases/workflow.js";
import type { Database } from "../db/schema.js";
import { DomainError, worded } from "../errors.js";
import type { ExchangeContext } from "./context.js";

export type CaseRow = { id: string; version: number; state: string; direction: "incoming" | "outgoing"; reference: string };

/** Reads a case for update (its row stays locked until the transaction ends). */
export async function lockCase(trx: Transaction<Database>, caseId: string): Promise<CaseRow> {
  return trx
    .selectFrom("case_file")
    .select(["id", "version", "state", "direction", "reference"])
    .where("id", "=", caseId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Who made a change the exchange writes: the exchange's account, named for the partner. */
export interface Author {
  userId: string;
  label: string;
}

/**
 * Moves the case by a workflow action when its machine allows it from the current state; otherwise
 * leaves the state (a message is a fact that is recorded even when the local workflow has moved on).
 * Returns whether it moved. Bumps the version either way when `bumpAnyway`.
 */
export async function advance(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  row: CaseRow,
  action: string,
  author: Author,
  note: string | null,
): Promise<boolean> {
  const def = TRANSITIONS.find((t) => t.direction === row.direction && t.action === action);
  if (!def?.from.includes(row.state as CaseState)) return false;
  const version = await bump(trx, ctx, row, row.version, { state: def.to });
  await recordCaseChange(trx, ctx.clock, {
    row,
    version,
    timeline: action,
    to: def.to,
    note,
    audit: `case.${action}`,
    summary: { state: { before: row.state, after: def.to }, version, through: "exchange" },
    actor: author,
    ip: null,
  });
  await refreshDeadlines(trx, row.id);
  row.state = def.to;
  row.version = version;
  return true;
}

/** Bumps the case's version for a change that is not a transition. */
export async function touch(trx: Transaction<Database>, ctx: ExchangeContext, row: CaseRow): Promise<void> {
  row.version = await bump(trx, ctx, row, row.version);
}

/**
 * Bumps the case's version `n` times in one statement, for `n` changes that are not transitions
 * applied together (a run of received messages): the version and time it leaves are those of `n`
 * touches one after another.
 */
export async function touchTimes(trx: Transaction<Database>, ctx: ExchangeContext, row: CaseRow, n: number): Promise<void> {
  const r = await trx
    .updateTable("case_file")
    .set({ version: row.version + n, updated_at: ctx.clock.now() })
    .where("id", "=", row.id)
    .where("version", "=", row.version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw staleVersion(row.version, -1);
  row.version += n;
}

/** Records a message in or out of the case's correspondence (channel "exchange"). */
export async function correspond(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  caseId: string,
  direction: "in" | "out",
  summary: string,
  author: Author,
): Promise<void> {
  await correspondAll(trx, ctx, caseId, direction, [summary], author);
}

/** Records several messages in or out of the case's correspondence, in order, in one statement. */
export async function correspondAll(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  caseId: string,
  direction: "in" | "out",
  summaries: string[],
  author: Author,
): Promise<void> {
  if (summaries.length === 0) return;
  const now = ctx.clock.now();
  await trx
    .insertInto("case_correspondence")
    .values(
      summaries.map((summary) => ({
        case_id: caseId,
        direction,
        channel: "exchange",
        on_date: now.toISOString().slice(0, 10),
        summary: summary.slice(0, 20_000),
        recorded_by: author.userId,
        recorded_at: now,
      })),
    )
    .execute();
}

/** A document as messages carry it. */
export interface InlineDocument {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  contentBase64: string;
}

/** Decodes an inline document and checks its size and SHA-256; a mismatch refuses the whole message. */
export function decodeDocument(d: InlineDocument): Buffer {
  const content = Buffer.from(d.contentBase64, "base64");
  if (content.length !== d.size)
    throw new DomainError(422, "not_applicable", `document ${d.filename}: ${content.length} bytes received, ${d.size} announced`);
  if (sha256Hex(content) !== d.sha256.toLowerCase())
    throw new DomainError(422, "not_applicable", `document ${d.filename}: its SHA-256 is not the one announced`);
  return content;
}

/** Stores a received document on the case, hash checked; returns its id. */
export async function storeDocument(
  trx: Transaction<Database>,
  ctx: ExchangeContext,
  caseId: string,
  kind: string,
  d: InlineDocument,
  author: Author,
): Promise<string> {
  const content = decodeDocument(d);
  const row = await trx
    .insertInto("case_document")
    .values({
      case_id: caseId,
      kind,
      filename: d.filename.replace(/[/\\]/g, "_"),
      content_type: d.contentType,
      size: content.length,
      sha256: d.sha256.toLowerCase(),
      content,
      added_by: author.userId,
      added_at: ctx.clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordEvent(trx, ctx.clock, {
    actorId: author.userId,
    actorLabel: author.label,
    action: "case.document_add",
    objectType: "case",
    objectId: caseId,
    summary: { documentId: row.id, kind, size: content.length, sha256: d.sha256.toLowerCase(), through: "exchange" },
    ip: null,
  });
  return row.id;
}

/** A document of the case in the form messages carry it. */
export async function inlineOf(trx: Transaction<Database>, caseId: string, documentId: string): Promise<InlineDocument> {
  const d = await trx
    .selectFrom("case_document")
    .select(["filename", "content_type", "size", "sha256", "content"])
    .where("case_id", "=", caseId)
    .where("id", "=", documentId)
    .executeTakeFirst();
  if (!d)
    throw worded(new DomainError(404, "not_found", `No document ${documentId} in this case.`, "documentIds"), "noDocument", {
      id: documentId,
    });
  const content = Buffer.from(d.content);
  if (sha256Hex(content) !== d.sha256)
    throw worded(
      new DomainError(409, "document_corrupt", `Document ${d.filename} no longer matches its SHA-256; it cannot be sent.`, "documentIds"),
      "documentCorrupt",
      { filename: d.filename },
    );
  return { filename: d.filename, contentType: d.content_type, size: d.size, sha256: d.sha256, contentBase64: content.toString("base64") };
}
