/**
 * Cases as they really arrive (issue 14 §3): a request bears a date and reaches us on another; its
 * deadlines run from receipt and its basis from its own date; neither date may be in the future.
 * Accepting and withdrawing are decisions recorded with who took them and the notice; the reason of a
 * final step is on the timeline; evidence is returned only once recorded, and a case that went into
 * execution is closed only with its execution report.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn, injectAs } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { ManualClock } from "../security/clock.js";

let t: TestApp;
let officer: Browser;
let supervisor: Browser;
let court: string;

beforeAll(async () => {
  // Today is Monday 3 February 2025 (UTC morning).
  t = await startTestApp({ webDir: "/nonexistent", clock: new ManualClock(new Date("2025-02-03T08:00:00Z")) });
  const orgs = await createOrganisations(t.ctx);
  court = orgs.executingA;
  const o = await createReadyUser(t.ctx, { email: "arrival.officer@ca.test", role: "officer", organisationId: orgs.central });
  const s = await createReadyUser(t.ctx, { email: "arrival.supervisor@ca.test", role: "supervisor", organisationId: orgs.central });
  await t.ctx.db.updateTable("app_user").set({ display_name: "Ольга Смирнова" }).where("id", "=", s.id).execute();
  officer = await signIn(t.app, t.clock, o);
  supervisor = await signIn(t.app, t.clock, s);
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

interface Detail {
  id: string;
  state: string;
  version: number;
  requestDate: string;
  receivedOn: string | null;
  basisInstrument: string | null;
  basis: { bases: { instrument: string }[] } | null;
  measures: { id: string; measure: string; status: string }[];
  decisions: { kind: string; notice: string; reasons: string; decidedBy: string }[];
  deadlines: { kind: string; due: string }[];
  timeline: { action: string; note: string | null }[];
  actions: { action: string; allowed: boolean; why?: string; final?: { reason: string } }[];
  error?: string;
  field?: string;
  message?: string;
}

async function open(payload: Record<string, unknown>) {
  const res = await as(officer, {
    method: "POST",
    url: "/api/v1/cases",
    payload: {
      direction: "incoming",
      confidentiality: "normal",
      title: "Request as it arrived",
      requesting: "US",
      requested: "RU",
      ...payload,
    },
  });
  return { status: res.statusCode, body: res.json() as Detail };
}

async function act(who: Browser, c: Detail, body: Record<string, unknown>) {
  const res = await as(who, { method: "POST", url: `/api/v1/cases/${c.id}/transitions`, payload: { version: c.version, ...body } });
  return { status: res.statusCode, body: res.json() as Detail };
}

async function steps(c: Detail, list: [Browser, string][]): Promise<Detail> {
  let now = c;
  for (const [who, action] of list) {
    const r = await act(who, now, { action });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    now = r.body;
  }
  return now;
}

describe("the dates of a request", () => {
  it("takes today as the day an incoming request was received when none is given", async () => {
    const r = await open({ requestDate: "2025-01-27" });
    expect(r.status).toBe(201);
    expect(r.body.requestDate).toBe("2025-01-27");
    expect(r.body.receivedOn).toBe("2025-02-03");
  });

  it("runs the deadlines from receipt, not from the request's date", async () => {
    // Dated Friday 13 July 2018, received Friday 20 July: registration within 2 working days in
    // Russia is due Tuesday 24 July (the central authority's service level, deadlines.ts).
    const r = await open({ requestDate: "2018-07-13", receivedOn: "2018-07-20" });
    expect(r.status).toBe(201);
    expect(r.body.deadlines.find((d) => d.kind === "register")?.due).toBe("2018-07-24");
  });

  it("computes the basis on the request's date: a request dated before the US–Russia MLAT was in force is not under it", async () => {
    // TIAS 13046: the MLAT entered into force on 31 January 2002.
    const before = await open({ requestDate: "2002-01-15", receivedOn: "2002-02-05" });
    expect(before.status).toBe(201);
    expect(before.body.basis?.bases.map((b) => b.instrument)).not.toContain("us-ru-mlat-1999");
    const after = await open({ requestDate: "2002-02-05", receivedOn: "2002-02-05" });
    expect(after.body.basisInstrument).toBe("us-ru-mlat-1999");
  });

  it("refuses a request date or a receipt date in the future, naming the field, and opens nothing", async () => {
    const count = async () => (await t.ctx.db.selectFrom("case_file").select("id").execute()).length;
    const cases = await count();
    const dated = await open({ requestDate: "2025-02-10" });
    expect(dated.status).toBe(400);
    expect(dated.body).toMatchObject({ field: "requestDate", error: "date_in_future" });
    expect(dated.body.message).toContain("future");
    const received = await open({ requestDate: "2025-01-27", receivedOn: "2025-03-01" });
    expect(received.status).toBe(400);
    expect(received.body.field).toBe("receivedOn");
    const backwards = await open({ requestDate: "2025-01-27", receivedOn: "2025-01-20" });
    expect(backwards.status).toBe(400);
    expect(backwards.body.field).toBe("receivedOn");
    expect(await count()).toBe(cases);
  });
});

describe("decisions and final steps", () => {
  it("records an acceptance with the supervisor, the date and the notice to the requesting state", async () => {
    let c = (
      await open({
        requestDate: "2025-01-27",
        theirReference: "DOJ-OIA-7-2025",
        measures: [{ measure: "records", description: "Records of an account at a Russian bank" }],
      })
    ).body;
    c = await steps(c, [
      [officer, "register"],
      [officer, "start_review"],
      [supervisor, "accept"],
    ]);
    expect(c.state).toBe("accepted");
    const d = c.decisions.find((x) => x.kind === "acceptance");
    expect(d?.decidedBy).toBe("Ольга Смирнова");
    expect(d?.notice).toContain("DOJ-OIA-7-2025");
    expect(d?.notice).toContain("accepts the request");
    expect(d?.notice).toContain("records");
  });

  it("asks a withdrawal for its reasons, puts them on the timeline and in the notice to the requested state", async () => {
    const created = await as(officer, {
      method: "POST",
      url: "/api/v1/cases",
      payload: {
        direction: "outgoing",
        confidentiality: "normal",
        title: "Our request to Russia",
        requesting: "GB",
        requested: "RU",
        requestDate: "2025-01-27",
        measures: [{ measure: "statements", description: "Statement of a witness" }],
      },
    });
    let c = created.json() as Detail;
    expect(c.actions.find((a) => a.action === "withdraw")).toMatchObject({ allowed: true, final: { reason: "required" } });
    const bare = await act(officer, c, { action: "withdraw" });
    expect(bare.status).toBe(422);
    expect(bare.body).toMatchObject({ error: "reasons_required", field: "reasons" });
    const r = await act(officer, c, { action: "withdraw", reasons: "The prosecution was discontinued on 30 January 2025." });
    expect(r.status).toBe(200);
    c = r.body;
    expect(c.state).toBe("withdrawn");
    expect(c.timeline.at(-1)?.note).toContain("The prosecution was discontinued");
    const d = c.decisions.find((x) => x.kind === "withdrawal");
    expect(d?.notice).toContain("withdraws its request");
    expect(d?.notice).toContain("The prosecution was discontinued");
  });

  it("keeps the reason of an optional-reason step (closing) on the timeline", async () => {
    let c = (await open({ requestDate: "2025-01-27" })).body;
    c = await steps(c, [[officer, "withdrawn_by_requester"]]);
    const r = await act(officer, c, { action: "close", reasons: "Withdrawal acknowledged by letter of 3 February 2025." });
    expect(r.status).toBe(200);
    expect(r.body.timeline.at(-1)).toMatchObject({ action: "close", note: "Withdrawal acknowledged by letter of 3 February 2025." });
  });
});

describe("guards on the end of a case", () => {
  it("returns no evidence before any is recorded, and says why on the action", async () => {
    let c = (await open({ requestDate: "2025-01-27", measures: [{ measure: "records", description: "Bank records" }] })).body;
    c = await steps(c, [
      [officer, "register"],
      [officer, "start_review"],
      [supervisor, "accept"],
    ]);
    const m = c.measures[0]?.id;
    let r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${m}`,
      payload: { version: c.version, assignedOrganisationId: court },
    });
    c = r.json();
    c = await steps(c, [[officer, "start_execution"]]);
    r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${m}`,
      payload: { version: c.version, status: "executed" },
    });
    c = await steps(r.json(), [[officer, "mark_executed"]]);
    const offered = c.actions.find((a) => a.action === "return_evidence");
    expect(offered?.allowed).toBe(false);
    expect(offered?.why).toMatch(/No evidence is recorded/);
    const refused = await act(officer, c, { action: "return_evidence" });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe("evidence_missing");
  });

  it("closes a case withdrawn during execution only once each measure's outcome is reported", async () => {
    let c = (
      await open({
        requestDate: "2025-01-27",
        measures: [
          { measure: "records", description: "Bank records" },
          { measure: "search_seizure", description: "Search of an office" },
        ],
      })
    ).body;
    c = await steps(c, [
      [officer, "register"],
      [officer, "start_review"],
      [supervisor, "accept"],
    ]);
    const [a, b] = c.measures.map((x) => x.id);
    let r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${a}`,
      payload: { version: c.version, assignedOrganisationId: court },
    });
    c = await steps(r.json(), [
      [officer, "start_execution"],
      [officer, "withdrawn_by_requester"],
    ]);
    const close = c.actions.find((x) => x.action === "close");
    expect(close?.allowed).toBe(false);
    expect(close?.why).toContain("2 measures have no outcome");
    expect((await act(officer, c, { action: "close" })).body.error).toBe("execution_report_missing");
    for (const [id, status] of [
      [a, "executed"],
      [b, "not_executed"],
    ]) {
      r = await as(officer, { method: "PATCH", url: `/api/v1/cases/${c.id}/measures/${id}`, payload: { version: c.version, status } });
      expect(r.statusCode, r.body).toBe(200);
      c = r.json();
    }
    expect((await act(officer, c, { action: "close" })).status).toBe(200);
  });
});
