/**
 * Received `evidence`: each document is stored after its SHA-256 is checked, each item recorded with
 * the purposes its use is limited to and a chain-of-custody entry "handed over through the exchange".
 */
import { recordEvent } from "../../audit/trail.js";
import { DomainError } from "../../errors.js";
import { type Author, advance, correspond, lockCase, storeDocument, touch } from "../casefile.js";
import { type TransferManifest, takeTransfer } from "../transfers.js";
import type { Applier } from "./types.js";

/** How the chain of custody names the handing-over (its action is "sent" on one side, "received" on the other). */
export const HANDED_OVER = "handed over through the exchange";

export const applyEvidence: Applier<"evidence"> = async ({ trx, ctx, envelope: e, link, author, partner }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  const now = ctx.clock.now();
  for (const item of e.body.items) {
    if (item.document && item.sha256 && item.sha256.toLowerCase() !== item.document.sha256.toLowerCase())
      throw new DomainError(422, "not_applicable", `evidence "${item.description}": its hash differs from its document's`);
    if (item.transfer && (item.document || item.sha256?.toLowerCase() !== item.transfer.sha256.toLowerCase()))
      throw new DomainError(422, "not_applicable", `evidence "${item.description}": a document in chunks comes alone, with its own hash`);
    const documentId = item.document
      ? await storeDocument(trx, ctx, caseId, "evidence", item.document, author)
      : item.transfer
        ? await storeTransferred(trx, ctx, caseId, e.id, item.transfer, partner, author)
        : null;
    const sha256 = (item.document?.sha256 ?? item.sha256)?.toLowerCase() ?? null;
    const ev = await trx
      .insertInto("case_evidence")
      .values({
        case_id: caseId,
        description: item.description,
        document_id: documentId,
        sha256,
        permitted_purposes: item.permittedPurposes,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("evidence_custody")
      .values({
        evidence_id: ev.id,
        action: "received",
        holder: `${ctx.node.authority} (${HANDED_OVER})`,
        on_date: item.handedOverOn,
        sha256,
        recorded_by: author.userId,
        recorded_at: now,
      })
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: author.userId,
      actorLabel: author.label,
      action: "case.evidence_add",
      objectType: "case",
      objectId: caseId,
      summary: { evidenceId: ev.id, sha256, from: partner.jurisdiction, through: "exchange" },
      ip: null,
    });
  }
  const moved = e.body.final && (await advance(trx, ctx, row, "evidence_received", author, "Evidence received through the exchange."));
  if (!moved) await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", `Evidence received: ${e.body.items.length} item(s)${e.body.final ? ", the last" : ""}.`, author);
  return caseId;
};

/**
 * A document that travelled in chunks becomes the case's document once its transfer is verified here
 * (whole-file SHA-256 and each chunk's, as the message announces): its chunks are the document's
 * content, nothing is copied.
 */
async function storeTransferred(
  trx: Parameters<Applier<"evidence">>[0]["trx"],
  ctx: Parameters<Applier<"evidence">>[0]["ctx"],
  caseId: string,
  messageId: string,
  m: TransferManifest,
  partner: Parameters<Applier<"evidence">>[0]["partner"],
  author: Author,
): Promise<string> {
  const { blobId } = await takeTransfer(trx, partner, m, caseId, messageId, ctx.clock.now());
  const row = await trx
    .insertInto("case_document")
    .values({
      case_id: caseId,
      kind: "evidence",
      filename: m.filename.replace(/[/\\]/g, "_"),
      content_type: m.contentType,
      size: m.size,
      sha256: m.sha256.toLowerCase(),
      content: Buffer.alloc(0),
      blob_id: blobId,
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
    summary: {
      documentId: row.id,
      kind: "evidence",
      size: m.size,
      sha256: m.sha256.toLowerCase(),
      chunks: m.chunks.length,
      through: "exchange",
    },
    ip: null,
  });
  return row.id;
}
