/**
 * The rules of the 1959 Convention (ETS 30), UNTOC art. 18 and UNCAC arts. 46, 55 and 57 as the knowledge
 * base records them, checked against the full texts (issue 11 §1b–§1c). Each test names the article.
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { knowledgeOfInstrument } from "./alone.js";
import { parseBasisQuery, resolveBasis } from "./basis.js";
import type { Measure } from "./codes.js";
import { buildKnowledgeBase } from "./knowledge.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const ask = (q: { from: string; to: string; on: string; measures?: Measure[]; offence?: string }) => resolveBasis(kb, parseBasisQuery(q));
/** The answer of one instrument alone, as a request relying on it reads it. */
const alone = (instrument: string, q: { from: string; to: string; on: string; measures?: Measure[]; offence?: string }) =>
  resolveBasis(knowledgeOfInstrument(files, instrument), parseBasisQuery(q));

describe("UNTOC scope: art. 3(1)(b) with art. 2(b), and the Protocols (art. 37)", () => {
  const q = { from: "US", to: "RU", on: "2018-07-13" };

  it("art. 3(1)(b): a drug offence keeps UNTOC as a basis on the serious-crime condition (art. 2(b): four years)", () => {
    const untoc = ask({ ...q, offence: "drug_trafficking" }).bases.find((b) => b.instrument === "untoc-2000");
    expect(untoc?.condition).toMatch(/serious crime/);
    expect(untoc?.condition).toMatch(/four years/);
    expect(untoc?.condition).toMatch(/Art\. 3\(1\)\(b\)/);
  });

  it("art. 3(1)(b): so do fiscal and cyber offences", () => {
    for (const offence of ["fiscal", "cybercrime"])
      expect(ask({ ...q, offence }).bases.find((b) => b.instrument === "untoc-2000")?.condition).toMatch(/serious crime/);
  });

  it("art. 37 and Protocols art. 1: trafficking in persons is covered between Protocol parties, or as serious crime", () => {
    const c = ask({ ...q, offence: "trafficking_in_persons" }).bases.find((b) => b.instrument === "untoc-2000")?.condition;
    expect(c).toMatch(/parties to the Protocol/);
    expect(c).toMatch(/no party data for the Protocols/);
    expect(c).toMatch(/serious crime/);
  });

  it("art. 3(1) and 18(1): even the offences it establishes must be transnational and involve an organized criminal group", () => {
    const c = ask({ ...q, offence: "organised_crime" }).bases.find((b) => b.instrument === "untoc-2000")?.condition;
    expect(c).toMatch(/transnational/);
    expect(c).not.toMatch(/serious crime/);
  });

  it("UNCAC art. 3(1) has no serious-crime route: a drug offence leaves it out", () => {
    expect(ask({ ...q, offence: "drug_trafficking" }).notApplicable.find((n) => n.instrument === "uncac-2003")?.reason).toMatch(
      /limited to corruption, money_laundering/,
    );
  });
});

describe("obligatory, discretionary, conditional (UNTOC art. 18(3), (10)–(12), (18); UNCAC art. 46(3), (10), (18))", () => {
  const q = { from: "GB", to: "RU", on: "2012-07-02" };

  for (const [id, art] of [
    ["untoc-2000", "18"],
    ["uncac-2003", "46"],
  ] as const) {
    it(`art. ${art}(3)(i): a measure not named falls under the catch-all, which is discretionary`, () => {
      const m = alone(id, { ...q, measures: ["locate_persons"] }).measures[0];
      expect(m).toMatchObject({ available: true, catchAll: true, mode: "discretionary", provision: `${id}:art-${art}-3-i` });
    });

    it(`art. ${art}(3)(a)–(h): the named forms stay obligatory under the old provision id`, () => {
      expect(alone(id, { ...q, measures: ["search_seizure"] }).measures[0]).toMatchObject({
        mode: "obligatory",
        provision: `${id}:art-${art}-3`,
      });
    });

    it(`art. ${art}(10)–(12): a transfer in custody is conditional on consent and both states' agreement`, () => {
      const m = alone(id, { ...q, measures: ["custody_transfer"] }).measures[0];
      expect(m).toMatchObject({ available: true, mode: "conditional", provision: `${id}:art-${art}-10-measure` });
      expect(m?.terms).toMatch(/informed consent/);
      expect(m?.terms).toMatch(new RegExp(`Art\\. ${art}\\(11\\)`));
    });

    it(`art. ${art}(18): a video-link hearing is a permission, not a duty`, () => {
      const m = alone(id, { ...q, measures: ["video_link"] }).measures[0];
      expect(m).toMatchObject({ mode: "discretionary", provision: `${id}:art-${art}-18-measure` });
      expect(m?.terms).toMatch(/wherever possible/);
    });
  }

  it("1959 Convention art. 11(1): the transfer may be refused without the person's consent — conditional", () => {
    const m = ask({ ...q, measures: ["custody_transfer"] }).measures[0];
    expect(m).toMatchObject({ mode: "conditional", provision: "cets-030:art-11-1-measure" });
    expect(m?.terms).toMatch(/does not consent/);
  });
});

describe("UNCAC art. 46(9): dual criminality", () => {
  const q = { from: "GB", to: "RU", on: "2012-07-02" };

  it("46(9)(b): no dual criminality is a ground only for coercive measures", () => {
    const coercive = alone("uncac-2003", { ...q, measures: ["search_seizure"] });
    expect(coercive.refusalGrounds).toContainEqual(
      expect.objectContaining({ ground: "no_dual_criminality", provision: "uncac-2003:art-46-9" }),
    );
    const service = alone("uncac-2003", { ...q, measures: ["service"] });
    expect(service.refusalGrounds.map((g) => g.ground)).not.toContain("no_dual_criminality");
  });

  it("46(9)(b): non-coercive assistance may still be refused for de minimis matters", () => {
    expect(alone("uncac-2003", { ...q, measures: ["service"] }).refusalGrounds).toContainEqual(
      expect.objectContaining({ ground: "de_minimis", provision: "uncac-2003:art-46-9-b-de-minimis" }),
    );
  });

  it("46(9)(a)–(b): the duties say the purposes count and dual criminality may be required only for coercive measures", () => {
    const duties = alone("uncac-2003", { ...q, measures: ["search_seizure"] }).duties;
    expect(duties).toContainEqual(expect.objectContaining({ provision: "uncac-2003:art-46-9-a", kind: "dual_criminality" }));
    expect(duties).toContainEqual(
      expect.objectContaining({ provision: "uncac-2003:art-46-9-b", detail: expect.objectContaining({ rule: "required_for_coercive" }) }),
    );
  });

  it("UNTOC art. 18(9): the ground is discretionary for every measure", () => {
    expect(alone("untoc-2000", { ...q, measures: ["service"] }).refusalGrounds).toContainEqual(
      expect.objectContaining({ ground: "no_dual_criminality", provision: "untoc-2000:art-18-9", kind: "discretionary" }),
    );
  });
});

describe("contents of requests", () => {
  const q = { from: "GB", to: "RU", on: "2012-07-02" };
  const level = (a: ReturnType<typeof ask>, item: string) => a.requirements.filter((r) => r.item === item).map((r) => r.level);

  it("UNTOC art. 18(15)(e): identity, location and nationality 'where possible' are advised, not required", () => {
    const a = alone("untoc-2000", { ...q, measures: ["testimony"] });
    expect(level(a, "person_identity")).toEqual(["advised"]);
    expect(level(a, "person_location")).toEqual(["advised"]);
  });

  it("UNTOC art. 18(15)(b) and UNCAC art. 46(15)(b): the name and functions of the conducting authority are required", () => {
    for (const id of ["untoc-2000", "uncac-2003"])
      expect(level(alone(id, { ...q, measures: ["testimony"] }), "conducting_authority")).toEqual(["required"]);
  });

  it("UNTOC art. 18(15)(c): no summary of facts is required of a request for service alone", () => {
    expect(level(alone("untoc-2000", { ...q, measures: ["service"] }), "facts_summary")).toEqual([]);
    expect(level(alone("untoc-2000", { ...q, measures: ["testimony"] }), "facts_summary")).toEqual(["required"]);
  });

  it("1959 Convention art. 14(1)(c)–(d): identity is advised; name and address required only for service", () => {
    const a = alone("cets-030", { ...q, measures: ["testimony", "service"] });
    const identity = a.requirements.filter((r) => r.item === "person_identity");
    expect(identity).toContainEqual(expect.objectContaining({ level: "advised" }));
    expect(identity).toContainEqual(expect.objectContaining({ level: "required", measures: ["service"] }));
  });

  it("no text requires the stage of proceedings: no provision of the knowledge base requires it", () => {
    const requiring = [...kb.provisions.values()].filter(
      (p) => p.kind === "request_contents" && p.level === "required" && p.items.includes("stage_of_proceedings"),
    );
    expect(requiring.map((p) => p.id)).toEqual([]);
  });
});

describe("the 1959 Convention", () => {
  const q = { from: "RU", to: "GB", on: "2012-07-02" };

  it("art. 1(2): a purely military offence is outside the Convention, not a refusal ground", () => {
    const a = ask({ ...q, offence: "military" });
    expect(a.bases.map((b) => b.instrument)).not.toContain("cets-030");
    expect(a.notApplicable.find((n) => n.instrument === "cets-030")?.reason).toMatch(/Art\. 1\(2\)/);
    expect(ask(q).refusalGrounds.filter((g) => g.provision === "cets-030:art-1-2")).toEqual([]);
  });

  it("art. 1(2): without an offence, the basis says what it does not cover", () => {
    expect(ask(q).bases.find((b) => b.instrument === "cets-030")?.condition).toMatch(/arrests, enforcement of verdicts/);
  });

  it("art. 6(1): delaying the handover for pending proceedings is a postponement rule", () => {
    expect(ask(q).duties).toContainEqual(expect.objectContaining({ provision: "cets-030:art-6-1", kind: "postponement" }));
  });

  it("art. 12(2): a summoned accused is protected only for acts not specified in the summons", () => {
    expect(ask(q).safeConduct?.summary).toMatch(/not specified in the summons/);
  });

  it("art. 19: reasons are given for any refusal", () => {
    expect(ask(q).duties).toContainEqual(expect.objectContaining({ provision: "cets-030:art-19", kind: "reasons_for_refusal" }));
  });
});

describe("UNCAC art. 57: return of assets", () => {
  it("art. 57(3): a duty to return, recorded as asset return, not as sharing", () => {
    const a = alone("uncac-2003", { from: "GB", to: "RU", on: "2012-07-02", measures: ["confiscation"] });
    expect(a.duties).toContainEqual(expect.objectContaining({ provision: "uncac-2003:art-57", kind: "asset_return" }));
    expect(a.duties.filter((d) => d.instrument === "uncac-2003" && d.kind === "asset_sharing")).toEqual([]);
  });
});

describe("the same kinds of error elsewhere in the knowledge base", () => {
  const measuresProvisions = [...kb.provisions.values()].flatMap((p) => (p.kind === "measures" ? [p] : []));

  it("a catch-all ('any other assistance') is never recorded as obligatory beside named forms", () => {
    const mixed = measuresProvisions.filter((p) => p.measures.includes("other") && p.measures.length > 1 && p.mode === "obligatory");
    expect(mixed.map((p) => p.id)).toEqual([]);
  });

  it("a transfer of a person in custody is never a plain obligation (consent of the person, agreement of the states)", () => {
    const plain = measuresProvisions.filter((p) => p.measures.includes("custody_transfer") && p.mode === "obligatory");
    expect(plain.map((p) => p.id)).toEqual([]);
  });

  it("a military-offence exclusion of scope is not recorded as a refusal ground of the same instrument (1959 art. 1(2); OAS art. 8)", () => {
    for (const id of ["cets-030", "oas-a55-1992"]) {
      const provisions = [...kb.provisions.values()].filter((p) => p.instrument === id);
      expect(provisions.some((p) => p.kind === "scope" && p.excludes?.families.includes("military"))).toBe(true);
      expect(provisions.filter((p) => p.kind === "refusal_ground" && p.ground === "military_offence")).toEqual([]);
    }
  });
});
