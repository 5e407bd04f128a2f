/**
 * The two state machines of a case, one per direction, and their guards. Pure: given what is known
 * about a case (its state, its stored legal basis, consultations, measures), it says whether an action
 * may happen and, if not, which rule forbids it, citing the provision where the rule comes from the
 * law. `transition` (casework.ts) applies an allowed transition in one transaction.
 */
import type { BasisAnswer } from "../law/basis.js";
import type { Ground } from "../law/codes.js";
import type { Role } from "../policies/policy.js";
import type { Words } from "../words.js";

export const INCOMING_STATES = [
  "received",
  "registered",
  "under_review",
  "awaiting_information",
  "awaiting_confidentiality_choice",
  "accepted",
  "in_execution",
  "executed",
  "evidence_returned",
  "postponed",
  "refused",
  "withdrawn",
  "closed",
] as const;
export const OUTGOING_STATES = [
  "draft",
  "approved",
  "translated",
  "sent",
  "acknowledged",
  "under_execution",
  "executed",
  "evidence_received",
  "refused_by_partner",
  "withdrawn",
  "closed",
] as const;
/**
 * The states of a transfer of a sentenced person (case kind 'tsp'), whose own steps are in
 * src/transfers: kept here beside the request's states, which they never share (the prefix).
 */
export const TRANSFER_STATES = ["transfer_open", "transfer_agreed", "transfer_refused", "transfer_handed_over", "transfer_closed"] as const;
export type IncomingState = (typeof INCOMING_STATES)[number];
export type OutgoingState = (typeof OUTGOING_STATES)[number];
export type CaseState = IncomingState | OutgoingState;
export type Direction = "incoming" | "outgoing";

export const MEASURE_STATUSES = ["requested", "accepted", "refused", "postponed", "executed", "not_executed"] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

interface TransitionDef {
  direction: Direction;
  action: string;
  from: readonly CaseState[];
  to: CaseState;
  label: string;
  /** Roles that may decide it (the route also requires case:update). */
  roles?: readonly Role[];
  /**
   * A step that cannot be undone: the page asks for confirmation, and for a reason where the law or
   * the central authority's practice expects one ("required") or welcomes one ("optional"). The
   * reason goes on the timeline and, for a decision, into the notice to the other state.
   */
  final?: { reason: "required" | "optional" };
}

const ANY_OPEN_IN: IncomingState[] = [
  "received",
  "registered",
  "under_review",
  "awaiting_information",
  "awaiting_confidentiality_choice",
  "accepted",
  "in_execution",
  "postponed",
];
const ANY_OPEN_OUT: OutgoingState[] = ["draft", "approved", "translated", "sent", "acknowledged", "under_execution"];

/** Every transition of both machines. */
export const TRANSITIONS: readonly TransitionDef[] = [
  { direction: "incoming", action: "register", from: ["received"], to: "registered", label: "Register" },
  { direction: "incoming", action: "start_review", from: ["registered"], to: "under_review", label: "Start the review" },
  {
    direction: "incoming",
    action: "request_information",
    from: ["under_review"],
    to: "awaiting_information",
    label: "Ask the requesting state for more information",
  },
  {
    direction: "incoming",
    action: "information_received",
    from: ["awaiting_information"],
    to: "under_review",
    label: "Further information received",
  },
  {
    direction: "incoming",
    action: "notify_confidentiality_impossible",
    from: ["under_review", "accepted"],
    to: "awaiting_confidentiality_choice",
    label: "Tell the requesting state the request cannot be kept confidential",
  },
  {
    direction: "incoming",
    action: "requester_proceeds",
    from: ["awaiting_confidentiality_choice"],
    to: "under_review",
    label: "The requesting state chose to proceed",
  },
  {
    direction: "incoming",
    action: "accept",
    from: ["under_review"],
    to: "accepted",
    label: "Accept (in whole or in part)",
    roles: ["supervisor"],
  },
  { direction: "incoming", action: "start_execution", from: ["accepted"], to: "in_execution", label: "Send the measures for execution" },
  { direction: "incoming", action: "mark_executed", from: ["in_execution"], to: "executed", label: "Execution finished" },
  {
    direction: "incoming",
    action: "return_evidence",
    from: ["executed"],
    to: "evidence_returned",
    label: "Evidence returned to the requesting state",
  },
  {
    direction: "incoming",
    action: "postpone",
    from: ["under_review", "accepted", "in_execution"],
    to: "postponed",
    label: "Postpone",
    roles: ["supervisor"],
  },
  { direction: "incoming", action: "resume", from: ["postponed"], to: "under_review", label: "Resume after postponement" },
  {
    direction: "incoming",
    action: "refuse",
    from: ["under_review", "awaiting_information"],
    to: "refused",
    label: "Refuse",
    roles: ["supervisor"],
    final: { reason: "required" },
  },
  {
    direction: "incoming",
    action: "withdrawn_by_requester",
    from: ANY_OPEN_IN,
    to: "withdrawn",
    label: "Withdrawn by the requesting state",
    final: { reason: "optional" },
  },
  {
    direction: "incoming",
    action: "close",
    from: ["evidence_returned", "refused", "withdrawn"],
    to: "closed",
    label: "Close",
    final: { reason: "optional" },
  },
  {
    direction: "outgoing",
    action: "approve",
    from: ["draft"],
    to: "approved",
    label: "Approve",
    roles: ["supervisor"],
    final: { reason: "optional" },
  },
  { direction: "outgoing", action: "mark_translated", from: ["approved"], to: "translated", label: "Translation done" },
  { direction: "outgoing", action: "send", from: ["translated"], to: "sent", label: "Send to the requested state" },
  { direction: "outgoing", action: "acknowledged", from: ["sent"], to: "acknowledged", label: "Receipt acknowledged" },
  {
    direction: "outgoing",
    action: "execution_started",
    from: ["acknowledged"],
    to: "under_execution",
    label: "Partner reports execution under way",
  },
  {
    direction: "outgoing",
    action: "partner_executed",
    from: ["under_execution"],
    to: "executed",
    label: "Partner reports execution (in whole or in part)",
  },
  { direction: "outgoing", action: "evidence_received", from: ["executed"], to: "evidence_received", label: "Evidence received" },
  {
    direction: "outgoing",
    action: "partner_refused",
    from: ["sent", "acknowledged", "under_execution"],
    to: "refused_by_partner",
    label: "Partner refused",
  },
  {
    direction: "outgoing",
    action: "withdraw",
    from: ANY_OPEN_OUT,
    to: "withdrawn",
    label: "Withdraw the request",
    final: { reason: "required" },
  },
  {
    direction: "outgoing",
    action: "close",
    from: ["evidence_received", "refused_by_partner", "withdrawn"],
    to: "closed",
    label: "Close",
    final: { reason: "optional" },
  },
];

export const ACTIONS = [...new Set(TRANSITIONS.map((t) => t.action))];

/** What the guards need to know about a case. */
export interface CaseFacts {
  direction: Direction;
  state: CaseState;
  basis: BasisAnswer | null;
  /** Consultations recorded with the requesting state, with the conditions considered. */
  consultations: { heldOn: string; conditionsConsidered: string }[];
  measures: { id: string; status: MeasureStatus; assigned: boolean }[];
  /** Evidence items recorded on the case. */
  evidenceCount: number;
  /** Whether the case has been in execution (incoming: sent for execution; outgoing: the partner reported it under way or done). */
  executionReached: boolean;
  confidentialityIssue: "pending" | "proceed" | null;
  /**
   * For an outgoing case drafted with the request writer: what its draft still lacks that a relied-on
   * basis requires (the request writer's check, run again), so a supervisor cannot approve a request
   * edited into incompleteness after it became a case. Absent for cases not drafted in Rogatory.
   */
  draftMissing?: { label: string; cite: string }[];
}

/** What the deciding officer supplies with the action. */
export interface TransitionInput {
  action: string;
  /** Refusal or postponement grounds (codes from the law). */
  grounds?: Ground[];
  reasons?: string;
  /** For a partial acceptance: the measures refused, with the grounds above. */
  refusedMeasures?: string[];
}

export interface Refusal {
  ok: false;
  /** Stable rule id, e.g. refusal_ground_excluded. */
  rule: string;
  message: string;
  field?: string;
  /** The provision the rule comes from, when it comes from the law. */
  provision?: string;
  cite?: string;
  /** The message as a key of the web app's words (case:why.*) and its values, where it has one. */
  words?: Words;
}

export type Verdict = { ok: true; to: CaseState; def: TransitionDef } | Refusal;

const no = (rule: string, message: string, extra: Partial<Refusal> = {}): Refusal => ({ ok: false, rule, message, ...extra });
/** The words of a refusal: the key case:why.<variant> (the rule, or the rule and which of its sentences). */
const why = (variant: string, params?: Words["params"]): { words: Words } => ({
  words: { key: `case:why.${variant}`, ...(params ? { params } : {}) },
});

/** A ground as people read it: "bank_secrecy" → "bank secrecy". */
export const groundWords = (ground: string) => ground.replace(/_/g, " ");
const sentence = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
/** The instrument's short title from a citation ("US–Russia MLAT, Art. 4" → "US–Russia MLAT"; see citeOf in law/basis.ts). */
const instrumentOf = (cite: string) => cite.split(", ")[0] ?? cite;

/** Checks refusal (or postponement) grounds against the case's legal basis. */
export function checkGrounds(facts: CaseFacts, input: TransitionInput, kind: "refusal" | "postponement"): Refusal | null {
  const grounds = input.grounds ?? [];
  if (!input.reasons || input.reasons.trim().length < 10)
    return no(
      "reasons_required",
      `A ${kind} must state its reasons (at least 10 characters); they go into the notice to the requesting state.`,
      { field: "reasons", ...why(`reasons_required_${kind}`) },
    );
  if (!facts.basis)
    return no(
      "legal_basis_missing",
      "The case has no legal basis recorded; determine it before deciding.",
      why("legal_basis_missing_decision"),
    );
  if (kind === "refusal" && grounds.length === 0)
    return no("grounds_required", "A refusal must cite at least one ground.", { field: "grounds", ...why("grounds_required") });
  for (const g of grounds) {
    const excluded = facts.basis.excludedGrounds.find((x) => x.ground === g);
    if (excluded)
      return no(
        "refusal_ground_excluded",
        `${sentence(groundWords(g))} may not be invoked under the ${instrumentOf(excluded.cite)} (${excluded.cite}).`,
        { field: "grounds", provision: excluded.provision, cite: excluded.cite },
      );
    if (!facts.basis.refusalGrounds.some((x) => x.ground === g)) {
      const offered = [...new Set(facts.basis.refusalGrounds.map((x) => groundWords(x.ground)))].join("; ") || "none";
      return no(
        "refusal_ground_not_provided",
        `The legal basis does not provide "${groundWords(g)}" as a ground for refusal. Grounds it provides: ${offered}.`,
        { field: "grounds" },
      );
    }
  }
  const consult = facts.basis.consultationBeforeRefusal;
  const needed = consult.required && (kind === "refusal" || consult.beforePostponement === true);
  if (needed && !facts.consultations.some((c) => c.conditionsConsidered.trim().length > 0))
    return no(
      "consultation_required",
      `Before a ${kind}, the basis requires consulting the requesting state and considering whether assistance can be given subject to conditions (${consult.cite}). Record the consultation first.`,
      { provision: consult.provision, cite: consult.cite },
    );
  return null;
}

/** Whether the action may happen now, and to which state; or the rule that forbids it. */
export function check(facts: CaseFacts, input: TransitionInput, role: Role): Verdict {
  const def = TRANSITIONS.find((t) => t.direction === facts.direction && t.action === input.action);
  if (!def) return no("unknown_action", `"${input.action}" is not an action on ${facts.direction} cases.`, { field: "action" });
  if (!def.from.includes(facts.state))
    return no(
      "transition_not_allowed",
      `"${def.label}" is not possible while the case is ${facts.state.replace(/_/g, " ")} (only when ${def.from.map((f) => f.replace(/_/g, " ")).join(", ")}).`,
      { field: "action", ...why("transition_not_allowed", { action: def.action, state: facts.state, states: def.from.join(" ") }) },
    );
  if (def.roles && !def.roles.includes(role))
    return no("supervisor_required", `"${def.label}" is decided by a supervisor.`, why("supervisor_required", { action: def.action }));
  switch (input.action) {
    case "refuse":
      return checkGrounds(facts, input, "refusal") ?? { ok: true, to: def.to, def };
    case "postpone":
      return checkGrounds(facts, input, "postponement") ?? { ok: true, to: def.to, def };
    case "accept": {
      if (facts.confidentialityIssue === "pending")
        return no(
          "confidentiality_choice_pending",
          "The requesting state has not yet chosen whether to proceed without confidentiality.",
          why("confidentiality_choice_pending_accept"),
        );
      const refused = input.refusedMeasures ?? [];
      for (const id of refused)
        if (!facts.measures.some((m) => m.id === id))
          return no("unknown_measure", `No measure ${id} in this case.`, { field: "refusedMeasures", ...why("unknown_measure", { id }) });
      if (refused.length > 0 && refused.length >= facts.measures.length)
        return no("nothing_accepted", "Every measure would be refused: refuse the request instead.", {
          field: "refusedMeasures",
          ...why("nothing_accepted"),
        });
      if (refused.length > 0) {
        const g = checkGrounds(facts, input, "refusal");
        if (g) return g;
      }
      if (facts.measures.length === 0) return no("no_measures", "The case has no measure to accept.", why("no_measures_accept"));
      return { ok: true, to: def.to, def };
    }
    case "start_execution":
      if (facts.confidentialityIssue === "pending")
        return no(
          "confidentiality_choice_pending",
          "No measure may be executed while the requesting state has not chosen to proceed without confidentiality.",
          why("confidentiality_choice_pending_execution"),
        );
      if (!facts.measures.some((m) => m.status === "accepted" && m.assigned))
        return no(
          "no_assigned_measure",
          "Assign at least one accepted measure to an executing authority first.",
          why("no_assigned_measure"),
        );
      return { ok: true, to: def.to, def };
    case "mark_executed":
      if (facts.measures.some((m) => m.status === "accepted"))
        return no(
          "measures_outstanding",
          "Some accepted measures are neither executed nor marked as not executed.",
          why("measures_outstanding"),
        );
      return { ok: true, to: def.to, def };
    case "withdraw":
      // Practice, not treaty law: the requested state must know why it stops work on the request.
      if (!input.reasons || input.reasons.trim().length < 10)
        return no(
          "reasons_required",
          "A withdrawal states its reasons (at least 10 characters); they go into the notice to the requested state.",
          { field: "reasons", ...why("reasons_required_withdrawal") },
        );
      return { ok: true, to: def.to, def };
    case "return_evidence":
    case "evidence_received":
      if (facts.evidenceCount === 0)
        return no(
          "evidence_missing",
          "No evidence is recorded on this case: record the evidence items first (Evidence section).",
          why("evidence_missing"),
        );
      return { ok: true, to: def.to, def };
    case "close": {
      if (!facts.executionReached) return { ok: true, to: def.to, def };
      const open = facts.measures.filter((m) => m.status === "requested" || m.status === "accepted").length;
      if (open > 0)
        return no(
          "execution_report_missing",
          `The case went into execution, but the execution report is incomplete: ${open} measure${open === 1 ? " has" : "s have"} no outcome. Mark each executed or not executed first.`,
          why("execution_report_missing", { count: open }),
        );
      return { ok: true, to: def.to, def };
    }
    case "approve": {
      if (!facts.basis || facts.basis.bases.length === 0)
        return no("legal_basis_missing", "Determine the legal basis before approval.", why("legal_basis_missing_approval"));
      if (facts.measures.length === 0)
        return no("no_measures", "A request without measures cannot be approved.", why("no_measures_approval"));
      const missing = facts.draftMissing?.[0];
      if (missing)
        return no(
          "draft_incomplete",
          `The drafted request lacks what its basis requires: ${missing.label}${missing.cite ? ` (${missing.cite})` : ""}${(facts.draftMissing?.length ?? 0) > 1 ? `, and ${(facts.draftMissing?.length ?? 0) - 1} more` : ""}. Complete the draft first.`,
        );
      return { ok: true, to: def.to, def };
    }
    default:
      return { ok: true, to: def.to, def };
  }
}

/** The actions of the case's machine, each allowed or with the reason it is not (for the case page). */
export interface AvailableAction {
  action: string;
  label: string;
  allowed: boolean;
  why?: string;
  /** `why` as a key of the web app's words (case:why.*) and its values, where it has one. */
  whyWords?: Words;
  /** Present when the step cannot be undone (see TransitionDef.final). */
  final?: { reason: "required" | "optional" };
}

export function availableActions(facts: CaseFacts, role: Role): AvailableAction[] {
  return TRANSITIONS.filter((t) => t.direction === facts.direction && t.from.includes(facts.state)).map((t) => {
    // Decisions that need grounds are shown as possible; their guard runs with what the officer enters.
    const probe: TransitionInput = { action: t.action };
    const needsInput = t.action === "refuse" || t.action === "postpone" || t.action === "withdraw";
    const v = needsInput
      ? t.roles && !t.roles.includes(role)
        ? no("supervisor_required", `"${t.label}" is decided by a supervisor.`, why("supervisor_required", { action: t.action }))
        : null
      : check(facts, probe, role);
    const final = t.final ? { final: t.final } : {};
    return v && !v.ok
      ? { action: t.action, label: t.label, allowed: false, why: v.message, ...(v.words ? { whyWords: v.words } : {}), ...final }
      : { action: t.action, label: t.label, allowed: true, ...final };
  });
}

/** The state a new case starts in. */
export const initialState = (direction: Direction): CaseState => (direction === "incoming" ? "received" : "draft");

/** Whether the state ends the case's life. */
export const isTerminal = (state: CaseState) => state === "closed";
