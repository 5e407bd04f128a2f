/**
 * States' names as a request must write them, with the grammatical forms the fixed text needs, as data
 * with their sources (never derived by rule: a wrong case ending in a letter to a foreign ministry is
 * worse than a plainer sentence).
 *
 * - The names are the UN's formal names in the six official languages (UNTERM, the UN Terminology
 *   Database), read from `datasets/country-codes`, `data/unterm_names.csv` at commit
 *   a09b84ab199694aa3db18d7bfc15f632543db672 (its "UNTERM … Formal" columns, extracted from UNTERM).
 *   In English, French and Spanish the formal name carries its article ("the Russian Federation",
 *   "la Fédération de Russie", "los Estados Unidos de América"), kept apart here so that a sentence can
 *   contract it ("du", "des", "del").
 * - UNTERM gives the Russian names in the nominative only. The genitive ("компетентные органы
 *   Российской Федерации") is recorded only where an official Russian text was read that uses it, and
 *   that text is cited. Where it is not recorded, the Russian sentence names the state in the
 *   nominative, in brackets after "запрашиваемого государства", which needs no inflection.
 * - Chinese and Arabic write the name as it stands in every position of the fixed text (Chinese has no
 *   case; the Arabic sentence puts the name after "في", where Arabic script does not mark the case).
 *
 * The list covers the states the knowledge base's bilateral instruments and seeds concern; any other
 * state is named with the jurisdictions data and the sentences that need no inflection. Extending it
 * is adding rows from the same table (and, for Russian, a cited genitive).
 */
import type { DocumentLanguage } from "./draft.js";

type EnArticle = "the" | null;
type FrArticle = "le" | "la" | "les" | "l'" | null;
type EsArticle = "el" | "la" | "los" | "las" | null;

export interface StateNameForms {
  /** The formal name without its article, and the article UNTERM writes with it. */
  en: { name: string; article: EnArticle };
  fr: { name: string; article: FrArticle };
  es: { name: string; article: EsArticle };
  ru: {
    nominative: string;
    /** With the official text that uses this form; absent where none was read. */
    genitive?: { form: string; source: string };
  };
  zh: string;
  ar: string;
}

const UNTERM = "UNTERM formal names (datasets/country-codes:data/unterm_names.csv@a09b84ab199694aa3db18d7bfc15f632543db672)";

/** The source of the names in every language but the Russian genitive (which cites its own). */
export const STATE_NAMES_SOURCE = UNTERM;

export const STATE_NAME_FORMS: Readonly<Record<string, StateNameForms>> = {
  RU: {
    en: { name: "Russian Federation", article: "the" },
    fr: { name: "Fédération de Russie", article: "la" },
    es: { name: "Federación de Rusia", article: "la" },
    ru: {
      nominative: "Российская Федерация",
      genitive: {
        form: "Российской Федерации",
        source:
          "The Constitution's official title, «Конституция Российской Федерации», as the Official Internet Portal of Legal Information (pravo.gov.ru) publishes it",
      },
    },
    zh: "俄罗斯联邦",
    ar: "الاتحاد الروسي",
  },
  US: {
    en: { name: "United States of America", article: "the" },
    fr: { name: "États-Unis d'Amérique", article: "les" },
    es: { name: "Estados Unidos de América", article: "los" },
    ru: {
      nominative: "Соединенные Штаты Америки",
      genitive: {
        form: "Соединенных Штатов Америки",
        source:
          "Russian official usage as read: the parties of Russian intergovernmental agreements «Правительства Российской Федерации и Правительства Соединенных Штатов Америки» (a public list of agreement parties), and USAID's Russian notice «…от имени народа Соединенных Штатов Америки»",
      },
    },
    zh: "美利坚合众国",
    ar: "الولايات المتحدة الأمريكية",
  },
  GB: {
    en: { name: "United Kingdom of Great Britain and Northern Ireland", article: "the" },
    fr: { name: "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", article: "le" },
    es: { name: "Reino Unido de Gran Bretaña e Irlanda del Norte", article: "el" },
    ru: {
      nominative: "Соединенное Королевство Великобритании и Северной Ирландии",
      genitive: {
        form: "Соединенного Королевства Великобритании и Северной Ирландии",
        source:
          "Russian official usage as read: the parties of Russian intergovernmental agreements «Правительства Российской Федерации и Правительства Соединенного Королевства Великобритании и Северной Ирландии» (a public list of agreement parties)",
      },
    },
    zh: "大不列颠及北爱尔兰联合王国",
    ar: "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
  },
  CN: {
    en: { name: "People's Republic of China", article: "the" },
    fr: { name: "République populaire de Chine", article: "la" },
    es: { name: "República Popular China", article: "la" },
    ru: { nominative: "Китайская Народная Республика" },
    zh: "中华人民共和国",
    ar: "جمهورية الصين الشعبية",
  },
  FR: {
    en: { name: "French Republic", article: "the" },
    fr: { name: "République française", article: "la" },
    es: { name: "República Francesa", article: "la" },
    ru: { nominative: "Французская Республика" },
    zh: "法兰西共和国",
    ar: "الجمهورية الفرنسية",
  },
  DE: {
    en: { name: "Federal Republic of Germany", article: "the" },
    fr: { name: "République fédérale d'Allemagne", article: "la" },
    es: { name: "República Federal de Alemania", article: "la" },
    ru: { nominative: "Федеративная Республика Германия" },
    zh: "德意志联邦共和国",
    ar: "جمهورية ألمانيا الاتحادية",
  },
  BR: {
    en: { name: "Federative Republic of Brazil", article: "the" },
    fr: { name: "République fédérative du Brésil", article: "la" },
    es: { name: "República Federativa del Brasil", article: "la" },
    ru: { nominative: "Федеративная Республика Бразилия" },
    zh: "巴西联邦共和国",
    ar: "جمهورية البرازيل الاتحادية",
  },
  JP: {
    en: { name: "Japan", article: null },
    fr: { name: "Japon", article: "le" },
    es: { name: "Japón", article: "el" },
    ru: { nominative: "Япония" },
    zh: "日本国",
    ar: "اليابان",
  },
  NL: {
    en: { name: "Kingdom of the Netherlands", article: "the" },
    fr: { name: "Royaume des Pays-Bas", article: "le" },
    es: { name: "Reino de los Países Bajos", article: "el" },
    ru: { nominative: "Королевство Нидерландов" },
    zh: "荷兰王国",
    ar: "مملكة هولندا",
  },
  CH: {
    en: { name: "Swiss Confederation", article: "the" },
    fr: { name: "Confédération suisse", article: "la" },
    es: { name: "Confederación Suiza", article: "la" },
    ru: { nominative: "Швейцарская Конфедерация" },
    zh: "瑞士联邦",
    ar: "الاتحاد السويسري",
  },
  MX: {
    en: { name: "United Mexican States", article: "the" },
    fr: { name: "États-Unis du Mexique", article: "les" },
    es: { name: "Estados Unidos Mexicanos", article: "los" },
    ru: { nominative: "Мексиканские Соединенные Штаты" },
    zh: "墨西哥合众国",
    ar: "الولايات المتحدة المكسيكية",
  },
  IR: {
    en: { name: "Islamic Republic of Iran", article: "the" },
    fr: { name: "République islamique d'Iran", article: "la" },
    es: { name: "República Islámica del Irán", article: "la" },
    ru: { nominative: "Исламская Республика Иран" },
    zh: "伊朗伊斯兰共和国",
    ar: "جمهورية إيران الإسلامية",
  },
};

/** The recorded forms of a state's name, or undefined where none are recorded. */
export function stateNameForms(code: string): StateNameForms | undefined {
  return STATE_NAME_FORMS[code];
}

/** The recorded name standing alone (an address line, a label's value), without its article. */
export function recordedName(code: string, lang: DocumentLanguage): string | undefined {
  const f = STATE_NAME_FORMS[code];
  if (!f) return undefined;
  switch (lang) {
    case "en":
    case "fr":
    case "es":
      return f[lang].name;
    case "ru":
      return f.ru.nominative;
    case "zh":
    case "ar":
      return f[lang];
  }
}

/** French "de" before a name with its article: "de la", "du", "des", "de l'" (the elision kept as written). */
const FR_DE: Record<Exclude<FrArticle, null>, string> = { le: "du ", la: "de la ", les: "des ", "l'": "de l'" };
/** Spanish "de" before a name with its article: "del", "de la", "de los", "de las". */
const ES_DE: Record<Exclude<EsArticle, null>, string> = { el: "del ", la: "de la ", los: "de los ", las: "de las " };

/**
 * "Of <state>" as the language writes it after "the competent authorities", from recorded forms only:
 * "of the Russian Federation", "de la Fédération de Russie", "del Reino Unido…", "Российской Федерации"
 * (the genitive alone: Russian marks "of" by the case). Undefined where the forms are not recorded, and
 * for Chinese and Arabic, whose sentences need no form of the name other than the name itself.
 */
export function ofState(code: string, lang: DocumentLanguage): string | undefined {
  const f = STATE_NAME_FORMS[code];
  if (!f) return undefined;
  switch (lang) {
    case "en":
      return `of ${f.en.article ? `${f.en.article} ` : ""}${f.en.name}`;
    case "fr":
      // Names without an article that begin with a vowel would elide to "d'"; none recorded is such a name.
      return f.fr.article ? `${FR_DE[f.fr.article]}${f.fr.name}` : `de ${f.fr.name}`;
    case "es":
      return f.es.article ? `${ES_DE[f.es.article]}${f.es.name}` : `de ${f.es.name}`;
    case "ru":
      return f.ru.genitive?.form;
    case "zh":
    case "ar":
      return undefined;
  }
}
