/**
 * npm run bench:cli — how long the `rogatory` command and the server take to start, against `node -e 0`
 * (Node's own start) measured in the same run, interleaved round by round so a busy machine weighs on
 * all alike. Compared: the CLI's JavaScript build (bin/rogatory.mjs, as installed) and the same CLI
 * compiled by tsx at every call (as before the build); the server from its build (`npm start`, web app
 * already built) and from its sources through tsx. Wall time and CPU time (user + system, from
 * /usr/bin/time) per run; medians. `--write` records the figures in BENCHMARKS.md.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { ROOT, nodeBuild } from "../bin/build.mjs";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const START_ROUNDS = Number(process.env.BENCH_START_ROUNDS ?? 3);
const BASIS = ["basis", "--from", "US", "--to", "RU", "--on", "2024-01-01"];

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** Runs a command to its end under /usr/bin/time; its wall and CPU time. */
function timed(args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%U %S", ...args], { cwd: ROOT, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const [user, system] = (r.stderr.trim().split("\n").pop() ?? "0 0").split(" ").map(Number);
  return { wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 };
}

/** Starts a server and measures until it says it is running; then stops it (SIGINT). */
function timedStart(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn("/usr/bin/time", ["-f", "%U %S", ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    let wallMs = 0;
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (!wallMs && out.includes("is running")) {
        wallMs = performance.now() - t0;
        // The time to be ready, not the shutdown: the CPU figure includes the stop (small), the wall figure not.
        spawnSync("pkill", ["-INT", "-P", String(child.pid)]);
      }
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("exit", () => {
      if (!wallMs) return reject(new Error(`${args.join(" ")} did not start: ${out}${err}`));
      const [user, system] = (err.trim().split("\n").pop() ?? "0 0").split(" ").map(Number);
      resolve({ wallMs, cpuMs: ((user ?? 0) + (system ?? 0)) * 1000 });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// Warm: the builds and the knowledge cache made once before measuring (as after the first call).
await nodeBuild("cli");
await nodeBuild("server");
timed(["node", "bin/rogatory.mjs", ...BASIS]);

const cli: Record<string, Run[]> = { node: [], build: [], tsx: [] };
for (let i = 0; i < ROUNDS; i++) {
  cli.node?.push(timed(["node", "-e", "0"]));
  cli.build?.push(timed(["node", "bin/rogatory.mjs", ...BASIS]));
  cli.tsx?.push(timed(["node", "--import", "tsx", "src/cli/main.ts", ...BASIS]));
}

const dataDir = mkdtempSync(join(os.tmpdir(), "rogatory-bench-cli-"));
const env = { ROGATORY_DATA_DIR: dataDir, PORT: String(3190 + (process.pid % 9)), LOG_LEVEL: "warn" };
const start: Record<string, Run[]> = { node: [], build: [], tsx: [] };
try {
  // The first start creates the database and loads the reference data: not measured.
  await timedStart(["node", "bin/start.mjs"], env);
  for (let i = 0; i < START_ROUNDS; i++) {
    start.node?.push(timed(["node", "-e", "0"]));
    start.build?.push(await timedStart(["node", "bin/start.mjs"], env));
    start.tsx?.push(await timedStart(["node", "--import", "tsx", "src/server/main.ts"], env));
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const row = (label: string, runs: Run[], base: Run[]) => {
  const w = median(runs.map((r) => r.wallMs));
  const c = median(runs.map((r) => r.cpuMs));
  const bw = median(base.map((r) => r.wallMs));
  const bc = median(base.map((r) => r.cpuMs));
  return `| ${label} | ${runs.length} | ${Math.round(w)} | ${(w / bw).toFixed(1)} | ${Math.round(c)} | ${(c / bc).toFixed(1)} |`;
};
const rows = [
  "| run | runs | wall ms (median) | × node -e 0 | CPU ms (median) | × node -e 0 |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  row("node -e 0", cli.node ?? [], cli.node ?? []),
  row("rogatory basis (JavaScript build)", cli.build ?? [], cli.node ?? []),
  row("rogatory basis through tsx (before)", cli.tsx ?? [], cli.node ?? []),
  row("server ready, npm start (build, warm)", start.build ?? [], start.node ?? []),
  row("server ready, through tsx (before, without the web build)", start.tsx ?? [], start.node ?? []),
];
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(", ");
const context = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average at the end ${load}`;
console.log(`bench:cli — ${context}\n`);
console.log(rows.join("\n"));

if (process.argv.includes("--write")) {
  const path = new URL("../BENCHMARKS.md", import.meta.url);
  const text = readFileSync(path, "utf8");
  const section = `<!-- bench:cli -->\n${context}, measured ${new Date().toISOString().slice(0, 10)}.\n\n${rows.join("\n")}\n<!-- /bench:cli -->`;
  writeFileSync(path, text.replace(/<!-- bench:cli -->[\s\S]*<!-- \/bench:cli -->/, section));
  console.log("\nBENCHMARKS.md updated.");
}
