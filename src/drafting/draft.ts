/**
 * What a drafted request says: the content the interview collects, as one typed object that the
 * browser edits, the server stores, the checker reads and the document generators render. Pure and
 * shared by the web app and the server, so the live checklist and the server's check agree.
 */
import { z } from "zod";
import { MEASURES, type Measure, OFFENCE_FAMILIES, type RequestContentItem } from "../law/codes.js";
import { ICCS_CODES } from "../law/iccs.js";
import { UN_LANGUAGES } from "../law/un-languages.js";

/** The six official languages of the United Nations: the fixed text of a request exists in each. */
export const DOCUMENT_LANGUAGES = UN_LANGUAGES;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

const text = (max: number) => z.string().max(max).default("");

export const personSchema = z.object({
  name: text(300),
  role: z.enum(["suspect", "accused", "witness", "expert", "victim", "person_in_custody", "holder", "other"]).default("witness"),
  dateOfBirth: text(10),
  nationality: text(100),
  /** Address, or last known whereabouts for a person to be located. */
  address: text(1000),
  identifiers: text(500),
});

/** One measure sought, with the details it needs. Fields that do not concern the measure stay empty. */
export const measureRequestSchema = z.object({
  measure: z.enum(MEASURES),
  /** What is sought, in the user's words (evidence sought). */
  description: text(5000),
  person: personSchema.optional(),
  // testimony, statements, video link
  questions: text(20000),
  underOath: z.boolean().optional(),
  attendance: text(1000),
  videoLink: z.boolean().optional(),
  // records, documents
  holder: text(500),
  period: text(200),
  recordType: text(500),
  // service
  documentToServe: text(1000),
  // search and seizure, examination
  place: text(1000),
  items: text(5000),
  domesticOrder: text(1000),
  // custody transfer
  custodyConsent: z.boolean().optional(),
  custodyArrangements: text(2000),
  returnBy: text(10),
  // stored data
  provider: text(500),
  accountIdentifiers: text(2000),
  dateRange: text(200),
  preservationReference: text(200),
  // assets
  asset: text(2000),
  assetHolder: text(500),
  assetValue: text(200),
});
export type MeasureRequest = z.infer<typeof measureRequestSchema>;

export const offenceSchema = z.object({
  name: text(300),
  /** The provision of the requesting state's law, e.g. "18 U.S.C. § 371". */
  provision: text(300),
  /** The text of that provision, quoted. */
  text: text(20000),
  penalty: text(1000),
  iccs: z
    .enum(ICCS_CODES as [string, ...string[]])
    .nullable()
    .default(null),
  /** The family the engine knows (fiscal, military, political …), for the risk check. */
  family: z.enum(OFFENCE_FAMILIES).nullable().default(null),
});
export type Offence = z.infer<typeof offenceSchema>;

/** Where a fact of the addressee comes from, as the directory cites it. */
const addresseeSource = z.object({
  document: z.string().max(500),
  article: z.string().max(100).optional(),
  url: z.string().max(1000).optional(),
});

/**
 * The requested state's central authority for the basis the request is made under, as the directory of
 * central authorities gave it when the draft was saved (issue 16 §1). Kept in the draft, each fact with
 * its source, so the documents say the same thing when generated again after the directory changes.
 * The server fills it (src/directory/addressee.ts); what a client sends in its place is not used.
 */
export const addresseeSchema = z.object({
  jurisdiction: z.string().max(8),
  instrument: z.string().max(64),
  /** The day the directory was read (YYYY-MM-DD). */
  readOn: z.string().max(10),
  /** The directory entry it comes from; absent when the directory records no central authority. */
  entry: z
    .object({
      id: z.string().max(200),
      authority: z.string().max(300),
      source: addresseeSource,
      address: z.object({ text: z.string().max(1000), source: addresseeSource }).optional(),
      email: z.object({ value: z.string().max(500), source: addresseeSource }).optional(),
    })
    .optional(),
  /** The languages the authority accepts requests in under the instrument, each group with the declaration that says so. */
  languages: z
    .array(
      z.object({
        languages: z.array(z.string().max(20)).max(20),
        /** E.g. "UNTOC, Art. 18(14)". */
        cite: z.string().max(600),
        /** The knowledge base's declaration, or the directory entry, that records them. */
        provision: z.string().max(200),
      }),
    )
    .max(20)
    .default([]),
});
export type DraftAddressee = z.infer<typeof addresseeSchema>;

export const draftContentSchema = z.object({
  requesting: z.string().max(8).default(""),
  requested: z.string().max(8).default(""),
  requestDate: text(10),
  /** The basis the request is made under (an applicable one; empty: the first by precedence). */
  basisInstrument: text(64),
  /** Other applicable instruments the request also relies on, in the alternative. */
  alsoRelyOn: z.array(z.string().max(64)).max(10).default([]),
  language: z.enum(DOCUMENT_LANGUAGES).default("en"),
  ourReference: text(100),
  theirReference: text(100),
  confidentiality: z.enum(["normal", "confidential", "strictly_confidential"]).default("normal"),
  authority: z
    .object({
      /** The central authority sending the request (letterhead). */
      centralAuthority: text(300),
      centralAuthorityAddress: text(1000),
      /** The authority conducting the investigation or proceedings. */
      conductedBy: text(300),
      conductedByFunctions: text(500),
    })
    .default({ centralAuthority: "", centralAuthorityAddress: "", conductedBy: "", conductedByFunctions: "" }),
  subject: z
    .object({
      nature: z.enum(["investigation", "prosecution", "trial", "appeal", "enforcement", "other"]).default("investigation"),
      description: text(5000),
      stage: text(2000),
    })
    .default({ nature: "investigation", description: "", stage: "" }),
  facts: text(50000),
  offences: z.array(offenceSchema).max(30).default([]),
  purpose: text(5000),
  relevance: text(10000),
  measures: z.array(measureRequestSchema).max(30).default([]),
  procedures: z.object({ none: z.boolean().default(false), text: text(5000) }).default({ none: false, text: "" }),
  confidentialityRequest: z
    .object({ answered: z.boolean().default(false), required: z.boolean().default(false), reasons: text(3000) })
    .default({ answered: false, required: false, reasons: "" }),
  urgency: z
    .object({ answered: z.boolean().default(false), urgent: z.boolean().default(false), reason: text(3000), respondBy: text(10) })
    .default({ answered: false, urgent: false, reason: "", respondBy: "" }),
  contacts: z
    .array(z.object({ name: text(200), role: text(200), phone: text(100), email: text(200) }))
    .max(10)
    .default([]),
  annexes: z
    .array(z.object({ title: text(300) }))
    .max(50)
    .default([]),
  signatory: z.object({ name: text(200), title: text(300), place: text(200) }).default({ name: "", title: "", place: "" }),
  addressee: addresseeSchema.nullable().default(null),
});
export type DraftContent = z.infer<typeof draftContentSchema>;

/** An empty draft: every field present, nothing answered. */
export const emptyDraft = (): DraftContent => draftContentSchema.parse({});

/** The steps of the interview, one topic each, in the order they are asked. */
export const STEPS = [
  { id: "basis", title: "States, date and measures" },
  { id: "authority", title: "Authorities" },
  { id: "subject", title: "Subject and stage of the case" },
  { id: "facts", title: "Summary of the facts" },
  { id: "offences", title: "Offences and penalties" },
  { id: "purpose", title: "Purpose and relevance" },
  { id: "measures", title: "Assistance sought" },
  { id: "procedures", title: "Special procedures" },
  { id: "confidentiality", title: "Confidentiality" },
  { id: "urgency", title: "Time limits and urgency" },
  { id: "contacts", title: "Contacts" },
  { id: "annexes", title: "Annexes and signature" },
  { id: "review", title: "Review and documents" },
] as const;
export type StepId = (typeof STEPS)[number]["id"];

/** A field a measure needs, and the item of a request's contents it answers (when it answers one). */
export interface MeasureField {
  key: keyof MeasureRequest | `person.${keyof z.infer<typeof personSchema>}`;
  label: string;
  help: string;
  item?: RequestContentItem;
  kind?: "text" | "long" | "date" | "bool";
}

const personFields: MeasureField[] = [
  { key: "person.name", label: "Name of the person", help: "Full name as in the requesting state's file.", item: "person_identity" },
  { key: "person.role", label: "Role in the case", help: "Witness, suspect, expert …" },
  { key: "person.dateOfBirth", label: "Date of birth", help: "YYYY-MM-DD, where known.", kind: "date" },
  { key: "person.nationality", label: "Nationality", help: "Where known." },
  {
    key: "person.address",
    label: "Address or last known whereabouts",
    help: "Where the person can be found.",
    item: "person_location",
    kind: "long",
  },
];

/** What each measure asks, beyond a description of what is sought. */
export const MEASURE_FIELDS: Record<Measure, MeasureField[]> = {
  testimony: [
    ...personFields,
    {
      key: "questions",
      label: "Questions to be put",
      help: "Number them; the executing authority asks them as written.",
      item: "questions",
      kind: "long",
    },
    { key: "underOath", label: "Under oath or affirmation", help: "Whether the evidence must be sworn.", kind: "bool" },
    {
      key: "attendance",
      label: "Who may attend",
      help: "Officials or counsel of the requesting state who wish to be present.",
      item: "procedure_wanted",
    },
    { key: "videoLink", label: "By video link", help: "Whether the hearing should take place by video conference.", kind: "bool" },
  ],
  statements: [
    ...personFields,
    { key: "questions", label: "Questions or topics", help: "What the statement should cover.", item: "questions", kind: "long" },
  ],
  documents: [
    { key: "holder", label: "Who holds the documents", help: "Authority, company or person.", item: "person_identity" },
    { key: "recordType", label: "Which documents", help: "Type and identifying details." },
    { key: "period", label: "Period covered", help: "From – to." },
  ],
  records: [
    { key: "holder", label: "Holder of the records", help: "Bank, company or authority, with its address.", item: "person_identity" },
    { key: "recordType", label: "Type of records", help: "Account statements, account-opening documents, logs …" },
    { key: "period", label: "Period covered", help: "From – to." },
  ],
  service: [
    ...personFields,
    { key: "documentToServe", label: "Document to be served", help: "Its title and date; annex it.", item: "evidence_sought" },
  ],
  locate_persons: personFields,
  identify_persons: personFields,
  search_seizure: [
    { key: "place", label: "Place to be searched", help: "Exact address and description.", item: "property_description", kind: "long" },
    { key: "items", label: "Items to be seized", help: "As precisely as possible.", item: "property_description", kind: "long" },
    {
      key: "domesticOrder",
      label: "Domestic order",
      help: "The warrant or order of the requesting state's court, annexed.",
      item: "court_order",
    },
  ],
  examine_objects_sites: [
    { key: "place", label: "Object or site", help: "What is to be examined, and where.", item: "property_description", kind: "long" },
  ],
  custody_transfer: [
    ...personFields,
    { key: "custodyConsent", label: "The person consents", help: "Transfer needs the consent of the person in custody.", kind: "bool" },
    {
      key: "custodyArrangements",
      label: "Custody arrangements",
      help: "Who holds the person in custody, where, and the escort.",
      kind: "long",
    },
    { key: "returnBy", label: "Return by", help: "Date by which the person will be returned.", kind: "date" },
  ],
  voluntary_appearance: [...personFields],
  asset_tracing: [
    { key: "asset", label: "Assets to be traced", help: "What is known of them.", item: "property_description", kind: "long" },
    { key: "assetHolder", label: "Holder", help: "Person or company believed to hold them.", item: "person_identity" },
  ],
  asset_freeze: [
    { key: "asset", label: "Asset", help: "Account, property or item, precisely.", item: "property_description", kind: "long" },
    { key: "assetHolder", label: "Holder", help: "In whose name it is held.", item: "person_identity" },
    { key: "assetValue", label: "Value", help: "Amount and currency, or an estimate." },
    { key: "domesticOrder", label: "Order", help: "The freezing or seizure order of the requesting state, annexed.", item: "court_order" },
  ],
  confiscation: [
    { key: "asset", label: "Asset", help: "What is to be confiscated.", item: "property_description", kind: "long" },
    { key: "assetHolder", label: "Holder", help: "In whose name it is held.", item: "person_identity" },
    { key: "assetValue", label: "Value", help: "Amount and currency." },
    { key: "domesticOrder", label: "Confiscation order", help: "The final order, with its date and court, annexed.", item: "court_order" },
  ],
  video_link: [
    ...personFields,
    { key: "questions", label: "Questions or topics", help: "What the hearing covers.", item: "questions", kind: "long" },
  ],
  data_preservation: [
    { key: "provider", label: "Service provider", help: "Name and country of the provider holding the data.", item: "person_identity" },
    { key: "accountIdentifiers", label: "Identifiers", help: "Accounts, addresses, numbers.", item: "evidence_sought", kind: "long" },
    { key: "dateRange", label: "Date range", help: "From – to, with time zone." },
    { key: "preservationReference", label: "Preservation reference", help: "The reference of an earlier preservation request, if any." },
  ],
  data_disclosure: [
    { key: "provider", label: "Service provider", help: "Name and country of the provider holding the data.", item: "person_identity" },
    { key: "accountIdentifiers", label: "Identifiers", help: "Accounts, addresses, numbers.", item: "evidence_sought", kind: "long" },
    { key: "dateRange", label: "Date range", help: "From – to, with time zone." },
    { key: "preservationReference", label: "Preservation reference", help: "Reference of the preservation, if the data was preserved." },
  ],
  other: [],
};

/** Measures for which a person is at the centre (their identity answers "person_identity"). */
export const PERSON_MEASURES: ReadonlySet<Measure> = new Set(
  (Object.entries(MEASURE_FIELDS) as [Measure, MeasureField[]][])
    .filter(([, fields]) => fields.some((f) => f.key === "person.name"))
    .map(([m]) => m),
);

/** Reads a measure field ("person.name" or "questions") from a measure request. */
export function measureValue(m: MeasureRequest, key: MeasureField["key"]): string | boolean | undefined {
  if (key.startsWith("person.")) return m.person?.[key.slice(7) as keyof z.infer<typeof personSchema>];
  return m[key as keyof MeasureRequest] as string | boolean | undefined;
}

/** The measures of a draft, each once. */
export const draftMeasures = (d: DraftContent): Measure[] => [...new Set(d.measures.map((m) => m.measure))];
