/**
 * Complementary suppression (issue 16 §2: need-to-know applies to every number, so a "<5" figure must
 * not be recoverable from a total). The oracle is a reader who enumerates every way the hidden figures
 * could be filled in, consistent with what is shown: each "<5" between 1 and 4, each withheld one at
 * least 1, the group adding up to its shown total.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { possibleValues } from "../../test/support/disclosure.js";
import { type AdditiveGroup, complementaryCells } from "./complement.js";

const SMALL = 5;

/** Every value each hidden figure of `group` could have, for a reader who sees the rest. */
function possibleIn(group: AdditiveGroup, value: Map<string, number>, primary: Set<string>, withheld: Set<string>) {
  const hidden = group.parts.filter((k) => primary.has(k) || withheld.has(k));
  const shownSum = group.parts.filter((k) => !hidden.includes(k)).reduce((s, k) => s + (value.get(k) ?? 0), 0);
  return possibleValues(
    (value.get(group.total) ?? 0) - shownSum,
    hidden.map((key) => ({ key, small: primary.has(key) })),
  );
}

/** A table of parts (some "<5"), and a second table adding up to the same total, as the partner states and the bases do. */
const tables = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
    fc.array(fc.boolean(), { maxLength: 6 }),
  )
  .map(([parts, second]) => {
    const value = new Map<string, number>();
    const primary = new Set<string>();
    parts.forEach(([n, unseen], i) => {
      value.set(`a${i}`, n);
      if (n > 0 && n < SMALL && unseen) primary.add(`a${i}`);
    });
    const total = parts.reduce((s, [n]) => s + n, 0);
    value.set("total", total);
    if (total > 0 && total < SMALL && primary.size > 0) primary.add("total");
    // The second table: the same cases cut otherwise (here: in halves of the first), all shown.
    const b: string[] = [];
    let left = total;
    second.forEach((_, i) => {
      const n = i === second.length - 1 ? left : Math.floor(left / 2);
      left -= n;
      value.set(`b${i}`, n);
      b.push(`b${i}`);
    });
    const groups: AdditiveGroup[] = [{ total: "total", parts: parts.map((_, i) => `a${i}`) }];
    if (b.length > 0 && left === 0) groups.push({ total: "total", parts: b });
    return { value, primary, groups };
  });

describe("complementary suppression", () => {
  it("a partner state's <5 next to a shown total: the smallest other figure of at least 5 is withheld with it", () => {
    const value = new Map([
      ["CN", 1],
      ["RU", 7],
      ["FR", 9],
      ["DE", 2],
      ["total", 19],
    ]);
    const withheld = complementaryCells(
      [{ total: "total", parts: ["CN", "RU", "FR", "DE"] }],
      (k) => value.get(k) ?? 0,
      new Set(["CN"]),
      SMALL,
    );
    expect([...withheld]).toEqual(["RU"]);
  });

  it("no table with a <5 figure is touched when nothing needs it", () => {
    const value = new Map([
      ["CN", 1],
      ["RU", 7],
      ["total", 8],
    ]);
    // CN is shown to this reader (all its cases are visible): nothing to protect.
    expect(complementaryCells([{ total: "total", parts: ["CN", "RU"] }], (k) => value.get(k) ?? 0, new Set(), SMALL).size).toBe(0);
  });

  it("whatever the table, a reader cannot narrow any <5 figure below 1–4 from a shown total (property)", () => {
    fc.assert(
      fc.property(tables, ({ value, primary, groups }) => {
        const withheld = complementaryCells(groups, (k) => value.get(k) ?? 0, primary, SMALL);
        for (const k of withheld) {
          expect(primary.has(k), `${k} is withheld and <5 at once`).toBe(false);
          expect(value.get(k), `${k}: a withheld figure is never 0`).toBeGreaterThan(0);
        }
        const totalHidden = primary.has("total") || withheld.has("total");
        for (const g of groups) {
          if (totalHidden) continue;
          const possible = possibleIn(g, value, primary, withheld);
          for (const k of g.parts.filter((p) => primary.has(p)))
            expect([...(possible.get(k) ?? [])].sort(), `${k} in ${JSON.stringify(Object.fromEntries(value))}`).toEqual([1, 2, 3, 4]);
        }
        // A withheld total leaves no figure of a table adding up to it to give it back.
        if (withheld.has("total"))
          for (const g of groups)
            for (const k of g.parts) if ((value.get(k) ?? 0) > 0) expect(primary.has(k) || withheld.has(k)).toBe(true);
        // Nothing is withheld where no figure is <5.
        if (primary.size === 0) expect(withheld.size).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});
