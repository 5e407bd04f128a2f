/**
 * Every page on a phone (issue 14 §1): at 390 px, each page of each role — with cases, persons,
 * measures, a draft, a partner and a quarantined message, so no list is empty — is no wider than the
 * screen, and the dark bar spans it. The navigation folds into a menu that a keyboard opens and closes
 * (aria-expanded). LAYOUT_WIDTHS=390,1280 LAYOUT_SCREENSHOTS=<dir> also saves a screenshot of each page
 * at each width, for looking at them; LAYOUT_LOCALE=ar shows them in Arabic, right to left.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { launchChromium } from "../support/browser.js";
import { englishShown } from "../support/english.js";

const WIDTHS = (process.env.LAYOUT_WIDTHS ?? "390").split(",").map(Number);
const SHOTS = process.env.LAYOUT_SCREENSHOTS;
/** LAYOUT_LOCALE=ar (or ru, zh…): the browser's language, so the pages show in it (Arabic right to left). */
const LOCALE = process.env.LAYOUT_LOCALE;
/** LAYOUT_ENGLISH=<file>, with LAYOUT_LOCALE: writes the English left on each page to the file, for finding what is not yet translated. */
const ENGLISH = process.env.LAYOUT_ENGLISH;

let t: TestApp;
let browser: Browser;
let base: string;
const sessions = new Map<string, Session>();
const ids = { incoming: "", outgoing: "", draft: "", quarantined: "" };
const errors: string[] = [];

/** As the officer: a write through the API, with the CSRF token. */
async function post(who: string, url: string, payload: unknown, method: "POST" | "PATCH" = "POST") {
  const s = sessions.get(who);
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    payload: payload as object,
    headers: { cookie: s?.cookie ?? "", "x-csrf-token": s?.csrf ?? "" },
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

beforeAll(async () => {
  t = await startTestApp({
    webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)),
    exchangeEndpoint: "http://127.0.0.1:9/exchange",
  });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  const users = {
    administrator: await createReadyUser(t.ctx, { email: "admin@layout.test", role: "administrator", organisationId: orgs.central }),
    officer: await createReadyUser(t.ctx, {
      email: "officer.with.a.rather.long.name@layout.test",
      role: "officer",
      organisationId: orgs.central,
    }),
    supervisor: await createReadyUser(t.ctx, { email: "supervisor@layout.test", role: "supervisor", organisationId: orgs.central }),
    executing: await createReadyUser(t.ctx, { email: "clerk@layout.test", role: "executing", organisationId: orgs.executingA }),
    auditor: await createReadyUser(t.ctx, { email: "auditor@layout.test", role: "auditor", organisationId: orgs.central }),
  };
  for (const [role, u] of Object.entries(users)) sessions.set(role, await signIn(t.app, t.clock, u));

  // Long, non-ASCII words where a phone is narrowest: titles, references, names.
  const incoming = await post("officer", "/cases", {
    direction: "incoming",
    title: "Запрос Генеральной прокуратуры о допросе свидетеля и выемке банковских документов (Übergangsregelung)",
    requesting: "RU",
    requested: "GB",
    confidentiality: "normal",
    requestDate: "2012-07-02",
    theirReference: "GP-RF/81/3-2012/ВНУТРЕННИЙ-НОМЕР-0000042",
    authority: "Генеральная прокуратура Российской Федерации",
    accessList: [users.auditor.id],
    measures: [
      { measure: "testimony", description: "Hear the witness about the transfers" },
      { measure: "search_seizure", description: "Search the premises at 221B Baker Street and seize the ledgers" },
    ],
  });
  ids.incoming = incoming.id;
  await post("officer", `/cases/${incoming.id}/persons`, {
    version: incoming.version,
    role: "witness",
    name: "Александра Владимировна Константинопольская",
  });
  const c1 = (
    await t.app.inject({ url: `/api/v1/cases/${incoming.id}`, headers: { cookie: sessions.get("officer")?.cookie ?? "" } })
  ).json();
  await post("officer", `/cases/${incoming.id}/offences`, {
    version: c1.version,
    description: "Мошенничество в особо крупном размере",
    legalProvision: "Art. 159(4) of the Criminal Code of the Russian Federation",
    iccs: "07",
  });
  const c2 = (
    await t.app.inject({ url: `/api/v1/cases/${incoming.id}`, headers: { cookie: sessions.get("officer")?.cookie ?? "" } })
  ).json();
  await post(
    "officer",
    `/cases/${incoming.id}/measures/${c2.measures[0].id}`,
    { version: c2.version, assignedOrganisationId: orgs.executingA },
    "PATCH",
  );
  const outgoing = await post("officer", "/cases", {
    direction: "outgoing",
    title: "Request to the United States for subscriber records of https://example.invalid/a-very-long-address-without-spaces",
    requesting: "GB",
    requested: "US",
    confidentiality: "strictly_confidential",
    requestDate: "2018-07-13",
    measures: [{ measure: "records", description: "Subscriber records" }],
  });
  ids.outgoing = outgoing.id;
  ids.draft = (await post("officer", "/drafts", { title: "Request to Brazil: witness statements on the 2015 transfers" })).id;

  // The exchange's lists: a partner and a quarantined message, written as the exchange would store them.
  const at = new Date();
  const partner = await t.ctx.db
    .insertInto("exchange_partner")
    .values({
      endpoint: "https://ca.example.invalid/rogatory/exchange/with/a/long/path",
      jurisdiction: "RU",
      authority: "Генеральная прокуратура Российской Федерации",
      fingerprint: "A".repeat(52),
      paired_fingerprint: "A".repeat(52),
      identity: JSON.stringify({}),
      identity_issued_at: at,
      created_at: at,
      updated_at: at,
      refreshed_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const q = await t.ctx.db
    .insertInto("exchange_quarantine")
    .values({
      received_at: at,
      partner_id: partner.id,
      message_id: null,
      reason: "signature_invalid",
      detail: "The signature does not verify with the partner's current key",
      size: 120,
      content: `{"kind":"request","payload":"${"x".repeat(400)}"}`,
      ip: "192.0.2.7",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids.quarantined = q.id;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The pages of each role; every page of the workbench appears at least once. */
const pagesOf = (): Record<string, string[]> => ({
  anonymous: ["/"],
  officer: [
    "/basis?from=US&to=RU&on=2018-07-13&measure=testimony&measure=records",
    "/instruments",
    "/instruments/untoc-2000",
    "/directory?jurisdiction=RU",
    "/queue?scope=all&within=90",
    "/cases",
    `/cases/${ids.incoming}`,
    `/cases/${ids.outgoing}`,
    "/drafts",
    `/drafts/${ids.draft}`,
    "/inbox",
    "/partners",
    "/account",
    "/no-such-page",
  ],
  supervisor: ["/queue"],
  executing: ["/assignments", "/basis"],
  administrator: ["/users", "/audit", "/partners", "/quarantine", `/quarantine/${ids.quarantined}`],
  auditor: ["/cases", `/cases/${ids.incoming}`],
});

async function contextFor(role: string, width: number): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, ...(LOCALE ? { locale: LOCALE } : {}) });
  const s = sessions.get(role);
  if (s) {
    const [name, value] = s.cookie.split("=");
    await context.addCookies([{ name: name ?? "", value: value ?? "", url: base, httpOnly: true, sameSite: "Strict" }]);
  }
  return context;
}

/** Waits until the page has its content: no request in flight and no "Loading…" left. */
async function settle(page: Page, inflight: () => number): Promise<void> {
  await page.locator("main h1, main h2").first().waitFor();
  await expect.poll(async () => inflight() === 0 && (await page.getByText(/^Loading/).count()) === 0, { timeout: 20_000 }).toBe(true);
}

/** One tab per role: the first page is loaded, the others reached as a user would, through the app's router. */
async function tab(context: BrowserContext): Promise<{ page: Page; go: (path: string) => Promise<void> }> {
  const page = await context.newPage();
  let pending = 0;
  page.on("request", () => pending++);
  page.on("requestfinished", () => pending--);
  page.on("requestfailed", () => pending--);
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));
  let first = true;
  return {
    page,
    go: async (path: string) => {
      if (first) await page.goto(`${base}${path}`);
      else
        await page.evaluate((to) => {
          window.history.pushState(null, "", to);
          window.dispatchEvent(new Event("rogatory:navigate"));
          window.scrollTo(0, 0);
        }, path);
      first = false;
      await settle(page, () => pending);
    },
  };
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const t = await tab(context);
  await t.go(path);
  return t.page;
}

/** How wide the document is against the viewport, and the dark bar's width. */
const widths = (page: Page) =>
  page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    bar: Math.round(document.querySelector("header.topbar")?.getBoundingClientRect().width ?? 0),
  }));

describe.each(WIDTHS)("at %i px", (width) => {
  for (const role of Object.keys(pagesOf())) {
    it(`every page of the ${role} fits the screen`, async () => {
      const context = await contextFor(role, width);
      const { page, go } = await tab(context);
      const tooWide: string[] = [];
      for (const path of pagesOf()[role] ?? []) {
        await go(path);
        const w = await widths(page);
        if (w.document > w.viewport || w.bar !== w.viewport)
          tooWide.push(`${path}: document ${w.document}, bar ${w.bar}, screen ${w.viewport}`);
        if (ENGLISH) for (const e of new Set(await englishShown(page))) appendFileSync(ENGLISH, `${role} ${path}: ${e}\n`);
        if (SHOTS) {
          mkdirSync(SHOTS, { recursive: true });
          const name = `${width}-${role}-${path.replace(/[^a-z0-9]+/gi, "_").slice(0, 60)}.png`;
          const height = Math.min(2400, await page.evaluate(() => document.documentElement.scrollHeight));
          await page.screenshot({ path: `${SHOTS}/${name}`, fullPage: true, clip: { x: 0, y: 0, width, height } });
        }
      }
      await context.close();
      expect(tooWide).toEqual([]);
      expect(errors).toEqual([]);
    }, 180_000);
  }
});

describe("the navigation on a phone", () => {
  it("folds into a menu the keyboard opens and closes", async () => {
    const context = await contextFor("officer", 390);
    const { page, go } = await tab(context);
    await go("/cases");
    const toggle = page.getByRole("button", { name: "Menu" });
    const cases = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Request writer" });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await cases.isVisible()).toBe(false);
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    expect(await cases.isVisible()).toBe(true);
    // The user's name and Sign out are in the menu too, on the dark bar.
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    const w = await widths(page);
    expect(w.document).toBeLessThanOrEqual(w.viewport);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/390-menu-open.png` });
    await page.keyboard.press("Escape");
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toContain("Menu");
    // Choosing a page closes the menu.
    await page.keyboard.press("Enter");
    await cases.click();
    await expect.poll(() => page.url()).toContain("/drafts");
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    // The jurisdiction picker's list stays within the screen.
    await go("/cases");
    // On a phone the case list's filters beyond the search fold away until asked for.
    await page.getByRole("button", { name: "More filters" }).click();
    await page.getByRole("combobox", { name: "Partner state" }).fill("congo");
    const after = await widths(page);
    expect(after.document).toBeLessThanOrEqual(after.viewport);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/390-picker-open.png` });
    await context.close();
  });

  it("sits in the bar on a wide screen, with no menu button", async () => {
    const context = await contextFor("officer", 1280);
    const page = await open(context, "/cases");
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cases" }).isVisible()).toBe(true);
    await context.close();
  });
});
