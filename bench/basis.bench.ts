/**
 * npm run bench:basis — resolves every ordered pair of jurisdictions on one date with all measures, and
 * the same matrix with a naive baseline (the same engine over a knowledge base that scans every party
 * list on each look-up instead of using the index). Prints p50/p99 per query and totals, and the ratio.
 * `--write` records the figures in BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { parseBasisQuery, resolveBasis } from "../src/law/basis.js";
import { MEASURES } from "../src/law/codes.js";
import { JURISDICTIONS } from "../src/law/jurisdictions.js";
import { type KnowledgeBase, type PartyEntry, buildKnowledgeBase } from "../src/law/knowledge.js";

const ON = process.env.BENCH_DATE ?? "2024-01-01";

/** The naive baseline: every party look-up scans the instrument's party list and territories. */
function scanningKnowledgeBase(kb: KnowledgeBase): KnowledgeBase {
  const scan = (instrument: string): ReadonlyMap<string, PartyEntry> => {
    const file = kb.partyFiles.get(instrument);
    const lookup = (code: string): PartyEntry | undefined => {
      for (const party of file?.parties ?? []) if (party.jurisdiction === code) return { party };
      for (const party of file?.parties ?? [])
        for (const t of party.territories ?? [])
          if (t.jurisdiction === code)
            return {
              party,
              via: { state: party.jurisdiction, inForce: t.inForce, validTo: t.validTo, note: t.note, reservations: t.reservations },
            };
      return undefined;
    };
    return { get: lookup } as ReadonlyMap<string, PartyEntry>;
  };
  return { ...kb, parties: { get: (id: string) => (kb.partyFiles.has(id) ? scan(id) : undefined) } as KnowledgeBase["parties"] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function runMatrix(kb: KnowledgeBase, codes: string[]) {
  const times: number[] = [];
  let bases = 0;
  const start = process.hrtime.bigint();
  for (const from of codes)
    for (const to of codes) {
      if (from === to) continue;
      const t0 = process.hrtime.bigint();
      const a = resolveBasis(kb, parseBasisQuery({ from, to, on: ON, measures: [...MEASURES] }));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      bases += a.bases.length;
    }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort((x, y) => x - y);
  return { queries: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0, totalMs, bases };
}

const kb = buildKnowledgeBase(readKnowledgeFiles());
const codes = [...JURISDICTIONS.keys()];
// Warm up the JIT on a slice so neither side pays it in the measured run.
runMatrix(kb, codes.slice(0, 30));
runMatrix(scanningKnowledgeBase(kb), codes.slice(0, 30));
const engine = runMatrix(kb, codes);
const naive = runMatrix(scanningKnowledgeBase(kb), codes);
if (engine.bases !== naive.bases) throw new Error(`the two runs disagree: ${engine.bases} vs ${naive.bases} bases`);

const fmt = (n: number) => n.toFixed(3);
const rows = [
  "| run | queries | p50 ms | p99 ms | max ms | total s |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  `| engine (indexed) | ${engine.queries} | ${fmt(engine.p50)} | ${fmt(engine.p99)} | ${fmt(engine.max)} | ${(engine.totalMs / 1000).toFixed(2)} |`,
  `| naive baseline (scan every party list) | ${naive.queries} | ${fmt(naive.p50)} | ${fmt(naive.p99)} | ${fmt(naive.max)} | ${(naive.totalMs / 1000).toFixed(2)} |`,
  `| ratio engine / baseline | | ${(engine.p50 / naive.p50).toFixed(2)} | ${(engine.p99 / naive.p99).toFixed(2)} | | ${(engine.totalMs / naive.totalMs).toFixed(2)} |`,
];
const context = `${codes.length} jurisdictions, every ordered pair, on ${ON}, all ${MEASURES.length} measures; ${kb.instruments.size} instruments, ${kb.provisions.size} provisions, ${[...kb.partyFiles.values()].reduce((n, f) => n + f.parties.length, 0)} party records; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
console.log(`bench:basis — ${context}\n`);
console.log(rows.join("\n"));
console.log(
  `\ntargets: p99 < 1 ms (${engine.p99 < 1 ? "met" : "MISSED"}), whole matrix < 10 s (${engine.totalMs < 10_000 ? "met" : "MISSED"})`,
);

if (process.argv.includes("--write")) {
  const path = new URL("../BENCHMARKS.md", import.meta.url);
  const text = readFileSync(path, "utf8");
  const section = `<!-- bench:basis -->\n${context}, measured ${new Date().toISOString().slice(0, 10)}.\n\n${rows.join("\n")}\n<!-- /bench:basis -->`;
  writeFileSync(path, text.replace(/<!-- bench:basis -->[\s\S]*<!-- \/bench:basis -->/, section));
  console.log("\nBENCHMARKS.md updated.");
}
