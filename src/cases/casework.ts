import type { Transaction } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError, invalid, notADate, notFound, worded } from "../errors.js";
import type { Ground } from "../law/codes.js";
import { GROUNDS } from "../law/codes.js";
import { ICCS_CODES } from "../law/iccs.js";
import { safeConductEnds } from "../law/safe-conduct.js";
import type { Actor } from "../policies/policy.js";
import { refreshDeadlines } from "./deadlines.js";
import { recordCaseChange } from "./timeline.js";
import { bump, lastChangeOf, staleVersion } from "./version.js";
import { type CaseDetail, type CaseReceipt, factsOf, writeResult } from "./presenter.js";
import { type CaseRow, type CasesContext, basisOf, caseFor, mlaCaseFor } from "./access.js";
import { type CaseState, type MeasureStatus, MEASURE_STATUSES, check } from "./workflow.js";

import type { Words } from "../words.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export { bump } from "./version.js";

/** A rule of the workflow or the law was broken: 422 naming the rule and, where it comes from the law, the provision. */
export class RuleError extends DomainError {
  constructor(
    rule: string,
    message: string,
    field?: string,
    readonly provision?: string,
    readonly cite?: string,
    words?: Words,
  ) {
    super(rule === "transition_not_allowed" ? 409 : 422, rule, message, field);
    this.words = words;
  }
}

export interface TransitionRequest {
  action: string;
  version: number;
  grounds?: string[];
  reasons?: string;
  refusedMeasures?: string[];
  note?: string;
}

type DecisionKind = "refusal" | "partial_refusal" | "postponement" | "acceptance" | "withdrawal";

/**
 * The notice to the other state that goes with a decision: for a refusal or postponement its grounds
 * with their provisions and the reasons; for an acceptance what will be executed; for our withdrawal
 * its reasons. Words, never codes: a ground is written as the law names it.
 */
function noticeText(
  row: CaseRow,
  kind: DecisionKind,
  grounds: { ground: string; cite?: string }[],
  reasons: string,
  measures: string[],
): string {
  const words = (code: string) => code.replace(/_/g, " ");
  if (kind === "withdrawal")
    return [
      `Re: our request ${row.reference}${row.their_reference ? ` (your reference ${row.their_reference})` : ""}.`,
      "The requesting state withdraws its request; please take no further step to execute it.",
      `Reasons: ${reasons.trim()}`,
    ].join("\n");
  const re = `Re: your request ${row.their_reference ?? ""} (our reference ${row.reference}).`.replace("  ", " ");
  if (kind === "acceptance")
    return [
      re,
      `The requested state accepts the request and will execute it${measures.length ? ` as regards: ${measures.map(words).join(", ")}` : ""}.`,
      ...(reasons.trim() ? [`Remarks: ${reasons.trim()}`] : []),
    ].join("\n");
  const what = kind === "postponement" ? "postpones the execution of" : kind === "partial_refusal" ? "refuses in part" : "refuses";
  return [
    re,
    `The requested state ${what} the request${measures.length ? ` as regards: ${measures.map(words).join(", ")}` : ""}.`,
    ...grounds.map((g) => `Ground: ${words(g.ground)}${g.cite ? ` (${g.cite})` : ""}.`),
    `Reasons: ${reasons.trim()}`,
  ].join("\n");
}

/** The decision an action records, if any: every decision that binds us toward the other state is kept with its notice. */
function decisionOf(req: TransitionRequest): DecisionKind | null {
  switch (req.action) {
    case "refuse":
      return "refusal";
    case "postpone":
      return "postponement";
    case "accept":
      return (req.refusedMeasures?.length ?? 0) > 0 ? "partial_refusal" : "acceptance";
    case "withdraw":
      return "withdrawal";
    default:
      return null;
  }
}

/** Applies one workflow action, if its guard allows it; otherwise changes nothing and names the rule. */
export async function transition(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  req: TransitionRequest,
  client: ClientInfo,
  /**
   * More to write in the same transaction, after the change and its audit event (the exchange's
   * message that announces it); what it throws rolls the transition back.
   */
  within?: (trx: Transaction<Database>, after: { version: number; state: CaseState; decisionId: string | null }) => Promise<void>,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (req.version !== row.version) throw staleVersion(req.version, row.version, await lastChangeOf(ctx.db, row.id));
  for (const g of req.grounds ?? [])
    if (!(GROUNDS as readonly string[]).includes(g)) throw invalid("grounds", `Unknown ground "${g}"; grounds are ${GROUNDS.join(", ")}.`);
  const facts = await factsOf(ctx, row);
  const input = {
    action: req.action,
    grounds: req.grounds as Ground[] | undefined,
    reasons: req.reasons,
    refusedMeasures: req.refusedMeasures,
  };
  // Evidence handed over through the exchange is recorded by the message's own writes, inside this
  // transaction (`within`): the guard then holds after them, checked below before the commit.
  const evidenceWithin = req.action === "return_evidence" && within !== undefined;
  const verdict = check(evidenceWithin ? { ...facts, evidenceCount: Math.max(facts.evidenceCount, 1) } : facts, input, actor.role);
  if (!verdict.ok) throw new RuleError(verdict.rule, verdict.message, verdict.field, verdict.provision, verdict.cite, verdict.words);
  const basis = basisOf(row);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const set: Record<string, unknown> = { state: verdict.to };
    if (req.action === "notify_confidentiality_impossible") set.confidentiality_issue = "pending";
    if (req.action === "requester_proceeds") set.confidentiality_issue = "proceed";
    if (req.action === "send") set.sent_on = now.toISOString().slice(0, 10);
    await bump(trx, ctx, row, req.version, set);
    const decisionKind = decisionOf(req);
    let decisionId: string | null = null;
    if (decisionKind) {
      const grounds = (req.grounds ?? []).map((g) => {
        const found = basis?.refusalGrounds.find((x) => x.ground === g);
        return { ground: g, provision: found?.provision, cite: found?.cite };
      });
      const measureRows = await trx.selectFrom("case_measure").select(["id", "measure"]).where("case_id", "=", row.id).execute();
      const affected =
        decisionKind === "partial_refusal"
          ? measureRows.filter((m) => req.refusedMeasures?.includes(m.id)).map((m) => m.measure)
          : decisionKind === "acceptance"
            ? measureRows.map((m) => m.measure)
            : [];
      const d = await trx
        .insertInto("case_decision")
        .values({
          case_id: row.id,
          kind: decisionKind,
          grounds: JSON.stringify(grounds),
          reasons: (req.reasons ?? "").trim(),
          notice: noticeText(row, decisionKind, grounds, req.reasons ?? "", affected),
          decided_by: actor.userId,
          decided_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      decisionId = d.id;
    }
    // Measure lines follow the decision: a request can be partly executed and partly refused.
    if (req.action === "accept") {
      const refused = req.refusedMeasures ?? [];
      if (refused.length > 0)
        await trx
          .updateTable("case_measure")
          .set({ status: "refused", decision_id: decisionId })
          .where("case_id", "=", row.id)
          .where("id", "in", refused)
          .execute();
      let q = trx.updateTable("case_measure").set({ status: "accepted" }).where("case_id", "=", row.id).where("status", "=", "requested");
      if (refused.length > 0) q = q.where("id", "not in", refused);
      await q.execute();
    }
    if (req.action === "refuse")
      await trx
        .updateTable("case_measure")
        .set({ status: "refused", decision_id: decisionId })
        .where("case_id", "=", row.id)
        .where("status", "in", ["requested", "accepted"])
        .execute();
    await recordCaseChange(trx, ctx.clock, {
      row,
      version: req.version + 1,
      timeline: req.action,
      to: verdict.to,
      // The reason given for the step is on the timeline, whether or not a decision records it too.
      note: [req.note?.trim(), req.reasons?.trim()].filter(Boolean).join(" — ") || null,
      audit: `case.${req.action}`,
      summary: {
        state: { before: row.state, after: verdict.to },
        version: req.version + 1,
        ...(req.grounds?.length ? { grounds: req.grounds } : {}),
      },
      actor,
      ip: client.ip,
    });
    await refreshDeadlines(trx, row.id);
    if (within) await within(trx, { version: req.version + 1, state: verdict.to, decisionId });
    if (evidenceWithin) {
      const evidence = await trx.selectFrom("case_evidence").select("id").where("case_id", "=", row.id).executeTakeFirst();
      if (!evidence) throw new RuleError("evidence_missing", "No evidence is recorded on this case: record the evidence items first.");
    }
  });
  return writeResult(ctx, actor, caseId, client);
}

/** Records a consultation with the requesting state (the guard of refusal and postponement looks for one). */
export async function recordConsultation(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: { version: number; heldOn: string; channel: string; outcome: string; conditionsConsidered: string },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (!ISO_DATE.test(input.heldOn)) throw notADate("heldOn", input.heldOn);
  if (input.channel.trim().length < 2) throw invalid("channel", "Say how the consultation took place (meeting, call, letter, e-mail…).");
  if (input.outcome.trim().length < 5) throw invalid("outcome", "Record the outcome of the consultation.");
  if (input.conditionsConsidered.trim().length < 5)
    throw invalid("conditionsConsidered", "Record whether assistance could be given subject to conditions, and which.");
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .insertInto("case_consultation")
      .values({
        case_id: row.id,
        held_on: input.heldOn,
        channel: input.channel.trim(),
        outcome: input.outcome.trim(),
        conditions_considered: input.conditionsConsidered.trim(),
        recorded_by: actor.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.consultation",
      objectType: "case",
      objectId: row.id,
      summary: { heldOn: input.heldOn, channel: input.channel.trim() },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/** Adds an offence as stated by the requesting side, mapped to an ICCS section. */
export async function addOffence(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: { version: number; description: string; legalProvision: string; penalty?: string | null; iccs: string },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (input.description.trim().length < 3) throw invalid("description", "Describe the offence.");
  if (input.legalProvision.trim().length < 2) throw invalid("legalProvision", "Give the legal provision the requesting side cites.");
  if (!(ICCS_CODES as readonly string[]).includes(input.iccs))
    throw invalid("iccs", `ICCS section must be one of ${ICCS_CODES.join(", ")}.`);
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .insertInto("case_offence")
      .values({
        case_id: row.id,
        description: input.description.trim(),
        legal_provision: input.legalProvision.trim(),
        penalty: input.penalty?.trim() || null,
        iccs: input.iccs,
        created_at: ctx.clock.now(),
      })
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.offence_add",
      objectType: "case",
      objectId: row.id,
      summary: { iccs: input.iccs },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

const PERSON_ROLES = ["suspect", "accused", "witness", "expert", "victim", "person_in_custody", "other"] as const;

/**
 * Adds a person. For a witness who travels to testify, give the day their presence ended: the engine
 * computes when their safe conduct ends under the case's basis.
 */
export async function addPerson(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: {
    version: number;
    role: string;
    name: string;
    inCustody?: boolean;
    transferConsentOn?: string | null;
    returnBy?: string | null;
    presenceEndedOn?: string | null;
    safeConductExtended?: boolean;
  },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  if (!(PERSON_ROLES as readonly string[]).includes(input.role)) throw invalid("role", `Role must be one of ${PERSON_ROLES.join(", ")}.`);
  if (input.name.trim().length < 2) throw invalid("name", "Give the person's name.");
  for (const f of ["transferConsentOn", "returnBy", "presenceEndedOn"] as const) {
    const v = input[f];
    if (v != null && !ISO_DATE.test(v)) throw notADate(f, v);
  }
  if (input.inCustody && input.returnBy && !input.transferConsentOn)
    throw new RuleError(
      "transfer_consent_required",
      "A temporary transfer of a person in custody needs their recorded consent.",
      "transferConsentOn",
    );
  let safeConduct: string | null = null;
  if (input.presenceEndedOn) {
    if (!row.basis_instrument) throw new RuleError("legal_basis_missing", "The case has no legal basis to compute safe conduct from.");
    safeConduct = safeConductEnds(ctx.kb, {
      basis: row.basis_instrument,
      released: input.presenceEndedOn,
      extended: input.safeConductExtended === true,
    }).ends;
  }
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .insertInto("case_person")
      .values({
        case_id: row.id,
        role: input.role,
        name: input.name.trim(),
        in_custody: input.inCustody === true,
        transfer_consent_on: input.transferConsentOn ?? null,
        return_by: input.returnBy ?? null,
        presence_ended_on: input.presenceEndedOn ?? null,
        safe_conduct_extended: input.safeConductExtended === true,
        safe_conduct_ends: safeConduct,
        created_at: ctx.clock.now(),
      })
      .execute();
    await refreshDeadlines(trx, row.id);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.person_add",
      objectType: "case",
      objectId: row.id,
      // A role only: names are case content and stay out of the audit trail.
      summary: { role: input.role, inCustody: input.inCustody === true, safeConductEnds: safeConduct },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/**
 * The guard on an execution report (a measure reported executed or not executed), wherever it is made:
 * a status edit or the record of a hearing by video link. Throws the rule broken, naming `field`.
 */
export function checkExecutionReport(row: { state: string; direction: string }, m: { status: string }, field = "status"): void {
  // A request withdrawn during its execution still has its execution report: what was done, what was not.
  if (!["in_execution", "under_execution", "withdrawn"].includes(row.state as CaseState))
    throw new RuleError(
      "not_in_execution",
      `Measures are reported executed while the case is in execution, or after it was withdrawn (it is "${row.state.replace(/_/g, " ")}").`,
      field,
      undefined,
      undefined,
      { key: "errors:domain.notInExecution", params: { state: row.state } },
    );
  if (m.status !== "accepted" && row.direction === "incoming")
    throw new RuleError("measure_not_accepted", "Only an accepted measure can be executed.", field);
}

/** Sets a measure's status, executing authority or deadline. */
export async function updateMeasure(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  measureId: string,
  input: { version: number; status?: string; assignedOrganisationId?: string | null; deadline?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:assign");
  const m = /^[0-9a-f-]{36}$/i.test(measureId)
    ? await ctx.db.selectFrom("case_measure").selectAll().where("id", "=", measureId).where("case_id", "=", caseId).executeTakeFirst()
    : undefined;
  if (!m) throw notFound("measureId", "No such measure in this case.");
  if (input.status && !(MEASURE_STATUSES as readonly string[]).includes(input.status))
    throw invalid("status", `Status must be one of ${MEASURE_STATUSES.join(", ")}.`);
  const status = input.status as MeasureStatus | undefined;
  // Refusing a measure is a decision with grounds (the accept action), never a status edit.
  if (status === "refused" || status === "postponed")
    throw new RuleError("decision_required", "Refuse or postpone a measure through a decision that cites its grounds.", "status");
  if (status === "executed" || status === "not_executed") checkExecutionReport(row, m);
  if (input.deadline != null && !ISO_DATE.test(input.deadline)) throw notADate("deadline", input.deadline);
  if (input.assignedOrganisationId) {
    const org = /^[0-9a-f-]{36}$/i.test(input.assignedOrganisationId)
      ? await ctx.db.selectFrom("organisation").selectAll().where("id", "=", input.assignedOrganisationId).executeTakeFirst()
      : undefined;
    if (org?.kind !== "executing_authority") throw invalid("assignedOrganisationId", "Assign measures to an executing authority.");
    if (org.retired_at)
      throw worded(
        invalid("assignedOrganisationId", `${org.name} is retired: assign the measure to an authority in use.`),
        "authorityRetired",
        { name: org.name },
      );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    const set: Record<string, unknown> = {};
    if (status) set.status = status;
    if (input.assignedOrganisationId !== undefined) set.assigned_organisation_id = input.assignedOrganisationId;
    if (input.deadline !== undefined) set.deadline = input.deadline;
    if (Object.keys(set).length === 0) throw invalid("status", "Nothing to change.");
    await trx.updateTable("case_measure").set(set).where("id", "=", measureId).execute();
    await refreshDeadlines(trx, row.id);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.measure_update",
      objectType: "case",
      objectId: row.id,
      summary: {
        measureId,
        ...(status ? { status: { before: m.status, after: status } } : {}),
        ...("assigned_organisation_id" in set ? { assigned: true } : {}),
      },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/** Records a message in or out, with its date and channel. */
export async function recordCorrespondence(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: { version: number; direction: "in" | "out"; channel: string; onDate: string; summary: string },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await caseFor(ctx, actor, caseId, "case:update");
  if (!ISO_DATE.test(input.onDate)) throw notADate("onDate", input.onDate);
  if (input.summary.trim().length < 3) throw invalid("summary", "Summarise the message.");
  if (input.channel.trim().length < 2) throw invalid("channel", "Give the channel (central authority, diplomatic, e-mail, INTERPOL…).");
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .insertInto("case_correspondence")
      .values({
        case_id: row.id,
        direction: input.direction,
        channel: input.channel.trim(),
        on_date: input.onDate,
        summary: input.summary.trim(),
        recorded_by: actor.userId,
        recorded_at: ctx.clock.now(),
      })
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.correspondence",
      objectType: "case",
      objectId: row.id,
      summary: { direction: input.direction, channel: input.channel.trim(), onDate: input.onDate },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}
