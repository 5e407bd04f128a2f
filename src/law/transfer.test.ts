/**
 * The transfer engine on the real knowledge base. Each test cites the article it checks: ETS 112
 * art. 3(1)(a)–(f) and 3(2), ETS 167 arts. 2–3; the Hong Kong–Russia agreement signed 2021, not in force.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadKnowledge } from "../knowledge/load.js";
import { JURISDICTIONS } from "./jurisdictions.js";
import { LawInputError } from "./errors.js";
import { partyBinding } from "./basis.js";
import { type TransferFacts, parseTransferQuery, resolveTransfer } from "./transfer.js";

const kb = loadKnowledge();
const all: TransferFacts = {
  national: true,
  finalOn: "2023-05-01",
  sentenceEnds: "2027-01-01",
  consent: "given",
  dualCriminality: true,
  sentencingAgrees: true,
  administeringAgrees: true,
};
const status = (a: ReturnType<typeof resolveTransfer>, c: string) => a.conditions.find((x) => x.condition === c);

describe("which instrument governs a transfer", () => {
  it("ETS 112 between Germany and France (in force for both), with ETS 167 supplementing it", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on: "2024-01-01" });
    expect(a.bases.map((b) => b.instrument)).toEqual(["ets-112"]);
    expect(a.bases[0]?.inForceSince).toBe("1992-02-01");
    expect(a.bases[0]?.protocols.map((p) => p.instrument)).toEqual(["ets-167"]);
    expect(a.bases[0]?.consentDispensed.map((d) => d.cite)).toEqual([
      "Transfer Protocol (1997), Art. 2",
      "Transfer Protocol (1997), Art. 3",
    ]);
  });
  it("ETS 112 art. 3(1)(a)–(f): six conditions, each with its article", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on: "2024-01-01" });
    expect(a.conditions.map((c) => [c.condition, c.article])).toEqual([
      ["national", "Art. 3(1)(a)"],
      ["final_judgment", "Art. 3(1)(b)"],
      ["time_remaining", "Art. 3(1)(c)"],
      ["consent", "Art. 3(1)(d)"],
      ["dual_criminality", "Art. 3(1)(e)"],
      ["states_agree", "Art. 3(1)(f)"],
    ]);
    expect(a.conditions.every((c) => c.status === "unknown")).toBe(true);
    expect(a.outcome).toBe("open");
  });
  it("before the protocol bound Germany (1 August 2007), ETS 167 is not offered", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on: "2007-07-31" });
    expect(a.bases[0]?.protocols).toEqual([]);
    expect(a.notApplicable.find((n) => n.instrument === "ets-167")?.reason).toMatch(/2007-08-01/);
  });
  it("the Hong Kong–Russia agreement is signed but not in force: no basis from Russia to Hong Kong", () => {
    const a = resolveTransfer(kb, { from: "RU", to: "HK", on: "2024-01-01" });
    expect(a.outcome).toBe("no_basis");
    expect(a.bases).toEqual([]);
    expect(a.notApplicable.find((n) => n.instrument === "hk-ru-tsp-2021")?.reason).toMatch(/signed on 2021-09-21/);
    expect(a.notApplicable.find((n) => n.instrument === "ets-112")?.reason).toMatch(/HK/);
  });
  it("Russia is recorded as an ETS 112 party with no known date: never relied on", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "RU", on: "2024-01-01" });
    expect(a.outcome).toBe("no_basis");
    expect(a.notApplicable.find((n) => n.instrument === "ets-112")?.reason).toMatch(/not known/);
  });
});

describe("each condition against the facts", () => {
  const on = "2024-01-01";
  it("every condition met: the transfer may go ahead", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on, facts: all });
    expect(a.conditions.map((c) => c.status)).toEqual(["met", "met", "met", "met", "met", "met"]);
    expect(a.outcome).toBe("met");
  });
  it("ETS 112 art. 3(1)(c): less than six months remaining on the date of the request blocks it", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { ...all, sentenceEnds: "2024-06-30" } });
    expect(status(a, "time_remaining")).toMatchObject({
      status: "not_met",
      reasonKey: "time.notMet",
      cite: "Transfer Convention (1983), Art. 3(1)(c)",
    });
    expect(a.outcome).toBe("blocked");
    expect(resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { ...all, sentenceEnds: "2024-07-01" } }).outcome).toBe("met");
  });
  it("ETS 112 art. 3(2): the states may agree to less time in an exceptional case", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { ...all, sentenceEnds: "2024-03-01", shorterTimeAgreed: true } });
    expect(status(a, "time_remaining")).toMatchObject({ status: "met", by: { provision: "ets-112:art-3-2" } });
  });
  it("ETS 112 art. 3(1)(c): an indeterminate sentence meets the time condition", () => {
    expect(status(resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { indeterminate: true } }), "time_remaining")?.status).toBe("met");
  });
  it("ETS 112 art. 3(1)(b): a judgment final only after the request date is not final", () => {
    expect(status(resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { finalOn: "2024-02-01" } }), "final_judgment")?.status).toBe(
      "not_met",
    );
  });
  it("ETS 112 art. 3(1)(d): withdrawn consent blocks; ETS 167 art. 3 dispenses with it for an expulsion order", () => {
    expect(status(resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { consent: "withdrawn" } }), "consent")?.status).toBe("not_met");
    const a = resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { consent: "refused", consentDispensed: "expulsion" } });
    expect(status(a, "consent")).toMatchObject({ status: "met", by: { provision: "ets-167:art-3" } });
  });
  it("ETS 167 art. 3 does not help where the protocol does not bind both (Canada is not recorded as a party)", () => {
    const a = resolveTransfer(kb, { from: "DE", to: "CA", on, facts: { consentDispensed: "expulsion" } });
    expect(a.bases[0]?.protocols).toEqual([]);
    expect(status(a, "consent")).toMatchObject({ status: "unknown", reasonKey: "consent.noDispensingProtocol" });
  });
  it("ETS 112 art. 3(1)(a), (e), (f): not a national, no dual criminality, a refusal", () => {
    const a = resolveTransfer(kb, {
      from: "DE",
      to: "FR",
      on,
      facts: { national: false, dualCriminality: false, administeringAgrees: false },
    });
    expect(["national", "dual_criminality", "states_agree"].map((c) => status(a, c)?.status)).toEqual(["not_met", "not_met", "not_met"]);
  });
});

describe("input", () => {
  it("names the bad field", () => {
    expect(() => parseTransferQuery({ from: "XX", to: "FR", on: "2024-01-01" })).toThrow(LawInputError);
    const field = (raw: Record<string, string>) => {
      try {
        parseTransferQuery(raw);
      } catch (e) {
        return (e as LawInputError).field;
      }
    };
    expect(field({ from: "DE", to: "DE", on: "2024-01-01" })).toBe("to");
    expect(field({ from: "DE", to: "FR", on: "2024-02-30" })).toBe("on");
    expect(parseTransferQuery({ from: "de", to: "fr", on: "2024-01-01" })).toEqual({ from: "DE", to: "FR", on: "2024-01-01" });
  });
});

describe("properties", () => {
  const codes = [...JURISDICTIONS.keys()];
  const date = fc
    .date({ min: new Date("1980-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  it("never offers an instrument (or protocol) to which either state is not bound on the date", () => {
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.constantFrom(...codes), date, (from, to, on) => {
        fc.pre(from !== to);
        const a = resolveTransfer(kb, { from, to, on });
        for (const b of a.bases)
          for (const id of [b.instrument, ...b.protocols.map((p) => p.instrument)]) {
            const inst = kb.instruments.get(id);
            expect(inst?.cooperation).toBe("tsp");
            if (!inst) continue;
            expect(partyBinding(kb, inst, from, on).bound).toBe(true);
            expect(partyBinding(kb, inst, to, on).bound).toBe(true);
            expect(inst.entryIntoForce !== null && inst.entryIntoForce <= on).toBe(true);
          }
        expect(a.outcome === "no_basis").toBe(a.bases.length === 0);
      }),
      { numRuns: 300 },
    );
  });
  it("the time condition is monotone in the end of the sentence: a later end never turns met into not met", () => {
    fc.assert(
      fc.property(date, date, date, (on, e1, e2) => {
        const [early, late] = e1 <= e2 ? [e1, e2] : [e2, e1];
        const s = (ends: string) =>
          status(resolveTransfer(kb, { from: "DE", to: "FR", on, facts: { sentenceEnds: ends } }), "time_remaining")?.status;
        if (s(early) === "met") expect(s(late)).toBe("met");
      }),
      { numRuns: 200 },
    );
  });
  it("a fact not stated never makes a condition fail", () => {
    fc.assert(
      fc.property(date, (on) => {
        const a = resolveTransfer(kb, { from: "FR", to: "DE", on });
        expect(a.conditions.every((c) => c.status === "unknown")).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
