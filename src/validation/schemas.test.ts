/** The shared edge schemas: each refuses its malformed class with its rule in words, and accepts the good values. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cleanObject, email, exchangeRate, id, isCleanText, isoDate, money, parseOption, percentage, ruleOf, text } from "./schemas.js";

const issueOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? null : r.error.issues[0];
};

describe("isoDate", () => {
  it.each([
    ["2023-02-30", "30 February 2023 does not exist"],
    ["2023-02-29", "29 February 2023 does not exist (2023 is not a leap year)"],
    ["2023-04-31", "31 April 2023 does not exist"],
    ["2023-13-01", "2023-13-01 does not exist: there is no month 13"],
    ["2023-01-00", "2023-01-00 does not exist: there is no day 0"],
    ["0000-01-01", "1 January 0 is before 1 January 1900, the earliest date accepted"],
    ["9999-12-31", "31 December 9999 is after 31 December 2199, the latest date accepted"],
    ["1899-12-31", "31 December 1899 is before 1 January 1900, the earliest date accepted"],
    ["2200-01-01", "1 January 2200 is after 31 December 2199, the latest date accepted"],
    ["2023-2-3", '"2023-2-3" is not a date written YYYY-MM-DD, such as 2018-07-13'],
    ["20230203", '"20230203" is not a date written YYYY-MM-DD, such as 2018-07-13'],
    ["", "no date was given (write it YYYY-MM-DD)"],
  ])("refuses %j saying what is wrong in words", (v, words) => {
    const issue = issueOf(isoDate(), v);
    expect(issue?.message).toBe(words);
    expect(ruleOf({ params: (issue as { params?: unknown })?.params })).toBe("invalid_date");
  });
  it("accepts every real date from 1900-01-01 to 2199-12-31", () => {
    const lo = Date.UTC(1900, 0, 1);
    const hi = Date.UTC(2199, 11, 31);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (hi - lo) / 86_400_000 }), (d) => {
        const iso = new Date(lo + d * 86_400_000).toISOString().slice(0, 10);
        expect(isoDate().parse(iso)).toBe(iso);
      }),
    );
  });
});

describe("id", () => {
  it.each(["zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "-".repeat(36), "0123456789abcdef0123456789abcdef0123", "1", ""])("refuses %j", (v) => {
    expect(issueOf(id(), v)?.message).toMatch(/^must be an id/);
  });
  it("accepts any UUID", () => {
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        expect(id().parse(u)).toBe(u);
      }),
    );
  });
});

describe("text", () => {
  it.each(["a\u0000b", "ab\uD800", "\uDC00ab", "bell\u0007"])("refuses %j as not clean text", (v) => {
    expect(issueOf(text({ max: 100 }), v)?.message).toMatch(/without control characters/);
  });
  it("trims, counts the trimmed length, and keeps a password as sent", () => {
    expect(text({ max: 5 }).parse("  abc  ")).toBe("abc");
    expect(issueOf(text({ max: 5, min: 3 }), "  a  ")?.message).toBe("must have at least 3 characters");
    expect(issueOf(text({ max: 3 }), "abcd")?.message).toBe("can be at most 3 characters");
    expect(text({ max: 20, trim: false }).parse(" secret ")).toBe(" secret ");
  });
  it("accepts any well-formed text without control characters, in any script", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 50 }).filter(isCleanText), (s) => {
        expect(text({ max: 500 }).parse(s)).toBe(s.trim());
      }),
    );
  });
});

describe("cleanObject, email, money", () => {
  it("refuses a NUL or lone surrogate anywhere in nested content, keys included", () => {
    expect(cleanObject().safeParse({ a: [{ b: "ok" }] }).success).toBe(true);
    expect(cleanObject().safeParse({ a: [{ b: "x\u0000" }] }).success).toBe(false);
    expect(cleanObject().safeParse({ "k\uD800": 1 }).success).toBe(false);
  });
  it("checks the shape of an e-mail address", () => {
    expect(email().parse(" officer@ca.test ")).toBe("officer@ca.test");
    expect(issueOf(email(), "not an address")?.message).toMatch(/e-mail address/);
  });
  it("takes money as a decimal string and an ISO 4217 code", () => {
    expect(money().parse({ amount: "1250.00", currency: "EUR" })).toEqual({ amount: "1250.00", currency: "EUR" });
    for (const bad of [
      { amount: "1e3", currency: "EUR" },
      { amount: "-5", currency: "EUR" },
      { amount: "1.23456", currency: "EUR" },
      { amount: "10", currency: "eur" },
      { amount: "10", currency: "XYZ" },
    ])
      expect(money().safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
  it("names the option and the rule for the command line", () => {
    expect(() => parseOption(isoDate(), "--on", "2023-02-30")).toThrow("--on: 30 February 2023 does not exist");
    expect(parseOption(z.string(), "--x", "ok")).toBe("ok");
  });
});

describe("percentage, exchangeRate (criminal assets' sharing)", () => {
  it("takes a percentage from 0 to 100 with at most 6 decimals", () => {
    for (const ok of ["0", "50", "33.333333", "100", "100.0"]) expect(percentage().safeParse(ok).success, ok).toBe(true);
    for (const bad of ["100.5", "101", "-1", "1e2", "50.1234567", ""]) expect(percentage().safeParse(bad).success, bad).toBe(false);
  });

  it("takes a positive decimal rate, never 0 or exponent notation", () => {
    for (const ok of ["1.0843", "0.0001", "97"]) expect(exchangeRate().safeParse(ok).success, ok).toBe(true);
    for (const bad of ["0", "0.000", "-1", "1e3", "abc"]) expect(exchangeRate().safeParse(bad).success, bad).toBe(false);
  });
});
