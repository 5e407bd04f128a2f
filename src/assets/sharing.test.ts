/** Sharing with exact decimals: costs first, shares rounded to minor units, remainder by largest remainder. */
import fc from "fast-check";
import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";
import { SharingError, computeSharing, minorUnits } from "./sharing.js";

describe("computeSharing", () => {
  it("50/50 with costs deducted first (UNCAC art. 57(4): reasonable expenses)", () => {
    const r = computeSharing({
      currency: "EUR",
      gross: "1000000.00",
      costs: "25000.00",
      parts: [
        { party: "US", percent: "50" },
        { party: "RU", percent: "50" },
      ],
    });
    expect(r.net).toBe("975000.00");
    expect(r.shares.map((s) => s.amount)).toEqual(["487500.00", "487500.00"]);
  });

  it("a third each: the cent left over goes to the first listed on a tie", () => {
    const r = computeSharing({
      currency: "EUR",
      gross: "100",
      costs: "0",
      parts: ["A", "B", "C"]
        .map((party) => ({ party, percent: "33.3333333333333333333333333333333333334" }))
        .map((p, i) => (i === 0 ? { ...p, percent: "33.3333333333333333333333333333333333332" } : p)),
    });
    expect(r.shares.reduce((a, s) => a.plus(s.amount), new Decimal(0)).toFixed(2)).toBe("100.00");
  });

  it("JPY has no minor unit, KWD three", () => {
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KWD")).toBe(3);
    expect(
      computeSharing({
        currency: "JPY",
        gross: "1001",
        costs: "0",
        parts: [
          { party: "A", percent: "50" },
          { party: "B", percent: "50" },
        ],
      }).shares.map((s) => s.amount),
    ).toEqual(["501", "500"]);
  });

  it("converts at a recorded rate; converted shares add up to the converted net", () => {
    const r = computeSharing({
      currency: "EUR",
      gross: "100.01",
      costs: "0",
      parts: [
        { party: "A", percent: "50" },
        { party: "B", percent: "50" },
      ],
      conversion: { currency: "USD", rate: "1.0843", on: "2026-11-30", source: "ECB reference rate" },
    });
    expect(r.conversion?.net).toBe("108.44");
    expect(r.shares.map((s) => s.converted)).toEqual(["54.22", "54.22"]);
  });

  it("refuses percentages not adding up to 100 and costs above the proceeds, naming the field", () => {
    expect(() => computeSharing({ currency: "EUR", gross: "10", costs: "0", parts: [{ party: "A", percent: "60" }] })).toThrowError(
      SharingError,
    );
    try {
      computeSharing({ currency: "EUR", gross: "10", costs: "11", parts: [{ party: "A", percent: "100" }] });
    } catch (e) {
      expect((e as SharingError).field).toBe("costs");
    }
  });

  it("property: shares add up exactly to the net, none is negative, each within one minor unit of its exact share", () => {
    const cents = fc.bigInt({ min: 0n, max: 10n ** 15n });
    fc.assert(
      fc.property(
        cents,
        cents,
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 7 }),
        fc.constantFrom("EUR", "JPY", "KWD"),
        (a, b, weights, currency) => {
          const digits = minorUnits(currency);
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const unit = new Decimal(10).pow(-digits);
          const gross = new Decimal(hi.toString()).times(unit).toFixed(digits);
          const costs = new Decimal(lo.toString()).times(unit).toFixed(digits);
          // Percentages from integer weights, the last taking what is left so they add up to exactly 100.
          const sum = weights.reduce((x, y) => x + y, 0);
          const percents = weights.map((w) => new Decimal(w).times(100).dividedBy(sum).toDecimalPlaces(6, Decimal.ROUND_DOWN));
          percents[percents.length - 1] = new Decimal(100).minus(percents.slice(0, -1).reduce((x, y) => x.plus(y), new Decimal(0)));
          const r = computeSharing({ currency, gross, costs, parts: percents.map((p, i) => ({ party: `P${i}`, percent: p.toString() })) });
          const total = r.shares.reduce((x, s) => x.plus(s.amount), new Decimal(0));
          expect(total.equals(r.net)).toBe(true);
          r.shares.forEach((s, i) => {
            expect(new Decimal(s.amount).isNegative()).toBe(false);
            const exact = new Decimal(r.net).times(percents[i] as Decimal).dividedBy(100);
            expect(new Decimal(s.amount).minus(exact).abs().lessThan(unit)).toBe(true);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
