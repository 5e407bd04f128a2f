/**
 * npm run bench:drafting — renders BENCH_DOCUMENTS (default 1,000) requests to Word and to PDF, each
 * from its draft content (the law it relies on, the document model, the file), with a progress bar;
 * reports p50/p99 per document beside the floor measured in the same run: writing the same bytes to
 * disk. The requests vary: each of the six languages in turn, every sixth bilingual, references and
 * facts of different lengths. Target: under 100 ms per document for either format. `-- --write`
 * replaces the section in BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { DOCUMENT_LANGUAGES, type DraftContent, draftContentSchema } from "../src/drafting/draft.js";
import { renderContent } from "../src/drafting/drafts.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";

const N = Number(process.env.BENCH_DOCUMENTS ?? 1000);
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const base = draftContentSchema.parse(JSON.parse(readFileSync(new URL("../test/fixtures/draft-us-ru-2018.json", import.meta.url), "utf8")));
const dir = mkdtempSync(join(tmpdir(), "rogatory-bench-drafting-"));

/** The i-th request of the run: another language, reference, length of facts and, every sixth, a second language. */
function request(i: number): { content: DraftContent; second: (typeof DOCUMENT_LANGUAGES)[number] | null } {
  const lang = DOCUMENT_LANGUAGES[i % DOCUMENT_LANGUAGES.length] ?? "en";
  const content: DraftContent = {
    ...base,
    language: lang,
    ourReference: `BENCH-${String(i).padStart(5, "0")}`,
    facts: `${base.facts} ${"The payments were traced through several exchanges. ".repeat(1 + (i % 12))}Item ${i}.`,
  };
  const second = i % 6 === 5 ? (lang === "en" ? "fr" : "en") : null;
  return { content, second };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

function bar(label: string, done: number) {
  const width = 30;
  const filled = Math.round((done / N) * width);
  process.stderr.write(`\r  ${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done} / ${N}   `);
}

// Warm-up: parse the fonts and compile the hot paths once, as a running server would have.
for (let i = 0; i < 12; i++) {
  const { content, second } = request(i);
  await renderContent({ kb, files }, content, { format: "pdf", second });
  await renderContent({ kb, files }, content, { format: "docx", second });
}

const results: Record<"docx" | "pdf", { render: number[]; copy: number[]; bytes: number }> = {
  docx: { render: [], copy: [], bytes: 0 },
  pdf: { render: [], copy: [], bytes: 0 },
};
for (const format of ["docx", "pdf"] as const) {
  for (let i = 0; i < N; i++) {
    const { content, second } = request(i);
    const t0 = performance.now();
    const file = await renderContent({ kb, files }, content, { format, second });
    const t1 = performance.now();
    writeFileSync(join(dir, `copy.${format}`), file.bytes);
    const t2 = performance.now();
    results[format].render.push(t1 - t0);
    results[format].copy.push(t2 - t1);
    results[format].bytes += file.bytes.length;
    if (i % 25 === 0 || i === N - 1) bar(format.padEnd(4), i + 1);
  }
  process.stderr.write("\n");
}
rmSync(dir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(2);
const row = (format: "docx" | "pdf", name: string) => {
  const r = results[format];
  const p50 = quantile(r.render, 0.5);
  const p99 = quantile(r.render, 0.99);
  const c50 = quantile(r.copy, 0.5);
  const c99 = quantile(r.copy, 0.99);
  return `| ${name} | ${f(p50)} | ${f(p99)} | ${f(c50)} | ${f(c99)} | ${Math.round(r.bytes / N / 1024)} KB | ${p99 < 100 ? "yes" : "**no**"} |`;
};
const text = [
  `${N.toLocaleString("en")} requests per format (seed 000 varied: six languages in turn, every sixth bilingual, facts of 1–12 extra sentences); ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| format | p50 ms | p99 ms | floor: write the same bytes, p50 ms | floor p99 ms | mean size | p99 < 100 ms |",
  "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
  row("docx", "Word (.docx): law, document model, file"),
  row("pdf", "PDF: law, document model, layout, shaping, font subsets"),
].join("\n");
console.log(text);
if (process.argv.includes("--write")) {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const md = readFileSync(file, "utf8");
  const start = "<!-- bench:drafting -->";
  const end = "<!-- /bench:drafting -->";
  const block = `${start}\n${text}\n${end}`;
  writeFileSync(file, md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`);
}
