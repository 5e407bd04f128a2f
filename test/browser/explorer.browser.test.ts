/** The basis explorer as an officer uses it, in Chromium against the real server and database. */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium, signedInContext } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let base: string;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  // The law is open to every role; an auditor without a second factor keeps the setup short.
  const orgs = await createOrganisations(t.ctx);
  const reader = await createReadyUser(t.ctx, { email: "reader@ca.test", role: "auditor", organisationId: orgs.central, totp: false });
  context = await signedInContext(browser, base, await signIn(t.app, t.clock, reader));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(`${base}${path}`);
  return page;
}

describe("basis explorer", () => {
  it("answers a query chosen in the form and keeps it in the URL", async () => {
    const page = await open("/basis");
    await page.selectOption("select[name=from]", "US");
    await page.selectOption("select[name=to]", "RU");
    await page.fill("input[name=on]", "2018-07-13");
    await page.check("input[name=measure][value=testimony]");
    await page.check("input[name=measure][value=records]");
    await page.getByTestId("bases").waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get("from")).toBe("US");
    expect(url.searchParams.get("to")).toBe("RU");
    expect(url.searchParams.get("on")).toBe("2018-07-13");
    expect(url.searchParams.getAll("measure")).toEqual(["testimony", "records"]);
    expect(await page.locator("[data-testid=measures] tbody tr").count()).toBe(2);
    expect(await page.locator("[data-testid=bases] li").last().getAttribute("data-instrument")).toBe("reciprocity");
    await page.close();
  });

  it("restores a shared URL, shows the provision behind a citation and why others do not apply", async () => {
    const page = await open("/basis?from=US&to=RU&on=2018-07-13&measure=testimony");
    await page.getByTestId("bases").waitFor();
    expect(await page.locator("select[name=from]").inputValue()).toBe("US");
    const cite = page.locator("[data-testid=measures] details.cite").first();
    await cite.locator("summary").click();
    await expect.poll(() => cite.locator(".provision-text").isVisible()).toBe(true);
    expect(await cite.locator(".provision-id").textContent()).toMatch(/:/);
    expect(await page.getByTestId("not-applicable").locator("li").count()).toBeGreaterThan(0);
    await page.close();
  });

  it("shows the US–Russia treaty first in July 2018 with its 7-day safe conduct (seed 000)", async () => {
    const page = await open("/basis?from=US&to=RU&on=2018-07-13&measure=testimony&measure=records");
    await page.getByTestId("bases").waitFor();
    expect(await page.locator("[data-testid=bases] li").first().getAttribute("data-instrument")).toBe("us-ru-mlat-1999");
    expect(await page.getByTestId("safe-conduct").textContent()).toMatch(/7 days, extendable to 15/);
    expect(await page.getByTestId("consultation").textContent()).toMatch(/Required/);
    expect(await page.locator("[data-testid=excluded-grounds] li[data-ground=bank_secrecy]").count()).toBeGreaterThan(0);
    await page.close();
  });

  it("says which field is wrong when the shared URL carries a bad value", async () => {
    const page = await open("/basis?from=US&to=RU&on=2018-02-30");
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/on: "2018-02-30" is not a date/);
    expect(await page.getByTestId("answer").count()).toBe(0);
    await page.close();
  });

  it("lists the instruments and opens one", async () => {
    const page = await open("/instruments");
    await page.getByTestId("instruments").waitFor();
    await page.getByRole("link", { name: "Reciprocity / letters rogatory" }).click();
    await page.getByTestId("provisions").waitFor();
    expect(new URL(page.url()).pathname).toBe("/instruments/reciprocity");
    await page.close();
  });

  it("raised no script or CSP error in the pages visited", () => {
    expect(errors).toEqual([]);
  });
});
