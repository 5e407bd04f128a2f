/**
 * axe-core (Deque's accessibility rules engine) run inside a Chromium page. The script is evaluated
 * through the DevTools protocol, so the page's Content-Security-Policy (no inline scripts) does not
 * stop it, and nothing is added to what the server sends.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One broken rule: its id, how serious axe says it is, and where (CSS selectors of the elements). */
export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The violations axe finds on the page as it is now, of the given impacts (default: critical and serious). */
export async function axeFindings(page: Page, impacts: readonly string[] = ["critical", "serious"]): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected above, without types in the page.
    const result = await (window as any).axe.run(document, { resultTypes: ["violations"] });
    return (result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]).map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
  return found.filter((f) => impacts.includes(f.impact));
}

/** A short text of the findings, for a test's failure message. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `${f.impact} ${f.rule} (${f.help}): ${f.targets.slice(0, 40).join(", ")}${f.targets.length > 40 ? ", …" : ""}`)
    .join("\n");
}
