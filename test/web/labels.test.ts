/**
 * The screens' words for codes (web/src/labels.ts, issue 14 §4): every measure and every workflow state
 * has words; a measure reads on screen as it does in the English request document; the state filter
 * lists each direction's states exactly; the jurisdiction picker finds "China", "Iran", "Gambia" and
 * "CN" and sorts by the short name.
 */
import { describe, expect, it } from "vitest";
import { INCOMING_STATES, OUTGOING_STATES } from "../../src/cases/workflow.js";
import { FIXED_TEXT } from "../../src/drafting/fixed-text.js";
import { MEASURES } from "../../src/law/codes.js";
import { MEASURE_WORDS } from "../../src/law/measure-words.js";
import { JURISDICTIONS } from "../../src/law/jurisdictions.js";
import { matchEntries, pickerEntries } from "../../web/src/components/JurisdictionPicker.js";
import { CASE_STATE_LABELS, MEASURE_LABELS, STATE_GROUPS, measureLabel, stateLabel } from "../../web/src/labels.js";

describe("labels", () => {
  it("names every measure in the words of the English request document, and in each UN language distinctly", () => {
    expect(MEASURE_LABELS).toEqual(FIXED_TEXT.en.measures);
    for (const [language, words] of Object.entries(MEASURE_WORDS)) {
      const named = MEASURES.map((m) => words[m]);
      expect(
        named.every((w) => typeof w === "string" && w.trim().length >= 2),
        language,
      ).toBe(true);
      // Two measures with the same words would be indistinguishable in a request.
      expect(new Set(named).size, language).toBe(MEASURES.length);
    }
    for (const m of MEASURES) expect(measureLabel(m)).not.toMatch(/_/);
    expect(measureLabel("search_seizure")).toBe("Search and seizure");
  });

  it("names every workflow state, and the state filter lists each direction's states", () => {
    for (const s of [...INCOMING_STATES, ...OUTGOING_STATES]) expect(CASE_STATE_LABELS[s], s).toMatch(/^[A-Z][a-z' ]+/);
    expect(STATE_GROUPS.find((g) => g.direction === "incoming")?.states).toEqual([...INCOMING_STATES]);
    expect(STATE_GROUPS.find((g) => g.direction === "outgoing")?.states).toEqual([...OUTGOING_STATES]);
    expect(stateLabel("under_review")).toBe("Under review");
  });
});

describe("the jurisdiction picker's search", () => {
  const entries = pickerEntries([...JURISDICTIONS.values()], "en");
  const first = (typed: string) => matchEntries(entries, typed)[0]?.code;

  it("finds a state by its short name, its official name or its code", () => {
    expect(first("China")).toBe("CN");
    expect(first("Iran")).toBe("IR");
    expect(first("Gambia")).toBe("GM");
    expect(first("CN")).toBe("CN");
    expect(first("cn")).toBe("CN");
    expect(first("Islamic Republic")).toBe("IR");
    expect(first("Russian Federation")).toBe("RU");
    expect(first("cote")).toBe("CI");
    expect(matchEntries(entries, "zzzz")).toEqual([]);
  });

  it("sorts by the short name in the page's language", () => {
    const names = entries.map((e) => e.name);
    expect(names.indexOf("Gambia")).toBe(names.indexOf("Gabon") + 1);
    const fr = pickerEntries([...JURISDICTIONS.values()], "fr").map((e) => e.name);
    expect(fr).toContain("Chine");
    expect(fr.indexOf("Égypte")).toBeLessThan(fr.indexOf("Équateur"));
    expect(fr.indexOf("Égypte")).toBeGreaterThan(fr.indexOf("Danemark"));
  });
});
