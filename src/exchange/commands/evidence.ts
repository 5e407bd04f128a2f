/**
 * Hands evidence over to the requesting node: each document of the case chosen, and objects
 * described with their hash, is recorded as an evidence item here with the chain-of-custody entry
 * "handed over through the exchange" and sent with its SHA-256. The last handing-over of an
 * executed request marks the evidence returned.
 */
import { recordEvent } from "../../audit/trail.js";
import { blobOfBuffer } from "../../cases/documentContent.js";
import { DomainError, worded } from "../../errors.js";
import { HANDED_OVER } from "../apply/evidence.js";
import { inlineOf } from "../casefile.js";
import type { ExchangeContext } from "../context.js";
import type { EvidenceBody } from "../messages/index.js";
import { openOutgoingTransfer } from "../transfers.js";
import { type Sending, notNow, requireLink } from "./sender.js";

/** How much of an evidence message inline documents may take (base64): the rest travels in chunks. */
const INLINE_BUDGET_BYTES = 4 * 1024 * 1024;

export interface EvidenceInput {
  documents: { documentId: string; description: string }[];
  objects?: { description: string; sha256: string }[];
  permittedPurposes: string[];
  final: boolean;
}

export function sendEvidence(ctx: ExchangeContext, input: EvidenceInput, userId: string, label: string): Sending<"evidence"> {
  if (input.documents.length + (input.objects?.length ?? 0) === 0) throw notNow("Choose at least one document or object to hand over.");
  return {
    kind: "evidence",
    ...(input.final ? { transition: { action: "return_evidence", note: "Evidence handed over through the exchange." } } : {}),
    summary: `Evidence handed over through the exchange (${input.documents.length + (input.objects?.length ?? 0)} item(s)).`,
    check(row) {
      if (row.direction !== "incoming") throw notNow("Only the requested state hands evidence over.");
    },
    async build(trx, row) {
      const link = await requireLink(trx, row.id);
      const partner = await ctx.partners.byId(link.partner_id, trx);
      const today = ctx.clock.now().toISOString().slice(0, 10);
      const items: EvidenceBody["items"] = [];
      const record = async (description: string, documentId: string | null, sha256: string) => {
        const ev = await trx
          .insertInto("case_evidence")
          .values({
            case_id: row.id,
            description,
            document_id: documentId,
            sha256,
            permitted_purposes: input.permittedPurposes,
            created_at: ctx.clock.now(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("evidence_custody")
          .values({
            evidence_id: ev.id,
            action: "sent",
            holder: `${partner?.authority ?? link.requesting_jurisdiction} (${HANDED_OVER})`,
            on_date: today,
            sha256,
            recorded_by: userId,
            recorded_at: ctx.clock.now(),
          })
          .execute();
        await recordEvent(trx, ctx.clock, {
          actorId: userId,
          actorLabel: label,
          action: "case.custody",
          objectType: "case",
          objectId: row.id,
          summary: { evidenceId: ev.id, action: "sent", sha256, through: "exchange" },
          ip: null,
        });
      };
      // Documents travel inline while the message stays well under seal.ts's limit; larger ones, and
      // every document stored in chunks, travel as transfers pushed before the message (transfers.ts).
      let inlineBudget = INLINE_BUDGET_BYTES;
      for (const d of input.documents) {
        const meta = await trx
          .selectFrom("case_document")
          .select(["filename", "content_type", "size", "sha256", "blob_id"])
          .where("case_id", "=", row.id)
          .where("id", "=", d.documentId)
          .executeTakeFirst();
        if (!meta)
          throw worded(new DomainError(404, "not_found", `No document ${d.documentId} in this case.`, "documentIds"), "noDocument", {
            id: d.documentId,
          });
        const encoded = Math.ceil(meta.size / 3) * 4;
        if (!meta.blob_id && encoded <= inlineBudget) {
          inlineBudget -= encoded;
          const doc = await inlineOf(trx, row.id, d.documentId);
          await record(d.description, d.documentId, doc.sha256);
          items.push({
            description: d.description,
            document: doc,
            sha256: doc.sha256,
            permittedPurposes: input.permittedPurposes,
            handedOverOn: today,
          });
          continue;
        }
        let blobId = meta.blob_id;
        if (!blobId) {
          // Inline but too large for the message: cut into chunks for the journey (its hash checked first).
          const doc = await inlineOf(trx, row.id, d.documentId);
          blobId = (await blobOfBuffer(trx, ctx.clock.now(), Buffer.from(doc.contentBase64, "base64"))).blobId;
        }
        const transfer = await openOutgoingTransfer(trx, ctx, {
          caseId: row.id,
          partnerId: link.partner_id,
          blobId,
          filename: meta.filename,
          contentType: meta.content_type,
          size: meta.size,
          sha256: meta.sha256,
        });
        await record(d.description, d.documentId, meta.sha256);
        items.push({
          description: d.description,
          document: null,
          transfer,
          sha256: meta.sha256,
          permittedPurposes: input.permittedPurposes,
          handedOverOn: today,
        });
      }
      for (const o of input.objects ?? []) {
        await record(o.description, null, o.sha256.toLowerCase());
        items.push({
          description: o.description,
          document: null,
          sha256: o.sha256.toLowerCase(),
          permittedPurposes: input.permittedPurposes,
          handedOverOn: today,
        });
      }
      return { items, final: input.final };
    },
  };
}
