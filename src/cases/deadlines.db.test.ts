/**
 * Deadlines: working days of the requested state with its public holidays (date-holidays), calendar
 * days for safe conduct; the queue lists overdue and due-soon items; the daily digest goes by SMTP to a
 * real SMTP server started here, with references and dates but no case titles.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { ManualClock } from "../security/clock.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import fc from "fast-check";
import { addWorkingDays, isPublicHoliday, isWorkingDay, weekendDays } from "./deadlines.js";
import { sendDigests, smtpMailer } from "./digest.js";

describe("working days", () => {
  it("skip weekends and the jurisdiction's public holidays", () => {
    // Russia's New Year holidays run 1–8 January; Christmas (7 January) is a public holiday.
    expect(isPublicHoliday("RU", "2026-01-07")).toBe(true);
    expect(isPublicHoliday("GB", "2026-01-07")).toBe(false);
    // Friday 2 April 2026 + 1 working day in England: Good Friday is 3 April, Easter Monday 6 April.
    expect(addWorkingDays("2026-04-02", 1, "GB")).toBe("2026-04-07");
    expect(addWorkingDays("2026-04-02", 1, "RU")).toBe("2026-04-03");
    expect(addWorkingDays("2026-11-20", 1, "US")).toBe("2026-11-23");
  });

  it("use each jurisdiction's own weekend (Unicode CLDR week data)", () => {
    // Saudi Arabia rests Friday–Saturday, Iran on Friday alone, the United States Saturday–Sunday.
    expect([...weekendDays("SA")].sort()).toEqual([5, 6]);
    expect([...weekendDays("IR")]).toEqual([5]);
    // From Thursday 19 November 2026, one working day later:
    expect(addWorkingDays("2026-11-19", 1, "SA")).toBe("2026-11-22"); // Sunday is a working day
    expect(addWorkingDays("2026-11-19", 1, "IR")).toBe("2026-11-21"); // Saturday is a working day
    expect(addWorkingDays("2026-11-19", 1, "US")).toBe("2026-11-20");
    expect(addWorkingDays("2026-11-20", 1, "US")).toBe("2026-11-23");
  });

  it("never end on a weekend or public holiday, and count exactly n working days", () => {
    const states = ["US", "GB", "RU", "SA", "IR", "AE", "CN", "EG", "FR", "BR"];
    fc.assert(
      fc.property(
        fc.constantFrom(...states),
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 40 }),
        (state, from, n) => {
          const start = from.toISOString().slice(0, 10);
          const end = addWorkingDays(start, n, state);
          if (n > 0) expect(isWorkingDay(state, end)).toBe(true);
          let count = 0;
          for (let d = start; d < end; ) {
            d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
            if (isWorkingDay(state, d)) count++;
          }
          expect(count).toBe(n);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("queue and digest", () => {
  let t: TestApp;
  const received: { to: string; body: string }[] = [];
  let smtp: SMTPServer;
  let smtpUrl = "";

  beforeAll(async () => {
    t = await startTestApp({ webDir: "/nonexistent", clock: new ManualClock(new Date("2026-02-02T09:00:00Z")) });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, done) {
        let body = "";
        stream.on("data", (c: Buffer) => {
          body += c.toString();
        });
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), body });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => smtp.close(() => r()));
    await t?.close();
  });

  it("lists an unregistered request as overdue after two working days, and safe conduct by calendar days", async () => {
    const orgs = await createOrganisations(t.ctx);
    const u = await createReadyUser(t.ctx, { email: "deadlines.officer@ca.test", role: "officer", organisationId: orgs.central });
    const b = await signIn(t.app, t.clock, u);
    const h = { cookie: b.cookie, "x-csrf-token": b.csrf };
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: h,
      payload: {
        direction: "incoming",
        confidentiality: "confidential",
        title: "Secret operation name",
        requesting: "US",
        requested: "RU",
        requestDate: "2026-01-28",
        receivedOn: "2026-01-28",
        respondBy: "2026-02-20",
      },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    const person = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${c.id}/persons`,
      headers: h,
      payload: { version: c.version, role: "witness", name: "A. Witness", presenceEndedOn: "2026-02-01" },
    });
    expect(person.statusCode).toBe(201);
    const q = (await t.app.inject({ url: "/api/v1/queue?within=30", headers: { cookie: b.cookie } })).json();
    const byKind = Object.fromEntries(q.items.map((i: { kind: string; due: string; overdue: boolean }) => [i.kind, i]));
    // Received Wednesday 28 January 2026: two working days in Russia → Friday 30 January; overdue on 2 February.
    expect(byKind.register).toMatchObject({ due: "2026-01-30", overdue: true });
    // The rule in English, and as words for the web app (issue 14 §8).
    expect(byKind.register).toMatchObject({
      rule: "service level: register within 2 working days in RU",
      ruleWords: { key: "cases:queue.rules.register", params: { count: 2, jurisdiction: "RU" } },
    });
    // The US–Russia MLAT's safe conduct: 7 calendar days after presence ended.
    expect(byKind.safe_conduct).toMatchObject({ due: "2026-02-08", overdue: false });
    expect(byKind.respond_by).toMatchObject({ due: "2026-02-20" });
    // Registering it closes the registration deadline.
    const registered = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${c.id}/transitions`,
      headers: h,
      payload: { action: "register", version: person.json().version },
    });
    expect(registered.statusCode).toBe(200);
    const after = (await t.app.inject({ url: "/api/v1/queue?within=30", headers: { cookie: b.cookie } })).json();
    expect(after.items.map((i: { kind: string }) => i.kind)).not.toContain("register");
  });

  it("gives an urgent request under UNCAC art. 46(14) ('confirmed in writing forthwith') a written-confirmation deadline of the next working day", async () => {
    const u = await createReadyUser(t.ctx, {
      email: "urgent.officer@ca.test",
      role: "officer",
      organisationId: (
        await t.ctx.db.selectFrom("organisation").select("id").where("kind", "=", "central_authority").executeTakeFirstOrThrow()
      ).id,
    });
    const b = await signIn(t.app, t.clock, u);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
      payload: {
        direction: "incoming",
        confidentiality: "normal",
        title: "Urgent: freeze an account",
        requesting: "CN",
        requested: "GB",
        requestDate: "2026-01-30",
        receivedOn: "2026-01-30",
        urgency: "urgent",
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ basisInstrument: "uncac-2003", writtenConfirmationDue: "2026-02-02" });
  });

  it("e-mails each officer their digest over SMTP, with references and dates but no titles", async () => {
    const result = await sendDigests(t.ctx, smtpMailer(smtpUrl, "rogatory@ca.test"), { withinDays: 30 });
    // Both officers above have open deadlines (the urgent request's registration and written confirmation).
    expect(result.sent).toBe(2);
    expect(received.map((m) => m.to).sort()).toEqual(["deadlines.officer@ca.test", "urgent.officer@ca.test"]);
    const mail = received.find((m) => m.to === "deadlines.officer@ca.test");
    expect(mail?.body).toContain("IN-2026-00001");
    expect(mail?.body).toContain("2026-02-08");
    expect(mail?.body).not.toContain("Secret operation name");
    expect(mail?.body).not.toContain("A. Witness");
  });
});

describe("a long queue", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ webDir: "/nonexistent", clock: new ManualClock(new Date("2026-02-02T09:00:00Z")) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is counted whole and read page by page: every deadline once, soonest first, whatever the page size", async () => {
    const orgs = await createOrganisations(t.ctx);
    const u = await createReadyUser(t.ctx, { email: "long.queue@ca.test", role: "officer", organisationId: orgs.central });
    const b = await signIn(t.app, t.clock, u);
    // 40 unregistered requests received over the last weeks: each has a registration deadline (all of
    // them overdue) and the requesting side's date, among others.
    const cases = Array.from({ length: 40 }, (_, i) => {
      const day = `2026-01-${String(1 + (i % 28)).padStart(2, "0")}`;
      return {
        direction: "incoming",
        confidentiality: "normal",
        title: `Долгая очередь ${i}`,
        requesting: "US",
        requested: "RU",
        requestDate: day,
        receivedOn: day,
        respondBy: `2026-02-${String(3 + (i % 20)).padStart(2, "0")}`,
      };
    });
    const batch = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases/batch",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
      payload: { cases },
    });
    expect(batch.statusCode).toBe(201);
    type Page = { overdue: number; dueSoon: number; items: { caseId: string; kind: string; due: string }[]; nextCursor: string | null };
    const get = async (query: string) => {
      const r = await t.app.inject({ url: `/api/v1/queue?within=30${query}`, headers: { cookie: b.cookie } });
      expect(r.statusCode).toBe(200);
      return r.json() as Page;
    };
    const whole = await get("&limit=200");
    expect(whole.nextCursor).toBeNull();
    // Each request has several open deadlines (registration, the requesting side's date, …): more than one page.
    const total = whole.items.length;
    expect(total).toBeGreaterThan(50);
    expect(whole.overdue + whole.dueSoon).toBe(total);
    expect(whole.overdue).toBeGreaterThan(0);
    const sorted = [...whole.items].sort((a, b) => a.due.localeCompare(b.due));
    expect(whole.items.map((i) => i.due)).toEqual(sorted.map((i) => i.due));
    for (const size of [1, 7, 50]) {
      const seen: Page["items"] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Page = await get(`&limit=${size}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        // The counts are the whole queue's on every page, never the page's.
        expect([page.overdue, page.dueSoon]).toEqual([whole.overdue, whole.dueSoon]);
        expect(page.items.length).toBeLessThanOrEqual(size);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(total / size));
      expect(seen).toEqual(whole.items);
    }
    // The first page by default is 50, and says there is more.
    const first = await get("");
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    const bad = await t.app.inject({ url: "/api/v1/queue?cursor=bm90LWEtY3Vyc29y", headers: { cookie: b.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("cursor");
  });
});

describe("the queue's copy of each case's state and confidentiality", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ webDir: "/nonexistent", clock: new ManualClock(new Date("2026-02-02T09:00:00Z")) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("follows the case through every change (triggers, migration 0013), so the queue counts and hides exactly as the case says", async () => {
    const orgs = await createOrganisations(t.ctx);
    const owner = await createReadyUser(t.ctx, { email: "facts.owner@ca.test", role: "officer", organisationId: orgs.central });
    const colleague = await createReadyUser(t.ctx, { email: "facts.colleague@ca.test", role: "officer", organisationId: orgs.central });
    const b = await signIn(t.app, t.clock, owner);
    const other = await signIn(t.app, t.clock, colleague);
    const h = { cookie: b.cookie, "x-csrf-token": b.csrf };
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: h,
      payload: {
        direction: "incoming",
        confidentiality: "normal",
        title: "Следственный запрос",
        requesting: "US",
        requested: "RU",
        requestDate: "2026-01-28",
        receivedOn: "2026-01-28",
      },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    const facts = () =>
      t.ctx.db.selectFrom("case_deadline").select(["case_state", "case_confidentiality"]).distinct().where("case_id", "=", c.id).execute();
    const total = async (cookie: string) => {
      const q = (await t.app.inject({ url: "/api/v1/queue?scope=all&within=30", headers: { cookie } })).json();
      return q.overdue + q.dueSoon;
    };
    expect(await facts()).toEqual([{ case_state: "received", case_confidentiality: "normal" }]);
    const seenByColleague = await total(other.cookie);
    expect(seenByColleague).toBeGreaterThan(0);
    // Strictly confidential, the colleague (not on the access list) no longer counts it; the owner does.
    const patched = await t.app.inject({
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      headers: h,
      payload: { version: c.version, confidentiality: "strictly_confidential" },
    });
    expect(patched.statusCode).toBe(200);
    expect(await facts()).toEqual([{ case_state: "received", case_confidentiality: "strictly_confidential" }]);
    expect(await total(other.cookie)).toBe(0);
    expect(await total(b.cookie)).toBe(seenByColleague);
    // Registered, then withdrawn: the state follows, and a withdrawn case's deadlines leave the queue.
    const registered = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${c.id}/transitions`,
      headers: h,
      payload: { action: "register", version: patched.json().version },
    });
    expect(registered.statusCode).toBe(200);
    expect((await facts()).map((f) => f.case_state)).toEqual(["registered"]);
    const withdrawn = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${c.id}/transitions`,
      headers: h,
      payload: { action: "withdrawn_by_requester", version: registered.json().version },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect((await facts()).map((f) => f.case_state)).toEqual(["withdrawn"]);
    expect(await total(b.cookie)).toBe(0);
  });
});
