/**
 * The shape of a directory entry as the API takes it, the signed file carries it and the database holds
 * it (issue 16 §1). Every field group has its own `source`: a field nobody sourced is absent, and the
 * screens say "not recorded" — never a guessed address, e-mail or telephone number.
 */
import { z } from "zod";
import { jurisdiction as knownJurisdiction } from "../law/jurisdictions.js";
import { ianaZone, isoDate, jurisdictionCode, languageCode, text } from "../validation/schemas.js";

/** Where a fact of the directory comes from: a document (with its article) or an address, and when it was read. */
export const directorySource = z
  .object({
    document: text({ min: 3, max: 500 }).describe("The document that states it (a declaration, a gazette, an official page)"),
    article: text({ max: 100 }).optional().describe("Article or paragraph, e.g. art. 18(13)"),
    url: z.string().url().max(1000).optional(),
  })
  .describe("Where the fact comes from");
export type DirectorySource = z.infer<typeof directorySource>;

/** How an authority takes requests. */
export const CHANNEL_KINDS = ["post", "email", "exchange", "interpol", "diplomatic"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The roles an entry can have: the central authority, or an executing authority that may be addressed directly. */
export const DIRECTORY_ROLES = ["central", "executing"] as const;

const instrumentId = text({ min: 1, max: 100 }).refine((v) => /^[a-z0-9-]+$/.test(v), "must be an instrument id such as untoc-2000");
const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "must be a time of day written HH:MM, such as 09:00");

/** The field groups of an entry, each with its source. */
export const entryDetail = z.object({
  instruments: z
    .array(
      z.object({
        instrument: instrumentId,
        declaration: text({ max: 1000 }).optional().describe("The declaration or notification that designates the authority"),
        source: directorySource,
      }),
    )
    .max(50)
    .default([]),
  address: z.object({ text: text({ min: 3, max: 1000 }), source: directorySource }).optional(),
  channels: z
    .array(
      z.object({
        kind: z.enum(CHANNEL_KINDS),
        value: text({ max: 500 }).optional().describe("The postal or e-mail address, or the node's endpoint"),
        fingerprint: text({ max: 100 }).optional().describe("The exchange node's signing key fingerprint"),
        source: directorySource,
      }),
    )
    .max(20)
    .default([]),
  languages: z
    .array(
      z.object({
        instrument: instrumentId.optional().describe("The instrument the languages are accepted under; absent: under any"),
        languages: z.array(languageCode()).min(1).max(20),
        source: directorySource,
      }),
    )
    .max(50)
    .default([]),
  urgent: z.object({ contact: text({ min: 3, max: 500 }), source: directorySource }).optional(),
  hours: z
    .object({
      zone: ianaZone(),
      days: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe("ISO weekdays, 1 Monday to 7 Sunday"),
      opens: hhmm,
      closes: hhmm,
      source: directorySource,
    })
    .refine((h) => h.opens < h.closes, { message: "must close after it opens", path: ["closes"] })
    .optional(),
});
export type EntryDetail = z.infer<typeof entryDetail>;

/** An entry as an administrator writes it (and as a signed file carries it). */
export const entryInput = z.object({
  jurisdiction: jurisdictionCode().refine((c) => knownJurisdiction(c) !== undefined, "must be a known jurisdiction"),
  authority: text({ min: 3, max: 300 }).describe("The authority's name"),
  role: z.enum(DIRECTORY_ROLES).default("central"),
  source: directorySource,
  lastChecked: isoDate().describe("When the entry was last checked against its source"),
  ...entryDetail.shape,
});
export type EntryInput = z.infer<typeof entryInput>;
