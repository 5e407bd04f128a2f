/**
 * The case list a page at a time in Chromium (issue 12 §2): with 60 cases the page shows the newest 50
 * and a "Show more" button that loads the rest by cursor, then disappears; the queue does the same with
 * its 60 deadlines, and its counts are the whole queue's from the first page on. Finding things (issue
 * 14 §4): every filter of the API is on the page, states and measures in words; search finds a person's
 * name; the jurisdiction picker finds "China", "Iran", "Gambia" and "CN"; a filter value the API does
 * not know is shown as its error, naming the filter.
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
  await t.ctx.db
    .insertInto("case_person")
    .values({ case_id: cases[7]?.id ?? "", role: "witness", name: "Zoë Ångström-Øster", created_at: new Date() })
    .execute();
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

it("has every filter of the API, states and measures in words, and finds a case by a person's name", async () => {
  const page = await officer.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/cases`);
  // A select's accessible name includes its chosen option ("Direction both"): names are matched by their start.
  const filters = page.getByRole("form", { name: "Find cases" });
  await filters.waitFor();
  for (const name of [
    "Search",
    "Direction",
    "State of the case",
    "Confidentiality",
    "Partner state",
    "Measure requested",
    "Offence (ICCS section)",
    "Officer in charge",
    "from",
    "to",
    "Overdue only",
  ])
    expect(await filters.getByLabel(new RegExp(`^${name.replace(/[()]/g, "\\$&")}`)).count(), name).toBeGreaterThan(0);
  const states = await page.getByLabel("State of the case").locator("option").allTextContents();
  expect(states).toContain("Under review");
  expect(states.filter((s) => s.includes("_"))).toEqual([]);
  const measures = await page.getByLabel("Measure requested").locator("option").allTextContents();
  expect(measures).toContain("Search and seizure");

  await page.getByLabel("Search", { exact: true }).fill("ångström");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect.poll(() => page.url()).toContain("q=");
  const rows = page.locator("[data-testid=cases] tbody tr");
  await expect.poll(() => rows.count()).toBe(1);
  expect(await rows.first().textContent()).toContain("PG-007");

  await page.getByLabel("State of the case").selectOption({ label: "Under review" });
  await page.getByRole("group", { name: "Received between" }).getByLabel("from").fill("2012-07-01");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("state")).toBe("under_review");
  expect(new URL(page.url()).searchParams.get("receivedFrom")).toBe("2012-07-01");
  await expect.poll(() => page.getByText("No case you may see matches.").count()).toBe(1);
  expect(errors).toEqual([]);
});

it("finds a jurisdiction by its short name, its official name or its code", async () => {
  const page = await officer.newPage();
  await page.goto(`${base}/cases`);
  const picker = page.getByRole("combobox", { name: "Partner state" });
  const firstOption = page.getByRole("listbox").getByRole("option").first();
  for (const [typed, name] of [
    ["China", "China"],
    ["Iran", "Iran"],
    ["Gambia", "Gambia"],
    ["CN", "China"],
    ["People's Republic", "China"],
    ["Russian Federation", "Russia"],
    ["cote d", "Côte d’Ivoire"],
  ]) {
    await picker.fill(typed);
    expect(await picker.getAttribute("aria-expanded"), typed).toBe("true");
    expect(await firstOption.locator("span").first().textContent(), typed).toBe(name);
  }
  // The keyboard chooses: type, move down to the second match and back, Enter; the search carries the code.
  await picker.fill("gambia");
  await picker.press("ArrowDown");
  await picker.press("ArrowUp");
  await picker.press("Enter");
  expect(await picker.inputValue()).toBe("Gambia");
  expect(await picker.getAttribute("aria-expanded")).toBe("false");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get("partner")).toBe("GM");
  // The list is sorted by the short name: Gambia sits between Gabon and Georgia, not under "The" or "Republic".
  await picker.fill("");
  const all = await page.getByRole("listbox").getByRole("option").locator("span:first-child").allTextContents();
  expect(all.indexOf("Gambia")).toBeGreaterThan(all.indexOf("Gabon"));
  expect(all.indexOf("Gambia")).toBeLessThan(all.indexOf("Georgia"));
});

it("shows the API's error naming a filter value it does not know", async () => {
  const page = await officer.newPage();
  await page.goto(`${base}/cases?state=under-review`);
  const alert = page.getByTestId("filter-error");
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/state/);
  await page.goto(`${base}/cases?colour=red`);
  await page.getByTestId("filter-error").waitFor();
  expect(await page.getByTestId("filter-error").textContent()).toMatch(/colour/);
});

it("on a phone shows the search first and folds the other filters behind More filters", async () => {
  const page = await officer.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/cases`);
  const filters = page.getByRole("form", { name: "Find cases" });
  await filters.getByLabel("Search", { exact: true }).waitFor();
  expect(await filters.getByLabel("State of the case").isVisible()).toBe(false);
  const toggle = filters.getByRole("button", { name: "More filters" });
  expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  await toggle.click();
  await filters.getByLabel("State of the case").waitFor();
  expect(await filters.getByRole("button", { name: "Fewer filters" }).getAttribute("aria-expanded")).toBe("true");
  // A filter already set opens them: the officer sees what narrows the list.
  await page.goto(`${base}/cases?overdue=true`);
  await filters.getByLabel("State of the case").waitFor();
  await page.close();
});
