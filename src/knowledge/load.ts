/** Reads knowledge/*.yaml from disk (the only I/O of the law) and builds the validated knowledge base. */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type KnowledgeBase, type KnowledgeFiles, buildKnowledgeBase } from "../law/knowledge.js";

/** The repository's knowledge folder. */
export const KNOWLEDGE_DIR = resolve(fileURLToPath(new URL("../../knowledge", import.meta.url)));

/** Every YAML file of a folder, parsed, by "<folder>/<name>", in name order. */
export function readYamlDir(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".yaml")) continue;
    const path = join(dir, name);
    // Dates stay strings: the schema checks them, and YAML's own date type would shift time zones.
    out[`${dir.split("/").pop()}/${name}`] = parse(readFileSync(path, "utf8"), { schema: "core" });
  }
  return out;
}

/** The raw files, for sending to the browser or hashing. */
export function readKnowledgeFiles(dir = KNOWLEDGE_DIR): KnowledgeFiles {
  return {
    instruments: readYamlDir(join(dir, "instruments")),
    parties: readYamlDir(join(dir, "parties")),
    bilateral: readYamlDir(join(dir, "bilateral")),
    translations: readYamlDir(join(dir, "translations")),
  };
}

/** Reads and validates the knowledge base; throws KnowledgeError listing every problem. */
export function loadKnowledge(dir = KNOWLEDGE_DIR): KnowledgeBase {
  return buildKnowledgeBase(readKnowledgeFiles(dir));
}
