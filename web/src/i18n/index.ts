/**
 * The screens' words in the officer's language (issue 14 §8), through i18next. Each area of the
 * workbench has its own namespace (a JSON file per language under ./locales), fetched with the page that
 * needs it, so the first screen downloads one language's common words only.
 *
 * Which language: the one remembered with the account once the officer has chosen one; before signing
 * in, the one chosen in this browser; otherwise the browser's own preference; otherwise English.
 */
import i18next, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import { type UiLanguage, directionOf, fromBrowser, isUiLanguage } from "./languages";

export { LANGUAGE_NAMES, UI_LANGUAGES, type UiLanguage, directionOf, isUiLanguage } from "./languages";

const CHOSEN_KEY = "rogatory.language";

// Every namespace of every language, each its own chunk: Vite turns this into one lazy import per file.
const bundles = import.meta.glob<Record<string, unknown>>("./locales/*/*.json", { import: "default" });

const lazyBundles: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    const load = bundles[`./locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`no words for ${namespace} in ${language}`), false);
      return;
    }
    load().then(
      (words) => callback(null, words),
      (error: Error) => callback(error, false),
    );
  },
};

/** The language chosen in this browser before signing in, if any. */
export function chosenHere(): UiLanguage | null {
  try {
    const v = localStorage.getItem(CHOSEN_KEY);
    return isUiLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language the first screen is shown in. */
export function initialLanguage(): UiLanguage {
  return chosenHere() ?? fromBrowser(typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]));
}

/** Sets the page's language and direction: screen readers, fonts and the mirrored layout follow them. */
function markDocument(language: string): void {
  if (typeof document === "undefined") return;
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

/**
 * A date that ends with a full stop ("1 декабря 2026 г.") at the end of a sentence would give "г..":
 * two stops become one (an ellipsis, three, is left alone).
 */
const oneFullStop = {
  type: "postProcessor" as const,
  name: "oneFullStop",
  process: (value: string) => (typeof value === "string" ? value.replace(/(?<!\.)\.\.(?!\.)/g, ".") : value),
};

void i18next
  .use(lazyBundles)
  .use(oneFullStop)
  .use(initReactI18next)
  .init({
    lng: initialLanguage(),
    fallbackLng: "en",
    supportedLngs: ["en", "fr", "es", "ru", "zh", "ar"],
    ns: ["common"],
    defaultNS: "common",
    // React escapes what it renders; escaping here too would show "&amp;" in names.
    interpolation: { escapeValue: false },
    postProcess: ["oneFullStop"],
    react: { useSuspense: true },
  });
markDocument(i18next.language);
i18next.on("languageChanged", markDocument);

/**
 * Shows the screens in another language. `remember` keeps the choice in this browser (for the pages
 * before signing in); the account's copy is saved by the caller, which knows whether someone is signed in.
 */
export async function switchLanguage(language: UiLanguage, remember: boolean): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(CHOSEN_KEY, language);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

/** The language the screens are in now, for formatting dates and numbers. */
export function currentLanguage(): UiLanguage {
  const l = i18next.resolvedLanguage ?? i18next.language;
  return isUiLanguage(l) ? l : "en";
}

export { i18next };
