/**
 * A transfer of a sentenced person in Chromium at 360 px (issue 15 §2): the officer opens a transfer case
 * (Germany to France, request received 10 January 2024), records a two-year sentence that began on
 * 1 January 2022 — so it ends on 1 January 2024 and six months do not remain on the date of the request —
 * and sees ETS 112 art. 3(1)(c) not met, blocking the sentencing state's agreement with its article.
 * The explorer then says Russia to Hong Kong has no basis (the 2021 agreement signed, not in force).
 */
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { type TestApp, startTestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, signedInContext } from "../support/browser.js";
import { chooseJurisdiction } from "../support/picker.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const session = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "tsp.officer@ca.test", role: "officer", organisationId: orgs.central }),
  );
  officer = await signedInContext(browser, base, session);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(path: string): Promise<Page> {
  const page = await officer.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  await page.goto(`${base}${path}`);
  return page;
}

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe("a transfer where six months do not remain, at 360 px", () => {
  it("opens the case, records the sentence and sees ETS 112 art. 3(1)(c) block the agreement", async () => {
    const page = await open("/transfers");
    const form = page.getByRole("form", { name: "Open a transfer case" });
    await chooseJurisdiction(form, "Sentencing state", "DE");
    await chooseJurisdiction(form, "Administering state", "FR");
    await form.getByLabel("Date of the request").fill("2024-01-10");
    await form.getByLabel("Name of the sentenced person").fill("Jean Exemple");
    await form.getByRole("button", { name: "Open the case" }).click();
    await page.waitForURL(/\/transfers\/[0-9a-f-]{36}$/);
    await page.getByTestId("transfer-law").waitFor();
    // Every condition unknown until the facts are recorded.
    expect(await page.getByTestId("condition-time_remaining").getAttribute("data-status")).toBe("unknown");

    const facts = page.getByRole("form", { name: "Record the facts" });
    await facts.getByLabel("National of the administering state").selectOption("yes");
    await facts.getByLabel("Final on").fill("2023-04-01");
    await facts.getByLabel("Years").fill("2");
    await facts.getByLabel("Start of the sentence (credited detention included)").fill("2022-01-01");
    await facts.getByLabel("The acts are an offence in the administering state too").selectOption("yes");
    await facts.getByLabel("Consent of the person").selectOption("given");
    await facts.getByRole("button", { name: "Save the facts" }).click();

    const time = page.getByTestId("condition-time_remaining");
    await expect.poll(() => time.getAttribute("data-status")).toBe("not_met");
    await expect.poll(() => page.getByTestId("sentence-ends").textContent()).toBe("2024-01-01");
    expect(await page.getByTestId("six-months-after").textContent()).toBe("2024-07-10");
    // Consent given, not yet verified by the administering state's consul (ETS 112 art. 7).
    expect(await page.getByTestId("consent-unverified").textContent()).toContain("Art. 7");
    const row = (await time.textContent()) ?? "";
    expect(row).toContain("Not met");
    expect(row).toContain("Art. 3(1)(c)");
    expect(row).toContain("less than 6 months remain on 2024-01-10");
    // The other conditions the officer recorded are met; the states have not agreed yet.
    for (const c of ["national", "final_judgment", "consent", "dual_criminality"])
      expect(await page.getByTestId(`condition-${c}`).getAttribute("data-status"), c).toBe("met");
    expect(await page.getByTestId("transfer-law").getAttribute("data-outcome")).toBe("blocked");
    // The agreement is refused in words, with the condition and its article; no button to agree.
    const blocked = (await page.getByTestId("blocked-sentencing").textContent()) ?? "";
    expect(blocked).toContain("Cannot be agreed: At least six months of the sentence remain");
    expect(blocked).toContain("Art. 3(1)(c)");
    expect(await page.getByTestId("decision-sentencing").getByRole("button", { name: "Record the agreement" }).count()).toBe(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // axe-core finds no critical or serious violation on the case page with its forms.
    const findings = await axeFindings(page);
    expect(findings, describeFindings(findings)).toEqual([]);

    const explorer = await open("/transfer-basis?from=RU&to=HK&on=2024-01-01");
    await explorer.getByText("No recorded instrument on the transfer of sentenced persons binds both states on this date.").waitFor();
    expect(await explorer.getByTestId("not-applicable-hk-ru-tsp-2021").textContent()).toContain("2021");
    expect(await overflow(explorer)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  }, 60_000);
});
