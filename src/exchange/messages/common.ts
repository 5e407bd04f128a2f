/** Pieces shared by the message schemas: a document carried inline, a cited ground, a free text. */
import { z } from "zod";
import { isoDate, sha256Hex, text } from "../../validation/schemas.js";

/** Longest free text in a message (a notice, the facts of a request). */
export const LONG_TEXT = 20_000;

/** A document carried in the message itself: its bytes in base64 and the SHA-256 the receiver checks. */
export const inlineDocument = z
  .object({
    filename: text({ min: 1, max: 200 }),
    contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, "must be a MIME type such as application/pdf"),
    size: z.number().int().min(1),
    sha256: sha256Hex(),
    contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be base64"),
  })
  .describe("A document with its content (base64) and its SHA-256");

/** A ground of refusal or postponement with the provision and citation it comes from. */
export const citedGround = z.object({
  ground: text({ min: 1, max: 80 }),
  provision: text({ max: 120 }).optional(),
  cite: text({ max: 300 }).optional(),
});

export { isoDate, sha256Hex, text };
