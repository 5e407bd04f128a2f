/** `request`: the outgoing case as the requested state needs it to register and decide. */
import { z } from "zod";
import { MEASURES } from "../../law/codes.js";
import { ICCS_CODES } from "../../law/iccs.js";
import { CONFIDENTIALITY } from "../../policies/policy.js";
import { LONG_TEXT, inlineDocument, isoDate, text } from "./common.js";

export const requestBody = z.object({
  title: text({ min: 3, max: 400 }),
  requestDate: isoDate(),
  requestingAuthority: text({ max: 300 }).nullable(),
  basis: z
    .object({
      instrument: text({ min: 1, max: 64 }),
      citations: z.array(z.object({ provision: text({ max: 120 }), cite: text({ max: 300 }) })).max(100),
    })
    .nullable()
    .describe("The legal basis relied on, with the provisions cited"),
  measures: z
    .array(z.object({ ref: text({ min: 1, max: 64 }), measure: z.enum(MEASURES), description: text({ min: 3, max: 2000 }) }))
    .min(1)
    .max(50)
    .describe("Each measure with the requesting side's id (ref), by which reports name it"),
  offences: z
    .array(
      z.object({
        description: text({ min: 3, max: 2000 }),
        legalProvision: text({ max: 300 }),
        penalty: text({ max: 300 }).nullable(),
        iccs: z.enum(ICCS_CODES as [string, ...string[]]),
      }),
    )
    .max(50),
  persons: z.array(z.object({ role: text({ min: 1, max: 40 }), name: text({ min: 2, max: 300 }) })).max(100),
  facts: text({ max: LONG_TEXT }).nullable(),
  confidentiality: z.enum(CONFIDENTIALITY),
  respondBy: isoDate().nullable(),
  /** An urgent request made orally (or by e-mail) first: this message confirms it in writing. */
  confirmsOralRequestOf: isoDate().nullable(),
  documents: z.array(inlineDocument).max(10).describe("The signed request documents"),
});
export type RequestBody = z.infer<typeof requestBody>;
