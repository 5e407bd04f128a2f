/**
 * Criminal assets in Chromium at 360 px (issue 15 §1, §4), one page load: the officer registers a bank
 * account on a US request to Russia (a wrong IBAN is refused before sending), freezes it with an order
 * expiring in ten days and finds that expiry in the queue, confiscates it (final), realises it, shares the
 * proceeds 50/50 with the costs deducted first and checks the figures — the preview and the recorded
 * shares, exact to the cent (the cent left over goes to the first listed) — then finds the asset in the
 * register's totals, beside its chart.
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, signedInContext, openPage } from "../support/browser.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
let officerApi: Session;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  officerApi = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "assets.officer@ca.test", role: "officer", organisationId: orgs.central }),
  );
  officer = await signedInContext(browser, base, officerApi);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const day = (offset: number) => new Date(t.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);

const open = (context: BrowserContext, path: string, width: number) => openPage(context, `${base}${path}`, errors, width);

describe("an asset's life in the browser, US → Russia, at 360 px", () => {
  it("registers, freezes (the expiry in the queue), confiscates, realises and shares 50/50 after costs, exactly", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { cookie: officerApi.cookie, "x-csrf-token": officerApi.csrf },
      payload: {
        direction: "incoming",
        title: "Запрос США: арест счёта",
        requesting: "US",
        requested: "RU",
        confidentiality: "normal",
        requestDate: day(-20),
        measures: [{ measure: "asset_freeze", description: "Арест счёта" }],
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const c = r.json() as { id: string };
    const page = await open(officer, `/cases/${c.id}#assets`, 360);
    const section = page.getByTestId("assets");
    await section.getByText("No asset is recorded in this case.").waitFor();
    // The law first: UNTOC art. 14 governs disposal on this basis, with its citations.
    await expect(section.getByTestId("disposal-rule").textContent()).resolves.toMatch(/^UNTOC: the confiscating state disposes/);

    // Register: a wrong IBAN is refused before anything is sent.
    const reg = section.getByRole("form", { name: "Register an asset" });
    await reg.getByLabel("Description").fill("Счёт в ПАО «Банк»");
    await reg.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 01");
    await reg.getByTestId("identifier-problem").getByText("The IBAN is not valid").waitFor();
    expect(await reg.getByRole("button", { name: "Register the asset" }).isDisabled()).toBe(true);
    await reg.getByLabel("IBAN").fill("DE89 3704 0044 0532 0130 00");
    await reg.getByLabel("Holder", { exact: true }).fill("Иван Петров");
    await reg.getByRole("button", { name: "Add a holder" }).click();
    await reg.getByLabel("Holder 2", { exact: true }).fill("ООО «Ромашка»");
    await reg.getByLabel("Holder's role 2").fill("beneficial owner");
    await reg.getByLabel("Estimated value").fill("1000000.00");
    await reg.getByLabel("Source of the estimate").fill("bank statement");
    await reg.getByLabel("Third party claiming a right in good faith").fill("Ольга Петрова");
    await reg.getByLabel("Right claimed").fill("co-owner of half the balance");
    await reg.getByRole("button", { name: "Register the asset" }).click();
    const card = section.getByTestId("asset");
    await card.getByText("DE89 3704 0044 0532 0130 00").waitFor();
    await card.getByText("Иван Петров (holder); ООО «Ромашка» (beneficial owner)").waitFor();
    expect(await card.getAttribute("data-status")).toBe("traced");

    // Freeze with an order expiring in ten days.
    const step = card.getByRole("form", { name: "Record a step" });
    await step.getByLabel("Order's reference").fill("Постановление № 12");
    await step.getByLabel("Order expires or must be renewed on").fill(day(10));
    await step.getByRole("button", { name: "Record the step" }).click();
    await page.locator('[data-testid=asset][data-status="frozen"]').waitFor();

    // The expiry is a deadline in the queue (the officer's own, within the default 14 days).
    // At 360 px the navigation is folded into the menu.
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Queue" }).click();
    const row = page.getByRole("row").filter({ hasText: "Renew or let lapse the freezing order" });
    await row.waitFor();
    await page.goBack();
    await section.getByTestId("asset").waitFor();

    // Confiscation, final; then realisation of the proceeds.
    await step.getByLabel("Next step").selectOption("confiscate");
    await step.getByLabel("Order's reference").fill("Приговор 1-23/2026");
    await step.getByRole("button", { name: "Record the step" }).click();
    await page.locator('[data-testid=asset][data-status="confiscated"]').waitFor();
    await step.getByLabel("Amount").fill("1000000.01");
    await step.getByRole("button", { name: "Record the step" }).click();
    await page.locator('[data-testid=asset][data-status="realised"]').waitFor();

    // Share 50/50 with 25,000.00 deducted first: the preview's figures, exact to the cent.
    const share = card.getByRole("form", { name: "Share the proceeds" });
    await share.getByLabel("Agreement's reference").fill("AS-2026-1");
    await share.getByLabel("Costs deducted first").fill("25000.00");
    await expect(share.getByTestId("preview-net").textContent()).resolves.toBe("€975,000.01");
    await expect(share.getByTestId("preview-share").allTextContents()).resolves.toEqual(["€487,500.01", "€487,500.00"]);
    await share.getByRole("button", { name: "Record the sharing" }).click();
    const shares = card.getByTestId("shares");
    await shares.waitFor();
    await expect(shares.getByTestId("share-net").textContent()).resolves.toBe("€975,000.01");
    await expect(shares.getByTestId("share-amount").allTextContents()).resolves.toEqual(["€487,500.01", "€487,500.00"]);
    expect(await card.getAttribute("data-status")).toBe("disposed");
    // No critical or serious accessibility violation on the tab with an asset shared and its forms (axe-core).
    const findings = await axeFindings(page);
    expect(findings, describeFindings(findings)).toEqual([]);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);

    // The register: the asset in the totals (state, status, currency), a chart beside its table.
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Assets", exact: true }).click();
    const total = page.getByTestId("total").filter({ hasText: "€1,000,000.01" });
    await total.waitFor();
    await expect(total.textContent()).resolves.toMatch(/Russian Federation.*disposed of.*EUR/);
    await page.locator("svg.chart").waitFor();
    // Its filters and export are there on a phone too (only the case list tucks filters away).
    expect(await page.getByRole("link", { name: /CSV/ }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
