/** Runs the `rogatory` command in-process, as the tests of its commands do, and collects what it printed. */
import { run } from "../../src/cli/main.js";

/** The exit code and the standard output and error of one run of the CLI. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}
