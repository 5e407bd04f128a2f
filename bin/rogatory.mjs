#!/usr/bin/env node
// The `rogatory` command. It runs the CLI's JavaScript build (dist/node-*/cli.mjs, see build.mjs),
// made again first when a source changed: compiling the TypeScript at every call took seconds. Where
// the build cannot be written (a read-only install), the sources run through tsx as before.
import { pathToFileURL } from "node:url";
import { nodeBuild } from "./build.mjs";

let cli;
try {
  cli = pathToFileURL(await nodeBuild("cli")).href;
} catch (err) {
  process.stderr.write(`rogatory: running from the sources (no build: ${err instanceof Error ? err.message : String(err)})\n`);
  const { register } = await import("tsx/esm/api");
  register();
  cli = new URL("../src/cli/main.ts", import.meta.url).href;
}
const { run } = await import(cli);
process.exitCode = await run(process.argv.slice(2));
