/**
 * The shape of the knowledge base (knowledge/*.yaml), validated at load. Every fact carries a `source`;
 * a date nobody could establish is `null` with a `note` saying so, never a guess.
 */
import { z } from "zod";
import {
  CHANNELS,
  CONSENT_DISPENSED,
  COOPERATION_KINDS,
  GROUNDS,
  INSTRUMENT_KINDS,
  MEASURES,
  OFFENCE_FAMILIES,
  REQUEST_CONTENT_ITEMS,
  TRANSFER_CONDITIONS,
} from "./codes.js";

/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, "is not a calendar date");

/** Where a fact comes from: a document (and article) or a URL, ideally both. */
export const source = z
  .object({
    document: z.string().min(3).optional(),
    article: z.string().optional(),
    url: z.string().url().optional(),
    asOf: isoDate.optional(),
  })
  .strict()
  .refine((s) => s.document !== undefined || s.url !== undefined, "a source needs a document or a url");
export type Source = z.infer<typeof source>;

const measure = z.enum(MEASURES);
const ground = z.enum(GROUNDS);
const jurisdictionCode = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code");
const provisionId = z.string().regex(/^[a-z0-9-]+:[a-z0-9-]+$/, "must look like instrument:article-ref");
const languageCode = z.string().regex(/^[a-z]{2,3}$/, "must be an ISO 639 language code");

const provisionBase = {
  id: provisionId,
  /** Set when part of the fact (typically the article number) could not be checked against the text. */
  unverified: z.string().min(5).optional(),
  /** As the text cites it: "Art. 2(b)", "Art. 18(21)(b)". */
  article: z.string().min(1),
  /** Our own words: a summary of what the article says, never its text copied. */
  summary: z.string().min(10),
  source,
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
};

/** The provision kinds, before the checks that span fields. */
const provisionKinds = z.discriminatedUnion("kind", [
  z
    .object({
      ...provisionBase,
      kind: z.literal("scope"),
      /** What the instrument does not apply to (1959 Convention art. 1(2): purely military offences); the engine drops it for these. */
      excludes: z
        .object({
          families: z.array(z.enum(OFFENCE_FAMILIES)).min(1),
          /** Matters excluded that no query field names (arrests, enforcement of verdicts), shown to the reader. */
          matters: z.array(z.string().min(3)).optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("measures"),
      measures: z.array(measure).min(1),
      /**
       * Discretionary for reciprocity and for "any other assistance not prohibited by law" clauses;
       * conditional where the text itself sets conditions on giving the measure (the person's consent and
       * both states' agreement for a transfer in custody, "wherever possible" for a video link): say which in `terms`.
       */
      mode: z.enum(["obligatory", "discretionary", "conditional"]).default("obligatory"),
      /** The conditions the text sets on the measure, in our words, with their paragraphs (required when conditional). */
      terms: z.string().min(10).optional(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("refusal_ground"),
      ground,
      mode: z.enum(["mandatory", "discretionary"]),
      /** Only for these measures (e.g. a dual-criminality ground limited to coercive measures). */
      measures: z.array(measure).optional(),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("excluded_ground"), ground }).strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("dual_criminality"),
      rule: z.enum(["not_required", "optional", "required", "required_for_coercive", "required_for_listed"]),
      measures: z.array(measure).optional(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("consultation"),
      before: z.array(z.enum(["refusal", "postponement"])).min(1),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("postponement") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("conditions") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("confidentiality") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("limitation_on_use") }).strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("request_contents"),
      items: z.array(z.enum(REQUEST_CONTENT_ITEMS)).min(1),
      /** Contents needed only for these measures. */
      measures: z.array(measure).optional(),
      level: z.enum(["required", "advised"]).default("required"),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("language"),
      /**
       * requested_party: in (or translated into) the requested party's language;
       * listed: one of `languages`; none_required: no translation required unless a party reserves it.
       */
      rule: z.enum(["requested_party", "listed", "none_required", "acceptable_to_requested_party"]),
      languages: z.array(languageCode).optional(),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("channel"), channels: z.array(z.enum(CHANNELS)).min(1) }).strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("urgent_requests"),
      /** Means allowed in urgency besides writing ("oral", "fax", "email", "interpol"). */
      means: z.array(z.string()).min(1),
      /** Days within which the urgent request must be confirmed in writing; null: "promptly"/"forthwith". */
      confirmWithinDays: z.number().int().positive().nullable(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("safe_conduct"),
      /** Days after the person's presence is no longer required during which immunity continues. */
      days: z.number().int().nonnegative(),
      /** The longest the requesting party may extend it to, if the basis allows an extension. */
      maxDays: z.number().int().nonnegative().optional(),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("custody_transfer") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("asset_sharing") }).strict(),
  /** Return of confiscated assets to the requesting state (UNCAC art. 57(3)): a duty, not a sharing arrangement. */
  z.object({ ...provisionBase, kind: z.literal("asset_return") }).strict(),
  /**
   * Between parties to this instrument it supersedes their bilateral MLA treaties, which may only supplement
   * it (1959 Convention art. 26(1)–(3)): the engine ranks it before such a bilateral treaty.
   */
  z.object({ ...provisionBase, kind: z.literal("supersedes_bilateral") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("costs") }).strict(),
  z.object({ ...provisionBase, kind: z.literal("authentication"), required: z.boolean() }).strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("video_link"),
      /**
       * Whose law punishes perjury (and a refusal to testify) during a hearing by video link, where the
       * text says so (e.g. the requested party's law "as if the hearing took place in a national
       * procedure"). Absent: the knowledge base does not record it, and the screens say "not recorded".
       */
      perjuryLaw: z.enum(["requested_party", "requesting_party"]).optional(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("subsidiarity"),
      /** Provisions of this instrument that yield when another MLA treaty binds the two parties. */
      displaces: z.array(provisionId).min(1),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("reasons_for_refusal") }).strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("transfer_condition"),
      /** Which condition of a transfer of a sentenced person the article sets (src/law/transfer.ts checks it). */
      requires: z.enum(TRANSFER_CONDITIONS),
      /** time_remaining: the least part of the sentence, in months, still to be served. */
      months: z.number().int().positive().optional(),
      /** time_remaining: the article that lets the states agree to a transfer with less time left. */
      exception: provisionId.optional(),
    })
    .strict(),
  z
    .object({
      ...provisionBase,
      kind: z.literal("transfer_consent_dispensed"),
      /** fled: the person fled to their state of nationality; expulsion: an expulsion or deportation order. */
      when: z.enum(CONSENT_DISPENSED),
    })
    .strict(),
  z.object({ ...provisionBase, kind: z.literal("other") }).strict(),
]);

/** One typed rule. The `kind` decides which fields the engine reads. */
export const provision = provisionKinds.superRefine((p, ctx) => {
  if (p.kind === "transfer_condition" && p.requires === "time_remaining" && p.months === undefined)
    ctx.addIssue({ code: "custom", path: ["months"], message: "a time_remaining condition must say its `months`" });
  if (p.kind === "measures" && p.mode === "conditional" && !p.terms)
    ctx.addIssue({ code: "custom", path: ["terms"], message: "a conditional measures provision must say its conditions in `terms`" });
  if (p.kind === "measures" && p.terms && p.mode === "obligatory")
    ctx.addIssue({
      code: "custom",
      path: ["mode"],
      message: "a measures provision with `terms` is conditional or discretionary, not obligatory",
    });
});
export type Provision = z.infer<typeof provisionKinds>;

export const instrument = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(5),
    shortTitle: z.string().min(2),
    /**
     * The title in the other UN languages, only where the instrument has an official text in that
     * language (UN conventions: all six, equally authentic; Council of Europe: English and French), each
     * with the document it is taken from. A language without one shows the English title.
     */
    titles: z.partialRecord(z.enum(["fr", "es", "ru", "zh", "ar"]), z.object({ title: z.string().min(5), source }).strict()).optional(),
    kind: z.enum(INSTRUMENT_KINDS),
    cooperation: z.enum(COOPERATION_KINDS),
    /** False for a model text or a non-binding scheme. */
    binding: z.boolean(),
    /** A protocol names the instrument it supplements; it applies between parties to both. */
    supplements: z.string().optional(),
    /** Adopted, opened for signature, or signed (bilateral). */
    concluded: isoDate.nullable(),
    /** General entry into force; null while not in force or unknown (see `note`). */
    entryIntoForce: isoDate.nullable(),
    /** Offence families it is limited to; absent: any criminal offence. */
    offenceScope: z
      .object({
        families: z.array(z.enum(OFFENCE_FAMILIES)).min(1),
        provision: provisionId,
        summary: z.string(),
        /** What must hold even for the families listed (UNTOC art. 3(1): transnational, an organized criminal group). */
        condition: z.string().min(10).optional(),
        /**
         * Further routes by which an offence outside `families` may still be covered, each on a condition the
         * query cannot decide (UNTOC art. 3(1)(b): serious crime; the Protocols' offences between their parties).
         * A route without `families` is open to any offence family. The basis is then kept, with the condition.
         */
        routes: z
          .array(
            z
              .object({
                families: z.array(z.enum(OFFENCE_FAMILIES)).min(1).optional(),
                provision: provisionId,
                condition: z.string().min(10),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    /** Measures covered only for this instrument's particular subject (e.g. Budapest: computer data). */
    note: z.string().optional(),
    source,
    provisions: z.array(provision),
  })
  .strict();
export type Instrument = z.infer<typeof instrument>;

const reservationEffect = z.discriminatedUnion("type", [
  z.object({ type: z.literal("refusal_ground"), ground, mode: z.enum(["mandatory", "discretionary"]) }).strict(),
  z.object({ type: z.literal("language"), languages: z.array(languageCode).min(1) }).strict(),
  z.object({ type: z.literal("designated_authority"), authority: z.string().min(3) }).strict(),
  z
    .object({
      type: z.literal("search_seizure_conditions"),
      conditions: z.array(z.enum(["dual_criminality", "extraditable_offence", "consistent_with_law"])).min(1),
    })
    .strict(),
  z.object({ type: z.literal("channel"), channels: z.array(z.enum(CHANNELS)).min(1) }).strict(),
  z.object({ type: z.literal("safe_conduct"), days: z.number().int().nonnegative() }).strict(),
  /** Recorded for the officer; the engine shows it but draws no rule from it. */
  z.object({ type: z.literal("other") }).strict(),
]);

export const reservation = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+:[a-z0-9-]+$/),
    kind: z.enum(["reservation", "declaration", "notification", "objection"]),
    /** Article of the instrument the reservation bears on, as cited ("Art. 2", "Art. 16(2)"). */
    article: z.string().min(1),
    effect: reservationEffect,
    summary: z.string().min(10),
    validFrom: isoDate.nullable().optional(),
    validTo: isoDate.nullable().optional(),
    source,
  })
  .strict();
export type Reservation = z.infer<typeof reservation>;

const consentKind = z.enum([
  "ratification",
  "accession",
  "acceptance",
  "approval",
  "succession",
  "definitive_signature",
  "signature_only",
  "membership",
  "entry_into_force",
]);

export const territory = z
  .object({
    jurisdiction: jurisdictionCode,
    inForce: isoDate.nullable(),
    validTo: isoDate.nullable().optional(),
    note: z.string().optional(),
    /** Declarations made for this territory alone (e.g. China's for Hong Kong SAR). */
    reservations: z.array(reservation).optional(),
    source,
  })
  .strict();

/** Which of a party's fields a status table can state; used by disagreements and per-field sources. */
export const PARTY_FIELDS = ["signed", "consent.kind", "consent.date", "inForce"] as const;
export type PartyField = (typeof PARTY_FIELDS)[number];

/**
 * The convention's own rule for its entry into force for a party that joins later (e.g. UNTOC art. 38(2)):
 * the `daysAfterDeposit`-th day after deposit of the instrument, or the convention's general entry into
 * force if that is later. Used to compute `inForce` where a status table gives none.
 */
export const entryIntoForceRule = z
  .object({
    article: z.string().min(1),
    daysAfterDeposit: z.number().int().positive(),
    summary: z.string().min(10),
    source,
  })
  .strict();
export type EntryIntoForceRule = z.infer<typeof entryIntoForceRule>;

/** Marks a party's `inForce` as derived by the file's `entryIntoForceRule`, not stated by a source. */
export const inForceComputed = z
  .object({
    /** The article applied, as in the file's rule ("Art. 38(2)"). */
    rule: z.string().min(1),
    /** deposit_plus_days: the deposit date plus the rule's days; convention_entry_into_force: the later general date. */
    basis: z.enum(["deposit_plus_days", "convention_entry_into_force"]),
    /** The date it was computed from (the deposit, or the convention's entry into force). */
    from: isoDate,
  })
  .strict();

/**
 * Something a status table only flags (a CETS chart's R./D./A./T. marker, OAS "information", a declaration
 * classified only by the articles it cites): shown to the officer, no rule drawn from it.
 */
export const partyFlag = z
  .object({
    kind: z.enum(["reservation", "declaration", "authorities", "territorial_application", "objection", "information", "unspecified"]),
    article: z.string().min(1).optional(),
    summary: z.string().min(5),
    /** A warning for the reader (e.g. "read the UNTC text before relying on it"). */
    caution: z.string().min(5).optional(),
    /** The typed reservation a reviewer derived from this flag, if any. */
    typedAs: z
      .string()
      .regex(/^[a-z0-9-]+:[a-z0-9-]+$/)
      .optional(),
    source,
  })
  .strict();
export type PartyFlag = z.infer<typeof partyFlag>;

/** A reviewer's decision on a disagreement: which value stands, why, by whom and when. */
const disagreementDecision = z
  .object({
    stands: z.enum(["recorded", "table"]),
    reason: z.string().min(10),
    by: z.string().min(2),
    date: isoDate,
  })
  .strict();

/** A hand-checked value and a status table's value for the same field that differ; both stay visible. */
export const disagreement = z
  .object({
    field: z.enum(PARTY_FIELDS),
    recorded: z.string().nullable(),
    table: z.string().nullable(),
    tableSource: source,
    decision: disagreementDecision.optional(),
  })
  .strict();
export type Disagreement = z.infer<typeof disagreement>;

export const party = z
  .object({
    jurisdiction: jurisdictionCode,
    signed: isoDate.nullable(),
    consent: z.object({ kind: consentKind, date: isoDate.nullable() }).strict().nullable(),
    /** Entry into force for this party; null while not in force or unknown (say which in `note`). */
    inForce: isoDate.nullable(),
    /** Denunciation or withdrawal: the date it took effect. */
    withdrawn: z.object({ effective: isoDate, source }).strict().optional(),
    /** Set when a date was transcribed but could not be re-checked against the current chart. */
    unverified: z.string().min(5).optional(),
    territories: z.array(territory).optional(),
    reservations: z.array(reservation).optional(),
    note: z.string().optional(),
    source,
    /** "imported": written by `knowledge import` from a status table and refreshed by it; absent: recorded by hand. */
    origin: z.literal("imported").optional(),
    /** Set when `inForce` was derived by the file's `entryIntoForceRule` rather than stated by a source. */
    inForceComputed: inForceComputed.optional(),
    /** The source of a field that comes from somewhere other than the party's `source`. */
    fieldSources: z.partialRecord(z.enum(PARTY_FIELDS), source).optional(),
    flags: z.array(partyFlag).optional(),
    disagreements: z.array(disagreement).optional(),
  })
  .strict();
export type Party = z.infer<typeof party>;

export const partiesFile = z
  .object({
    instrument: z.string().regex(/^[a-z0-9-]+$/),
    /** The date the status chart used was current. */
    statusAsOf: isoDate.nullable(),
    /** True when every participant of the source chart is transcribed. */
    complete: z.boolean(),
    /** How many participants the source lists, to report coverage; null if unknown. */
    participantsInSource: z.number().int().nonnegative().nullable(),
    /** What the source lacks, when `complete` is false (e.g. "parties since 2014"). */
    missing: z.string().min(5).optional(),
    /** The convention's rule for entry into force for a party, to compute dates a table does not give. */
    entryIntoForceRule: entryIntoForceRule.optional(),
    /** Participants of the source the import could not record, each with the reason (e.g. the European Union). */
    skipped: z.array(z.object({ name: z.string(), reason: z.string().min(5), source }).strict()).optional(),
    source,
    parties: z.array(party),
  })
  .strict();
export type PartiesFile = z.infer<typeof partiesFile>;

/**
 * One bilateral treaty in a recorded list (knowledge/bilateral/<list>.yaml). Either it points at a full
 * instrument file (`instrument`), or the knowledge base expands it into a bilateral instrument with no
 * transcribed provisions. A date the source does not give is null, never guessed.
 */
export const bilateralEntry = z
  .object({
    partner: jurisdictionCode,
    /** The treaty's full instrument file, when one exists (its dates are then compared with this entry's). */
    instrument: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    title: z.string().min(5).optional(),
    signed: isoDate.nullable(),
    inForce: isoDate.nullable(),
    note: z.string().optional(),
    source,
    disagreements: z.array(disagreement).optional(),
  })
  .strict();
export type BilateralEntry = z.infer<typeof bilateralEntry>;

/** A list of the bilateral MLA treaties of one hub jurisdiction, as a source records them. */
export const bilateralFile = z
  .object({
    list: z.string().regex(/^[a-z0-9-]+$/),
    hub: jurisdictionCode,
    statusAsOf: isoDate.nullable(),
    complete: z.boolean(),
    missing: z.string().min(5).optional(),
    source,
    treaties: z.array(bilateralEntry),
  })
  .strict();
export type BilateralFile = z.infer<typeof bilateralFile>;
