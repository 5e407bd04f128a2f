import { describe, expect, it } from "vitest";
import { files, instrument, provision } from "../../test/support/knowledge-fixtures.js";
import { LawInputError } from "./errors.js";
import { buildKnowledgeBase } from "./knowledge.js";
import { safeConductEnds } from "./safe-conduct.js";

// Fixture modelled on the US–Russia MLAT's rule (7 days, extendable to 15) and the 1959 Convention's
// art. 12(3) (15 days, no extension); the real instruments are checked in test/scenarios.
const kb = buildKnowledgeBase(
  files(
    [
      instrument("bi", "bilateral", [provision("bi", "art-15", { kind: "safe_conduct", days: 7, maxDays: 15 })]),
      instrument("conv", "regional", [provision("conv", "art-12-3", { kind: "safe_conduct", days: 15 })]),
      instrument("none", "regional", [provision("none", "art-1", { kind: "costs" })]),
    ],
    [],
  ),
);

describe("safe conduct", () => {
  it("ends the given number of days after presence was no longer required, across month ends", () => {
    expect(safeConductEnds(kb, { basis: "bi", released: "2019-03-01" })).toMatchObject({
      ends: "2019-03-08",
      days: 7,
      provision: "bi:art-15",
    });
    expect(safeConductEnds(kb, { basis: "bi", released: "2019-03-01", extended: true }).ends).toBe("2019-03-16");
    expect(safeConductEnds(kb, { basis: "conv", released: "2020-02-20" }).ends).toBe("2020-03-06");
  });

  it("refuses an extension the basis does not provide, a basis without safe conduct, and bad dates", () => {
    expect(() => safeConductEnds(kb, { basis: "conv", released: "2020-01-01", extended: true })).toThrow(/provides no extension/);
    expect(() => safeConductEnds(kb, { basis: "none", released: "2020-01-01" })).toThrow(/has no safe-conduct provision/);
    expect(() => safeConductEnds(kb, { basis: "nope", released: "2020-01-01" })).toThrow(LawInputError);
    expect(() => safeConductEnds(kb, { basis: "bi", released: "01/03/2019" })).toThrow(
      /^The date of release: "01\/03\/2019" is not a date written YYYY-MM-DD/,
    );
  });
});
