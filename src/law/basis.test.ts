/**
 * Rules of the engine on small fixture knowledge bases. Each test names the kind of legal rule it
 * models; the real treaties' articles are checked by the scenario files in test/scenarios.
 */
import { describe, expect, it } from "vitest";
import { files, instrument, parties, party, provision, reciprocity } from "../../test/support/knowledge-fixtures.js";
import { parseBasisQuery, resolveBasis } from "./basis.js";
import type { Instrument } from "./schema.js";
import { LawInputError } from "./errors.js";
import { buildKnowledgeBase } from "./knowledge.js";

const bilateral = instrument("fr-it-mla-2000", "bilateral", [
  provision("fr-it-mla-2000", "art-1", { kind: "measures", measures: ["testimony", "records"] }),
  provision("fr-it-mla-2000", "art-2", { kind: "refusal_ground", ground: "essential_interests", mode: "discretionary" }),
  provision("fr-it-mla-2000", "art-3", { kind: "excluded_ground", ground: "bank_secrecy" }),
  provision("fr-it-mla-2000", "art-4", { kind: "consultation", before: ["refusal", "postponement"] }),
  provision("fr-it-mla-2000", "art-5", { kind: "safe_conduct", days: 7, maxDays: 15 }),
  provision("fr-it-mla-2000", "art-6", { kind: "language", rule: "requested_party" }),
]);
const convention = instrument("conv", "multilateral", [
  provision("conv", "art-3", { kind: "measures", measures: ["testimony", "search_seizure", "other"] }),
  provision("conv", "art-7", { kind: "subsidiarity", displaces: ["conv:art-21", "conv:art-26", "conv:art-27"] }),
  provision("conv", "art-21", { kind: "refusal_ground", ground: "domestic_law_prohibits", mode: "discretionary" }),
  provision("conv", "art-26", { kind: "consultation", before: ["refusal"] }),
  provision("conv", "art-27", { kind: "safe_conduct", days: 15 }),
]);
const regional = instrument("reg", "regional", [
  provision("reg", "art-1", { kind: "measures", measures: ["testimony"] }),
  provision("reg", "art-2-a", { kind: "refusal_ground", ground: "fiscal_offence", mode: "discretionary" }),
  provision("reg", "art-16", { kind: "language", rule: "none_required" }),
]);
const protocol = instrument("reg-p1", "regional", [provision("reg-p1", "art-1", { kind: "excluded_ground", ground: "fiscal_offence" })], {
  supplements: "reg",
});

const kb = buildKnowledgeBase(
  files(
    [bilateral, convention, regional, protocol, reciprocity],
    [
      parties("fr-it-mla-2000", [party("FR", "2005-01-01", { signed: "2000-05-05" }), party("IT", "2005-01-01", { signed: "2000-05-05" })]),
      parties("conv", [
        party("FR", "2003-01-01"),
        party("IT", "2004-06-01"),
        party("DE", "2003-01-01"),
        party("CN", "2003-01-01", { territories: [{ jurisdiction: "MO", inForce: "2003-01-01", source: { document: "fixture" } }] }),
      ]),
      parties("reg", [
        party("FR", "1990-01-01"),
        party("DE", "1990-01-01", {
          reservations: [
            {
              id: "reg:de-art-16",
              kind: "declaration",
              article: "Art. 16",
              effect: { type: "language", languages: ["de"] },
              summary: "fixture: requests to DE must be in German",
              source: { document: "fixture" },
            },
            {
              id: "reg:de-art-2",
              kind: "reservation",
              article: "Art. 2",
              effect: { type: "refusal_ground", ground: "death_penalty", mode: "discretionary" },
              summary: "fixture: DE may refuse where the death penalty applies",
              source: { document: "fixture" },
            },
          ],
        }),
        party("IT", "1990-01-01", { withdrawn: { effective: "2010-01-01", source: { document: "fixture" } } }),
      ]),
      parties("reg-p1", [party("FR", "1995-01-01"), party("DE", "1998-01-01")]),
    ],
  ),
);

const ask = (from: string, to: string, on: string, measures: string[] = []) =>
  resolveBasis(kb, parseBasisQuery({ from, to, on, measures }));

describe("precedence", () => {
  it("ranks the bilateral treaty first, the convention next and reciprocity last", () => {
    const a = ask("FR", "IT", "2008-01-01", ["testimony"]);
    expect(a.bases.map((b) => b.instrument)).toEqual(["fr-it-mla-2000", "reg", "conv", "reciprocity"]);
    expect(a.bases.map((b) => b.rank)).toEqual([1, 2, 3, 4]);
    expect(a.measures[0]).toMatchObject({ measure: "testimony", available: true, provision: "fr-it-mla-2000:art-1" });
  });

  it("reports a bilateral treaty signed but not yet in force as not applicable, with the date", () => {
    const a = ask("FR", "IT", "2002-01-01");
    expect(a.bases.map((b) => b.instrument)).not.toContain("fr-it-mla-2000");
    expect(a.notApplicable.find((n) => n.instrument === "fr-it-mla-2000")?.reason).toMatch(
      /signed on 2000-05-05, but in force for FR only from 2005-01-01/,
    );
  });

  it("uses the later of the two parties' dates as in force between them", () => {
    expect(ask("FR", "IT", "2004-07-01").bases.find((b) => b.instrument === "conv")?.inForceSince).toBe("2004-06-01");
    expect(ask("FR", "IT", "2004-01-01").notApplicable.find((n) => n.instrument === "conv")?.reason).toMatch(/IT only from 2004-06-01/);
  });

  it("drops an instrument from the day a party's withdrawal takes effect", () => {
    expect(ask("FR", "IT", "2009-12-31").bases.map((b) => b.instrument)).toContain("reg");
    expect(ask("FR", "IT", "2010-01-01").notApplicable.find((n) => n.instrument === "reg")?.reason).toMatch(
      /withdrew; effective 2010-01-01/,
    );
  });

  it("falls back to reciprocity alone before any instrument binds the two", () => {
    const a = ask("FR", "DE", "1980-01-01", ["testimony"]);
    expect(a.bases.map((b) => b.instrument)).toEqual(["reciprocity"]);
    expect(a.measures[0]).toMatchObject({ available: true, mode: "discretionary", instrument: "reciprocity" });
  });
});

describe("subsidiarity (the model of UNTOC art. 18(7))", () => {
  it("sets aside the convention's detailed paragraphs when a bilateral treaty binds the parties", () => {
    const a = ask("FR", "IT", "2008-01-01");
    expect(a.refusalGrounds.map((g) => g.provision)).not.toContain("conv:art-21");
    expect(a.consultationBeforeRefusal).toMatchObject({ required: true, provision: "fr-it-mla-2000:art-4", beforePostponement: true });
    expect(a.safeConduct).toMatchObject({ days: 7, maxDays: 15, provision: "fr-it-mla-2000:art-5" });
    const alt = a.safeConduct?.alternatives.find((x) => x.provision === "conv:art-27");
    expect(alt?.why).toMatch(/yields under conv, Art\. 7: fr-it-mla-2000 binds both states/);
  });

  it("applies the detailed paragraphs where no other treaty binds the two", () => {
    const a = ask("FR", "CN", "2008-01-01");
    expect(a.bases.map((b) => b.instrument)).toEqual(["conv", "reciprocity"]);
    expect(a.refusalGrounds.map((g) => g.provision)).toContain("conv:art-21");
    expect(a.consultationBeforeRefusal.provision).toBe("conv:art-26");
    expect(a.safeConduct).toMatchObject({ days: 15, provision: "conv:art-27" });
  });

  it("finds measures under the catch-all clause and says so", () => {
    const a = ask("FR", "CN", "2008-01-01", ["data_preservation"]);
    expect(a.measures[0]).toMatchObject({ measure: "data_preservation", available: true, catchAll: true, provision: "conv:art-3" });
  });
});

describe("territorial extension", () => {
  it("binds Macao through China's extension, and not Hong Kong, for which none is recorded", () => {
    expect(ask("FR", "MO", "2008-01-01").bases.map((b) => b.instrument)).toContain("conv");
    const hk = ask("FR", "HK", "2008-01-01");
    expect(hk.bases.map((b) => b.instrument)).toEqual(["reciprocity"]);
    expect(hk.notApplicable.find((n) => n.instrument === "conv")?.reason).toMatch(
      /CN is a party, but no extension of it to HK is recorded/,
    );
  });
});

describe("protocols and reservations", () => {
  it("removes the convention's fiscal ground between parties to the protocol that excludes it", () => {
    const a = ask("FR", "DE", "2005-01-01");
    expect(a.bases.map((b) => b.instrument)).toEqual(["reg", "reg-p1", "conv", "reciprocity"]);
    expect(a.refusalGrounds.map((g) => g.ground)).not.toContain("fiscal_offence");
    expect(a.excludedGrounds).toContainEqual(expect.objectContaining({ ground: "fiscal_offence", provision: "reg-p1:art-1" }));
    const before = ask("FR", "DE", "1996-01-01");
    expect(before.refusalGrounds.map((g) => g.ground)).toContain("fiscal_offence");
  });

  it("applies the requested party's reservations: added grounds and the language of requests", () => {
    const a = ask("FR", "DE", "2000-01-01");
    expect(a.refusalGrounds).toContainEqual(
      expect.objectContaining({ ground: "death_penalty", from: "reservation", provision: "reg:de-art-2" }),
    );
    expect(a.languages.map((l) => l.language)).toEqual(["de"]);
    // The reservation is DE's: a request from DE to FR is not bound by it.
    expect(ask("DE", "FR", "2000-01-01").refusalGrounds.map((g) => g.ground)).not.toContain("death_penalty");
  });
});

describe("input errors name the field and the value", () => {
  it.each([
    [{ from: "XX", to: "FR", on: "2020-01-01" }, "from", /^The requesting state: "XX" is not a known state or territory/],
    [{ from: "FR", to: "FR", on: "2020-01-01" }, "to", /^The requested state must differ from the requesting state/],
    [{ from: "FR", to: "DE", on: "2020-02-30" }, "on", /^The date of the request: 30 February 2020 does not exist\.$/],
    [
      { from: "FR", to: "DE", on: "2020-01-01", measures: ["teleport"] },
      "measure",
      /^The measure: "teleport" is not a measure this knowledge base knows/,
    ],
    [{ from: "FR", to: "DE", on: "2020-01-01", offence: "jaywalking" }, "offence", /^The offence: "jaywalking" is not an offence family/],
  ])("%o", (raw, field, message) => {
    try {
      parseBasisQuery(raw);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LawInputError);
      expect((err as LawInputError).field).toBe(field);
      expect((err as LawInputError).message).toMatch(message);
    }
  });
});

describe("search and seizure conditions (the model of a reservation under the 1959 Convention, art. 5)", () => {
  const kb2 = buildKnowledgeBase(
    files(
      [
        regional,
        reciprocity,
        instrument("reg-x", "regional", [provision("reg-x", "art-1", { kind: "measures", measures: ["search_seizure"] })]),
      ],
      [
        parties("reg", [party("FR", "1990-01-01"), party("ES", "1990-01-01")]),
        parties("reg-x", [
          party("FR", "1990-01-01"),
          party("ES", "1990-01-01", {
            reservations: [
              {
                id: "reg-x:es-art-5",
                kind: "reservation",
                article: "Art. 5",
                effect: { type: "search_seizure_conditions", conditions: ["dual_criminality", "extraditable_offence"] },
                summary: "fixture: ES executes searches only for extraditable offences punishable in both states",
                source: { document: "fixture" },
              },
            ],
          }),
        ]),
      ],
    ),
  );

  it("attaches the requested party's conditions to the search-and-seizure measure", () => {
    const a = resolveBasis(kb2, parseBasisQuery({ from: "FR", to: "ES", on: "2000-01-01", measures: ["search_seizure", "testimony"] }));
    expect(a.measures.find((m) => m.measure === "search_seizure")?.conditions).toEqual([
      expect.objectContaining({ provision: "reg-x:es-art-5", conditions: ["dual_criminality", "extraditable_offence"] }),
    ]);
    expect(a.measures.find((m) => m.measure === "testimony")?.conditions).toBeUndefined();
  });
});

describe("1959 Convention art. 26: a convention that supersedes its parties' bilateral treaties (labelled exception)", () => {
  const superseding = instrument("euro", "regional", [
    provision("euro", "art-1", { kind: "measures", measures: ["testimony"] }),
    provision("euro", "art-12", { kind: "safe_conduct", days: 15 }),
    provision("euro", "art-26", { kind: "supersedes_bilateral" }),
  ]);
  const euroProtocol = instrument("euro-p1", "regional", [provision("euro-p1", "art-1", { kind: "measures", measures: ["service"] })], {
    supplements: "euro",
  });
  const build = (extra: Partial<Instrument> = {}) =>
    buildKnowledgeBase(
      files(
        [bilateral, { ...superseding, ...extra }, euroProtocol, reciprocity],
        [
          parties("fr-it-mla-2000", [party("FR", "2005-01-01"), party("IT", "2005-01-01")]),
          parties("euro", [party("FR", "1990-01-01"), party("IT", "1990-01-01")]),
          parties("euro-p1", [party("FR", "1995-01-01"), party("IT", "1995-01-01")]),
        ],
      ),
    );
  const q = parseBasisQuery({ from: "FR", to: "IT", on: "2008-01-01", measures: ["testimony"] });

  it("art. 26(1): ranks the convention and its protocol before the bilateral treaty between its parties", () => {
    const a = resolveBasis(build(), q);
    expect(a.bases.map((b) => b.instrument)).toEqual(["euro", "euro-p1", "fr-it-mla-2000", "reciprocity"]);
    expect(a.measures[0]).toMatchObject({ provision: "euro:art-1" });
  });

  it("art. 26(3): the bilateral treaty appears as supplementing the convention, with the reason", () => {
    const b = resolveBasis(build(), q).bases.find((x) => x.instrument === "fr-it-mla-2000");
    expect(b).toMatchObject({ supplements: "euro" });
    expect(b?.precedence).toMatch(/supersedes their bilateral MLA treaties.*only to supplement it.*euro, Art\. 26/);
  });

  it("art. 26: the convention's rule on a singular topic prevails; the bilateral's is shown outranked", () => {
    const a = resolveBasis(build(), q);
    expect(a.safeConduct).toMatchObject({ provision: "euro:art-12", days: 15 });
    expect(a.safeConduct?.alternatives.map((x) => x.provision)).toContain("fr-it-mla-2000:art-5");
  });

  it("without the art. 26 provision, or before it is valid, the bilateral treaty ranks first as usual", () => {
    const without = build({ provisions: superseding.provisions.filter((p) => p.kind !== "supersedes_bilateral") });
    expect(resolveBasis(without, q).bases[0]?.instrument).toBe("fr-it-mla-2000");
    const later = build({
      provisions: superseding.provisions.map((p) => (p.kind === "supersedes_bilateral" ? { ...p, validFrom: "2010-01-01" } : p)),
    });
    expect(resolveBasis(later, q).bases[0]?.instrument).toBe("fr-it-mla-2000");
  });
});

describe("a bilateral treaty recorded without a known entry into force (issue 11 §1)", () => {
  // As the bilateral lists arrive: kind bilateral, no dates, no provisions, both parties with nothing known.
  const unknownTreaty = instrument("us-gb-mlat", "bilateral", [], { concluded: null, entryIntoForce: null });
  const unknownParty = (j: string) => party(j, null, { signed: null, consent: null });
  const build = (signed: string | null) =>
    buildKnowledgeBase(
      files(
        [unknownTreaty, convention, reciprocity],
        [
          parties("us-gb-mlat", [
            { ...unknownParty("US"), signed },
            { ...unknownParty("GB"), signed },
          ]),
          { ...parties("conv", [party("US", "2003-01-01"), party("GB", "2003-01-01")]), statusAsOf: "2014-01-27" },
        ],
      ),
    );
  const q = parseBasisQuery({ from: "US", to: "GB", on: "2015-01-01", measures: ["testimony"] });

  it("is reported as unconfirmed with its source, neither used as a basis nor silently dropped", () => {
    const a = resolveBasis(build(null), q);
    expect(a.bases.map((b) => b.instrument)).not.toContain("us-gb-mlat");
    expect(a.unconfirmed).toEqual([
      expect.objectContaining({
        instrument: "us-gb-mlat",
        reason: "a bilateral treaty is recorded but its entry into force is not known: check before relying on it",
        source: { document: "test fixture" },
      }),
    ]);
  });

  it("subsidiarity (UNTOC art. 18(7)): the convention's paragraphs are shown as yielding if that treaty is in force", () => {
    const a = resolveBasis(build(null), q);
    const ground = a.refusalGrounds.find((g) => g.provision === "conv:art-21");
    expect(ground?.caveat).toMatch(
      /governs only if us-gb-mlat is not in force between the two states; if it is, this yields to it under conv, Art\. 7/,
    );
    expect(a.safeConduct?.caveat).toMatch(/yields to it/);
    expect(a.unconfirmed[0]?.yields).toEqual(["conv, Art. 7"]);
    // The convention's own paragraphs outside the subsidiarity clause carry no caveat.
    expect(a.measures[0]).toMatchObject({ provision: "conv:art-3" });
    expect(a.measures[0]?.caveat).toBeUndefined();
  });

  it("a treaty recorded as signed but not in force stays not applicable, as before", () => {
    const a = resolveBasis(build("1994-01-06"), q);
    expect(a.unconfirmed).toEqual([]);
    expect(a.notApplicable.find((n) => n.instrument === "us-gb-mlat")?.reason).toMatch(/signed on 1994-01-06 but is not recorded as bound/);
    expect(a.refusalGrounds.find((g) => g.provision === "conv:art-21")?.caveat).toBeUndefined();
  });

  it("bases carry the status date of the party data they rely on", () => {
    const a = resolveBasis(build(null), q);
    expect(a.bases.find((b) => b.instrument === "conv")?.statusAsOf).toBe("2014-01-27");
    expect(a.bases.find((b) => b.instrument === "reciprocity")?.statusAsOf).toBeUndefined();
  });
});

describe("status dates (issue 11 §3)", () => {
  it("a protocol's basis carries the earlier of its own and its convention's status dates", () => {
    const k = buildKnowledgeBase(
      files(
        [regional, protocol, reciprocity],
        [
          { ...parties("reg", [party("FR", "1990-01-01"), party("DE", "1990-01-01")]), statusAsOf: "2014-01-27" },
          parties("reg-p1", [party("FR", "1995-01-01"), party("DE", "1998-01-01")]),
        ],
      ),
    );
    const a = resolveBasis(k, parseBasisQuery({ from: "FR", to: "DE", on: "2008-01-01" }));
    expect(a.bases.find((b) => b.instrument === "reg-p1")?.statusAsOf).toBe("2014-01-27");
    expect(a.bases.find((b) => b.instrument === "reg")?.statusAsOf).toBe("2014-01-27");
  });

  it("an instrument set aside by the parties' status carries the status date that decided it", () => {
    const a = resolveBasis(kb, parseBasisQuery({ from: "FR", to: "IT", on: "2002-01-01" }));
    expect(a.notApplicable.find((n) => n.instrument === "fr-it-mla-2000")?.statusAsOf).toBe("2024-01-01");
  });
});
