/**
 * npm run bench:basis — resolves every ordered pair of jurisdictions on one date with all measures, three
 * ways: the engine (index by jurisdiction, pair-independent parts of answers shared), the same engine with
 * nothing shared (every answer computed whole), and the naive baseline (nothing shared, and every party
 * look-up scans the instrument's party list). Prints p50/p99 per query, totals and ratios.
 * `--write` records the figures in BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { type BasisAnswer, type BasisQuery, parseBasisQuery, resolveBasis, resolveBasisUnindexed } from "../src/law/basis.js";
import { MEASURES } from "../src/law/codes.js";
import { JURISDICTIONS } from "../src/law/jurisdictions.js";
import { type KnowledgeBase, type PartyEntry, buildKnowledgeBase } from "../src/law/knowledge.js";
import type { PartiesFile } from "../src/law/schema.js";

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

type Resolver = (kb: KnowledgeBase, q: BasisQuery) => BasisAnswer;

function runMatrix(kb: KnowledgeBase, codes: string[], resolve: Resolver) {
  const times: number[] = [];
  let bases = 0;
  const start = process.hrtime.bigint();
  for (const from of codes)
    for (const to of codes) {
      if (from === to) continue;
      const t0 = process.hrtime.bigint();
      const a = resolve(kb, parseBasisQuery({ from, to, on: ON, measures: [...MEASURES] }));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      bases += a.bases.length;
    }
  const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
  times.sort((x, y) => x - y);
  return { queries: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1) ?? 0, totalMs, bases };
}

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const codes = [...JURISDICTIONS.keys()];

/**
 * The design size: every multilateral and regional instrument with every jurisdiction as a party
 * (synthetic parties, in memory only, never written to the knowledge files).
 */
function scaledKnowledgeBase(): KnowledgeBase {
  const parties = Object.fromEntries(
    Object.entries(files.parties).map(([name, raw]) => {
      const file = raw as PartiesFile;
      const inst = kb.instruments.get(file.instrument);
      if (!inst || inst.kind === "bilateral") return [name, file];
      const synthetic = codes.map((code) => ({
        jurisdiction: code,
        signed: "1999-01-01",
        consent: { kind: "ratification", date: "1999-06-01" },
        inForce: "2000-01-01",
        source: { document: "synthetic benchmark party" },
      }));
      return [name, { ...file, parties: synthetic }];
    }),
  );
  return buildKnowledgeBase({ instruments: files.instruments, parties, bilateral: files.bilateral });
}

function measure(base: KnowledgeBase) {
  // Warm up the JIT on a slice so no run pays it in the measured one; the engine's shared parts are
  // remembered per knowledge base, so the measured run starts from a fresh copy with nothing remembered.
  runMatrix(base, codes.slice(0, 30), resolveBasis);
  runMatrix(base, codes.slice(0, 30), resolveBasisUnindexed);
  runMatrix(scanningKnowledgeBase(base), codes.slice(0, 30), resolveBasisUnindexed);
  const engine = runMatrix({ ...base }, codes, resolveBasis);
  const whole = runMatrix(base, codes, resolveBasisUnindexed);
  const naive = runMatrix(scanningKnowledgeBase(base), codes, resolveBasisUnindexed);
  if (engine.bases !== naive.bases || whole.bases !== naive.bases)
    throw new Error(`the runs disagree: ${engine.bases}, ${whole.bases} and ${naive.bases} bases`);
  return { engine, whole, naive };
}

const real = measure(kb);
const scaledKb = scaledKnowledgeBase();
const scaled = measure(scaledKb);
const scaledParties = [...scaledKb.partyFiles.values()].reduce((n, f) => n + f.parties.length, 0);

const fmt = (n: number) => n.toFixed(3);
type Run = ReturnType<typeof runMatrix>;
const line = (label: string, r: Run) =>
  `| ${label} | ${r.queries} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${(r.totalMs / 1000).toFixed(2)} |`;
const ratio = (label: string, a: Run, b: Run) =>
  `| ${label} | | ${(a.p50 / b.p50).toFixed(2)} | ${(a.p99 / b.p99).toFixed(2)} | | ${(a.totalMs / b.totalMs).toFixed(2)} |`;
const rows = [
  "| run | queries | p50 ms | p99 ms | max ms | total s |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  line("engine, real data", real.engine),
  line("engine computing every answer whole, real data", real.whole),
  line("naive baseline (scan every party list, nothing shared), real data", real.naive),
  ratio("ratio engine / baseline, real data", real.engine, real.naive),
  line(`engine, design size (${scaledParties} parties)`, scaled.engine),
  line("engine computing every answer whole, design size", scaled.whole),
  line("naive baseline, design size", scaled.naive),
  ratio("ratio engine / baseline, design size", scaled.engine, scaled.naive),
];
const context = `${codes.length} jurisdictions, every ordered pair, on ${ON}, all ${MEASURES.length} measures; ${kb.instruments.size} instruments, ${kb.provisions.size} provisions, ${[...kb.partyFiles.values()].reduce((n, f) => n + f.parties.length, 0)} party records; ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
console.log(`bench:basis — ${context}\n`);
console.log(rows.join("\n"));
const speedup = scaled.naive.p50 / scaled.engine.p50;
console.log(
  `\ntargets at design size: p50 < 0.05 ms (${scaled.engine.p50 < 0.05 ? "met" : "MISSED"}), at least 5× the baseline (${speedup.toFixed(1)}×: ${speedup >= 5 ? "met" : "MISSED"}), whole matrix < 5 s (${scaled.engine.totalMs < 5_000 ? "met" : "MISSED"})`,
);

if (process.argv.includes("--write")) {
  const path = new URL("../BENCHMARKS.md", import.meta.url);
  const text = readFileSync(path, "utf8");
  const section = `<!-- bench:basis -->\n${context}, measured ${new Date().toISOString().slice(0, 10)}.\n\n${rows.join("\n")}\n<!-- /bench:basis -->`;
  writeFileSync(path, text.replace(/<!-- bench:basis -->[\s\S]*<!-- \/bench:basis -->/, section));
  console.log("\nBENCHMARKS.md updated.");
}
