/**
 * Properties of the engine, on random knowledge bases (fast-check builds instruments, parties and
 * dates) and on the real knowledge base with random pairs and dates.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { files, instrument, parties, party, provision, reciprocity } from "../../test/support/knowledge-fixtures.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { type BasisAnswer, parseBasisQuery, resolveBasis, resolveBasisUnindexed } from "./basis.js";
import { GROUNDS, MEASURES, type Measure, OFFENCE_FAMILIES } from "./codes.js";
import { addDays } from "./dates.js";
import { type KnowledgeBase, buildKnowledgeBase } from "./knowledge.js";
import type { Instrument, PartiesFile } from "./schema.js";

const CODES = ["FR", "DE", "IT", "ES", "CN", "MO"] as const;
const dateArb = fc.integer({ min: 0, max: 365 * 40 }).map((d) => addDays("1985-01-01", d));

const instrumentArb = (index: number) =>
  fc
    .record({
      kind: fc.constantFrom("bilateral", "regional", "multilateral") as fc.Arbitrary<Instrument["kind"]>,
      entry: fc.option(dateArb, { nil: null }),
      measures: fc.subarray([...MEASURES], { minLength: 1 }),
      grounds: fc.subarray([...GROUNDS], { maxLength: 4 }),
      subsidiary: fc.boolean(),
      /** A safe-conduct rule valid only from a date (answers then depend on the date asked). */
      safeConductFrom: fc.option(dateArb, { nil: undefined }),
      /** Parties recorded with nothing known of their dates (a bilateral treaty then is "unconfirmed"). */
      datesUnknown: fc.boolean(),
      parties: fc.array(
        fc.record({
          code: fc.constantFrom(...CODES),
          inForce: fc.option(dateArb, { nil: null }),
          withdrawn: fc.option(dateArb, { nil: undefined }),
        }),
        { maxLength: 6 },
      ),
    })
    .map((r) => {
      const id = `inst-${index}`;
      const provisions = [
        provision(id, "art-1", { kind: "measures", measures: r.measures }),
        ...r.grounds.map((g, i) => provision(id, `art-2-${i}`, { kind: "refusal_ground", ground: g, mode: "discretionary" })),
        provision(id, "art-9", { kind: "safe_conduct", days: 10 + index, ...(r.safeConductFrom ? { validFrom: r.safeConductFrom } : {}) }),
      ];
      if (r.subsidiary) provisions.push(provision(id, "art-7", { kind: "subsidiarity", displaces: [`${id}:art-9`] }));
      const inst = instrument(id, r.kind, provisions, { entryIntoForce: r.entry });
      const seen = new Set<string>();
      const list = r.parties
        .filter((p) => !seen.has(p.code) && seen.add(p.code))
        .map((p) =>
          r.datesUnknown
            ? party(p.code, null, { signed: null })
            : party(p.code, p.inForce, p.withdrawn ? { withdrawn: { effective: p.withdrawn, source: { document: "fixture" } } } : {}),
        );
      return { inst, parties: parties(id, list, index % 2 === 0) };
    });

const kbArb = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => instrumentArb(i))))
  .map((pairs) => {
    const instruments: Instrument[] = [...pairs.map((p) => p.inst), reciprocity];
    const partyFiles: PartiesFile[] = pairs.map((p) => p.parties);
    return { kb: buildKnowledgeBase(files(instruments, partyFiles)), instruments, partyFiles };
  });

const queryArb = fc.record({
  from: fc.constantFrom(...CODES),
  to: fc.constantFrom(...CODES),
  on: dateArb,
  measures: fc.subarray([...MEASURES]),
});

/** Every provision or reservation id an answer cites. */
function citedIds(a: BasisAnswer): string[] {
  const ids: string[] = [];
  for (const m of a.measures) if (m.provision) ids.push(m.provision);
  for (const g of [...a.refusalGrounds, ...a.excludedGrounds, ...a.duties, ...a.reservations]) ids.push(g.provision);
  for (const r of a.requirements) for (const c of r.citations) ids.push(c.provision);
  if (a.consultationBeforeRefusal.provision) ids.push(a.consultationBeforeRefusal.provision);
  if (a.safeConduct) ids.push(a.safeConduct.provision, ...a.safeConduct.alternatives.map((x) => x.provision));
  for (const l of a.languages) if (l.provision) ids.push(l.provision);
  if (a.languageRule) ids.push(a.languageRule.provision);
  return ids;
}

function reservationIds(kb: KnowledgeBase): Set<string> {
  const out = new Set<string>();
  for (const f of kb.partyFiles.values())
    for (const p of f.parties) {
      for (const r of p.reservations ?? []) out.add(r.id);
      for (const t of p.territories ?? []) for (const r of t.reservations ?? []) out.add(r.id);
    }
  return out;
}

/** Checks, from the raw party records, that a jurisdiction is bound on the date. */
function boundOn(kb: KnowledgeBase, instrumentId: string, code: string, on: string): boolean {
  const file = kb.partyFiles.get(instrumentId);
  for (const p of file?.parties ?? []) {
    if (p.withdrawn && p.withdrawn.effective <= on) continue;
    if (p.jurisdiction === code) return p.inForce !== null && p.inForce <= on;
    for (const t of p.territories ?? [])
      if (t.jurisdiction === code && !file?.parties.some((q) => q.jurisdiction === code))
        return t.inForce !== null && t.inForce <= on && (!t.validTo || t.validTo >= on);
  }
  return false;
}

function checkInForce(kb: KnowledgeBase, a: BasisAnswer) {
  for (const b of a.bases) {
    if (b.instrument === "reciprocity") continue;
    const inst = kb.instruments.get(b.instrument);
    expect(inst?.binding).toBe(true);
    expect(inst?.entryIntoForce !== null && (inst?.entryIntoForce ?? "") <= a.on).toBe(true);
    expect(boundOn(kb, b.instrument, a.from, a.on), `${b.instrument} for ${a.from} on ${a.on}`).toBe(true);
    expect(boundOn(kb, b.instrument, a.to, a.on), `${b.instrument} for ${a.to} on ${a.on}`).toBe(true);
  }
}

function withoutMeasureOrder(a: BasisAnswer) {
  return { ...a, measures: [...a.measures].sort((x, y) => x.measure.localeCompare(y.measure)) };
}

describe("engine properties on random knowledge bases", () => {
  it("never uses an instrument that is not in force for both parties on the date", () => {
    fc.assert(
      fc.property(kbArb, queryArb, ({ kb }, q) => {
        fc.pre(q.from !== q.to);
        checkInForce(kb, resolveBasis(kb, parseBasisQuery(q)));
      }),
      { numRuns: 300 },
    );
  });

  it("cites only provisions and reservations that exist", () => {
    fc.assert(
      fc.property(kbArb, queryArb, ({ kb }, q) => {
        fc.pre(q.from !== q.to);
        const known = reservationIds(kb);
        for (const id of citedIds(resolveBasis(kb, parseBasisQuery(q)))) expect(kb.provisions.has(id) || known.has(id), id).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same answer whatever the order of the measures", () => {
    fc.assert(
      fc.property(kbArb, queryArb, fc.func(fc.integer()), ({ kb }, q, key) => {
        fc.pre(q.from !== q.to);
        const shuffled = [...q.measures].sort((x, y) => key(x) - key(y) || x.localeCompare(y)) as Measure[];
        const a = resolveBasis(kb, parseBasisQuery(q));
        const b = resolveBasis(kb, parseBasisQuery({ ...q, measures: shuffled }));
        expect(withoutMeasureOrder(b)).toEqual(withoutMeasureOrder(a));
      }),
      { numRuns: 200 },
    );
  });

  it("yields only reciprocity on a date before any instrument binds anyone", () => {
    fc.assert(
      fc.property(kbArb, queryArb, ({ kb }, q) => {
        fc.pre(q.from !== q.to);
        const a = resolveBasis(kb, parseBasisQuery({ ...q, on: "1984-12-31" }));
        expect(a.bases.map((b) => b.instrument)).toEqual(["reciprocity"]);
      }),
      { numRuns: 100 },
    );
  });

  it("ranks bilateral before regional before multilateral, reciprocity last", () => {
    const order = { bilateral: 0, regional: 1, multilateral: 2, reciprocity: 3 };
    fc.assert(
      fc.property(kbArb, queryArb, ({ kb }, q) => {
        fc.pre(q.from !== q.to);
        const kinds = resolveBasis(kb, parseBasisQuery(q)).bases.map((b) => order[b.kind]);
        expect(kinds).toEqual([...kinds].sort((x, y) => x - y));
        expect(kinds.at(-1)).toBe(3);
      }),
      { numRuns: 200 },
    );
  });
});

describe("engine properties on the real knowledge base", () => {
  const kb = buildKnowledgeBase(readKnowledgeFiles());
  const codes = [
    ...new Set(
      [...kb.partyFiles.values()].flatMap((f) =>
        f.parties.flatMap((p) => [p.jurisdiction, ...(p.territories ?? []).map((t) => t.jurisdiction)]),
      ),
    ),
  ];
  const real = fc.record({
    from: fc.constantFrom(...codes, "US", "RU", "BR"),
    to: fc.constantFrom(...codes, "US", "RU", "BR"),
    on: fc.integer({ min: 0, max: 365 * 70 }).map((d) => addDays("1960-01-01", d)),
    measures: fc.subarray([...MEASURES]),
  });

  it("never uses an instrument not in force for both, cites only what exists, ignores measure order", () => {
    const known = reservationIds(kb);
    fc.assert(
      fc.property(real, (q) => {
        fc.pre(q.from !== q.to);
        const a = resolveBasis(kb, parseBasisQuery(q));
        checkInForce(kb, a);
        for (const id of citedIds(a)) expect(kb.provisions.has(id) || known.has(id), id).toBe(true);
        const b = resolveBasis(kb, parseBasisQuery({ ...q, measures: [...q.measures].reverse() }));
        expect(withoutMeasureOrder(b)).toEqual(withoutMeasureOrder(a));
      }),
      { numRuns: 500 },
    );
  });

  it("yields only reciprocity before any instrument existed", () => {
    fc.assert(
      fc.property(real, (q) => {
        fc.pre(q.from !== q.to);
        expect(resolveBasis(kb, parseBasisQuery({ ...q, on: "1950-01-01" })).bases.map((b) => b.instrument)).toEqual(["reciprocity"]);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the indexed engine against the plain one", () => {
  const real = buildKnowledgeBase(readKnowledgeFiles());
  const allCodes = [...real.parties.values()].flatMap((m) => [...m.keys()]);
  const realCodes = [...new Set([...allCodes, "US", "RU", "GB", "BR", "DE", "KE", "IN", "HK", "MO"])].sort();
  const measuresArb = fc.subarray([...MEASURES], { maxLength: 4 });

  it("gives the same answer as the reference path, answer after answer, on random knowledge bases", () => {
    // Shared parts are remembered across queries: asking many queries of one knowledge base in a row
    // is what would expose a remembered part reused for a query it does not fit.
    fc.assert(
      fc.property(
        kbArb,
        // Few distinct dates, so that queries meet the same bases on the same and on other dates.
        fc.array(dateArb, { minLength: 1, maxLength: 3 }).chain((dates) =>
          fc.array(fc.tuple(fc.constantFrom(...CODES), fc.constantFrom(...CODES), fc.constantFrom(...dates), measuresArb), {
            minLength: 1,
            maxLength: 16,
          }),
        ),
        ({ kb }, queries) => {
          for (const [from, to, on, measures] of queries) {
            if (from === to) continue;
            const q = parseBasisQuery({ from, to, on, measures });
            expect(resolveBasis(kb, q)).toEqual(resolveBasisUnindexed(kb, q));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the same answer as the reference path on the real knowledge base", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...realCodes),
        fc.constantFrom(...realCodes),
        dateArb,
        measuresArb,
        fc.option(fc.constantFrom(...OFFENCE_FAMILIES), { nil: undefined }),
        (from, to, on, measures, offence) => {
          if (from === to) return;
          const q = parseBasisQuery({ from, to, on, measures, offence });
          // Twice: the second answer is built from what the first remembered.
          expect(resolveBasis(real, q)).toEqual(resolveBasisUnindexed(real, q));
          expect(resolveBasis(real, q)).toEqual(resolveBasisUnindexed(real, q));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("shares nothing a caller could change: the remembered parts are frozen", () => {
    const q = parseBasisQuery({ from: "US", to: "RU", on: "2018-07-13", measures: ["testimony"] });
    const answer = resolveBasis(real, q);
    expect(() => (answer.duties as unknown[]).push({})).toThrow(TypeError);
    // The pair's own parts stay the caller's.
    answer.bases.push({ ...answer.bases[0] } as BasisAnswer["bases"][number]);
    expect(resolveBasis(real, q).bases.length).toBe(answer.bases.length - 1);
  });
});

describe("what the indexed engine remembers never crosses into another query", () => {
  const measuresRule = (id: string) => provision(id, "art-1", { kind: "measures", measures: ["testimony"] });

  it("a rule valid from a date: asked before and after it, each answer has its own (same pair, same bases)", () => {
    const inst = instrument("conv", "multilateral", [
      measuresRule("conv"),
      provision("conv", "art-9", { kind: "safe_conduct", days: 10, validFrom: "2000-01-01" }),
    ]);
    const kb = buildKnowledgeBase(
      files([inst, reciprocity], [parties("conv", [party("FR", "1990-01-01"), party("DE", "1990-01-01")], true)]),
    );
    for (const on of ["1995-01-01", "2005-01-01", "1995-01-01"]) {
      const q = parseBasisQuery({ from: "FR", to: "DE", on });
      expect(resolveBasis(kb, q)).toEqual(resolveBasisUnindexed(kb, q));
    }
    expect(resolveBasis(kb, parseBasisQuery({ from: "FR", to: "DE", on: "1995-01-01" })).safeConduct).toBeNull();
  });

  it("a bilateral treaty of unknown date between one pair does not colour another pair with the same bases (UNTOC art. 18(7))", () => {
    const conv = instrument("conv", "multilateral", [
      measuresRule("conv"),
      provision("conv", "art-7", { kind: "subsidiarity", displaces: ["conv:art-9"] }),
      provision("conv", "art-9", { kind: "safe_conduct", days: 15 }),
    ]);
    const bilateral = instrument("fr-de-mla", "bilateral", [], { entryIntoForce: null });
    const all = ["FR", "DE", "IT", "ES"].map((c) => party(c, "1990-01-01"));
    const kb = buildKnowledgeBase(
      files(
        [conv, bilateral, reciprocity],
        [
          parties("conv", all, true),
          parties("fr-de-mla", [party("FR", null, { signed: null }), party("DE", null, { signed: null })], true),
        ],
      ),
    );
    for (const [from, to] of [
      ["FR", "DE"],
      ["IT", "ES"],
      ["FR", "DE"],
    ] as const) {
      const q = parseBasisQuery({ from, to, on: "2005-01-01" });
      expect(resolveBasis(kb, q)).toEqual(resolveBasisUnindexed(kb, q));
    }
    expect(resolveBasis(kb, parseBasisQuery({ from: "IT", to: "ES", on: "2005-01-01" })).safeConduct?.caveat).toBeUndefined();
  });
});
