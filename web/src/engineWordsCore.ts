/**
 * A descriptor of the basis engine (src/law/words.ts) in words, without React or the app's i18next, so a
 * unit test can word it in English and compare it with the engine's own sentence. The screen's renderer
 * (engineWords.tsx) gives it the reader's language; the law's data (instrument titles, citations, the
 * knowledge files' notes) comes out as English parts, for the screen to mark lang="en". Its keys are
 * the `engine` namespace's, as useTranslation("engine") gives them to the renderer.
 */
import type { Measure } from "../../src/law/codes.js";
import type { KnowledgeBase } from "../../src/law/knowledge.js";
import { AUXILIARY_PARAMS, PARAM_KINDS, type Words } from "../../src/law/words.js";

/** A piece of a worded sentence: the reader's language, or the law's data in English. */
export type Part = string | { en: string };

export interface WordsContext {
  /** The `engine` namespace's t(). */
  t: (key: string, values: Record<string, unknown>) => string;
  kb: KnowledgeBase;
  measure: (m: Measure) => string;
  state: (code: string) => string;
  date: (iso: string) => string;
  /** A date as in a table ("2018-07-13" in English). */
  day: (iso: string) => string;
  /** Measure codes as the sentence names them (the English writes the codes, "records, testimony"). */
  measureCodes: (codes: Measure[]) => string;
  /** A state where the English writes its code ("RU"). */
  stateCode: (code: string) => string;
  /** An offence family in words; `offenceCodes`, several where the English writes the codes. */
  offence: (code: string) => string;
  offenceCode: (code: string) => string;
  offenceCodes: (codes: string[]) => string;
  languageName: (code: string) => string;
  /** "A, B and C" in the reader's language. */
  list: (items: string[]) => string;
  /** Between items of an enumeration: ", " (Chinese "、"). */
  comma: string;
  /** Between two sentences: a space, or nothing (Chinese). */
  sentenceGap: string;
}

// Private-use characters stand for the English parts while t() and the list formatter do their work.
const SLOT_BASE = 0xe100;
const SLOTS = /[\uE100-\uE1FF]/;

function asList(v: string | number | string[] | undefined): string[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [String(v)];
}

/** The descriptor in words, as parts. */
export function wordsParts(w: Words, ctx: WordsContext): Part[] {
  const english: string[] = [];
  const slot = (text: string) => {
    english.push(text);
    return String.fromCharCode(SLOT_BASE + english.length - 1);
  };
  const text = sentence(w, ctx, slot);
  const parts: Part[] = [];
  let rest = text;
  for (;;) {
    const m = SLOTS.exec(rest);
    if (!m) break;
    if (m.index > 0) parts.push(rest.slice(0, m.index));
    parts.push({ en: english[m[0].charCodeAt(0) - SLOT_BASE] ?? "" });
    rest = rest.slice(m.index + 1);
  }
  if (rest) parts.push(rest);
  return parts;
}

/** The descriptor as plain text. */
export function wordsText(w: Words, ctx: WordsContext): string {
  return wordsParts(w, ctx)
    .map((p) => (typeof p === "string" ? p : p.en))
    .join("");
}

function sentence(w: Words, ctx: WordsContext, slot: (english: string) => string): string {
  const { t, kb } = ctx;
  const p = w.params;
  const title = (id: string) => slot(kb.instruments.get(id)?.shortTitle ?? id);
  const unchecked = asList(p.unchecked);
  const unverified = asList(p.unverified);
  const cite = (c: string) =>
    unchecked.includes(c)
      ? t("cite.unchecked", { cite: slot(c) })
      : unverified.includes(c)
        ? t("cite.unverified", { cite: slot(c) })
        : slot(c);
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(p)) {
    if (AUXILIARY_PARAMS.includes(name)) continue;
    const items = asList(value);
    switch (PARAM_KINDS[name]) {
      case "measures":
        values[name] = ctx.list(items.map((m) => ctx.measure(m as Measure)));
        break;
      case "state":
        values[name] = ctx.state(String(value));
        break;
      case "date":
        values[name] = ctx.date(String(value));
        break;
      case "day":
        values[name] = value ? ctx.day(String(value)) : "…";
        break;
      case "stateCode":
        values[name] = ctx.stateCode(String(value));
        break;
      case "instrumentId":
        values[name] = title(String(value));
        break;
      case "offence":
        values[name] = ctx.offence(String(value));
        break;
      case "offenceCode":
        values[name] = ctx.offenceCode(String(value));
        break;
      case "offenceCodes":
        values[name] = ctx.offenceCodes(items);
        break;
      case "dataList":
        values[name] = items.map(slot).join(ctx.comma);
        break;
      case "offenceFamilies":
        values[name] = items.map((f) => t("scope.family", { offence: ctx.offence(f) })).join(ctx.comma);
        break;
      case "routes":
        values[name] = items.length === 1 ? slot(items[0] ?? "") : items.map((x, i) => `(${i + 1}) ${slot(x)}`).join("; ");
        break;
      case "measureCodes":
        values[name] = ctx.measureCodes(items as Measure[]);
        break;
      case "instrument":
        values[name] = title(String(value));
        break;
      case "instruments":
        values[name] = ctx.list(items.map(title));
        break;
      case "lists": {
        const withProtocols = asList(p.withProtocols);
        values[name] = ctx.list(
          items.map((id) => {
            const convention = kb.instruments.get(id)?.supplements;
            if (withProtocols.includes(id)) return t("instrument.withProtocols", { name: title(id) });
            if (convention) return t("instrument.protocolTo", { name: title(id), convention: title(convention) });
            return title(id);
          }),
        );
        values.statusDates = statusDates(items, asList(p.dates), ctx, title);
        break;
      }
      case "cite":
        values[name] = cite(String(value));
        break;
      case "cites":
        values[name] = items.map(cite).join("; ");
        break;
      case "citeList":
        values[name] = ctx.list(items.map(cite));
        break;
      case "languages":
        values[name] = ctx.list(items.map(ctx.languageName));
        break;
      case "data":
        // One slot per item: each is a text of the knowledge base, translated whole (a note has "; " in it).
        values[name] = items.map(slot).join("; ");
        break;
      default:
        values[name] = value;
    }
  }
  const own = t(w.key, values);
  return w.next ? `${own}${ctx.sentenceGap}${sentence(w.next, ctx, slot)}` : own;
}

/** "status as recorded on 10 July 2014 (UNCAC) and 27 January 2014 (UNTOC); no status date recorded for …". */
function statusDates(ids: string[], dates: string[], ctx: WordsContext, title: (id: string) => string): string {
  const byDate = new Map<string, string[]>();
  const undated: string[] = [];
  ids.forEach((id, i) => {
    const d = dates[i];
    if (!d) undated.push(title(id));
    else byDate.set(d, [...(byDate.get(d) ?? []), title(id)]);
  });
  const dated = [...byDate]
    .sort(([x], [y]) => y.localeCompare(x))
    .map(([d, names]) => ctx.t("statusDates.item", { date: ctx.date(d), instruments: ctx.list(names) }));
  return [
    dated.length > 0 ? ctx.t("statusDates.dated", { list: ctx.list(dated) }) : "",
    undated.length > 0 ? ctx.t("statusDates.undated", { list: ctx.list(undated) }) : "",
  ]
    .filter(Boolean)
    .join("; ");
}
