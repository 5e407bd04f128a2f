/**
 * Stable codes of the law vocabulary. These strings are part of the public JSON contract
 * (README, "The JSON contract"): codes may be added when a source needs one, never renamed.
 */

/** Forms of assistance a request can ask for. */
export const MEASURES = [
  "testimony",
  "statements",
  "documents",
  "records",
  "service",
  "locate_persons",
  "identify_persons",
  "search_seizure",
  "examine_objects_sites",
  "custody_transfer",
  "voluntary_appearance",
  "asset_tracing",
  "asset_freeze",
  "confiscation",
  "video_link",
  "data_preservation",
  "data_disclosure",
  "other",
] as const;
export type Measure = (typeof MEASURES)[number];

/** Grounds on which a requested state may (or must) refuse, or which an instrument excludes. */
export const GROUNDS = [
  "political_offence",
  "military_offence",
  "essential_interests",
  "discrimination",
  "double_jeopardy",
  "no_dual_criminality",
  "fiscal_offence",
  "bank_secrecy",
  "lapse_of_time",
  "death_penalty",
  "compulsory_measure_unavailable",
  "immunity",
  "other",
  // Added from sources: UNTOC art. 18(21)(c) and UNCAC art. 46(21)(c) let a state refuse where its own
  // authorities could not take the action for a similar domestic offence.
  "domestic_law_prohibits",
  // UNTOC art. 18(9) / UNCAC art. 46(9)(b): refusal for de minimis matters or where the assistance is
  // available under other provisions.
  "de_minimis",
  // US–Russia MLAT art. 4(1)(c) and similar: the request does not conform to the treaty's requirements.
  "request_nonconforming",
] as const;
export type Ground = (typeof GROUNDS)[number];

/** How an instrument ranks in precedence: bilateral first, reciprocity last. */
export const INSTRUMENT_KINDS = ["bilateral", "regional", "multilateral", "reciprocity", "model"] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

/** Which kind of cooperation an instrument governs. Only `mla` instruments can be a basis for an MLA request. */
export const COOPERATION_KINDS = ["mla", "tsp", "tax", "foreign_law", "judgments", "mixed"] as const;
export type CooperationKind = (typeof COOPERATION_KINDS)[number];

/** Kinds of typed provision the engine understands. */
export const PROVISION_KINDS = [
  "scope",
  "measures",
  "refusal_ground",
  "excluded_ground",
  "dual_criminality",
  "consultation",
  "postponement",
  "conditions",
  "confidentiality",
  "limitation_on_use",
  "request_contents",
  "language",
  "channel",
  "urgent_requests",
  "safe_conduct",
  "custody_transfer",
  "asset_sharing",
  // UNCAC art. 57(3): return of confiscated assets to the requesting state, a duty distinct from sharing.
  "asset_return",
  "costs",
  "authentication",
  "video_link",
  "subsidiarity",
  "reasons_for_refusal",
  // 1959 Convention art. 26: supersedes the bilateral MLA treaties between its parties.
  "supersedes_bilateral",
  // Transfer of sentenced persons (ETS 112 art. 3, ETS 167 arts. 2–3): a condition of a transfer, or where
  // the person's consent is not needed.
  "transfer_condition",
  "transfer_consent_dispensed",
  "other",
] as const;
export type ProvisionKind = (typeof PROVISION_KINDS)[number];

/** Items a request must (or should) contain; the request writer asks for exactly these. */
export const REQUEST_CONTENT_ITEMS = [
  "requesting_authority",
  "subject_and_nature",
  "facts_summary",
  "offence_text",
  "penalties",
  "purpose",
  "evidence_sought",
  "relevance",
  "person_identity",
  "person_location",
  "procedure_wanted",
  "confidentiality",
  "time_limit",
  "property_description",
  "court_order",
  "questions",
  "stage_of_proceedings",
  "other",
  // UNTOC art. 18(15)(b), UNCAC art. 46(15)(b): the name and functions of the authority conducting the case.
  "conducting_authority",
] as const;
export type RequestContentItem = (typeof REQUEST_CONTENT_ITEMS)[number];

/** Routes a request may travel. */
export const CHANNELS = ["central_authority", "ministry_of_justice", "diplomatic", "direct_judicial", "interpol", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Offence families that decide whether a subject-limited instrument applies (UNCAC: corruption;
 * Vienna 1988: drug trafficking; Budapest: computer-related offences and electronic evidence; UNTOC:
 * organised crime). Optional input of the engine; the offence classification of a later issue maps onto it.
 */
export const OFFENCE_FAMILIES = [
  "organised_crime",
  "corruption",
  "drug_trafficking",
  "money_laundering",
  "cybercrime",
  "electronic_evidence",
  "terrorism",
  "trafficking_in_persons",
  "migrant_smuggling",
  "firearms",
  "fiscal",
  "military",
  "political",
  "core_international_crimes",
  "other",
] as const;
export type OffenceFamily = (typeof OFFENCE_FAMILIES)[number];

/**
 * The conditions a transfer of a sentenced person is put to (ETS 112 art. 3(1)(a)–(f) and the like):
 * the engine (src/law/transfer.ts) checks each against the facts of the person and the judgment.
 */
export const TRANSFER_CONDITIONS = ["national", "final_judgment", "time_remaining", "consent", "dual_criminality", "states_agree"] as const;
export type TransferCondition = (typeof TRANSFER_CONDITIONS)[number];

/** Where a transfer needs no consent of the person (ETS 167 art. 2: fled; art. 3: expulsion or deportation). */
export const CONSENT_DISPENSED = ["fled", "expulsion"] as const;
export type ConsentDispensed = (typeof CONSENT_DISPENSED)[number];
