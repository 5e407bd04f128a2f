/**
 * English left on a page shown in another language (issue 14 §8): the words of visible text and of
 * accessible names (aria-label, placeholder, title), leaving out what is English by nature — the names of
 * source documents cited as published (<cite lang="en">), the language menu (each language named in
 * itself), reference numbers, e-mail addresses, code, and words that are the same in every language.
 */
import type { Page } from "playwright-core";

/**
 * Words that are the same in every language: the product's name, abbreviations, the time zone, and the
 * international standards' abbreviations the assets' labels name (IBAN, ISO 4217, VIN), and the Council of
 * Europe's treaty series as a citation names it ("ETS No. 167", "CETS 099": the number is the treaty's
 * identifier, cited so in the translations as in the English).
 */
const SAME_IN_EVERY_LANGUAGE = new Set([
  "Rogatory",
  "API",
  "UTC",
  "PDF",
  "DOCX",
  "ICCS",
  "MLAT",
  "OUT",
  "IBAN",
  "ISO",
  "VIN",
  "ETS",
  "CETS",
]);

/**
 * The English words the page shows: visible text and accessible names (aria-label, placeholder, title),
 * leaving out documents' names cited as published, the language menu, and reference numbers and codes.
 * Marking English with lang="en" does not excuse it: it is still English left on the page.
 */
export function englishShown(page: Page): Promise<string[]> {
  return page.evaluate(
    (same) => {
      const cited = (el: Element) => el.closest("cite[lang=en]") !== null;
      const languageMenu = (el: Element) => el.closest("[data-testid=language-menu]") !== null;
      const skip = (el: Element) => cited(el) || languageMenu(el) || el.closest("script, style, code, [hidden]") !== null;
      const found: string[] = [];
      const check = (text: string, where: string) => {
        // Roman numerals number chapters ("глава III") in every language.
        for (const w of text.match(/[A-Za-z]{3,}/g) ?? [])
          if (!same.includes(w) && !/^[IVXLC]+$/.test(w)) found.push(`${w} — ${where}: ${text.trim().slice(0, 90)}`);
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!el || skip(el) || !el.checkVisibility()) continue;
        // Reference numbers (IN-2018-00001), provision ids (us-ru-mlat-1999:forms) and e-mail addresses are
        // identifiers, not words.
        check(
          (node.textContent ?? "").replace(/\b(IN|OUT)-\d{4}-\d{5}\b|\b[a-z0-9]+(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*\b|\S+@\S+/g, ""),
          el.tagName.toLowerCase(),
        );
      }
      for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
        if (skip(el)) continue;
        for (const a of ["aria-label", "placeholder", "title"]) {
          const v = el.getAttribute(a);
          if (v) check(v, `${el.tagName.toLowerCase()}[${a}]`);
        }
      }
      return found;
    },
    [...SAME_IN_EVERY_LANGUAGE],
  );
}
