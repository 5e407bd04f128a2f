/** Sentence arithmetic (src/law/sentence.ts): the end of a sentence and the "six months remaining" test of ETS 112 art. 3(1)(c). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, daysRemaining, monthsRemainAtLeast, sentenceEnd, sentenceStart } from "./sentence.js";

describe("sentence end = start + length − remission", () => {
  it("a year from 1 January ends on the next 1 January (the first day no longer served)", () => {
    expect(sentenceEnd({ length: { years: 1, months: 0, days: 0 }, startsOn: "2024-01-01" })).toBe("2025-01-01");
  });
  it("remission brings the end earlier by its days", () => {
    expect(sentenceEnd({ length: { years: 2, months: 0, days: 0 }, startsOn: "2023-03-01", remissionDays: 30 })).toBe("2025-01-30");
  });
  it("a leap day start plus one year ends on 28 February of the common year", () => {
    expect(sentenceEnd({ length: { years: 1, months: 0, days: 0 }, startsOn: "2024-02-29" })).toBe("2025-02-28");
    expect(sentenceEnd({ length: { years: 4, months: 0, days: 0 }, startsOn: "2024-02-29" })).toBe("2028-02-29");
  });
  it("a month added to the 31st ends on the last day of a shorter month", () => {
    expect(sentenceEnd({ length: { years: 0, months: 1, days: 0 }, startsOn: "2023-01-31" })).toBe("2023-02-28");
    expect(sentenceEnd({ length: { years: 0, months: 1, days: 0 }, startsOn: "2024-01-31" })).toBe("2024-02-29");
    expect(addMonths("2024-08-31", 6)).toBe("2025-02-28");
  });
  it("years and months are added before days", () => {
    // 2024-01-31 + 1 month = 2024-02-29, + 1 day = 2024-03-01
    expect(sentenceEnd({ length: { years: 0, months: 1, days: 1 }, startsOn: "2024-01-31" })).toBe("2024-03-01");
  });
  it("the start follows from the time served as of a date", () => {
    expect(sentenceStart({ length: { years: 1, months: 0, days: 0 }, servedDays: 366, servedAsOf: "2025-01-01" })).toBe("2024-01-01");
    expect(sentenceEnd({ length: { years: 0, months: 0, days: 0 }, servedDays: 1 })).toBeNull();
  });
});

describe("six months remaining on the date of the request (ETS 112 art. 3(1)(c))", () => {
  it("holds when the date plus six months is not after the end", () => {
    expect(monthsRemainAtLeast("2025-01-01", "2024-07-01", 6)).toBe(true);
    expect(monthsRemainAtLeast("2025-01-01", "2024-07-02", 6)).toBe(false);
  });
  it("counts month ends the calendar's way (31 August + 6 months = 28 February)", () => {
    expect(monthsRemainAtLeast("2025-02-28", "2024-08-31", 6)).toBe(true);
    expect(monthsRemainAtLeast("2025-02-27", "2024-08-31", 6)).toBe(false);
  });
  it("days remaining are negative once the sentence is complete", () => {
    expect(daysRemaining("2024-03-01", "2024-02-28")).toBe(2);
    expect(daysRemaining("2024-03-01", "2024-03-05")).toBe(-4);
  });

  const date = fc
    .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2090-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const length = fc.record({
    years: fc.integer({ min: 0, max: 30 }),
    months: fc.integer({ min: 0, max: 11 }),
    days: fc.integer({ min: 0, max: 400 }),
  });

  it("more time served never leaves more time remaining (monotone)", () => {
    fc.assert(
      fc.property(
        length,
        date,
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 60 }),
        (len, asOf, a, b, remission) => {
          const [less, more] = a <= b ? [a, b] : [b, a];
          const endLess = sentenceEnd({ length: len, servedDays: less, servedAsOf: asOf, remissionDays: remission }) as string;
          const endMore = sentenceEnd({ length: len, servedDays: more, servedAsOf: asOf, remissionDays: remission }) as string;
          expect(endMore <= endLess).toBe(true);
          if (monthsRemainAtLeast(endMore, asOf, 6)) expect(monthsRemainAtLeast(endLess, asOf, 6)).toBe(true);
        },
      ),
    );
  });
  it("more remission never leaves more time remaining, and the end never comes before the start less remission", () => {
    fc.assert(
      fc.property(length, date, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (len, start, r1, r2) => {
        const [less, more] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const e1 = sentenceEnd({ length: len, startsOn: start, remissionDays: less }) as string;
        const e2 = sentenceEnd({ length: len, startsOn: start, remissionDays: more }) as string;
        expect(e2 <= e1).toBe(true);
        expect(daysRemaining(e1, start)).toBeGreaterThanOrEqual(-less);
      }),
    );
  });
});
