/**
 * Transfer cases over the API (issue 15 §2): the guards from ETS 112 art. 3(1) (agreeing is refused with
 * 422 naming the condition and its article), the version check (409), need-to-know (a strictly
 * confidential transfer is invisible to an officer not on its list), one transaction per step with its
 * timeline row and audit event, and no name of the person in the audit trail or the list.
 */
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, injectAs, signedInUser } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { canonicalJson, verifyChain } from "../audit/trail.js";
import type { TransferDetail } from "./transfers.js";

let t: TestApp;
let officer: Browser;
let other: Browser;
const NAME = "Ivan Petrovich Example";
/** The server's log at its most verbose level, searched for the person's name at the end. */
const logLines: string[] = [];

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await startTestApp({ webDir: "/nonexistent", logger: { level: "trace", stream } });
  const orgs = await createOrganisations(t.ctx);
  officer = await signedInUser(t, { email: "officer@tsp.test", role: "officer", organisationId: orgs.central });
  other = await signedInUser(t, { email: "other@tsp.test", role: "officer", organisationId: orgs.central });
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

async function open(over: Record<string, unknown> = {}): Promise<TransferDetail> {
  const r = await as(officer, {
    method: "POST",
    url: "/api/v1/tsp-cases",
    payload: {
      direction: "incoming",
      sentencingState: "DE",
      administeringState: "FR",
      requestedBy: "administering",
      requestDate: "2024-01-10",
      personName: NAME,
      confidentiality: "confidential",
      ...over,
    },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function facts(c: TransferDetail, body: Record<string, unknown>, status = 200) {
  const r = await as(officer, { method: "PUT", url: `/api/v1/tsp-cases/${c.id}/facts`, payload: { version: c.version, ...body } });
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

async function decide(c: TransferDetail, body: Record<string, unknown>, status = 200) {
  const r = await as(officer, {
    method: "POST",
    url: `/api/v1/tsp-cases/${c.id}/decisions`,
    payload: { version: c.version, on: "2024-02-01", ...body },
  });
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

/** Every condition of ETS 112 art. 3(1)(a)–(e) met: a national, final, 3 years from 2023-01-01, consent, dual criminality. */
const allMet = {
  nationalOfAdministering: true,
  nationality: "FR",
  court: "Landgericht Berlin",
  judgmentDate: "2023-03-01",
  finalOn: "2023-04-01",
  offence: "Fraud",
  iccs: "07",
  sentence: { years: 3, months: 0, days: 0 },
  sentenceStart: "2023-01-01",
  consent: "given",
  consentOn: "2023-12-01",
  dualCriminality: true,
};

describe("a transfer case", () => {
  it("opens with the law on its request date: ETS 112 between Germany and France, every condition unknown", async () => {
    const c = await open();
    expect(c.reference).toMatch(/^TSP-IN-\d{4}-\d{5}$/);
    expect(c.state).toBe("transfer_open");
    expect(c.law.bases.map((b) => b.instrument)).toEqual(["ets-112"]);
    expect(c.law.conditions.map((x) => x.status)).toEqual(Array(6).fill("unknown"));
    expect(c.actions.find((a) => a.action === "agree_sentencing")).toMatchObject({ allowed: false, condition: "national" });
  });

  it("ETS 112 art. 3(1)(c): with less than six months left on the request date, agreeing is refused (422) naming the condition and its article", async () => {
    let c = await open();
    // Start 2022-01-01 + 2 years = ends 2024-01-01: on 2024-01-10 nothing remains.
    c = await facts(c, { ...allMet, sentence: { years: 2, months: 0, days: 0 }, sentenceStart: "2022-01-01" });
    expect(c.dates.sentenceEnds).toBe("2024-01-01");
    const time = c.law.conditions.find((x) => x.condition === "time_remaining");
    expect(time).toMatchObject({ status: "not_met", cite: "Transfer Convention (1983), Art. 3(1)(c)" });
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/tsp-cases/${c.id}/decisions`,
      payload: { version: c.version, side: "sentencing", decision: "agreed", on: "2024-02-01" },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      error: "transfer_condition_not_met",
      field: "sentence",
      provision: "ets-112:art-3-1-c",
      cite: "Transfer Convention (1983), Art. 3(1)(c)",
      words: [{ key: "errors:domain.transferNotMet.agree.time_remaining" }],
    });
    const after = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).json() as TransferDetail;
    expect(after.version).toBe(c.version);
    expect(after.decisions.sentencing.decision).toBeNull();
    // ETS 112 art. 3(2): the states may agree in an exceptional case; then it may be agreed.
    const agreed = await facts(after, { shorterTimeAgreed: true });
    expect(agreed.law.conditions.find((x: { condition: string }) => x.condition === "time_remaining").status).toBe("met");
  });

  it("goes through both decisions (the administering state chooses continued enforcement, ETS 112 art. 9), the handover and closing", async () => {
    let c = await open();
    c = await facts(c, allMet);
    expect(c.dates.sentenceEnds).toBe("2026-01-01");
    const missing = await decide(c, { side: "administering", decision: "agreed" }, 400);
    expect(missing).toMatchObject({ field: "enforcement" });
    c = await decide(c, { side: "sentencing", decision: "agreed" });
    expect(c.state).toBe("transfer_open");
    c = await decide(c, { side: "administering", decision: "agreed", enforcement: "continued" });
    expect(c.state).toBe("transfer_agreed");
    expect(c.law.outcome).toBe("met");
    expect(c.decisions.enforcement).toBe("continued");
    const early = await as(officer, {
      method: "POST",
      url: `/api/v1/tsp-cases/${c.id}/handover`,
      payload: { version: c.version, on: "2024-01-15", place: "Strasbourg", escort: "Police" },
    });
    expect(early.statusCode).toBe(400);
    const h = await as(officer, {
      method: "POST",
      url: `/api/v1/tsp-cases/${c.id}/handover`,
      payload: { version: c.version, on: "2024-03-01", place: "Kehl bridge", escort: "Federal police" },
    });
    expect(h.statusCode, h.body).toBe(200);
    c = h.json();
    expect(c.state).toBe("transfer_handed_over");
    expect(c.handover).toEqual({ on: "2024-03-01", place: "Kehl bridge", escort: "Federal police" });
    const closed = await as(officer, {
      method: "POST",
      url: `/api/v1/tsp-cases/${c.id}/close`,
      payload: { version: c.version, on: "2024-03-02" },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    c = closed.json();
    expect(c.state).toBe("transfer_closed");
    expect(c.timeline.map((e) => e.action)).toEqual([
      "transfer_facts",
      "transfer_agree_sentencing",
      "transfer_agree_administering",
      "transfer_handover",
      "transfer_close",
    ]);
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });

  it("a withdrawn consent (ETS 112 art. 3(1)(d)) stops the handover of an agreed transfer", async () => {
    let c = await open();
    c = await facts(c, allMet);
    c = await decide(c, { side: "sentencing", decision: "agreed" });
    c = await decide(c, { side: "administering", decision: "agreed", enforcement: "converted" });
    c = await facts(c, { consent: "withdrawn" });
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/tsp-cases/${c.id}/handover`,
      payload: { version: c.version, on: "2024-03-01", place: "Kehl", escort: "Police" },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ field: "consent", cite: "Transfer Convention (1983), Art. 3(1)(d)" });
  });

  it("a refusal by either state ends it as refused", async () => {
    let c = await open();
    c = await decide(c, { side: "administering", decision: "refused" });
    expect(c.state).toBe("transfer_refused");
    await decide(c, { side: "sentencing", decision: "agreed" }, 409);
  });

  it("a stale version is refused (409) and changes nothing", async () => {
    const c = await open();
    await facts(c, { court: "First court" });
    const r = await as(officer, {
      method: "PUT",
      url: `/api/v1/tsp-cases/${c.id}/facts`,
      payload: { version: c.version, court: "Second court" },
    });
    expect(r.statusCode).toBe(409);
    const now = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).json() as TransferDetail;
    expect(now.judgment.court).toBe("First court");
  });

  it("a bad field is refused at the edge naming the field and its rule, and nothing changes", async () => {
    const c = await open();
    for (const [body, field] of [
      [{ finalOn: "2023-02-30" }, "finalOn"],
      [{ sentence: { years: 1, months: 12, days: 0 } }, "sentence.months"],
      [{ iccs: "99" }, "iccs"],
      [{ consent: "maybe" }, "consent"],
    ] as const) {
      const r = await as(officer, { method: "PUT", url: `/api/v1/tsp-cases/${c.id}/facts`, payload: { version: c.version, ...body } });
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().field).toBe(field);
    }
    const now = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).json() as TransferDetail;
    expect(now.version).toBe(c.version);
  });

  it("need-to-know: a strictly confidential transfer is no case for an officer not on its list; the list shows no name", async () => {
    const c = await open({ confidentiality: "strictly_confidential" });
    expect((await as(other, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).statusCode).toBe(404);
    expect((await as(other, { method: "PUT", url: `/api/v1/tsp-cases/${c.id}/facts`, payload: { version: c.version } })).statusCode).toBe(
      404,
    );
    const mine = await as(officer, { method: "GET", url: "/api/v1/tsp-cases" });
    expect(mine.json().some((s: { id: string }) => s.id === c.id)).toBe(true);
    expect(mine.body).not.toContain(NAME);
    const theirs = await as(other, { method: "GET", url: "/api/v1/tsp-cases" });
    expect(theirs.json().some((s: { id: string }) => s.id === c.id)).toBe(false);
  });

  it("keeps the person's name out of the audit trail, the case's title and the server's log", async () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("\n")).not.toContain("Ivan");
    const rows = await t.ctx.db.selectFrom("audit_event").select(["summary"]).execute();
    expect(JSON.stringify(rows)).not.toContain("Ivan");
    const titles = await t.ctx.db.selectFrom("case_file").select("title").where("kind", "=", "tsp").execute();
    expect(titles.every((x) => !x.title.includes("Ivan"))).toBe(true);
  });

  it("stays confidential: a change to normal through the case's own route is refused, and nothing changes", async () => {
    const c = await open();
    const r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: c.version, confidentiality: "normal" },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ field: "confidentiality" });
    const now = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).json() as TransferDetail;
    expect([now.confidentiality, now.version]).toEqual(["confidential", c.version]);
  });

  it("travels as a case bundle with its own facts, and comes back as a transfer case with the same facts and the same law", async () => {
    const c = (await facts(await open(), allMet)) as TransferDetail;
    const exported = await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/bundle` });
    expect(exported.statusCode, exported.body).toBe(200);
    const bundle = exported.json();
    expect(bundle.transfer).toMatchObject({ person_name: NAME, sentencing_state: "DE", administering_state: "FR", sentence_years: 3 });
    expect(bundle.transfer.case_id).toBeUndefined();
    // Into the same deployment: its reference is taken, so the import is given a new one.
    const imported = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: bundle });
    expect(imported.statusCode, imported.body).toBe(201);
    const back = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${imported.json().id}` })).json() as TransferDetail;
    expect(back.reference).not.toBe(c.reference);
    const same = (d: TransferDetail) => {
      const { id: _i, reference: _r, version: _v, timeline: _t, actions: _a, ...rest } = d;
      return rest;
    };
    expect(same(back)).toEqual(same(c));
    // The facts made a difference to the law, so the comparison above compares something.
    expect(back.law.conditions.filter((x) => x.status === "met").length).toBeGreaterThanOrEqual(5);
  });

  it("a bundle that breaks a transfer's rules is refused in words naming the field, and nothing is written", async () => {
    const c = (await facts(await open(), allMet)) as TransferDetail;
    const bundle = (await as(officer, { method: "GET", url: `/api/v1/cases/${c.id}/bundle` })).json();
    // Re-digested after each change, as a forger would: the rules, not the digest, refuse these.
    const digested = (b: Record<string, unknown>) => {
      const { digest: _d, ...body } = b;
      return { ...body, digest: createHash("sha256").update(canonicalJson(body)).digest("hex") };
    };
    const transfers = async () => (await t.ctx.db.selectFrom("case_transfer").select("case_id").execute()).length;
    const before = await transfers();
    // What changes: the part of the bundle, the column, its new value (undefined: the whole part goes).
    const cases: [string, "case" | "transfer", string | null, unknown, number, string][] = [
      ["normal confidentiality", "case", "confidentiality", "normal", 400, "case.confidentiality"],
      ["one state on both sides", "transfer", "administering_state", "DE", 400, "transfer.administering_state"],
      ["an unknown state", "transfer", "sentencing_state", "XX", 400, "transfer.sentencing_state"],
      ["a date that does not exist", "transfer", "final_on", "2023-02-30", 400, "transfer.final_on"],
      ["no name", "transfer", "person_name", "  ", 400, "transfer.person_name"],
      ["a consent the table does not know", "transfer", "consent", "perhaps", 422, "bundle"],
      ["a request's state", "case", "state", "registered", 400, "case.state"],
      ["a transfer's state without its facts", "transfer", null, undefined, 400, "case.state"],
    ];
    for (const [what, part, column, value, status, field] of cases) {
      const b = structuredClone(bundle);
      if (column === null) delete b[part];
      else b[part][column] = value;
      const r = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: digested(b) });
      expect(r.statusCode, `${what}: ${r.body}`).toBe(status);
      expect(r.json().field, what).toBe(field);
    }
    expect(await transfers()).toBe(before);
  });

  it("is not an MLA case: measures, the request's workflow, offences, persons, consultation and assets are refused (422) in words, and nothing changes", async () => {
    const c = await open();
    const v = { version: c.version };
    const writes: [string, Record<string, unknown>][] = [
      ["measures", { ...v, measure: "documents", description: "Bank records" }],
      ["transitions", { ...v, action: "register" }],
      ["offences", { ...v, description: "Fraud", legalProvision: "Art. 159", iccs: "07" }],
      ["persons", { ...v, role: "witness", name: "A. Witness" }],
      ["consultations", { ...v, heldOn: "2024-01-12", channel: "call", outcome: "agreed", conditionsConsidered: "none possible" }],
      ["assets", { ...v, kind: "cash", description: "Cash", location: "DE", identifiers: {}, holders: [], thirdPartyClaims: [] }],
    ];
    for (const [path, payload] of writes) {
      const r = await as(officer, { method: "POST", url: `/api/v1/cases/${c.id}/${path}`, payload });
      expect(r.statusCode, `${path}: ${r.body}`).toBe(422);
      expect(r.json(), path).toMatchObject({ error: "not_mla_case", words: [{ key: "errors:domain.notMlaCase" }] });
    }
    const now = (await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${c.id}` })).json() as TransferDetail;
    expect(now.version).toBe(c.version);
  });

  it("an MLA case is not a transfer case", async () => {
    const r = await as(officer, {
      method: "POST",
      url: "/api/v1/cases",
      payload: { direction: "incoming", title: "MLA", requesting: "DE", requested: "FR", confidentiality: "normal" },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await as(officer, { method: "GET", url: `/api/v1/tsp-cases/${r.json().id}` })).statusCode).toBe(400);
  });
});

describe("GET /tsp/basis", () => {
  it("answers the engine, and names a bad field", async () => {
    const ok = await as(officer, { method: "GET", url: "/api/v1/tsp/basis?from=RU&to=HK&on=2024-01-01" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().outcome).toBe("no_basis");
    const bad = await as(officer, { method: "GET", url: "/api/v1/tsp/basis?from=RU&to=RU&on=2024-01-01" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("to");
  });
});
