/** Content-Disposition for downloads: any file name parses back unchanged (RFC 6266 / 5987), and no header can leak Node's error. */
import contentDisposition from "content-disposition";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispositionOf, refuseInvalidHeaders } from "./download.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: file names never carry control characters (uploads refuse them).
const CONTROL = /[\u0000-\u001F\u007F]/;

describe("dispositionOf", () => {
  it("writes a Latin-1-safe header that parses back to the same name, for any name in any script", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }).filter((s) => s.trim() === s && s.length > 0 && !CONTROL.test(s)),
        fc.constantFrom("attachment" as const, "inline" as const),
        (name, type) => {
          const header = dispositionOf(name, type);
          expect(header).toMatch(/^[\x20-\x7e]+$/);
          const parsed = contentDisposition.parse(header);
          expect(parsed.type).toBe(type);
          expect(parsed.parameters.filename).toBe(name.replace(/[/\\]/g, "_"));
        },
      ),
      // A backslash, which the package would read as a Windows path separator (found by this property).
      {
        examples: [
          ["\\!", "attachment"],
          ["Annex 1\\2.pdf", "inline"],
        ],
      },
    );
  });
});

describe("refuseInvalidHeaders", () => {
  const replyWith = (headers: Record<string, unknown>) => ({
    headers,
    getHeaders: () => headers,
    removeHeader(name: string) {
      delete headers[name];
    },
  });
  it("passes valid headers and removes a raw non-Latin-1 one, throwing without Node's message", () => {
    expect(() => refuseInvalidHeaders(replyWith({ "x-a": "fine", "content-length": 12 }))).not.toThrow();
    const r = replyWith({ "content-disposition": 'attachment; filename="Протокол.pdf"', "x-a": "fine" });
    expect(() => refuseInvalidHeaders(r)).toThrow(/content-disposition/);
    expect(r.headers).toEqual({ "x-a": "fine" });
  });
});
