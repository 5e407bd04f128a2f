/**
 * The screens' words in six languages (issue 14 §8): CI fails when a key is missing in any language,
 * when a translation drops or invents a {{placeholder}}, when a count lacks a plural form its language
 * needs (Russian has four, Arabic six), or when the code asks for a key English does not have.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UI_LANGUAGES } from "../web/src/i18n/languages.js";

const web = fileURLToPath(new URL("../web/src/", import.meta.url));
const locales = join(web, "i18n", "locales");
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Words = { [key: string]: string | Words };

function flatten(words: Words, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(words)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function load(language: string, namespace: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(join(locales, language, `${namespace}.json`), "utf8")) as Words);
}

const namespaces = readdirSync(join(locales, "en"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""));

/** The keys without their plural endings: "cases_one" and "cases_other" are the one key "cases". */
function baseKeys(words: Map<string, string>): Set<string> {
  return new Set([...words.keys()].map((k) => k.replace(PLURAL, "")));
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === "locales" ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("the screens' words", () => {
  it("exist as a namespace in every language", () => {
    expect(namespaces).toContain("common");
    for (const language of UI_LANGUAGES)
      expect(readdirSync(join(locales, language)).sort(), language).toEqual(namespaces.map((n) => `${n}.json`).sort());
  });

  for (const namespace of namespaces) {
    it(`${namespace}: every language has every key, the same placeholders and its plural forms`, () => {
      const english = load("en", namespace);
      const wanted = baseKeys(english);
      for (const language of UI_LANGUAGES) {
        const words = load(language, namespace);
        const have = baseKeys(words);
        expect(
          [...wanted].filter((k) => !have.has(k)),
          `missing in ${language}/${namespace}`,
        ).toEqual([]);
        expect(
          [...have].filter((k) => !wanted.has(k)),
          `not in English, in ${language}/${namespace}`,
        ).toEqual([]);
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        for (const key of have) {
          const forms = [...words.keys()].filter((k) => k.replace(PLURAL, "") === key && PLURAL.test(k));
          const englishForms = [...english.keys()].filter((k) => k.replace(PLURAL, "") === key && PLURAL.test(k));
          if (englishForms.length === 0) {
            expect(forms, `${language}/${namespace}: ${key} is not a count in English`).toEqual([]);
            continue;
          }
          for (const c of categories) expect(words.has(`${key}_${c}`), `${language}/${namespace}: ${key}_${c}`).toBe(true);
        }
        for (const [key, value] of words) {
          expect(value.trim(), `${language}/${namespace}: ${key} is empty`).not.toBe("");
          const englishValue = english.get(key) ?? english.get(`${key.replace(PLURAL, "")}_other`) ?? "";
          // A plural form may leave the count out ("one case" in words), never bring in another name.
          const extra = placeholders(value).filter((p) => !placeholders(englishValue).includes(p) && p !== "count");
          expect(extra, `${language}/${namespace}: ${key} has placeholders English does not`).toEqual([]);
          if (!PLURAL.test(key))
            expect(placeholders(value), `${language}/${namespace}: ${key}'s placeholders`).toEqual(placeholders(englishValue));
        }
      }
    });
  }

  it("cover every key the code asks for", () => {
    const english = new Map(namespaces.map((n) => [n, baseKeys(load("en", n))]));
    const missing: string[] = [];
    for (const file of sourceFiles(web)) {
      const src = readFileSync(file, "utf8");
      const declared = [...src.matchAll(/useTranslation\(\s*"([\w-]+)"/g)].map((m) => m[1] ?? "common");
      const namespace = declared[0] ?? "common";
      for (const m of src.matchAll(/\bt\(\s*"([^"]+)"/g)) {
        const raw = m[1] ?? "";
        const [ns, key] = raw.includes(":") ? (raw.split(":", 2) as [string, string]) : [namespace, raw];
        if (!english.get(ns)?.has(key)) missing.push(`${file.slice(web.length)}: ${ns}:${key}`);
      }
      for (const m of src.matchAll(/i18nKey="([^"]+)"/g)) {
        const raw = m[1] ?? "";
        const [ns, key] = raw.includes(":") ? (raw.split(":", 2) as [string, string]) : [namespace, raw];
        if (!english.get(ns)?.has(key)) missing.push(`${file.slice(web.length)}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
