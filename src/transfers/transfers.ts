/**
 * Transfer of sentenced persons (issue 15 §2): a transfer case is a case (case_file, kind 'tsp') with its
 * own facts in case_transfer (docs/decisions.md). It reuses the case machinery: the reference, the
 * confidentiality and access list (need-to-know: `caseFor`, `visibleCases`), the version (409 when stale:
 * `bump`), the timeline (case_transition) and the audit trail. Every write is one transaction that carries
 * the version it read and writes its timeline row and audit event; the guards come from the law
 * (src/law/transfer.ts) and refuse a step whose condition fails with a 422 naming the condition and its article.
 *
 * The person's file is personal and sensitive: the person's name stays in case_transfer and never reaches
 * the case's title, the list, audit details, logs or digests.
 */
import type { Transaction } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent, recordStandalone } from "../audit/trail.js";
import { type CaseRow, type CasesContext, caseFor, checkAccessList, visibleCases } from "../cases/access.js";
import { RuleError } from "../cases/casework.js";
import { recordCaseChange } from "../cases/timeline.js";
import { bump } from "../cases/version.js";
import type { TRANSFER_STATES } from "../cases/workflow.js";
import type { Database } from "../db/schema.js";
import { DomainError, conflict, invalid, notADate, worded } from "../errors.js";
import { ICCS_CODES } from "../law/iccs.js";
import { jurisdiction } from "../law/jurisdictions.js";
import { sentenceEnd, sentenceStart } from "../law/sentence.js";
import { type ConditionAnswer, type TransferAnswer, type TransferFacts, resolveTransfer } from "../law/transfer.js";
import type { TransferCondition } from "../law/codes.js";
import { type Actor, type Confidentiality, allowCase, readIsAudited } from "../policies/policy.js";

export type TransferState = (typeof TRANSFER_STATES)[number];

/** Opening a transfer case. */
export interface NewTransfer {
  direction: "incoming" | "outgoing";
  sentencingState: string;
  administeringState: string;
  /** Which of the two asks for the transfer (ETS 112 art. 2(3): either may). */
  requestedBy: "sentencing" | "administering";
  /** The day the request is (or was) received: ETS 112 art. 3(1)(c) counts the time remaining on it. */
  requestDate: string;
  personName: string;
  confidentiality: Exclude<Confidentiality, "normal">;
  accessList?: string[];
}

/** The facts of the person and the judgment an officer records (all optional: a field left out is unchanged, null clears it). */
export interface TransferFactsInput {
  version: number;
  personName?: string;
  nationality?: string | null;
  nationalOfAdministering?: boolean | null;
  court?: string | null;
  judgmentDate?: string | null;
  finalOn?: string | null;
  offence?: string | null;
  iccs?: string | null;
  sentence?: { years: number; months: number; days: number } | null;
  indeterminate?: boolean;
  sentenceStart?: string | null;
  servedDays?: number | null;
  servedAsOf?: string | null;
  remissionDays?: number;
  dualCriminality?: boolean | null;
  shorterTimeAgreed?: boolean;
  consent?: "given" | "refused" | "withdrawn" | null;
  consentOn?: string | null;
  consentVerifiedOn?: string | null;
  consentDispensed?: "fled" | "expulsion" | null;
}

/** A transfer case as the API shows it: the case's own fields, the facts, the dates that follow, the law's answer. */
export interface TransferDetail {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  state: TransferState;
  version: number;
  confidentiality: Confidentiality;
  sentencingState: string;
  administeringState: string;
  requestedBy: "sentencing" | "administering";
  requestDate: string;
  person: { name: string; nationality: string | null; nationalOfAdministering: boolean | null };
  judgment: {
    court: string | null;
    date: string | null;
    finalOn: string | null;
    offence: string | null;
    iccs: string | null;
    sentence: { years: number; months: number; days: number } | null;
    indeterminate: boolean;
    sentenceStart: string | null;
    servedDays: number | null;
    servedAsOf: string | null;
    remissionDays: number;
  };
  /** Computed (src/law/sentence.ts): the start, the day the sentence is complete, and what remains on the request date. */
  dates: { start: string | null; sentenceEnds: string | null };
  dualCriminality: boolean | null;
  shorterTimeAgreed: boolean;
  consent: {
    status: "given" | "refused" | "withdrawn" | null;
    on: string | null;
    verifiedOn: string | null;
    dispensed: "fled" | "expulsion" | null;
  };
  decisions: {
    sentencing: { decision: "agreed" | "refused" | null; on: string | null };
    administering: { decision: "agreed" | "refused" | null; on: string | null };
    enforcement: "continued" | "converted" | null;
  };
  handover: { on: string | null; place: string | null; escort: string | null };
  closedOn: string | null;
  /** The law on the request date, with every condition checked against these facts. */
  law: TransferAnswer;
  timeline: { action: string; from: string; to: string; at: string; actor: string; note: string | null }[];
  /** What may be done next, and why not where not (the guard's condition and article). */
  actions: { action: string; allowed: boolean; why?: string; cite?: string; condition?: TransferCondition }[];
}

/** A transfer case in a list: no name, no case content beyond states and dates. */
export interface TransferSummary {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  state: TransferState;
  sentencingState: string;
  administeringState: string;
  requestDate: string;
  updatedAt: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const instant = (d: Date | string) => new Date(d).toISOString();

type TransferRow = Awaited<ReturnType<typeof transferRow>>;

async function transferRow(db: CasesContext["db"] | Transaction<Database>, caseId: string) {
  return db.selectFrom("case_transfer").selectAll().where("case_id", "=", caseId).executeTakeFirst();
}

/** Loads a transfer case the actor may act on; any other case, or one they may not see, is "not found". */
async function transferFor(ctx: CasesContext, actor: Actor, id: string, action: "case:read" | "case:update") {
  const row = await caseFor(ctx, actor, id, action);
  const t = row.kind === "tsp" ? await transferRow(ctx.db, row.id) : undefined;
  if (!t) throw worded(invalid("id", "This case is not a transfer of a sentenced person.", "not_a_transfer"), "notATransfer");
  return { row, t };
}

/** The engine's facts from the stored row. */
export function factsOfRow(t: NonNullable<TransferRow>): TransferFacts {
  const ends = sentenceEndOf(t);
  return {
    national: t.national_of_administering,
    ...(t.final_on ? { finalOn: t.final_on } : {}),
    sentenceEnds: ends,
    indeterminate: t.indeterminate,
    shorterTimeAgreed: t.shorter_time_agreed,
    consent: t.consent,
    consentDispensed: t.consent_dispensed,
    dualCriminality: t.dual_criminality,
    sentencingAgrees: t.sentencing_decision === null ? null : t.sentencing_decision === "agreed",
    administeringAgrees: t.administering_decision === null ? null : t.administering_decision === "agreed",
  };
}

function sentenceOf(t: NonNullable<TransferRow>) {
  if (t.sentence_years === null && t.sentence_months === null && t.sentence_days === null) return null;
  return { years: t.sentence_years ?? 0, months: t.sentence_months ?? 0, days: t.sentence_days ?? 0 };
}

function sentenceFacts(t: NonNullable<TransferRow>) {
  return {
    length: sentenceOf(t) ?? { years: 0, months: 0, days: 0 },
    startsOn: t.sentence_start,
    servedDays: t.served_days,
    servedAsOf: t.served_as_of,
    remissionDays: t.remission_days,
  };
}

function sentenceEndOf(t: NonNullable<TransferRow>): string | null {
  if (t.indeterminate || !sentenceOf(t)) return null;
  return sentenceEnd(sentenceFacts(t));
}

/** The English of each condition, as the guard names it (the screens have the same under transfer:conditions). */
export const CONDITION_WORDS: Record<TransferCondition, string> = {
  national: "the person must be a national of the administering state",
  final_judgment: "the judgment must be final",
  time_remaining: "at least six months of the sentence must remain on the date of the request",
  consent: "the person must consent (or a protocol must dispense with consent)",
  dual_criminality: "the acts must be an offence in the administering state too",
  states_agree: "both states must agree",
};

/** The field of the case that a condition rests on, for the error's `field`. */
const CONDITION_FIELD: Record<TransferCondition, string> = {
  national: "nationalOfAdministering",
  final_judgment: "finalOn",
  time_remaining: "sentence",
  consent: "consent",
  dual_criminality: "dualCriminality",
  states_agree: "decision",
};

/** The guard: every condition but the states' agreement must be met for a state to agree, or for the handover. */
function blockingCondition(law: TransferAnswer, ignore: TransferCondition[] = []): ConditionAnswer | "no_basis" | undefined {
  if (law.outcome === "no_basis") return "no_basis";
  return (
    law.conditions.find((c) => !ignore.includes(c.condition) && c.status === "not_met") ??
    law.conditions.find((c) => !ignore.includes(c.condition) && c.status === "unknown")
  );
}

/** The guard's refusal: the condition, its provision and citation, in words (exported for test/web/server-words.test.ts). */
export function guardError(step: "agree" | "hand over", law: TransferAnswer, blocking: ConditionAnswer | "no_basis"): RuleError {
  if (blocking === "no_basis")
    return new RuleError(
      "transfer_no_basis",
      `No instrument on the transfer of sentenced persons binds ${law.from} and ${law.to} on ${law.on}: the transfer cannot ${step === "agree" ? "be agreed" : "take place"}.`,
      "requestDate",
      undefined,
      undefined,
      {
        key: `errors:domain.transferNoBasis.${step === "agree" ? "agree" : "handover"}`,
        // requesting/requested: the screens name these params as states (the sentencing and the administering state).
        params: { requesting: law.from, requested: law.to, date: law.on },
      },
    );
  const known = blocking.status === "not_met";
  return new RuleError(
    known ? "transfer_condition_not_met" : "transfer_condition_unknown",
    `The transfer cannot ${step === "agree" ? "be agreed" : "take place"}: ${CONDITION_WORDS[blocking.condition]} (${blocking.cite}) — ${known ? "not met" : "not yet known"}.`,
    CONDITION_FIELD[blocking.condition],
    blocking.provision,
    blocking.cite,
    {
      key: `errors:domain.transfer${known ? "NotMet" : "Unknown"}.${step === "agree" ? "agree" : "handover"}.${blocking.condition}`,
      params: { cite: blocking.cite },
    },
  );
}

function actionsOf(state: TransferState, t: NonNullable<TransferRow>, law: TransferAnswer, mayUpdate: boolean): TransferDetail["actions"] {
  if (!mayUpdate) return [];
  const out: TransferDetail["actions"] = [];
  const open = state === "transfer_open";
  const blocking = blockingCondition(law, ["states_agree"]);
  const why = (b: ConditionAnswer | "no_basis" | undefined) =>
    b === undefined
      ? {}
      : b === "no_basis"
        ? { why: "no instrument binds both states on the request date" }
        : { why: CONDITION_WORDS[b.condition], cite: b.cite, condition: b.condition };
  out.push({ action: "record_facts", allowed: open || state === "transfer_agreed" });
  for (const side of ["sentencing", "administering"] as const) {
    const decided = (side === "sentencing" ? t.sentencing_decision : t.administering_decision) !== null;
    out.push({ action: `agree_${side}`, allowed: open && !decided && blocking === undefined, ...(open && !decided ? why(blocking) : {}) });
    out.push({ action: `refuse_${side}`, allowed: open && !decided });
  }
  const handoverBlocking = blockingCondition(law);
  out.push({
    action: "handover",
    allowed: state === "transfer_agreed" && handoverBlocking === undefined,
    ...(state === "transfer_agreed" ? why(handoverBlocking) : {}),
  });
  out.push({ action: "close", allowed: state !== "transfer_closed" });
  return out;
}

async function detailOf(ctx: CasesContext, actor: Actor, row: CaseRow, t: NonNullable<TransferRow>): Promise<TransferDetail> {
  const law = resolveTransfer(ctx.kb, {
    from: t.sentencing_state,
    to: t.administering_state,
    on: t.request_date,
    facts: factsOfRow(t),
  });
  const timeline = await ctx.db
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
    .where("case_transition.case_id", "=", row.id)
    .orderBy("case_transition.version")
    .execute();
  const state = row.state as TransferState;
  const mayUpdate = allowCase(actor, "case:update", { confidentiality: row.confidentiality, actorListed: true });
  return {
    id: row.id,
    reference: row.reference,
    direction: row.direction,
    state,
    version: row.version,
    confidentiality: row.confidentiality,
    sentencingState: t.sentencing_state,
    administeringState: t.administering_state,
    requestedBy: t.requested_by,
    requestDate: t.request_date,
    person: { name: t.person_name, nationality: t.nationality, nationalOfAdministering: t.national_of_administering },
    judgment: {
      court: t.court,
      date: t.judgment_date,
      finalOn: t.final_on,
      offence: t.offence,
      iccs: t.iccs,
      sentence: sentenceOf(t),
      indeterminate: t.indeterminate,
      sentenceStart: t.sentence_start,
      servedDays: t.served_days,
      servedAsOf: t.served_as_of,
      remissionDays: t.remission_days,
    },
    dates: { start: sentenceOf(t) ? sentenceStart(sentenceFacts(t)) : null, sentenceEnds: sentenceEndOf(t) },
    dualCriminality: t.dual_criminality,
    shorterTimeAgreed: t.shorter_time_agreed,
    consent: { status: t.consent, on: t.consent_on, verifiedOn: t.consent_verified_on, dispensed: t.consent_dispensed },
    decisions: {
      sentencing: { decision: t.sentencing_decision, on: t.sentencing_decided_on },
      administering: { decision: t.administering_decision, on: t.administering_decided_on },
      enforcement: t.enforcement,
    },
    handover: { on: t.handover_on, place: t.handover_place, escort: t.handover_escort },
    closedOn: t.closed_on,
    law,
    timeline: timeline.map((e) => ({ ...e, at: instant(e.at) })),
    actions: actionsOf(state, t, law, mayUpdate),
  };
}

/** Reads one transfer case; reading is audited (a transfer case is never of normal confidentiality). */
export async function readTransfer(ctx: CasesContext, actor: Actor, id: string, client: ClientInfo): Promise<TransferDetail> {
  const { row, t } = await transferFor(ctx, actor, id, "case:read");
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
  return detailOf(ctx, actor, row, t);
}

/** The answer to a write: the case as its writer may read it, or its receipt (a write-only token). */
async function afterWrite(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  client: ClientInfo,
): Promise<TransferDetail | { id: string; reference: string; version: number }> {
  try {
    return await readTransfer(ctx, actor, id, client);
  } catch (err) {
    if (!(err instanceof DomainError && err.status === 404)) throw err;
    return ctx.db.selectFrom("case_file").select(["id", "reference", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
  }
}

/** The transfer cases the actor may see, newest first: states and dates only, never the person. */
export async function listTransfers(ctx: CasesContext, actor: Actor, limit = 200): Promise<TransferSummary[]> {
  const rows = await visibleCases(
    ctx.db
      .selectFrom("case_file")
      .innerJoin("case_transfer", "case_transfer.case_id", "case_file.id")
      .select([
        "case_file.id",
        "case_file.reference",
        "case_file.direction",
        "case_file.state",
        "case_file.updated_at",
        "case_transfer.sentencing_state",
        "case_transfer.administering_state",
        "case_transfer.request_date",
      ])
      .where("case_file.kind", "=", "tsp"),
    actor,
  )
    .orderBy("case_file.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    direction: r.direction,
    state: r.state as TransferState,
    sentencingState: r.sentencing_state,
    administeringState: r.administering_state,
    requestDate: r.request_date,
    updatedAt: instant(r.updated_at),
  }));
}

function checkState(field: string, code: string): void {
  if (!jurisdiction(code))
    throw worded(
      invalid(field, `"${code}" is not a known state or territory (a two-letter code such as RU or HK).`),
      "unknownJurisdiction",
      {
        value: code,
      },
    );
}

function checkDate(field: string, value: string | null | undefined): void {
  if (value != null && !ISO.test(value)) throw notADate(field, value);
}

async function writeStep(
  trx: Transaction<Database>,
  ctx: CasesContext,
  actor: Actor,
  row: CaseRow,
  input: { version: number; action: string; to: string; note?: string | null; summary: Record<string, unknown> },
  client: ClientInfo,
): Promise<void> {
  const version = await bump(trx, ctx, row, input.version, input.to !== row.state ? { state: input.to } : {});
  await recordCaseChange(trx, ctx.clock, {
    row,
    version,
    timeline: input.action,
    to: input.to,
    note: input.note?.trim() || null,
    audit: `case.${input.action}`,
    // Codes, dates and states only: the person's name and the judgment's words stay out of the audit trail.
    summary: { state: { before: row.state, after: input.to }, version, ...input.summary },
    actor,
    ip: client.ip,
  });
}

/** Opens a transfer case: a case of kind 'tsp' and its facts, in one transaction; the creator is on its access list. */
export async function openTransfer(ctx: CasesContext, actor: Actor, input: NewTransfer, client: ClientInfo) {
  checkState("sentencingState", input.sentencingState);
  checkState("administeringState", input.administeringState);
  if (input.sentencingState === input.administeringState)
    throw worded(invalid("administeringState", "The administering state must differ from the sentencing state."), "transferSameState");
  checkDate("requestDate", input.requestDate);
  const access = await checkAccessList(ctx, [actor.userId, ...(input.accessList ?? [])]);
  const now = ctx.clock.now();
  const requesting = input.requestedBy === "sentencing" ? input.sentencingState : input.administeringState;
  const requested = input.requestedBy === "sentencing" ? input.administeringState : input.sentencingState;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const prefix = `TSP-${input.direction === "outgoing" ? "OUT" : "IN"}-${now.getUTCFullYear()}-`;
    const counter = await trx
      .insertInto("case_reference_counter")
      .values({ prefix, last: 1 })
      .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", 1) })))
      .returning("last")
      .executeTakeFirstOrThrow();
    const reference = `${prefix}${String(counter.last).padStart(5, "0")}`;
    const row = await trx
      .insertInto("case_file")
      .values({
        reference,
        kind: "tsp",
        direction: input.direction,
        // No name in the title: the title shows in lists and exports.
        title: `Transfer of a sentenced person, ${input.sentencingState} to ${input.administeringState}`,
        requesting,
        requested,
        confidentiality: input.confidentiality,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        state: "transfer_open",
        officer_id: actor.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("case_transfer")
      .values({
        case_id: row.id,
        sentencing_state: input.sentencingState,
        administering_state: input.administeringState,
        requested_by: input.requestedBy,
        request_date: input.requestDate,
        person_name: input.personName.trim(),
      })
      .execute();
    await trx
      .insertInto("case_access")
      .values(access.map((user_id) => ({ case_id: row.id, user_id, granted_by: actor.userId, granted_at: now })))
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.create",
      objectType: "case",
      objectId: row.id,
      summary: {
        after: {
          reference,
          kind: "tsp",
          direction: input.direction,
          confidentiality: input.confidentiality,
          accessList: access.length,
          sentencing: input.sentencingState,
          administering: input.administeringState,
        },
      },
      ip: client.ip,
    });
    return row.id;
  });
  return afterWrite(ctx, actor, id, client);
}

/** Records facts of the person, the judgment and consent, while the transfer is open or agreed (consent may be withdrawn until the handover). */
export async function recordTransferFacts(ctx: CasesContext, actor: Actor, id: string, input: TransferFactsInput, client: ClientInfo) {
  const { row } = await transferFor(ctx, actor, id, "case:update");
  if (row.state !== "transfer_open" && row.state !== "transfer_agreed")
    throw new RuleError(
      "transfer_ended",
      "The facts of a transfer are recorded while it is open or agreed.",
      "version",
      undefined,
      undefined,
      {
        key: "errors:domain.transferEnded",
        params: {},
      },
    );
  if (input.nationality != null) checkState("nationality", input.nationality);
  for (const f of ["judgmentDate", "finalOn", "sentenceStart", "servedAsOf", "consentOn", "consentVerifiedOn"] as const)
    checkDate(f, input[f]);
  if (input.iccs != null && !(ICCS_CODES as readonly string[]).includes(input.iccs))
    throw invalid("iccs", `ICCS section must be one of ${ICCS_CODES.join(", ")}.`);
  if ((input.servedDays != null) !== (input.servedAsOf != null) && input.servedDays !== undefined && input.servedAsOf !== undefined)
    throw worded(invalid("servedAsOf", "Time served needs both the days served and the date they were counted on."), "servedNeedsBoth");
  if (input.judgmentDate && input.finalOn && input.finalOn < input.judgmentDate)
    throw worded(invalid("finalOn", "A judgment cannot become final before it is given."), "finalBeforeJudgment");
  const set: Record<string, unknown> = {};
  const map: [keyof TransferFactsInput, string][] = [
    ["personName", "person_name"],
    ["nationality", "nationality"],
    ["nationalOfAdministering", "national_of_administering"],
    ["court", "court"],
    ["judgmentDate", "judgment_date"],
    ["finalOn", "final_on"],
    ["offence", "offence"],
    ["iccs", "iccs"],
    ["indeterminate", "indeterminate"],
    ["sentenceStart", "sentence_start"],
    ["servedDays", "served_days"],
    ["servedAsOf", "served_as_of"],
    ["remissionDays", "remission_days"],
    ["dualCriminality", "dual_criminality"],
    ["shorterTimeAgreed", "shorter_time_agreed"],
    ["consent", "consent"],
    ["consentOn", "consent_on"],
    ["consentVerifiedOn", "consent_verified_on"],
    ["consentDispensed", "consent_dispensed"],
  ];
  for (const [k, col] of map) {
    const v = input[k];
    if (v === undefined) continue;
    set[col] = typeof v === "string" ? v.trim() || null : v;
  }
  if (set.person_name === null) throw invalid("personName", "The person's name cannot be empty.");
  if (input.sentence !== undefined) {
    set.sentence_years = input.sentence?.years ?? null;
    set.sentence_months = input.sentence?.months ?? null;
    set.sentence_days = input.sentence?.days ?? null;
  }
  // Which facts changed, by name, never their values: the audit trail stays free of the person's data.
  const changed = Object.keys(input).filter((k) => k !== "version" && (input as unknown as Record<string, unknown>)[k] !== undefined);
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(set).length > 0) await trx.updateTable("case_transfer").set(set).where("case_id", "=", row.id).execute();
    await writeStep(
      trx,
      ctx,
      actor,
      row,
      { version: input.version, action: "transfer_facts", to: row.state, summary: { changed } },
      client,
    );
  });
  return afterWrite(ctx, actor, id, client);
}

/** Records one state's decision. Agreeing needs every other condition met on the request date; both agreeing makes the transfer agreed. */
export async function decideTransfer(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  input: {
    version: number;
    side: "sentencing" | "administering";
    decision: "agreed" | "refused";
    on: string;
    enforcement?: "continued" | "converted" | null;
    note?: string | null;
  },
  client: ClientInfo,
) {
  const { row, t } = await transferFor(ctx, actor, id, "case:update");
  checkDate("on", input.on);
  const already = input.side === "sentencing" ? t.sentencing_decision : t.administering_decision;
  if (row.state !== "transfer_open" || already !== null)
    throw worded(
      conflict(
        "side",
        `The ${input.side} state's decision is already recorded, or the transfer is no longer open.`,
        "transition_not_allowed",
      ),
      `transferDecided.${input.side}`,
    );
  if (input.on < t.request_date) throw worded(invalid("on", "A decision cannot come before the request."), "decisionBeforeRequest");
  if (input.decision === "agreed") {
    const law = resolveTransfer(ctx.kb, { from: t.sentencing_state, to: t.administering_state, on: t.request_date, facts: factsOfRow(t) });
    const blocking = blockingCondition(law, ["states_agree"]);
    if (blocking) throw guardError("agree", law, blocking);
    // ETS 112 art. 9(1): the administering state says whether it continues the enforcement or converts the sentence.
    if (input.side === "administering" && !input.enforcement)
      throw worded(
        invalid(
          "enforcement",
          "The administering state agrees either to continue the enforcement or to convert the sentence (ETS 112 art. 9).",
        ),
        "enforcementRequired",
      );
  }
  const other = input.side === "sentencing" ? t.administering_decision : t.sentencing_decision;
  const to = input.decision === "refused" ? "transfer_refused" : other === "agreed" ? "transfer_agreed" : "transfer_open";
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("case_transfer")
      .set(
        input.side === "sentencing"
          ? { sentencing_decision: input.decision, sentencing_decided_on: input.on }
          : {
              administering_decision: input.decision,
              administering_decided_on: input.on,
              ...(input.decision === "agreed" ? { enforcement: input.enforcement ?? null } : {}),
            },
      )
      .where("case_id", "=", row.id)
      .execute();
    await writeStep(
      trx,
      ctx,
      actor,
      row,
      {
        version: input.version,
        action: `transfer_${input.decision === "agreed" ? "agree" : "refuse"}_${input.side}`,
        to,
        note: input.note,
        summary: {
          side: input.side,
          decision: input.decision,
          on: input.on,
          ...(input.enforcement ? { enforcement: input.enforcement } : {}),
        },
      },
      client,
    );
  });
  return afterWrite(ctx, actor, id, client);
}

/** Records the handover (date, place, escort) of an agreed transfer; every condition must still hold (consent not withdrawn). */
export async function recordHandover(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  input: { version: number; on: string; place: string; escort: string },
  client: ClientInfo,
) {
  const { row, t } = await transferFor(ctx, actor, id, "case:update");
  checkDate("on", input.on);
  if (row.state !== "transfer_agreed")
    throw worded(conflict("version", "The handover follows both states' agreement.", "transition_not_allowed"), "handoverNotAgreed");
  const law = resolveTransfer(ctx.kb, { from: t.sentencing_state, to: t.administering_state, on: t.request_date, facts: factsOfRow(t) });
  const blocking = blockingCondition(law);
  if (blocking) throw guardError("hand over", law, blocking);
  const latest = [t.sentencing_decided_on, t.administering_decided_on]
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);
  if (latest && input.on < latest) throw worded(invalid("on", "The handover cannot come before the decisions."), "handoverBeforeDecision");
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("case_transfer")
      .set({ handover_on: input.on, handover_place: input.place.trim(), handover_escort: input.escort.trim() })
      .where("case_id", "=", row.id)
      .execute();
    await writeStep(
      trx,
      ctx,
      actor,
      row,
      { version: input.version, action: "transfer_handover", to: "transfer_handed_over", summary: { on: input.on } },
      client,
    );
  });
  return afterWrite(ctx, actor, id, client);
}

/** Closes a transfer case (after the handover, a refusal, or a withdrawal of the request). */
export async function closeTransfer(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  input: { version: number; on: string; note?: string | null },
  client: ClientInfo,
) {
  const { row } = await transferFor(ctx, actor, id, "case:update");
  checkDate("on", input.on);
  if (row.state === "transfer_closed")
    throw worded(conflict("version", "The transfer case is already closed.", "transition_not_allowed"), "transferClosed");
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable("case_transfer").set({ closed_on: input.on }).where("case_id", "=", row.id).execute();
    await writeStep(
      trx,
      ctx,
      actor,
      row,
      { version: input.version, action: "transfer_close", to: "transfer_closed", note: input.note, summary: { on: input.on } },
      client,
    );
  });
  return afterWrite(ctx, actor, id, client);
}
