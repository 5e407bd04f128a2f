/**
 * The fixed text is grammatical with every state's name in the six UN languages (issue 14 §6): the
 * document of the seed-000 draft is built with each jurisdiction as the requested state, and as the
 * requesting state without a central authority, in each language; every fixed sentence is checked,
 * and the opening sentence — the one that names the states — against the recorded forms.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildKnowledgeBase } from "../law/knowledge.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import { buildRequestDocument } from "./document.js";
import { DOCUMENT_LANGUAGES, type DocumentLanguage, type DraftContent, draftContentSchema } from "./draft.js";
import { FIXED_TEXT, requestedState, stateName } from "./fixed-text.js";
import { type DraftLaw, lawForDraft } from "./law.js";
import { STATE_NAME_FORMS } from "./state-names.js";

const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const seed = draftContentSchema.parse(JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")));
// The fixed text is under test, not the law: one law serves every pair.
const law = lawForDraft(kb, files, seed) as DraftLaw;
const codes = [...JURISDICTIONS.keys()];

/** A sentence's last character, as each language ends one. */
const FULL_STOP: Record<DocumentLanguage, string> = { en: ".", fr: ".", es: ".", ru: ".", zh: "。", ar: "." };

/** The exact "… of <state>" each language must write for the states whose forms are recorded. */
const EXPECTED: Record<string, Record<Exclude<DocumentLanguage, "zh" | "ar">, string>> = {
  RU: {
    en: "the competent authorities of the Russian Federation",
    fr: "des autorités compétentes de la Fédération de Russie",
    es: "las autoridades competentes de la Federación de Rusia",
    ru: "компетентные органы Российской Федерации",
  },
  US: {
    en: "the competent authorities of the United States of America",
    fr: "des autorités compétentes des États-Unis d’Amérique",
    es: "las autoridades competentes de los Estados Unidos de América",
    ru: "компетентные органы Соединенных Штатов Америки",
  },
  GB: {
    en: "the competent authorities of the United Kingdom of Great Britain and Northern Ireland",
    fr: "des autorités compétentes du Royaume-Uni de Grande-Bretagne et d’Irlande du Nord",
    es: "las autoridades competentes del Reino Unido de Gran Bretaña e Irlanda del Norte",
    ru: "компетентные органы Соединенного Королевства Великобритании и Северной Ирландии",
  },
};

/** Where no form is recorded, the construction that needs none: the name in brackets after "the requested State". */
const UNINFLECTED: Record<Exclude<DocumentLanguage, "zh" | "ar">, (name: string) => string> = {
  en: (n) => `the competent authorities of the requested State (${n})`,
  fr: (n) => `des autorités compétentes de l’État requis (${n})`,
  es: (n) => `las autoridades competentes del Estado requerido (${n})`,
  ru: (n) => `компетентные органы запрашиваемого государства (${n})`,
};

const draftWith = (patch: Partial<DraftContent>): DraftContent => ({ ...seed, ...patch });

describe("the fixed text with every state's name, in the six languages", () => {
  it("every fixed sentence of the document is whole, with each jurisdiction as the requested and the requesting state", () => {
    // Thousands of sentences: the faults are collected and compared once (one expect per sentence is slow).
    const faults: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) faults.push(what);
    };
    for (const lang of DOCUMENT_LANGUAGES)
      for (const code of codes) {
        const asRequested = buildRequestDocument(draftWith({ requested: code }), law, lang);
        const asRequesting = buildRequestDocument(
          draftWith({ requesting: code, authority: { ...seed.authority, centralAuthority: "" } }),
          law,
          lang,
        );
        for (const doc of [asRequested, asRequesting]) {
          const sentences = doc.blocks.flatMap((b) => (b.kind === "fixed" ? [b.text.text] : []));
          check(sentences.length > 5, `${lang} ${code}: only ${sentences.length} fixed sentences`);
          for (const s of sentences) {
            const where = `${lang} ${code}: ${s}`;
            check(!/undefined|null|NaN|\[object/.test(s), `a hole in ${where}`);
            check(!/\s{2}|\(\s|\s\)|\s[.,:;。]$/.test(s), `stray space in ${where}`);
            check(s.endsWith(FULL_STOP[lang]), `no full stop in ${where}`);
          }
        }
        const name = stateName(code, lang);
        check(asRequested.meta.find((m) => m.label.text === FIXED_TEXT[lang].to)?.value === name, `${lang} ${code}: "To" is not ${name}`);
        // No directory entry in the draft: the addressee is the state's central authority, named whole.
        const [addressee] = asRequested.addressee;
        check(asRequested.addressee.length === 1 && addressee !== undefined, `${lang} ${code}: one addressee line`);
        check(!/undefined|null|\s{2}/.test(addressee ?? ""), `a hole in ${lang} ${code}: ${addressee}`);
        check((addressee ?? "").includes(requestedState(code, lang).of ?? name), `${lang} ${code}: addressee ${addressee} names no state`);
        const intro = asRequested.blocks[0];
        const text = intro?.kind === "fixed" ? intro.text.text : "";
        const where = `${lang} ${code}: ${text}`;
        if (lang === "ar") check(text.includes(`السلطات المختصة في ${name} `), where);
        else if (lang === "zh") check(text.includes(`请求${name}主管机关`), where);
        else {
          const of = requestedState(code, lang).of;
          if (of) check(text.includes(` ${of} `), where);
          const expected = EXPECTED[code]?.[lang] ?? (of ? undefined : UNINFLECTED[lang](name));
          if (expected) check(text.includes(expected), `${where} — expected «${expected}»`);
        }
        if (EXPECTED[code] && lang !== "zh" && lang !== "ar") check(text.includes(EXPECTED[code][lang]), `${where} — not recorded form`);
      }
    expect(faults).toEqual([]);
  }, 60_000);

  it("Russian never puts a state's nominative after «органы»: the recorded genitive, or «запрашиваемого государства (…)»", () => {
    for (const code of codes) {
      const { name, of } = requestedState(code, "ru");
      const intro = FIXED_TEXT.ru.intro({ kind: "authority", name: "Центральный орган" }, { name, ...(of ? { of } : {}) });
      const after = intro.split("компетентные органы ")[1] ?? "";
      if (of) expect(after.startsWith(`${of} оказать`), code).toBe(true);
      else expect(after.startsWith(`запрашиваемого государства (${name}) оказать`), code).toBe(true);
    }
  });

  it("the sender is named in brackets after a noun of its own, so no article or agreement depends on the typed name", () => {
    const sender = { kind: "authority" as const, name: "Office of International Affairs" };
    const starts: Record<DocumentLanguage, string> = {
      en: "The requesting authority (Office of International Affairs) requests",
      fr: "L’autorité requérante (Office of International Affairs) sollicite",
      es: "La autoridad requirente (Office of International Affairs) solicita",
      ru: "Запрашивающий орган (Office of International Affairs) просит",
      zh: "Office of International Affairs请求",
      // "تلتمس" agrees with "الجهة" (feminine), whatever the authority's own name.
      ar: "تلتمس الجهة الطالبة (Office of International Affairs)",
    };
    for (const lang of DOCUMENT_LANGUAGES)
      expect(FIXED_TEXT[lang].intro(sender, requestedState("RU", lang)).startsWith(starts[lang]), lang).toBe(true);
    // Without a central authority, the requesting state — plural names too ("les États-Unis") — takes the same construction.
    expect(FIXED_TEXT.fr.intro({ kind: "state", name: stateName("US", "fr") }, requestedState("RU", "fr"))).toMatch(
      /^L’État requérant \(États-Unis d’Amérique\) sollicite /,
    );
    expect(FIXED_TEXT.ru.intro({ kind: "state", name: stateName("US", "ru") }, requestedState("RU", "ru"))).toMatch(
      /^Запрашивающее государство \(Соединенные Штаты Америки\) просит /,
    );
  });

  it("the recorded forms are complete, with their sources, and give the UN formal names", () => {
    for (const [code, f] of Object.entries(STATE_NAME_FORMS)) {
      expect(JURISDICTIONS.has(code), code).toBe(true);
      for (const lang of DOCUMENT_LANGUAGES) expect(stateName(code, lang).length, `${code} ${lang}`).toBeGreaterThan(1);
      if (f.ru.genitive) expect(f.ru.genitive.source.length, code).toBeGreaterThan(20);
      expect(f.en.name).not.toMatch(/^the /i);
    }
    // UNTERM formal names, not the abbreviations of the jurisdictions list ("США").
    expect(stateName("US", "ru")).toBe("Соединенные Штаты Америки");
    expect(stateName("RU", "ar")).toBe("الاتحاد الروسي");
    expect(stateName("RU", "zh")).toBe("俄罗斯联邦");
  });
});
