/**
 * Issue 11 §3: for every ordered pair of the 193 UN member states on 2014-01-01, the bases come from the
 * imported party data. The expectation is computed here straight from the parties files (each party's
 * recorded entry into force, stated or computed under UNTOC art. 38(2), UNCAC art. 68(2) and Vienna
 * art. 29(2)), independently of the engine's own look-ups.
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../src/law/basis.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import { UN_MEMBER_STATES } from "../src/law/un-members.js";

const ON = "2014-01-01";
const CONVENTIONS = ["untoc-2000", "uncac-2003", "vienna-1988"] as const;
const kb = buildKnowledgeBase(readKnowledgeFiles());

/** The jurisdictions a parties file records as in force on ON, read from the file alone. */
function boundOn(instrument: string): Set<string> {
  const file = kb.partyFiles.get(instrument);
  const bound = new Set<string>();
  for (const p of file?.parties ?? [])
    if (p.inForce !== null && p.inForce <= ON && (!p.withdrawn || p.withdrawn.effective > ON)) bound.add(p.jurisdiction);
  return bound;
}

describe("every ordered pair of UN member states on 2014-01-01 (issue 11 §3)", () => {
  const bound = Object.fromEntries(CONVENTIONS.map((id) => [id, boundOn(id)]));

  it("the UN conventions' party lists cover most UN members (UNTOC art. 38(2), UNCAC art. 68(2), Vienna art. 29(2))", () => {
    // The tables of 2014 record 179 UNTOC, 174 UNCAC and 189 Vienna consents; a regression to the
    // hand-picked handful of states would leave a few.
    expect(bound["untoc-2000"]?.size).toBeGreaterThan(170);
    expect(bound["uncac-2003"]?.size).toBeGreaterThan(160);
    expect(bound["vienna-1988"]?.size).toBeGreaterThan(180);
  });

  // Some 37,000 ordered pairs, each answered in full: seconds of work, more on a busy machine (not a timing test).
  it("a convention is a basis exactly when both states are bound by it on the date", { timeout: 60_000 }, () => {
    let pairs = 0;
    let withConvention = 0;
    const wrong: string[] = [];
    for (const from of UN_MEMBER_STATES)
      for (const to of UN_MEMBER_STATES) {
        if (from === to) continue;
        pairs++;
        const answer = resolveBasis(kb, parseBasisQuery({ from, to, on: ON }));
        const ids = new Set(answer.bases.map((b) => b.instrument));
        let any = false;
        for (const id of CONVENTIONS) {
          const expected = bound[id]?.has(from) === true && bound[id]?.has(to) === true;
          any ||= expected;
          if (ids.has(id) !== expected) wrong.push(`${from}→${to} ${id}: expected ${expected ? "a basis" : "not a basis"}`);
          if (!expected && !answer.notApplicable.some((n) => n.instrument === id))
            wrong.push(`${from}→${to} ${id}: not a basis but not explained`);
        }
        if (any) withConvention++;
        // Reciprocity is always the last resort, whatever else applies.
        if (answer.bases.at(-1)?.instrument !== "reciprocity") wrong.push(`${from}→${to}: reciprocity is not last`);
      }
    expect(pairs).toBe(193 * 192);
    expect(wrong.slice(0, 20)).toEqual([]);
    // Most pairs of UN members have at least one UN convention between them.
    expect(withConvention / pairs).toBeGreaterThan(0.9);
  });
});
