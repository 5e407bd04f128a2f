/**
 * One case as the API shows it (the case page) with the guards' verdicts on its next actions, a list
 * row, and the answer a write returns (the case, or a receipt when the writer may not read it).
 */
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordStandalone } from "../audit/trail.js";
import { DomainError } from "../errors.js";
import { type Actor, allow, allowCase, type Confidentiality, readIsAudited } from "../policies/policy.js";
import type { BasisAnswer } from "../law/basis.js";
import { checkDraft } from "../drafting/checker.js";
import { draftContentSchema } from "../drafting/draft.js";
import { lawForDraft } from "../drafting/law.js";
import { type AvailableAction, type CaseFacts, type CaseState, availableActions } from "./workflow.js";
import { type CaseRow, type CasesContext, basisOf, caseFor } from "./access.js";

export interface CaseSummary {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: CaseState;
  version: number;
  urgency: "normal" | "urgent";
  requestDate: string | null;
  basisInstrument: string | null;
  createdAt: string;
  updatedAt: string;
  /** "tsp" for a transfer of a sentenced person (its page is /transfers/:id), "mla" otherwise. */
  kind?: "mla" | "tsp";
}

/** A case-list row as the API shows it. */
export const toSummary = (r: {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: string;
  version: number;
  urgency: "normal" | "urgent";
  request_date: string | null;
  basis_instrument: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  kind?: "mla" | "tsp";
}): CaseSummary => ({
  id: r.id,
  reference: r.reference,
  direction: r.direction,
  title: r.title,
  requesting: r.requesting,
  requested: r.requested,
  confidentiality: r.confidentiality,
  state: r.state as CaseState,
  version: r.version,
  urgency: r.urgency,
  requestDate: r.request_date,
  basisInstrument: r.basis_instrument,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
  ...(r.kind ? { kind: r.kind } : {}),
});

export interface CaseDetail extends CaseSummary {
  createdBy: string;
  ourReference: string | null;
  theirReference: string | null;
  authority: string | null;
  receivedOn: string | null;
  sentOn: string | null;
  writtenConfirmationDue: string | null;
  confidentialityIssue: "pending" | "proceed" | null;
  basis: BasisAnswer | null;
  accessList: { userId: string; displayName: string; email: string; role: string }[];
  measures: {
    id: string;
    measure: string;
    description: string;
    status: string;
    deadline: string | null;
    assignedOrganisationId: string | null;
    assignedOrganisation: string | null;
  }[];
  offences: { id: string; description: string; legalProvision: string; penalty: string | null; iccs: string }[];
  persons: {
    id: string;
    role: string;
    name: string;
    inCustody: boolean;
    returnBy: string | null;
    presenceEndedOn: string | null;
    safeConductEnds: string | null;
  }[];
  consultations: { id: string; heldOn: string; channel: string; outcome: string; conditionsConsidered: string }[];
  decisions: {
    id: string;
    kind: string;
    grounds: { ground: string; provision?: string; cite?: string }[];
    reasons: string;
    notice: string;
    decidedAt: string;
    /** Who took the decision (a supervisor, for acceptance, refusal and postponement). */
    decidedBy: string;
  }[];
  /** Open deadlines, soonest first (the case page's "due next"). */
  deadlines: { kind: string; due: string; rule: string }[];
  /** The officer in charge of the case (who holds it). */
  officer: string | null;
  correspondence: { id: string; direction: "in" | "out"; channel: string; onDate: string; summary: string }[];
  timeline: { action: string; from: string; to: string; at: string; actor: string; note: string | null }[];
  documents: { id: string; kind: string; filename: string; contentType: string; size: number; sha256: string; addedAt: string }[];
  evidence: {
    id: string;
    description: string;
    documentId: string | null;
    sha256: string | null;
    permittedPurposes: string[];
    custody: { action: string; holder: string; onDate: string; sha256: string | null }[];
    uses: { purpose: string; consentOn: string | null; consentBy: string | null }[];
  }[];
  /** What the reader may do next, and why not where not. */
  actions: AvailableAction[];
}

/** What a write answers when the caller may not read the case it wrote: enough to refer to it and to write again. */
export interface CaseReceipt {
  id: string;
  reference: string;
  version: number;
}

/** The case detail of a write's answer, for callers that can always read what they wrote (the CLI, tests). */
export function readable(r: CaseDetail | CaseReceipt): CaseDetail {
  if (!("state" in r)) throw new Error(`case ${r.reference} was written but its writer may not read it`);
  return r;
}

/**
 * The answer to a committed write: the case as the caller may read it, or, when they may not read it
 * (a token with `cases:write` alone), its receipt. Never "not found" for a write that was committed,
 * so a client does not retry it and duplicate it.
 */
export async function writeResult(ctx: CasesContext, actor: Actor, id: string, client: ClientInfo): Promise<CaseDetail | CaseReceipt> {
  if (allow(actor, "case:read")) {
    try {
      return await readCase(ctx, actor, id, client);
    } catch (err) {
      if (!(err instanceof DomainError && err.status === 404)) throw err;
    }
  }
  return ctx.db.selectFrom("case_file").select(["id", "reference", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** What the workflow's guards need, loaded from the database. */
export async function factsOf(ctx: CasesContext, row: CaseRow): Promise<CaseFacts> {
  const measures = await ctx.db
    .selectFrom("case_measure")
    .select(["id", "status", "assigned_organisation_id as assignedOrganisationId"])
    .where("case_id", "=", row.id)
    .execute();
  const consultations = await ctx.db
    .selectFrom("case_consultation")
    .select(["held_on as heldOn", "conditions_considered as conditionsConsidered"])
    .where("case_id", "=", row.id)
    .execute();
  const counts = await ctx.db
    .selectNoFrom((eb) => [
      eb.selectFrom("case_evidence").select(eb.fn.countAll<string>().as("n")).where("case_id", "=", row.id).as("evidence"),
      eb
        .exists(
          eb
            .selectFrom("case_transition")
            .select("case_transition.id")
            .where("case_transition.case_id", "=", row.id)
            .where("case_transition.to_state", "in", [...EXECUTION_STATES]),
        )
        .as("executed"),
    ])
    .executeTakeFirstOrThrow();
  return factsFrom(ctx, row, measures, consultations, {
    evidenceCount: Number(counts.evidence ?? 0),
    executionReached: Boolean(counts.executed),
  });
}

/** The states that mean a case went into execution: closing it afterwards needs the execution report. */
const EXECUTION_STATES = ["in_execution", "under_execution", "executed"] as const;

/** The guards' facts from measures and consultations already read (the case page reads them anyway). */
async function factsFrom(
  ctx: CasesContext,
  row: CaseRow,
  measures: readonly { id: string; status: string; assignedOrganisationId: string | null }[],
  consultations: readonly { heldOn: string; conditionsConsidered: string }[],
  recorded: Pick<CaseFacts, "evidenceCount" | "executionReached">,
): Promise<CaseFacts> {
  return {
    direction: row.direction,
    state: row.state as CaseState,
    basis: basisOf(row),
    consultations: consultations.map((c) => ({ heldOn: c.heldOn, conditionsConsidered: c.conditionsConsidered })),
    measures: measures.map((m) => ({
      id: m.id,
      status: m.status as CaseFacts["measures"][number]["status"],
      assigned: m.assignedOrganisationId !== null,
    })),
    ...recorded,
    confidentialityIssue: row.confidentiality_issue,
    ...(await draftMissingOf(ctx, row)),
  };
}

/** The request writer's check of the draft an outgoing case came from, while the case awaits approval. */
async function draftMissingOf(ctx: CasesContext, row: CaseRow): Promise<Pick<CaseFacts, "draftMissing">> {
  if (row.direction !== "outgoing" || row.state !== "draft" || !ctx.files) return {};
  const draft = await ctx.db.selectFrom("draft").select("content").where("case_id", "=", row.id).executeTakeFirst();
  if (!draft) return {};
  const parsed = draftContentSchema.safeParse(typeof draft.content === "string" ? JSON.parse(draft.content) : draft.content);
  if (!parsed.success) return { draftMissing: [{ label: "a readable draft", cite: "" }] };
  const check = checkDraft(parsed.data, lawForDraft(ctx.kb, ctx.files, parsed.data));
  return { draftMissing: check.blocking.map((e) => ({ label: e.label, cite: [...new Set(e.citations.map((c) => c.cite))].join("; ") })) };
}

/** A timestamp as the JSON of a sub-list gives it (PostgreSQL's text form), as the API's ISO instant. */
const instant = (t: string | Date) => new Date(t).toISOString();

/**
 * The case page's data in one statement: each list is a JSON array built by PostgreSQL beside the
 * case (kysely's jsonArrayFrom). On embedded PGlite every statement costs a round trip through the
 * WebAssembly protocol on the server's one thread, so sixteen small queries cost several times one
 * (bench:load, issue 12).
 */
function caseParts(ctx: CasesContext, caseId: string) {
  return ctx.db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("case_access")
          .innerJoin("app_user", "app_user.id", "case_access.user_id")
          .select(["app_user.id as userId", "app_user.display_name as displayName", "app_user.email", "app_user.role"])
          .where("case_access.case_id", "=", caseId)
          .orderBy("app_user.display_name"),
      ).as("access"),
      jsonArrayFrom(
        eb
          .selectFrom("case_measure")
          .leftJoin("organisation", "organisation.id", "case_measure.assigned_organisation_id")
          .select([
            "case_measure.id",
            "case_measure.measure",
            "case_measure.description",
            "case_measure.status",
            "case_measure.deadline",
            "case_measure.assigned_organisation_id as assignedOrganisationId",
            "organisation.name as assignedOrganisation",
          ])
          .where("case_measure.case_id", "=", caseId)
          .orderBy("case_measure.created_at"),
      ).as("measures"),
      jsonArrayFrom(
        eb
          .selectFrom("case_offence")
          .select(["id", "description", "legal_provision as legalProvision", "penalty", "iccs"])
          .where("case_id", "=", caseId)
          .orderBy("created_at"),
      ).as("offences"),
      jsonArrayFrom(
        eb
          .selectFrom("case_person")
          .select([
            "id",
            "role",
            "name",
            "in_custody as inCustody",
            "return_by as returnBy",
            "presence_ended_on as presenceEndedOn",
            "safe_conduct_ends as safeConductEnds",
          ])
          .where("case_id", "=", caseId)
          .orderBy("created_at"),
      ).as("persons"),
      jsonArrayFrom(
        eb
          .selectFrom("case_consultation")
          .select(["id", "held_on as heldOn", "channel", "outcome", "conditions_considered as conditionsConsidered"])
          .where("case_id", "=", caseId)
          .orderBy("held_on"),
      ).as("consultations"),
      jsonArrayFrom(
        eb
          .selectFrom("case_decision")
          .innerJoin("app_user", "app_user.id", "case_decision.decided_by")
          .select([
            "case_decision.id",
            "case_decision.kind",
            "case_decision.grounds",
            "case_decision.reasons",
            "case_decision.notice",
            "case_decision.decided_at as decidedAt",
            "app_user.display_name as decidedBy",
          ])
          .where("case_decision.case_id", "=", caseId)
          .orderBy("case_decision.decided_at"),
      ).as("decisions"),
      jsonArrayFrom(
        eb
          .selectFrom("case_deadline")
          .select(["kind", "due", "rule"])
          .where("case_id", "=", caseId)
          .where("done", "=", false)
          .orderBy("due")
          .orderBy("kind"),
      ).as("deadlines"),
      eb
        .selectFrom("case_file")
        .innerJoin("app_user", "app_user.id", "case_file.officer_id")
        .select("app_user.display_name")
        .where("case_file.id", "=", caseId)
        .as("officer"),
      jsonArrayFrom(
        eb
          .selectFrom("case_correspondence")
          .select(["id", "direction", "channel", "on_date as onDate", "summary"])
          .where("case_id", "=", caseId)
          .orderBy("on_date")
          .orderBy("recorded_at"),
      ).as("correspondence"),
      jsonArrayFrom(
        eb
          .selectFrom("case_transition")
          .innerJoin("app_user", "app_user.id", "case_transition.actor_id")
          .select([
            "case_transition.action",
            "case_transition.from_state as from",
            "case_transition.to_state as to",
            "case_transition.at",
            "app_user.display_name as actor",
            "case_transition.note",
          ])
          .where("case_transition.case_id", "=", caseId)
          .orderBy("case_transition.version"),
      ).as("timeline"),
      jsonArrayFrom(
        eb
          .selectFrom("case_document")
          .select(["id", "kind", "filename", "content_type as contentType", "size", "sha256", "added_at as addedAt"])
          .where("case_id", "=", caseId)
          .orderBy("added_at"),
      ).as("documents"),
      jsonArrayFrom(
        eb
          .selectFrom("case_evidence")
          .select((e) => [
            "case_evidence.id",
            "case_evidence.description",
            "case_evidence.document_id as documentId",
            "case_evidence.sha256",
            "case_evidence.permitted_purposes as permittedPurposes",
            jsonArrayFrom(
              e
                .selectFrom("evidence_custody")
                .select(["action", "holder", "on_date as onDate", "sha256"])
                .whereRef("evidence_custody.evidence_id", "=", "case_evidence.id")
                .orderBy("recorded_at"),
            ).as("custody"),
            jsonArrayFrom(
              e
                .selectFrom("evidence_use")
                .select(["purpose", "consent_on as consentOn", "consent_by as consentBy"])
                .whereRef("evidence_use.evidence_id", "=", "case_evidence.id")
                .orderBy("recorded_at"),
            ).as("uses"),
          ])
          .where("case_evidence.case_id", "=", caseId)
          .orderBy("case_evidence.created_at"),
      ).as("evidence"),
    ])
    .executeTakeFirstOrThrow();
}

async function detail(ctx: CasesContext, actor: Actor, row: CaseRow): Promise<CaseDetail> {
  const parts = await caseParts(ctx, row.id);
  const facts = await factsFrom(ctx, row, parts.measures, parts.consultations, {
    evidenceCount: parts.evidence.length,
    executionReached: parts.timeline.some((t) => (EXECUTION_STATES as readonly string[]).includes(t.to)),
  });
  return {
    ...toSummary(row),
    createdBy: row.created_by,
    ourReference: row.our_reference,
    theirReference: row.their_reference,
    authority: row.authority,
    receivedOn: row.received_on,
    sentOn: row.sent_on,
    writtenConfirmationDue: row.written_confirmation_due,
    confidentialityIssue: row.confidentiality_issue,
    basis: basisOf(row),
    accessList: parts.access,
    measures: parts.measures,
    offences: parts.offences,
    persons: parts.persons,
    consultations: parts.consultations,
    decisions: parts.decisions.map((d) => ({
      ...d,
      grounds: d.grounds as CaseDetail["decisions"][number]["grounds"],
      decidedAt: instant(d.decidedAt),
    })),
    deadlines: parts.deadlines,
    officer: parts.officer ?? null,
    correspondence: parts.correspondence,
    timeline: parts.timeline.map((t) => ({ ...t, at: instant(t.at) })),
    documents: parts.documents.map((d) => ({ ...d, size: Number(d.size), addedAt: instant(d.addedAt) })),
    evidence: parts.evidence,
    actions: allowCase(actor, "case:update", { confidentiality: row.confidentiality, actorListed: true })
      ? availableActions(facts, actor.role)
      : [],
  };
}

/** Reads one case; reading a confidential or strictly confidential case is itself an audited event. */
export async function readCase(ctx: CasesContext, actor: Actor, id: string, client: ClientInfo): Promise<CaseDetail> {
  const row = await caseFor(ctx, actor, id, "case:read");
  if (readIsAudited(row.confidentiality))
    await recordStandalone(ctx.db, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.read",
      objectType: "case",
      objectId: row.id,
      summary: { reference: row.reference, confidentiality: row.confidentiality },
      ip: client.ip,
    });
  return detail(ctx, actor, row);
}
