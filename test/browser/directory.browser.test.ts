/**
 * The directory of central authorities in Chromium against the real server (issue 16 §1): an anonymous
 * visitor at 360 px finds Russia's central authority under the 1959 Convention (ETS 30 art. 15(6)) with
 * the language it declared (art. 16(2)), each with its source, and "not recorded" where nothing is
 * sourced, without scrolling sideways; the page speaks the reader's language; an administrator adds an
 * entry that then shows whether its office is open now; with ROGATORY_PUBLIC_DIRECTORY=false the page
 * asks to sign in.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, TEST_NODE_PASSPHRASE, type TestApp } from "../support/app.js";
import { exportDirectory, signExport } from "../../src/directory/transfer.js";
import { startExchange } from "../../src/exchange/runtime.js";
import { launchChromium, signedInContext, openPage } from "../support/browser.js";

const WEB_DIR = fileURLToPath(new URL("../../web/dist", import.meta.url));
const ENDPOINT = "https://gb.directory-browser.test";
/** knowledge/translations/fr.yaml's French for the short title "European MLA Convention (1959)". */
const FRENCH_TITLE = "Convention européenne d'entraide judiciaire (1959)";
let browser: Browser;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const open = (context: BrowserContext, url: string, width = 360) => openPage(context, url, errors, width);

const navLabels = (page: Page) => page.locator("nav[aria-label=Main] a").allTextContents();

describe("the public directory (the default)", () => {
  let t: TestApp;
  let base: string;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  beforeAll(async () => {
    // The exchange on: an imported directory file is verified with the node's keys.
    t = await startTestApp({ webDir: WEB_DIR, exchangeEndpoint: ENDPOINT });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    orgs = await createOrganisations(t.ctx);
  });
  afterAll(async () => t?.close());

  it("is reachable from the sign-in page, and filters by state and instrument at 360 px, in words, with sources and 'not recorded'", async () => {
    const context = await browser.newContext();
    const page = await open(context, `${base}/`, 1280);
    await page.locator("#signin-title").waitFor();
    expect(await navLabels(page)).toEqual(["Directory", "Sign in"]);
    await page.locator("nav[aria-label=Main] a", { hasText: "Directory" }).click();
    await page.getByTestId("directory-entry").first().waitFor();
    // Then on a phone's width (the navigation folds into the menu there).
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.locator("#signin-title").count()).toBe(0);
    await page.getByTestId("filter-state").selectOption("RU");
    await page.getByTestId("filter-instrument").selectOption("cets-030");
    await expect.poll(() => page.url()).toContain("jurisdiction=RU");
    const card = page.getByTestId("directory-entry").filter({ hasText: "Prosecutor-General" });
    await card.waitFor();
    const text = (await card.textContent()) ?? "";
    // Words, not codes: the state's and the language's names, the instrument's short title.
    expect(text).toContain("Russia");
    expect(text).toContain("Russian");
    expect(text).toContain("European MLA Convention (1959)");
    expect(text).toContain("Source: ");
    expect(text).toContain("Art. 15(6)");
    expect(text).toContain("not recorded");
    expect(await page.getByTestId("directory-entry").count()).toBe(1);
    // The directory as shown, as a file: the links carry the filters; the server sends it as an attachment.
    const csv = await page.getByTestId("directory-export").getByRole("link", { name: "Download CSV" }).getAttribute("href");
    expect(csv).toBe("/api/v1/directory/export?format=csv&jurisdiction=RU&instrument=cets-030");
    const got = await page.evaluate(async (href) => {
      const r = await fetch(href);
      return { status: r.status, disposition: r.headers.get("content-disposition"), text: await r.text() };
    }, csv as string);
    expect(got.status).toBe(200);
    expect(got.disposition).toMatch(/^attachment; filename="directory-RU-cets-030-/);
    expect(got.text).toContain("Prosecutor-General");
    // Usable at 360 px: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });

  it("speaks the reader's language (French)", async () => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await open(context, `${base}/directory?jurisdiction=RU`);
    await page.getByTestId("directory-entry").first().waitFor();
    expect(await page.locator("h1").textContent()).toBe("Répertoire des autorités centrales");
    expect(await page.getByTestId("directory-entry").first().textContent()).toContain("non enregistré");
    // The law is not public here, so its translations are not either: the short title is the English, marked.
    const card = page.getByTestId("directory-entry").filter({ hasText: "Prosecutor-General" });
    expect(await card.locator('span[lang="en"]', { hasText: "European MLA Convention (1959)" }).count()).toBeGreaterThan(0);
    await context.close();
  });

  it("lets an administrator add an entry, shown with whether its office is open now, and import a signed file", async () => {
    const admin = await createReadyUser(t.ctx, { email: "admin@dir-browser.test", role: "administrator", organisationId: orgs.central });
    const s = await signIn(t.app, t.clock, admin);
    const context = await signedInContext(browser, base, s);
    const page = await open(context, `${base}/directory`, 1280);
    await page.getByRole("button", { name: "Add an entry" }).click();
    await page.locator("select[name=jurisdiction]").selectOption("FR");
    await page.fill("input[name=authority]", "Bureau de l'entraide pénale internationale (test)");
    await page.locator("select[name=instrument]").selectOption("cets-030");
    await page.fill("input[name=languages]", "fr");
    await page.fill("input[name=zone]", "Europe/Paris");
    await page.fill("input[name=opens]", "00:00");
    await page.fill("input[name=closes]", "23:59");
    await page.fill("input[name=sourceDocument]", "Test fixture (not a real source)");
    await page.locator("form button[type=submit]").click();
    const card = page.getByTestId("directory-entry").filter({ hasText: "Bureau de l'entraide" });
    await card.waitFor();
    expect(await card.getByTestId("open-now").textContent()).toMatch(/^(Open|Closed) now/);
    expect(await card.textContent()).toContain("French");
    // A file this node signed (rogatory directory export), with one entry more: imported, and said so.
    const runtime = await startExchange(t.ctx.db, t.clock, {
      passphrase: TEST_NODE_PASSPHRASE,
      endpoint: ENDPOINT,
      jurisdiction: "GB",
      organisation: "Central Authority (test node)",
    });
    const doc = await exportDirectory({ ...t.ctx });
    const extra = {
      origin: "administrator",
      jurisdiction: "ES",
      authority: "Subdirección General de Cooperación Jurídica Internacional (test)",
      role: "central",
      source: { document: "Test fixture (not a real source)" },
      lastChecked: "2026-11-30",
      instruments: [],
      channels: [],
      languages: [],
    };
    const file = join(mkdtempSync(join(tmpdir(), "rogatory-dir-")), "directory.json");
    writeFileSync(file, JSON.stringify(await signExport(runtime.keyring, { ...doc, entries: [...doc.entries, extra as never] })));
    await page.getByTestId("directory-import").setInputFiles(file);
    const report = page.getByTestId("directory-import-report");
    await report.waitFor();
    expect(await report.textContent()).toMatch(/^Signed by Central Authority \(test node\) \(United Kingdom\): 1 added, 0 updated/);
    await page.getByTestId("directory-entry").filter({ hasText: "Subdirección General" }).waitFor();
    await context.close();
  });

  it("shows the request writer the requested state's central authority for the chosen instrument, and the language it accepts", async () => {
    const officer = await createReadyUser(t.ctx, { email: "officer@dir-browser.test", role: "officer", organisationId: orgs.central });
    const s = await signIn(t.app, t.clock, officer);
    // Poland to Russia under the 1959 Convention: Russia's designation (ETS 30 art. 15(6)) and language (art. 16(2)).
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/drafts",
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf },
      payload: {
        title: "PL request to Russia (directory test)",
        content: {
          requesting: "PL",
          requested: "RU",
          requestDate: "2018-07-13",
          basisInstrument: "cets-030",
          measures: [{ measure: "records", description: "Bank records", holder: "A bank", period: "2016", recordType: "Statements" }],
        },
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const context = await signedInContext(browser, base, s);
    const page = await open(context, `${base}/drafts/${(r.json() as { id: string }).id}`, 1280);
    const addressee = page.getByTestId("directory-addressee");
    await addressee.waitFor();
    const text = (await addressee.textContent()) ?? "";
    expect(text).toContain("Ministry of Justice or Prosecutor-General's Office of the Russian Federation");
    expect(text).toContain("Languages it accepts: Russian");
    // The draft keeps that authority as its addressee, and the check warns the request is not in Russian (art. 16(2)).
    const risks = (await page.getByTestId("risks").textContent()) ?? "";
    expect(risks).toContain("The request is written in English, which the requested central authority does not accept under");
    expect(risks).toContain("it accepts Russian (");
    await context.close();
  });

  it("logged no script error", () => {
    expect(errors).toEqual([]);
  });
});

describe("with the public law on (ROGATORY_PUBLIC_LAW=true)", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ webDir: WEB_DIR, security: { publicLaw: true } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("gives an anonymous French reader the instruments' short titles in French, from the knowledge base's translations", async () => {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await open(context, `${base}/directory?jurisdiction=RU&instrument=cets-030`);
    const card = page.getByTestId("directory-entry").filter({ hasText: "Prosecutor-General" });
    await card.locator(".law-translated", { hasText: FRENCH_TITLE }).first().waitFor();
    expect(await card.locator('span[lang="en"]', { hasText: "European MLA Convention (1959)" }).count()).toBe(0);
    const option = page.getByTestId("filter-instrument").locator("option[value=cets-030]");
    expect(await option.textContent()).toBe(FRENCH_TITLE);
    expect(await option.getAttribute("lang")).toBe("fr");
    await context.close();
  });
});

describe("with ROGATORY_PUBLIC_DIRECTORY=false", () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ webDir: WEB_DIR, security: { publicDirectory: false } });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => t?.close());

  it("asks an anonymous visitor of /directory to sign in, with no navigation", async () => {
    const context = await browser.newContext();
    const page = await open(context, `${base}/directory`);
    await page.locator("#signin-title").waitFor();
    expect(await page.locator("nav[aria-label=Main]").count()).toBe(0);
    expect(await page.evaluate(async () => (await fetch("/api/v1/directory")).status)).toBe(404);
    await context.close();
  });
});
