import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forTests } from "./base64.js";

const { toBase64, fromBase64, decodedChecked } = forTests;
const enc = (bytes: Uint8Array, options?: Parameters<typeof toBase64>[0]) => toBase64.call(bytes, options);

// The standard's examples (ECMA-262, Uint8Array.prototype.toBase64 / Uint8Array.fromBase64) and the
// checks jose's own fallback makes through atob: what the native codec is installed for must say
// the same as the slow way said, and refuse what it refused.
describe("base64 for jose on Node's native codec", () => {
  it("encodes as the standard does, padded unless told not to, in either alphabet", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0x01]);
    expect(enc(bytes)).toBe("+/8B");
    expect(enc(bytes, { alphabet: "base64url" })).toBe("-_8B");
    expect(enc(new Uint8Array([1, 2]), { alphabet: "base64url" })).toBe("AQI=");
    expect(enc(new Uint8Array([1, 2]), { alphabet: "base64url", omitPadding: true })).toBe("AQI");
    expect(enc(new Uint8Array([1]), { alphabet: "base64", omitPadding: true })).toBe("AQ");
    expect(() => enc(bytes, { alphabet: "hex" as "base64" })).toThrow(TypeError);
  });

  it("encodes a view at its own offset, not the whole buffer under it", () => {
    const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(enc(whole.subarray(2, 5))).toBe("AQID");
  });

  it("decodes any text as the character-by-character checks do, or refuses it as they do (property)", () => {
    // Text near base64: both alphabets' symbols, padding anywhere, whitespace, and characters outside.
    const char = fc.constantFrom(..."AQgw09+/-_=", " ", "\n", "\t", "*", ".", "é", "\u0000", "\u{1F600}");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(char, { maxLength: 24 }).map((c) => c.join("")),
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString("base64")),
        ),
        fc.constantFrom("base64", "base64url") as fc.Arbitrary<"base64" | "base64url">,
        (text, alphabet) => {
          const outcome = (f: () => Uint8Array) => {
            try {
              return [...f()];
            } catch (e) {
              return (e as Error).name;
            }
          };
          expect(outcome(() => fromBase64(text, { alphabet }))).toEqual(outcome(() => decodedChecked(text, alphabet)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("round-trips any bytes in either alphabet, with or without padding (property)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom("base64", "base64url") as fc.Arbitrary<"base64" | "base64url">,
        fc.boolean(),
        (bytes, alphabet, omitPadding) => {
          const text = enc(bytes, { alphabet, omitPadding });
          expect([...fromBase64(text, { alphabet })]).toEqual([...bytes]);
          expect(text).toBe(
            Buffer.from(bytes)
              .toString(alphabet === "base64" ? "base64" : "base64url")
              .replace(/=+$/, "") + (omitPadding ? "" : "=".repeat((4 - (text.replace(/=+$/, "").length % 4)) % 4)),
          );
        },
      ),
    );
  });

  it("refuses what atob refused: characters outside the alphabet, the other alphabet's symbols, misplaced or partial padding, a dangling character", () => {
    for (const [text, alphabet] of [
      ["ab*d", "base64url"],
      ["ab+d", "base64url"],
      ["ab/d", "base64url"],
      ["ab-d", "base64"],
      ["ab_d", "base64"],
      ["QQ=A", "base64"],
      ["QQ=", "base64"],
      ["QUJD=", "base64"],
      ["QUJDR", "base64url"],
      ["QQ===", "base64"],
      ["Zm9v\u00e9", "base64"],
    ] as const)
      expect(() => fromBase64(text, { alphabet }), `${text} (${alphabet})`).toThrow(SyntaxError);
    expect(() => fromBase64(42)).toThrow(TypeError);
    expect(() => fromBase64("QQ==", { lastChunkHandling: "strict" })).toThrow(TypeError);
  });

  it("skips ASCII whitespace as the standard does, and accepts padding in base64url", () => {
    expect([...fromBase64(" Zm9v\nYmE= ")]).toEqual([...Buffer.from("fooba")]);
    expect([...fromBase64("AQI=", { alphabet: "base64url" })]).toEqual([1, 2]);
    expect([...fromBase64("")]).toEqual([]);
  });
});
