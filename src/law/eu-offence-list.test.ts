/** The EU list of 32 offence categories (FD 2002/584/JHA art. 2(2); Directive 2014/41/EU Annex D). */
import { describe, expect, it } from "vitest";
import { EU_OFFENCE_CATEGORIES, EU_OFFENCE_LIST_SOURCE, euCategoriesOfSection } from "./eu-offence-list.js";
import { ICCS_CODES } from "./iccs.js";

describe("EU offence list", () => {
  it("has the 32 categories of art. 2(2), numbered, each once", () => {
    expect(EU_OFFENCE_CATEGORIES).toHaveLength(32);
    expect(EU_OFFENCE_CATEGORIES.map((c) => c.n)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(new Set(EU_OFFENCE_CATEGORIES.map((c) => c.label)).size).toBe(32);
    // Art. 2(2), first and 19th entries as published.
    expect(EU_OFFENCE_CATEGORIES[0]?.label).toBe("participation in a criminal organisation");
    expect(EU_OFFENCE_CATEGORIES[18]?.label).toBe("illicit trafficking in cultural goods, including antiques and works of art");
  });

  it("marks what could not be checked here, and maps only to ICCS sections that exist", () => {
    for (const c of EU_OFFENCE_CATEGORIES) {
      expect(Boolean(c.unverified)).toBe(c.n > EU_OFFENCE_LIST_SOURCE.verifiedThrough);
      for (const s of c.iccs) expect(ICCS_CODES).toContain(s);
    }
    expect(euCategoriesOfSection("07").map((c) => c.n)).toEqual([7, 8, 20, 23, 24]);
  });
});
