/**
 * The case page as an officer meets it, in Chromium at 390 px (a phone) and 1280 px (issue 14 §1, §3):
 * opening a case with every measure and every colleague ticked keeps the access list below the
 * measures and the page within the screen; the case page opens on a summary (state, what is due next,
 * the basis by name, who holds it) with its parts in tabs; the refusal form offers only the grounds
 * the basis provides and shows the excluded one (bank secrecy under the US–Russia MLAT) as
 * information, checking before it sends and answering in words; final steps ask for confirmation and
 * a reason, which then stands on the timeline.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEASURES } from "../../src/law/codes.js";
import { MEASURE_WORDS } from "../../src/law/measure-words.js";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, signedInContext } from "../support/browser.js";
import { chooseJurisdiction } from "../support/picker.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
let supervisor: BrowserContext;
let officerApi: Session;
let supervisorApi: Session;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const o = await createReadyUser(t.ctx, { email: "page.officer@ca.test", role: "officer", organisationId: orgs.central });
  const s = await createReadyUser(t.ctx, { email: "page.supervisor@ca.test", role: "supervisor", organisationId: orgs.central });
  await createReadyUser(t.ctx, { email: "page.admin@ca.test", role: "administrator", organisationId: orgs.central });
  // Colleagues with names in several scripts, enough to fill the access list.
  for (const [i, name] of [
    "Łukasz Wiśniewski",
    "Zoë Ødegård",
    "Nguyễn Thị Minh",
    "Ингрид Соколова",
    "عائشة الحسن",
    "Søren Ólafsson",
  ].entries()) {
    const u = await createReadyUser(t.ctx, { email: `colleague${i}@ca.test`, role: "officer", organisationId: orgs.central });
    await t.ctx.db.updateTable("app_user").set({ display_name: name }).where("id", "=", u.id).execute();
  }
  officerApi = await signIn(t.app, t.clock, o);
  supervisorApi = await signIn(t.app, t.clock, s);
  officer = await signedInContext(browser, base, officerApi);
  supervisor = await signedInContext(browser, base, supervisorApi);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(context: BrowserContext, path: string, width: number): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 844 });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  await page.goto(`${base}${path}`);
  return page;
}

/**
 * How far the element reaches past the window's right edge, or scrolls sideways inside itself (0 when
 * it fits). The case pages are measured, not the whole page: the header and the case list are another
 * part of issue 14 §1, with their own test.
 */
const overflow = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => Math.max(el.getBoundingClientRect().right - window.innerWidth, el.scrollWidth - el.clientWidth));

async function api<T>(who: Session, method: string, url: string, payload?: unknown): Promise<T> {
  const r = await t.app.inject({
    method: method as "POST",
    url: `/api/v1${url}`,
    headers: { cookie: who.cookie, "x-csrf-token": who.csrf },
    payload: payload as object,
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json() as T;
}

interface Detail {
  id: string;
  version: number;
}

async function underReview(title: string): Promise<Detail> {
  let c = await api<Detail>(officerApi, "POST", "/cases", {
    direction: "incoming",
    title,
    requesting: "US",
    requested: "RU",
    confidentiality: "normal",
    requestDate: "2018-07-13",
    measures: [{ measure: "records", description: "Records of an account at a Russian bank" }],
  });
  for (const action of ["register", "start_review"])
    c = await api<Detail>(officerApi, "POST", `/cases/${c.id}/transitions`, { version: c.version, action });
  return c;
}

describe("at 390 px", () => {
  let caseUrl = "";

  it("opens a case with every measure and every colleague ticked: the access list stays below the measures, the page within the screen", async () => {
    const page = await open(officer, "/cases", 390);
    await page.getByLabel("Direction of the request").selectOption("incoming");
    await page.getByLabel("Title").fill("Request of the United States: accounts of Алексей Петров");
    await chooseJurisdiction(page, "Requesting state", "US");
    await chooseJurisdiction(page, "Requested state", "RU");
    await page.getByLabel("Date of the request").fill("2018-07-13");
    // Received on: today unless the officer says otherwise.
    expect(await page.getByLabel("Received on").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const m of MEASURES) {
      const words = MEASURE_WORDS.en[m];
      await page.getByRole("checkbox", { name: words, exact: true }).check();
      await page.getByLabel(`What is asked: ${words}`, { exact: true }).fill(`Exactly this ${words}, described at length for the officer`);
    }
    const access = page.locator("fieldset.access-checklist");
    // Administrators do not read cases: they are not offered.
    expect(await access.getByText("page.admin").count()).toBe(0);
    for (const box of await access.getByRole("checkbox").all()) await box.check();
    const measuresBox = await page.locator("fieldset.measure-picks").boundingBox();
    const accessBox = await access.boundingBox();
    expect(measuresBox && accessBox).toBeTruthy();
    if (measuresBox && accessBox) expect(accessBox.y).toBeGreaterThanOrEqual(measuresBox.y + measuresBox.height);
    expect(await overflow(page, "form.case-form")).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Open the case" }).click();
    await page.getByTestId("case-summary").waitFor();
    caseUrl = new URL(page.url()).pathname;
    await page.close();
  });

  it("opens the case on its summary, with each tab within the screen", async () => {
    const page = await open(officer, caseUrl, 390);
    const summary = page.getByTestId("case-summary");
    await summary.waitFor();
    expect(await page.getByTestId("case-state").textContent()).toBe("received");
    expect(await page.getByTestId("due-next").textContent()).toMatch(/^Register the request by \d{1,2} \w+ \d{4}/);
    expect(await page.getByTestId("basis-line").textContent()).toContain(
      "Treaty between the United States of America and the Russian Federation",
    );
    expect(await summary.textContent()).toContain("page.officer");
    for (const tab of ["Work", "Legal basis", "Measures and people", "Documents and evidence", "Messages and timeline", "Access"]) {
      await page.getByRole("tab", { name: tab }).click();
      expect(await page.getByRole("tab", { name: tab }).getAttribute("aria-selected")).toBe("true");
      expect(await overflow(page, ".case-page"), tab).toBeLessThanOrEqual(0);
    }
    await page.getByRole("tab", { name: "Measures and people" }).click();
    await page.getByText("No persons yet.").waitFor();
    await page.getByText("No offences yet.").waitFor();
    // The tab is in the address: a reload opens it again.
    expect(new URL(page.url()).hash).toBe("#measures");
    await page.reload();
    await page.getByText("No persons yet.").waitFor();
    await page.getByRole("tab", { name: "Legal basis" }).click();
    expect(await page.getByTestId("chosen-basis").textContent()).not.toContain("us-ru-mlat-1999");
    await page.close();
  });

  it("asks for confirmation and a reason before a withdrawal, and puts the reason on the timeline", async () => {
    const c = await api<Detail>(officerApi, "POST", "/cases", {
      direction: "outgoing",
      title: "Our request to Russia",
      requesting: "GB",
      requested: "RU",
      confidentiality: "normal",
      requestDate: "2018-07-13",
      measures: [{ measure: "statements", description: "Statement of a witness" }],
    });
    const page = await open(officer, `/cases/${c.id}`, 390);
    await page.getByRole("button", { name: "Withdraw the request" }).click();
    const dialog = page.getByTestId("confirm-step");
    await dialog.getByText("This cannot be undone.").waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await dialog.getByRole("button", { name: "Withdraw the request" }).click();
    await dialog.getByText(/Give the reason in at least 10 characters/).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByTestId("case-state").textContent()).toBe("draft");
    await page.getByRole("button", { name: "Withdraw the request" }).click();
    await dialog.getByLabel("Reason").fill("The prosecution was discontinued.");
    await dialog.getByRole("button", { name: "Withdraw the request" }).click();
    await page.getByTestId("case-state").getByText("withdrawn").waitFor();
    await page.getByRole("tab", { name: "Messages and timeline" }).click();
    expect(await page.getByTestId("timeline").textContent()).toContain("The prosecution was discontinued.");
    await page.getByRole("tab", { name: "Work" }).click();
    await page.getByText("The requesting state withdraws its request").waitFor();
    await page.close();
  });
});

describe("the refusal form (1280 px)", () => {
  it("offers only the grounds the basis provides, shows bank secrecy as excluded, checks before sending and answers in words", async () => {
    const c = await underReview("US request: bank records");
    const page = await open(supervisor, `/cases/${c.id}`, 1280);
    await page.getByRole("button", { name: "Refuse" }).click();
    const form = page.getByRole("form", { name: "Refuse the request" });
    await form.getByTestId("grounds-offered").waitFor();
    // US–Russia MLAT: bank secrecy is not a ground for denying assistance (knowledge/instruments/us-ru-mlat-1999.yaml).
    expect(await form.getByRole("checkbox", { name: /bank secrecy/i }).count()).toBe(0);
    expect(await form.getByTestId("grounds-excluded").textContent()).toMatch(/Bank secrecy — [^\n]*US–Russia MLAT/);
    expect((await form.getByTestId("grounds-excluded").textContent())?.match(/Bank secrecy/g)?.length).toBe(1);
    expect(await form.getByRole("checkbox").count()).toBeGreaterThan(0);
    await form.getByRole("button", { name: "Refuse the request" }).click();
    await form.getByText("Choose at least one ground the legal basis provides.").waitFor();
    await form.getByRole("checkbox", { name: /essential interests/i }).check();
    await form.getByRole("button", { name: "Refuse the request" }).click();
    await form.getByText(/State the reasons in at least 10 characters/).waitFor();
    await form.getByLabel(/Reasons/).fill("Execution would prejudice the security of the Russian Federation.");
    await form.getByRole("button", { name: "Refuse the request" }).click();
    const dialog = page.getByTestId("confirm-step");
    await dialog.getByText("This cannot be undone.").waitFor();
    await dialog.getByRole("button", { name: "Refuse the request" }).click();
    // The MLAT requires consulting the requesting state first: the rule in words, never its code.
    const alert = dialog.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/consulting the requesting state/);
    expect(await alert.textContent()).not.toMatch(/consultation_required|\[/);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByTestId("case-state").textContent()).toBe("under review");
    await page.close();
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
