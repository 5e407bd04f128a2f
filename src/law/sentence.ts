/**
 * Sentence arithmetic for the transfer of sentenced persons, on ISO dates in UTC (luxon), pure.
 *
 * The convention, the same everywhere (API, CLI, screens):
 * - A sentence runs from its **start**: the first day counted against it, credited detention included.
 *   Where the officer knows only the time served, the start is that many days before the date it was
 *   counted on (`servedDays` as of `servedAsOf`: start = servedAsOf − servedDays).
 * - Its **length** is years, months and days as the judgment states it; it is added to the start in that
 *   order (years, then months, then days). A month added to the 31st ends on the last day of a shorter
 *   month (31 January + 1 month = 28 or 29 February), and a year added to 29 February ends on 28 February
 *   of a common year: the calendar's own rule, which luxon applies.
 * - **Remission** (days granted off the sentence) brings the end that many days earlier.
 * - The **end** is the day the sentence is complete: the first day the person no longer serves it
 *   (start + length − remission). A sentence of one year from 2024-01-01 ends on 2025-01-01.
 * - **Time remaining on a date** is from that date to the end; "at least six months remain on D" holds
 *   when D + 6 months is not after the end (ETS 112 art. 3(1)(c) counts on the day the request is received).
 */
import { DateTime } from "luxon";

/** A sentence's length as the judgment states it. */
export interface SentenceLength {
  years: number;
  months: number;
  days: number;
}

/** What is known of a sentence: its length and either its start or the time served as of a date. */
export interface SentenceFacts {
  length: SentenceLength;
  /** The first day counted against the sentence (credited detention included). */
  startsOn?: string | null;
  /** Days already served as of `servedAsOf`, where the start is not known. */
  servedDays?: number | null;
  servedAsOf?: string | null;
  /** Days of remission granted. */
  remissionDays?: number | null;
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const iso = (d: DateTime) => d.toISODate() ?? "";

/** Adds whole months to an ISO date (month ends clamp: 31 August + 6 months = 28/29 February). */
export function addMonths(date: string, months: number): string {
  return iso(day(date).plus({ months }));
}

/** The start of the sentence: given, or the date the time served was counted on less the days served; null when neither is known. */
export function sentenceStart(s: SentenceFacts): string | null {
  if (s.startsOn) return s.startsOn;
  if (s.servedAsOf && typeof s.servedDays === "number") return iso(day(s.servedAsOf).minus({ days: s.servedDays }));
  return null;
}

/** The day the sentence is complete (start + length − remission), or null when its start is not known. */
export function sentenceEnd(s: SentenceFacts): string | null {
  const start = sentenceStart(s);
  if (!start) return null;
  const { years, months, days } = s.length;
  return iso(
    day(start)
      .plus({ years, months })
      .plus({ days })
      .minus({ days: s.remissionDays ?? 0 }),
  );
}

/** Whole days from `on` to the end (negative once the sentence is complete). */
export function daysRemaining(end: string, on: string): number {
  return Math.round(day(end).diff(day(on), "days").days);
}

/** Whether at least `months` months of the sentence remain on `on`: `on` + months is not after the end. */
export function monthsRemainAtLeast(end: string, on: string, months: number): boolean {
  return addMonths(on, months) <= end;
}
