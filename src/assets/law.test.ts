/**
 * The law of criminal assets against the knowledge base: each test names the article it checks
 * (UNTOC art. 13–14, UNCAC art. 55 and 57, Vienna 1988 art. 5, the US–Russia treaty's forfeiture article).
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../law/basis.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { assetLaw, stepAnswer } from "./law.js";

const kb = buildKnowledgeBase(readKnowledgeFiles());
const basis = (q: { from: string; to: string; on: string; offence?: string }) => resolveBasis(kb, parseBasisQuery(q));
const provisions = (law: ReturnType<typeof assetLaw>, step: Parameters<typeof stepAnswer>[1]) =>
  stepAnswer(law, step).citations.map((c) => c.provision);

describe("the steps the basis provides", () => {
  const usRu = basis({ from: "US", to: "RU", on: "2018-07-13", offence: "organised_crime" });

  it("UNTOC art. 13(1)–(2) and the US–Russia treaty: tracing, freezing and confiscation on request, bilateral first", () => {
    const law = assetLaw(usRu, kb);
    expect(provisions(law, "freeze")[0]).toBe("us-ru-mlat-1999:asset-sharing");
    expect(provisions(law, "freeze")).toContain("untoc-2000:art-13");
    expect(provisions(law, "confiscate")).toContain("untoc-2000:art-13");
  });

  it("UNTOC art. 14(3)(b): sharing with other parties is provided, with its citation", () => {
    const share = stepAnswer(assetLaw(usRu, kb), "share");
    expect(share.permitted).toBe(true);
    expect(share.citations.find((c) => c.provision === "untoc-2000:art-14-3")?.cite).toMatch(/Art\. 14\(3\)/);
  });

  it("no basis: every step is refused with the reason", () => {
    const law = assetLaw(null, kb);
    for (const s of law.steps) {
      expect(s.permitted).toBe(false);
      expect(s.reasonKey).toBe("assetNoBasis");
    }
    expect(law.disposal.regime).toBe("none_recorded");
  });
});

describe("which disposal rule applies: UNCAC art. 57 against UNTOC art. 14", () => {
  // GB–RU in 2012: both conventions bind both states, no bilateral treaty.
  const corruption = basis({ from: "GB", to: "RU", on: "2012-07-02", offence: "corruption" });
  const organised = basis({ from: "GB", to: "RU", on: "2012-07-02", offence: "organised_crime" });

  it("UNCAC art. 57(3)(a): embezzled public funds are returned to the requesting state, not shared", () => {
    const law = assetLaw(corruption, kb, { embezzledPublicFunds: true });
    expect(law.disposal.regime).toBe("uncac_57_3_a");
    expect(law.disposal.citations.map((c) => c.provision)).toContain("uncac-2003:art-57");
    expect(stepAnswer(law, "return").permitted).toBe(true);
    const share = stepAnswer(law, "share");
    expect(share.permitted).toBe(false);
    expect(share.reason).toMatch(/57\(3\)\(a\)/);
  });

  it("UNCAC art. 57(5): a case-by-case agreement on final disposal lets embezzled funds be shared (costs under art. 57(4))", () => {
    const law = assetLaw(corruption, kb, { embezzledPublicFunds: true, caseAgreement: true });
    expect(provisions(law, "share")).toEqual(["uncac-2003:art-57-4"]);
  });

  it("UNTOC art. 14(1)–(3): organised-crime proceeds are disposed of by the confiscating state, victims first if asked, sharing allowed", () => {
    const law = assetLaw(organised, kb);
    expect(law.disposal.regime).toBe("untoc_14");
    expect(law.disposal.citations.map((c) => c.provision)).toEqual(["untoc-2000:art-14-1", "untoc-2000:art-14-2", "untoc-2000:art-14-3"]);
    expect(provisions(law, "restitution")).toContain("untoc-2000:art-14-2");
    expect(provisions(law, "share")).toContain("untoc-2000:art-14-3");
  });

  it("UNCAC art. 57(3)(b)–(c): other corruption proceeds are returned on prior ownership or damage, otherwise priority consideration", () => {
    const law = assetLaw(corruption, kb);
    expect(law.disposal.regime).toBe("uncac_57_3_bc");
    expect(law.disposal.alsoInBasis).toContain("untoc_14");
  });

  it("every provision the engine cites exists in the knowledge base with a source", () => {
    const law = assetLaw(corruption, kb, { embezzledPublicFunds: true, caseAgreement: true });
    for (const c of [...law.steps.flatMap((s) => s.citations), ...law.disposal.citations])
      expect(kb.provisions.get(c.provision)?.source).toBeDefined();
  });
});
