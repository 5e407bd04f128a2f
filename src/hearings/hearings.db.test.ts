/**
 * Hearings by video link over the API (issue 15 §3): the guards (a measure that takes evidence, an open
 * case, an end after the start, known zones and languages), the version check, the law shown with the
 * hearing, the .ics invitation (UID stable, SEQUENCE bumped, REQUEST then CANCEL), and the record of a
 * held hearing as the measure's execution report, audited in the same transaction.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, injectAs, signedInUser } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { verifyChain } from "../audit/trail.js";

let t: TestApp;
let officer: Browser;
let supervisor: Browser;
let court: string;

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  court = orgs.executingA;
  officer = await signedInUser(t, { email: "officer@hearings.test", role: "officer", organisationId: orgs.central });
  supervisor = await signedInUser(t, { email: "supervisor@hearings.test", role: "supervisor", organisationId: orgs.central });
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

interface Detail {
  id: string;
  reference: string;
  state: string;
  version: number;
  measures: { id: string; measure: string; status: string }[];
}
interface Hearings {
  caseVersion: number;
  law: { governing: { provision: string; cite: string }[]; notGoverning: { provision: string }[]; perjury: { law: string } };
  hearings: { id: string; status: string; sequence: number; startsAt: string; measureStatus: string; participants: { name: string }[] }[];
}

async function act(who: Browser, c: Detail, action: string, extra: Record<string, unknown> = {}): Promise<Detail> {
  const r = await as(who, { method: "POST", url: `/api/v1/cases/${c.id}/transitions`, payload: { version: c.version, action, ...extra } });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function incoming(requesting: string, requested: string, requestDate: string): Promise<Detail> {
  const r = await as(officer, {
    method: "POST",
    url: "/api/v1/cases",
    payload: {
      direction: "incoming",
      confidentiality: "confidential",
      title: "Witness hearing by video link",
      requesting,
      requested,
      requestDate,
      measures: [
        { measure: "testimony", description: "Testimony of a witness" },
        { measure: "records", description: "Bank records" },
      ],
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

/** A schedule across the US change to summer time (8 March 2026): 10:00 in New York, 17:00 in Moscow. */
const schedule = (over: Record<string, unknown> = {}) => ({
  startsAt: "2026-03-09T14:00:00Z",
  endsAt: "2026-03-09T16:00:00Z",
  requestingZone: "America/New_York",
  requestedZone: "Europe/Moscow",
  presidingAuthority: "Пресненский районный суд г. Москвы",
  interpreters: [{ name: "Ольга Смирнова", languages: ["ru", "en"] }],
  participants: [
    { side: "requested", role: "witness", name: "Иван Петров" },
    { side: "requesting", role: "prosecutor", name: "Jane Doe" },
  ],
  technicalContact: { name: "Алексей Техник", email: "video@court.example", phone: "+7 495 000 00 00" },
  perjuryWarning: "Свидетель предупреждён об уголовной ответственности за дачу заведомо ложных показаний.",
  ...over,
});

const hearingsOf = async (c: Detail): Promise<Hearings> => {
  const r = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/hearings` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe("a hearing by video link, US → Russia (testimony)", () => {
  let c: Detail;
  let testimony: string;

  beforeAll(async () => {
    c = await incoming("US", "RU", "2026-01-12");
    testimony = c.measures.find((m) => m.measure === "testimony")?.id ?? "";
  });

  it("refuses a measure that is not testimony, naming the field", async () => {
    const records = c.measures.find((m) => m.measure === "records")?.id;
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: c.version, measureId: records, ...schedule() },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: "measure_not_testimony", field: "measureId" });
    expect(r.json().words).toEqual([{ key: "errors:domain.hearingMeasureKind", params: { measure: "records" } }]);
  });

  it("refuses an end before the start, an unknown zone, an unknown language and a time without offset (400 naming the field)", async () => {
    const post = (over: Record<string, unknown>) =>
      as(officer, {
        method: "POST",
        url: `/api/v1/cases/${c.id}/hearings`,
        payload: { version: c.version, measureId: testimony, ...schedule(over) },
      });
    let r = await post({ endsAt: "2026-03-09T13:00:00Z" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: "endsAt", message: "The hearing must end after it starts." });
    r = await post({ requestedZone: "Europe/Mars" });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: "requestedZone" });
    expect(r.json().message).toBe("The requested state's time zone must be an IANA time zone such as Europe/Moscow.");
    r = await post({ requestedZone: "+03:00" });
    expect(r.json()).toMatchObject({ field: "requestedZone" });
    r = await post({ interpreters: [{ name: "X", languages: ["xx"] }] });
    expect(r.statusCode).toBe(400);
    expect(r.json().field).toBe("interpreters.0.languages.0");
    r = await post({ startsAt: "2026-03-09T14:00" });
    expect(r.json()).toMatchObject({ field: "startsAt" });
    r = await post({ endsAt: "2026-03-10T04:00:00Z" });
    expect(r.json()).toMatchObject({ field: "endsAt", message: "A hearing lasts at most 12 hours." });
  });

  it("schedules it in one audited write carrying the version; a stale version is 409 and writes nothing", async () => {
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: c.version, measureId: testimony, ...schedule() },
    });
    expect(r.statusCode, r.body).toBe(201);
    const before = c.version;
    c = r.json();
    expect(c.version).toBe(before + 1);
    const stale = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: before, measureId: testimony, ...schedule() },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("version_conflict");
    expect(stale.json().words[0].params.change).toBe("hearing_schedule");
    const h = await hearingsOf(c);
    expect(h.hearings).toHaveLength(1);
    expect(h.hearings[0]).toMatchObject({ status: "scheduled", sequence: 0, startsAt: "2026-03-09T14:00:00.000Z" });
    expect(h.hearings[0]?.participants.map((p) => p.name)).toEqual(["Иван Петров", "Jane Doe"]);
    const events = await t.ctx.db.selectFrom("audit_event").select(["action", "summary"]).where("object_id", "=", c.id).execute();
    const scheduled = events.find((e) => e.action === "case.hearing_schedule");
    expect(scheduled).toBeDefined();
    // Names are case content: never in the audit trail.
    expect(JSON.stringify(scheduled?.summary)).not.toContain("Петров");
  });

  it("shows the law: under the US–Russia treaty no video-link provision governs (UNTOC and UNCAC yield), and perjury is not recorded", async () => {
    const h = await hearingsOf(c);
    expect(h.law.governing).toEqual([]);
    expect(h.law.notGoverning.map((p) => p.provision).sort()).toEqual(["uncac-2003:art-46-18", "untoc-2000:art-18-18"]);
    expect(h.law.perjury).toEqual({ law: "not_recorded" });
  });

  it("downloads the invitation: UTF-8, DTSTART in UTC, a stable UID, METHOD:REQUEST, a filename in RFC 6266", async () => {
    const h = (await hearingsOf(c)).hearings[0];
    const r = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/hearings/${h?.id}/invitation` });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(r.headers["content-disposition"]).toBe(`attachment; filename="Hearing ${c.reference} 2026-03-09.ics"`);
    // Lines folded at 75 octets (RFC 5545 §3.1), never inside a character: Cyrillic survives unfolding.
    expect(Math.max(...r.body.split("\r\n").map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(75);
    expect(r.body).not.toContain("\uFFFD");
    const ics = r.body.replace(/\r\n[ \t]/g, "");
    expect(ics).toContain("METHOD:REQUEST");
    expect(ics).toContain("DTSTART:20260309T140000Z");
    expect(ics).toContain("DTEND:20260309T160000Z");
    expect(ics).toContain(`UID:hearing-${h?.id}@rogatory`);
    expect(ics).toContain("SEQUENCE:0");
    expect(ics).toContain("Иван Петров");
    // Both sides' local times: New York is already on summer time (UTC−4), Moscow keeps UTC+3.
    expect(ics).toContain("2026-03-09 10:00–12:00 America/New_York (UTC-04:00)");
    expect(ics).toContain("2026-03-09 17:00–19:00 Europe/Moscow (UTC+03:00)");
    expect(ics).toContain("Perjury during the hearing is punished under: not recorded");
  });

  it("asked for a hearing the case does not have, answers 404 and writes nothing, not even the read of the confidential case", async () => {
    const before = await t.ctx.db
      .selectFrom("audit_event")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const r = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/hearings/00000000-0000-4000-8000-000000000000/invitation` });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ field: "hearingId" });
    const after = await t.ctx.db
      .selectFrom("audit_event")
      .select((e) => e.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("changes the hearing: same UID, SEQUENCE 1", async () => {
    const h = (await hearingsOf(c)).hearings[0];
    const r = await as(officer, {
      method: "PUT",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}`,
      payload: { version: c.version, ...schedule({ startsAt: "2026-03-10T14:00:00Z", endsAt: "2026-03-10T15:30:00Z" }) },
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    const ics = (await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/hearings/${h?.id}/invitation` })).body;
    expect(ics).toContain(`UID:hearing-${h?.id}@rogatory`);
    expect(ics).toContain("SEQUENCE:1");
    expect(ics).toContain("DTSTART:20260310T140000Z");
  });

  it("cannot record a held hearing before the case is in execution (the execution report's own guard)", async () => {
    const h = (await hearingsOf(c)).hearings[0];
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}/record`,
      payload: { version: c.version, outcome: "held" },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: "not_in_execution", field: "outcome" });
  });

  it("records the hearing held: the measure is reported executed in the same write, with both events", async () => {
    c = await act(officer, c, "register");
    c = await act(officer, c, "start_review");
    c = await act(supervisor, c, "accept");
    const records = c.measures.find((m) => m.measure === "records")?.id;
    const assigned = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${testimony}`,
      payload: { version: c.version, assignedOrganisationId: court },
    });
    c = assigned.json();
    expect(records).toBeDefined();
    c = await act(officer, c, "start_execution");
    const h = (await hearingsOf(c)).hearings[0];
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}/record`,
      payload: { version: c.version, outcome: "held", note: "Heard for 80 minutes; warned on perjury." },
    });
    expect(r.statusCode, r.body).toBe(200);
    const after: Detail = r.json();
    expect(after.version).toBe(c.version + 1);
    expect(after.measures.find((m) => m.id === testimony)?.status).toBe("executed");
    const list = await hearingsOf(after);
    expect(list.hearings[0]).toMatchObject({ status: "held", measureStatus: "executed" });
    const events = await t.ctx.db
      .selectFrom("audit_event")
      .select(["action"])
      .where("object_id", "=", c.id)
      .where("action", "!=", "case.read")
      .orderBy("seq", "desc")
      .limit(2)
      .execute();
    expect(events.map((e) => e.action).sort()).toEqual(["case.hearing_record", "case.measure_update"]);
    // A held hearing is not recorded again, nor changed.
    const again = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}/record`,
      payload: { version: after.version, outcome: "adjourned" },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error).toBe("hearing_closed");
    // Nor is another scheduled for a measure already executed.
    const more = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: after.version, measureId: testimony, ...schedule() },
    });
    expect(more.json().error).toBe("measure_ended");
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});

describe("adjourned, witness refused, cancelled", () => {
  it("an adjourned hearing leaves the measure open and is scheduled again; a refusal reports it not executed; a cancellation is METHOD:CANCEL", async () => {
    let c = await incoming("US", "RU", "2026-01-12");
    const testimony = c.measures.find((m) => m.measure === "testimony")?.id ?? "";
    c = await act(officer, c, "register");
    c = await act(officer, c, "start_review");
    c = await act(supervisor, c, "accept");
    c = (
      await as(officer, {
        method: "PATCH",
        url: `/api/v1/cases/${c.id}/measures/${testimony}`,
        payload: { version: c.version, assignedOrganisationId: court },
      })
    ).json();
    c = await act(officer, c, "start_execution");
    const post = async (over: Record<string, unknown> = {}) => {
      const r = await as(officer, {
        method: "POST",
        url: `/api/v1/cases/${c.id}/hearings`,
        payload: { version: c.version, measureId: testimony, ...schedule(over) },
      });
      expect(r.statusCode, r.body).toBe(201);
      c = r.json();
    };
    await post();
    let h = (await hearingsOf(c)).hearings[0];
    let r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}/record`,
      payload: { version: c.version, outcome: "adjourned" },
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    expect(c.measures.find((m) => m.id === testimony)?.status).toBe("accepted");
    r = await as(officer, {
      method: "PUT",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}`,
      payload: { version: c.version, ...schedule({ startsAt: "2026-04-01T07:00:00Z", endsAt: "2026-04-01T08:00:00Z" }) },
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    h = (await hearingsOf(c)).hearings[0];
    expect(h).toMatchObject({ status: "scheduled", sequence: 1 });

    // A second hearing, cancelled: the invitation becomes a cancellation with a higher SEQUENCE.
    await post({ startsAt: "2026-04-02T07:00:00Z", endsAt: "2026-04-02T08:00:00Z" });
    const second = (await hearingsOf(c)).hearings.find((x) => x.id !== h?.id);
    r = await as(officer, { method: "POST", url: `/api/v1/cases/${c.id}/hearings/${second?.id}/cancel`, payload: { version: c.version } });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    const ics = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/hearings/${second?.id}/invitation` });
    expect(ics.headers["content-type"]).toContain("method=CANCEL");
    expect(ics.body).toContain("METHOD:CANCEL");
    expect(ics.body).toContain("STATUS:CANCELLED");
    expect(ics.body).toContain("SEQUENCE:1");

    r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings/${h?.id}/record`,
      payload: { version: c.version, outcome: "witness_refused" },
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    expect(c.measures.find((m) => m.id === testimony)?.status).toBe("not_executed");
  });

  it("cannot schedule on a closed case", async () => {
    const c = await incoming("US", "RU", "2026-01-12");
    // Closing a case through its workflow is casework's test; here the state alone matters.
    const testimony = c.measures.find((m) => m.measure === "testimony")?.id ?? "";
    await t.ctx.db.updateTable("case_file").set({ state: "closed" }).where("id", "=", c.id).execute();
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: c.version, measureId: testimony, ...schedule() },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ error: "case_ended" });
    expect(r.json().words).toEqual([{ key: "errors:domain.hearingCaseEnded", params: { state: "closed" } }]);
  });
});

describe("a case bundle", () => {
  it("carries the case's hearings, and the imported case has them with their measure, times, names and status", async () => {
    const c = await incoming("US", "RU", "2026-01-12");
    const testimony = c.measures.find((m) => m.measure === "testimony")?.id ?? "";
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/hearings`,
      payload: { version: c.version, measureId: testimony, ...schedule() },
    });
    expect(r.statusCode, r.body).toBe(201);
    const bundle = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/bundle` });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.json().hearings).toHaveLength(1);
    const imported = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: bundle.json() });
    expect(imported.statusCode, imported.body).toBe(201);
    const copy: Detail = imported.json();
    const h = await hearingsOf(copy);
    expect(h.hearings).toHaveLength(1);
    expect(h.hearings[0]).toMatchObject({ status: "scheduled", startsAt: "2026-03-09T14:00:00.000Z", measureStatus: "requested" });
    expect(h.hearings[0]?.participants.map((p) => p.name)).toEqual(["Иван Петров", "Jane Doe"]);
  });
});

describe("the law where a video-link provision governs", () => {
  it("Argentina → South Africa, no treaty recorded between them: UNCAC art. 46(18) and UNTOC art. 18(18) govern, perjury not recorded", async () => {
    const c = await incoming("AR", "ZA", "2026-01-12");
    const h = await hearingsOf(c);
    expect(h.law.governing.map((p) => p.cite)).toEqual(["UNCAC, Art. 46(18)", "UNTOC, Art. 18(18)"]);
    expect(h.law.perjury).toEqual({ law: "not_recorded" });
  });
});
