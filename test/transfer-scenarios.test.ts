/**
 * Lawyer-readable scenarios of the transfer engine (test/scenarios/transfer/*.yaml): the two states, the
 * date of the request, the facts of the person and judgment, and the expected answer with the article
 * each expectation rests on. One test per expectation, named after its citation.
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import { type SentenceFacts, sentenceEnd } from "../src/law/sentence.js";
import { type ConditionStatus, type TransferFacts, parseTransferQuery, resolveTransfer } from "../src/law/transfer.js";

interface Expectation {
  because: string;
  outcome?: string;
  bases?: string[];
  basesSince?: Record<string, string>;
  protocols?: Record<string, string[]>;
  notApplicable?: { instrument: string; reason: string }[];
  conditions?: Record<string, { status: ConditionStatus; provision?: string; by?: string }>;
}

interface Scenario {
  title: string;
  seed: string;
  query: { from: string; to: string; on: string };
  facts?: Omit<TransferFacts, "sentenceEnds"> & { sentence?: SentenceFacts };
  expect: Expectation[];
}

const dir = new URL("./scenarios/transfer/", import.meta.url);
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => ({ file: f, ...(parse(readFileSync(new URL(f, dir), "utf8")) as Scenario) }));
const kb = buildKnowledgeBase(readKnowledgeFiles());

describe.each(scenarios)("$file: $title", (s) => {
  const { sentence, ...facts } = s.facts ?? {};
  const answer = resolveTransfer(kb, {
    ...parseTransferQuery(s.query),
    facts: { ...facts, ...(sentence ? { sentenceEnds: sentenceEnd(sentence) } : {}) },
  });
  it.each(s.expect)("$because", (e) => {
    if (e.outcome) expect(answer.outcome).toBe(e.outcome);
    if (e.bases) expect(answer.bases.map((b) => b.instrument)).toEqual(e.bases);
    for (const [id, since] of Object.entries(e.basesSince ?? {}))
      expect(answer.bases.find((b) => b.instrument === id)?.inForceSince).toBe(since);
    for (const [id, list] of Object.entries(e.protocols ?? {}))
      expect(answer.bases.find((b) => b.instrument === id)?.protocols.map((p) => p.instrument)).toEqual(list);
    for (const n of e.notApplicable ?? [])
      expect(answer.notApplicable.find((x) => x.instrument === n.instrument)?.reason).toContain(n.reason);
    for (const [condition, want] of Object.entries(e.conditions ?? {})) {
      const got = answer.conditions.find((c) => c.condition === condition);
      expect(got?.status, condition).toBe(want.status);
      if (want.provision) expect(got?.provision).toBe(want.provision);
      if (want.by) expect(got?.by?.provision).toBe(want.by);
    }
  });
});
