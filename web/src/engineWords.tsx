/**
 * The basis engine's sentences in the reader's language (issue 14 §8). The engine writes English and,
 * beside it, a descriptor (src/law/words.ts); in English the screen shows the engine's own sentence, as
 * the CLI and the API do; in another language it words the descriptor through the `engine` namespace:
 * measures in the measure words of the request documents, states by name, dates and lists as the
 * language writes them. The law's data in it (instrument titles, citations, notes of the knowledge files)
 * stays English, marked lang="en".
 */
import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Measure } from "../../src/law/codes";
import type { KnowledgeBase } from "../../src/law/knowledge";
import { MEASURE_WORDS } from "../../src/law/measure-words";
import { PARAM_KINDS, type Words } from "../../src/law/words";
import { ENGLISH_SLOT, En } from "./components/English";
import { type WordsContext, wordsParts } from "./engineWordsCore";
import { formatDate, longDate, locale, regionName } from "./format";
import { currentLanguage, i18next } from "./i18n";
import { offenceLabel } from "./labels";

// Asked for as soon as a page shows the engine's sentences, so they are rarely shown in English first.
void i18next.loadNamespaces("engine");

/** A measure inside a sentence: its words, without the capital they have on their own ("audition de témoins"). */
function measureInSentence(words: string): string {
  const [first = "", second = ""] = [...words];
  return second && second === second.toLocaleUpperCase() && second !== second.toLocaleLowerCase()
    ? words
    : `${first.toLocaleLowerCase(locale())}${words.slice(first.length)}`;
}

/** The context to word descriptors in the current language. */
export function wordsContext(t: WordsContext["t"], kb: KnowledgeBase): WordsContext {
  const language = currentLanguage();
  const loc = locale();
  const names = (() => {
    try {
      return new Intl.DisplayNames([loc], { type: "language" });
    } catch {
      return undefined;
    }
  })();
  const lists = new Intl.ListFormat(loc, { style: "long", type: "conjunction" });
  return {
    t,
    kb,
    measure: (m: Measure) => measureInSentence(MEASURE_WORDS[language][m] ?? m),
    state: regionName,
    date: longDate,
    day: formatDate,
    stateCode: regionName,
    offence: offenceLabel,
    offenceCode: offenceLabel,
    offenceCodes: (codes) => lists.format(codes.map(offenceLabel)),
    measureCodes: (codes) => lists.format(codes.map((m) => measureInSentence(MEASURE_WORDS[language][m] ?? m))),
    languageName: (code) => {
      try {
        return names?.of(code) ?? code;
      } catch {
        return code;
      }
    },
    list: (items) => lists.format(items),
    sentenceGap: language === "zh" ? "" : " ",
    comma: language === "zh" ? "、" : language === "ar" ? "، " : ", ",
  };
}

/**
 * One sentence of the engine: `english` as the engine wrote it when the screen is in English (or while the
 * words of the language load, then marked as English), `words` in the reader's language otherwise.
 */
export function EngineWords({ words, english, kb }: { words: Words | undefined; english: string; kb?: KnowledgeBase }) {
  const { t, ready } = useTranslation("engine", { useSuspense: false });
  if (currentLanguage() === "en") return <>{english}</>;
  // Instruments are named from the knowledge base: without it, the engine's English.
  if (!ready || !words || (!kb && namesInstruments(words))) return <En>{english}</En>;
  return (
    <>
      {engineParts(
        wordsParts(
          words,
          wordsContext((key, values) => t(key, values) as string, kb ?? EMPTY_KB),
        ),
      )}
    </>
  );
}

/** Several reasons the engine joins with "; " (one per state, say), each in the reader's language. */
export function EngineWordsList({ list, english, kb }: { list: readonly Words[] | undefined; english: string; kb?: KnowledgeBase }) {
  const { t, ready } = useTranslation("engine", { useSuspense: false });
  if (currentLanguage() === "en") return <>{english}</>;
  if (!ready || !list || list.length === 0 || (!kb && list.some(namesInstruments))) return <En>{english}</En>;
  const ctx = wordsContext((key, values) => t(key, values) as string, kb ?? EMPTY_KB);
  const gap = currentLanguage() === "zh" ? "；" : "; ";
  return (
    <>
      {list.map((w, i) => (
        <Fragment key={w.key + String(i)}>
          {i > 0 ? gap : ""}
          {engineParts(wordsParts(w, ctx))}
        </Fragment>
      ))}
    </>
  );
}

/** For descriptors that name no instrument (a case's stored answer comes without the knowledge base). */
const EMPTY_KB = { instruments: new Map(), provisions: new Map() } as unknown as KnowledgeBase;

function namesInstruments(w: Words): boolean {
  const kinds = Object.keys(w.params).map((name) => PARAM_KINDS[name]);
  return kinds.some((k) => k === "instrument" || k === "instruments" || k === "lists") || (w.next ? namesInstruments(w.next) : false);
}

/**
 * A translated sentence with a node where its placeholder is: translate with ENGLISH_SLOT[0] as the
 * placeholder's value (as for withEnglish), and the node takes the slot's place.
 */
export function withNode(sentence: string, node: ReactNode): ReactNode {
  const at = sentence.indexOf(ENGLISH_SLOT[0]);
  if (at < 0) return sentence;
  return (
    <>
      {sentence.slice(0, at)}
      {node}
      {sentence.slice(at + ENGLISH_SLOT[0].length)}
    </>
  );
}

function engineParts(parts: ReturnType<typeof wordsParts>): ReactNode {
  return parts.map((p, i) =>
    // Parts never reorder: the index is their identity.
    // biome-ignore lint/suspicious/noArrayIndexKey: see above
    typeof p === "string" ? <Fragment key={i}>{p}</Fragment> : <En key={i}>{p.en}</En>,
  );
}
