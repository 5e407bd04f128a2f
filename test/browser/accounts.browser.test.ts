/**
 * The walk-through in Chromium against the real server: the first administrator signs in
 * with the printed one-time password, is made to choose a password and enrol a second factor,
 * creates an officer and an executing-authority user; each signs in and sees exactly what their role
 * allows. Then lockout, the second factor at sign-in, and sign-out everywhere.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
import { totpCode } from "../../src/security/totp.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let base: string;
const errors: string[] = [];
const admin = { email: "admin@ca.test", password: "", secret: "" };
const officer = { email: "officer@ca.test", password: "", secret: "" };
const executing = { email: "court@ca.test", password: "" };

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const first = await ensureFirstAdministrator(t.ctx, { organisationName: "UK Central Authority", email: admin.email, jurisdiction: "GB" });
  admin.password = first?.oneTimePassword ?? "";
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function fresh(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    // Refused requests are the point of several steps here; Chromium logs each as "Failed to load resource".
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  await page.goto(base);
  return { context, page };
}

async function signInForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Forced first steps: new password, then (when the role needs it) authenticator enrolment. */
async function firstSteps(page: Page, oneTime: string, next: string, enrol: boolean): Promise<string> {
  await page.getByRole("heading", { name: "Choose your password" }).waitFor();
  await page.getByLabel("One-time password").fill(oneTime);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Repeat the new password").fill(next);
  await page.getByRole("button", { name: "Set the new password" }).click();
  if (!enrol) return "";
  await page.getByRole("heading", { name: "Set up your second factor" }).waitFor();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  expect(await page.locator("img.qr").getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
  await page.getByLabel("Code from the app").fill(totpCode(secret, t.clock.now()));
  await page.getByRole("button", { name: "Confirm" }).click();
  return secret;
}

const navLabels = async (page: Page) => (await page.locator("nav[aria-label=Main] a").allTextContents()).map((s) => s.trim());

describe("from first start to three roles", () => {
  it("the administrator changes the one-time password and enrols a second factor before anything else", async () => {
    const { context, page } = await fresh();
    await signInForm(page, admin.email, admin.password);
    admin.secret = await firstSteps(page, admin.password, "keeper of the seals 2026", true);
    admin.password = "keeper of the seals 2026";
    await page.getByRole("link", { name: "Users" }).waitFor();
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Users", "Audit", "API"]);
    await context.close();
  });

  it("creates an executing authority, an officer and an executing-authority user", async () => {
    t.clock.advance(30_000);
    const { context, page } = await fresh();
    await signInForm(page, admin.email, admin.password);
    await page.getByRole("heading", { name: "Second factor" }).waitFor();
    await page.getByLabel("Code").fill(totpCode(admin.secret, t.clock.now()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByLabel("Executing authority", { exact: true }).fill("Westminster Magistrates' Court");
    await page.getByRole("button", { name: "Add executing authority" }).click();
    await page.getByText("Westminster Magistrates' Court").first().waitFor();

    await page.getByLabel("Name").fill("Olivia Officer");
    await page.getByLabel("Email").fill(officer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("officer");
    await page.getByRole("button", { name: "Create user" }).click();
    officer.password = (await page.getByTestId("one-time-password").textContent()) ?? "";
    expect(officer.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    await page.getByLabel("Name").fill("Court Clerk");
    await page.getByLabel("Email").fill(executing.email);
    await page.getByLabel("Role", { exact: true }).selectOption("executing");
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Westminster Magistrates' Court" });
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByText(`${executing.email} can now sign in`).waitFor();
    executing.password = (await page.getByTestId("one-time-password").textContent()) ?? "";
    await page.getByRole("cell", { name: executing.email }).waitFor();
    await context.close();
  });

  it("the officer sets up, sees cases but not administration, and opens a strictly confidential case with a measure for the court", async () => {
    const { context, page } = await fresh();
    await signInForm(page, officer.email, officer.password);
    officer.secret = await firstSteps(page, officer.password, "letters rogatory by the dozen", true);
    officer.password = "letters rogatory by the dozen";
    await page.getByRole("link", { name: "Cases" }).waitFor();
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Queue", "Cases", "Request writer", "API"]);

    for (const [title, level] of [
      ["Fraud ring: bank records", "normal"],
      ["Witness protection matter", "strictly_confidential"],
    ] as const) {
      await page.locator("nav[aria-label=Main]").getByRole("link", { name: "Cases" }).click();
      await page.getByLabel("Title").fill(title);
      await page.getByLabel("Requesting state").selectOption("GB");
      await page.getByLabel("Requested state").selectOption("US");
      await page.getByLabel("Confidentiality").last().selectOption(level);
      await page.getByRole("button", { name: /open/i }).click();
      await page.getByRole("heading", { name: /^(IN|OUT)-\d{4}-\d{5}$/ }).waitFor();
      await page.getByLabel("Description").fill(`Hear the witness (${level})`);
      await page.getByLabel("Assign to").selectOption({ label: "Westminster Magistrates' Court" });
      await page.getByRole("button", { name: "Add the measure" }).click();
      await page.getByText(`Hear the witness (${level})`).waitFor();
    }
    // The administrator's pages are not reachable even by URL: the server refuses and the shell says so.
    await page.goto(`${base}/users`);
    await page.getByRole("heading", { name: "Not available" }).waitFor();
    await context.close();
  });

  it("the executing-authority user sees only the measures assigned to their court, and never the strictly confidential one", async () => {
    const { context, page } = await fresh();
    await signInForm(page, executing.email, executing.password);
    // The second factor is optional for this role: after the new password the workbench opens.
    await firstSteps(page, executing.password, "witness summons on tuesday", false);
    await page.getByRole("link", { name: "Assigned measures" }).click();
    await page.getByText("Hear the witness (normal)").waitFor();
    expect(await page.getByText("Hear the witness (strictly_confidential)").count()).toBe(0);
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Assigned measures", "API"]);
    const api = await page.evaluate(async () => (await fetch("/api/v1/cases")).status);
    expect(api).toBe(403);
    await context.close();
  });

  it("the audit viewer shows the events, filters them and verifies the chain", async () => {
    t.clock.advance(30_000);
    const { context, page } = await fresh();
    await signInForm(page, admin.email, admin.password);
    await page.getByLabel("Code").fill(totpCode(admin.secret, t.clock.now()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("link", { name: "Audit" }).click();
    await page.getByRole("button", { name: "Verify the chain" }).click();
    await page.getByText(/Chain intact: \d+ events verified/).waitFor();
    await page.getByLabel("Action").fill("case.read");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=case.read/);
    const actions = await page.locator("table.audit tbody td:nth-child(4)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a === "case.read")).toBe(true);
    await context.close();
  });
});

describe("sign-in protections", () => {
  it("locks the account after repeated wrong passwords and says until when", async () => {
    const { context, page } = await fresh();
    for (let i = 0; i < 5; i++) await signInForm(page, executing.email, `wrong guess ${i}`);
    await page.getByText(/locked until/).waitFor();
    await signInForm(page, executing.email, "witness summons on tuesday");
    await page.getByText(/locked until/).waitFor();
    expect(await page.getByRole("link", { name: "Assigned measures" }).count()).toBe(0);
    t.clock.advance(16 * 60_000);
    await signInForm(page, executing.email, "witness summons on tuesday");
    await page.getByRole("link", { name: "Assigned measures" }).waitFor();
    await context.close();
  });

  it("signs out everywhere: the officer's other browser is signed out too", async () => {
    const signedIn = async () => {
      t.clock.advance(30_000);
      const s = await fresh();
      await signInForm(s.page, officer.email, officer.password);
      await s.page.getByLabel("Code").fill(totpCode(officer.secret, t.clock.now()));
      await s.page.getByRole("button", { name: "Verify" }).click();
      await s.page.getByRole("link", { name: "Cases" }).waitFor();
      return s;
    };
    const a = await signedIn();
    const b = await signedIn();
    await a.page.getByRole("link", { name: "Olivia Officer" }).click();
    await a.page.getByRole("button", { name: "Sign out everywhere" }).click();
    await a.page.getByRole("heading", { name: "Sign in to Rogatory" }).waitFor();
    await b.page.getByRole("link", { name: "Cases" }).click();
    await b.page.getByRole("heading", { name: "Sign in to Rogatory" }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
