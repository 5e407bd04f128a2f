/**
 * Error messages in words: every refused value is described by a sentence that names the field as a
 * person would ("The title can be at most 400 characters.") while the machine-readable code and
 * the field's path stay in the JSON (`error`, `field`) for programs. The sentence is what the web app
 * shows; it never carries a field's code name.
 *
 * A schema's rule is written as a predicate ("must be an id: …", "can be at most 3 characters"),
 * which reads after the field's label, or as a statement of its own ("30 February 2018 does not
 * exist"), which follows the label after a colon.
 */

import type { Words } from "../words.js";
import { dateProblemOf } from "../law/dates.js";

/** The words for the fields the API takes, by the last named part of their path. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  accessList: "the access list",
  action: "the action",
  actor: "the actor",
  answerBy: "the date to answer by",
  assignedOrganisationId: "the assigned authority",
  authority: "the requesting authority",
  basis: "the legal basis",
  basisInstrument: "the legal basis",
  before: "the paging position",
  channel: "the channel",
  code: "the code",
  conditionsAccepted: "the conditions accepted",
  conditionsConsidered: "the conditions considered",
  conditionsOffered: "the conditions offered",
  confidentiality: "the confidentiality",
  confirmsOralRequestOf: "the oral request it confirms",
  consentBy: "the person who consented",
  consentOn: "the date of consent",
  content: "the content",
  contentType: "the type of the file",
  current: "the current password",
  cursor: "the paging position",
  deadline: "the deadline",
  description: "the description",
  direction: "the direction",
  disabled: "the disabled setting",
  displayName: "the name",
  documentId: "the document",
  documentIds: "the documents",
  documents: "the documents",
  email: "the e-mail address",
  endpoint: "the address of the node",
  executingAuthority: "the executing authority",
  expiresInDays: "the number of days before the token expires",
  extended: "the extension",
  facts: "the facts",
  filename: "the file name",
  final: "the final setting",
  format: "the format",
  from: "the requesting state",
  grounds: "the grounds",
  heldOn: "the date of the consultation",
  endsAt: "the end of the hearing",
  startsAt: "the start of the hearing",
  hearingId: "the hearing",
  interpreters: "the interpreters",
  languages: "the languages",
  measureId: "the measure",
  participants: "the participants",
  perjuryWarning: "the warning on perjury",
  phone: "the telephone number",
  presidingAuthority: "the presiding authority",
  requestedZone: "the requested state's time zone",
  requestingZone: "the requesting state's time zone",
  side: "the side",
  technicalContact: "the technical contact",
  holder: "the holder",
  iccs: "the offence category (ICCS section)",
  id: "the id",
  identity: "the identity",
  inCustody: "the custody setting",
  inReplyTo: "the message it answers",
  jurisdiction: "the jurisdiction",
  kind: "the kind",
  lang: "the language",
  legalProvision: "the legal provision",
  limit: "the number of results",
  measure: "the measure",
  measures: "the measures",
  name: "the name",
  next: "the new password",
  note: "the note",
  objectId: "the object id",
  objectType: "the object type",
  offence: "the offence",
  officer: "the officer",
  on: "the date of the request",
  onDate: "the date",
  organisationId: "the organisation",
  ourReference: "our reference",
  outcome: "the outcome",
  overdue: "the overdue filter",
  partlyDone: "the measures partly executed",
  partner: "the partner",
  password: "the password",
  penalty: "the penalty",
  permittedPurposes: "the permitted purposes",
  presenceEndedOn: "the date the presence ended",
  purpose: "the purpose",
  q: "the search text",
  reasons: "the reasons",
  receivedOn: "the date of receipt",
  receivedFrom: "the first day of receipt",
  receivedTo: "the last day of receipt",
  refusedMeasures: "the refused measures",
  released: "the date of release",
  requestDate: "the date of the request",
  requested: "the requested state",
  requesting: "the requesting state",
  resetTotp: "the second-factor reset setting",
  respondBy: "the date to respond by",
  retired: "the retired setting",
  returnBy: "the date to return by",
  role: "the role",
  safeConductExtended: "the safe-conduct extension",
  scope: "the scope",
  scopes: "the scopes",
  state: "the state",
  status: "the status",
  summary: "the summary",
  text: "the text",
  theirReference: "the partner's reference",
  title: "the title",
  to: "the requested state",
  topic: "the topic",
  transferConsentOn: "the date of consent to the transfer",
  urgency: "the urgency",
  version: "the version",
  within: "the number of days ahead",
  writtenConfirmationDue: "the date written confirmation is due",
};

/**
 * Labels that differ on some routes (by the route's URL): `from` and `to` are states in a question
 * of law but days in the audit trail's filter.
 */
export const ROUTE_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "/api/v1/audit": { from: "the first day", to: "the last day", actor: "the user" },
  // The statistics' period (elsewhere `from` and `to` are the requesting and requested states).
  "/api/v1/statistics": { from: "the first day", to: "the last day" },
};

/** "requestDate" → "the request date": the fallback for a field without a label of its own. */
function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .trim();
  return `the ${spaced || "request"}`;
}

/** A path's parts: "measures.0.description", "/measures/0/description" or an array of keys. */
function partsOf(path: string | readonly PropertyKey[]): string[] {
  if (typeof path !== "string") return path.map((p) => String(p));
  return path
    .replace(/^\//, "")
    .split(/[./]/)
    .filter((p) => p !== "");
}

/**
 * The field in words, with a capital: "title" → "The title"; "measures.0.description" → "The
 * description (item 1 of the measures)"; "" → "The request".
 */
export function fieldLabel(path: string | readonly PropertyKey[], route?: string): string {
  const own = route ? ROUTE_FIELD_LABELS[route] : undefined;
  const labelOf = (name: string) => own?.[name] ?? FIELD_LABELS[name] ?? words(name);
  const parts = partsOf(path).filter((p) => p !== "body" && p !== "query" && p !== "params" && p !== "querystring");
  const named = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  let label = named === undefined ? "the request" : labelOf(named);
  // The position in a list, counted from 1 as people count: the innermost index before the name.
  const at = named === undefined ? -1 : parts.lastIndexOf(named);
  const listIndex = parts.findLastIndex((p, i) => /^\d+$/.test(p) && i !== at);
  if (listIndex >= 0) {
    const list = parts.slice(0, listIndex).findLast((p) => !/^\d+$/.test(p));
    const position = Number(parts[listIndex]) + 1;
    const of = list ? ` of ${labelOf(list)}` : "";
    label = at > listIndex ? `${label} (item ${position}${of})` : `item ${position} of ${label}`;
  }
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Whether a rule reads after a label ("must …", "can …") rather than as a statement of its own. */
const PREDICATE = /^(must|can|cannot|is|are|has|have|may|should|does|do)\b/;

/** A sentence: the field's label and its rule ("The title can be at most 400 characters."). */
export function sentence(path: string | readonly PropertyKey[], rule: string, route?: string): string {
  const r = rule.trim().replace(/[.;]+$/, "");
  const label = fieldLabel(path, route);
  return PREDICATE.test(r) ? `${label} ${r}.` : `${label}: ${r}.`;
}

const count = (n: number) => n.toLocaleString("en-GB");
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** The parts of a zod issue the words need (as zod gives them, or as fastify-type-provider-zod passes them on). */
export interface IssueLike {
  code?: string;
  message?: string;
  origin?: string;
  expected?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
  keys?: readonly string[];
  format?: string;
}

/** zod's own wording ("Invalid input: …", "Too big: …"), which the words below replace. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized|Expected|Number must|String must)/;

const TYPE_WORDS: Record<string, string> = {
  string: "must be text",
  number: "must be a number",
  int: "must be a whole number",
  bigint: "must be a whole number",
  boolean: "must be true or false",
  array: "must be a list",
  object: "must be a set of fields (a JSON object)",
  date: "must be a date",
  null: "must be empty (null)",
};

/** The rule an issue broke, as a predicate or statement (no label, no full stop). */
export function ruleWords(issue: IssueLike): string {
  const own = issue.message ?? "";
  // The shared schemas word their rules themselves; zod's defaults are replaced by the words below.
  if (own && !ZOD_DEFAULT.test(own)) return own;
  const max = Number(issue.maximum);
  const min = Number(issue.minimum);
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `can be at most ${plural(max, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return `can have at most ${plural(max, "item")}`;
      return issue.inclusive === false ? `must be less than ${count(max)}` : `can be at most ${count(max)}`;
    case "too_small":
      if (issue.origin === "string") return min <= 1 ? "must not be empty" : `must have at least ${plural(min, "character")}`;
      if (issue.origin === "array" || issue.origin === "set") return `must have at least ${plural(min, "item")}`;
      return issue.inclusive === false ? `must be more than ${count(min)}` : `must be at least ${count(min)}`;
    case "invalid_type":
      if (/received undefined/.test(own)) return "is required";
      if (/received NaN/.test(own)) return "must be a number";
      return TYPE_WORDS[issue.expected ?? ""] ?? "has the wrong type";
    case "invalid_value": {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v));
      return values.length > 0 && values.length <= 16 ? `must be one of ${values.join(", ")}` : "is not one of the accepted values";
    }
    case "unrecognized_keys":
      return `has fields that are not accepted: ${(issue.keys ?? []).join(", ")}`;
    case "invalid_format":
      if (issue.format === "email") return "must be an e-mail address such as name@example.org";
      if (issue.format === "uuid" || issue.format === "guid") return "must be an id (a UUID)";
      return "is not written in the expected form";
    case "invalid_union":
      return "does not match any of the accepted forms";
    case "not_multiple_of":
      return "is not an accepted step";
    default:
      return "is not valid";
  }
}

/** The sentence for one issue at a path: "The title can be at most 400 characters." */
export function issueSentence(path: string | readonly PropertyKey[], issue: IssueLike, route?: string): string {
  return sentence(path, ruleWords(issue), route);
}

/**
 * The field as values of the web app's words (errors:fields.* and errors:field.*), or undefined for a
 * field without a label of its own (its English then stands). `field` is the label's key (the route's
 * own label as "route.name"); a position in a list adds `position` and, when the list is named, `list`.
 */
export function fieldParams(path: string | readonly PropertyKey[], route?: string): Record<string, string | number> | undefined {
  const own = route ? ROUTE_FIELD_LABELS[route] : undefined;
  const routeKey = route?.replace(/^\/api\/v1\//, "").replace(/\//g, ".");
  const keyOf = (name: string) => (own?.[name] ? `${routeKey}.${name}` : FIELD_LABELS[name] ? name : undefined);
  const parts = partsOf(path).filter((p) => p !== "body" && p !== "query" && p !== "params" && p !== "querystring");
  const named = [...parts].reverse().find((p) => !/^\d+$/.test(p));
  const field = named === undefined ? "request" : keyOf(named);
  if (field === undefined) return undefined;
  const at = named === undefined ? -1 : parts.lastIndexOf(named);
  const listIndex = parts.findLastIndex((p, i) => /^\d+$/.test(p) && i !== at);
  if (listIndex < 0) return { field };
  const position = Number(parts[listIndex]) + 1;
  if (at < listIndex) return { field, position, form: "itemOf" };
  const listName = parts.slice(0, listIndex).findLast((p) => !/^\d+$/.test(p));
  if (listName === undefined) return { field, position, form: "inList" };
  const list = keyOf(listName);
  return list === undefined ? undefined : { field, position, list, form: "inList" };
}

/** The rule an issue broke as a key of errors:validation.* and its values, mirroring ruleWords; undefined for rules without words. */
export function ruleKey(issue: IssueLike): { rule: string; params?: Record<string, string | number> } | undefined {
  const own = issue.message ?? "";
  if (own && !ZOD_DEFAULT.test(own)) {
    const long = own.match(/^can be at most ([\d,]+) characters?$/);
    if (long) return { rule: "tooLong", params: { count: Number((long[1] ?? "").replace(/,/g, "")) } };
    const short = own.match(/^must have at least (\d+) characters?$/);
    if (short) return { rule: "tooShort", params: { count: Number(short[1]) } };
    const fixed = OWN_RULES[own];
    if (fixed) return { rule: fixed };
    const date = dateProblemOf(own);
    if (date) return Object.keys(date.params).length > 0 ? date : { rule: date.rule };
    return undefined;
  }
  const max = Number(issue.maximum);
  const min = Number(issue.minimum);
  const list = issue.origin === "array" || issue.origin === "set";
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return { rule: "tooLong", params: { count: max } };
      if (list) return { rule: "tooManyItems", params: { count: max } };
      return { rule: issue.inclusive === false ? "lessThan" : "atMost", params: { number: max } };
    case "too_small":
      if (issue.origin === "string") return min <= 1 ? { rule: "notEmpty" } : { rule: "tooShort", params: { count: min } };
      if (list) return { rule: "tooFewItems", params: { count: min } };
      return { rule: issue.inclusive === false ? "moreThan" : "atLeast", params: { number: min } };
    case "invalid_type":
      if (/received undefined/.test(own)) return { rule: "required" };
      if (/received NaN/.test(own)) return { rule: "type_number" };
      return TYPE_WORDS[issue.expected ?? ""]
        ? { rule: `type_${issue.expected === "bigint" ? "int" : issue.expected}` }
        : { rule: "wrongType" };
    case "invalid_value": {
      const values = (issue.values ?? []).map((v) => JSON.stringify(v));
      return values.length > 0 && values.length <= 16 ? { rule: "oneOf", params: { values: values.join(", ") } } : { rule: "notAccepted" };
    }
    case "unrecognized_keys":
      return { rule: "unknownFields", params: { fields: (issue.keys ?? []).join(", ") } };
    case "invalid_format":
      if (issue.format === "email") return { rule: "email" };
      if (issue.format === "uuid" || issue.format === "guid") return { rule: "uuid" };
      return { rule: "format" };
    case "invalid_union":
      return { rule: "union" };
    case "not_multiple_of":
      return { rule: "step" };
    default:
      return { rule: "invalid" };
  }
}

/** The shared schemas' own rules with words (schemas.ts), by their English. */
const OWN_RULES: Readonly<Record<string, string>> = {
  "must not be empty": "notEmpty",
  "must be an id: 32 hexadecimal digits in groups 8-4-4-4-12 (a UUID)": "id",
  "must be text without control characters (such as NUL) or unpaired surrogates": "text",
  "must be an e-mail address such as name@example.org": "email",
  "must be a two-letter jurisdiction code such as FR": "jurisdictionCode",
  "must be a date and time with its offset from UTC, such as 2026-03-09T14:00:00Z": "instant",
  "must be an IANA time zone such as Europe/Moscow": "timeZone",
  "must be an ISO 639 language code such as ru or en": "languageCode",
};

/**
 * The sentence for one issue as words of the web app (errors:validation.<rule>, the field's label among
 * the values), or undefined where the field or the rule has none: the English sentence then stands.
 */
export function issueWords(path: string | readonly PropertyKey[], issue: IssueLike, route?: string): Words | undefined {
  const rule = ruleKey(issue);
  const field = fieldParams(path, route);
  if (!rule || !field) return undefined;
  return { key: `errors:validation.${rule.rule}`, params: { ...field, ...rule.params } };
}
