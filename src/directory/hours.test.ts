import { describe, expect, it } from "vitest";
import { openAt } from "./hours.js";

const MOSCOW = { zone: "Europe/Moscow", days: [1, 2, 3, 4, 5], opens: "09:00", closes: "18:00" };

describe("office hours in the authority's own zone", () => {
  it("is open at 10:00 Moscow time on a Tuesday (07:00 UTC)", () => {
    expect(openAt(MOSCOW, new Date("2026-12-01T07:00:00Z"))).toEqual({ open: true, localTime: "10:00", weekday: 2 });
  });
  it("is closed at 18:00 local time, and on a Saturday", () => {
    expect(openAt(MOSCOW, new Date("2026-12-01T15:00:00Z")).open).toBe(false);
    expect(openAt(MOSCOW, new Date("2026-12-05T08:00:00Z")).open).toBe(false);
  });
  it("follows daylight saving: 09:30 in New York is 14:30 UTC in winter, 13:30 UTC in summer", () => {
    const ny = { zone: "America/New_York", days: [1, 2, 3, 4, 5], opens: "09:00", closes: "17:00" };
    expect(openAt(ny, new Date("2026-01-13T14:30:00Z")).open).toBe(true);
    expect(openAt(ny, new Date("2026-07-14T13:30:00Z")).open).toBe(true);
    expect(openAt(ny, new Date("2026-07-14T12:30:00Z")).open).toBe(false);
  });
});
