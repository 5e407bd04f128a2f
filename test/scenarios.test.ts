/**
 * Lawyer-readable scenarios (test/scenarios/*.yaml): facts from the seed documents, the expected
 * answer, and the article each expectation rests on. One test per expectation, named after its citation.
 */
import { readFileSync, readdirSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../src/law/basis.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import { safeConductEnds } from "../src/law/safe-conduct.js";

interface Expectation {
  /** The article (or seed passage) the expectation rests on. */
  because: string;
  bases?: string[];
  firstBasis?: string;
  includesBases?: string[];
  excludesBases?: string[];
  /** Instrument → the date the basis is in force between the two since. */
  basesSince?: Record<string, string>;
  /** Instrument → the status date of the party data the basis relies on. */
  basesStatusAsOf?: Record<string, string>;
  notApplicable?: { instrument: string; reason: string }[];
  measures?: Record<string, { available?: boolean; provision?: string; instrument?: string; conditions?: unknown[] }>;
  refusalGrounds?: { ground: string; provision?: string; instrument?: string; kind?: string }[];
  noRefusalGroundsFrom?: string[];
  excludedGrounds?: { ground: string; provision?: string }[];
  consultationBeforeRefusal?: { required: boolean; provision?: string };
  languages?: string[];
  safeConduct?: { days: number; maxDays?: number; provision?: string };
  safeConductEnds?: { basis: string; released: string; extended?: boolean; ends: string };
  requirements?: string[];
}

interface Scenario {
  title: string;
  seed: string;
  query: { from: string; to: string; on: string; measures?: string[]; offence?: string };
  expect: Expectation[];
}

const dir = new URL("./scenarios/", import.meta.url);
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ file: f, ...(parse(readFileSync(new URL(f, dir), "utf8")) as Scenario) }));
const kb = buildKnowledgeBase(readKnowledgeFiles());

describe.each(scenarios)("$file: $title", (s) => {
  const answer = resolveBasis(kb, parseBasisQuery(s.query));
  const ids = answer.bases.map((b) => b.instrument);

  it.each(s.expect)("$because", (e) => {
    if (e.bases) expect(ids).toEqual(e.bases);
    if (e.firstBasis) expect(ids[0]).toBe(e.firstBasis);
    for (const b of e.includesBases ?? []) expect(ids).toContain(b);
    for (const b of e.excludesBases ?? []) expect(ids).not.toContain(b);
    for (const [id, since] of Object.entries(e.basesSince ?? {}))
      expect(answer.bases.find((b) => b.instrument === id)?.inForceSince, id).toBe(since);
    for (const [id, asOf] of Object.entries(e.basesStatusAsOf ?? {}))
      expect(answer.bases.find((b) => b.instrument === id)?.statusAsOf, id).toBe(asOf);
    for (const n of e.notApplicable ?? []) {
      const found = answer.notApplicable.find((x) => x.instrument === n.instrument);
      expect(found, `${n.instrument} should be listed as not applicable`).toBeDefined();
      expect(found?.reason).toMatch(new RegExp(n.reason));
    }
    for (const [measure, m] of Object.entries(e.measures ?? {}))
      expect(answer.measures.find((x) => x.measure === measure)).toMatchObject(m);
    for (const g of e.refusalGrounds ?? []) expect(answer.refusalGrounds).toContainEqual(expect.objectContaining(g));
    for (const i of e.noRefusalGroundsFrom ?? []) expect(answer.refusalGrounds.filter((g) => g.instrument === i)).toEqual([]);
    for (const g of e.excludedGrounds ?? []) expect(answer.excludedGrounds).toContainEqual(expect.objectContaining(g));
    if (e.consultationBeforeRefusal) expect(answer.consultationBeforeRefusal).toMatchObject(e.consultationBeforeRefusal);
    if (e.languages) expect(answer.languages.map((l) => l.language).sort()).toEqual([...e.languages].sort());
    if (e.safeConduct) expect(answer.safeConduct).toMatchObject(e.safeConduct);
    if (e.safeConductEnds) {
      const { ends, ...q } = e.safeConductEnds;
      expect(safeConductEnds(kb, q).ends).toBe(ends);
    }
    for (const r of e.requirements ?? []) expect(answer.requirements.map((x) => x.item)).toContain(r);
  });
});
