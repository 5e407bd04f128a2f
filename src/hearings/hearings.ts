/**
 * Hearings by video link (issue 15 §3): scheduling one for a measure that takes a person's evidence,
 * changing or cancelling it, and recording what happened — the record is the measure's execution
 * report, written in the same transaction under the same guard as a status edit. Every write carries the
 * case's version (409 when stale), bumps it and writes its audit event; need-to-know is the case's own.
 */
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent, recordStandalone } from "../audit/trail.js";
import { type CaseRow, type CasesContext, basisOf, caseFor, mlaCaseFor } from "../cases/access.js";
import { RuleError, checkExecutionReport } from "../cases/casework.js";
import { refreshDeadlines } from "../cases/deadlines.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../cases/presenter.js";
import { bump } from "../cases/version.js";
import type { Measure } from "../law/codes.js";
import { invalid, notFound, worded } from "../errors.js";
import { type Actor, readIsAudited } from "../policies/policy.js";
import { type HearingLaw, hearingLaw } from "./law.js";
import { isIanaZone } from "./zones.js";

/**
 * The measures a hearing by video link may execute: taking testimony, taking statements, and the
 * hearing by video link requested as such. UNTOC art. 18(3)(a) and UNCAC art. 46(3)(a) name "taking
 * evidence or statements" together and art. 18(18) / 46(18) provide the video link for hearing a witness
 * or expert, so statements are heard alike. Voluntary appearance is not: it is the person's travel to
 * the requesting state (art. 18(3)(i) / 46(3)(i)), for which a hearing by video link is the alternative
 * (art. 18(18): "if it is not possible or desirable for the individual … to appear in person"), recorded
 * as a measure of its own.
 */
export const HEARING_MEASURES: readonly Measure[] = ["testimony", "statements", "video_link"];
export const HEARING_STATUSES = ["scheduled", "held", "adjourned", "witness_refused", "cancelled"] as const;
export type HearingStatus = (typeof HEARING_STATUSES)[number];
/** What a record says happened. */
export const HEARING_OUTCOMES = ["held", "adjourned", "witness_refused"] as const;
export type HearingOutcome = (typeof HEARING_OUTCOMES)[number];
/** The longest hearing one invitation covers. */
export const MAX_HEARING_MINUTES = 12 * 60;
/** Case states in which nothing new is scheduled. */
const ENDED_STATES = new Set([
  "closed",
  "refused",
  "withdrawn",
  "refused_by_partner",
  "executed",
  "evidence_returned",
  "evidence_received",
]);

export interface Interpreter {
  name: string;
  /** ISO 639 codes (639-1 where one exists, else 639-3), e.g. ["ru", "en"]. */
  languages: string[];
}
export interface Participant {
  side: "requesting" | "requested";
  role: string;
  name: string;
}
export interface TechnicalContact {
  name: string;
  email: string;
  phone?: string | null;
}

/** A hearing's schedule as the user gives it (`measureId` on scheduling only). */
export interface HearingSchedule {
  version: number;
  startsAt: string;
  endsAt: string;
  requestingZone: string;
  requestedZone: string;
  presidingAuthority: string;
  interpreters: Interpreter[];
  participants: Participant[];
  technicalContact: TechnicalContact;
  perjuryWarning: string;
}

/** A hearing as the API answers it. */
export interface Hearing {
  id: string;
  measureId: string;
  measure: string;
  measureStatus: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  requestingZone: string;
  requestedZone: string;
  presidingAuthority: string;
  interpreters: Interpreter[];
  participants: Participant[];
  technicalContact: TechnicalContact;
  perjuryWarning: string;
  status: HearingStatus;
  sequence: number;
  outcomeNote: string | null;
  recordedAt: string | null;
}

/** A case's hearings with the law that governs them and the case's version (to send back with a change). */
export interface CaseHearings {
  caseId: string;
  reference: string;
  requesting: string;
  requested: string;
  caseVersion: number;
  law: HearingLaw;
  hearings: Hearing[];
}

const json = <T>(v: unknown): T => (typeof v === "string" ? JSON.parse(v) : v) as T;
const iso = (d: Date | string) => new Date(d).toISOString();

/** The checks on a schedule that need more than its fields' shapes (the zones, the order of the times). */
function checkSchedule(s: HearingSchedule): void {
  for (const field of ["requestingZone", "requestedZone"] as const)
    if (!isIanaZone(s[field]))
      throw worded(invalid(field, `"${s[field]}" is not a time zone (an IANA name such as Europe/Moscow).`), "notATimeZone", {
        value: s[field],
      });
  const start = Date.parse(s.startsAt);
  const end = Date.parse(s.endsAt);
  if (!(end > start)) throw worded(invalid("endsAt", "The hearing must end after it starts."), "hearingEndsBeforeStart");
  if (end - start > MAX_HEARING_MINUTES * 60_000)
    throw worded(invalid("endsAt", `A hearing lasts at most ${MAX_HEARING_MINUTES / 60} hours.`), "hearingTooLong", {
      hours: MAX_HEARING_MINUTES / 60,
    });
}

const columns = (s: HearingSchedule) => ({
  starts_at: new Date(s.startsAt),
  ends_at: new Date(s.endsAt),
  requesting_zone: s.requestingZone,
  requested_zone: s.requestedZone,
  presiding_authority: s.presidingAuthority.trim(),
  interpreters: JSON.stringify(s.interpreters.map((i) => ({ name: i.name.trim(), languages: i.languages }))),
  participants: JSON.stringify(s.participants.map((p) => ({ side: p.side, role: p.role.trim(), name: p.name.trim() }))),
  technical_contact: JSON.stringify({
    name: s.technicalContact.name.trim(),
    email: s.technicalContact.email.trim(),
    phone: s.technicalContact.phone?.trim() || null,
  }),
  perjury_warning: s.perjuryWarning.trim(),
});

function caseOpen(row: CaseRow): void {
  if (ENDED_STATES.has(row.state))
    throw new RuleError(
      "case_ended",
      `Hearings are scheduled while the case is open (it is "${row.state.replace(/_/g, " ")}").`,
      "version",
      undefined,
      undefined,
      { key: "errors:domain.hearingCaseEnded", params: { state: row.state } },
    );
}

async function hearingOf(ctx: CasesContext, row: CaseRow, hearingId: string) {
  const h = /^[0-9a-f-]{36}$/i.test(hearingId)
    ? await ctx.db.selectFrom("case_hearing").selectAll().where("id", "=", hearingId).where("case_id", "=", row.id).executeTakeFirst()
    : undefined;
  if (!h) throw worded(notFound("hearingId", "No such hearing in this case."), "noSuchHearing");
  return h;
}

/** Only a hearing still to take place (scheduled, or adjourned to another date) can be changed or cancelled. */
function stillToHold(status: string): void {
  if (status !== "scheduled" && status !== "adjourned")
    throw new RuleError(
      "hearing_closed",
      `This hearing is ${status.replace(/_/g, " ")}; it can no longer be changed.`,
      "hearingId",
      undefined,
      undefined,
      {
        key: "errors:domain.hearingClosed",
        params: { hearingStatus: status },
      },
    );
}

/** Schedules a hearing by video link for a measure of the case that takes a person's evidence. */
export async function scheduleHearing(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  input: HearingSchedule & { measureId: string },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  caseOpen(row);
  const m = /^[0-9a-f-]{36}$/i.test(input.measureId)
    ? await ctx.db.selectFrom("case_measure").selectAll().where("id", "=", input.measureId).where("case_id", "=", row.id).executeTakeFirst()
    : undefined;
  if (!m) throw notFound("measureId", "No such measure in this case.");
  if (!(HEARING_MEASURES as readonly string[]).includes(m.measure))
    throw new RuleError(
      "measure_not_testimony",
      `A hearing by video link takes testimony or statements; this measure is "${m.measure.replace(/_/g, " ")}".`,
      "measureId",
      undefined,
      undefined,
      { key: "errors:domain.hearingMeasureKind", params: { measure: m.measure } },
    );
  if (["refused", "executed", "not_executed"].includes(m.status))
    throw new RuleError(
      "measure_ended",
      `This measure is ${m.status.replace(/_/g, " ")}: no hearing can be scheduled for it.`,
      "measureId",
      undefined,
      undefined,
      {
        key: "errors:domain.hearingMeasureEnded",
        params: { measureStatus: m.status },
      },
    );
  checkSchedule(input);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    const h = await trx
      .insertInto("case_hearing")
      .values({ case_id: row.id, measure_id: m.id, ...columns(input), created_by: actor.userId, created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.hearing_schedule",
      objectType: "case",
      objectId: row.id,
      // Times and zones only: names are case content and stay out of the audit trail.
      summary: {
        hearingId: h.id,
        measureId: m.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        zones: [input.requestingZone, input.requestedZone],
      },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/** Changes a hearing still to take place (an adjourned one is scheduled again); its invitation's SEQUENCE goes up. */
export async function rescheduleHearing(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  hearingId: string,
  input: HearingSchedule,
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  caseOpen(row);
  const h = await hearingOf(ctx, row, hearingId);
  stillToHold(h.status);
  checkSchedule(input);
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .updateTable("case_hearing")
      .set({ ...columns(input), status: "scheduled", sequence: h.sequence + 1, updated_at: ctx.clock.now() })
      .where("id", "=", h.id)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.hearing_change",
      objectType: "case",
      objectId: row.id,
      summary: { hearingId: h.id, startsAt: { before: iso(h.starts_at), after: input.startsAt }, sequence: h.sequence + 1 },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/** Cancels a hearing still to take place; its invitation becomes a METHOD:CANCEL with a higher SEQUENCE. */
export async function cancelHearing(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  hearingId: string,
  input: { version: number },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const h = await hearingOf(ctx, row, hearingId);
  stillToHold(h.status);
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .updateTable("case_hearing")
      .set({ status: "cancelled", sequence: h.sequence + 1, updated_at: ctx.clock.now() })
      .where("id", "=", h.id)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.hearing_cancel",
      objectType: "case",
      objectId: row.id,
      summary: { hearingId: h.id, status: { before: h.status, after: "cancelled" } },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, caseId, client);
}

/**
 * Records what happened at a scheduled hearing. Held: the measure is reported executed; the witness
 * refused: reported not executed (the requested state reports the refusal); adjourned: no report — the
 * hearing can be scheduled again. The report is written as a status edit writes it, under its guard.
 */
export async function recordHearing(
  ctx: CasesContext,
  actor: Actor,
  caseId: string,
  hearingId: string,
  input: { version: number; outcome: HearingOutcome; note?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await mlaCaseFor(ctx, actor, caseId, "case:update");
  const h = await hearingOf(ctx, row, hearingId);
  if (h.status !== "scheduled")
    throw new RuleError(
      "hearing_closed",
      `This hearing is ${h.status.replace(/_/g, " ")}; it can no longer be changed.`,
      "hearingId",
      undefined,
      undefined,
      {
        key: "errors:domain.hearingClosed",
        params: { hearingStatus: h.status },
      },
    );
  const m = await ctx.db.selectFrom("case_measure").selectAll().where("id", "=", h.measure_id).executeTakeFirstOrThrow();
  const report = input.outcome === "held" ? "executed" : input.outcome === "witness_refused" ? "not_executed" : null;
  if (report) checkExecutionReport(row, m, "outcome");
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    await trx
      .updateTable("case_hearing")
      .set({
        status: input.outcome,
        outcome_note: input.note?.trim() || null,
        recorded_at: now,
        recorded_by: actor.userId,
        updated_at: now,
      })
      .where("id", "=", h.id)
      .execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.hearing_record",
      objectType: "case",
      objectId: row.id,
      summary: { hearingId: h.id, status: { before: h.status, after: input.outcome } },
      ip: client.ip,
    });
    if (report) {
      // The execution report, exactly as PATCH …/measures/:id writes it: the status, the deadlines, its own event.
      await trx.updateTable("case_measure").set({ status: report }).where("id", "=", m.id).execute();
      await refreshDeadlines(trx, row.id);
      await recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.measure_update",
        objectType: "case",
        objectId: row.id,
        summary: { measureId: m.id, status: { before: m.status, after: report }, hearingId: h.id },
        ip: client.ip,
      });
    }
  });
  return writeResult(ctx, actor, caseId, client);
}

/** A case's hearings, soonest first, with the law that governs them. Reading a confidential case's hearings is audited, as reading the case is. */
export async function listHearings(ctx: CasesContext, actor: Actor, caseId: string, client: ClientInfo): Promise<CaseHearings> {
  const row = await caseFor(ctx, actor, caseId, "case:read");
  await recordHearingsRead(ctx, actor, row, client);
  return hearingsOf(ctx, row);
}

/** A case's hearings, with the law that governs them; the caller has checked access and records the read. */
async function hearingsOf(ctx: CasesContext, row: CaseRow): Promise<CaseHearings> {
  const rows = await ctx.db
    .selectFrom("case_hearing")
    .innerJoin("case_measure", "case_measure.id", "case_hearing.measure_id")
    .selectAll("case_hearing")
    .select(["case_measure.measure as measure", "case_measure.status as measure_status"])
    .where("case_hearing.case_id", "=", row.id)
    .orderBy("case_hearing.starts_at")
    .orderBy("case_hearing.id")
    .execute();
  return {
    caseId: row.id,
    reference: row.reference,
    requesting: row.requesting,
    requested: row.requested,
    caseVersion: row.version,
    law: hearingLaw(basisOf(row), ctx.kb),
    hearings: rows.map((h) => ({
      id: h.id,
      measureId: h.measure_id,
      measure: h.measure,
      measureStatus: h.measure_status,
      startsAt: iso(h.starts_at),
      endsAt: iso(h.ends_at),
      durationMinutes: Math.round((Date.parse(iso(h.ends_at)) - Date.parse(iso(h.starts_at))) / 60_000),
      requestingZone: h.requesting_zone,
      requestedZone: h.requested_zone,
      presidingAuthority: h.presiding_authority,
      interpreters: json<Interpreter[]>(h.interpreters),
      participants: json<Participant[]>(h.participants),
      technicalContact: json<TechnicalContact>(h.technical_contact),
      perjuryWarning: h.perjury_warning,
      status: h.status as HearingStatus,
      sequence: h.sequence,
      outcomeNote: h.outcome_note,
      recordedAt: h.recorded_at ? iso(h.recorded_at) : null,
    })),
  };
}

/** One hearing of a case, with the case's facts its invitation needs (audited like a read). */
export async function hearingFor(ctx: CasesContext, actor: Actor, caseId: string, hearingId: string, client: ClientInfo) {
  const row = await caseFor(ctx, actor, caseId, "case:read");
  const all = await hearingsOf(ctx, row);
  const h = all.hearings.find((x) => x.id === hearingId);
  // A refused read writes nothing: the read is recorded only once the hearing is found.
  if (!h) throw worded(notFound("hearingId", "No such hearing in this case."), "noSuchHearing");
  await recordHearingsRead(ctx, actor, row, client);
  return { ...all, hearing: h };
}

/** A read of a confidential case's hearings goes on the audit trail, as every read of such a case does. */
async function recordHearingsRead(ctx: CasesContext, actor: Actor, row: CaseRow, client: ClientInfo) {
  if (!readIsAudited(row.confidentiality)) return;
  await recordStandalone(ctx.db, ctx.clock, {
    actorId: actor.userId,
    actorLabel: actor.label,
    action: "case.read",
    objectType: "case",
    objectId: row.id,
    summary: { reference: row.reference, confidentiality: row.confidentiality, part: "hearings" },
    ip: client.ip,
  });
}
