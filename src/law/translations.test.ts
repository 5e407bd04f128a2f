/**
 * The knowledge base's texts in the other UN languages (src/law/translations.ts, issue 14 §8): every
 * text a screen may show has a translation in each language, no translation outlives the English it
 * translates, and the files are clean text.
 */
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { type KnowledgeFiles, buildKnowledgeBase, KnowledgeError } from "./knowledge.js";
import { TRANSLATED_LANGUAGES, checkTranslations, parseTranslations, translatableTexts, translationMap } from "./translations.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const translations = parseTranslations(files);

describe("the knowledge base in six languages", () => {
  for (const language of TRANSLATED_LANGUAGES)
    it(`${language}: every text is translated, once, and nothing else`, () => {
      const file = translations.get(language);
      expect(file, `knowledge/translations/${language}.yaml`).toBeDefined();
      const p = file ? checkTranslations(kb, file) : null;
      expect(p?.missing).toEqual([]);
      expect(p?.orphans).toEqual([]);
      expect(p?.duplicates).toEqual([]);
    });

  it("asks for provision summaries, notes and descriptive article labels, not sources, codes or numbered articles", () => {
    const texts = new Map(translatableTexts(kb).map((t) => [t.en, t.uses]));
    const untoc = kb.instruments.get("untoc-2000");
    const bankSecrecy = kb.provisions.get("untoc-2000:art-18-8");
    expect(bankSecrecy && texts.get(bankSecrecy.summary)).toContain("untoc-2000 provisions.summary");
    expect(untoc && texts.has(untoc.title)).toBe(true);
    // UNTOC art. 18(8) is cited "Art. 18(8)": the screens write that in each language themselves.
    expect(bankSecrecy && texts.has(bankSecrecy.article)).toBe(false);
    // The US–Russia MLAT's articles are named by their rule, not checked by number: those are labels to translate.
    expect(texts.has("Denial of assistance: consultation")).toBe(true);
    expect(untoc?.source.document && texts.has(untoc.source.document)).toBe(false);
  });

  it("does not ask for a title where the language has the official one (UNTOC in Russian)", () => {
    const untoc = kb.instruments.get("untoc-2000");
    expect(untoc?.titles?.ru).toBeDefined();
    expect(translatableTexts(kb, "ru").some((t) => t.en === untoc?.title)).toBe(false);
    expect(translatableTexts(kb, "ru").some((t) => t.en === untoc?.shortTitle)).toBe(true);
  });

  it("a changed English text loses its translation: the old one is an orphan, the new one is missing", () => {
    const file = translations.get("ru");
    if (!file) throw new Error("no Russian file");
    // UNTOC art. 18(3): the forms of assistance, a summary used nowhere else.
    const forms = kb.provisions.get("untoc-2000:art-18-3");
    if (!forms) throw new Error("no UNTOC art. 18(3)");
    expect(translatableTexts(kb).find((t) => t.en === forms.summary)?.uses).toHaveLength(1);
    const changed = structuredClone(files) as KnowledgeFiles;
    const untocFile = changed.instruments["instruments/untoc-2000.yaml"] as { provisions: { id: string; summary: string }[] };
    const p = untocFile.provisions.find((x) => x.id === forms.id);
    if (!p) throw new Error("no provision in the file");
    p.summary = `${p.summary} (Edited.)`;
    const problems = checkTranslations(buildKnowledgeBase(changed), file);
    expect(problems.missing).toEqual([p.summary]);
    expect(problems.orphans).toEqual([forms.summary]);
    // The server would show the English of the edited text: the map has no entry for it.
    expect(translationMap(file)[p.summary]).toBeUndefined();
  });

  it("refuses a file that is not clean text or is named for another language", () => {
    const bad = (name: string, content: unknown) => () =>
      parseTranslations({ instruments: {}, parties: {}, translations: { [name]: content } });
    const ok = { language: "fr", status: "unreviewed", translator: "someone", texts: [{ en: "A text.", text: "Un texte." }] };
    expect(bad("translations/fr.yaml", ok)).not.toThrow();
    expect(bad("translations/es.yaml", ok)).toThrow(/must be named fr\.yaml/);
    expect(bad("translations/fr.yaml", { ...ok, texts: [{ en: "A text.", text: "Un\u0000texte." }] })).toThrow(KnowledgeError);
    expect(bad("translations/fr.yaml", { ...ok, language: "de" })).toThrow(/language/);
  });
});
