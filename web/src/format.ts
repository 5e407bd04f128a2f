/**
 * Dates and numbers as the reader's language writes them (issue 14 §8). English keeps the workbench's
 * ISO dates ("2018-07-13"), unambiguous between colleagues in different countries; the other languages
 * use their own conventions through Intl ("13 juil. 2018", "13.07.2018", "2018年7月13日"). Times are
 * shown in UTC in every language, so colleagues in different places agree.
 */
import { jurisdiction } from "../../src/law/jurisdictions";
import { type UiLanguage, currentLanguage } from "./i18n";

/** The Intl locale for each language of the screens. */
const LOCALES: Record<UiLanguage, string> = { en: "en-GB", fr: "fr-FR", es: "es-ES", ru: "ru-RU", zh: "zh-CN", ar: "ar" };

export function locale(): string {
  return LOCALES[currentLanguage()];
}

/** A code as people read it: "search_seizure" → "search seizure" (for codes a newer server may send). */
export function label(code: string): string {
  return code.replace(/_/g, " ");
}

/** A timestamp: "2026-11-23 14:05 UTC" in English, the language's own order elsewhere. */
export function formatDateTime(iso: string): string {
  if (currentLanguage() === "en") return `${iso.slice(0, 16).replace("T", " ")} UTC`;
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  return `${new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(when)} UTC`;
}

/** A calendar date (the value's first ten characters, YYYY-MM-DD). */
export function formatDate(iso: string): string {
  const day = iso.slice(0, 10);
  if (currentLanguage() === "en") return day;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(d);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A date as people read it in a sentence: "27 January 2014", "27 января 2014 г.". */
export function longDate(iso: string): string {
  const day = iso.slice(0, 10);
  if (currentLanguage() === "en") {
    const [y, m, d] = day.split("-");
    return `${Number(d)} ${MONTHS[Number(m) - 1] ?? ""} ${y}`;
  }
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).format(d);
}

/**
 * A day that does not exist, written as a date is ("30 February 2018", "30 февраля 2018 г."): the first
 * of that month as the language writes it in full, its day replaced by the day given. YYYY-MM-DD in;
 * as given when it is not in that shape.
 */
export function impossibleDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, year = "", month = "", day = ""] = m;
  if (currentLanguage() === "en") return `${Number(day)} ${MONTHS[Number(month) - 1] ?? month} ${year}`;
  const first = new Date(`${year}-${month}-01T00:00:00Z`);
  if (Number.isNaN(first.getTime())) return iso;
  const parts = new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: "UTC" }).formatToParts(first);
  const dayWords = new Intl.NumberFormat(locale(), { useGrouping: false }).format(Number(day));
  return parts.map((p) => (p.type === "day" ? dayWords : p.value)).join("");
}

/** A count or amount with the language's digit grouping ("1 234" in French, "1,234" in English). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(n);
}

/**
 * A state's short name in the reader's language (Unicode CLDR's, through Intl.DisplayNames, as the
 * jurisdiction picker shows it); in English, and for a code CLDR does not know, the name the law's data
 * records.
 */
export function regionName(code: string): string {
  const recorded = jurisdiction(code)?.name ?? code;
  if (currentLanguage() === "en") return recorded;
  try {
    const name = new Intl.DisplayNames([locale()], { type: "region", fallback: "none" }).of(code);
    return name ?? recorded;
  } catch {
    return recorded;
  }
}
