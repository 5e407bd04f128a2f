#!/usr/bin/env node
// `npm start`: builds the web app only when its sources changed (see build.mjs), then runs the
// server's JavaScript build, itself rebuilt only when a server source changed.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, nodeBuild, webBuildIsCurrent } from "./build.mjs";

if (!webBuildIsCurrent()) {
  let vite;
  try {
    vite = await import("vite");
  } catch {
    // An install without the development packages: serve the web app as built, if it was.
    if (!existsSync(join(ROOT, "web", "dist", "index.html"))) {
      console.error(
        "The web app is not built and Vite is not installed: run `npm install` (with its development packages), then start again.",
      );
      process.exit(1);
    }
  }
  if (vite) {
    console.log("Building the web app (its sources changed)…");
    await vite.build({ configFile: join(ROOT, "web", "vite.config.ts"), logLevel: "warn" });
  }
}
let server;
try {
  server = pathToFileURL(await nodeBuild("server")).href;
} catch (err) {
  // A read-only install: the sources run through tsx, as they did before there was a build.
  console.error(`Running the server from its sources (no build: ${err instanceof Error ? err.message : String(err)})`);
  const { register } = await import("tsx/esm/api");
  register();
  server = pathToFileURL(join(ROOT, "src", "server", "main.ts")).href;
}
await import(server);
