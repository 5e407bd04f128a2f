/**
 * The law's own English texts (titles, summaries, notes, citations) in the reader's language, from the
 * knowledge base's translation files (src/law/translations.ts), without React, so a unit test can check it.
 *
 * A text is translated when the file has it word for word. Citations are built by the engine as
 * "<short title>, <article>" ("UNTOC, Art. 18(8)"), and several are joined with "; ": those are taken
 * apart, the short title translated from the file and the article written with the language's word for
 * "article". Anything that cannot be translated whole is not translated at all (null), so the screen
 * shows the English, marked as English, rather than a sentence half in one language.
 */

import { NUMBERED_ARTICLE } from "../../src/law/article-citation";

export interface LawTexts {
  language: string;
  /** English text → translation. */
  texts: Readonly<Record<string, string>>;
}

/** How each language writes "Art. 18(8)" and "Arts. 5, 6": the word before the number, or Chinese's 第…条. */
const ARTICLE_WORDS: Record<string, { one: string; many: string }> = {
  fr: { one: "art.", many: "art." },
  es: { one: "art.", many: "arts." },
  ru: { one: "ст.", many: "ст." },
  ar: { one: "المادة", many: "المواد" },
};

/** Chinese: 第18条第8款, 第46条第9款(b)项, 第57条第1–3款; null when the reference is in another shape. */
function chineseArticle(number: string): string | null {
  const m = /^(\d+)(?:\((\d+)\)(?:–\((\d+)\))?)?(?:\(([a-z])\))?$/.exec(number);
  if (!m) return null;
  const [, article, paragraph, to, letter] = m;
  const para = paragraph ? `第${paragraph}${to ? `–${to}` : ""}款` : "";
  return `第${article}条${para}${letter ? `(${letter})项` : ""}`;
}

/** An article cited by number, in the reader's language; null when not one. */
export function articleIn(language: string, english: string): string | null {
  const m = NUMBERED_ARTICLE.exec(english.trim());
  if (!m) return null;
  const [, word, number = ""] = m;
  if (language === "zh") return word === "Art" ? chineseArticle(number) : null;
  const words = ARTICLE_WORDS[language];
  if (!words) return null;
  return `${word === "Arts" ? words.many : words.one} ${number}`;
}

/** Between a citation's instrument and its article. */
const CITE_JOIN: Record<string, string> = { zh: "，", ar: "، " };

/** The translator for one language: English → the reader's language, or null to show the English. */
export function lawTranslator(law: LawTexts): (english: string) => string | null {
  const { language, texts } = law;
  if (language === "en") return () => null;
  // The engine quotes a note inside its own sentence without the note's closing full stop.
  const unstopped = (s: string): string | null => {
    const withStop = texts[`${s}.`];
    return withStop === undefined ? null : withStop.replace(/[.。]$/u, "");
  };
  const exact = (s: string): string | null => texts[s] ?? unstopped(s) ?? articleIn(language, s);
  const one = (s: string): string | null => {
    const found = exact(s);
    if (found !== null) return found;
    // "<short title>, <article>": the title is everything before the last ", " whose rest translates.
    for (let at = s.indexOf(", "); at > 0; at = s.indexOf(", ", at + 1)) {
      const title = texts[s.slice(0, at)];
      const article = title === undefined ? null : exact(s.slice(at + 2));
      if (title !== undefined && article !== null) return `${title}${CITE_JOIN[language] ?? ", "}${article}`;
    }
    return null;
  };
  /** Parts joined by `by` (several citations with "; ", a list of short titles with ", "), each translated whole. */
  const joined = (english: string, by: string, join: string): string | null => {
    if (!english.includes(by)) return null;
    const parts = english.split(by).map(one);
    return parts.every((p) => p !== null) ? parts.join(join) : null;
  };
  const comma = language === "zh" ? "、" : language === "ar" ? "، " : ", ";
  return (english) => one(english) ?? joined(english, "; ", language === "zh" ? "；" : "; ") ?? joined(english, ", ", comma);
}
