/**
 * The interface in the officer's language (issue 14 §8), in Chromium: the screens take the browser's
 * language until the officer chooses one; the choice is remembered with the account and follows them
 * to a browser that prefers English; Arabic mirrors the page (dir="rtl"); and the legal basis page and
 * a case page, in Arabic and in Russian, show no English: the engine's sentences are worded in the
 * language, and the law's own texts (titles, summaries, notes, citations) come from the knowledge base's
 * translation files. Only the names of source documents, cited as published (<cite lang="en">), and
 * the language menu (each language named in itself) are left out of the check.
 */
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, signedInContext, shoot, watchErrors } from "../support/browser.js";
import { englishShown } from "../support/english.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: Session;
let caseId = "";
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const o = await createReadyUser(t.ctx, { email: "lang.officer@ca.test", role: "officer", organisationId: orgs.central });
  // A name in Arabic script: people's names are data, shown as written.
  await t.ctx.db.updateTable("app_user").set({ display_name: "ليلى حداد" }).where("id", "=", o.id).execute();
  officer = await signIn(t.app, t.clock, o);
  caseId = await openCase({
    direction: "incoming",
    title: "Запрос Соединённых Штатов: счета Алексея Петрова",
    measures: [{ measure: "records", description: "Выписки по счёту в российском банке" }],
  });
  // A second case in another state, so the case list draws its chart of cases by state.
  await openCase({
    direction: "outgoing",
    title: "طلب إلى الاتحاد الروسي: سجلات مصرفية",
    measures: [{ measure: "records", description: "سجلات الحساب" }],
  });
});

/** A case from the United States to Russia dated 13 July 2018, opened by the officer; its id. */
async function openCase(payload: { direction: string; title: string; measures: { measure: string; description: string }[] }) {
  const r = await t.app.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf },
    payload: { requesting: "US", requested: "RU", confidentiality: "normal", requestDate: "2018-07-13", ...payload },
  });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
}

/** The officer chooses a language, as the language menu does. */
async function chooseLanguage(language: string) {
  await t.app.inject({
    method: "PUT",
    url: "/api/v1/account/language",
    headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf },
    payload: { language },
  });
}
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(locale: string, path: string): Promise<Page> {
  const context = await signedInContext(browser, base, officer, { locale });
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(`${base}${path}`);
  return page;
}

describe("the screens in the officer's language", () => {
  it("follow the browser's language until the officer chooses one", async () => {
    const page = await open("ru-RU", "/cases");
    await page.getByRole("heading", { name: "Дела", exact: true }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ru", "ltr"]);
    const account = await page.evaluate(async () => (await (await fetch("/api/v1/account")).json()) as { language: string | null });
    expect(account.language).toBeNull();
    await page.context().close();
  });

  it("remember the choice with the account, and Arabic mirrors the page", async () => {
    const page = await open("ru-RU", "/cases");
    await page.getByRole("combobox", { name: "Язык" }).selectOption("ar");
    await page.getByRole("heading", { name: "القضايا", exact: true }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ar", "rtl"]);
    // The main navigation starts on the right: mirrored, not just translated.
    const nav = await page.locator("nav").first().boundingBox();
    const width = page.viewportSize()?.width ?? 0;
    expect(nav && nav.x + nav.width > width / 2).toBe(true);
    await expect
      .poll(() => page.evaluate(async () => ((await (await fetch("/api/v1/account")).json()) as { language: string }).language))
      .toBe("ar");
    await page.context().close();
    // Another browser that prefers English: the account's language wins.
    const elsewhere = await open("en-GB", "/cases");
    await elsewhere.getByRole("heading", { name: "القضايا", exact: true }).waitFor();
    expect(await elsewhere.evaluate(() => document.documentElement.dir)).toBe("rtl");
    await elsewhere.context().close();
  });

  for (const [language, basisHeading, untoc] of [
    ["ar", "الأساس القانوني", "اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية"],
    ["ru", "Правовое основание", "Конвенция Организации Объединенных Наций против транснациональной организованной преступности"],
  ] as const) {
    it(`the legal basis page and a case page in ${language === "ar" ? "Arabic" : "Russian"} show no English`, async () => {
      await chooseLanguage(language);
      const page = await open("en-GB", "/basis?from=US&to=RU&on=2018-07-13&measure=records&measure=testimony");
      await page.locator("h1").filter({ hasText: basisHeading }).first().waitFor();
      await page.locator("[data-testid=short-answer], .short-answer, section").first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      // UNTOC by its official title in this language (knowledge/instruments/untoc-2000.yaml, titles).
      const title = page.getByTestId("bases").getByText(untoc, { exact: true });
      await title.waitFor();
      expect(await title.getAttribute("lang")).toBe(language);
      // Every rule the engine considered, opened: the tree is worded too.
      await page.locator("section[aria-labelledby=h-explanation] details > summary").click();
      await page.locator("ul.tree li li").first().waitFor();
      const english = (await englishShown(page)).map((w) => `basis page: ${w}`);
      // Accessible in this language too (lang on every foreign run, labels in words): no serious axe finding.
      const findings = await axeFindings(page);
      expect(findings, describeFindings(findings)).toEqual([]);
      await shoot(page, `basis-${language}`);
      await page.goto(`${base}/cases/${caseId}`);
      await page.getByTestId("case-summary").waitFor();
      // A date ending in a stop ("1 декабря 2026 г.") closing a sentence gives one stop, not two.
      expect(await page.getByTestId("case-summary").textContent()).not.toMatch(/(?<!\.)\.\.(?!\.)/);
      for (const tab of await page.getByRole("tab").all()) {
        await tab.click();
        const name = await tab.textContent();
        english.push(...(await englishShown(page)).map((w) => `case page, ${name}: ${w}`));
      }
      await page.getByRole("tab").first().click();
      await shoot(page, `case-${language}`);
      await page.context().close();
      expect([...new Set(english)]).toEqual([]);
    });
  }

  it("the UNTOC page in Arabic: its official Arabic title, provision kinds, articles and summaries in Arabic", async () => {
    await chooseLanguage("ar");
    const page = await open("en-GB", "/instruments/untoc-2000");
    const heading = page.getByRole("heading", { level: 1 });
    await heading.getByText("اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية").waitFor();
    // Art. 18(8): bank secrecy is no ground for refusal — its row names the article, the kind and the
    // rule in Arabic, the summary from knowledge/translations/ar.yaml, and says whose translation it is.
    const row = page.locator("tr", { has: page.getByText("المادة 18(8)", { exact: true }) });
    expect(await row.locator("td").nth(1).textContent()).toBe("سبب رفض مستبعد");
    const summary = (await row.locator("td").nth(2).textContent()) ?? "";
    expect(summary).toMatch(/\p{Script=Arabic}/u);
    expect(summary).not.toMatch(/[A-Za-z]{3}/);
    expect(await row.locator("td").nth(2).locator("[lang=en]").count()).toBe(0);
    await page.getByTestId("translated-law-note").waitFor();
    await page.context().close();
  });

  it("mirror the case list's chart in Arabic: names on the right, bars growing leftwards", async () => {
    await chooseLanguage("ar");
    const page = await open("en-GB", "/cases");
    const chart = page.locator("svg.chart");
    await chart.waitFor();
    const name = await chart.locator("text[data-part=name]").first().boundingBox();
    const bar = await chart.locator("rect").first().boundingBox();
    expect(name && bar && name.x >= bar.x + bar.width).toBe(true);
    await page.context().close();
  });

  it("raised no script or CSP errors", () => {
    expect(errors).toEqual([]);
  });
});
