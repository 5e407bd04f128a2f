/**
 * Registering, deciding and closing a case in Chromium: an officer registers Russia's 2012 request to
 * the United Kingdom (seed 004) and reviews it; a supervisor first tries to refuse without reasons
 * (refused, nothing changes), then refuses on essential interests under art. 2(b) of the 1959
 * Convention; the notice cites the article; the case is closed and its timeline shows each step.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, signedInContext, openPage } from "../support/browser.js";
import { chooseJurisdiction } from "../support/picker.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
let supervisor: BrowserContext;
let caseUrl = "";
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const o = await createReadyUser(t.ctx, { email: "officer@uk-ca.test", role: "officer", organisationId: orgs.central });
  const s = await createReadyUser(t.ctx, { email: "supervisor@uk-ca.test", role: "supervisor", organisationId: orgs.central });
  officer = await signedInContext(browser, base, await signIn(t.app, t.clock, o));
  supervisor = await signedInContext(browser, base, await signIn(t.app, t.clock, s));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const open = (context: BrowserContext, path: string) => openPage(context, `${base}${path}`, errors);

const state = (page: Page) => page.getByTestId("case-state");

describe("a case from registration to closure", () => {
  it("the officer registers the incoming request and starts the review", async () => {
    const page = await open(officer, "/cases");
    await page.getByLabel("Direction of the request").selectOption("incoming");
    await page.getByLabel("Title").fill("Russian request concerning a London resident");
    await chooseJurisdiction(page, "Requesting state", "RU");
    await chooseJurisdiction(page, "Requested state", "GB");
    await page.getByLabel("Date of the request").fill("2012-07-02");
    await page.getByLabel("Their reference").fill("GP-RF 81/3-2012");
    await page.getByRole("checkbox", { name: "statements" }).check();
    await page.getByLabel("What is asked: Taking of statements").fill("Statements of a person resident in London");
    await page.getByRole("button", { name: "Open the case" }).click();
    await state(page).waitFor();
    caseUrl = new URL(page.url()).pathname;
    expect(await state(page).textContent()).toBe("received");
    expect(await page.getByTestId("basis-line").textContent()).toContain("European Convention on Mutual Assistance in Criminal Matters");
    await page.getByRole("button", { name: "Register" }).click();
    await page.getByTestId("case-state").getByText("registered").waitFor();
    await page.getByRole("button", { name: "Start the review" }).click();
    await page.getByTestId("case-state").getByText("under review").waitFor();
    // Deciding is for a supervisor: the officer sees why the buttons are disabled.
    expect(await page.getByRole("button", { name: "Refuse" }).isDisabled()).toBe(true);
    await page.getByText("is decided by a supervisor").first().waitFor();
    await page.close();
  });

  it("the supervisor's refusal without reasons is stopped before it is sent; with art. 2(b), reasons and confirmation it is recorded with a notice", async () => {
    const page = await open(supervisor, caseUrl);
    await page.getByRole("button", { name: "Refuse" }).click();
    await page.getByRole("checkbox", { name: /essential interests/i }).check();
    await page.getByRole("button", { name: "Refuse the request" }).click();
    await page.getByText(/State the reasons in at least 10 characters/).waitFor();
    expect(await state(page).textContent()).toBe("under review");
    await page.getByLabel(/Reasons/).fill("Execution would prejudice the essential interests of the United Kingdom.");
    await page.getByRole("button", { name: "Refuse the request" }).click();
    await page.getByTestId("confirm-step").getByRole("button", { name: "Refuse the request" }).click();
    await page.getByTestId("case-state").getByText("refused").waitFor();
    const notice = await page.locator("pre.notice-text").textContent();
    expect(notice).toContain("refuses");
    expect(notice).toMatch(/Art\. 2\(b\)|art\. 2\(b\)/i);
    await page.getByRole("button", { name: "Close" }).click();
    await page.getByTestId("confirm-step").getByRole("button", { name: "Close" }).click();
    await page.getByTestId("case-state").getByText("closed").waitFor();
    await page.getByRole("tab", { name: "Messages and timeline" }).click();
    const steps = await page.getByTestId("timeline").locator("li").allTextContents();
    expect(steps.map((s) => s.split(" — ")[1]?.split(" (")[0])).toEqual(["register", "start review", "refuse", "close"]);
    await page.close();
  });

  it("the officer adds a document and an evidence item; a use beyond its purposes needs recorded consent", async () => {
    const page = await open(officer, `${caseUrl}#documents`);
    await page
      .getByLabel("File")
      .setInputFiles({ name: "reply.txt", mimeType: "text/plain", buffer: Buffer.from("Reply to the requesting state") });
    await page.getByLabel("Document kind").selectOption("reply");
    await page.getByRole("button", { name: "Add the document" }).click();
    await page.getByRole("link", { name: "reply.txt" }).waitFor();
    await page.getByLabel("Item", { exact: true }).fill("Copy of the reply");
    await page.getByLabel("Document (optional)").selectOption({ label: "reply.txt" });
    await page.getByLabel("May be used for (separate with ;)").fill("the proceedings named in the request");
    await page.getByLabel("First holder").fill("Central authority registry");
    await page.getByLabel("Received on").fill("2012-09-01");
    await page.getByRole("button", { name: "Record the evidence item" }).click();
    await page.getByText("Copy of the reply").waitFor();
    await page.getByLabel("Use for").fill("a civil claim");
    await page.getByRole("button", { name: "Record the use" }).click();
    await page.getByText(/not among the purposes/).waitFor();
    await page.getByLabel("Consent dated (if another purpose)").fill("2012-10-01");
    await page.getByLabel("Consent given by").fill("Prosecutor General's Office");
    await page.getByRole("button", { name: "Record the use" }).click();
    await page.getByText(/consent of Prosecutor General's Office/).waitFor();
    await page.close();
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
