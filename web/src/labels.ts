/**
 * The words the screens show for the register's codes (issue 14 §4): one list per vocabulary, used by
 * every page, so a measure reads "Search and seizure" on the case list, the case page, the explorer and
 * the request writer alike. Codes stay in URLs and JSON; people read these.
 */
import { MEASURES, type Measure } from "../../src/law/codes";
import { MEASURE_WORDS } from "../../src/law/measure-words";
import { ICCS_CODES, ICCS_SECTIONS, type IccsSection } from "../../src/law/iccs";
import { type CaseState, INCOMING_STATES, OUTGOING_STATES } from "../../src/cases/workflow";
import { label as codeLabel } from "./format";

/** Forms of assistance, in the words of the English request documents (one list for both, src/law/measure-words.ts). */
export const MEASURE_LABELS: Record<Measure, string> = MEASURE_WORDS.en;

/** The measures in the order of the law's vocabulary, with their words, for pickers. */
export const MEASURE_CHOICES: readonly { code: Measure; label: string }[] = MEASURES.map((code) => ({ code, label: MEASURE_LABELS[code] }));

/** A measure in words; an unknown code (a newer server) falls back to the code made readable. */
export function measureLabel(code: string): string {
  return MEASURE_LABELS[code as Measure] ?? codeLabel(code);
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

/** A workflow state in words. */
export function stateLabel(code: string): string {
  return CASE_STATE_LABELS[code as CaseState] ?? codeLabel(code);
}

/** The ICCS level-1 sections in section order, "07 — Acts involving fraud, deception or corruption". */
export const ICCS_CHOICES: readonly { code: IccsSection; label: string }[] = ICCS_CODES.map((code) => ({
  code,
  label: `${code} — ${ICCS_SECTIONS[code]}`,
}));

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
};

/** A deadline kind in words. */
export function deadlineLabel(code: string): string {
  return DEADLINE_LABELS[code] ?? codeLabel(code);
}
