/**
 * Accessibility (issue 14 §7): axe-core finds no critical or serious violation on any page of the
 * workbench, in Chromium against the real server, signed in as each role with a case and a draft in
 * the database; nor on forms in their error state (refused by the server: sign-in; incomplete, as the
 * browser marks them: the new case, the new executing authority); nor on the API reference (/api/docs).
 * Milder findings (moderate, minor) are not failures here.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, signedInContext } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let base: string;
const contexts: Record<string, BrowserContext> = {};
let caseId = "";
let draftId = "";

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const users = {
    officer: await createReadyUser(t.ctx, { email: "officer@ca.test", role: "officer", organisationId: orgs.central }),
    supervisor: await createReadyUser(t.ctx, { email: "supervisor@ca.test", role: "supervisor", organisationId: orgs.central }),
    administrator: await createReadyUser(t.ctx, { email: "admin@ca.test", role: "administrator", organisationId: orgs.central }),
    auditor: await createReadyUser(t.ctx, { email: "auditor@ca.test", role: "auditor", organisationId: orgs.central }),
    executing: await createReadyUser(t.ctx, { email: "court@ca.test", role: "executing", organisationId: orgs.executingA }),
  };
  const sessions: Record<string, Session> = {};
  for (const [role, user] of Object.entries(users)) {
    sessions[role] = await signIn(t.app, t.clock, user);
    contexts[role] = await signedInContext(browser, base, sessions[role]);
  }
  // Data on the pages: an incoming case with a measure, and a draft of an outgoing request.
  const officer = sessions.officer as Session;
  const as = (method: "POST", url: string, payload: object) =>
    t.app.inject({ method, url, payload, headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf } });
  const created = await as("POST", "/api/v1/cases", {
    direction: "incoming",
    title: "Request concerning the accounts of Ольга Петрова",
    requesting: "RU",
    requested: "GB",
    requestDate: "2012-07-02",
    confidentiality: "normal",
  });
  expect(created.statusCode, created.body).toBe(201);
  caseId = created.json().id;
  const draft = await as("POST", "/api/v1/drafts", { title: "Outgoing request to Russia: bank records" });
  expect(draft.statusCode, draft.body).toBe(201);
  draftId = draft.json().id;
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Opens a path and waits until the page's content (not the "Loading…" line) is shown. */
async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  await page.locator("main h1, main h2").first().waitFor();
  await page.waitForLoadState("networkidle");
  return page;
}

async function expectNoSeriousFindings(page: Page, where: string) {
  const findings = await axeFindings(page);
  expect(findings, `${where}:\n${describeFindings(findings)}`).toEqual([]);
}

/** Every page, by role (":case" and ":draft" stand for the case and the draft made above). */
const PAGES: Record<string, string[]> = {
  officer: [
    "/basis?from=US&to=RU&on=2024-01-01",
    "/instruments",
    "/instruments/us-ru-mlat-1999",
    "/directory?jurisdiction=RU",
    "/queue",
    "/cases",
    "/cases/:case",
    "/drafts",
    "/drafts/:draft",
    "/account",
  ],
  supervisor: ["/queue", "/cases/:case"],
  administrator: ["/users", "/audit", "/account"],
  auditor: ["/audit", "/cases"],
  executing: ["/assignments"],
};

describe("axe finds no critical or serious violation", () => {
  for (const [role, paths] of Object.entries(PAGES))
    for (const path of paths)
      it(`on ${path} for the ${role}`, async () => {
        const page = await open(contexts[role] as BrowserContext, path.replace(":case", caseId).replace(":draft", draftId));
        await expectNoSeriousFindings(page, `${role} ${path}`);
        await page.close();
      });

  it("on the sign-in page, before and after a wrong password", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel("Email").waitFor();
    await expectNoSeriousFindings(page, "sign-in");
    await page.getByLabel("Email").fill("officer@ca.test");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    await expectNoSeriousFindings(page, "sign-in with an error");
    await context.close();
  });

  it("on the case form and the user form in their error state", async () => {
    // Submitted empty: the browser marks the required fields invalid (the server is not asked).
    const cases = await open(contexts.officer as BrowserContext, "/cases");
    await cases.getByRole("button", { name: /open the case/i }).click();
    await cases.locator("form :invalid").first().waitFor();
    await expectNoSeriousFindings(cases, "/cases, the new case incomplete");
    await cases.close();
    const users = await open(contexts.administrator as BrowserContext, "/users");
    await users.getByRole("button", { name: /add executing authority/i }).click();
    await users.locator("form :invalid").first().waitFor();
    await expectNoSeriousFindings(users, "/users, the new authority incomplete");
    await users.close();
  });

  it("on the API reference", async () => {
    const page = await (contexts.officer as BrowserContext).newPage();
    await page.goto(`${base}/api/docs`);
    await page.getByRole("heading").first().waitFor();
    await page.waitForLoadState("networkidle");
    await expectNoSeriousFindings(page, "/api/docs");
    // An operation opened: its parameters, responses and "Try it out".
    await page.locator(".opblock-summary-control").first().click();
    await page.locator(".opblock-body").first().waitFor();
    await expectNoSeriousFindings(page, "/api/docs, an operation opened");
    await page.close();
  });
});
