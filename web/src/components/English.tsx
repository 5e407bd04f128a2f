/**
 * Words that exist only in English for now: the law's data (instrument titles, provision summaries,
 * citations) and the sentences the basis engine and the server write. On a page in another language
 * they are marked lang="en", so a screen reader pronounces them as English and the page's own words
 * stay checkable (test/browser/languages.browser.test.ts fails on English that is not marked).
 */
import { Fragment, type ReactNode } from "react";

/** Inline English text. */
export function En({ children }: { children?: ReactNode }) {
  // dir isolates the run: in an Arabic sentence its full stop stays at its end, not at the start.
  return (
    <span lang="en" dir="ltr">
      {children}
    </span>
  );
}

/** Placeholders to pass to t() where English text goes into a translated sentence. */
export const ENGLISH_SLOT = ["\u{E000}", "\u{E001}", "\u{E002}"] as const;

/**
 * A translated sentence with English parts in it, each marked. Translating the key with
 * ENGLISH_SLOT[0] as the value of its placeholder gives the sentence with the slot where the English
 * goes, wherever the language puts it.
 */
export function withEnglish(sentence: string, ...english: string[]): ReactNode {
  return withParts(sentence, ...english.map((text) => <En key={text}>{text}</En>));
}

/** A translated sentence with rendered parts (a title in its own language, a link) in its slots. */
export function withParts(sentence: string, ...parts: ReactNode[]): ReactNode {
  const out: ReactNode[] = [];
  let rest = sentence;
  for (;;) {
    let at = -1;
    let which = -1;
    parts.forEach((_, i) => {
      const p = rest.indexOf(ENGLISH_SLOT[i] ?? "");
      if (p >= 0 && (at < 0 || p < at)) {
        at = p;
        which = i;
      }
    });
    if (at < 0) break;
    out.push(rest.slice(0, at), <Fragment key={out.length}>{parts[which]}</Fragment>);
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return <Fragment>{out}</Fragment>;
}
