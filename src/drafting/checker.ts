/**
 * The completeness check of a draft. What the bases the request relies on require (their provisions on
 * the contents of requests) and is missing blocks approval, citing the provision; what they advise, and
 * what practice expects though no basis requires it, is a warning. The same function runs in the browser
 * as the user types and on the server before approval.
 */
import type { Citation, RequirementAnswer } from "../law/basis.js";
import type { Measure, RequestContentItem } from "../law/codes.js";
import { type DraftContent, MEASURE_FIELDS, type MeasureRequest, type StepId, measureValue } from "./draft.js";
import type { DraftLaw } from "./law.js";
import { type Risk, risksOf } from "./risks.js";

export interface ChecklistEntry {
  /** Stable within a draft: the item, and the measure's position for items asked per measure. */
  id: string;
  item: RequestContentItem | "setup" | "contacts" | "signature";
  label: string;
  step: StepId;
  /** The draft field to fill (a path such as "facts" or "measures.0.questions"). */
  field: string;
  /** required blocks approval; advised is a warning. */
  level: "required" | "advised";
  /** law: a basis's provision asks for it; practice: no basis does, but requests lacking it come back; setup: needed to determine the law. */
  source: "law" | "practice" | "setup";
  satisfied: boolean;
  citations: Citation[];
  measureIndex?: number;
  /** The measure of `measureIndex`, so a screen can name it in its own words. */
  measure?: Measure;
}

export interface CheckResult {
  entries: ChecklistEntry[];
  blocking: ChecklistEntry[];
  warnings: ChecklistEntry[];
  risks: Risk[];
  /** True when nothing blocks approval. */
  ready: boolean;
}

/** Plain-language names of the items a request may have to contain. */
export const ITEM_LABELS: Record<RequestContentItem, string> = {
  requesting_authority: "The authority conducting the investigation or proceedings",
  subject_and_nature: "The subject and nature of the case",
  stage_of_proceedings: "The stage of the proceedings",
  facts_summary: "A summary of the facts",
  offence_text: "The offences, with the text of the provisions",
  penalties: "The penalties for each offence",
  purpose: "The purpose of the request",
  evidence_sought: "A description of the assistance or evidence sought",
  relevance: "How the evidence sought relates to the case",
  person_identity: "The identity of the person concerned",
  person_location: "Where the person concerned can be found",
  procedure_wanted: "Any particular procedure to be followed",
  confidentiality: "Whether confidentiality is needed, and why",
  time_limit: "Any time limit, and the reason for urgency",
  property_description: "A description of the property, place or items",
  court_order: "The domestic order on which the measure rests",
  questions: "The questions to be put",
  other: "Other information",
  conducting_authority: "The name and functions of the authority conducting the investigation or proceedings",
};

/** Items answered once for the whole request, with their step and field. */
const DRAFT_ITEMS: Partial<Record<RequestContentItem, { step: StepId; field: string; done: (d: DraftContent) => boolean }>> = {
  requesting_authority: { step: "authority", field: "authority.conductedBy", done: (d) => filled(d.authority.conductedBy) },
  conducting_authority: {
    step: "authority",
    field: "authority.conductedByFunctions",
    done: (d) => filled(d.authority.conductedBy) && filled(d.authority.conductedByFunctions),
  },
  subject_and_nature: { step: "subject", field: "subject.description", done: (d) => filled(d.subject.description) },
  stage_of_proceedings: { step: "subject", field: "subject.stage", done: (d) => filled(d.subject.stage) },
  facts_summary: { step: "facts", field: "facts", done: (d) => filled(d.facts) },
  offence_text: {
    step: "offences",
    field: "offences",
    done: (d) => d.offences.length > 0 && d.offences.every((o) => filled(o.name) && filled(o.text)),
  },
  penalties: { step: "offences", field: "offences", done: (d) => d.offences.length > 0 && d.offences.every((o) => filled(o.penalty)) },
  purpose: { step: "purpose", field: "purpose", done: (d) => filled(d.purpose) },
  relevance: { step: "purpose", field: "relevance", done: (d) => filled(d.relevance) },
  procedure_wanted: { step: "procedures", field: "procedures.text", done: (d) => d.procedures.none || filled(d.procedures.text) },
  confidentiality: {
    step: "confidentiality",
    field: "confidentialityRequest",
    done: (d) => d.confidentialityRequest.answered && (!d.confidentialityRequest.required || filled(d.confidentialityRequest.reasons)),
  },
  time_limit: {
    step: "urgency",
    field: "urgency",
    done: (d) => d.urgency.answered && (!d.urgency.urgent || (filled(d.urgency.reason) && filled(d.urgency.respondBy))),
  },
};

const filled = (v: string | undefined | null) => typeof v === "string" && v.trim().length > 0;

/** Items answered per measure: the fields of that measure that answer the item. */
function measureFieldsFor(item: RequestContentItem, measure: Measure) {
  if (item === "evidence_sought") return [{ key: "description" as const }];
  return MEASURE_FIELDS[measure].filter((f) => f.item === item && f.kind !== "bool");
}

const measureItemDone = (m: MeasureRequest, item: RequestContentItem) =>
  measureFieldsFor(item, m.measure).every((f) => filled(measureValue(m, f.key) as string | undefined));

/** Does a requirement of a basis concern this draft (unrestricted, or restricted to a measure it seeks)? */
const concerns = (r: RequirementAnswer, measures: Measure[]) => !r.measures || r.measures.some((m) => measures.includes(m));

/** A requirement of one relied basis, with its level and citations. */
interface Requirement {
  item: RequestContentItem;
  level: "required" | "advised";
  citations: Citation[];
  measures?: Measure[];
}

/** Every requirement of the bases the draft relies on that concerns one of its measures. */
export function reliedRequirements(law: Pick<DraftLaw, "relied">, measures: Measure[]): Requirement[] {
  return law.relied.flatMap((basis) => basis.answer.requirements.filter((r) => r.item !== "other" && concerns(r, measures)));
}

/** Merges the requirements on one item that concern the given measures: required if any requires it. */
function rulesFor(reqs: Requirement[], item: RequestContentItem, measures: Measure[]) {
  const applicable = reqs.filter((r) => r.item === item && (!r.measures || r.measures.some((m) => measures.includes(m))));
  if (applicable.length === 0) return null;
  return {
    level: applicable.some((r) => r.level === "required") ? ("required" as const) : ("advised" as const),
    citations: applicable.flatMap((r) => r.citations),
  };
}

/** Items practice expects in every request though no basis may require them (warnings only). */
const PRACTICE_ITEMS: RequestContentItem[] = [
  "requesting_authority",
  "subject_and_nature",
  "stage_of_proceedings",
  "facts_summary",
  "offence_text",
  "penalties",
  "purpose",
  "evidence_sought",
  "relevance",
  "person_identity",
  "person_location",
  "questions",
  "property_description",
  "court_order",
  "time_limit",
  "confidentiality",
];

/** Checks a draft against the law it relies on. */
export function checkDraft(draft: DraftContent, law: DraftLaw | { answer: null; relied: []; problems: DraftLaw["problems"] }): CheckResult {
  const entries: ChecklistEntry[] = [];
  for (const p of law.problems)
    entries.push({
      id: `setup:${p.field}`,
      item: "setup",
      label: p.message,
      step: "basis",
      field: p.field,
      level: "required",
      source: "setup",
      satisfied: false,
      citations: [],
    });
  const measures = [...new Set(draft.measures.map((m) => m.measure))];
  const reqs = law.answer ? reliedRequirements(law, measures) : [];
  const items = new Set<RequestContentItem>([...reqs.map((r) => r.item), ...PRACTICE_ITEMS]);
  for (const item of items) {
    const once = DRAFT_ITEMS[item];
    if (once) {
      const rule = rulesFor(reqs, item, measures);
      entries.push({
        id: item,
        item,
        label: ITEM_LABELS[item],
        step: once.step,
        field: once.field,
        level: rule?.level ?? "advised",
        source: rule ? "law" : "practice",
        satisfied: once.done(draft),
        citations: rule?.citations ?? [],
      });
      continue;
    }
    draft.measures.forEach((m, i) => {
      const fields = measureFieldsFor(item, m.measure);
      if (fields.length === 0) return;
      const rule = rulesFor(reqs, item, [m.measure]);
      entries.push({
        id: `${item}:${i}`,
        item,
        label: `${ITEM_LABELS[item]} (measure ${i + 1}: ${m.measure.replaceAll("_", " ")})`,
        step: "measures",
        field: `measures.${i}.${fields[0]?.key ?? "description"}`,
        level: rule?.level ?? "advised",
        source: rule ? "law" : "practice",
        satisfied: measureItemDone(m, item),
        citations: rule?.citations ?? [],
        measureIndex: i,
        measure: m.measure,
      });
    });
  }
  entries.push({
    id: "contacts",
    item: "contacts",
    label: "A contact person for the requested authority",
    step: "contacts",
    field: "contacts",
    level: "advised",
    source: "practice",
    satisfied: draft.contacts.some((c) => filled(c.name) && (filled(c.email) || filled(c.phone))),
    citations: [],
  });
  entries.push({
    id: "signature",
    item: "signature",
    label: "The name and title of the person signing",
    step: "annexes",
    field: "signatory.name",
    level: "advised",
    source: "practice",
    satisfied: filled(draft.signatory.name) && filled(draft.signatory.title),
    citations: [],
  });
  const blocking = entries.filter((e) => e.level === "required" && !e.satisfied);
  const warnings = entries.filter((e) => e.level === "advised" && !e.satisfied);
  const risks = law.answer ? risksOf(draft, law as DraftLaw) : [];
  return { entries, blocking, warnings, risks, ready: blocking.length === 0 };
}

/** The items the check requires by law (for the property test and the API): item ids, per measure where asked per measure. */
export const requiredByLaw = (r: CheckResult) => r.entries.filter((e) => e.source === "law" && e.level === "required").map((e) => e.id);
