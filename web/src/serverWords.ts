/**
 * The server's sentences in the reader's language (issue 14 §8). Beside an English sentence (an
 * error's `message`, an action's `why`, a deadline's `rule`) the API sends `words`: a key of the web
 * app's words and its values (src/words.ts). Codes among the values are named here in the reader's
 * language: an action by case:actions, a state by case:stateInline, a jurisdiction by its CLDR name,
 * a date or an instant (ISO) as format.ts writes it, a number with the reader's digits.
 * The English under each key, with these values, is the server's English sentence
 * (test/web/server-words.test.ts keeps the two in step).
 */
import type { TFunction } from "i18next";
import type { Words } from "../../src/words";
import { formatDate, formatDateTime, formatNumber, impossibleDate, longDate, regionName } from "./format";
import { currentLanguage, i18next } from "./i18n";
import { MEASURE_WORDS } from "../../src/law/measure-words";
import type { Measure } from "../../src/law/codes";

export type { Words };

/** The namespaces the words' keys live in: load them with a page that shows server sentences. */
export const WORDS_NAMESPACES = ["case", "cases", "errors", "assets"] as const;

/** Values named in the reader's language: jurisdiction codes, calendar dates and instants (ISO). */
const JURISDICTIONS = new Set(["jurisdiction", "requesting", "requested"]);
const DATES = new Set(["date", "today", "received"]);
const TIMES = new Set(["at", "until"]);
const LONG_DATES = new Set(["longDate", "bound"]);

/** Whether a value is words the app can say: a key with a namespace and plain values. */
export function isWords(value: unknown): value is Words {
  if (!value || typeof value !== "object") return false;
  const w = value as { key?: unknown; params?: unknown };
  return typeof w.key === "string" && w.key.includes(":") && (w.params === undefined || typeof w.params === "object");
}

/** The sentence for `words` in the reader's language, or null when this version of the app has no words for it. */
export function say(w: Words, given?: TFunction): string | null {
  const t = given ?? i18next.t.bind(i18next);
  const values: Record<string, string | number> = {};
  const p = w.params ?? {};
  for (const [name, v] of Object.entries(p)) {
    const code = String(v);
    if (name === "field" || name === "list" || name === "position" || name === "form") continue;
    if (name === "action") values.action = t(`case:actions.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "measure") {
      const language = currentLanguage();
      values.measure = language === "en" ? code.replace(/_/g, " ") : (MEASURE_WORDS[language][code as Measure] ?? code.replace(/_/g, " "));
    } else if (name === "measureStatus") values.measureStatus = t(`case:measureStatus.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "hearingStatus") values.hearingStatus = t(`case:hearingStatus.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "assetStatus") values.assetStatus = t(`assets:status.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "assetStep") values.assetStep = t(`assets:steps.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "state") values.state = t(`case:stateInline.${code}`, { defaultValue: code.replace(/_/g, " ") });
    else if (name === "states")
      values.states = code
        .split(" ")
        .map((s) => t(`case:stateInline.${s}`, { defaultValue: s.replace(/_/g, " ") }))
        .join(t("case:why.separator"));
    // English keeps the code the server writes ("GB"); other languages name the state.
    else if (JURISDICTIONS.has(name)) values[name] = currentLanguage() === "en" ? code : regionName(code);
    // Dates travel as ISO strings; English keeps them as the server writes them (format.ts).
    else if (DATES.has(name)) values[name] = formatDate(code);
    // A date written out ("1 January 1850"), as the server's date explanations write them.
    else if (LONG_DATES.has(name)) values[name] = longDate(code);
    // A day that does not exist ("30 February 2018"), with the month's name as the language writes it.
    else if (name === "impossible") values.impossible = impossibleDate(code);
    else if (TIMES.has(name)) values[name] = formatDateTime(code);
    // The fields a change named (space-separated codes), by their labels: "the title and the access list".
    else if (name === "changed")
      values.changed = code
        .split(" ")
        .map((f) => t(`errors:fields.${f}`, { defaultValue: f }))
        .join(t("errors:domain.and"));
    else if (name === "number" && typeof v === "number") values.number = formatNumber(v);
    else if (name === "count" && typeof v === "number") {
      values.count = v;
      values.n = formatNumber(v);
    } else if (typeof v === "number") values[name] = formatNumber(v, { useGrouping: false });
    else values[name] = v;
  }
  // A case's last change (errors:domain.changes.*), said with the other values (who, when, what).
  if (typeof p.change === "string") {
    const change = `errors:domain.changes.${p.change}`;
    if (!i18next.exists(change)) return null;
    values.change = t(change, values);
  }
  if (typeof p.field === "string") {
    const field = fieldLabel(t, p);
    if (field === null) return null;
    values.field = field;
  }
  // A key this version of the app does not have (a newer server's): the caller shows the English.
  if (!i18next.exists(w.key, values)) return null;
  const said = t(w.key, values);
  // A validation sentence starts with the field's label, written as it reads inside a sentence.
  return w.key.startsWith("errors:validation.") ? said.charAt(0).toLocaleUpperCase(currentLanguage()) + said.slice(1) : said;
}

/** A refused field in words: its label (errors:fields.*), and its place in a list ("item 2 of the measures"). */
function fieldLabel(t: TFunction, p: NonNullable<Words["params"]>): string | null {
  const labelOf = (key: unknown) => (typeof key === "string" && i18next.exists(`errors:fields.${key}`) ? t(`errors:fields.${key}`) : null);
  const label = labelOf(p.field);
  if (label === null) return null;
  if (p.position === undefined) return label;
  if (p.form === "itemOf") return t("errors:field.itemOf", { label, position: p.position });
  if (p.list === undefined) return t("errors:field.inListNoName", { label, position: p.position });
  const list = labelOf(p.list);
  return list === null ? null : t("errors:field.inList", { label, position: p.position, list });
}

/** The sentences for a list of words joined, or null when any has no words in this version. */
export function sayAll(list: readonly Words[], t?: TFunction): string | null {
  const said = list.map((w) => say(w, t));
  return said.every((s): s is string => s !== null) ? said.join(" ") : null;
}
