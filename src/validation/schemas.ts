/**
 * The one set of input schemas for the edge: every API route's params, query and body, and the
 * command line's options, are built from these, so a value is checked once, the same way, before any
 * code or database sees it. Each rule is said in words in its error, as a predicate that reads after
 * the field's label ("can be at most 400 characters") or a statement of its own ("30 February 2018
 * does not exist"); the API answers 400 `{ error, field, message }` with the sentence built in
 * messages.ts ("The title can be at most 400 characters.").
 */
import { z } from "zod";
import { DATE_MAX, DATE_MIN, isDateInRange, notAcceptedDate } from "../law/dates.js";
import { ruleWords } from "./messages.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rule of an id, in words. */
export const ID_RULE = "must be an id: 32 hexadecimal digits in groups 8-4-4-4-12 (a UUID)";

/** An id of a row (a UUID, any version): a malformed one is refused here, never sent to the database. */
export const id = () =>
  z
    .string()
    .refine((v) => UUID.test(v), { message: ID_RULE, params: { error: "invalid_id" } })
    .meta({ format: "uuid", description: "Id (UUID)" });

/** A SHA-256 digest in hexadecimal (a document's or evidence item's hash; a session's id is one too). */
export const sha256Hex = () =>
  z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "must be a SHA-256 digest: 64 hexadecimal digits")
    .describe("SHA-256, 64 hexadecimal digits");

/**
 * A real calendar date written YYYY-MM-DD between DATE_MIN and DATE_MAX: "2023-02-30", "2023-13-01",
 * "0000-01-01" and "9999-12-31" are all refused (see law/dates.ts for why the bounds).
 */
export const isoDate = () =>
  z
    .string()
    // The words say what is wrong with this value: "30 February 2018 does not exist".
    .refine(isDateInRange, { error: (issue) => notAcceptedDate(issue.input), params: { error: "invalid_date" } })
    .meta({ format: "date", description: `YYYY-MM-DD, ${DATE_MIN} to ${DATE_MAX}` });

// Lone surrogates cannot be written as UTF-8 (PostgreSQL refuses them) and are never meaningful text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// NUL cannot be stored in PostgreSQL text; other control characters than tab and line breaks are noise or attacks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The rule text refuses, in words. */
export const TEXT_RULE = "must be text without control characters (such as NUL) or unpaired surrogates";

/** Whether a string is text the application stores: no NUL or other control characters, no lone surrogates. */
export const isCleanText = (value: string): boolean => !CONTROL.test(value) && !LONE_SURROGATE.test(value);

/** Options of `text`: lengths count after trimming; `trim: false` keeps the value as sent (passwords). */
export interface TextOptions {
  max: number;
  min?: number;
  trim?: boolean;
}

/** Text of a field: trimmed (unless told not to), between `min` and `max` characters, and clean (see isCleanText). */
export const text = ({ max, min = 0, trim = true }: TextOptions) => {
  const base = trim ? z.string().trim() : z.string();
  const sized = base
    .max(max, `can be at most ${max.toLocaleString("en-GB")} characters`)
    .min(min, min === 1 ? "must not be empty" : `must have at least ${min} characters`);
  return sized.refine(isCleanText, { message: TEXT_RULE, params: { error: "invalid_text" } });
};

/** Whether every string in a JSON value (keys included) is clean text, at most `depth` levels deep. */
export function isCleanJson(value: unknown, depth = 32): boolean {
  if (depth < 0) return false;
  if (typeof value === "string") return isCleanText(value);
  if (Array.isArray(value)) return value.every((v) => isCleanJson(v, depth - 1));
  if (value && typeof value === "object") return Object.entries(value).every(([k, v]) => isCleanText(k) && isCleanJson(v, depth - 1));
  return true;
}

/** A JSON object whose strings are all clean text (free-form content such as a draft). */
export const cleanObject = () => z.record(z.string(), z.unknown()).refine((v) => isCleanJson(v), `${TEXT_RULE}, nested at most 32 levels`);

/** A two-letter code of a jurisdiction (ISO 3166-1 alpha-2, upper case); whether it is known is the domain's check. */
export const jurisdictionCode = () => z.string().regex(/^[A-Z]{2}$/, "must be a two-letter jurisdiction code such as FR");

/** An e-mail address as typed at sign-in or on an account: clean text of at most 254 characters with one @. */
export const email = () =>
  text({ max: 254, min: 3 })
    .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), "must be an e-mail address such as name@example.org")
    .meta({ format: "email" });

const CURRENCIES: ReadonlySet<string> = new Set(
  (Intl as typeof Intl & { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("currency") ?? [],
);

/**
 * An amount of money: a decimal string (never a binary float) and an ISO 4217 currency code, e.g.
 * `{ amount: "1250.00", currency: "EUR" }`. For costs of execution (1959 Convention art. 20).
 */
export const money = () =>
  z.object({
    amount: z.string().regex(/^(0|[1-9]\d{0,14})(\.\d{1,4})?$/, "must be a decimal amount such as 1250.00 (at most 4 decimals, no sign)"),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code such as EUR")
      .refine((c) => CURRENCIES.size === 0 || CURRENCIES.has(c), "must be an ISO 4217 currency code such as EUR"),
  });

/** A percentage as a decimal string from 0 to 100, at most 6 decimals ("50", "33.333333"): a share of proceeds. */
export const percentage = () =>
  z
    .string()
    .regex(/^(100(\.0{1,6})?|\d{1,2}(\.\d{1,6})?)$/, "must be a percentage between 0 and 100 such as 50 or 33.333333 (at most 6 decimals)");

/** An exchange rate as a decimal string above 0 ("1.0843"): one unit of a currency in another. */
export const exchangeRate = () =>
  z
    .string()
    .regex(/^\d{1,12}(\.\d{1,10})?$/, "must be a positive decimal rate such as 1.0843")
    .refine((v) => /[1-9]/.test(v), "must be more than 0");

/** A query-string flag: "true" or "false". */
export const flag = () => z.enum(["true", "false"]);

/** The stable error code a schema's rule gives its issue (e.g. "invalid_date"), if it names one. */
export function ruleOf(issueParams: unknown): string | undefined {
  const p = (issueParams as { params?: { error?: unknown } } | undefined)?.params;
  return typeof p?.error === "string" ? p.error : undefined;
}

/** Parses `value` with `schema` for the command line; throws an Error naming the option and the rule. */
export function parseOption<T>(schema: z.ZodType<T>, option: string, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`${option}: ${issue ? ruleWords(issue as Parameters<typeof ruleWords>[0]) : "is not valid"}`);
}

/** The rule of an instant, in words. */
export const INSTANT_RULE = "must be a date and time with its offset from UTC, such as 2026-03-09T14:00:00Z";
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** An instant (a hearing's start): ISO 8601 with Z or an offset, a real time between DATE_MIN and DATE_MAX. */
export const instant = () =>
  z
    .string()
    .refine((v) => INSTANT.test(v) && !Number.isNaN(Date.parse(v)) && isDateInRange(new Date(v).toISOString().slice(0, 10)), {
      message: INSTANT_RULE,
      params: { error: "invalid_instant" },
    })
    .meta({ format: "date-time", description: "ISO 8601 instant with Z or an offset, e.g. 2026-03-09T14:00:00Z" });

/** The rule of a time zone, in words. */
export const TIME_ZONE_RULE = "must be an IANA time zone such as Europe/Moscow";
const ZONE_NAME = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/;
/** Whether Intl knows the zone by this name (its list has canonical names only: Asia/Calcutta, not Asia/Kolkata). */
const knownZone = (v: string): boolean => {
  if (!ZONE_NAME.test(v)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return true;
  } catch {
    return false;
  }
};

/**
 * An IANA time zone the runtime knows (by any of its names: Asia/Kolkata and Asia/Calcutta). An offset such as +03:00
 * is not a zone: it says nothing of daylight saving.
 */
export const ianaZone = () =>
  z
    .string()
    .max(64)
    .refine(knownZone, { message: TIME_ZONE_RULE, params: { error: "invalid_time_zone" } })
    .meta({ description: "IANA time zone, e.g. Europe/Moscow", examples: ["Europe/Moscow"] });

/** The rule of a language code, in words. */
export const LANGUAGE_CODE_RULE = "must be an ISO 639 language code such as ru or en";
const LANGUAGE_NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** An ISO 639 language code (639-1, or 639-3 where there is none) that CLDR names, lower case: "ru", "fil". */
export const languageCode = () =>
  z
    .string()
    .refine((v) => /^[a-z]{2,3}$/.test(v) && LANGUAGE_NAMES.of(v) !== undefined, {
      message: LANGUAGE_CODE_RULE,
      params: { error: "invalid_language" },
    })
    .meta({ description: "ISO 639 language code, e.g. ru", examples: ["ru"] });
