/**
 * Statistics in Chromium (issue 16 §2, §3): six requests received from France for records, one strictly
 * confidential that the officer may not see; the page at 360 px shows each chart with its table (words,
 * not codes), a figure links to the case list filtered to its cases (only those the officer may see),
 * a small figure hiding a case is "<5" and the figure beside it that would give it away "hidden", the CSV and XLSX exports download under their names, no CSP
 * violation or page error occurs, and in Arabic the page is right to left.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, shoot, signedInContext, openPage } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
let officerApi: Session;
const errors: string[] = [];
const year = () => t.clock.now().toISOString().slice(0, 4);

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  officerApi = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "stats.officer@ca.test", role: "officer", organisationId: orgs.central }),
  );
  const other = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "stats.other@ca.test", role: "officer", organisationId: orgs.central }),
  );
  const today = t.clock.now().toISOString().slice(0, 10);
  const make = async (who: Session, n: number, confidentiality: string, partner: string, measure: string) => {
    for (let i = 0; i < n; i++) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/cases",
        headers: { cookie: who.cookie, "x-csrf-token": who.csrf },
        payload: {
          direction: "incoming",
          title: `Demande ${partner} ${i}`,
          requesting: partner,
          requested: "GB",
          confidentiality,
          requestDate: today,
          measures: [{ measure, description: "Relevés" }],
        },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  };
  await make(officerApi, 5, "normal", "FR", "records");
  // Strictly confidential, opened by another officer: the first officer is not on its access list.
  await make(other, 1, "strictly_confidential", "FR", "records");
  await make(officerApi, 2, "normal", "DE", "testimony");
  await make(other, 1, "strictly_confidential", "DE", "testimony");
  officer = await signedInContext(browser, base, officerApi);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const open = (context: BrowserContext, path: string, width: number) => openPage(context, `${base}${path}`, errors, width);

describe("the statistics page at 360 px", () => {
  it("shows charts with their tables, suppresses a small figure, drills down to the case list and exports", async () => {
    const page = await open(officer, "/statistics", 360);
    const partners = page.getByTestId("table-partner");
    await partners.getByRole("table").waitFor();
    // The period and direction can be chosen on a phone too (the case list's collapsing filters do not apply).
    expect(await page.getByLabel("Year").isVisible()).toBe(true);
    expect(await page.getByRole("combobox", { name: "Direction" }).isVisible()).toBe(true);
    // The chart (SVG) and its table, with the states' names.
    expect(await partners.locator("svg.recharts-surface").count()).toBeGreaterThan(0);
    const france = partners.getByRole("row", { name: /France/ });
    const germany = partners.getByRole("row", { name: /Germany/ });
    // Germany: three with one hidden from this officer, "<5". France: six (one hidden), which beside the
    // total of 9 would give Germany's 3 away, so it is hidden too, and says why to a screen reader.
    expect(await germany.getByRole("cell").first().textContent()).toContain("<5");
    expect(await france.getByRole("cell").first().textContent()).toContain("hidden");
    expect(await france.getByRole("cell").first().textContent()).toContain("cannot be worked out from the total");
    expect(await page.getByTestId("totals").textContent()).toContain("9");
    const measures = page.getByTestId("table-measure");
    await measures.getByRole("row", { name: /Production of records/ }).waitFor();
    // Nothing wider than the screen but the tables' own scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shoot(page, "statistics");
    const findings = await axeFindings(page);
    expect(findings, describeFindings(findings)).toEqual([]);

    // Drill-down: France's hidden figure still leads to the case list, with the five the officer may see.
    await france.getByRole("link").first().click();
    await page.waitForURL(/\/cases\?/);
    expect(new URL(page.url()).searchParams.get("statistic")).toBe("partner:FR");
    await page.getByTestId("statistic-filter").waitFor();
    await expect.poll(() => page.getByTestId("case-count").textContent()).toMatch(/^5 /);

    // Exports: CSV and XLSX, under their names.
    const back = await open(officer, `/statistics?year=${year()}`, 360);
    await back.getByTestId("table-partner").getByRole("table").waitFor();
    const [csv] = await Promise.all([back.waitForEvent("download"), back.getByRole("link", { name: "Download CSV" }).click()]);
    expect(csv.suggestedFilename()).toBe(`Statistics ${year()}.csv`);
    const [xlsx] = await Promise.all([back.waitForEvent("download"), back.getByRole("link", { name: "Download Excel workbook" }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`Statistics ${year()}.xlsx`);
    expect(errors).toEqual([]);
  });

  it("reads right to left in Arabic, with the states' names in Arabic", async () => {
    // The officer chooses Arabic, as the language menu does.
    const r = await t.app.inject({
      method: "PUT",
      url: "/api/v1/account/language",
      headers: { cookie: officerApi.cookie, "x-csrf-token": officerApi.csrf },
      payload: { language: "ar" },
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    const page = await open(officer, "/statistics", 360);
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await page.getByRole("heading", { name: "الإحصاءات" }).waitFor();
    await expect.poll(() => page.getByTestId("table-partner").textContent()).toContain("فرنسا");
    await shoot(page, "statistics-ar");
    expect(errors).toEqual([]);
  });
});
