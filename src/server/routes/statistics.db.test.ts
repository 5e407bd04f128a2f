/**
 * The statistics over HTTP (issue 16 §2): the figures of a year with need-to-know per role, the asset
 * figures per currency (exact decimals; a small figure hiding a case is "<5" with its amount withheld),
 * the CSV (UTF-8 with BOM, names in words), the XLSX workbook read back with exceljs, the annual report as
 * PDF, and the period's rules (a year or a period, not both; to not before from).
 */
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Statistics } from "../../statistics/figures.js";
import { type Browser, createOrganisations, createReadyUser, signIn } from "../../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../../test/support/app.js";

let t: TestApp;
let officer: Browser;
let supervisor: Browser;
let auditor: Browser;
let year: string;

beforeAll(async () => {
  t = await startTestApp();
  year = t.clock.now().toISOString().slice(0, 4);
  const orgs = await createOrganisations(t.ctx);
  const mk = async (role: "officer" | "supervisor" | "auditor") =>
    signIn(t.app, t.clock, await createReadyUser(t.ctx, { email: `${role}.stats@ca.test`, role, organisationId: orgs.central }));
  officer = await mk("officer");
  supervisor = await mk("supervisor");
  auditor = await mk("auditor");
  const officerId = (
    await t.ctx.db.selectFrom("app_user").select("id").where("email", "=", "officer.stats@ca.test").executeTakeFirstOrThrow()
  ).id;
  // Seven requests received from Russia (normal) and two strictly confidential from China, the officer listed on one.
  const day = `${year}-01-15`;
  const insert = async (ref: string, from: string, confidentiality: string) =>
    (
      await sql<{ id: string }>`
        insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at, state, request_date, received_on)
        values (${ref}, 'incoming', 'Запрос', ${from}, 'GB', ${confidentiality}, ${officerId}, now(), now(), 'received', ${day}, ${day}) returning id`.execute(
        t.ctx.db,
      )
    ).rows[0]?.id as string;
  const ru: string[] = [];
  for (let i = 0; i < 7; i++) ru.push(await insert(`RU-${i}`, "RU", "normal"));
  const cn1 = await insert("CN-1", "CN", "strictly_confidential");
  await insert("CN-2", "CN", "strictly_confidential");
  await sql`insert into case_access (case_id, user_id, granted_by, granted_at) values (${cn1}, ${officerId}, ${officerId}, now())`.execute(
    t.ctx.db,
  );
  // Assets: five RU cases each froze 1000.10 EUR; one CN case froze 99.99 USD.
  const asset = async (caseId: string, amount: string, currency: string) =>
    sql`insert into case_asset (case_id, kind, description, location, value_amount, value_currency, status, freeze_ordered_on, created_by, created_at, updated_at)
        values (${caseId}, 'bank_account', 'Account', 'GB', ${amount}, ${currency}, 'frozen', ${`${year}-02-01`}, ${officerId}, now(), now())`.execute(
      t.ctx.db,
    );
  for (const id of ru.slice(0, 5)) await asset(id, "1000.10", "EUR");
  await asset(cn1, "99.99", "USD");
}, 120_000);
afterAll(async () => t?.close());

const get = (who: Browser, url: string) => t.app.inject({ method: "GET", url, headers: { cookie: who.cookie } });

describe("GET /api/v1/statistics", () => {
  it("counts every case and hides a small figure only from whoever may not see all of it", async () => {
    const read = async (who: Browser) => {
      const r = await get(who, `/api/v1/statistics?year=${year}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Statistics;
    };
    const o = await read(officer);
    expect(o.totals.incoming).toMatchObject({ value: 9, suppressed: false });
    const cn = (s: Statistics) => s.tables.partner.find((p) => p.code === "CN")?.incoming;
    const ru = (s: Statistics) => s.tables.partner.find((p) => p.code === "RU")?.incoming;
    // The officer is listed on one of the two Chinese cases: the figure (2) includes one they may not see.
    expect(cn(o)).toMatchObject({
      value: null,
      suppressed: true,
      suppression: "small",
      cases: { statistic: "partner:CN", direction: "incoming" },
    });
    // Russia's 7 beside the total of 9 would give China's 2 away (9 − 7): it is withheld too (the complement).
    expect(ru(o)).toMatchObject({ value: null, suppressed: true, suppression: "complement" });
    const s = await read(supervisor);
    expect(cn(s)).toMatchObject({ value: null, suppressed: true, suppression: "small" });
    expect(ru(s)).toMatchObject({ value: null, suppression: "complement" });
    // The auditor is listed on nothing: the total 9 is shown (5 or more), China's figure is not, nor Russia's beside it.
    const a = await read(auditor);
    expect(a.totals.incoming).toMatchObject({ value: 9, suppressed: false, suppression: null });
    expect(cn(a)).toMatchObject({ value: null, suppressed: true, suppression: "small" });
    expect(ru(a)).toMatchObject({ value: null, suppression: "complement" });
    // The bases add up to the same total, but no basis has a small figure: all nine show as "no basis recorded".
    expect(a.tables.basis.find((b) => b.code === "none")?.incoming).toMatchObject({ value: 9, suppression: null });

    // Assets: EUR over five cases summed exactly; USD from one case the supervisor may not see withheld.
    const eur = (x: Statistics) => x.assets.find((r) => r.figure === "frozen" && r.currency === "EUR");
    const usd = (x: Statistics) => x.assets.find((r) => r.figure === "frozen" && r.currency === "USD");
    expect(eur(s)).toMatchObject({ cases: { value: 5, suppressed: false }, assets: 5, amount: "5000.5" });
    expect(usd(s)).toMatchObject({ cases: { value: null, suppressed: true }, assets: null, amount: null });
    // The officer is listed on that case: all of it is theirs to see.
    expect(usd(o)).toMatchObject({ cases: { value: 1, suppressed: false }, assets: 1, amount: "99.99" });

    // The drill-down lists only visible cases: the officer sees one Chinese case, the supervisor none.
    const list = async (who: Browser, f: Statistics["totals"]["incoming"]) => {
      const r = await get(who, `/api/v1/cases?${new URLSearchParams({ ...(f?.cases ?? {}) })}`);
      expect(r.statusCode, r.body).toBe(200);
      return (r.json() as { items: { reference: string }[] }).items.map((c) => c.reference);
    };
    expect(await list(officer, cn(o) ?? null)).toEqual(["CN-1"]);
    expect(await list(supervisor, cn(s) ?? null)).toEqual([]);
    expect((await list(officer, usd(o)?.cases ?? null)).sort()).toEqual(["CN-1"]);
  });

  it("refuses a year with a period, a period the wrong way round and an unknown figure in the case list", async () => {
    expect((await get(officer, `/api/v1/statistics?year=${year}&from=${year}-01-01`)).statusCode).toBe(400);
    const backwards = await get(officer, "/api/v1/statistics?from=2025-05-01&to=2025-04-01");
    expect(backwards.statusCode).toBe(400);
    // The period's ends are named as days, not as the requesting and requested states `from` and `to` are elsewhere.
    expect(backwards.json()).toMatchObject({ field: "to", message: "The last day must not be before the first day." });
    const noSuchDay = await get(officer, "/api/v1/statistics?from=2026-02-30&to=2026-03-01");
    expect(noSuchDay.json()).toMatchObject({ field: "from", message: "The first day: 30 February 2026 does not exist." });
    expect((await get(officer, "/api/v1/cases?statistic=colour:red")).statusCode).toBe(400);
  });

  it("exports CSV, an XLSX workbook and the annual report as PDF", async () => {
    const csv = await get(officer, `/api/v1/statistics/export.csv?year=${year}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-disposition"]).toContain(`Statistics ${year}.csv`);
    expect(csv.body.startsWith("\uFEFFpart,item,code")).toBe(true);
    expect(csv.body).toContain("partner,People's Republic of China,CN,incoming");
    expect(csv.body).toMatch(/partner,People's Republic of China,CN,incoming,[^,]*,<5/);
    // Russia's figure is withheld beside the total, so that China's cannot be worked out from it.
    expect(csv.body).toMatch(/partner,Russian Federation,RU,incoming,[^,]*,hidden/);

    const xlsx = await get(officer, `/api/v1/statistics/export.xlsx?year=${year}`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("By partner state");
    const rows = (sheet?.getSheetValues() ?? []).map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows.some((r) => r[0] === "Russian Federation" && r[4] === "hidden")).toBe(true);
    const bases = (book.getWorksheet("By legal basis")?.getSheetValues() ?? []).map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(bases.some((r) => r[0] === "No basis recorded" && r[4] === 9)).toBe(true);

    const pdf = await get(officer, `/api/v1/statistics/report.pdf?year=${year}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
