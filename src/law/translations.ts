/**
 * The knowledge base's own English texts (titles, provision summaries, notes, reservation summaries)
 * in the other five UN languages, for the screens (issue 14 §8).
 *
 * These are Rogatory's translations of Rogatory's summaries, not a treaty's official text: official
 * titles live beside the instrument (`titles`, with their source) and win over these. Each language is
 * one file, `knowledge/translations/<language>.yaml`, a list of `{ en, text }` pairs keyed by the
 * English text itself, so that
 *   - a text used in several places (a note shared by two parties) is translated once;
 *   - changing an English text leaves its old translation behind as an orphan and the new text without
 *     one, and `knowledge check` fails on both: a stale translation can never be shown.
 * Legal facts (dates, codes, ids, sources) are not text and are never translated.
 */
import { z } from "zod";
import { TEXT_RULE, isCleanText } from "../validation/schemas.js";
import { NUMBERED_ARTICLE } from "./article-citation.js";
import type { UnLanguage } from "./un-languages.js";
import { type KnowledgeBase, type KnowledgeFiles, KnowledgeError } from "./knowledge.js";

export const TRANSLATED_LANGUAGES = ["fr", "es", "ru", "zh", "ar"] as const satisfies readonly UnLanguage[];
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];

/** The same rule as every text the API takes (no control characters, no lone surrogates). */
const text = z.string().min(1).refine(isCleanText, TEXT_RULE);

export const translationFile = z
  .object({
    language: z.enum(TRANSLATED_LANGUAGES),
    /** Who translated and how far it is reviewed; shown to the reader beside translated law text. */
    status: z.enum(["unreviewed", "reviewed"]),
    translator: z.string().min(3),
    reviewer: z.string().min(3).optional(),
    texts: z.array(z.object({ en: text, text }).strict()),
  })
  .strict();
export type TranslationFile = z.infer<typeof translationFile>;

/** Fields whose values are not prose: codes, ids, dates, sources (document names stay as published). */
const NOT_TEXT = new Set([
  "source",
  "sources",
  "fieldSources",
  "id",
  "jurisdiction",
  "kind",
  "mode",
  "rule",
  "ground",
  "measures",
  "families",
  "languages",
  "channels",
  "items",
  "before",
  "level",
  "displaces",
  "supplements",
  "cooperation",
  "binding",
  "concluded",
  "entryIntoForce",
  "signed",
  "inForce",
  "effective",
  "date",
  "typedAs",
  "titles",
  "flags",
  "type",
  "stands",
  "field",
  "recorded",
  "table",
  "origin",
  "instrument",
  "basis",
  "statusAsOf",
  "complete",
  "participantsInSource",
  "by",
  "state",
  "validTo",
  "withdrawn",
  "consent",
  "means",
  "requires",
  "when",
  "exception",
]);

export interface TranslatableText {
  en: string;
  /** Where it is used: "us-ru-mlat-1999 provisions.summary", "parties/untoc-2000 parties.note". */
  uses: string[];
}

/**
 * Every English text of the knowledge base a screen may show, once each, in a stable order.
 * `language` leaves out the titles that language has officially (they are shown instead).
 */
export function translatableTexts(kb: KnowledgeBase, language?: TranslatedLanguage): TranslatableText[] {
  const found = new Map<string, string[]>();
  const add = (value: string, use: string) => {
    const v = value.trim();
    // One word is a code or a name, not prose — except a title ("UNTOC" reads "КТОП ООН" in Russian) or
    // an article's label ("Comity").
    // Articles cited by number are written by the screens.
    const title = / (title|shortTitle|provisions\.article)$/.test(use);
    if ((!title && !/\p{L}{2,}\s+\p{L}/u.test(v)) || !/\p{L}/u.test(v) || NUMBERED_ARTICLE.test(v)) return;
    const uses = found.get(v) ?? [];
    if (!uses.includes(use)) uses.push(use);
    found.set(v, uses);
  };
  const walk = (value: unknown, path: string, where: string) => {
    if (typeof value === "string") {
      add(value, `${where} ${path}`);
      // The warnings list an `unverified` note's "; "-separated parts one by one (src/law/warnings.ts).
      if (path === "provisions.unverified" && value.includes("; "))
        for (const part of value.split("; ")) add(part, `${where} ${path} (part)`);
    } else if (Array.isArray(value)) for (const v of value) walk(v, path, where);
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) if (!NOT_TEXT.has(k)) walk(v, path ? `${path}.${k}` : k, where);
  };
  for (const inst of kb.instrumentList) {
    const official = language ? inst.titles?.[language] : undefined;
    walk(official ? { ...inst, title: undefined } : inst, "", inst.id);
  }
  for (const [id, file] of kb.partyFiles) walk(file, "", `parties/${id}`);
  return [...found].map(([en, uses]) => ({ en, uses })).sort((a, b) => a.en.localeCompare(b.en, "en"));
}

export interface TranslationProblems {
  language: TranslatedLanguage;
  /** English texts with no translation. */
  missing: string[];
  /** Translations of English texts the knowledge base no longer has (changed or removed). */
  orphans: string[];
  /** English texts translated twice. */
  duplicates: string[];
}

/** What is wrong with one language's file against the knowledge base. */
export function checkTranslations(kb: KnowledgeBase, file: TranslationFile): TranslationProblems {
  const wanted = new Set(translatableTexts(kb, file.language).map((t) => t.en));
  const all = new Set(translatableTexts(kb).map((t) => t.en));
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const { en } of file.texts) {
    if (seen.has(en)) duplicates.push(en);
    seen.add(en);
  }
  return {
    language: file.language,
    missing: [...wanted].filter((en) => !seen.has(en)),
    // An official title's translation is allowed (it is simply not shown), hence `all`.
    orphans: [...seen].filter((en) => !all.has(en)),
    duplicates,
  };
}

/** One language's translations as served to the screens: English text → translation. */
export function translationMap(file: TranslationFile): Record<string, string> {
  return Object.fromEntries(file.texts.map((t) => [t.en, t.text]));
}

/**
 * The translation files, validated, by language. A file that breaks the schema stops the start like any
 * other invalid knowledge file; missing or orphaned texts do not (the screen shows the English, marked)
 * but fail `rogatory knowledge check`, which CI runs.
 */
export function parseTranslations(files: KnowledgeFiles): Map<TranslatedLanguage, TranslationFile> {
  const out = new Map<TranslatedLanguage, TranslationFile>();
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(files.translations ?? {})) {
    const r = translationFile.safeParse(raw);
    if (!r.success) {
      for (const i of r.error.issues.slice(0, 10)) problems.push(`${name}: ${i.path.join(".") || "(file)"}: ${i.message}`);
      continue;
    }
    if (!name.endsWith(`/${r.data.language}.yaml`))
      problems.push(`${name}: language is "${r.data.language}"; the file must be named ${r.data.language}.yaml`);
    out.set(r.data.language, r.data);
  }
  if (problems.length > 0) throw new KnowledgeError(problems);
  return out;
}
