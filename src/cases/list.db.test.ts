/**
 * The case list a page at a time (issue 12 §2): a cursor, not an offset. Walking every page gives
 * exactly the cases the caller may see, newest first, each once, even when many share one timestamp
 * and when a case is opened between two pages; limits and cursors that are not ours are refused by
 * name; the CSV export still holds every visible case beyond one page.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn, type Browser, type TestUser } from "../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../test/support/app.js";

let t: TestApp;
let officer: TestUser;
let other: TestUser;
let session: Browser;
/** References the officer may see, and the strictly confidential ones they may not. */
const visible = new Set<string>();
const hidden = new Set<string>();

interface Page {
  items: { id: string; reference: string; createdAt: string }[];
  nextCursor: string | null;
}

const get = async (url: string) => t.app.inject({ url, headers: { cookie: session.cookie } });

/** Follows nextCursor from the first page to the last. */
async function walk(query: string): Promise<{ refs: string[]; pages: number; createdAt: string[] }> {
  const refs: string[] = [];
  const createdAt: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`/api/v1/cases?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as Page;
    refs.push(...page.items.map((c) => c.reference));
    createdAt.push(...page.items.map((c) => c.createdAt));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 10_000);
  return { refs, pages, createdAt };
}

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  officer = await createReadyUser(t.ctx, { email: "pager@ca.test", role: "officer", organisationId: orgs.central });
  other = await createReadyUser(t.ctx, { email: "other@ca.test", role: "officer", organisationId: orgs.central });
  // 1,030 cases in groups of ten sharing one timestamp (as a batch import writes them), a quarter
  // strictly confidential and not listing the officer: more than one internal export page (1,000).
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 10) * 60_000);
  const rows = Array.from({ length: 1030 }, (_, i) => ({
    reference: `P-${String(i).padStart(5, "0")}`,
    direction: "incoming" as const,
    title: `Paged case ${i}`,
    requesting: "RU",
    requested: "GB",
    confidentiality: i % 4 === 3 ? ("strictly_confidential" as const) : ("normal" as const),
    created_by: other.id,
    created_at: at(i),
    updated_at: at(i),
  }));
  for (let i = 0; i < rows.length; i += 500)
    await t.ctx.db
      .insertInto("case_file")
      .values(rows.slice(i, i + 500))
      .execute();
  for (const [i, r] of rows.entries()) (i % 4 === 3 ? hidden : visible).add(r.reference);
  session = await signIn(t.app, t.clock, officer);
});
afterAll(async () => t?.close());

describe("GET /api/v1/cases by cursor", () => {
  it("answers 50 cases by default with a cursor to the next page", async () => {
    const page = (await get("/api/v1/cases")).json() as Page;
    expect(page.items).toHaveLength(50);
    expect(typeof page.nextCursor).toBe("string");
    // Only the columns the list shows: no detail of the case page.
    expect(Object.keys(page.items[0] ?? {}).sort()).not.toContain("accessList");
  });

  it("walks every page to exactly the visible cases, newest first, each once, whatever the page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), async (limit) => {
        const { refs, pages, createdAt } = await walk(`limit=${limit}`);
        expect(new Set(refs).size).toBe(refs.length);
        expect(new Set(refs)).toEqual(visible);
        for (const r of refs) expect(hidden.has(r)).toBe(false);
        expect(pages).toBe(Math.ceil(visible.size / limit));
        expect([...createdAt].sort().reverse()).toEqual(createdAt);
      }),
      { numRuns: 6, seed: 12 },
    );
  });

  it("keeps the filters and need-to-know across pages (search)", async () => {
    const { refs } = await walk("limit=7&q=Paged%20case%2010");
    // "Paged case 10", "100".."109" and "1000".."1029", minus the hidden ones.
    const want = [...visible].filter((r) => /^P-0*10\d{0,2}$/.test(r) && Number(r.slice(2)) >= 10);
    expect(refs.sort()).toEqual(want.sort());
  });

  it("a case opened between two pages neither repeats nor shifts a row of the pages that follow", async () => {
    const first = (await get("/api/v1/cases?limit=20")).json() as Page;
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
      payload: { direction: "outgoing", title: "Opened meanwhile", requesting: "GB", requested: "US", confidentiality: "normal" },
    });
    expect(created.statusCode).toBe(201);
    const second = (await get(`/api/v1/cases?limit=20&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)).json() as Page;
    const firstRefs = new Set(first.items.map((c) => c.reference));
    expect(second.items.filter((c) => firstRefs.has(c.reference))).toEqual([]);
    expect(second.items.map((c) => c.reference)).not.toContain(created.json().reference);
    const whole = (await get("/api/v1/cases?limit=40")).json() as Page;
    expect(whole.items[0]?.reference).toBe(created.json().reference);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=201", "limit"],
    ["limit=ten", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    [`cursor=${Buffer.from('["2026-01-01T00:00:00.000000Z","x"]').toString("base64url")}`, "cursor"],
    [`cursor=${Buffer.from('["9999-99-99T00:00:00.000000Z","00000000-0000-0000-0000-000000000000"]').toString("base64url")}`, "cursor"],
  ])("refuses %s with a 400 naming %s", async (query, field) => {
    const res = await get(`/api/v1/cases?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(field);
  });

  it("the CSV export still holds every visible case, beyond one internal page", async () => {
    const res = await get("/api/v1/cases/export?q=Paged");
    expect(res.statusCode).toBe(200);
    const refs = res.body
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0]);
    expect(new Set(refs)).toEqual(visible);
    expect(refs).toHaveLength(visible.size);
  });
});
