/**
 * State names as status tables spell them ("Swaziland", "Bolivia (Plurinational State of)", "St. Lucia")
 * mapped to ISO 3166-1 alpha-2 codes through i18n-iso-countries (which knows many aliases), with a small
 * table for the UN "long forms" and former names the package lacks.
 */
import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import { jurisdiction } from "../law/jurisdictions.js";

countries.registerLocale(en);

/**
 * Names i18n-iso-countries (7.x) does not resolve. Each is a UN Treaty Collection spelling or a former
 * name; the code is the ISO 3166-1 entry of the same state.
 */
const ALIASES: Readonly<Record<string, string>> = {
  "bolivia (plurinational state of)": "BO",
  "cabo verde": "CV",
  "democratic people's republic of korea": "KP",
  "holy see": "VA",
  "iran (islamic republic of)": "IR",
  "micronesia (federated states of)": "FM",
  moldova: "MD",
  "republic of moldova": "MD",
  // Renamed Eswatini in 2018; UNTC used the old name until then.
  swaziland: "SZ",
  // Renamed North Macedonia in 2019.
  "the former yugoslav republic of macedonia": "MK",
  "united kingdom of great britain and northern ireland": "GB",
  "venezuela (bolivarian republic of)": "VE",
  "viet nam": "VN",
};

/** Participants in treaty tables that have no jurisdiction code, with the reason they cannot be recorded. */
export const NOT_JURISDICTIONS: Readonly<Record<string, string>> = {
  EU: "the European Union is a regional economic integration organisation, not a state, and has no ISO 3166-1 code in the jurisdictions package",
};

/** The ISO 3166-1 alpha-2 code for a state name as a source spells it, or undefined. */
export function codeForName(name: string): string | undefined {
  const trimmed = name.trim().replace(/\s+/g, " ");
  // "St. Lucia", "St. Kitts and Nevis": the package knows "Saint …".
  const expanded = trimmed.replace(/^St\.? /i, "Saint ");
  const alias = ALIASES[trimmed.toLowerCase()] ?? ALIASES[expanded.toLowerCase()];
  const code = alias ?? countries.getAlpha2Code(trimmed, "en") ?? countries.getAlpha2Code(expanded, "en");
  return code && jurisdiction(code) ? code : undefined;
}
