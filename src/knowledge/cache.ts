/**
 * The knowledge files, parsed, kept as JSON under dist/ while the YAML is unchanged: parsing the YAML
 * was the largest part of a `rogatory basis` call and a good part of a server's start (about 0.4 s).
 * The cache is keyed by a SHA-256 of the files' names and bytes (and of the installed packages, the
 * YAML parser among them), so an edited file is parsed again; a cache that cannot be read or written
 * is not used, and the files are parsed as before.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import type { KnowledgeFiles } from "../law/knowledge.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** The repository's knowledge folder (as KNOWLEDGE_DIR in load.ts, which this module does not import: it loads the YAML parser). */
const KNOWLEDGE_DIR = join(ROOT, "knowledge");
const CACHE_DIR = join(ROOT, "dist", "knowledge-cache");
const FOLDERS = ["instruments", "parties", "bilateral", "translations"] as const;

function keyOf(dir: string): string {
  const hash = createHash("sha256").update(resolve(dir)).update("\0");
  const lock = join(ROOT, "package-lock.json");
  if (existsSync(lock)) hash.update(readFileSync(lock));
  for (const folder of FOLDERS) {
    const path = join(dir, folder);
    if (!existsSync(path)) continue;
    for (const name of readdirSync(path).sort()) {
      if (!name.endsWith(".yaml")) continue;
      hash.update(`\0${folder}/${name}\0`).update(readFileSync(join(path, name)));
    }
  }
  return hash.digest("hex").slice(0, 32);
}

/** The same files as readKnowledgeFiles(dir), from the cache when the YAML has not changed since it was parsed. */
export async function cachedKnowledgeFiles(dir = KNOWLEDGE_DIR): Promise<KnowledgeFiles> {
  const key = keyOf(dir);
  const file = join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as KnowledgeFiles;
  } catch {
    // Not cached yet (or unreadable): parse the YAML.
  }
  const { readKnowledgeFiles } = await import("./load.js");
  const files = readKnowledgeFiles(dir);
  const text = JSON.stringify(files);
  // Only what JSON gives back unchanged is cached (YAML can hold values JSON cannot).
  if (isDeepStrictEqual(JSON.parse(text), files))
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, text);
      renameSync(partial, file);
      for (const old of readdirSync(CACHE_DIR))
        if (old.endsWith(".json") && old !== `${key}.json`) rmSync(join(CACHE_DIR, old), { force: true });
    } catch {
      // A read-only installation: no cache, the files were parsed.
    }
  return files;
}
