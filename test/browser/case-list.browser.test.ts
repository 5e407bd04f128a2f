/**
 * The case list a page at a time in Chromium (issue 12 §2): with 60 cases the page shows the newest 50
 * and a "Show more" button that loads the rest by cursor, then disappears; the queue does the same with
 * its 60 deadlines, and its counts are the whole queue's from the first page on.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, signedInContext } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const o = await createReadyUser(t.ctx, { email: "officer@pages.test", role: "officer", organisationId: orgs.central });
  await t.ctx.db
    .insertInto("case_file")
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        reference: `PG-${String(i).padStart(3, "0")}`,
        direction: "incoming" as const,
        title: `Paged case ${i}`,
        requesting: "RU",
        requested: "GB",
        confidentiality: "normal" as const,
        created_by: o.id,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, i)),
        updated_at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      })),
    )
    .execute();
  const cases = await t.ctx.db.selectFrom("case_file").select(["id", "reference"]).orderBy("reference").execute();
  // One open registration deadline per case, 20 of them already past on the test clock's day.
  const today = Date.parse(`${t.clock.now().toISOString().slice(0, 10)}T00:00:00Z`);
  await t.ctx.db
    .insertInto("case_deadline")
    .values(
      cases.map((c, i) => ({
        case_id: c.id,
        kind: "register",
        due: new Date(today + (i - 20) * 86_400_000).toISOString().slice(0, 10),
        rule: "two working days after receipt",
        officer_id: o.id,
      })),
    )
    .execute();
  officer = await signedInContext(browser, base, await signIn(t.app, t.clock, o));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it("shows the newest 50 cases, then the rest with Show more", async () => {
  const page = await officer.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/cases`);
  const rows = page.locator("[data-testid=cases] tbody tr");
  await expect.poll(() => rows.count()).toBe(50);
  expect(await rows.first().textContent()).toContain("PG-059");
  const more = page.getByRole("button", { name: /Show more \(50 of 60 shown\)/ });
  await more.click();
  await expect.poll(() => rows.count()).toBe(60);
  expect(await rows.last().textContent()).toContain("PG-000");
  expect(await page.getByRole("button", { name: /Show more/ }).count()).toBe(0);
  expect(errors).toEqual([]);
});

it("shows the first 50 deadlines of the queue with the whole queue's counts, then the rest", async () => {
  const page = await officer.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/queue?scope=mine&within=90`);
  const rows = page.locator("[data-testid=queue] tbody tr");
  await expect.poll(() => rows.count()).toBe(50);
  await expect.poll(() => page.getByTestId("queue-summary").textContent()).toMatch(/20 overdue, 40 due within 90 days/);
  expect(await rows.first().textContent()).toContain("PG-000");
  await page.getByRole("button", { name: /Show more \(50 of 60 shown\)/ }).click();
  await expect.poll(() => rows.count()).toBe(60);
  expect(await rows.last().textContent()).toContain("PG-059");
  expect(await page.getByRole("button", { name: /Show more/ }).count()).toBe(0);
  expect(errors).toEqual([]);
});
