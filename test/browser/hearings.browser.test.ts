/**
 * A hearing by video link in Chromium at 360 px (issue 15 §3): the officer schedules one on a US request
 * to Russia for 9 March 2026, 10:00 New York time — the day after the US moved to summer time, Moscow
 * keeping UTC+3 — sees both local times side by side (10:00 and 17:00), downloads the invitation and
 * finds DTSTART in UTC (14:00Z), then records the hearing held and sees the measure executed.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneGap } from "../../src/hearings/zones.js";
import { type Browser as Session, createOrganisations, createReadyUser, signIn } from "../support/accounts.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { axeFindings, describeFindings } from "../support/axe.js";
import { launchChromium, signedInContext, openPage } from "../support/browser.js";
import { englishShown } from "../support/english.js";

let t: TestApp;
let browser: Browser;
let base: string;
let officer: BrowserContext;
let officerApi: Session;
let supervisorApi: Session;
let court: string;
const errors: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ webDir: fileURLToPath(new URL("../../web/dist", import.meta.url)) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  const orgs = await createOrganisations(t.ctx);
  court = orgs.executingA;
  officerApi = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "hearing.officer@ca.test", role: "officer", organisationId: orgs.central }),
  );
  supervisorApi = await signIn(
    t.app,
    t.clock,
    await createReadyUser(t.ctx, { email: "hearing.supervisor@ca.test", role: "supervisor", organisationId: orgs.central }),
  );
  officer = await signedInContext(browser, base, officerApi);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function api<T>(who: Session, method: string, url: string, payload?: unknown): Promise<T> {
  const r = await t.app.inject({
    method: method as "POST",
    url: `/api/v1${url}`,
    headers: { cookie: who.cookie, "x-csrf-token": who.csrf },
    payload: payload as object,
  });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json() as T;
}

interface Detail {
  id: string;
  version: number;
  measures: { id: string; measure: string }[];
}

/** A US request to Russia for testimony, accepted and sent for execution. */
async function inExecution(): Promise<Detail> {
  let c = await api<Detail>(officerApi, "POST", "/cases", {
    direction: "incoming",
    title: "Запрос США: допрос свидетеля в Москве",
    requesting: "US",
    requested: "RU",
    confidentiality: "normal",
    requestDate: "2018-07-13",
    measures: [{ measure: "testimony", description: "Допрос свидетеля в Москве" }],
  });
  const act = async (who: Session, action: string) => {
    c = await api<Detail>(who, "POST", `/cases/${c.id}/transitions`, { version: c.version, action });
  };
  await act(officerApi, "register");
  await act(officerApi, "start_review");
  await act(supervisorApi, "accept");
  const testimony = c.measures[0]?.id;
  c = await api<Detail>(officerApi, "PATCH", `/cases/${c.id}/measures/${testimony}`, { version: c.version, assignedOrganisationId: court });
  await act(officerApi, "start_execution");
  return c;
}

const open = (context: BrowserContext, path: string, width: number) => openPage(context, `${base}${path}`, errors, width);

const overflow = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => Math.max(el.getBoundingClientRect().right - window.innerWidth, el.scrollWidth - el.clientWidth));

describe("a hearing by video link, US ↔ Russia across the US change to summer time, at 360 px", () => {
  it("schedules it with both local times live, downloads the invitation in UTC, records it held and the measure executed", async () => {
    const c = await inExecution();
    const page = await open(officer, `/cases/${c.id}#measures`, 360);
    const section = page.getByTestId("hearings");
    await section.getByText("No hearing by video link is scheduled in this case.").waitFor();
    // Neither state has one zone: the officer chooses (the list is searchable, the state's zones first).
    const form = section.getByRole("form", { name: "Schedule a hearing" });
    await form.getByText("United States of America has several time zones").waitFor();
    await form.getByLabel("Time zone of the requesting state (United States of America)").fill("America/New_York");
    await form.getByLabel("Time zone of the requested state (Russian Federation)").fill("Europe/Moscow");
    await form.getByLabel("Time entered as").selectOption("requesting");
    await form.getByLabel("Date").fill("2026-03-09");
    await form.getByLabel("Start time").fill("10:00");

    // Both local times, live: New York is on summer time (UTC−4) since 8 March; Moscow is UTC+3.
    const live = form.getByTestId("live-times");
    await expect.poll(() => live.getByTestId("local-requesting").getAttribute("data-local")).toBe("2026-03-09T10:00");
    expect(await live.getByTestId("local-requested").getAttribute("data-local")).toBe("2026-03-09T17:00");
    expect(await live.getByTestId("local-requesting").innerText()).toContain("UTC-04:00");
    expect(await live.getByTestId("local-requesting").innerText()).toContain("summer time");
    expect(await live.getByTestId("local-requested").innerText()).toContain("UTC+03:00");
    expect(await live.getByTestId("local-utc").innerText()).toContain("2026-03-09 14:00 UTC");
    // When today's difference between the sides is not that day's, the form says so.
    const today = zoneGap(new Date(), "America/New_York", "Europe/Moscow");
    expect(await form.getByTestId("gap-changes").count()).toBe(today === 7 * 60 ? 0 : 1);

    // The law beside the warning: under the US–Russia treaty no video-link provision governs, perjury not recorded.
    expect(await form.getByTestId("perjury-law").innerText()).toContain("not recorded");

    await form.getByLabel("Presiding authority", { exact: true }).fill("Пресненский районный суд г. Москвы");
    const participants = form.locator("fieldset", { hasText: "Participants" });
    await participants.getByLabel("Role").fill("свидетель");
    await participants.getByLabel("Name").fill("Иван Петров");
    const interpreters = form.locator("fieldset", { hasText: "Interpreters" });
    await interpreters.getByRole("button", { name: "Add an interpreter" }).click();
    await interpreters.getByLabel("Name").fill("Ольга Смирнова");
    await interpreters.getByLabel("Languages").fill("ru, en");
    await interpreters.getByText("Russian, English").waitFor();
    const contact = form.locator("fieldset", { hasText: "Technical contact" });
    await contact.getByLabel("Name").fill("Алексей Техник");
    await contact.getByLabel("E-mail").fill("video@court.example");
    await form
      .getByLabel("Warning on perjury the presiding authority will give")
      .fill("Свидетель предупреждён об уголовной ответственности за дачу заведомо ложных показаний.");
    await form.getByRole("button", { name: "Schedule the hearing" }).click();

    const card = section.getByTestId("hearing");
    await card.waitFor();
    expect(await card.getAttribute("data-status")).toBe("scheduled");
    expect(await card.getByTestId("local-requesting").getAttribute("data-local")).toBe("2026-03-09T10:00");
    expect(await card.getByTestId("local-requested").getAttribute("data-local")).toBe("2026-03-09T17:00");
    expect(await card.innerText()).toContain("Иван Петров");
    expect(await card.innerText()).toContain("Ольга Смирнова: Russian, English");
    expect(await overflow(page, "[data-testid=hearings]")).toBeLessThanOrEqual(1);
    // No critical or serious accessibility violation on the tab with a hearing and the form (axe-core).
    const findings = await axeFindings(page);
    expect(findings, describeFindings(findings)).toEqual([]);

    // The invitation: DTSTART in UTC, the names in UTF-8.
    const [download] = await Promise.all([page.waitForEvent("download"), card.getByTestId("hearing-ics").click()]);
    expect(download.suggestedFilename()).toMatch(/^Hearing IN-\d{4}-\d{5} 2026-03-09\.ics$/);
    const ics = (await readFile((await download.path()) ?? "", "utf8")).replace(/\r\n[ \t]/g, "");
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain("DTSTART:20260309T140000Z");
    expect(ics).toContain("Иван Петров");

    // Adjourned, then scheduled again for the next day: the same invitation, SEQUENCE 1.
    await card.getByLabel("Outcome").selectOption("adjourned");
    await card.getByRole("button", { name: "Record" }).click();
    await expect.poll(() => card.getAttribute("data-status")).toBe("adjourned");
    const again = card.getByRole("form", { name: "Schedule the adjourned hearing again" });
    await again.getByLabel("Time entered as").selectOption("requesting");
    await again.getByLabel("Date").fill("2026-03-10");
    await again.getByLabel("Start time").fill("10:00");
    await again.getByRole("button", { name: "Schedule again" }).click();
    await expect.poll(() => card.getAttribute("data-status")).toBe("scheduled");
    expect(await card.getByTestId("local-requested").getAttribute("data-local")).toBe("2026-03-10T17:00");
    const [second] = await Promise.all([page.waitForEvent("download"), card.getByTestId("hearing-ics").click()]);
    const changed = (await readFile((await second.path()) ?? "", "utf8")).replace(/\r\n[ \t]/g, "");
    expect(changed).toContain("DTSTART:20260310T140000Z");
    expect(changed).toContain("SEQUENCE:1");
    expect(changed.match(/UID:(.+)/)?.[1]).toBe(ics.match(/UID:(.+)/)?.[1]);

    // Recorded held: the measure is reported executed.
    await card.getByLabel("Outcome").selectOption("held");
    await card.getByRole("button", { name: "Record" }).click();
    await expect.poll(() => card.getAttribute("data-status")).toBe("held");
    await page
      .locator(".measure-list li", { hasText: "Допрос свидетеля в Москве" })
      .locator(".badge")
      .filter({ hasText: /^executed$/ })
      .waitFor();

    // In Russian, the tab with the hearing shows no English word (zone names are identifiers, shown as code).
    const russian = await signedInContext(browser, base, officerApi, { locale: "ru-RU" });
    const ru = await open(russian, `/cases/${c.id}#measures`, 360);
    await ru.getByTestId("hearing").waitFor();
    await ru.getByText("Допросы с использованием видеосвязи").waitFor();
    expect(await ru.getByTestId("hearing-status").innerText()).toBe("проведён");
    // People's data (the officer's account, the executing authority's name) is not words of the screen.
    const own = /hearing\.officer|Crown Court \(test\)/;
    expect((await englishShown(ru)).filter((w) => !own.test(w))).toEqual([]);
    await russian.close();
    expect(errors).toEqual([]);
  });
});
