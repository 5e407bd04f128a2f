/**
 * The law open to read (issue 11 §4), in Chromium against the real server: with ROGATORY_PUBLIC_LAW=true
 * an anonymous visitor reads a legal basis and the instruments without signing in, and is refused
 * everything else; with the default setting the law asks to sign in like every page.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, createOrganisations, createReadyUser } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, watchErrors } from "../support/browser.js";
import { chooseJurisdiction } from "../support/picker.js";

const WEB_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

/** A fresh anonymous visitor: a new context, no cookie. */
async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchErrors(page, errors);
  return { context, page };
}

/** The labels of the main navigation. */
const navLabels = (page: Page) => page.locator("nav[aria-label=Main] a").allTextContents();

describe("with ROGATORY_PUBLIC_LAW=true", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ webDir: WEB_DIR, security: { publicLaw: true } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("an anonymous visitor reads a basis (US → RU on 2018-07-13: the US–Russia treaty first) without a sign-in wall", async () => {
    const { context, page } = await visitor();
    await page.goto(`${base}/`);
    await chooseJurisdiction(page, "Requesting", "US");
    await chooseJurisdiction(page, "Requested", "RU");
    await page.fill("input[name=on]", "2018-07-13");
    await page.check("input[name=measure][value=testimony]");
    await page.getByTestId("bases").waitFor();
    expect(await page.locator("[data-testid=bases] li").first().getAttribute("data-instrument")).toBe("us-ru-mlat-1999");
    expect(await page.locator("#signin-title").count()).toBe(0);
    // A reduced navigation: the law, the directory of central authorities (public by default) and a way to sign in, nothing of the workbench.
    expect(await navLabels(page)).toEqual(["Legal basis", "Instruments", "Directory", "Sign in"]);
    await context.close();
  });

  it("opens the instruments and one instrument with its provisions", async () => {
    const { context, page } = await visitor();
    await page.goto(`${base}/basis`);
    await page.locator("nav[aria-label=Main] a", { hasText: "Instruments" }).click();
    await page.getByTestId("instruments").waitFor();
    expect(await page.locator("[data-testid=instruments] tbody tr").count()).toBeGreaterThan(3);
    await page.locator("[data-testid=instruments] a[href='/instruments/us-ru-mlat-1999']").click();
    await page.getByTestId("provisions").waitFor();
    expect(new URL(page.url()).pathname).toBe("/instruments/us-ru-mlat-1999");
    expect(await page.locator("h1").textContent()).toMatch(/Russia/);
    await context.close();
  });

  it("is refused everything else: /cases ends on the sign-in page and the API answers 401", async () => {
    const { context, page } = await visitor();
    await page.goto(`${base}/cases`);
    await page.locator("#signin-title").waitFor();
    expect(await page.locator("[data-testid=bases]").count()).toBe(0);
    for (const path of ["/drafts", "/users", "/audit", "/account"]) {
      await page.goto(`${base}${path}`);
      await page.locator("#signin-title").waitFor();
    }
    const statuses = await page.evaluate(async () => {
      const get = async (url: string) => (await fetch(url, { credentials: "same-origin" })).status;
      return {
        cases: await get("/api/v1/cases"),
        drafts: await get("/api/v1/drafts"),
        users: await get("/api/v1/users"),
        account: await get("/api/v1/account"),
        basis: await get("/api/v1/basis?from=US&to=RU&on=2018-07-13"),
      };
    });
    expect(statuses).toEqual({ cases: 401, drafts: 401, users: 401, account: 401, basis: 200 });
    await context.close();
  });

  it("the Sign in link leads to sign-in, and a signed-in user gets the whole workbench as before", async () => {
    const orgs = await createOrganisations(t.ctx);
    const u = await createReadyUser(t.ctx, { email: "auditor@public.test", role: "auditor", organisationId: orgs.central, totp: false });
    const { context, page } = await visitor();
    await page.goto(`${base}/instruments`);
    await page.locator("nav[aria-label=Main] a", { hasText: "Sign in" }).click();
    await page.locator("#signin-title").waitFor();
    await page.fill("input[type=email]", u.email);
    await page.fill("input[type=password]", PASSWORD);
    await page.locator("form button[type=submit]").click();
    await page.locator("nav[aria-label=Main] a", { hasText: "Cases" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await navLabels(page)).toEqual(expect.arrayContaining(["Legal basis", "Instruments", "Queue", "Cases", "Audit"]));
    expect(await navLabels(page)).not.toContain("Sign in");
    await context.close();
  });

  it("logged no script error", () => {
    expect(errors).toEqual([]);
  });
});

describe("with the law closed (the default)", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ webDir: WEB_DIR });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("asks an anonymous visitor of /basis and /instruments to sign in", async () => {
    const { context, page } = await visitor();
    for (const path of ["/basis?from=US&to=RU&on=2018-07-13", "/instruments"]) {
      await page.goto(`${base}${path}`);
      await page.locator("#signin-title").waitFor();
      expect(await page.locator("[data-testid=bases]").count()).toBe(0);
      // Only the directory of central authorities (public by default, ROGATORY_PUBLIC_DIRECTORY) and signing in.
      expect(await navLabels(page)).toEqual(["Directory", "Sign in"]);
    }
    const status = await page.evaluate(async () => (await fetch("/api/v1/basis?from=US&to=RU&on=2018-07-13")).status);
    expect(status).toBe(401);
    await context.close();
  });
});
