/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so answers never depend on the server's zone.
 *
 * Every date the application accepts lies between DATE_MIN and DATE_MAX. The bounds are wide enough
 * for any request, treaty or deadline a central authority handles (the oldest instruments in force
 * date from the early twentieth century; deadlines run months or years ahead) and narrow enough that
 * arithmetic on them can never leave the four-digit years that YYYY-MM-DD can write: a date near the
 * end of year 9999 plus a few days would become "+010000-01-…", which no longer parses as a date.
 */

/** The earliest date the application accepts. */
export const DATE_MIN = "1900-01-01";
/** The latest date the application accepts. */
export const DATE_MAX = "2199-12-31";
/** The rule every accepted date follows, in the words of an error message. */
export const DATE_RULE = `must be a date between ${DATE_MIN} and ${DATE_MAX}`;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** A date as people write it: "30 February 2018" (the parts as given, whether or not the date exists). */
function spelled(year: number, month: number, day: number): string {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** An accepted ISO date in words: "2018-02-28" → "28 February 2018". */
export function dateInWords(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return spelled(y ?? 0, m ?? 0, d ?? 0);
}

/**
 * What is wrong with a value given as a date (one isDateInRange refused), in words a reader
 * understands: "30 February 2018 does not exist", "2023-13-01 does not exist: there is no month 13",
 * '"13/07/2018" is not a date written YYYY-MM-DD, such as 2018-07-13', "1850-01-01 is before 1 January 1900,
 * the earliest date accepted".
 */
export function notAcceptedDate(value: unknown): string {
  const raw = String(value ?? "").slice(0, 40);
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!parts)
    return raw === "" ? "no date was given (write it YYYY-MM-DD)" : `"${raw}" is not a date written YYYY-MM-DD, such as 2018-07-13`;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (month < 1 || month > 12) return `${raw} does not exist: there is no month ${month}`;
  if (day < 1) return `${raw} does not exist: there is no day 0`;
  if (!isIsoDate(raw)) {
    const leap = month === 2 && day === 29 ? ` (${year} is not a leap year)` : "";
    return `${spelled(year, month, day)} does not exist${leap}`;
  }
  if (raw < DATE_MIN) return `${dateInWords(raw)} is before ${dateInWords(DATE_MIN)}, the earliest date accepted`;
  if (raw > DATE_MAX) return `${dateInWords(raw)} is after ${dateInWords(DATE_MAX)}, the latest date accepted`;
  return `${dateInWords(raw)} is an accepted date`;
}

/**
 * notAcceptedDate's sentence as a rule of the web app's words (errors:validation.<rule>) and its values,
 * read back from the sentence itself (a validation issue keeps its message, not its input); undefined
 * for a sentence that is not one of notAcceptedDate's. ISO dates go as they are; a day that does not
 * exist as `impossible` (YYYY-MM-DD), which the screens write with the month's name in their language.
 */
export function dateProblemOf(sentence: string): { rule: string; params: Record<string, string | number> } | undefined {
  if (sentence === "no date was given (write it YYYY-MM-DD)") return { rule: "dateMissing", params: {} };
  const notDate = /^"(.*)" is not a date written YYYY-MM-DD, such as 2018-07-13$/.exec(sentence);
  if (notDate) return { rule: "dateFormat", params: { value: notDate[1] ?? "" } };
  const noMonth = /^(\d{4}-\d{2}-\d{2}) does not exist: there is no month (\d+)$/.exec(sentence);
  if (noMonth) return { rule: "dateNoMonth", params: { value: noMonth[1] ?? "", month: Number(noMonth[2]) } };
  const noDay = /^(\d{4}-\d{2}-\d{2}) does not exist: there is no day 0$/.exec(sentence);
  if (noDay) return { rule: "dateNoDay", params: { value: noDay[1] ?? "" } };
  const names = MONTHS.join("|");
  const iso = (day: string, month: string, year: string) =>
    `${year.padStart(4, "0")}-${String((MONTHS as readonly string[]).indexOf(month) + 1).padStart(2, "0")}-${day.padStart(2, "0")}`;
  const impossible = new RegExp(`^(\\d{1,2}) (${names}) (\\d{4}) does not exist( \\(\\d{4} is not a leap year\\))?$`).exec(sentence);
  if (impossible) {
    const [, day = "", month = "", year = "", leap] = impossible;
    return { rule: leap ? "dateNotLeap" : "dateNoSuchDay", params: { impossible: iso(day, month, year), year: Number(year) } };
  }
  const bound = new RegExp(
    `^(\\d{1,2}) (${names}) (\\d{4}) is (before|after) (\\d{1,2}) (${names}) (\\d{4}), the (earliest|latest) date accepted$`,
  ).exec(sentence);
  if (bound) {
    const [, d = "", m = "", y = "", side, bd = "", bm = "", by = ""] = bound;
    return { rule: side === "before" ? "dateTooEarly" : "dateTooLate", params: { longDate: iso(d, m, y), bound: iso(bd, bm, by) } };
  }
  return undefined;
}

/** Arithmetic may run this far past the accepted bounds (deadlines after the last accepted date) and no further. */
const ARITHMETIC_MIN = "1800-01-01";
const ARITHMETIC_MAX = "2299-12-31";

/** A date computed outside the range the application can represent safely. */
export class DateRangeError extends RangeError {
  constructor(readonly date: string) {
    super(`date arithmetic left the supported range (${ARITHMETIC_MIN} to ${ARITHMETIC_MAX})`);
    this.name = "DateRangeError";
  }
}

const DAY_MS = 86_400_000;

/** The date `days` after `iso`; throws DateRangeError if the result leaves the supported range. */
export function addDays(iso: string, days: number): string {
  const ms = Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS;
  if (!Number.isFinite(ms)) throw new DateRangeError(iso);
  const out = new Date(ms).toISOString().slice(0, 10);
  // Lexical comparison is chronological for four-digit years; a "+0…"/"-0…" year sorts outside the bounds.
  if (!/^\d{4}-/.test(out) || out < ARITHMETIC_MIN || out > ARITHMETIC_MAX) throw new DateRangeError(out);
  return out;
}

/** True when `iso` is a real calendar date written YYYY-MM-DD (any four-digit year). */
export function isIsoDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** True when `value` is a real calendar date written YYYY-MM-DD between DATE_MIN and DATE_MAX. */
export function isDateInRange(value: unknown): value is string {
  return typeof value === "string" && isIsoDate(value) && value >= DATE_MIN && value <= DATE_MAX;
}

/** Today's date in UTC. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
