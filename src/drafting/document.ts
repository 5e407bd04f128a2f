/**
 * The content of a request document, built once from the draft and its law, then rendered to Word and
 * to PDF by two small renderers: both formats say the same thing in the same order. Sections follow
 * the order in which the basis the request is made under lists the contents of a request; sections it
 * does not list come after, in the usual order.
 */
import type { RequestContentItem } from "../law/codes.js";
import type { DraftContent, DocumentLanguage, MeasureRequest } from "./draft.js";
import { FIXED_TEXT, type FixedText, languageName, longDate, requestedState, stateName } from "./fixed-text.js";
import type { DraftLaw } from "./law.js";

/** A piece of fixed text, with its rendering in the second language of a bilingual document. */
export interface Fixed {
  text: string;
  second?: string;
}

export type Block =
  | { kind: "heading"; number: string; text: Fixed }
  | { kind: "subheading"; text: Fixed }
  /** A paragraph of fixed text (translated). */
  | { kind: "fixed"; text: Fixed }
  /** A paragraph the user wrote, kept as typed. */
  | { kind: "free"; text: string }
  /** A labelled value: the label is fixed text, the value what the user typed. */
  | { kind: "field"; label: Fixed; value: string };

export interface RequestDocument {
  lang: DocumentLanguage;
  dir: "ltr" | "rtl";
  second?: { lang: DocumentLanguage; dir: "ltr" | "rtl" };
  letterhead: string[];
  /**
   * To whom the request goes: the requested state's central authority for the main basis, with its
   * address and e-mail where the directory sources them (the draft's addressee), or "the central
   * authority of <state>" where it records none.
   */
  addressee: string[];
  marking?: Fixed;
  title: Fixed;
  meta: { label: Fixed; value: string }[];
  blocks: Block[];
  signature: string[];
  /** Between a label and its value in the document's language. */
  colon: string;
  /** "Page n of m" in the language of the document. */
  page: (n: number, of: number) => string;
  /** For document properties: title, reference, date. */
  properties: { title: string; reference: string; date: string; author: string };
  /**
   * Internal notes for the officer (what the knowledge base cannot vouch for in the law the request
   * relies on). Never part of the text sent abroad: the Word and PDF renderers do not print them.
   */
  internalNotes: string[];
}

type SectionKey = "authority" | "subject" | "facts" | "offences" | "assistance" | "purpose" | "procedures" | "confidentiality" | "urgency";

const SECTION_OF_ITEM: Record<RequestContentItem, SectionKey | null> = {
  requesting_authority: "authority",
  conducting_authority: "authority",
  subject_and_nature: "subject",
  stage_of_proceedings: "subject",
  facts_summary: "facts",
  offence_text: "offences",
  penalties: "offences",
  evidence_sought: "assistance",
  person_identity: "assistance",
  person_location: "assistance",
  questions: "assistance",
  property_description: "assistance",
  court_order: "assistance",
  purpose: "purpose",
  relevance: "purpose",
  procedure_wanted: "procedures",
  confidentiality: "confidentiality",
  time_limit: "urgency",
  other: null,
};

const DEFAULT_ORDER: SectionKey[] = [
  "authority",
  "subject",
  "facts",
  "offences",
  "assistance",
  "purpose",
  "procedures",
  "confidentiality",
  "urgency",
];

/** The order of sections: as the main basis lists the contents of a request, then the usual order. */
export function sectionOrder(law: Pick<DraftLaw, "relied">): SectionKey[] {
  const main = law.relied.find((r) => r.main);
  const named: SectionKey[] = [];
  for (const r of main?.answer.requirements ?? []) {
    const s = SECTION_OF_ITEM[r.item];
    if (s && !named.includes(s)) named.push(s);
  }
  return [...named, ...DEFAULT_ORDER.filter((s) => !named.includes(s))];
}

const has = (v: string | undefined | null): v is string => typeof v === "string" && v.trim().length > 0;

/** Builds the document of a draft in a language, with an optional second language for the fixed text. */
export function buildRequestDocument(
  draft: DraftContent,
  law: DraftLaw,
  lang: DocumentLanguage,
  secondLang?: DocumentLanguage,
): RequestDocument {
  const t = FIXED_TEXT[lang];
  const t2 = secondLang && secondLang !== lang ? FIXED_TEXT[secondLang] : undefined;
  const fx = (pick: (x: FixedText) => string): Fixed => (t2 ? { text: pick(t), second: pick(t2) } : { text: pick(t) });
  const blocks: Block[] = [];
  let n = 0;
  const heading = (pick: (x: FixedText) => string) => blocks.push({ kind: "heading", number: `${++n}.`, text: fx(pick) });
  const field = (pick: (x: FixedText) => string, value: string | undefined) => {
    if (has(value)) blocks.push({ kind: "field", label: fx(pick), value: value.trim() });
  };
  const free = (value: string | undefined) => {
    if (!has(value)) return;
    for (const para of value.trim().split(/\n\s*\n/)) blocks.push({ kind: "free", text: para.trim() });
  };
  const date = (d: string) => longDate(d, lang);

  // Legal basis: the instrument, the provisions that make the measures available, and alternatives.
  const main = law.relied.find((r) => r.main);
  heading((x) => x.headings.basis);
  if (main) {
    const cites = [...new Set(main.answer.measures.filter((m) => m.available && m.cite).map((m) => m.cite as string))];
    const cite = cites.join("; ") || main.instrument;
    blocks.push({ kind: "fixed", text: fx((x) => x.basisMain(main.title, cite)) });
    const alternatives = law.relied.filter((r) => !r.main).map((r) => r.title);
    if (alternatives.length > 0) blocks.push({ kind: "fixed", text: fx((x) => x.basisAlternative(alternatives.join("; "))) });
  }

  for (const section of sectionOrder(law)) {
    switch (section) {
      case "authority":
        heading((x) => x.headings.authority);
        field((x) => x.conductedBy, draft.authority.conductedBy);
        field((x) => x.functions, draft.authority.conductedByFunctions);
        break;
      case "subject":
        heading((x) => x.headings.subject);
        field((x) => x.nature, t.natures[draft.subject.nature] + (t2 ? ` / ${t2.natures[draft.subject.nature]}` : ""));
        free(draft.subject.description);
        field((x) => x.stage, draft.subject.stage);
        break;
      case "facts":
        heading((x) => x.headings.facts);
        free(draft.facts);
        break;
      case "offences":
        heading((x) => x.headings.offences);
        draft.offences.forEach((o, i) => {
          blocks.push({ kind: "subheading", text: fx((x) => `${x.offence} ${i + 1}: ${o.name.trim()}`) });
          field((x) => x.provision, o.provision);
          field((x) => x.provisionText, o.text);
          field((x) => x.penalty, o.penalty);
        });
        break;
      case "assistance":
        heading((x) => x.headings.assistance);
        draft.measures.forEach((m, i) => {
          blocks.push({ kind: "subheading", text: fx((x) => `${n}.${i + 1} ${x.measures[m.measure]}`) });
          measureBlocks(m, t, t2, field);
        });
        break;
      case "purpose":
        heading((x) => x.headings.purpose);
        free(draft.purpose);
        if (has(draft.relevance)) {
          blocks.push({ kind: "subheading", text: fx((x) => x.relevance) });
          free(draft.relevance);
        }
        break;
      case "procedures":
        heading((x) => x.headings.procedures);
        if (has(draft.procedures.text)) free(draft.procedures.text);
        else blocks.push({ kind: "fixed", text: fx((x) => x.noProcedure) });
        break;
      case "confidentiality":
        heading((x) => x.headings.confidentiality);
        if (draft.confidentialityRequest.required) {
          blocks.push({ kind: "fixed", text: fx((x) => x.confidentialityRequested) });
          free(draft.confidentialityRequest.reasons);
        } else blocks.push({ kind: "fixed", text: fx((x) => x.noConfidentiality) });
        break;
      case "urgency":
        heading((x) => x.headings.urgency);
        if (draft.urgency.urgent) {
          blocks.push({ kind: "fixed", text: fx((x) => x.urgent(longDate(draft.urgency.respondBy, secondLangOf(x) ?? lang))) });
          free(draft.urgency.reason);
        } else blocks.push({ kind: "fixed", text: fx((x) => x.noTimeLimit) });
        break;
    }
  }

  const contacts = draft.contacts.filter((c) => has(c.name));
  if (contacts.length > 0) {
    heading((x) => x.headings.contacts);
    for (const c of contacts) blocks.push({ kind: "free", text: [c.name, c.role, c.phone, c.email].filter(has).join(" · ") });
  }

  // Language: what the requested state requires (from the law) and whether a translation is still needed.
  heading((x) => x.headings.language);
  const languages = main?.answer.languages ?? [];
  const required = [...new Set(languages.map((l) => l.language))];
  const names = (x: FixedText) => required.map((l) => languageName(l, langOf(x))).join(", ");
  const ruled = languages.find((l) => !l.fallback);
  if (required.length > 0) {
    blocks.push({
      kind: "fixed",
      text: fx((x) =>
        ruled ? x.languageRequired(names(x), [...new Set(languages.map((l) => l.cite))].join("; ")) : x.languageFallback(names(x)),
      ),
    });
    blocks.push({ kind: "fixed", text: fx((x) => x.writtenIn(languageName(lang, langOf(x)))) });
    blocks.push({
      kind: "fixed",
      text: fx((x) => (required.includes(lang) ? x.noTranslationNeeded : x.translationNeeded(names(x)))),
    });
  } else blocks.push({ kind: "fixed", text: fx((x) => x.writtenIn(languageName(lang, langOf(x)))) });

  heading((x) => x.headings.annexes);
  const annexes = draft.annexes.filter((a) => has(a.title));
  if (annexes.length === 0) blocks.push({ kind: "fixed", text: fx((x) => x.noAnnexes) });
  annexes.forEach((a, i) => {
    blocks.push({ kind: "field", label: fx((x) => x.annex(i + 1)), value: a.title.trim() });
  });

  const requested = stateName(draft.requested, lang);
  const marking =
    draft.confidentiality === "strictly_confidential"
      ? fx((x) => x.strictlyConfidential)
      : draft.confidentiality === "confidential"
        ? fx((x) => x.confidential)
        : undefined;
  const meta: RequestDocument["meta"] = [];
  if (has(draft.ourReference)) meta.push({ label: fx((x) => x.ourReference), value: draft.ourReference.trim() });
  if (has(draft.theirReference)) meta.push({ label: fx((x) => x.yourReference), value: draft.theirReference.trim() });
  meta.push({ label: fx((x) => x.date), value: date(draft.requestDate) });
  meta.push({ label: fx((x) => x.to), value: requested });
  if (has(draft.authority.centralAuthority)) meta.push({ label: fx((x) => x.from), value: draft.authority.centralAuthority.trim() });
  blocks.unshift({
    kind: "fixed",
    text: fx((x) =>
      x.intro(
        draft.authority.centralAuthority.trim()
          ? { kind: "authority", name: draft.authority.centralAuthority.trim() }
          : { kind: "state", name: stateName(draft.requesting, langOf(x)) },
        requestedState(draft.requested, langOf(x)),
      ),
    ),
  });

  return {
    lang,
    dir: t.dir,
    addressee: addresseeLines(draft, main?.instrument, t, lang),
    ...(t2 && secondLang ? { second: { lang: secondLang, dir: t2.dir } } : {}),
    letterhead: [draft.authority.centralAuthority, ...draft.authority.centralAuthorityAddress.split("\n")].map((l) => l.trim()).filter(has),
    ...(marking ? { marking } : {}),
    title: fx((x) => x.title),
    meta,
    blocks,
    signature: [
      ...(has(draft.signatory.place) ? [t.signedAt(draft.signatory.place.trim(), date(draft.requestDate))] : [date(draft.requestDate)]),
      "",
      "",
      draft.signatory.name.trim(),
      draft.signatory.title.trim(),
    ],
    colon: t.colon,
    page: (p, of) => t.page(p, of),
    properties: {
      title: t.title,
      reference: draft.ourReference.trim(),
      date: draft.requestDate,
      author: draft.authority.centralAuthority.trim(),
    },
    internalNotes: law.warnings.map((w) => w.message),
  };

  function langOf(x: FixedText): DocumentLanguage {
    return x === t2 && secondLang ? secondLang : lang;
  }
  function secondLangOf(x: FixedText): DocumentLanguage | undefined {
    return x === t2 ? secondLang : undefined;
  }
}

/** The addressee block: the draft's addressee where it is for this state and basis, else the state's central authority. */
function addresseeLines(draft: DraftContent, instrument: string | undefined, t: FixedText, lang: DocumentLanguage): string[] {
  const a = draft.addressee;
  const entry = a && a.jurisdiction === draft.requested && a.instrument === instrument ? a.entry : undefined;
  if (!entry) return [t.centralAuthorityOf(requestedState(draft.requested, lang))];
  return [entry.authority, ...(entry.address?.text.split("\n") ?? []), ...(entry.email ? [`${t.email}${t.colon}${entry.email.value}`] : [])]
    .map((l) => l.trim())
    .filter(has);
}

function measureBlocks(
  m: MeasureRequest,
  t: FixedText,
  t2: FixedText | undefined,
  field: (pick: (x: FixedText) => string, value: string | undefined) => void,
) {
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : `${v ? t.yes : t.no}${t2 ? ` / ${v ? t2.yes : t2.no}` : ""}`);
  field((x) => x.labels.description, m.description);
  if (m.person && has(m.person.name)) {
    field((x) => x.labels.person, m.person.name);
    field((x) => x.labels.role, `${t.roles[m.person.role]}${t2 ? ` / ${t2.roles[m.person.role]}` : ""}`);
    field((x) => x.labels.dateOfBirth, m.person.dateOfBirth);
    field((x) => x.labels.nationality, m.person.nationality);
    field((x) => x.labels.address, m.person.address);
  }
  const keys = [
    "holder",
    "recordType",
    "period",
    "documentToServe",
    "place",
    "items",
    "domesticOrder",
    "custodyArrangements",
    "returnBy",
    "provider",
    "accountIdentifiers",
    "dateRange",
    "preservationReference",
    "asset",
    "assetHolder",
    "assetValue",
    "attendance",
  ] as const;
  for (const k of keys) field((x) => x.labels[k], m[k]);
  field((x) => x.labels.questions, m.questions);
  field((x) => x.labels.underOath, yesNo(m.underOath));
  field((x) => x.labels.videoLink, yesNo(m.videoLink));
  field((x) => x.labels.custodyConsent, yesNo(m.custodyConsent));
}
