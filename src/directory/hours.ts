/** Office hours in the authority's own time zone: open now or closed (pure; the web app runs it too). */
import { DateTime } from "luxon";

export interface OfficeHours {
  zone: string;
  /** ISO weekdays, 1 Monday to 7 Sunday. */
  days: number[];
  opens: string;
  closes: string;
}

/** Whether the office is open at the instant, and its local time there (HH:MM, weekday 1-7). */
export function openAt(hours: OfficeHours, at: Date): { open: boolean; localTime: string; weekday: number } {
  const local = DateTime.fromJSDate(at, { zone: hours.zone });
  const time = local.toFormat("HH:mm");
  return {
    open: hours.days.includes(local.weekday) && time >= hours.opens && time < hours.closes,
    localTime: time,
    weekday: local.weekday,
  };
}
