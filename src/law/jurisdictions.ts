/**
 * Jurisdictions: every ISO 3166-1 alpha-2 code (from i18n-iso-countries, which tracks the ISO list),
 * with names in the six UN languages and official languages (ISO 639-1, from countries-list).
 * Hong Kong SAR (HK) and Macao SAR (MO) are ISO entries of their own. Kosovo (XK) is a user-assigned
 * code, not ISO, kept because states cooperate with it; it is flagged as such.
 */
import countries from "i18n-iso-countries";
import ar from "i18n-iso-countries/langs/ar.json" with { type: "json" };
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import es from "i18n-iso-countries/langs/es.json" with { type: "json" };
import fr from "i18n-iso-countries/langs/fr.json" with { type: "json" };
import ru from "i18n-iso-countries/langs/ru.json" with { type: "json" };
import zh from "i18n-iso-countries/langs/zh.json" with { type: "json" };
import { countries as countryData } from "countries-list";

for (const locale of [en, fr, es, ru, zh, ar]) countries.registerLocale(locale);

export const UN_LANGUAGES = ["en", "fr", "es", "ru", "zh", "ar"] as const;
export type UnLanguage = (typeof UN_LANGUAGES)[number];

export interface Jurisdiction {
  code: string;
  name: string;
  names: Record<UnLanguage, string>;
  /** Official languages, ISO 639-1, from countries-list. */
  languages: string[];
  /** Part of another state (HK, MO) rather than a state. */
  subState: boolean;
  /** Not an ISO 3166-1 code (XK). */
  userAssigned: boolean;
}

/** The sovereign each sub-state jurisdiction belongs to, for territorial application of treaties. */
export const SUB_STATE_OF: Readonly<Record<string, string>> = { HK: "CN", MO: "CN" };

function build(): Map<string, Jurisdiction> {
  const out = new Map<string, Jurisdiction>();
  const codes = [...Object.keys(countries.getAlpha2Codes()), "XK"];
  for (const code of codes.sort()) {
    const data = (countryData as Record<string, { name: string; languages: string[] } | undefined>)[code];
    const names = {} as Record<UnLanguage, string>;
    for (const lang of UN_LANGUAGES) {
      names[lang] = countries.getName(code, lang, { select: "official" }) ?? data?.name ?? code;
    }
    if (code === "XK") for (const lang of UN_LANGUAGES) names[lang] = data?.name ?? "Kosovo";
    out.set(code, {
      code,
      name: code === "HK" ? "Hong Kong SAR" : code === "MO" ? "Macao SAR" : names.en,
      names,
      languages: data?.languages ?? [],
      subState: code in SUB_STATE_OF,
      userAssigned: code === "XK",
    });
  }
  return out;
}

export const JURISDICTIONS: ReadonlyMap<string, Jurisdiction> = build();

/** The jurisdiction for a code, or undefined. Codes are upper-case ISO alpha-2. */
export function jurisdiction(code: string): Jurisdiction | undefined {
  return JURISDICTIONS.get(code);
}
