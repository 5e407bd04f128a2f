/**
 * The law of a hearing from a stored basis answer: the governing video-link provisions in order, those
 * of the case's bases that do not govern it, and whose law punishes perjury — only where a governing
 * provision records it (`perjuryLaw`), "not recorded" otherwise.
 */
import { describe, expect, it } from "vitest";
import type { BasisAnswer, DutyAnswer } from "../law/basis.js";
import { hearingLaw } from "./law.js";

const duty = (provision: string, cite: string, detail?: Record<string, unknown>): DutyAnswer => ({
  kind: "video_link",
  summary: `Summary of ${cite}`,
  instrument: provision.split(":")[0] ?? "",
  provision,
  cite,
  ...(detail ? { detail } : {}),
});
const basis = (duties: DutyAnswer[]) => ({ bases: [], duties }) as unknown as BasisAnswer;

describe("the law of a hearing", () => {
  it("lists the governing video-link provisions and leaves perjury not recorded when none says", () => {
    const law = hearingLaw(
      basis([duty("uncac-2003:art-46-18", "UNCAC, Art. 46(18)"), { ...duty("x:art-1", "X, Art. 1"), kind: "costs" }]),
      null,
    );
    expect(law.governing.map((p) => p.cite)).toEqual(["UNCAC, Art. 46(18)"]);
    expect(law.perjury).toEqual({ law: "not_recorded" });
  });

  it("names the state whose law punishes perjury where a governing provision records it, with its citation", () => {
    const law = hearingLaw(basis([duty("a:art-1", "A, Art. 1"), duty("b:art-9", "B, Art. 9", { perjuryLaw: "requested_party" })]), null);
    expect(law.perjury).toEqual({ law: "requested_party", provision: "b:art-9", cite: "B, Art. 9" });
  });

  it("without a stored basis, nothing governs and perjury is not recorded", () => {
    expect(hearingLaw(null, null)).toEqual({ governing: [], notGoverning: [], perjury: { law: "not_recorded" } });
  });
});
