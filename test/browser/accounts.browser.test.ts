/**
 * The walk-through in Chromium against the real server: the first administrator signs in
 * with the printed one-time password, is made to choose a password and enrol a second factor,
 * creates an officer and an executing-authority user; each signs in and sees exactly what their role
 * allows. Then lockout, the second factor at sign-in, and sign-out everywhere. And the words of issue
 * 14 §5: the first administrator lands on a page that says what to do next, the choose-password screen
 * does not ask again for the one-time password, errors read as sentences, organisations are renamed
 * and retired, and the audit trail names cases by reference.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdministrator } from "../../src/accounts/bootstrapper.js";
import { totpCode } from "../../src/security/totp.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, shoot, watchErrors } from "../support/browser.js";
import { chooseJurisdiction } from "../support/picker.js";

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
  watchErrors(page, errors);
  await page.goto(base);
  return { context, page };
}

async function signInForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Forced first steps: new password, then (when the role needs it) authenticator enrolment. */
async function firstSteps(page: Page, next: string, enrol: boolean): Promise<string> {
  await page.getByRole("heading", { name: "Choose your password" }).waitFor();
  // The one-time password was typed a moment ago to sign in: it is not asked for again.
  expect(await page.getByLabel("One-time password").count()).toBe(0);
  expect(await page.locator("input[type=password]").count()).toBe(2);
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
  it("the administrator changes the one-time password and enrols a second factor before anything else, then is told what to do next", async () => {
    const { context, page } = await fresh();
    await signInForm(page, admin.email, admin.password);
    await shoot(page, "choose-password");
    admin.secret = await firstSteps(page, "keeper of the seals 2026", true);
    admin.password = "keeper of the seals 2026";
    await page.getByRole("link", { name: "Users" }).waitFor();
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Directory", "Users", "Audit", "API"]);
    // The first administrator lands on the administration page, which says what to do next.
    await page.waitForURL(/\/users$/);
    const next = page.getByTestId("getting-started");
    await next.getByRole("heading", { name: "What to do next" }).waitFor();
    const said = (await next.textContent()) ?? "";
    expect(said).toMatch(/Create the executing authorities/);
    expect(said).toMatch(/Create the officers and supervisors/);
    await shoot(page, "first-administrator");
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
    await chooseJurisdiction(page, "Jurisdiction (optional)", "GB");
    await page.getByRole("button", { name: "Add executing authority" }).click();
    const court = page.getByTestId("organisation").filter({ hasText: "Westminster Magistrates' Court" });
    // Its jurisdiction is shown in words.
    await court.getByText(/executing authority · United Kingdom.* \(GB\)/).waitFor();
    await page.getByTestId("getting-started").getByText("Done: 1.").waitFor();

    await page.getByLabel("Name", { exact: true }).fill("Olivia Officer");
    await page.getByLabel("Email", { exact: true }).fill(officer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("officer");
    await page.getByRole("button", { name: "Create user" }).click();
    officer.password = (await page.getByTestId("one-time-password").textContent()) ?? "";
    expect(officer.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    await page.getByLabel("Name", { exact: true }).fill("Court Clerk");
    await page.getByLabel("Email", { exact: true }).fill(executing.email);
    await page.getByLabel("Role", { exact: true }).selectOption("executing");
    await page.getByLabel("Organisation", { exact: true }).selectOption({ label: "Westminster Magistrates' Court" });
    await page.getByRole("button", { name: "Create user" }).click();
    await page.getByText(`${executing.email} can now sign in`).waitFor();
    executing.password = (await page.getByTestId("one-time-password").textContent()) ?? "";
    await page.getByRole("cell", { name: executing.email }).waitFor();
    // Both steps are done: the page no longer says what to do next.
    await expect.poll(() => page.getByTestId("getting-started").count()).toBe(0);

    // A refusal reads as a sentence, without the field's or the error's code.
    await page.getByLabel("Name", { exact: true }).fill("Olivia Again");
    await page.getByLabel("Email", { exact: true }).fill(officer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("officer");
    await page.getByRole("button", { name: "Create user" }).click();
    const refusal = page
      .locator(".card")
      .filter({ has: page.getByRole("heading", { name: "New user" }) })
      .getByRole("alert");
    await expect.poll(() => refusal.textContent()).toBe(`A user with the email ${officer.email} already exists.`);
    await context.close();
  });

  it("renames, retires and deletes organisations; one in use cannot be deleted", async () => {
    t.clock.advance(30_000);
    const { context, page } = await fresh();
    await signInForm(page, admin.email, admin.password);
    await page.getByLabel("Code").fill(totpCode(admin.secret, t.clock.now()));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL(/\/users$/);
    for (const name of ["Bristol Magistartes", "Typo Court"]) {
      await page.getByLabel("Executing authority", { exact: true }).fill(name);
      await page.getByRole("button", { name: "Add executing authority" }).click();
      await page.getByTestId("organisation").filter({ hasText: name }).waitFor();
    }
    const bristol = page.getByTestId("organisation").filter({ hasText: "Bristol Magistartes" });
    await bristol.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("New name of Bristol Magistartes").fill("Bristol Magistrates' Court");
    await page.getByRole("button", { name: "Save the name" }).click();
    const renamed = page.getByTestId("organisation").filter({ hasText: "Bristol Magistrates' Court" });
    await renamed.waitFor();
    await renamed.getByRole("button", { name: "Retire" }).click();
    await renamed.getByText("retired").waitFor();
    await renamed.getByRole("button", { name: "Bring back into use" }).waitFor();
    // A retired authority is not offered for new users.
    await page.getByLabel("Role", { exact: true }).selectOption("executing");
    const offered = await page.getByLabel("Organisation", { exact: true }).locator("option").allTextContents();
    expect(offered).toContain("Westminster Magistrates' Court");
    expect(offered).not.toContain("Bristol Magistrates' Court");

    const typo = page.getByTestId("organisation").filter({ hasText: "Typo Court" });
    await typo.getByRole("button", { name: "Delete" }).click();
    await typo.getByRole("button", { name: "Yes, delete" }).click();
    await expect.poll(() => page.getByTestId("organisation").filter({ hasText: "Typo Court" }).count()).toBe(0);
    // The court has a user: it cannot be deleted, and the page says why in words.
    const westminster = page.getByTestId("organisation").filter({ hasText: "Westminster Magistrates' Court" });
    await westminster.getByRole("button", { name: "Delete" }).click();
    await westminster.getByRole("button", { name: "Yes, delete" }).click();
    await expect
      .poll(() => westminster.getByRole("alert").textContent())
      .toBe("Westminster Magistrates' Court cannot be deleted: 1 user refers to it. Retire it instead; its history stays.");
    await shoot(page, "users");
    await context.close();
  });

  it("the officer sets up, sees cases but not administration, and opens a strictly confidential case with a measure for the court", async () => {
    const { context, page } = await fresh();
    await signInForm(page, officer.email, officer.password);
    officer.secret = await firstSteps(page, "letters rogatory by the dozen", true);
    officer.password = "letters rogatory by the dozen";
    await page.getByRole("link", { name: "Cases" }).waitFor();
    expect(await navLabels(page)).toEqual([
      "Legal basis",
      "Instruments",
      "Directory",
      "Queue",
      "Cases",
      "Assets",
      "Transfers",
      "Statistics",
      "Request writer",
      "API",
    ]);

    for (const [title, level] of [
      ["Fraud ring: bank records", "normal"],
      ["Witness protection matter", "strictly_confidential"],
    ] as const) {
      await page.locator("nav[aria-label=Main]").getByRole("link", { name: "Cases" }).click();
      await page.getByLabel("Title").fill(title);
      await chooseJurisdiction(page, "Requesting state", "GB");
      await chooseJurisdiction(page, "Requested state", "US");
      await page.getByLabel("Confidentiality").last().selectOption(level);
      await page.getByRole("button", { name: /open/i }).click();
      // The heading is the reference, then the title.
      await page.getByRole("heading", { name: new RegExp(`^(IN|OUT)-\\d{4}-\\d{5} ${title}$`) }).waitFor();
      await page.getByRole("tab", { name: "Measures and people" }).click();
      await page.getByLabel("Description").fill(`Hear the witness (${level})`);
      await page.getByLabel("Assign to").selectOption({ label: "Westminster Magistrates' Court" });
      await page.getByRole("button", { name: "Add the measure" }).click();
      // In the case's list of measures (the hearing form's measure picker names it too).
      await page.locator(".measure-list").getByText(`Hear the witness (${level})`).waitFor();
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
    await firstSteps(page, "witness summons on tuesday", false);
    await page.getByRole("link", { name: "Assigned measures" }).click();
    await page.getByText("Hear the witness (normal)").waitFor();
    expect(await page.getByText("Hear the witness (strictly_confidential)").count()).toBe(0);
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Directory", "Assigned measures", "API"]);
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
    // Cases are named by their reference, never by a truncated id.
    const objects = await page.getByTestId("audit-object").allTextContents();
    expect(objects.every((o) => /^Case (IN|OUT)-\d{4}-\d{5}$/.test(o))).toBe(true);
    // Details are labelled fields, not JSON.
    await page.getByLabel("Action").fill("organisation.update");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=organisation.update/);
    const rename = page.locator("dl.details > div", { has: page.locator("dt", { hasText: "Name" }) }).first();
    await expect.poll(() => rename.textContent()).toBe("NameBristol Magistartes → Bristol Magistrates' Court");
    expect(await page.getByTestId("audit-object").first().textContent()).toBe("Organisation Bristol Magistrates' Court");
    expect(await page.locator("table.audit").textContent()).not.toMatch(/[{}"]/);
    // A case's events are found by its reference.
    const reference = objects[0]?.replace(/^Case /, "") ?? "";
    await page.getByLabel("Action").fill("");
    await page.getByLabel("Object (id, or a case's reference)").fill(reference);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(new RegExp(`objectId=${reference}`));
    await expect
      .poll(async () => (await page.getByTestId("audit-object").allTextContents()).every((o) => o === `Case ${reference}`))
      .toBe(true);
    await shoot(page, "audit");
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
    // The other browser opens the workbench again with the cookie it holds (its page may already have
    // noticed on its own, refreshing in the background): it is asked to sign in.
    await b.page.reload();
    await b.page.getByRole("heading", { name: "Sign in to Rogatory" }).waitFor();
    await a.context.close();
    await b.context.close();
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
