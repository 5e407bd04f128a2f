/**
 * The iCalendar invitation of a hearing by video link (RFC 5545, iTIP RFC 5546), written by
 * ical-generator: UTF-8, DTSTART/DTEND in UTC (each side's local time is in the description, computed
 * from its IANA zone), a UID stable for the hearing, SEQUENCE bumped on every change the invitees must
 * see, and METHOD:REQUEST — or METHOD:CANCEL with STATUS:CANCELLED once the hearing is cancelled.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Hearing } from "./hearings.js";
import { localTime } from "./zones.js";

/** What the invitation needs beyond the hearing: the case's reference and the two states. */
export interface InvitationContext {
  reference: string;
  requesting: string;
  requested: string;
  /** The governing provisions' citations ("UNTOC, Art. 18(18)"); none recorded: an empty list. */
  cites: string[];
  /** Whose law punishes perjury during the hearing, in words; "not recorded" when the law recorded does not say. */
  perjuryLaw: string;
  /** When the invitation is written (DTSTAMP). */
  now: Date;
}

/** The UID of a hearing's invitation: the same for every version, so calendars update the one event. */
export const invitationUid = (hearingId: string) => `hearing-${hearingId}@rogatory`;

const side = (s: string, ctx: InvitationContext) =>
  s === "requesting" ? `requesting state (${ctx.requesting})` : `requested state (${ctx.requested})`;

/** The .ics text of a hearing's invitation (or of its cancellation). */
export function invitation(h: Hearing, ctx: InvitationContext): string {
  const cancelled = h.status === "cancelled";
  const local = (zone: string) => {
    const t = localTime(h.startsAt, zone);
    const e = localTime(h.endsAt, zone);
    return `${t.date} ${t.time}–${e.date === t.date ? "" : `${e.date} `}${e.time} ${zone} (UTC${t.offset})`;
  };
  const lines = [
    `Hearing by video link, case ${ctx.reference}: ${ctx.requesting} (requesting) – ${ctx.requested} (requested).`,
    `Requesting state: ${local(h.requestingZone)}`,
    `Requested state: ${local(h.requestedZone)}`,
    `Presiding authority: ${h.presidingAuthority}`,
    ...h.participants.map((p) => `Participant, ${side(p.side, ctx)}: ${p.name} (${p.role})`),
    ...h.interpreters.map((i) => `Interpreter: ${i.name} (${i.languages.join(", ")})`),
    `Technical contact: ${[h.technicalContact.name, h.technicalContact.email, h.technicalContact.phone].filter(Boolean).join(", ")}`,
    `Governing provisions: ${ctx.cites.length > 0 ? ctx.cites.join("; ") : "not recorded"}`,
    `Perjury during the hearing is punished under: ${ctx.perjuryLaw}`,
  ];
  const cal = ical({
    prodId: { company: "Rogatory", product: "Hearings", language: "EN" },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    name: `Hearing ${ctx.reference}`,
  });
  cal.createEvent({
    id: invitationUid(h.id),
    sequence: h.sequence,
    stamp: ctx.now,
    start: new Date(h.startsAt),
    end: new Date(h.endsAt),
    summary: `${cancelled ? "Cancelled: " : ""}Hearing by video link — ${ctx.reference}`,
    description: lines.join("\n"),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: h.technicalContact.name, email: h.technicalContact.email },
  });
  return cal.toString();
}
