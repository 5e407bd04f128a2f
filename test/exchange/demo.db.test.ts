/**
 * `npm run demo:exchange -- --json` (issue 13 §4): the demo starts two nodes as separate server
 * processes on their own PGlite directories, pairs them by fingerprint, carries the seed-000
 * conversation (request, acknowledgement, query, reply, decision, execution report, evidence) and
 * exits 0 only when both nodes agree message by message. Run as a user would, as a child process.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Side } from "../../scripts/exchange-agreement.js";

const ROOT = resolve(import.meta.dirname, "../..");

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo-exchange.ts", "--json"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.once("exit", (code) => res({ code, stdout, stderr }));
  });
}

describe("npm run demo:exchange -- --json", () => {
  it("carries the seed-000 conversation between two server processes and exits 0 with both sides agreeing", async () => {
    const run = await runDemo();
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const out = JSON.parse(run.stdout) as { agree: boolean; firstDifference: string | null; sides: Side[] };
    expect(out.agree).toBe(true);
    expect(out.firstDifference).toBeNull();
    const [us, ru] = out.sides as [Side, Side];
    expect([us.jurisdiction, ru.jurisdiction]).toEqual(["US", "RU"]);
    // Progress went to stderr while it happened: pairing by fingerprint, then each step of the conversation.
    expect(run.stderr).toContain(`US: partner RU added by fingerprint ${ru.fingerprint}`);
    expect(run.stderr).toContain(`RU: partner US added by fingerprint ${us.fingerprint}`);
    const kinds = ["request", "acknowledgement", "query", "reply", "decision", "execution_report", "evidence"];
    expect(us.messages.map((m) => m.kind)).toEqual(kinds);
    // The same messages, in the same order, on both sides: ids, hashes and chain.
    expect(ru.messages.map((m) => [m.id, m.hash, m.prev])).toEqual(us.messages.map((m) => [m.id, m.hash, m.prev]));
    expect(us.head).toBe(ru.head);
    expect(us.messages.map((m) => m.direction)).toEqual(["out", "in", "in", "out", "in", "in", "in"]);
    for (const s of [us, ru]) {
      expect(s.auditChain?.ok).toBe(true);
      for (const m of s.messages) expect(m.receipts.some((r) => r.kind === "accepted")).toBe(true);
    }
    // Each side's reference recorded by the other; the cases where the conversation leaves them.
    expect(us.case.theirReference).toBe(ru.case.reference);
    expect(ru.case.theirReference).toBe(us.case.reference);
    expect(us.case.state).toBe("evidence_received");
    expect(ru.case.state).toBe("evidence_returned");
  }, 240_000);
});
