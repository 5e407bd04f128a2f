/**
 * Builds that are redone only when their sources changed, so `rogatory` and `npm start` start quickly:
 *
 * - the server and the CLI as JavaScript (esbuild), because compiling the TypeScript at every start
 *   (tsx) cost seconds per call;
 * - the web app (Vite), which `npm start` used to rebuild at every start.
 *
 * Each build leaves a stamp: the list of source files it was made from and a SHA-256 over their paths
 * and contents. A build is current while the files it lists hash to the same value; a changed file
 * changes the hash, and a new file is only reached through an import, that is through a changed file.
 * Plain JavaScript (no TypeScript), as it runs before anything is compiled.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Changing how the bundles are made (below) must rebuild them: this file is part of every node stamp. */
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

/** SHA-256 over the files' paths (relative to the root) and contents; null when one cannot be read. */
export function fingerprint(files) {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    let bytes;
    try {
      bytes = readFileSync(join(ROOT, file));
    } catch {
      return null;
    }
    hash.update(file).update("\0").update(bytes).update("\0");
  }
  return hash.digest("hex");
}

function readStamp(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/** Whether the stamp at `path` exists and its files still hash to its fingerprint. */
export function stampIsCurrent(path) {
  const stamp = readStamp(path);
  return stamp !== null && Array.isArray(stamp.files) && stamp.fingerprint === fingerprint(stamp.files);
}

/** Writes a stamp for these files (paths relative to the root); written whole or not at all. */
export function writeStamp(path, files, extra = {}) {
  const list = [...new Set(files)].sort();
  writeAtomically(path, `${JSON.stringify({ ...extra, fingerprint: fingerprint(list), files: list }, null, 2)}\n`);
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

// The JavaScript builds live in dist/node-<fingerprint>/, two folders below the root as the sources
// are (src/<area>/<file>.ts): the paths the sources take relative to their own file (../../knowledge,
// ../../assets/fonts, ../../web/dist) then hold in the build as well. A new build goes to a new
// folder, so a process running the previous one still finds the chunks it loads late.
const DIST = join(ROOT, "dist");
const NODE_STAMP = join(DIST, "node.json");
const ENTRIES = { cli: "src/cli/main.ts", server: "src/server/main.ts" };
/** Earlier builds kept besides the current one (for processes still running them). */
const KEEP_EARLIER = 2;

/**
 * The path of the JavaScript build of `entry` ("cli" or "server"), rebuilt first if a source changed.
 * Packages stay in node_modules (imported as they are); each `import()` in the sources becomes a chunk
 * of its own, loaded only when the code reaches it, so a command loads only the modules it uses.
 */
export async function nodeBuild(entry) {
  const current = readStamp(NODE_STAMP);
  if (current?.dir && stampIsCurrent(NODE_STAMP)) return join(DIST, current.dir, `${entry}.mjs`);
  const { build } = await import("esbuild");
  const staging = `node-build-${process.pid}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: join(DIST, staging),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.19",
    packages: "external",
    // Class and function names as written: error classes and fastify plugins are told apart by them.
    keepNames: true,
    sourcemap: "linked",
    metafile: true,
    logLevel: "error",
  });
  const files = [...Object.keys(result.metafile.inputs), "package.json", "tsconfig.json", THIS_FILE];
  const dir = `node-${fingerprint(files)?.slice(0, 16)}`;
  // Another process may have made the same build meanwhile: then its folder is kept and ours removed.
  try {
    renameSync(join(DIST, staging), join(DIST, dir));
  } catch {
    rmSync(join(DIST, staging), { recursive: true, force: true });
  }
  writeStamp(NODE_STAMP, files, { dir });
  removeEarlierBuilds(dir);
  return join(DIST, dir, `${entry}.mjs`);
}

/** Removes all but the newest few earlier builds; a staging folder of a build still running is left alone. */
function removeEarlierBuilds(keep) {
  const earlier = readdirSync(DIST)
    .filter((name) => name.startsWith("node-") && name !== keep && !name.startsWith("node-build-"))
    .map((name) => ({ name, at: statSync(join(DIST, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of earlier.slice(KEEP_EARLIER)) rmSync(join(DIST, name), { recursive: true, force: true });
}

/** The web app's stamp, written by the Vite build (web/vite.config.ts) beside what it built. */
export const WEB_STAMP = join(ROOT, "web", "dist", ".sources.json");

/** Whether web/dist was built from the web sources as they are now. */
export function webBuildIsCurrent() {
  return stampIsCurrent(WEB_STAMP);
}

// `node bin/build.mjs`, npm's `prepare` after every install: the JavaScript build is made then, so
// the first `rogatory` call or start after an install does not wait for it.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await nodeBuild("cli");
