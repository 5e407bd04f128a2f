/** Date arithmetic never leaves the dates YYYY-MM-DD can write, and every working-day count ends (issue 12, defect 1). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_WORKING_DAYS, WorkingDaysError, addWorkingDays } from "../cases/deadlines.js";
import { DATE_MAX, DATE_MIN, DateRangeError, addDays, isDateInRange } from "./dates.js";

const lo = Date.UTC(1900, 0, 1);
const days = (Date.UTC(2199, 11, 31) - lo) / 86_400_000;
const acceptedDate = fc.integer({ min: 0, max: days }).map((d) => new Date(lo + d * 86_400_000).toISOString().slice(0, 10));

describe("addDays", () => {
  it("throws DateRangeError instead of writing year 10000 or beyond (the old endless loop)", () => {
    expect(() => addDays("9999-12-31", 1)).toThrow(DateRangeError);
    expect(() => addDays("2199-12-31", 365 * 200)).toThrow(DateRangeError);
    expect(() => addDays("1900-01-01", -365 * 200)).toThrow(DateRangeError);
  });
  it("stays a four-digit date for any accepted date plus up to ten years either way", () => {
    fc.assert(
      fc.property(acceptedDate, fc.integer({ min: -3653, max: 3653 }), (d, n) => {
        const out = addDays(d, n);
        expect(out).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Date.parse(`${out}T00:00:00Z`) - Date.parse(`${d}T00:00:00Z`)).toBe(n * 86_400_000);
      }),
    );
  });
  it("bounds accepted dates to 1900-01-01 … 2199-12-31", () => {
    expect([DATE_MIN, DATE_MAX].every(isDateInRange)).toBe(true);
    expect(["1899-12-31", "2200-01-01", "2023-02-30", 20230101, null].some(isDateInRange)).toBe(false);
  });
});

describe("addWorkingDays", () => {
  it("ends for any accepted date, jurisdiction and count, after the start", () => {
    fc.assert(
      fc.property(acceptedDate, fc.constantFrom("RU", "GB", "SA", "IR", "US", "XK", "ZZ"), fc.integer({ min: 0, max: 60 }), (d, j, n) => {
        const due = addWorkingDays(d, n, j);
        expect(due >= d).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it("refuses counts outside 0 … MAX_WORKING_DAYS and dates past the representable range, instead of looping", () => {
    expect(() => addWorkingDays("2020-01-01", MAX_WORKING_DAYS + 1, "RU")).toThrow(WorkingDaysError);
    expect(() => addWorkingDays("2020-01-01", -1, "RU")).toThrow(WorkingDaysError);
    expect(() => addWorkingDays("2020-01-01", 1.5, "RU")).toThrow(WorkingDaysError);
    expect(() => addWorkingDays("9999-12-30", 30, "RU")).toThrow(DateRangeError);
  });
});
