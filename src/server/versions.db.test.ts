/**
 * Lost updates and what a write answers (issue 12, defects 3 and 5). Every change to an existing row
 * carries the version its author read: of parallel changes made from the same version exactly one wins
 * and the others get 409 `version_conflict` saying what the winner changed; a change without a version
 * is refused (400 naming `version`). A write answers with what its caller may read of the result, or
 * with the receipt `{ id, reference, version }` when the caller may not read it (a token with
 * `cases:write` alone) — never 404 for a committed write.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, type TestUser, createOrganisations, createReadyUser, signIn, injectAs } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";

let t: TestApp;
let officer: Browser;
let colleague: Browser;
let admin: Browser;
let users: Record<string, TestUser> = {};

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  const mk = (email: string, role: TestUser["role"]) => createReadyUser(t.ctx, { email, role, organisationId: orgs.central });
  users = {
    officer: await mk("officer@versions.test", "officer"),
    colleague: await mk("colleague@versions.test", "officer"),
    admin: await mk("admin@versions.test", "administrator"),
  };
  for (let i = 0; i < 8; i++) users[`extra${i}`] = await mk(`extra${i}@versions.test`, "officer");
  officer = await signIn(t.app, t.clock, users.officer as TestUser);
  colleague = await signIn(t.app, t.clock, users.colleague as TestUser);
  admin = await signIn(t.app, t.clock, users.admin as TestUser);
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);
const withToken = (token: string, opts: InjectOptions) =>
  t.app.inject({ ...opts, headers: { authorization: `Bearer ${token}`, ...(opts.headers ?? {}) } } as InjectOptions);

const id = (name: string) => (users[name] as TestUser).id;

async function strictlyConfidentialCase(): Promise<{ id: string; version: number }> {
  const res = await as(officer, {
    method: "POST",
    url: "/api/v1/cases",
    payload: {
      direction: "incoming",
      title: "Strictly confidential request",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
      confidentiality: "strictly_confidential",
      accessList: [id("colleague")],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function accessListOf(caseId: string): Promise<string[]> {
  const rows = await t.ctx.db.selectFrom("case_access").select("user_id").where("case_id", "=", caseId).execute();
  return rows.map((r) => r.user_id).sort();
}

describe("optimistic concurrency on a case (defect 3)", () => {
  it("lets exactly one of parallel access-list changes from the same version win; the others get 409 and the list is the winner's", async () => {
    const c = await strictlyConfidentialCase();
    const lists = Array.from({ length: 8 }, (_, i) => [id("officer"), id("colleague"), id(`extra${i}`)]);
    const results = await Promise.all(
      lists.map((accessList, i) =>
        as(i % 2 === 0 ? officer : colleague, {
          method: "PATCH",
          url: `/api/v1/cases/${c.id}`,
          payload: { version: c.version, accessList },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(lists.length - 1);
    const winner = statuses.indexOf(200);
    expect(await accessListOf(c.id)).toEqual([...(lists[winner] as string[])].sort());
    const won = results[winner]?.json() as { version: number };
    expect(won.version).toBe(c.version + 1);
    const lost = results.find((r) => r.statusCode === 409)?.json() as { error: string; field: string; message: string };
    expect(lost).toMatchObject({ error: "version_conflict", field: "version" });
    // In words: who changed what, so the loser knows what to look at after reloading.
    expect(lost.message).toMatch(/changed the access list/);
    expect(lost.message).toMatch(
      /^Someone else changed this case since you opened it: .+ changed the access list at .+ UTC .*reload to see their change\.$/,
    );
  });

  it("refuses a change of the case without the version it read (400 naming version), and changes nothing", async () => {
    const c = await strictlyConfidentialCase();
    const res = await as(officer, { method: "PATCH", url: `/api/v1/cases/${c.id}`, payload: { confidentiality: "normal" } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "invalid_request", field: "version" });
    const row = await t.ctx.db
      .selectFrom("case_file")
      .select(["confidentiality", "version"])
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ confidentiality: "strictly_confidential", version: c.version });
  });

  it("bumps the version on every change and refuses a stale one on title, confidentiality and basis alike", async () => {
    const c = await strictlyConfidentialCase();
    const first = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: c.version, title: "Renamed once" },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(c.version + 1);
    const stale = await as(colleague, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: c.version, confidentiality: "confidential" },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().message).toMatch(/changed the title/);
    const row = await t.ctx.db
      .selectFrom("case_file")
      .select(["confidentiality", "title"])
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ confidentiality: "strictly_confidential", title: "Renamed once" });
  });

  // Routes that changed a case without a version before: measures, documents, evidence, custody, uses.
  it.each([
    ["measures", { measure: "records", description: "Bank records" }],
    ["documents", { kind: "request", filename: "request.txt", contentType: "text/plain", contentBase64: "cmVxdWVzdA==" }],
    ["evidence", { description: "Statement", permittedPurposes: ["the proceedings"], holder: "Clerk", receivedOn: "2018-08-01" }],
  ])("POST /cases/:id/%s takes the case's version: 400 without, 409 when stale, bumped when current", async (what, body) => {
    const c = await strictlyConfidentialCase();
    const url = `/api/v1/cases/${c.id}/${what}`;
    const without = await as(officer, { method: "POST", url, payload: body });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe("version");
    const stale = await as(officer, { method: "POST", url, payload: { ...body, version: c.version - 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("version_conflict");
    const ok = await as(officer, { method: "POST", url, payload: { ...body, version: c.version } });
    expect(ok.statusCode, ok.body).toBe(201);
    const row = await t.ctx.db.selectFrom("case_file").select("version").where("id", "=", c.id).executeTakeFirstOrThrow();
    expect(row.version).toBe(c.version + 1);
  });

  it("takes the case's version on a chain-of-custody link and a use of evidence", async () => {
    const c = await strictlyConfidentialCase();
    const added = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence`,
      payload: {
        version: c.version,
        description: "Statement",
        permittedPurposes: ["the proceedings"],
        holder: "Clerk",
        receivedOn: "2018-08-01",
      },
    });
    const detail = added.json() as { version: number; evidence: { id: string }[] };
    const ev = detail.evidence[0]?.id;
    const custody = { action: "transferred", holder: "Prosecutor", onDate: "2018-08-02" };
    const staleCustody = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/custody`,
      payload: { ...custody, version: c.version },
    });
    expect(staleCustody.statusCode).toBe(409);
    const okCustody = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/custody`,
      payload: { ...custody, version: detail.version },
    });
    expect(okCustody.statusCode, okCustody.body).toBe(201);
    const use = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/uses`,
      payload: { purpose: "the proceedings" },
    });
    expect(use.statusCode).toBe(400);
    expect(use.json().field).toBe("version");
  });
});

describe("optimistic concurrency on a user", () => {
  it("lets one of two administrators' changes from the same version win; 400 without a version", async () => {
    const list = (await as(admin, { method: "GET", url: "/api/v1/users" })).json() as { id: string; version: number }[];
    const target = list.find((u) => u.id === id("extra7"));
    expect(target?.version).toBeGreaterThanOrEqual(1);
    const url = `/api/v1/users/${id("extra7")}`;
    const [a, b] = await Promise.all([
      as(admin, { method: "PATCH", url, payload: { version: target?.version, displayName: "Name A" } }),
      as(admin, { method: "PATCH", url, payload: { version: target?.version, displayName: "Name B" } }),
    ]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const winner = a?.statusCode === 200 ? "Name A" : "Name B";
    const row = await t.ctx.db
      .selectFrom("app_user")
      .select(["display_name", "version"])
      .where("id", "=", id("extra7"))
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ display_name: winner, version: (target?.version ?? 0) + 1 });
    const without = await as(admin, { method: "PATCH", url, payload: { displayName: "Name C" } });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe("version");
  });
});

describe("what a write answers, per token scope (defect 5)", () => {
  async function token(scopes: string[]): Promise<string> {
    const res = await as(officer, { method: "POST", url: "/api/v1/account/tokens", payload: { name: scopes.join("+"), scopes } });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { token: string }).token;
  }
  const newCase = {
    direction: "incoming",
    title: "Registered by a machine client",
    requesting: "US",
    requested: "RU",
    requestDate: "2018-07-13",
    confidentiality: "confidential",
  };

  it("answers a cases:write-only token's creation 201 with { id, reference, version } alone, and the case is committed once", async () => {
    const writeOnly = await token(["cases:write"]);
    const res = await withToken(writeOnly, { method: "POST", url: "/api/v1/cases", payload: newCase });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { id: string; reference: string; version: number };
    expect(Object.keys(body).sort()).toEqual(["id", "reference", "version"]);
    const row = await t.ctx.db.selectFrom("case_file").select(["reference", "version"]).where("id", "=", body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ reference: body.reference, version: body.version });
    // The same token cannot read it back: reading needs cases:read.
    expect((await withToken(writeOnly, { method: "GET", url: `/api/v1/cases/${body.id}` })).statusCode).toBe(403);
  });

  it("answers a cases:write-only token's change 200 with the receipt and the bumped version", async () => {
    const writeOnly = await token(["cases:write"]);
    const created = (await withToken(writeOnly, { method: "POST", url: "/api/v1/cases", payload: newCase })).json() as {
      id: string;
      version: number;
    };
    const res = await withToken(writeOnly, {
      method: "PATCH",
      url: `/api/v1/cases/${created.id}`,
      payload: { version: created.version, title: "Renamed by the machine client" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ id: created.id, reference: expect.any(String), version: created.version + 1 });
    const stale = await withToken(writeOnly, {
      method: "PATCH",
      url: `/api/v1/cases/${created.id}`,
      payload: { version: created.version, title: "Again" },
    });
    expect(stale.statusCode).toBe(409);
  });

  it("replays a cases:write-only token's retried creation with the same receipt (idempotency key), never a second case", async () => {
    const writeOnly = await token(["cases:write"]);
    const headers = { "idempotency-key": "machine-retry-0001" };
    const first = await withToken(writeOnly, { method: "POST", url: "/api/v1/cases", payload: newCase, headers });
    const again = await withToken(writeOnly, { method: "POST", url: "/api/v1/cases", payload: newCase, headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
  });

  it("answers a token with cases:read and cases:write, and a browser session, with the whole case", async () => {
    const readWrite = await token(["cases:read", "cases:write"]);
    const res = await withToken(readWrite, { method: "POST", url: "/api/v1/cases", payload: newCase });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: "received", title: newCase.title, basisInstrument: "us-ru-mlat-1999" });
    const c = res.json() as { id: string; version: number };
    const patched = await as(officer, { method: "PATCH", url: `/api/v1/cases/${c.id}`, payload: { version: c.version, title: "Renamed" } });
    expect(patched.json()).toMatchObject({ title: "Renamed", version: c.version + 1, state: "received" });
  });

  it("still hides a strictly confidential case its owner is not listed on from a cases:write-only token (404, nothing changed)", async () => {
    const c = await strictlyConfidentialCase();
    await as(officer, { method: "PATCH", url: `/api/v1/cases/${c.id}`, payload: { version: c.version, accessList: [id("officer")] } });
    const created = await as(colleague, {
      method: "POST",
      url: "/api/v1/account/tokens",
      payload: { name: "colleague writer", scopes: ["cases:write"] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const colleagueToken = created.json() as { token: string };
    const res = await withToken(colleagueToken.token, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: c.version + 1, title: "Not mine" },
    });
    expect(res.statusCode).toBe(404);
  });
});
