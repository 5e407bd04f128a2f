/**
 * Words that come in English: the law's data (instrument titles, provision summaries, citations) and
 * sentences the server writes. The law's data is shown in the reader's language where the knowledge
 * base has a translation; what has none is marked lang="en", so a screen reader pronounces it as English
 * and the page's own words stay checkable (test/browser/languages.browser.test.ts).
 */
import { Fragment, type ReactNode } from "react";
import { useLawText } from "../lawText";

/**
 * Inline English text: the law's data in the reader's language where the knowledge base's translation
 * files have it (lawText.tsx), otherwise the English, marked.
 */
export function En({ children }: { children?: ReactNode }) {
  const { translate } = useLawText();
  // Trans hands its <en> slot the text as a one-item list.
  const text =
    typeof children === "string"
      ? children
      : Array.isArray(children) && children.every((c) => typeof c === "string")
        ? children.join("")
        : null;
  const translated = text === null ? null : translate(text);
  // Marked as a translation, so the page can say whose words they are (the note on the law's pages).
  if (translated !== null) return <span className="law-translated">{translated}</span>;
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
