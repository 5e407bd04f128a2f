/**
 * Cases through their workflow over the API, with the treaty's duties enforced. Scenarios from the
 * seeds: the US request to Russia of July 2018 (seed 000) — a bank-secrecy refusal rejected (US–Russia
 * MLAT, no bank secrecy), a refusal blocked until consultation (MLAT, consultation before denial), then
 * a partial refusal on essential interests; the UK refusing Russia's 2012 request under art. 2(b) of
 * the 1959 Convention (seed 004), which requires no consultation. Then concurrency and idempotency.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn, injectAs } from "../../test/support/accounts.js";
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
  const o = await createReadyUser(t.ctx, { email: "officer@ru-ca.test", role: "officer", organisationId: orgs.central });
  const s = await createReadyUser(t.ctx, { email: "supervisor@ru-ca.test", role: "supervisor", organisationId: orgs.central });
  officer = await signIn(t.app, t.clock, o);
  supervisor = await signIn(t.app, t.clock, s);
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

interface Detail {
  id: string;
  state: string;
  version: number;
  basisInstrument: string;
  measures: { id: string; measure: string; status: string }[];
  decisions: { kind: string; grounds: { ground: string; provision?: string; cite?: string }[]; notice: string }[];
  persons: { safeConductEnds: string | null }[];
  actions: { action: string; allowed: boolean; why?: string }[];
}

async function act(who: Browser, c: Detail, body: Record<string, unknown>) {
  const res = await as(who, { method: "POST", url: `/api/v1/cases/${c.id}/transitions`, payload: { version: c.version, ...body } });
  return { status: res.statusCode, body: res.json() as Detail & { error?: string; provision?: string; cite?: string; message?: string } };
}

async function newIncoming(payload: Record<string, unknown>): Promise<Detail> {
  const res = await as(officer, {
    method: "POST",
    url: "/api/v1/cases",
    payload: { direction: "incoming", confidentiality: "confidential", ...payload },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe("seed 000: the US asks Russia for testimony and records (July 2018)", () => {
  let c: Detail;

  it("registers the request with the US–Russia treaty as its legal basis", async () => {
    c = await newIncoming({
      title: "US request: testimony and bank records",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
      theirReference: "DOJ-OIA-182-2018",
      authority: "US Department of Justice, Office of International Affairs",
      measures: [
        { measure: "testimony", description: "Testimony of a witness in Moscow" },
        { measure: "records", description: "Records of an account at a Russian bank" },
      ],
    });
    expect(c.state).toBe("received");
    expect(c.basisInstrument).toBe("us-ru-mlat-1999");
    for (const action of ["register", "start_review"]) {
      const r = await act(officer, c, { action });
      expect(r.status).toBe(200);
      c = r.body;
    }
    expect(c.state).toBe("under_review");
  });

  it("rejects a refusal on bank-secrecy grounds, citing the provision that excludes it", async () => {
    const r = await act(supervisor, c, {
      action: "refuse",
      grounds: ["bank_secrecy"],
      reasons: "The records are covered by banking secrecy.",
    });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe("refusal_ground_excluded");
    expect(r.body.provision).toBe("us-ru-mlat-1999:no-bank-secrecy");
    const after = (await as(officer, { url: `/api/v1/cases/${c.id}` })).json();
    expect(after.version).toBe(c.version);
    expect(after.state).toBe("under_review");
  });

  it("lets only a supervisor decide, and blocks a partial refusal until the consultation is recorded (MLAT: consultation before denial)", async () => {
    const testimony = c.measures.find((m) => m.measure === "testimony")?.id;
    const byOfficer = await act(officer, c, {
      action: "accept",
      refusedMeasures: [testimony],
      grounds: ["essential_interests"],
      reasons: "Testimony would prejudice essential interests.",
    });
    expect(byOfficer.body.error).toBe("supervisor_required");
    const blocked = await act(supervisor, c, {
      action: "accept",
      refusedMeasures: [testimony],
      grounds: ["essential_interests"],
      reasons: "Testimony would prejudice essential interests.",
    });
    expect(blocked.status).toBe(422);
    expect(blocked.body.error).toBe("consultation_required");
    expect(blocked.body.provision).toBe("us-ru-mlat-1999:consultation");

    const consulted = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/consultations`,
      payload: {
        version: c.version,
        heldOn: "2018-09-03",
        channel: "video call between central authorities",
        outcome: "The US maintains the request for the testimony.",
        conditionsConsidered: "Testimony under confidentiality conditions was considered and found insufficient.",
      },
    });
    expect(consulted.statusCode).toBe(201);
    c = consulted.json();

    const decided = await act(supervisor, c, {
      action: "accept",
      refusedMeasures: [testimony],
      grounds: ["essential_interests"],
      reasons: "Executing the testimony would prejudice the security of the Russian Federation.",
    });
    expect(decided.status).toBe(200);
    c = decided.body;
    expect(c.state).toBe("accepted");
    expect(Object.fromEntries(c.measures.map((m) => [m.measure, m.status]))).toEqual({ testimony: "refused", records: "accepted" });
    const decision = c.decisions[0];
    expect(decision?.kind).toBe("partial_refusal");
    expect(decision?.grounds[0]).toMatchObject({ ground: "essential_interests", provision: "us-ru-mlat-1999:denial-essential-interests" });
    expect(decision?.notice).toContain("refuses in part");
    expect(decision?.notice).toContain("testimony");
  });

  it("executes the accepted measure through an executing authority, then closes", async () => {
    const records = c.measures.find((m) => m.measure === "records")?.id;
    const notYet = await act(officer, c, { action: "start_execution" });
    expect(notYet.body.error).toBe("no_assigned_measure");
    let r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${records}`,
      payload: { version: c.version, assignedOrganisationId: court, deadline: "2018-11-30" },
    });
    expect(r.statusCode).toBe(200);
    c = r.json();
    const started = await act(officer, c, { action: "start_execution" });
    expect(started.status).toBe(200);
    c = started.body;
    r = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}/measures/${records}`,
      payload: { version: c.version, status: "executed" },
    });
    c = r.json();
    const executed = await act(officer, c, { action: "mark_executed" });
    expect(executed.status).toBe(200);
    c = executed.body;
    // Evidence is returned only once it is recorded (issue 14 §3).
    const noEvidence = await act(officer, c, { action: "return_evidence" });
    expect(noEvidence.body.error).toBe("evidence_missing");
    // Beside the English, the sentence's words for the web app to say in the reader's language (issue 14 §8).
    expect((noEvidence.body as { words?: unknown }).words).toEqual([{ key: "case:why.evidence_missing" }]);
    r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence`,
      payload: {
        version: c.version,
        description: "Certified copies of the account records",
        permittedPurposes: ["the proceedings named in the request"],
        holder: "Central authority registry",
        receivedOn: "2018-11-20",
      },
    });
    expect(r.statusCode).toBe(201);
    c = r.json();
    for (const action of ["return_evidence", "close"]) {
      const step = await act(officer, c, { action });
      expect(step.status, action).toBe(200);
      c = step.body;
    }
    expect(c.state).toBe("closed");
    const verdict = await verifyChain(t.ctx.db);
    expect(verdict.ok).toBe(true);
  });

  it("computes a travelling witness's safe conduct from the basis (7 days under the MLAT)", async () => {
    const fresh = await newIncoming({ title: "US request: witness travels", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const r = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${fresh.id}/persons`,
      payload: { version: fresh.version, role: "witness", name: "A. Witness", presenceEndedOn: "2019-03-01" },
    });
    expect(r.statusCode).toBe(201);
    expect((r.json() as Detail).persons[0]?.safeConductEnds).toBe("2019-03-08");
  });
});

describe("seed 004: the UK refuses Russia's request under art. 2(b) of the 1959 Convention (2012)", () => {
  it("refuses on essential interests without a consultation, which the Convention does not require", async () => {
    let c = await newIncoming({
      title: "Russian request concerning a UK resident",
      requesting: "RU",
      requested: "GB",
      requestDate: "2012-07-02",
      measures: [{ measure: "statements", description: "Statements of a person resident in London" }],
    });
    expect(c.basisInstrument).toBe("cets-030");
    for (const action of ["register", "start_review"]) c = (await act(officer, c, { action })).body;
    const r = await act(supervisor, c, {
      action: "refuse",
      grounds: ["essential_interests"],
      reasons: "Execution would prejudice the essential interests of the United Kingdom.",
    });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe("refused");
    expect(r.body.decisions[0]?.grounds[0]?.provision).toBe("cets-030:art-2-b");
    expect(r.body.measures[0]?.status).toBe("refused");
  });

  it("rejects a ground the basis does not provide", async () => {
    let c = await newIncoming({ title: "Another Russian request", requesting: "RU", requested: "GB", requestDate: "2012-07-02" });
    for (const action of ["register", "start_review"]) c = (await act(officer, c, { action })).body;
    const r = await act(supervisor, c, { action: "refuse", grounds: ["death_penalty"], reasons: "The offence carries the death penalty." });
    expect(r.status).toBe(422);
    expect(r.body.error).toBe("refusal_ground_not_provided");
  });
});

describe("the machine's rules", () => {
  it("refuses a transition the current state does not allow, and changes nothing", async () => {
    const c = await newIncoming({ title: "Out of order", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const events = await t.ctx.db.selectFrom("audit_event").select("seq").execute();
    const r = await act(officer, c, { action: "close" });
    expect(r.status).toBe(409);
    expect(r.body.error).toBe("transition_not_allowed");
    expect((await t.ctx.db.selectFrom("audit_event").select("seq").execute()).length).toBe(events.length);
    const why = c.actions.find((a) => a.action === "register");
    expect(why?.allowed).toBe(true);
  });

  it("holds execution while the requesting state decides whether to proceed without confidentiality", async () => {
    let c = await newIncoming({
      title: "Cannot stay confidential",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
      measures: [{ measure: "documents", description: "Company records" }],
    });
    for (const action of ["register", "start_review", "notify_confidentiality_impossible"]) c = (await act(officer, c, { action })).body;
    expect(c.state).toBe("awaiting_confidentiality_choice");
    const accept = await act(supervisor, c, { action: "accept" });
    expect(accept.body.error).toBe("transition_not_allowed");
    c = (await act(officer, c, { action: "requester_proceeds" })).body;
    expect((await act(supervisor, c, { action: "accept" })).status).toBe(200);
  });

  it("has an outgoing request approved by a supervisor before it is sent", async () => {
    const res = await as(officer, {
      method: "POST",
      url: "/api/v1/cases",
      payload: {
        direction: "outgoing",
        confidentiality: "normal",
        title: "Our request to the United States",
        requesting: "RU",
        requested: "US",
        requestDate: "2018-07-13",
        measures: [{ measure: "records", description: "Bank records" }],
      },
    });
    let c: Detail = res.json();
    expect(c.state).toBe("draft");
    expect(c.actions.find((a) => a.action === "approve")).toMatchObject({ allowed: false });
    expect((await act(officer, c, { action: "approve" })).body.error).toBe("supervisor_required");
    for (const [who, action] of [
      [supervisor, "approve"],
      [officer, "mark_translated"],
      [officer, "send"],
      [officer, "acknowledged"],
    ] as const) {
      const r = await act(who, c, { action });
      expect(r.status, action).toBe(200);
      c = r.body;
    }
    expect(c.state).toBe("acknowledged");
  });
});

describe("concurrency and retries", () => {
  it("lets one of two parallel updates win; the other gets a conflict and changes nothing", async () => {
    const c = await newIncoming({ title: "Two officers at once", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const [a, b] = await Promise.all([
      act(officer, c, { action: "register" }),
      as(officer, {
        method: "POST",
        url: `/api/v1/cases/${c.id}/correspondence`,
        payload: {
          version: c.version,
          direction: "in",
          channel: "e-mail",
          onDate: "2018-07-14",
          summary: "Reminder from the requesting state",
        },
      }),
    ]);
    const statuses = [a.status, b.statusCode];
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
    const now = (await as(officer, { url: `/api/v1/cases/${c.id}` })).json();
    expect(now.version).toBe(c.version + 1);
  });

  it("returns the same case for a retried creation with the same idempotency key", async () => {
    const payload = {
      direction: "incoming",
      confidentiality: "normal",
      title: "Retried POST",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
    };
    const headers = { "idempotency-key": "retry-7f3a9c21" };
    const [first, second] = [
      await as(officer, { method: "POST", url: "/api/v1/cases", payload, headers }),
      await as(officer, { method: "POST", url: "/api/v1/cases", payload, headers }),
    ];
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const count = await t.ctx.db.selectFrom("case_file").select("id").where("title", "=", "Retried POST").execute();
    expect(count).toHaveLength(1);
  });
});

describe("documents, evidence and limitation on use", () => {
  it("stores documents with their SHA-256, and refuses to serve one altered in the database", async () => {
    const c = await newIncoming({ title: "Documents", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const text = "Letter of request, signed.";
    const up = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/documents`,
      payload: {
        version: c.version,
        kind: "request",
        filename: "request.txt",
        contentType: "text/plain",
        contentBase64: Buffer.from(text).toString("base64"),
      },
    });
    expect(up.statusCode).toBe(201);
    const doc = up.json();
    const { createHash } = await import("node:crypto");
    expect(doc.sha256).toBe(createHash("sha256").update(text).digest("hex"));
    const down = await as(officer, { url: `/api/v1/cases/${c.id}/documents/${doc.id}` });
    expect(down.statusCode).toBe(200);
    expect(down.body).toBe(text);
    expect(down.headers["x-content-sha256"]).toBe(doc.sha256);
    expect(down.headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(down.headers["content-disposition"]).toMatch(/^attachment/);
    // An uploaded HTML page is never served as HTML from this origin.
    const html = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/documents`,
      payload: {
        version: doc.caseVersion,
        kind: "other",
        filename: "x.html",
        contentType: "text/html",
        contentBase64: Buffer.from("<script>alert(1)</script>").toString("base64"),
      },
    });
    const served = await as(officer, { url: `/api/v1/cases/${c.id}/documents/${html.json().id}` });
    expect(served.headers["content-type"]).toBe("application/octet-stream");
    await t.ctx.db
      .updateTable("case_document")
      .set({ content: Buffer.from("Letter of request, forged.") })
      .where("id", "=", doc.id)
      .execute();
    const tampered = await as(officer, { url: `/api/v1/cases/${c.id}/documents/${doc.id}` });
    expect(tampered.statusCode).toBe(409);
    expect(tampered.json().error).toBe("document_integrity");
  });

  it("refuses a use beyond the permitted purposes until the supplying state's consent is recorded (MLAT limitation on use)", async () => {
    let c = await newIncoming({ title: "Evidence", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const added = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence`,
      payload: {
        version: c.version,
        description: "Bank statements 2016–2017",
        permittedPurposes: ["the fraud proceedings named in the request"],
        holder: "Central authority registry",
        receivedOn: "2019-02-01",
      },
    });
    expect(added.statusCode).toBe(201);
    c = added.json();
    const ev = (c as unknown as { evidence: { id: string }[] }).evidence[0]?.id;
    const refused = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/uses`,
      payload: { version: c.version, purpose: "a tax investigation" },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: "use_consent_required", provision: "us-ru-mlat-1999:limitation-on-use" });
    const within = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/uses`,
      payload: { version: c.version, purpose: "the fraud proceedings named in the request" },
    });
    expect(within.statusCode).toBe(201);
    const consented = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/uses`,
      payload: {
        version: within.json().version,
        purpose: "a tax investigation",
        consentOn: "2019-03-10",
        consentBy: "Prosecutor General's Office of the Russian Federation",
      },
    });
    expect(consented.statusCode).toBe(201);
    const custody = await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/evidence/${ev}/custody`,
      payload: {
        version: consented.json().version,
        action: "transferred",
        holder: "FBI field office",
        onDate: "2019-03-11",
        sha256: "0".repeat(64),
      },
    });
    expect(custody.statusCode).toBe(201);
    const detail = custody.json() as { evidence: { custody: { action: string }[]; uses: { consentBy: string | null }[] }[] };
    expect(detail.evidence[0]?.custody.map((x) => x.action)).toEqual(["received", "transferred"]);
    expect(detail.evidence[0]?.uses.map((u) => u.consentBy)).toEqual([null, "Prosecutor General's Office of the Russian Federation"]);
  });
});

describe("case bundles", () => {
  it("exports a case with its documents and imports it elsewhere; an altered bundle is refused and changes nothing", async () => {
    const c = await newIncoming({
      title: "Bundle me",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
      measures: [{ measure: "records", description: "Bank records" }],
    });
    await as(officer, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/documents`,
      payload: {
        version: c.version,
        kind: "request",
        filename: "request.txt",
        contentType: "text/plain",
        contentBase64: Buffer.from("the request").toString("base64"),
      },
    });
    const bundle = (await as(officer, { url: `/api/v1/cases/${c.id}/bundle` })).json();
    expect(bundle.format).toBe("rogatory-case/1");
    expect(bundle.documents).toHaveLength(1);
    const before = (await t.ctx.db.selectFrom("case_file").select("id").execute()).length;
    const altered = { ...bundle, case: { ...bundle.case, title: "Altered in transit" } };
    const refused = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: altered });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toBe("bundle_invalid");
    const badDoc = { ...bundle, documents: [{ ...bundle.documents[0], contentBase64: Buffer.from("another text").toString("base64") }] };
    expect((await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: badDoc })).statusCode).toBe(422);
    expect((await t.ctx.db.selectFrom("case_file").select("id").execute()).length).toBe(before);
    const imported = await as(officer, { method: "POST", url: "/api/v1/cases/import", payload: bundle });
    expect(imported.statusCode).toBe(201);
    const { id, reference } = imported.json();
    // The reference is taken here (same deployment), so the import gets a new one.
    expect(reference).not.toBe(bundle.case.reference);
    const copy = (await as(officer, { url: `/api/v1/cases/${id}` })).json();
    expect(copy).toMatchObject({
      title: "Bundle me",
      state: c.state,
      basisInstrument: "us-ru-mlat-1999",
      ourReference: bundle.case.reference,
    });
    expect(copy.documents[0].sha256).toBe(bundle.documents[0].sha256);
  });
});

describe("choosing the basis", () => {
  it("lets the officer choose another applicable basis before a decision, never an inapplicable one", async () => {
    const c = await newIncoming({ title: "Which basis", requesting: "US", requested: "RU", requestDate: "2018-07-13" });
    const chosen = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: c.version, basisInstrument: "untoc-2000" },
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().basisInstrument).toBe("untoc-2000");
    // The 1959 Convention does not bind the United States.
    const wrong = await as(officer, {
      method: "PATCH",
      url: `/api/v1/cases/${c.id}`,
      payload: { version: chosen.json().version, basisInstrument: "cets-030" },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toBe("basisInstrument");
  });
});

describe("batch registration", () => {
  it("registers a batch in one transaction with an audit event each, or nothing when one case is invalid", async () => {
    const mk = (i: number) => ({
      direction: "incoming",
      confidentiality: "normal",
      title: `Batch case ${i}`,
      requesting: "RU",
      requested: "GB",
      requestDate: "2012-07-02",
      measures: [{ measure: "statements", description: "Statements of a witness" }],
    });
    const before = (await t.ctx.db.selectFrom("case_file").select("id").execute()).length;
    const bad = await as(officer, {
      method: "POST",
      url: "/api/v1/cases/batch",
      payload: { cases: [mk(1), { ...mk(2), requested: "XX" }, mk(3)] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("cases[1].requested");
    expect((await t.ctx.db.selectFrom("case_file").select("id").execute()).length).toBe(before);
    const ok = await as(officer, { method: "POST", url: "/api/v1/cases/batch", payload: { cases: [mk(1), mk(2), mk(3)] } });
    expect(ok.statusCode).toBe(201);
    const created = ok.json().created as { id: string; reference: string }[];
    expect(new Set(created.map((c) => c.reference)).size).toBe(3);
    const one = (await as(officer, { url: `/api/v1/cases/${created[1]?.id}` })).json();
    expect(one).toMatchObject({ state: "received", basisInstrument: "cets-030", title: "Batch case 2" });
    const events = await t.ctx.db
      .selectFrom("audit_event")
      .select("object_id")
      .where("action", "=", "case.create")
      .where(
        "object_id",
        "in",
        created.map((c) => c.id),
      )
      .execute();
    expect(events).toHaveLength(3);
    const deadlines = await t.ctx.db
      .selectFrom("case_deadline")
      .select("kind")
      .where("case_id", "=", created[0]?.id ?? "")
      .execute();
    expect(deadlines.map((d) => d.kind).sort()).toEqual(["decide", "register"]);
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});

describe("the chosen basis governs the guards", () => {
  it("under UNTOC art. 18 (chosen in lieu of the MLAT) a military-offence ground is not available and bank secrecy is excluded by art. 18(8)", async () => {
    let c = await newIncoming({
      title: "US request on the UN convention",
      requesting: "US",
      requested: "RU",
      requestDate: "2018-07-13",
      basisInstrument: "untoc-2000",
      measures: [{ measure: "records", description: "Bank records" }],
    });
    expect(c.basisInstrument).toBe("untoc-2000");
    for (const action of ["register", "start_review"]) c = (await act(officer, c, { action })).body;
    // The MLAT's military-offence ground (seed 000) is not a ground of UNTOC art. 18(21).
    const military = await act(supervisor, c, {
      action: "refuse",
      grounds: ["military_offence"],
      reasons: "A military offence is concerned here.",
    });
    expect(military.body.error).toBe("refusal_ground_not_provided");
    const secrecy = await act(supervisor, c, { action: "refuse", grounds: ["bank_secrecy"], reasons: "Banking secrecy applies here." });
    expect(secrecy.body).toMatchObject({ error: "refusal_ground_excluded", provision: "untoc-2000:art-18-8" });
    // And art. 18(26) requires consultation before a refusal on essential interests.
    const essential = await act(supervisor, c, {
      action: "refuse",
      grounds: ["essential_interests"],
      reasons: "Security of the requested state.",
    });
    expect(essential.body).toMatchObject({ error: "consultation_required", provision: "untoc-2000:art-18-26" });
  });
});
