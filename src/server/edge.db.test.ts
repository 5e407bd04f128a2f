/**
 * Malformed input is refused at the edge, on every route (issue 12, defect 7). The routes and their
 * fields come from the application itself (app.apiRoutes and the OpenAPI document), so a new route or
 * field is covered without editing this file: every id field (format uuid), date field (format date)
 * and free-text field (a string without enum, format or pattern) gets each malformed value of its
 * class in turn, signed in as a role that may call the route. Each answer must be a 400 naming the
 * field and the rule, never a 5xx, and no table may gain or lose a row.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type TestUser, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { ROLES, type Role } from "../policies/policy.js";

type Kind = "id" | "date" | "text";
interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  pattern?: string;
  example?: unknown;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** Malformed values of each class: they pass a naive `string, max N` check and broke the server before. */
const MALFORMED: Record<Kind, { label: string; value: string }[]> = {
  id: [
    { label: "36 characters, not a UUID", value: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz" },
    { label: "36 dashes", value: "-".repeat(36) },
    { label: "36 hex digits without dashes", value: "0123456789abcdef0123456789abcdef0123" },
  ],
  date: [
    { label: "30 February", value: "2023-02-30" },
    { label: "month 13", value: "2023-13-01" },
    { label: "year 0", value: "0000-01-01" },
    { label: "end of year 9999", value: "9999-12-31" },
    { label: "before 1900", value: "1899-12-31" },
    { label: "after 2199", value: "2200-01-01" },
  ],
  text: [
    { label: "a NUL byte", value: "a\u0000b" },
    { label: "a lone high surrogate", value: "ab\uD800" },
    { label: "a lone low surrogate", value: "\uDC00ab" },
  ],
};

/** The class of a field, if it is one this test sends malformed values to. */
function kindOf(s: JsonSchema): Kind | null {
  if (s.type !== "string" || s.enum) return null;
  if (s.format === "uuid") return "id";
  if (s.format === "date") return "date";
  if ((!s.format || s.format === "email") && !s.pattern) return "text";
  return null;
}

/** A value that passes the schema, for the fields around the malformed one. */
function sample(s: JsonSchema): unknown {
  if (s.allOf) return Object.assign({}, ...s.allOf.map(sample));
  if (s.anyOf) return sample(s.anyOf.find((x) => x.type !== "null") ?? {});
  // A body that is one of several shapes (a message of one kind or another): the first shape's.
  if (s.oneOf) return sample(s.oneOf[0] ?? {});
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case "string":
      // A value the schema itself gives as its example (an IANA time zone: a plain string with a rule of its own).
      if (s.example !== undefined) return s.example;
      if (s.format === "uuid") return "00000000-0000-4000-8000-000000000000";
      if (s.format === "date-time") return "2020-01-02T10:00:00Z";
      if (s.format === "date") return "2020-01-02";
      if (s.format === "email") return "someone@example.org";
      if (s.pattern === "^[A-Z]{2}$") return "FR";
      if (s.pattern) return "";
      return "x".repeat(Math.max(s.minLength ?? 0, 8));
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return false;
    case "array":
      // As many items as the list needs at least (a hearing has a participant).
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k] ?? {});
      return out;
    }
    default:
      return "x";
  }
}

/**
 * Percent-encodes like encodeURIComponent, but writes a lone surrogate as its three WTF-8 bytes
 * (%ED%A0%80 for U+D800) instead of throwing: what a hostile client can put in a URL.
 */
function encode(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0xd800 && c <= 0xdfff)
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    else out += encodeURIComponent(ch);
  }
  return out;
}

interface Probe {
  route: string;
  method: string;
  where: "path" | "query" | "body";
  field: string;
  kind: Kind;
  build: (bad: string) => { url: string; payload?: unknown };
}

/** Every (route, field) pair that takes an id, a date or text, from the OpenAPI document. */
function probesOf(t: TestApp): Probe[] {
  const doc = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const probes: Probe[] = [];
  for (const r of t.app.apiRoutes) {
    const op = doc.paths[r.url.replace(/:(\w+)/g, "{$1}")]?.[r.method.toLowerCase()];
    if (!op) continue;
    const params = op.parameters ?? [];
    const pathOf = (bad?: { name: string; value: string }) =>
      r.url.replace(/:(\w+)/g, (_m, name: string) => {
        const p = params.find((x) => x.in === "path" && x.name === name);
        const v = bad?.name === name ? bad.value : String(sample(p?.schema ?? {}));
        return encode(v);
      });
    const queryOf = (bad?: { name: string; value: string }) => {
      const q: string[] = [];
      for (const p of params.filter((x) => x.in === "query"))
        if (bad?.name === p.name) q.push(`${p.name}=${encode(bad.value)}`);
        else if (p.required) q.push(`${p.name}=${encode(String(sample(p.schema)))}`);
      return q.length ? `?${q.join("&")}` : "";
    };
    const bodySchema = op.requestBody?.content["application/json"]?.schema;
    const baseBody = bodySchema ? sample(bodySchema) : undefined;
    for (const p of params) {
      const kind = kindOf(p.schema);
      if (!kind || (p.in !== "path" && p.in !== "query")) continue;
      probes.push({
        route: `${r.method} ${r.url}`,
        method: r.method,
        where: p.in,
        field: p.name,
        kind,
        build: (bad) => ({
          url: `${pathOf(p.in === "path" ? { name: p.name, value: bad } : undefined)}${queryOf(p.in === "query" ? { name: p.name, value: bad } : undefined)}`,
          ...(bodySchema ? { payload: baseBody } : {}),
        }),
      });
    }
    const shape = bodySchema?.oneOf?.[0] ?? bodySchema;
    const props = shape?.allOf ? Object.assign({}, ...shape.allOf.map((s) => s.properties ?? {})) : shape?.properties;
    for (const [name, s] of Object.entries((props ?? {}) as Record<string, JsonSchema>)) {
      const inner = s.anyOf?.find((x) => x.type !== "null") ?? s;
      const kind = kindOf(inner) ?? (inner.type === "array" && inner.items ? kindOf(inner.items) : null);
      if (!kind) continue;
      const asArray = inner.type === "array";
      probes.push({
        route: `${r.method} ${r.url}`,
        method: r.method,
        where: "body",
        field: name,
        kind,
        build: (bad) => ({
          url: `${pathOf()}${queryOf()}`,
          payload: { ...(baseBody as object), [name]: asArray ? [bad] : bad },
        }),
      });
    }
  }
  return probes;
}

let t: TestApp;
const browsers = new Map<Role, Browser>();
const users = new Map<Role, TestUser>();
beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  for (const role of ROLES) {
    const u = await createReadyUser(t.ctx, {
      email: `edge.${role}@ca.test`,
      role,
      organisationId: role === "executing" ? orgs.executingA : orgs.central,
    });
    users.set(role, u);
    browsers.set(role, await signIn(t.app, t.clock, u));
  }
  await t.app.ready();
});
afterAll(async () => t?.close());

/** Rows in every table of the database, to show that refused requests wrote nothing. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(t.ctx.db);
  const out: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(name)}`.execute(t.ctx.db);
    out[name] = Number(r.rows[0]?.n);
  }
  return out;
}

const send = (p: Probe, bad: string, who: Role | null) => {
  const { url, payload } = p.build(bad);
  const b = who ? browsers.get(who) : undefined;
  return t.app.inject({
    method: p.method as "GET",
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
    headers: b ? { cookie: b.cookie, "x-csrf-token": b.csrf } : {},
  });
};

describe("malformed input at the edge (issue 12, defect 7)", () => {
  it("answers 400 naming the field and the rule for every id, date and text field of every route, and writes nothing", async () => {
    const probes = probesOf(t);
    // Sanity: the document was read (the routes the issue names are among the probes).
    expect(probes.some((p) => p.route === "POST /api/v1/cases" && p.field === "requestDate")).toBe(true);
    expect(probes.some((p) => p.route === "POST /api/v1/auth/sign-in" && p.field === "email")).toBe(true);
    expect(probes.filter((p) => p.kind === "id" && p.where === "path").length).toBeGreaterThanOrEqual(11);

    // Find, per route, who may call it: the first role (or nobody, for public routes) not refused.
    const callers = new Map<string, Role | null>();
    for (const p of probes) {
      if (callers.has(p.route)) continue;
      for (const who of [null, ...ROLES] as (Role | null)[]) {
        const r = await send(p, MALFORMED[p.kind][0]?.value ?? "", who);
        if (r.statusCode !== 401 && r.statusCode !== 403) {
          callers.set(p.route, who);
          break;
        }
      }
    }
    // A session in its second-factor stage is the only caller of POST /auth/totp; nobody else gets past its access check.
    const unreachable = [...new Set(probes.map((p) => p.route))].filter((r) => !callers.has(r));
    expect(unreachable).toEqual(["POST /api/v1/auth/totp"]);

    // A URL cannot carry a lone surrogate: its WTF-8 bytes are decoded to U+FFFD, which is valid
    // text, so such a request may succeed (an export is then audited, as it should be). The rule there
    // is only: no 5xx. These go first, before the count of rows.
    const failures: string[] = [];
    const inUrl = (p: Probe, label: string) => p.where !== "body" && label.includes("surrogate");
    for (const p of probes)
      for (const m of MALFORMED[p.kind])
        if (callers.has(p.route) && inUrl(p, m.label)) {
          const r = await send(p, m.value, callers.get(p.route) ?? null);
          if (r.statusCode >= 500) failures.push(`${p.route} ${p.where} ${p.field} (${m.label}): ${r.statusCode} ${r.body.slice(0, 200)}`);
        }

    const before = await rowCounts();
    let sent = 0;
    for (const p of probes) {
      if (!callers.has(p.route)) continue;
      for (const m of MALFORMED[p.kind]) {
        if (inUrl(p, m.label)) continue;
        const r = await send(p, m.value, callers.get(p.route) ?? null);
        sent++;
        const body = (String(r.headers["content-type"] ?? "").includes("json") ? r.json() : {}) as {
          error?: string;
          field?: string;
          message?: string;
        };
        const named = body.field === p.field || String(body.field).startsWith(`${p.field}.`);
        if (r.statusCode !== 400 || !named || !body.message || !body.error)
          failures.push(`${p.route} ${p.where} ${p.field} (${m.label}): ${r.statusCode} ${r.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    expect(await rowCounts()).toEqual(before);
  });

  it("says the date range and the id rule in words", async () => {
    const b = browsers.get("officer") as Browser;
    const headers = { cookie: b.cookie, "x-csrf-token": b.csrf };
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers,
      payload: {
        direction: "incoming",
        title: "Dates",
        requesting: "US",
        requested: "RU",
        confidentiality: "normal",
        requestDate: "2023-02-30",
      },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      error: "invalid_date",
      field: "requestDate",
      message: "The date of the request: 30 February 2023 does not exist.",
      words: [{ key: "errors:validation.dateNoSuchDay", params: { field: "requestDate", impossible: "2023-02-30", year: 2023 } }],
    });
    const id = await t.app.inject({ url: `/api/v1/cases/${"x".repeat(36)}`, headers });
    expect(id.statusCode).toBe(400);
    expect(id.json()).toMatchObject({ error: "invalid_id", field: "id" });
    expect(id.json().message).toMatch(/^The id must be an id/);
  });

  it("still accepts the ids clients really hold: a session's id is the SHA-256 of its token, not a UUID", async () => {
    const b = browsers.get("auditor") as Browser;
    const headers = { cookie: b.cookie, "x-csrf-token": b.csrf };
    const other = await signIn(t.app, t.clock, users.get("auditor") as TestUser);
    expect(other.stage).toBe("full");
    const list = (await t.app.inject({ url: "/api/v1/account/sessions", headers })).json() as { id: string; current: boolean }[];
    const target = list.find((x) => !x.current);
    expect(target?.id).toMatch(/^[0-9a-f]{64}$/);
    const ended = await t.app.inject({ method: "DELETE", url: `/api/v1/account/sessions/${target?.id}`, headers });
    expect(ended.statusCode).toBe(200);
  });
});
