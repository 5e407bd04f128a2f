/**
 * The fixed text of a request in the six official languages of the United Nations. Only headings,
 * labels and set phrases live here; what the user types stays in the language it was typed in. State
 * names are the official ones of the jurisdictions data, language names come from the Unicode CLDR
 * data in ICU (Intl.DisplayNames), dates from Intl too.
 */
import type { Measure } from "../law/codes.js";
import { MEASURE_WORDS } from "../law/measure-words.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import type { DocumentLanguage } from "./draft.js";
import { ofState, recordedName } from "./state-names.js";

/** Who makes the request: the central authority by name, or the requesting state where none is given. */
export interface Sender {
  kind: "authority" | "state";
  name: string;
}

export interface FixedText {
  dir: "ltr" | "rtl";
  /** Between a label and its value, as the language writes it. */
  colon: string;
  title: string;
  to: string;
  /** The addressee where the directory records no central authority: named by its state, never invented. */
  centralAuthorityOf: (requested: { name: string; of?: string | undefined }) => string;
  email: string;
  from: string;
  ourReference: string;
  yourReference: string;
  date: string;
  /**
   * The opening sentence: who asks (the central authority, or the requesting state where none is given)
   * and the requested state, by name and, where its forms are recorded, as "of <state>" in the language.
   */
  intro: (sender: Sender, requested: { name: string; of?: string | undefined }) => string;
  confidential: string;
  strictlyConfidential: string;
  headings: {
    basis: string;
    authority: string;
    subject: string;
    facts: string;
    offences: string;
    assistance: string;
    purpose: string;
    procedures: string;
    confidentiality: string;
    urgency: string;
    contacts: string;
    language: string;
    annexes: string;
  };
  basisMain: (instrument: string, cite: string) => string;
  basisAlternative: (list: string) => string;
  conductedBy: string;
  functions: string;
  nature: string;
  stage: string;
  natures: Record<"investigation" | "prosecution" | "trial" | "appeal" | "enforcement" | "other", string>;
  offence: string;
  provision: string;
  provisionText: string;
  penalty: string;
  relevance: string;
  labels: {
    description: string;
    person: string;
    role: string;
    dateOfBirth: string;
    nationality: string;
    address: string;
    questions: string;
    underOath: string;
    attendance: string;
    videoLink: string;
    holder: string;
    period: string;
    recordType: string;
    documentToServe: string;
    place: string;
    items: string;
    domesticOrder: string;
    custodyConsent: string;
    custodyArrangements: string;
    returnBy: string;
    provider: string;
    accountIdentifiers: string;
    dateRange: string;
    preservationReference: string;
    asset: string;
    assetHolder: string;
    assetValue: string;
  };
  roles: Record<"suspect" | "accused" | "witness" | "expert" | "victim" | "person_in_custody" | "holder" | "other", string>;
  yes: string;
  no: string;
  measures: Record<Measure, string>;
  noProcedure: string;
  confidentialityRequested: string;
  noConfidentiality: string;
  urgent: (date: string) => string;
  noTimeLimit: string;
  languageRequired: (languages: string, cite: string) => string;
  languageFallback: (languages: string) => string;
  writtenIn: (language: string) => string;
  translationNeeded: (languages: string) => string;
  noTranslationNeeded: string;
  annex: (n: number) => string;
  noAnnexes: string;
  signedAt: (place: string, date: string) => string;
  page: (n: number, of: number) => string;
  fixedTextNote: string;
}

const en: FixedText = {
  colon: ": ",
  dir: "ltr",
  title: "Request for mutual legal assistance in criminal matters",
  to: "To",
  centralAuthorityOf: (r) => `The Central Authority ${r.of ?? `of the requested State (${r.name})`}`,
  email: "E-mail",
  from: "From",
  ourReference: "Our reference",
  yourReference: "Your reference",
  date: "Date",
  // The sender in brackets after a noun of its own, so no article or agreement depends on a typed name.
  intro: (s, r) =>
    `The requesting ${s.kind === "authority" ? "authority" : "State"} (${s.name}) requests the assistance of the competent authorities ${r.of ?? `of the requested State (${r.name})`} in the criminal matter described below.`,
  confidential: "CONFIDENTIAL",
  strictlyConfidential: "STRICTLY CONFIDENTIAL",
  headings: {
    basis: "Legal basis",
    authority: "Authority conducting the investigation or proceedings",
    subject: "Subject and nature of the case",
    facts: "Summary of the facts",
    offences: "Offences and applicable law",
    assistance: "Assistance requested",
    purpose: "Purpose of the request and relevance of the evidence",
    procedures: "Procedures to be followed",
    confidentiality: "Confidentiality",
    urgency: "Time limits and urgency",
    contacts: "Contacts",
    language: "Language of the request",
    annexes: "Annexes",
  },
  basisMain: (i, c) => `This request is made under the ${i} (${c}).`,
  basisAlternative: (list) => `In the alternative, it is also made under: ${list}.`,
  conductedBy: "Authority",
  functions: "Functions",
  nature: "Nature of the case",
  stage: "Stage of the proceedings",
  natures: {
    investigation: "Criminal investigation",
    prosecution: "Prosecution",
    trial: "Trial",
    appeal: "Appeal",
    enforcement: "Enforcement of a decision",
    other: "Other proceedings",
  },
  offence: "Offence",
  provision: "Provision",
  provisionText: "Text of the provision",
  penalty: "Penalty",
  relevance: "Relevance of the evidence sought",
  labels: {
    description: "Assistance sought",
    person: "Person",
    role: "Role",
    dateOfBirth: "Date of birth",
    nationality: "Nationality",
    address: "Address or last known whereabouts",
    questions: "Questions",
    underOath: "Under oath or affirmation",
    attendance: "Persons wishing to attend",
    videoLink: "By video link",
    holder: "Holder",
    period: "Period",
    recordType: "Type of records or documents",
    documentToServe: "Document to be served",
    place: "Place, object or site",
    items: "Items to be seized",
    domesticOrder: "Domestic order",
    custodyConsent: "Consent of the person",
    custodyArrangements: "Custody arrangements",
    returnBy: "Return by",
    provider: "Service provider",
    accountIdentifiers: "Identifiers",
    dateRange: "Date range",
    preservationReference: "Preservation reference",
    asset: "Asset",
    assetHolder: "Holder of the asset",
    assetValue: "Value",
  },
  roles: {
    suspect: "Suspect",
    accused: "Accused",
    witness: "Witness",
    expert: "Expert",
    victim: "Victim",
    person_in_custody: "Person in custody",
    holder: "Holder",
    other: "Other",
  },
  yes: "Yes",
  no: "No",
  measures: MEASURE_WORDS.en,
  noProcedure: "No particular procedure is requested.",
  confidentialityRequested:
    "The requesting authority asks that this request, its contents and its existence be kept confidential, except as far as needed to execute it.",
  noConfidentiality: "No confidentiality beyond the usual is requested.",
  urgent: (d) => `This request is urgent. Please execute it by ${d}.`,
  noTimeLimit: "No particular time limit applies.",
  languageRequired: (l, c) => `The requested state requires requests in, or translated into: ${l} (${c}).`,
  languageFallback: (l) => `No rule on the language of requests was found; the official language of the requested state: ${l}.`,
  writtenIn: (l) => `This request is written in ${l}.`,
  translationNeeded: (l) => `A translation into ${l} is still needed.`,
  noTranslationNeeded: "No translation is needed.",
  annex: (n) => `Annex ${n}`,
  noAnnexes: "None.",
  signedAt: (p, d) => `${p}, ${d}`,
  page: (n, of) => `Page ${n} of ${of}`,
  fixedTextNote: "Fixed text",
};

const fr: FixedText = {
  colon: "\u00a0: ",
  dir: "ltr",
  title: "Demande d’entraide judiciaire en matière pénale",
  to: "Destinataire",
  centralAuthorityOf: (r) => `L’autorité centrale ${r.of ?? `de l’État requis (${r.name})`}`,
  email: "Courriel",
  from: "Expéditeur",
  ourReference: "Notre référence",
  yourReference: "Votre référence",
  date: "Date",
  intro: (s, r) =>
    `${s.kind === "authority" ? "L’autorité requérante" : "L’État requérant"} (${s.name}) sollicite l’assistance des autorités compétentes ${r.of ?? `de l’État requis (${r.name})`} dans l’affaire pénale décrite ci-après.`,
  confidential: "CONFIDENTIEL",
  strictlyConfidential: "STRICTEMENT CONFIDENTIEL",
  headings: {
    basis: "Fondement juridique",
    authority: "Autorité chargée de l’enquête ou de la procédure",
    subject: "Objet et nature de l’affaire",
    facts: "Exposé sommaire des faits",
    offences: "Infractions et droit applicable",
    assistance: "Entraide demandée",
    purpose: "But de la demande et pertinence des éléments de preuve",
    procedures: "Procédures à suivre",
    confidentiality: "Confidentialité",
    urgency: "Délais et urgence",
    contacts: "Personnes à contacter",
    language: "Langue de la demande",
    annexes: "Annexes",
  },
  basisMain: (i, c) => `La présente demande est fondée sur l’instrument suivant : ${i} (${c}).`,
  basisAlternative: (list) => `À titre subsidiaire, elle est également fondée sur : ${list}.`,
  conductedBy: "Autorité",
  functions: "Fonctions",
  nature: "Nature de l’affaire",
  stage: "Stade de la procédure",
  natures: {
    investigation: "Enquête pénale",
    prosecution: "Poursuites",
    trial: "Procès",
    appeal: "Appel",
    enforcement: "Exécution d’une décision",
    other: "Autre procédure",
  },
  offence: "Infraction",
  provision: "Disposition",
  provisionText: "Texte de la disposition",
  penalty: "Peine encourue",
  relevance: "Pertinence des éléments de preuve demandés",
  labels: {
    description: "Assistance demandée",
    person: "Personne",
    role: "Qualité",
    dateOfBirth: "Date de naissance",
    nationality: "Nationalité",
    address: "Adresse ou dernier lieu de séjour connu",
    questions: "Questions",
    underOath: "Sous serment ou affirmation solennelle",
    attendance: "Personnes souhaitant assister",
    videoLink: "Par vidéoconférence",
    holder: "Détenteur",
    period: "Période",
    recordType: "Nature des pièces ou documents",
    documentToServe: "Acte à signifier",
    place: "Lieu, objet ou site",
    items: "Objets à saisir",
    domesticOrder: "Décision nationale",
    custodyConsent: "Consentement de la personne",
    custodyArrangements: "Modalités de la détention",
    returnBy: "Retour au plus tard le",
    provider: "Fournisseur de services",
    accountIdentifiers: "Identifiants",
    dateRange: "Période des données",
    preservationReference: "Référence de la conservation",
    asset: "Bien",
    assetHolder: "Titulaire du bien",
    assetValue: "Valeur",
  },
  roles: {
    suspect: "Suspect",
    accused: "Accusé",
    witness: "Témoin",
    expert: "Expert",
    victim: "Victime",
    person_in_custody: "Personne détenue",
    holder: "Détenteur",
    other: "Autre",
  },
  yes: "Oui",
  no: "Non",
  measures: MEASURE_WORDS.fr,
  noProcedure: "Aucune procédure particulière n’est demandée.",
  confidentialityRequested:
    "L’autorité requérante demande que la présente demande, son contenu et son existence restent confidentiels, sauf dans la mesure nécessaire à son exécution.",
  noConfidentiality: "Aucune confidentialité particulière n’est demandée.",
  urgent: (d) => `La présente demande est urgente. Il est demandé de l’exécuter au plus tard le ${d}.`,
  noTimeLimit: "Aucun délai particulier n’est fixé.",
  languageRequired: (l, c) => `L’État requis exige que les demandes soient rédigées ou traduites en : ${l} (${c}).`,
  languageFallback: (l) => `Aucune règle sur la langue des demandes n’a été trouvée ; langue officielle de l’État requis : ${l}.`,
  writtenIn: (l) => `La présente demande est rédigée en ${l}.`,
  translationNeeded: (l) => `Une traduction dans la langue suivante reste nécessaire : ${l}.`,
  noTranslationNeeded: "Aucune traduction n’est nécessaire.",
  annex: (n) => `Annexe ${n}`,
  noAnnexes: "Néant.",
  signedAt: (p, d) => `Fait à ${p}, le ${d}`,
  page: (n, of) => `Page ${n} sur ${of}`,
  fixedTextNote: "Texte fixe",
};

const es: FixedText = {
  colon: ": ",
  dir: "ltr",
  title: "Solicitud de asistencia judicial recíproca en materia penal",
  to: "Destinatario",
  centralAuthorityOf: (r) => `La autoridad central ${r.of ?? `del Estado requerido (${r.name})`}`,
  email: "Correo electrónico",
  from: "Remitente",
  ourReference: "Nuestra referencia",
  yourReference: "Su referencia",
  date: "Fecha",
  intro: (s, r) =>
    `${s.kind === "authority" ? "La autoridad requirente" : "El Estado requirente"} (${s.name}) solicita la asistencia de las autoridades competentes ${r.of ?? `del Estado requerido (${r.name})`} en el asunto penal que se describe a continuación.`,
  confidential: "CONFIDENCIAL",
  strictlyConfidential: "ESTRICTAMENTE CONFIDENCIAL",
  headings: {
    basis: "Fundamento jurídico",
    authority: "Autoridad encargada de la investigación o del proceso",
    subject: "Objeto y naturaleza del asunto",
    facts: "Resumen de los hechos",
    offences: "Delitos y derecho aplicable",
    assistance: "Asistencia solicitada",
    purpose: "Finalidad de la solicitud y pertinencia de las pruebas",
    procedures: "Procedimientos que deben seguirse",
    confidentiality: "Confidencialidad",
    urgency: "Plazos y urgencia",
    contacts: "Personas de contacto",
    language: "Idioma de la solicitud",
    annexes: "Anexos",
  },
  basisMain: (i, c) => `La presente solicitud se formula en virtud del siguiente instrumento: ${i} (${c}).`,
  basisAlternative: (list) => `Subsidiariamente, se formula también en virtud de: ${list}.`,
  conductedBy: "Autoridad",
  functions: "Funciones",
  nature: "Naturaleza del asunto",
  stage: "Fase del procedimiento",
  natures: {
    investigation: "Investigación penal",
    prosecution: "Acusación",
    trial: "Juicio",
    appeal: "Apelación",
    enforcement: "Ejecución de una resolución",
    other: "Otro procedimiento",
  },
  offence: "Delito",
  provision: "Disposición",
  provisionText: "Texto de la disposición",
  penalty: "Pena",
  relevance: "Pertinencia de las pruebas solicitadas",
  labels: {
    description: "Asistencia solicitada",
    person: "Persona",
    role: "Condición",
    dateOfBirth: "Fecha de nacimiento",
    nationality: "Nacionalidad",
    address: "Domicilio o último paradero conocido",
    questions: "Preguntas",
    underOath: "Bajo juramento o promesa",
    attendance: "Personas que desean estar presentes",
    videoLink: "Por videoconferencia",
    holder: "Titular",
    period: "Período",
    recordType: "Tipo de registros o documentos",
    documentToServe: "Documento que debe notificarse",
    place: "Lugar, objeto o sitio",
    items: "Objetos que deben incautarse",
    domesticOrder: "Resolución nacional",
    custodyConsent: "Consentimiento de la persona",
    custodyArrangements: "Condiciones de custodia",
    returnBy: "Devolución a más tardar el",
    provider: "Proveedor de servicios",
    accountIdentifiers: "Identificadores",
    dateRange: "Período de los datos",
    preservationReference: "Referencia de la conservación",
    asset: "Bien",
    assetHolder: "Titular del bien",
    assetValue: "Valor",
  },
  roles: {
    suspect: "Sospechoso",
    accused: "Acusado",
    witness: "Testigo",
    expert: "Perito",
    victim: "Víctima",
    person_in_custody: "Persona detenida",
    holder: "Titular",
    other: "Otro",
  },
  yes: "Sí",
  no: "No",
  measures: MEASURE_WORDS.es,
  noProcedure: "No se solicita ningún procedimiento especial.",
  confidentialityRequested:
    "La autoridad requirente solicita que se mantengan confidenciales la presente solicitud, su contenido y su existencia, salvo en la medida necesaria para su ejecución.",
  noConfidentiality: "No se solicita una confidencialidad especial.",
  urgent: (d) => `La presente solicitud es urgente. Se ruega ejecutarla a más tardar el ${d}.`,
  noTimeLimit: "No se fija ningún plazo especial.",
  languageRequired: (l, c) =>
    `El Estado requerido exige que las solicitudes se presenten en el siguiente idioma o traducidas a él: ${l} (${c}).`,
  languageFallback: (l) => `No se encontró ninguna norma sobre el idioma de las solicitudes; idioma oficial del Estado requerido: ${l}.`,
  writtenIn: (l) => `La presente solicitud está redactada en ${l}.`,
  translationNeeded: (l) => `Aún se necesita una traducción al siguiente idioma: ${l}.`,
  noTranslationNeeded: "No se necesita traducción.",
  annex: (n) => `Anexo ${n}`,
  noAnnexes: "Ninguno.",
  signedAt: (p, d) => `${p}, ${d}`,
  page: (n, of) => `Página ${n} de ${of}`,
  fixedTextNote: "Texto fijo",
};

const ru: FixedText = {
  colon: ": ",
  dir: "ltr",
  title: "Запрос о взаимной правовой помощи по уголовному делу",
  to: "Кому",
  centralAuthorityOf: (r) => `Центральный орган ${r.of ?? `запрашиваемого государства (${r.name})`}`,
  email: "Электронная почта",
  from: "От кого",
  ourReference: "Наш номер",
  yourReference: "Ваш номер",
  date: "Дата",
  // "Органы" governs the genitive: the recorded genitive, or the nominative in brackets after "государства".
  intro: (s, r) =>
    `${s.kind === "authority" ? "Запрашивающий орган" : "Запрашивающее государство"} (${s.name}) просит компетентные органы ${r.of ?? `запрашиваемого государства (${r.name})`} оказать содействие по уголовному делу, описанному ниже.`,
  confidential: "КОНФИДЕНЦИАЛЬНО",
  strictlyConfidential: "СТРОГО КОНФИДЕНЦИАЛЬНО",
  headings: {
    basis: "Правовое основание",
    authority: "Орган, осуществляющий расследование или производство",
    subject: "Предмет и характер дела",
    facts: "Краткое изложение фактических обстоятельств",
    offences: "Преступления и применимое право",
    assistance: "Запрашиваемая помощь",
    purpose: "Цель запроса и значение запрашиваемых доказательств",
    procedures: "Порядок исполнения",
    confidentiality: "Конфиденциальность",
    urgency: "Сроки и срочность",
    contacts: "Контактные лица",
    language: "Язык запроса",
    annexes: "Приложения",
  },
  basisMain: (i, c) => `Настоящий запрос направляется на основании следующего документа: ${i} (${c}).`,
  basisAlternative: (list) => `Дополнительно запрос основывается на: ${list}.`,
  conductedBy: "Орган",
  functions: "Полномочия",
  nature: "Характер дела",
  stage: "Стадия производства",
  natures: {
    investigation: "Уголовное расследование",
    prosecution: "Уголовное преследование",
    trial: "Судебное разбирательство",
    appeal: "Обжалование",
    enforcement: "Исполнение решения",
    other: "Иное производство",
  },
  offence: "Преступление",
  provision: "Норма",
  provisionText: "Текст нормы",
  penalty: "Наказание",
  relevance: "Значение запрашиваемых доказательств",
  labels: {
    description: "Запрашиваемая помощь",
    person: "Лицо",
    role: "Процессуальное положение",
    dateOfBirth: "Дата рождения",
    nationality: "Гражданство",
    address: "Адрес или последнее известное местонахождение",
    questions: "Вопросы",
    underOath: "Под присягой или торжественным заявлением",
    attendance: "Лица, желающие присутствовать",
    videoLink: "С использованием видеосвязи",
    holder: "Держатель",
    period: "Период",
    recordType: "Вид документов или записей",
    documentToServe: "Документ для вручения",
    place: "Место, предмет или объект",
    items: "Предметы, подлежащие изъятию",
    domesticOrder: "Внутреннее постановление",
    custodyConsent: "Согласие лица",
    custodyArrangements: "Условия содержания под стражей",
    returnBy: "Возвращение не позднее",
    provider: "Поставщик услуг",
    accountIdentifiers: "Идентификаторы",
    dateRange: "Период данных",
    preservationReference: "Номер запроса о сохранении",
    asset: "Имущество",
    assetHolder: "Владелец имущества",
    assetValue: "Стоимость",
  },
  roles: {
    suspect: "Подозреваемый",
    accused: "Обвиняемый",
    witness: "Свидетель",
    expert: "Эксперт",
    victim: "Потерпевший",
    person_in_custody: "Лицо, содержащееся под стражей",
    holder: "Держатель",
    other: "Иное",
  },
  yes: "Да",
  no: "Нет",
  measures: MEASURE_WORDS.ru,
  noProcedure: "Особый порядок исполнения не запрашивается.",
  confidentialityRequested:
    "Запрашивающий орган просит сохранять конфиденциальность настоящего запроса, его содержания и самого факта его направления, за исключением случаев, необходимых для его исполнения.",
  noConfidentiality: "Особая конфиденциальность не запрашивается.",
  urgent: (d) => `Настоящий запрос является срочным. Просьба исполнить его не позднее ${d}.`,
  noTimeLimit: "Особые сроки не установлены.",
  languageRequired: (l, c) =>
    `Запрашиваемое государство требует, чтобы запросы составлялись на следующем языке или сопровождались переводом на него: ${l} (${c}).`,
  languageFallback: (l) => `Правило о языке запросов не найдено; официальный язык запрашиваемого государства: ${l}.`,
  writtenIn: (l) => `Настоящий запрос составлен на языке: ${l}.`,
  translationNeeded: (l) => `Требуется перевод на язык: ${l}.`,
  noTranslationNeeded: "Перевод не требуется.",
  annex: (n) => `Приложение ${n}`,
  noAnnexes: "Нет.",
  signedAt: (p, d) => `${p}, ${d}`,
  page: (n, of) => `Страница ${n} из ${of}`,
  fixedTextNote: "Постоянный текст",
};

const zh: FixedText = {
  colon: "：",
  dir: "ltr",
  title: "刑事司法协助请求书",
  to: "收件机关",
  centralAuthorityOf: (r) => `${r.name}中央机关`,
  email: "电子邮件",
  from: "发件机关",
  ourReference: "我方编号",
  yourReference: "贵方编号",
  date: "日期",
  // Chinese has neither case nor agreement: the names stand as they are.
  intro: (s, r) => `${s.name}请求${r.name}主管机关就下述刑事事项提供协助。`,
  confidential: "机密",
  strictlyConfidential: "绝密",
  headings: {
    basis: "法律依据",
    authority: "负责侦查或诉讼的机关",
    subject: "案件事由和性质",
    facts: "案情摘要",
    offences: "罪名及适用法律",
    assistance: "请求提供的协助",
    purpose: "请求目的及所需证据的关联性",
    procedures: "应遵循的程序",
    confidentiality: "保密",
    urgency: "期限和紧急情况",
    contacts: "联系人",
    language: "请求书语言",
    annexes: "附件",
  },
  basisMain: (i, c) => `本请求依据以下文书提出：${i}（${c}）。`,
  basisAlternative: (list) => `此外，本请求亦依据：${list}。`,
  conductedBy: "机关",
  functions: "职能",
  nature: "案件性质",
  stage: "诉讼阶段",
  natures: { investigation: "刑事侦查", prosecution: "起诉", trial: "审判", appeal: "上诉", enforcement: "判决执行", other: "其他程序" },
  offence: "罪名",
  provision: "法律条文",
  provisionText: "条文内容",
  penalty: "刑罚",
  relevance: "所需证据的关联性",
  labels: {
    description: "请求的协助",
    person: "人员",
    role: "身份",
    dateOfBirth: "出生日期",
    nationality: "国籍",
    address: "地址或最后已知下落",
    questions: "询问问题",
    underOath: "经宣誓或郑重声明",
    attendance: "希望在场的人员",
    videoLink: "通过视频方式",
    holder: "持有人",
    period: "期间",
    recordType: "记录或文件类型",
    documentToServe: "须送达的文书",
    place: "地点、物品或场所",
    items: "须扣押的物品",
    domesticOrder: "国内命令",
    custodyConsent: "本人同意",
    custodyArrangements: "羁押安排",
    returnBy: "送回期限",
    provider: "服务提供者",
    accountIdentifiers: "标识信息",
    dateRange: "数据期间",
    preservationReference: "保全编号",
    asset: "资产",
    assetHolder: "资产持有人",
    assetValue: "价值",
  },
  roles: {
    suspect: "犯罪嫌疑人",
    accused: "被告人",
    witness: "证人",
    expert: "鉴定人",
    victim: "被害人",
    person_in_custody: "在押人员",
    holder: "持有人",
    other: "其他",
  },
  yes: "是",
  no: "否",
  measures: MEASURE_WORDS.zh,
  noProcedure: "不要求特别程序。",
  confidentialityRequested: "请求机关请求对本请求、其内容及其存在予以保密，但执行本请求所必需者除外。",
  noConfidentiality: "不要求特别保密。",
  urgent: (d) => `本请求为紧急请求，请于${d}前执行。`,
  noTimeLimit: "无特别期限。",
  languageRequired: (l, c) => `被请求国要求请求书使用或附有以下语文的译文：${l}（${c}）。`,
  languageFallback: (l) => `未找到关于请求书语言的规定；被请求国的官方语言：${l}。`,
  writtenIn: (l) => `本请求书以${l}写成。`,
  translationNeeded: (l) => `仍需译成${l}。`,
  noTranslationNeeded: "无需翻译。",
  annex: (n) => `附件${n}`,
  noAnnexes: "无。",
  signedAt: (p, d) => `${p}，${d}`,
  page: (n, of) => `第${n}页，共${of}页`,
  fixedTextNote: "固定文本",
};

const ar: FixedText = {
  colon: ": ",
  dir: "rtl",
  title: "طلب المساعدة القانونية المتبادلة في المسائل الجنائية",
  to: "إلى",
  centralAuthorityOf: (r) => `السلطة المركزية في ${r.name}`,
  email: "البريد الإلكتروني",
  from: "من",
  ourReference: "مرجعنا",
  yourReference: "مرجعكم",
  date: "التاريخ",
  // The verb agrees with "الجهة"/"الدولة" (feminine), never with a typed name; after "في" Arabic script marks no case.
  intro: (s, r) =>
    `تلتمس ${s.kind === "authority" ? "الجهة الطالبة" : "الدولة الطالبة"} (${s.name}) مساعدة السلطات المختصة في ${r.name} بشأن المسألة الجنائية المبينة أدناه.`,
  confidential: "سري",
  strictlyConfidential: "سري للغاية",
  headings: {
    basis: "الأساس القانوني",
    authority: "السلطة القائمة بالتحقيق أو الإجراءات",
    subject: "موضوع القضية وطبيعتها",
    facts: "ملخص الوقائع",
    offences: "الجرائم والقانون الواجب التطبيق",
    assistance: "المساعدة المطلوبة",
    purpose: "الغرض من الطلب وصلة الأدلة المطلوبة بالقضية",
    procedures: "الإجراءات الواجب اتباعها",
    confidentiality: "السرية",
    urgency: "المهل والاستعجال",
    contacts: "جهات الاتصال",
    language: "لغة الطلب",
    annexes: "المرفقات",
  },
  basisMain: (i, c) => `يُقدَّم هذا الطلب استناداً إلى الصك التالي: ${i} (${c}).`,
  basisAlternative: (list) => `ويستند الطلب احتياطياً أيضاً إلى: ${list}.`,
  conductedBy: "السلطة",
  functions: "الاختصاصات",
  nature: "طبيعة القضية",
  stage: "مرحلة الإجراءات",
  natures: {
    investigation: "تحقيق جنائي",
    prosecution: "ملاحقة قضائية",
    trial: "محاكمة",
    appeal: "استئناف",
    enforcement: "تنفيذ حكم",
    other: "إجراءات أخرى",
  },
  offence: "الجريمة",
  provision: "النص القانوني",
  provisionText: "نص المادة",
  penalty: "العقوبة",
  relevance: "صلة الأدلة المطلوبة بالقضية",
  labels: {
    description: "المساعدة المطلوبة",
    person: "الشخص",
    role: "الصفة",
    dateOfBirth: "تاريخ الميلاد",
    nationality: "الجنسية",
    address: "العنوان أو آخر مكان معروف",
    questions: "الأسئلة",
    underOath: "بعد حلف اليمين أو التوكيد الرسمي",
    attendance: "الأشخاص الراغبون في الحضور",
    videoLink: "عن طريق الاتصال المرئي",
    holder: "الحائز",
    period: "الفترة",
    recordType: "نوع السجلات أو المستندات",
    documentToServe: "المستند المطلوب تبليغه",
    place: "المكان أو الشيء أو الموقع",
    items: "الأشياء المطلوب ضبطها",
    domesticOrder: "الأمر الوطني",
    custodyConsent: "موافقة الشخص",
    custodyArrangements: "ترتيبات الاحتجاز",
    returnBy: "الإعادة في موعد أقصاه",
    provider: "مقدم الخدمة",
    accountIdentifiers: "المعرّفات",
    dateRange: "فترة البيانات",
    preservationReference: "مرجع طلب الحفظ",
    asset: "الأصل",
    assetHolder: "حائز الأصل",
    assetValue: "القيمة",
  },
  roles: {
    suspect: "مشتبه فيه",
    accused: "متهم",
    witness: "شاهد",
    expert: "خبير",
    victim: "ضحية",
    person_in_custody: "شخص محتجز",
    holder: "حائز",
    other: "أخرى",
  },
  yes: "نعم",
  no: "لا",
  measures: MEASURE_WORDS.ar,
  noProcedure: "لا يُطلب اتباع إجراء خاص.",
  confidentialityRequested: "تطلب السلطة الطالبة الحفاظ على سرية هذا الطلب ومضمونه ووجوده، إلا بالقدر اللازم لتنفيذه.",
  noConfidentiality: "لا تُطلب سرية خاصة.",
  urgent: (d) => `هذا الطلب عاجل. يُرجى تنفيذه في موعد أقصاه ${d}.`,
  noTimeLimit: "لا توجد مهلة محددة.",
  languageRequired: (l, c) => `تشترط الدولة المطلوب منها أن تُقدَّم الطلبات باللغة التالية أو مصحوبة بترجمة إليها: ${l} (${c}).`,
  languageFallback: (l) => `لم يُعثر على قاعدة بشأن لغة الطلبات؛ اللغة الرسمية للدولة المطلوب منها: ${l}.`,
  writtenIn: (l) => `حُرِّر هذا الطلب باللغة التالية: ${l}.`,
  translationNeeded: (l) => `لا تزال الترجمة إلى اللغة التالية مطلوبة: ${l}.`,
  noTranslationNeeded: "لا حاجة إلى ترجمة.",
  annex: (n) => `المرفق ${n}`,
  noAnnexes: "لا يوجد.",
  signedAt: (p, d) => `${p}، ${d}`,
  page: (n, of) => `الصفحة ${n} من ${of}`,
  fixedTextNote: "النص الثابت",
};

export const FIXED_TEXT: Record<DocumentLanguage, FixedText> = { en, fr, es, ru, zh, ar };

/**
 * A state's name in the language, standing alone: the UN formal name where recorded (state-names.ts,
 * "Russian Federation", "Fédération de Russie"), else the name of the jurisdictions data, else CLDR's
 * short name via ICU.
 */
export function stateName(code: string, lang: DocumentLanguage): string {
  const recorded = recordedName(code, lang);
  if (recorded) return typography(recorded, lang);
  const official = JURISDICTIONS.get(code)?.names[lang];
  if (official) return official;
  try {
    return displayNames(lang, "region").of(code) ?? code;
  } catch {
    return code;
  }
}

/** A language's name in the language of the document. */
export function languageName(code: string, lang: DocumentLanguage): string {
  try {
    return displayNames(lang, "language").of(code) ?? code;
  } catch {
    return code;
  }
}

/** A date (YYYY-MM-DD) written out in the language, in UTC so it never shifts by a day. */
export function longDate(day: string, lang: DocumentLanguage): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(lang, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

// ICU's formatters are costly to build and the same for every document: one per language.
const dateFormats = new Map<DocumentLanguage, Intl.DateTimeFormat>();
const names = new Map<string, Intl.DisplayNames>();
function displayNames(lang: DocumentLanguage, type: "region" | "language"): Intl.DisplayNames {
  const key = `${lang}|${type}`;
  let n = names.get(key);
  if (!n) {
    n = new Intl.DisplayNames([lang], { type, fallback: "code" });
    names.set(key, n);
  }
  return n;
}

/** The requested state as the opening sentence names it: its name, and "of <state>" where the forms are recorded. */
export function requestedState(code: string, lang: DocumentLanguage): { name: string; of?: string } {
  const of = ofState(code, lang);
  return { name: stateName(code, lang), ...(of ? { of: typography(of, lang) } : {}) };
}

/** French fixed text writes the apostrophe ’; UNTERM writes names with '. */
function typography(text: string, lang: DocumentLanguage): string {
  return lang === "fr" ? text.replaceAll("'", "’") : text;
}
