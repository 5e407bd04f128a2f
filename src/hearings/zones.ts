/**
 * Time zones of a video-link hearing (pure: runs in the browser too). An instant is stored in UTC; each
 * side's local time is computed from its IANA zone when shown, so a daylight-saving change between
 * scheduling and the hearing, or a rule changed by a state later, is always applied as the zone data of
 * the reader's runtime knows it. Luxon does the arithmetic over Intl (see docs/decisions.md).
 */
import { DateTime, IANAZone } from "luxon";

/** The IANA zones the runtime knows (Intl), sorted; UTC included. */
export function ianaZones(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add("UTC");
  return [...zones].sort();
}

/** Whether `zone` is an IANA zone name the runtime knows (offsets such as "+03:00" are not zones). */
export function isIanaZone(zone: string): boolean {
  return /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(zone) && IANAZone.isValidZone(zone);
}

/** The zones CLDR lists for a jurisdiction (`Intl.Locale#timeZones`); empty when none is known. */
export function zonesOf(jurisdiction: string): string[] {
  try {
    // A getter in Node 20's V8, a method (getTimeZones) in newer engines such as today's Chromium.
    const locale = new Intl.Locale(`und-${jurisdiction.toUpperCase()}`) as Intl.Locale & {
      timeZones?: string[];
      getTimeZones?: () => string[] | undefined;
    };
    return [...((typeof locale.getTimeZones === "function" ? locale.getTimeZones() : locale.timeZones) ?? [])];
  } catch {
    return [];
  }
}

/** A jurisdiction's zone when it has exactly one (France: Europe/Paris); null when the user must choose (US, RU). */
export function defaultZone(jurisdiction: string): string | null {
  const zones = zonesOf(jurisdiction);
  return zones.length === 1 ? (zones[0] ?? null) : null;
}

/** One side's local time of an instant: date, time, offset from UTC and the zone's abbreviation or offset name. */
export interface LocalTime {
  zone: string;
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** HH:mm in the zone. */
  time: string;
  /** Minutes east of UTC at that instant (daylight saving included). */
  offsetMinutes: number;
  /** "+03:00" */
  offset: string;
  /** Whether the zone observes daylight saving at that instant. */
  dst: boolean;
  /** ISO 8601 with the offset: 2026-03-08T10:00:00.000-04:00 — denotes the same instant as the UTC one. */
  iso: string;
}

/** The local time of a UTC instant in an IANA zone. */
export function localTime(instant: Date | string, zone: string): LocalTime {
  const dt = DateTime.fromJSDate(typeof instant === "string" ? new Date(instant) : instant, { zone });
  if (!dt.isValid) throw new RangeError(`not an instant in a known zone: ${String(instant)} ${zone}`);
  return {
    zone,
    date: dt.toFormat("yyyy-MM-dd"),
    time: dt.toFormat("HH:mm"),
    offsetMinutes: dt.offset,
    offset: dt.toFormat("ZZ"),
    dst: dt.isInDST,
    iso: dt.toISO() ?? "",
  };
}

/**
 * The UTC instant of a wall-clock time in a zone ("2026-03-08", "10:00", "America/New_York"). A time
 * the zone skips (spring forward) is moved forward by the gap, and a time it repeats (fall back) is
 * the first of the two, as luxon resolves them; `exists` says whether the wall-clock time exists as
 * given, so the form can say so.
 */
export function instantOf(date: string, time: string, zone: string): { instant: string; exists: boolean } | null {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) return null;
  const exists = dt.toFormat("yyyy-MM-dd'T'HH:mm") === `${date}T${time}`;
  return { instant: dt.toUTC().toISO({ suppressMilliseconds: true }) ?? "", exists };
}

/** The difference in minutes between two zones' offsets at an instant (the second minus the first). */
export function zoneGap(instant: Date | string, from: string, to: string): number {
  return localTime(instant, to).offsetMinutes - localTime(instant, from).offsetMinutes;
}
