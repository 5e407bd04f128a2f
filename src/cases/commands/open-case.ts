/** Opening cases: one from the form or the API, or a batch registered together (all or none). */
import type { Transaction } from "kysely";
import type { ClientInfo } from "../../accounts/sessions.js";
import { recordEvent, recordEvents } from "../../audit/trail.js";
import type { Database } from "../../db/schema.js";
import { invalid, notADate, worded } from "../../errors.js";
import { MEASURES } from "../../law/codes.js";
import type { Actor, Confidentiality } from "../../policies/policy.js";
import type { BasisAnswer } from "../../law/basis.js";
import { addWorkingDays, caseDeadlines, refreshDeadlines } from "../deadlines.js";
import { initialState } from "../workflow.js";
import { checkCaseFields } from "../fields.js";
import { type CasesContext, checkAccessList } from "../access.js";
import { computeBasis, storeBasisAnswers } from "../basis.js";
import { type CaseDetail, type CaseReceipt, writeResult } from "../presenter.js";

export interface NewCaseInput {
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  accessList?: string[];
  /** Date of the request (sent or dated by the requester), YYYY-MM-DD; today if absent. The basis is computed on it. */
  requestDate?: string;
  /** Measures requested, each becoming its own line. */
  measures?: { measure: string; description: string }[];
  /** One of the applicable bases; the engine's first by precedence if absent. */
  basisInstrument?: string;
  ourReference?: string | null;
  theirReference?: string | null;
  /** The requesting authority (incoming) or the authority asking us to send (outgoing). */
  authority?: string | null;
  urgency?: "normal" | "urgent";
  /** Incoming: the day it arrived. */
  receivedOn?: string | null;
  /** Urgent requests received orally or by e-mail: the written confirmation is due by this date. */
  writtenConfirmationDue?: string | null;
  /** The date by which the requesting side asks for an answer or execution. */
  respondBy?: string | null;
  /** A retried creation with the same key returns the first case instead of a second one. */
  idempotencyKey?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An urgent incoming request made orally or by e-mail must be confirmed in writing; the conventions
 * say "forthwith" without a number of days, so unless the officer sets a date, the central
 * authority's service level applies: the next working day of the requested state after receipt.
 * Only where the basis has a rule on urgent requests.
 */
function urgentConfirmationDue(input: NewCaseInput, basis: BasisAnswer, receivedOn: string): string | null {
  if (input.direction !== "incoming" || input.urgency !== "urgent") return null;
  if (!basis.duties.some((d) => d.kind === "urgent_requests")) return null;
  return addWorkingDays(receivedOn, 1, input.requested);
}

/**
 * The latest calendar day anywhere on Earth at this instant (UTC+14): a date the officer reads off a
 * request or a stamp is "in the future" only if it is after that, so an officer east of Greenwich is
 * never told that today is tomorrow.
 */
export const latestToday = (now: Date) => new Date(now.getTime() + 14 * 3_600_000).toISOString().slice(0, 10);

/**
 * The request's own date and the day it reached us: neither can be in the future, and a request is
 * not received before it is dated. An incoming request without a "received on" date arrived today;
 * its deadlines run from that day (deadlines.ts), its basis from the request's date.
 */
export function requestDates(input: Pick<NewCaseInput, "direction" | "requestDate" | "receivedOn">, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const requestDate = input.requestDate ?? today;
  // (A request dated "tomorrow" by a state east of here was received on that date at the earliest.)
  const receivedOn = input.receivedOn ?? (input.direction === "incoming" ? (requestDate > today ? requestDate : today) : null);
  const latest = latestToday(now);
  for (const [field, value, words, name] of [
    ["requestDate", requestDate, "The date of the request", "requestDateInFuture"],
    ["receivedOn", receivedOn, "The date the request was received", "receivedOnInFuture"],
  ] as const) {
    if (value == null) continue;
    if (!ISO_DATE.test(value)) throw notADate(field, value);
    if (value > latest)
      throw worded(invalid(field, `${words} cannot be in the future (it is ${value}; today is ${today}).`, "date_in_future"), name, {
        date: value,
        today,
      });
  }
  if (receivedOn && receivedOn < requestDate)
    throw worded(
      invalid(
        "receivedOn",
        `A request cannot be received (${receivedOn}) before the date it bears (${requestDate}).`,
        "received_before_dated",
      ),
      "receivedBeforeDated",
      { received: receivedOn, date: requestDate },
    );
  return { requestDate, receivedOn };
}

/** Checks a new case's fields and computes its basis and written-confirmation deadline (single and batch creation). */
function prepareNewCase(ctx: CasesContext, input: NewCaseInput, now: Date) {
  checkCaseFields(input);
  const { requestDate, receivedOn } = requestDates(input, now);
  for (const [field, value] of [
    ["writtenConfirmationDue", input.writtenConfirmationDue],
    ["respondBy", input.respondBy],
  ] as const)
    if (value != null && !ISO_DATE.test(value)) throw notADate(field, value);
  const measures = input.measures ?? [];
  for (const m of measures) {
    if (!(MEASURES as readonly string[]).includes(m.measure))
      throw invalid("measures", `Unknown measure "${m.measure}"; measures are ${MEASURES.join(", ")}.`);
    if (m.description.trim().length < 3) throw invalid("measures", "Describe each measure in at least 3 characters.");
  }
  // The basis is the law on the request's date, not on the day it reached us.
  const computed = computeBasis(ctx, {
    requesting: input.requesting,
    requested: input.requested,
    requestDate,
    measures: measures.map((m) => m.measure),
    basisInstrument: input.basisInstrument,
  });
  const writtenConfirmationDue = input.writtenConfirmationDue ?? urgentConfirmationDue(input, computed.basis, receivedOn ?? requestDate);
  return { requestDate, receivedOn, measures, basis: computed, instrument: computed.instrument, writtenConfirmationDue };
}

/** Opens a case; the creator is always on its access list (so a strictly confidential case never orphans). */
export async function createCase(
  ctx: CasesContext,
  actor: Actor,
  input: NewCaseInput,
  client: ClientInfo,
  /** More rows to write in the same transaction (a drafted request's offences, persons and documents). */
  within?: (trx: Transaction<Database>, caseId: string, reference: string) => Promise<void>,
): Promise<(CaseDetail | CaseReceipt) & { replayed?: boolean }> {
  if (input.idempotencyKey) {
    const earlier = await ctx.db
      .selectFrom("case_file")
      .select("id")
      .where("created_by", "=", actor.userId)
      .where("idempotency_key", "=", input.idempotencyKey)
      .executeTakeFirst();
    if (earlier) return { ...(await writeResult(ctx, actor, earlier.id, client)), replayed: true };
  }
  const access = await checkAccessList(ctx, [actor.userId, ...(input.accessList ?? [])]);
  const now = ctx.clock.now();
  const { requestDate, receivedOn, measures, basis, instrument, writtenConfirmationDue } = prepareNewCase(ctx, input, now);
  const create = () =>
    ctx.db.transaction().execute(async (trx) => {
      const year = now.getUTCFullYear();
      const prefix = `${input.direction === "outgoing" ? "OUT" : "IN"}-${year}-`;
      // One counter row per prefix: concurrent creations queue on its row lock, never scan the table.
      const counter = await trx
        .insertInto("case_reference_counter")
        .values({ prefix, last: 1 })
        .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", 1) })))
        .returning("last")
        .executeTakeFirstOrThrow();
      const n = counter.last;
      const reference = `${prefix}${String(n).padStart(5, "0")}`;
      await storeBasisAnswers(trx, [basis]);
      const row = await trx
        .insertInto("case_file")
        .values({
          reference,
          direction: input.direction,
          title: input.title.trim(),
          requesting: input.requesting,
          requested: input.requested,
          confidentiality: input.confidentiality,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          state: initialState(input.direction),
          request_date: requestDate,
          basis_digest: basis.digest,
          basis_instrument: instrument,
          our_reference: input.ourReference?.trim() || null,
          their_reference: input.theirReference?.trim() || null,
          authority: input.authority?.trim() || null,
          urgency: input.urgency ?? "normal",
          received_on: receivedOn,
          officer_id: actor.userId,
          written_confirmation_due: writtenConfirmationDue,
          respond_by: input.respondBy ?? null,
          idempotency_key: input.idempotencyKey ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (measures.length > 0)
        await trx
          .insertInto("case_measure")
          .values(
            measures.map((m) => ({
              case_id: row.id,
              measure: m.measure,
              description: m.description.trim(),
              assigned_organisation_id: null,
              created_at: now,
            })),
          )
          .execute();
      await trx
        .insertInto("case_access")
        .values(access.map((user_id) => ({ case_id: row.id, user_id, granted_by: actor.userId, granted_at: now })))
        .execute();
      if (within) await within(trx, row.id, reference);
      await refreshDeadlines(trx, row.id);
      await recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.create",
        objectType: "case",
        objectId: row.id,
        summary: {
          after: {
            reference,
            direction: input.direction,
            confidentiality: input.confidentiality,
            accessList: access.length,
            basis: instrument,
            measures: measures.map((m) => m.measure),
          },
        },
        ip: client.ip,
      });
      return row.id;
    });
  let id: string;
  try {
    id = await create();
  } catch (err) {
    // Two retries racing with the same key: the unique index lets one through; the other returns it.
    if (input.idempotencyKey && (err as { code?: string }).code === "23505") {
      const earlier = await ctx.db
        .selectFrom("case_file")
        .select("id")
        .where("created_by", "=", actor.userId)
        .where("idempotency_key", "=", input.idempotencyKey)
        .executeTakeFirst();
      if (earlier) return { ...(await writeResult(ctx, actor, earlier.id, client)), replayed: true };
    }
    throw err;
  }
  return writeResult(ctx, actor, id, client);
}

/**
 * Registers many cases at once (a batch of requests received together, or a migration from a
 * spreadsheet): every case is validated and its basis computed first; then one transaction writes
 * them all, with one audit event each. Nothing is written if any case is invalid — the error names
 * the case's position.
 */
export async function createCases(
  ctx: CasesContext,
  actor: Actor,
  inputs: NewCaseInput[],
  client: ClientInfo,
): Promise<{ id: string; reference: string }[]> {
  if (inputs.length === 0 || inputs.length > 1000) throw invalid("cases", "Send 1 to 1,000 cases in a batch.");
  const now = ctx.clock.now();
  const prepared = inputs.map((input, i) => {
    try {
      if (input.accessList?.length)
        throw invalid("accessList", "Batch registration gives access to the registering officer only; add colleagues afterwards.");
      return { input, ...prepareNewCase(ctx, input, now) };
    } catch (err) {
      if (err instanceof Error && "field" in err) {
        const e = err as Error & { field?: string };
        throw invalid(`cases[${i}].${e.field ?? ""}`, `Case ${i + 1}: ${e.message}`);
      }
      throw err;
    }
  });
  return ctx.db.transaction().execute(async (trx) => {
    const byPrefix = new Map<string, number>();
    for (const p of prepared) {
      const prefix = `${p.input.direction === "outgoing" ? "OUT" : "IN"}-${now.getUTCFullYear()}-`;
      byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
    }
    // Reserve the references of the whole batch with one update per prefix.
    const next = new Map<string, number>();
    for (const [prefix, count] of byPrefix) {
      const r = await trx
        .insertInto("case_reference_counter")
        .values({ prefix, last: count })
        .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", count) })))
        .returning("last")
        .executeTakeFirstOrThrow();
      next.set(prefix, r.last - count + 1);
    }
    const rows = prepared.map((p) => {
      const prefix = `${p.input.direction === "outgoing" ? "OUT" : "IN"}-${now.getUTCFullYear()}-`;
      const n = next.get(prefix) ?? 1;
      next.set(prefix, n + 1);
      return {
        reference: `${prefix}${String(n).padStart(5, "0")}`,
        direction: p.input.direction,
        title: p.input.title.trim(),
        requesting: p.input.requesting,
        requested: p.input.requested,
        confidentiality: p.input.confidentiality,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        state: initialState(p.input.direction),
        request_date: p.requestDate,
        basis_digest: p.basis.digest,
        basis_instrument: p.instrument,
        our_reference: p.input.ourReference?.trim() || null,
        their_reference: p.input.theirReference?.trim() || null,
        authority: p.input.authority?.trim() || null,
        urgency: p.input.urgency ?? ("normal" as const),
        received_on: p.receivedOn,
        officer_id: actor.userId,
        written_confirmation_due: p.writtenConfirmationDue,
        respond_by: p.input.respondBy ?? null,
      };
    });
    await storeBasisAnswers(
      trx,
      prepared.map((p) => p.basis),
    );
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 200)
      ids.push(
        ...(
          await trx
            .insertInto("case_file")
            .values(rows.slice(i, i + 200))
            .returning("id")
            .execute()
        ).map((r) => r.id),
      );
    const measureRows = prepared.flatMap((p, i) =>
      p.measures.map((m) => ({
        case_id: ids[i] ?? "",
        measure: m.measure,
        description: m.description.trim(),
        assigned_organisation_id: null,
        created_at: now,
      })),
    );
    for (let i = 0; i < measureRows.length; i += 500)
      await trx
        .insertInto("case_measure")
        .values(measureRows.slice(i, i + 500))
        .execute();
    await trx
      .insertInto("case_access")
      .values(ids.map((case_id) => ({ case_id, user_id: actor.userId, granted_by: actor.userId, granted_at: now })))
      .execute();
    const deadlineRows = rows.flatMap((r, i) =>
      caseDeadlines({ ...r, state: String(r.state) }).map((d) => ({
        case_id: ids[i] ?? "",
        officer_id: actor.userId,
        kind: d.kind,
        ref_id: d.refId,
        due: d.due,
        rule: d.rule,
        done: d.done,
      })),
    );
    for (let i = 0; i < deadlineRows.length; i += 500)
      await trx
        .insertInto("case_deadline")
        .values(deadlineRows.slice(i, i + 500))
        .execute();
    await recordEvents(
      trx,
      ctx.clock,
      rows.map((r, i) => ({
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.create",
        objectType: "case",
        objectId: ids[i] ?? null,
        summary: {
          after: { reference: r.reference, direction: r.direction, confidentiality: r.confidentiality, basis: r.basis_instrument },
          batch: rows.length,
        },
        ip: client.ip,
      })),
    );
    return rows.map((r, i) => ({ id: ids[i] ?? "", reference: r.reference }));
  });
}
