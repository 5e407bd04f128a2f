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
        document: inlineDocument.nullable().describe("The document itself; null for an object, described and hashed"),
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
