/**
 * fast-check arbitraries derived from the OpenAPI description's JSON Schemas: for each parameter and
 * body property, mostly values of the declared shape (with meaning guessed from the field's name: dates,
 * states, ids, e-mails), and in a fair share hostile ones — wrong types, strings past their limit,
 * NUL, lone surrogates, impossible or extreme dates, non-UUID ids, huge and negative numbers, extra
 * fields (one field in four). Used by openapi.db.test.ts.
 */
import fc from "fast-check";

/** The subset of JSON Schema that @fastify/swagger produces from our zod schemas. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  description?: string;
  format?: string;
  default?: unknown;
}

/** Real ids of each kind, created by the test before fuzzing, so valid-looking requests reach deep. */
export interface IdPool {
  cases: string[];
  measures: string[];
  documents: string[];
  evidence: string[];
  drafts: string[];
  users: string[];
  organisations: string[];
  tokens: string[];
  instruments: string[];
  provisions: string[];
}

/** Ids that are not UUIDs: 36 characters that match no UUID pattern, injections, traversal. */
export const HOSTILE_IDS = [
  "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
  "00000000-0000-0000-0000-00000000000g",
  "x".repeat(36),
  "00000000000000000000000000000000000000",
  "00000000-0000-0000-0000-000000000000",
  "' or 1=1 --",
  "../../etc/passwd",
  "-1",
  "0",
  "null",
  "__proto__",
];

/** Dates that match YYYY-MM-DD but do not exist, lie at the ends of the calendar, or nearly match. */
export const HOSTILE_DATES = [
  "2023-02-30",
  "2023-13-01",
  "2023-00-10",
  "0000-01-01",
  "0001-01-01",
  "9999-12-30",
  "9999-12-31",
  "2026-02-29",
  "2024-02-29",
  "2026-1-1",
  "20260101",
  "2026-01-01T00:00:00Z",
  "1900-01-01",
  "not a date",
];

/** Text no form would send: NUL, lone surrogates, right-to-left overrides, formulas, markup, huge. */
export const HOSTILE_TEXT = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "\uDFFF",
  "x\uD83D",
  "\u202Eevil\u202C",
  '=HYPERLINK("http://x")',
  "<script>alert(1)</script>",
  "Дело № 7 — ملف القضية 案件",
  "%00%ff",
  "\r\nSet-Cookie: x=1",
];

/** Values of the wrong JSON type for any field. */
const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -(2 ** 53),
  2 ** 53 + 2,
  [],
  [null],
  {},
  { __proto__x: 1 },
  "1",
);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A calendar date between 1990 and 2040, as YYYY-MM-DD. */
const sensibleDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const JURISDICTIONS = ["US", "RU", "GB", "FR", "DE", "BR", "IN", "HK", "CN", "KE", "ZZ", "us", "U", "USA"];

/** Which kind of value a field's name asks for. */
function kindOf(name: string, description = ""): "date" | "jurisdiction" | "id" | "email" | "instrument" | "provision" | "text" {
  const n = name.toLowerCase();
  if (/(^on$|on$|date$|due$|^released$|^returnby$|deadline|^from$|^to$|^before$)/.test(n) && /YYYY|date|day/i.test(`${description} ${n}`))
    return "date";
  if (/(^on$|on$|date$|due$|^released$|^returnby$|^deadline$|respondby)/.test(n)) return "date";
  if (/^(from|to|requesting|requested|partner|jurisdiction)$/.test(n)) return "jurisdiction";
  if (/^(basis|basisinstrument)$/.test(n)) return "instrument";
  if (/provision/.test(n)) return "provision";
  if (/email/.test(n)) return "email";
  if (/(^id$|id$|^officer$|^actor$|accesslist|refusedmeasures)/.test(n)) return "id";
  return "text";
}

function idsFor(name: string, pool: IdPool): string[] {
  const n = name.toLowerCase();
  if (n.includes("measure")) return pool.measures;
  if (n.includes("document")) return pool.documents;
  if (n.includes("evidence")) return pool.evidence;
  if (n.includes("organisation")) return pool.organisations;
  if (n.includes("officer") || n.includes("user") || n.includes("access") || n.includes("actor")) return pool.users;
  return [...pool.cases, ...pool.users];
}

/** Fits a sample of strings into the schema's length bounds (valid values should stay valid). */
const within = (s: JsonSchema, values: string[]) =>
  values.filter((v) => v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY) && v.length >= (s.minLength ?? 0));

/** Valid-looking strings for a field. */
function validString(name: string, s: JsonSchema, pool: IdPool): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  const max = Math.min(s.maxLength ?? 60, 60);
  const min = Math.min(s.minLength ?? 0, max);
  const kind = kindOf(name, s.description);
  const pick = (values: string[], fallback: fc.Arbitrary<string>) => {
    const ok = within(s, values);
    return ok.length > 0 ? fc.constantFrom(...ok) : fallback;
  };
  const plain = fc.string({ minLength: min, maxLength: max });
  switch (kind) {
    case "date":
      return sensibleDate;
    case "jurisdiction":
      return pick(JURISDICTIONS, plain);
    case "instrument":
      return pick(pool.instruments, plain);
    case "provision":
      return pick(pool.provisions, plain);
    case "email":
      return fc.oneof(fc.emailAddress(), pick(["officer@fuzz.test"], plain));
    case "id":
      return pick(idsFor(name, pool), plain);
    default:
      return fc.oneof(
        { weight: 3, arbitrary: plain },
        { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: min, maxLength: max }) },
      );
  }
}

/** Hostile strings for a field: past its limit, control characters, bad dates and ids. */
function hostileString(s: JsonSchema): fc.Arbitrary<string> {
  const over = (s.maxLength ?? 1000) + 1;
  return fc.oneof(
    fc.constantFrom(...HOSTILE_TEXT, ...HOSTILE_DATES, ...HOSTILE_IDS),
    fc.constant("a".repeat(Math.min(over, 300_000))),
    fc.constant("é".repeat(Math.min(over, 100_000))),
    fc.string({ unit: "binary", maxLength: 20 }).map((x) => `${x}\u0000${x}`),
  );
}

/** Whether a schema allows null (OpenAPI 3.0 `nullable`, or a null branch of anyOf). */
const isNullable = (s: JsonSchema) =>
  s.nullable === true || (Array.isArray(s.type) && s.type.includes("null")) || (s.anyOf ?? []).some((b) => b.type === "null");

/**
 * An arbitrary for one field: valid values three times in four, hostile ones otherwise. `depth`
 * bounds nesting so generated bodies stay small.
 */
export function valueFor(name: string, s: JsonSchema, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validValue(name, s, pool, depth) }, { weight: 1, arbitrary: hostileValue(s) });
}

function hostileValue(s: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(hostileString(s), wrongType);
}

function validValue(name: string, s: JsonSchema, pool: IdPool, depth: number): fc.Arbitrary<unknown> {
  const branches = s.anyOf ?? s.oneOf;
  if (branches && branches.length > 0) return fc.oneof(...branches.map((b) => validValue(name, b, pool, depth)));
  const inner = validInner(name, s, pool, depth);
  return isNullable(s) ? fc.oneof(inner, fc.constant(null)) : inner;
}

function validInner(name: string, s: JsonSchema, pool: IdPool, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      return validString(name, s, pool);
    case "integer":
    case "number": {
      const min = s.minimum ?? -1000;
      const max = s.maximum ?? 1000;
      const ints = fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
      // Out of range and fractional numbers are for the hostile side, except a few at the bounds.
      return fc.oneof({ weight: 5, arbitrary: ints }, { weight: 1, arbitrary: fc.constantFrom(min - 1, max + 1, 0.5, -(2 ** 31)) });
    }
    case "boolean":
      return fc.boolean();
    case "array": {
      const item = s.items ?? {};
      const max = Math.min(s.maxItems ?? 5, 5);
      const min = Math.min(s.minItems ?? 0, max);
      return depth > 3 ? fc.constant([]) : fc.array(valueFor(name, item, pool, depth + 1), { minLength: min, maxLength: max });
    }
    case "object":
      return depth > 3 ? fc.constant({}) : objectFor(s, pool, depth + 1);
    default:
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

/** An object with the schema's properties (required ones present mostly), sometimes an extra field. */
export function objectFor(s: JsonSchema, pool: IdPool, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const entries = Object.entries(props).map(([k, v]) => [k, valueFor(k, v, pool, depth)] as const);
  const record = fc.record(Object.fromEntries(entries), {
    // Required properties are always generated; the body-level arbitrary drops one now and then.
    requiredKeys: [...required].filter((k) => k in props),
  });
  return fc
    .tuple(
      record,
      fc.option(fc.tuple(fc.constantFrom("extra", "__proto__", "constructor", "isAdmin", "id", "version"), wrongType), { freq: 6 }),
      required.size > 0 ? fc.option(fc.constantFrom(...required), { freq: 8 }) : fc.constant(null),
    )
    .map(([o, extra, drop]) => {
      const out: Record<string, unknown> = { ...o };
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      if (drop !== null && drop !== undefined) delete out[drop];
      return out;
    });
}

/** Percent-encodes any JS string, lone surrogates included (encodeURIComponent throws on them). */
export function encodeAny(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate as its (ill-formed) three UTF-8 bytes.
      out += `%${(0xe0 | (c >> 12)).toString(16).toUpperCase()}%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`;
    } else out += encodeURIComponent(value[i] ?? "");
  }
  return out;
}

/** Whether a string is a UUID (for the list of known failures). */
export const isUuid = (v: string) => UUID_RE.test(v);
