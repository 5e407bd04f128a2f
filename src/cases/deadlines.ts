/**
 * Deadlines of cases and measures, counted in working days of the relevant jurisdiction (its public
 * holidays from the `date-holidays` package, its weekend from the Unicode CLDR week data) where that is the rule, in
 * calendar days where that is. They are recomputed in the same transaction as every change to the
 * case and stored in case_deadline, so that queues and overdue lists are one indexed query.
 */
import { createRequire } from "node:module";
import type Holidays from "date-holidays";
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { addDays } from "../law/dates.js";
import { DEADLINE_RULES } from "./deadline-rules.js";

/** Internal service levels of the central authority (not legal rules): working days in the requested state. */
export interface ServiceLevels {
  /** An incoming request is registered within this many working days of its arrival. */
  registerWithin: number;
  /** And decided (accepted, refused or postponed) within this many. */
  decideWithin: number;
  /** An approved outgoing request is sent within this many. */
  sendWithin: number;
}

export const DEFAULT_SERVICE_LEVELS: ServiceLevels = { registerWithin: 2, decideWithin: 30, sendWithin: 10 };

const calendars = new Map<string, Holidays | null>();

/** date-holidays, loaded with the first deadline rather than at every start (its rules take a while to load). */
let holidaysClass: typeof Holidays | undefined;
function loadHolidays(): typeof Holidays {
  holidaysClass ??= createRequire(import.meta.url)("date-holidays") as typeof Holidays;
  return holidaysClass;
}

function calendar(jurisdiction: string): Holidays | null {
  if (!calendars.has(jurisdiction)) {
    const h = new (loadHolidays())();
    h.init(jurisdiction);
    // date-holidays knows most states; where it does not, only weekends are skipped.
    calendars.set(jurisdiction, h.getCountries()[jurisdiction] ? h : null);
  }
  return calendars.get(jurisdiction) ?? null;
}

const yearHolidays = new Map<string, ReadonlySet<string>>();

/** Public holidays of a jurisdiction in a year, computed once (date-holidays evaluates rules on each call). */
function publicHolidays(jurisdiction: string, year: number): ReadonlySet<string> {
  const key = `${jurisdiction}:${year}`;
  let set = yearHolidays.get(key);
  if (!set) {
    const cal = calendar(jurisdiction);
    set = new Set(
      cal
        ? cal
            .getHolidays(year)
            .filter((h) => h.type === "public")
            .map((h) => h.date.slice(0, 10))
        : [],
    );
    yearHolidays.set(key, set);
  }
  return set;
}

/** Whether the day (YYYY-MM-DD) is a public holiday in the jurisdiction. */
export function isPublicHoliday(jurisdiction: string, day: string): boolean {
  return publicHolidays(jurisdiction, Number(day.slice(0, 4))).has(day);
}

const toDay = (d: Date) => d.toISOString().slice(0, 10);
// Throws DateRangeError rather than produce a date that YYYY-MM-DD cannot write (year 10000 and after).
const plusDays = (day: string, n: number) => addDays(day, n);

const weekends = new Map<string, ReadonlySet<number>>();

/**
 * The weekend days of a jurisdiction as JavaScript weekdays (0 = Sunday … 6 = Saturday). They come
 * from the Unicode CLDR supplemental week data that ICU ships with Node and browsers
 * (`Intl.Locale#weekInfo`): Friday–Saturday in Saudi Arabia or Egypt, Friday alone in Iran,
 * Saturday–Sunday in most states. Where the runtime has no week data, Saturday and Sunday.
 */
export function weekendDays(jurisdiction: string): ReadonlySet<number> {
  let days = weekends.get(jurisdiction);
  if (!days) {
    days = new Set([0, 6]);
    try {
      const locale = new Intl.Locale(`und-${jurisdiction}`) as Intl.Locale & {
        weekInfo?: { weekend: number[] };
        getWeekInfo?: () => { weekend: number[] };
      };
      const info = locale.getWeekInfo?.() ?? locale.weekInfo;
      // CLDR numbers weekdays 1 = Monday … 7 = Sunday.
      if (info?.weekend?.length) days = new Set(info.weekend.map((d) => d % 7));
    } catch {
      // A code ICU does not know as a region (e.g. a sub-national jurisdiction): keep Saturday–Sunday.
    }
    weekends.set(jurisdiction, days);
  }
  return days;
}

/** Whether the day (YYYY-MM-DD) is a working day in the jurisdiction (not its weekend, not a public holiday). */
export function isWorkingDay(jurisdiction: string, day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return !weekendDays(jurisdiction).has(weekday) && !isPublicHoliday(jurisdiction, day);
}

const workingDaysMemo = new Map<string, string>();

/** The day `n` working days after `from` in the jurisdiction (its weekend and public holidays skipped). */
export function addWorkingDays(from: string, n: number, jurisdiction: string): string {
  // Every case registered on a day asks the same questions of the calendar; remember the answers.
  const key = `${jurisdiction}|${from}|${n}`;
  const known = workingDaysMemo.get(key);
  if (known) return known;
  const day = countWorkingDays(from, n, jurisdiction);
  if (workingDaysMemo.size >= 50_000) workingDaysMemo.clear();
  workingDaysMemo.set(key, day);
  return day;
}

/** The longest span of working days a deadline may count (ten years of them). */
export const MAX_WORKING_DAYS = 2_600;

/** A count of working days that did not finish within its bound (a calendar with no working days). */
export class WorkingDaysError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "WorkingDaysError";
  }
}

function countWorkingDays(from: string, n: number, jurisdiction: string): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS)
    throw new WorkingDaysError(`a deadline counts 0 to ${MAX_WORKING_DAYS} working days, not ${n}`);
  // The loop ends after at most `limit` steps whatever the calendar says: a week has at least one
  // working day everywhere, and no state has more than a few dozen public holidays a year, so
  // n working days never take more than 7n calendar days plus a year of holidays. Each step also
  // moves the date forward through addDays, which throws before the year leaves four digits.
  const limit = 7 * n + 366;
  let day = from;
  let left = n;
  for (let step = 0; left > 0; step++) {
    if (step >= limit) throw new WorkingDaysError(`no ${n} working days in ${jurisdiction} within ${limit} days after ${from}`);
    day = plusDays(day, 1);
    if (weekendDays(jurisdiction).has(new Date(`${day}T00:00:00Z`).getUTCDay())) continue;
    if (isPublicHoliday(jurisdiction, day)) continue;
    left--;
  }
  return day;
}

/** The day `n` calendar days after `from`. */
export const addCalendarDays = (from: string, n: number) => plusDays(from, n);

export interface DeadlineRow {
  kind: string;
  refId: string | null;
  due: string;
  rule: string;
  done: boolean;
}

const INCOMING_DECIDED = new Set([
  "accepted",
  "in_execution",
  "executed",
  "evidence_returned",
  "postponed",
  "refused",
  "withdrawn",
  "closed",
]);
const OUTGOING_SENT = new Set([
  "sent",
  "acknowledged",
  "under_execution",
  "executed",
  "evidence_received",
  "refused_by_partner",
  "withdrawn",
  "closed",
]);

/** What the deadline rules read from a case. */
export interface DeadlineFacts {
  direction: "incoming" | "outgoing";
  state: string;
  requested: string;
  requesting: string;
  received_on: string | null;
  request_date: string | null;
  updated_at: Date | string;
  respond_by: string | null;
  written_confirmation_due: string | null;
}

/** The case-level deadlines (pure): service levels, the requester's date, written confirmation. */
export function caseDeadlines(c: DeadlineFacts, levels: ServiceLevels = DEFAULT_SERVICE_LEVELS): DeadlineRow[] {
  const closed = c.state === "closed" || c.state === "withdrawn";
  const rows: DeadlineRow[] = [];
  const here = c.direction === "incoming" ? c.requested : c.requesting;
  const start = c.received_on ?? c.request_date;
  if (c.direction === "incoming" && start) {
    rows.push({
      kind: "register",
      refId: null,
      due: addWorkingDays(start, levels.registerWithin, here),
      rule: DEADLINE_RULES.register(levels.registerWithin, here),
      done: c.state !== "received",
    });
    rows.push({
      kind: "decide",
      refId: null,
      due: addWorkingDays(start, levels.decideWithin, here),
      rule: DEADLINE_RULES.decide(levels.decideWithin, here),
      done: INCOMING_DECIDED.has(c.state),
    });
  }
  if (c.direction === "outgoing" && c.state === "approved")
    rows.push({
      kind: "send",
      refId: null,
      due: addWorkingDays(toDay(new Date(c.updated_at)), levels.sendWithin, here),
      rule: DEADLINE_RULES.send(levels.sendWithin),
      done: OUTGOING_SENT.has(c.state),
    });
  if (c.respond_by) rows.push({ kind: "respond_by", refId: null, due: c.respond_by, rule: DEADLINE_RULES.respond_by, done: closed });
  if (c.written_confirmation_due)
    rows.push({
      kind: "written_confirmation",
      refId: null,
      due: c.written_confirmation_due,
      rule: DEADLINE_RULES.written_confirmation,
      done: closed || c.state !== "received",
    });
  return rows;
}

/** Recomputes and stores every deadline of one case; call inside the transaction that changed it. */
export async function refreshDeadlines(
  trx: Transaction<Database>,
  caseId: string,
  levels: ServiceLevels = DEFAULT_SERVICE_LEVELS,
): Promise<DeadlineRow[]> {
  const c = await trx
    .selectFrom("case_file")
    .select([
      "direction",
      "state",
      "requested",
      "requesting",
      "received_on",
      "request_date",
      "updated_at",
      "respond_by",
      "written_confirmation_due",
      "officer_id",
    ])
    .where("id", "=", caseId)
    .executeTakeFirstOrThrow();
  const closed = c.state === "closed" || c.state === "withdrawn";
  const rows = caseDeadlines(c, levels);
  const measures = await trx.selectFrom("case_measure").select(["id", "deadline", "status"]).where("case_id", "=", caseId).execute();
  for (const m of measures)
    if (m.deadline)
      rows.push({
        kind: "measure",
        refId: m.id,
        due: m.deadline,
        rule: DEADLINE_RULES.measure,
        done: closed || ["executed", "not_executed", "refused"].includes(m.status),
      });
  const persons = await trx
    .selectFrom("case_person")
    .select(["id", "safe_conduct_ends", "return_by"])
    .where("case_id", "=", caseId)
    .execute();
  for (const p of persons) {
    if (p.safe_conduct_ends)
      rows.push({
        kind: "safe_conduct",
        refId: p.id,
        due: p.safe_conduct_ends,
        rule: DEADLINE_RULES.safe_conduct,
        done: false,
      });
    if (p.return_by)
      rows.push({ kind: "custody_return", refId: p.id, due: p.return_by, rule: DEADLINE_RULES.custody_return, done: closed });
  }
  // A freezing or seizure order's expiry (criminal assets, migration 0019): open while the asset is frozen.
  const frozen = await trx
    .selectFrom("case_asset")
    .select(["id", "freeze_expires_on", "status"])
    .where("case_id", "=", caseId)
    .where("freeze_expires_on", "is not", null)
    .execute();
  for (const a of frozen)
    rows.push({
      kind: "freeze_expiry",
      refId: a.id,
      due: a.freeze_expires_on as string,
      rule: DEADLINE_RULES.freeze_expiry,
      done: closed || a.status !== "frozen",
    });
  await trx.deleteFrom("case_deadline").where("case_id", "=", caseId).execute();
  if (rows.length > 0)
    await trx
      .insertInto("case_deadline")
      .values(
        rows.map((r) => ({
          case_id: caseId,
          officer_id: c.officer_id,
          kind: r.kind,
          ref_id: r.refId,
          due: r.due,
          rule: r.rule,
          done: r.done,
        })),
      )
      .execute();
  return rows;
}
