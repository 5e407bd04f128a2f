import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";

const encode = (rows: string[][]) =>
  rows.map((r) => r.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",")).join("\n");

describe("parseCsv (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and numbers lines", () => {
    const r = parseCsv('a,b\n"x, y","say ""hi"""\n"two\nlines",z\n');
    expect(r).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["two\nlines", "z"] },
    ]);
  });
  it("reads CRLF and skips blank lines", () => {
    expect(parseCsv("a,b\r\n\r\nc,\r\n").map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["c", ""],
    ]);
  });
  it("names the line of a quoted field that is never closed", () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(/line 2/);
  });
  it("round-trips any table of non-empty rows", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        expect(parseCsv(encode(rows)).map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});
