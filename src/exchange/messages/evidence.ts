/**
 * `evidence`: documents and the records of objects handed over, each with its SHA-256; the receiver
 * adds the chain-of-custody entry "handed over through the exchange".
 */
import { z } from "zod";
import { inlineDocument, isoDate, sha256Hex, text } from "./common.js";

export const evidenceBody = z.object({
  items: z
    .array(
      z.object({
        description: text({ min: 3, max: 2000 }),
        document: inlineDocument
          .nullable()
          .describe("The document itself; null for an object, described and hashed, or a document sent in chunks (transfer)"),
        transfer: z
          .object({
            id: z.string().uuid().describe("The transfer's id, named by each of its chunks"),
            filename: text({ min: 1, max: 300 }),
            contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type such as application/pdf"),
            size: z
              .number()
              .int()
              .min(1)
              .max(1024 * 1024 * 1024),
            sha256: sha256Hex().describe("The whole file's SHA-256, checked before the document reaches the case"),
            chunkSize: z
              .number()
              .int()
              .min(1)
              .max(8 * 1024 * 1024),
            chunks: z.array(sha256Hex()).min(1).max(1024).describe("The SHA-256 of each chunk, in order"),
          })
          .optional()
          .describe("A large document (up to 1 GB) travelling in sealed chunks before this message (see Large evidence)"),
        sha256: sha256Hex().nullable(),
        permittedPurposes: z.array(text({ min: 1, max: 300 })).max(20),
        handedOverOn: isoDate(),
      }),
    )
    .min(1)
    .max(50),
  final: z.boolean().describe("All the evidence has been handed over"),
});
export type EvidenceBody = z.infer<typeof evidenceBody>;
