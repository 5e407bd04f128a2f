/**
 * The words the screens show for the register's codes (issue 14 §4): one list per vocabulary, used by
 * every page, so a measure reads "Search and seizure" on the case list, the case page, the explorer and
 * the request writer alike. Codes stay in URLs and JSON; people read these.
 */
import { MEASURES, type Measure, OFFENCE_FAMILIES, type OffenceFamily } from "../../src/law/codes";
import { MEASURE_WORDS } from "../../src/law/measure-words";
import { ICCS_CODES, ICCS_SECTIONS, type IccsSection } from "../../src/law/iccs";
import { type CaseState, INCOMING_STATES, OUTGOING_STATES } from "../../src/cases/workflow";
import { label as codeLabel } from "./format";
import { currentLanguage, i18next } from "./i18n";

// The words namespace is asked for as soon as a page imports these labels, so it is there (and is
// loaded again with every other language chosen) when the page shows a state or an offence.
void i18next.loadNamespaces("words");

/**
 * A code's words in the screens' language: the English below as it is in English (and whenever the
 * language's words have not arrived), the `words` namespace's otherwise.
 */
function inLanguage(key: string, english: string): string {
  if (currentLanguage() === "en") return english;
  return i18next.t(key, { ns: "words", defaultValue: english });
}

/** Forms of assistance, in the words of the English request documents (one list for both, src/law/measure-words.ts). */
export const MEASURE_LABELS: Record<Measure, string> = MEASURE_WORDS.en;

/** The measures in the order of the law's vocabulary, with their words, for pickers. */
export const MEASURE_CHOICES: readonly { code: Measure; label: string }[] = MEASURES.map((code) => ({ code, label: MEASURE_LABELS[code] }));

/** A measure in words, in the screens' language; an unknown code (a newer server) falls back to the code made readable. */
export function measureLabel(code: string): string {
  return MEASURE_WORDS[currentLanguage()][code as Measure] ?? MEASURE_LABELS[code as Measure] ?? codeLabel(code);
}

/** The measures with their words in the screens' language, for pickers. */
export function measureChoices(): { code: Measure; label: string }[] {
  return MEASURES.map((code) => ({ code, label: measureLabel(code) }));
}

/** The workflow states of both directions, in words. */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  received: "Received",
  registered: "Registered",
  under_review: "Under review",
  awaiting_information: "Awaiting information",
  awaiting_confidentiality_choice: "Awaiting the requesting state's choice on confidentiality",
  accepted: "Accepted",
  in_execution: "In execution",
  executed: "Executed",
  evidence_returned: "Evidence returned",
  postponed: "Postponed",
  refused: "Refused",
  withdrawn: "Withdrawn",
  closed: "Closed",
  draft: "Draft",
  approved: "Approved",
  translated: "Translated",
  sent: "Sent",
  acknowledged: "Acknowledged",
  under_execution: "Under execution",
  evidence_received: "Evidence received",
  refused_by_partner: "Refused by the requested state",
};

/** The states an incoming and an outgoing case go through, in workflow order, for the state filter. */
export const STATE_GROUPS: readonly { direction: "incoming" | "outgoing"; label: string; states: readonly CaseState[] }[] = [
  // The workflow's own lists (src/cases/workflow.ts), so the filter cannot drift from the machine.
  { direction: "incoming", label: "Incoming requests", states: INCOMING_STATES },
  { direction: "outgoing", label: "Outgoing requests", states: OUTGOING_STATES },
];

/** A workflow state in words, in the screens' language. */
export function stateLabel(code: string): string {
  const english = CASE_STATE_LABELS[code as CaseState];
  return english ? inLanguage(`states.${code}`, english) : codeLabel(code);
}

/** A state group's heading ("Incoming requests") in the screens' language. */
export function stateGroupLabel(direction: "incoming" | "outgoing"): string {
  const english = STATE_GROUPS.find((g) => g.direction === direction)?.label ?? direction;
  return inLanguage(`stateGroups.${direction}`, english);
}

/** The offence families the basis engine knows (src/law/codes.ts), in words. */
export const OFFENCE_LABELS: Record<OffenceFamily, string> = Object.fromEntries(
  OFFENCE_FAMILIES.map((code) => [code, codeLabel(code)]),
) as Record<OffenceFamily, string>;

/** An offence family in words, in the screens' language ("organised crime"). */
export function offenceLabel(code: string): string {
  const english = OFFENCE_LABELS[code as OffenceFamily];
  return english ? inLanguage(`offences.${code}`, english) : codeLabel(code);
}

/**
 * An ICCS level-1 section in words, in the screens' language (the `words` namespace: our translations of
 * UNODC's English names, src/law/iccs.ts; unknown codes as given).
 */
export function iccsLabel(code: string): string {
  const english: string | undefined = (ICCS_SECTIONS as Record<string, string>)[code];
  return english === undefined ? code : inLanguage(`iccs.${code}`, english);
}

/** An EU list category (FD 2002/584/JHA art. 2(2)) in words: the official FR/ES wordings, our translations elsewhere. */
export function euOffenceLabel(n: number, english: string): string {
  return inLanguage(`euOffences.${n}`, english);
}

/** The note on the EU list categories not checked against a copy of art. 2(2), in the screens' language. */
export function euOffenceUnverifiedLabel(english: string): string {
  return inLanguage("euOffenceUnverified", english);
}

/** The ICCS level-1 sections in section order, "07 — Acts involving fraud, deception or corruption". */
export function iccsChoices(): { code: IccsSection; label: string }[] {
  return ICCS_CODES.map((code) => ({ code, label: `${code} — ${iccsLabel(code)}` }));
}

/** Deadline kinds of the queue, in words. */
export const DEADLINE_LABELS: Record<string, string> = {
  register: "Register the request",
  decide: "Decide on the request",
  send: "Send the request",
  respond_by: "Answer by the date asked",
  written_confirmation: "Written confirmation of an urgent request",
  measure: "Execute the measure",
  safe_conduct: "Safe conduct ends",
  custody_return: "Return the person in custody",
  freeze_expiry: "Renew or let lapse the freezing order",
};

/** A deadline kind in words, in the screens' language. */
export function deadlineLabel(code: string): string {
  const english = DEADLINE_LABELS[code];
  return english ? inLanguage(`deadlines.${code}`, english) : codeLabel(code);
}
