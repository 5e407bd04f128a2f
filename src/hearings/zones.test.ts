/**
 * Time zones of a hearing: for any instant and any pair of IANA zones, the two local times shown denote
 * the same instant (daylight-saving changes included), and a wall-clock time entered in one zone comes
 * back as itself; the known DST examples across New York and Moscow; the default zone of a jurisdiction.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultZone, ianaZones, instantOf, isIanaZone, localTime, zoneGap, zonesOf } from "./zones.js";

const ZONES = ianaZones();
const zone = fc.constantFrom(...ZONES);
/**
 * Instants from 1980 to 2100, to the minute (hearings are scheduled to the minute). Before 1972 some zones
 * were offset by seconds (Monrovia, UTC−0:44:30), which a time shown to the minute cannot express.
 */
const instant = fc
  .integer({ min: Math.floor(Date.UTC(1980, 0, 1) / 60_000), max: Math.floor(Date.UTC(2100, 0, 1) / 60_000) })
  .map((m) => new Date(m * 60_000));

/** The UTC instant a local date, time and offset denote, computed without any zone library. */
const utcOf = (date: string, time: string, offsetMinutes: number) => Date.parse(`${date}T${time}:00Z`) - offsetMinutes * 60_000;

describe("local times of a hearing", () => {
  it("shows, for any instant and any two zones, two local times that denote that same instant", () => {
    fc.assert(
      fc.property(instant, zone, zone, (at, a, b) => {
        const la = localTime(at, a);
        const lb = localTime(at, b);
        expect(utcOf(la.date, la.time, la.offsetMinutes)).toBe(at.getTime());
        expect(utcOf(lb.date, lb.time, lb.offsetMinutes)).toBe(at.getTime());
        expect(Date.parse(la.iso)).toBe(at.getTime());
        expect(Date.parse(lb.iso)).toBe(at.getTime());
        expect(zoneGap(at, a, b)).toBe(lb.offsetMinutes - la.offsetMinutes);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with Intl's own formatting of the instant in the zone", () => {
    fc.assert(
      fc.property(instant, zone, (at, z) => {
        const parts = Object.fromEntries(
          new Intl.DateTimeFormat("en-US", {
            timeZone: z,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
          })
            .formatToParts(at)
            .map((p) => [p.type, p.value]),
        );
        const l = localTime(at, z);
        expect(l.date).toBe(`${parts.year}-${parts.month}-${parts.day}`);
        expect(l.time).toBe(`${parts.hour}:${parts.minute}`);
      }),
      { numRuns: 1000 },
    );
  });

  it("takes a wall-clock time entered in a zone back to itself, unless the zone skips it (spring forward)", () => {
    fc.assert(
      fc.property(instant, zone, (at, z) => {
        const l = localTime(at, z);
        const back = instantOf(l.date, l.time, z);
        expect(back).not.toBeNull();
        const again = localTime(back?.instant ?? "", z);
        expect(`${again.date} ${again.time}`).toBe(`${l.date} ${l.time}`);
        expect(back?.exists).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("handles the US change to summer time on 8 March 2026 (New York UTC−5 → UTC−4; Moscow stays UTC+3)", () => {
    const before = "2026-03-06T15:00:00Z";
    const after = "2026-03-09T14:00:00Z";
    expect(localTime(before, "America/New_York")).toMatchObject({ date: "2026-03-06", time: "10:00", offset: "-05:00", dst: false });
    expect(localTime(before, "Europe/Moscow")).toMatchObject({ time: "18:00", offset: "+03:00" });
    expect(localTime(after, "America/New_York")).toMatchObject({ date: "2026-03-09", time: "10:00", offset: "-04:00", dst: true });
    expect(localTime(after, "Europe/Moscow")).toMatchObject({ time: "17:00", offset: "+03:00" });
    expect(zoneGap(before, "America/New_York", "Europe/Moscow")).toBe(8 * 60);
    expect(zoneGap(after, "America/New_York", "Europe/Moscow")).toBe(7 * 60);
    // 02:30 does not exist in New York that night; 10:00 local is 14:00 UTC after the change.
    expect(instantOf("2026-03-08", "02:30", "America/New_York")?.exists).toBe(false);
    expect(instantOf("2026-03-09", "10:00", "America/New_York")).toEqual({ instant: "2026-03-09T14:00:00Z", exists: true });
  });

  it("knows IANA zones, not offsets or made-up names", () => {
    expect(isIanaZone("Europe/Moscow")).toBe(true);
    expect(isIanaZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isIanaZone("UTC")).toBe(true);
    expect(isIanaZone("+03:00")).toBe(false);
    expect(isIanaZone("Europe/Mars")).toBe(false);
    // Intl lists canonical names only (Asia/Calcutta); the other name of the zone is known too.
    expect(isIanaZone("Asia/Kolkata")).toBe(true);
    expect(ZONES.length).toBeGreaterThan(400);
  });

  it("defaults a jurisdiction's zone only where it has one", () => {
    expect(defaultZone("FR")).toBe("Europe/Paris");
    expect(defaultZone("JP")).toBe("Asia/Tokyo");
    expect(defaultZone("US")).toBeNull();
    expect(defaultZone("RU")).toBeNull();
    expect(zonesOf("RU")).toContain("Europe/Moscow");
    expect(zonesOf("US")).toContain("America/New_York");
  });
});
