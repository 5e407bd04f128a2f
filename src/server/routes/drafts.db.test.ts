/**
 * The request writer over the API: seed 000 (the US request to Russia of July 2018) drafted from an
 * empty draft; approval refused while what the relied-on basis requires is missing (UNTOC art. 18(15):
 * the facts), then the outgoing case opened with its Word and PDF documents; regeneration keeps the
 * earlier versions; autosave conflicts; bad content named; drafts private to their author.
 */
import { readFileSync } from "node:fs";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, injectAs, signedInUser } from "../../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../../test/support/app.js";
import { verifyChain } from "../../audit/trail.js";

let t: TestApp;
let officer: Browser;
let colleague: Browser;
let supervisor: Browser;
const fixture = JSON.parse(readFileSync("test/fixtures/draft-us-ru-2018.json", "utf8")) as Record<string, unknown>;

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  officer = await signedInUser(t, { email: "drafter@us-ca.test", role: "officer", organisationId: orgs.central });
  colleague = await signedInUser(t, { email: "colleague@us-ca.test", role: "officer", organisationId: orgs.central });
  supervisor = await signedInUser(t, { email: "supervisor@us-ca.test", role: "supervisor", organisationId: orgs.central });
});
afterAll(async () => t?.close());

const as = (who: Browser, opts: InjectOptions) => injectAs(t.app, who, opts);

interface DraftView {
  id: string;
  version: number;
  content: Record<string, unknown>;
  caseId: string | null;
}

describe("seed 000 drafted through the API", () => {
  let draft: DraftView;

  it("starts empty, and the check says what is needed to determine the law", async () => {
    const res = await as(officer, { method: "POST", url: "/api/v1/drafts", payload: { title: "US request to Russia: servers" } });
    expect(res.statusCode).toBe(201);
    draft = res.json();
    const check = await as(officer, { method: "GET", url: `/api/v1/drafts/${draft.id}/check` });
    expect(check.json().check.blocking.map((e: { field: string }) => e.field)).toEqual([
      "requesting",
      "requested",
      "requestDate",
      "measures",
    ]);
  });

  it("saves as the user goes; approval is refused while the facts are missing (UNTOC art. 18(15))", async () => {
    const res = await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${draft.id}`,
      payload: { version: draft.version, content: { ...fixture, facts: "" } },
    });
    expect(res.statusCode).toBe(200);
    draft = res.json();
    expect(draft.version).toBe(2);
    const approve = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/approve`, payload: { version: draft.version } });
    expect(approve.statusCode).toBe(422);
    expect(approve.json()).toMatchObject({ error: "draft_incomplete", field: "facts" });
    expect(approve.json().message).toContain("UNTOC, Art. 18(15)");
    const cases = await as(officer, { method: "GET", url: "/api/v1/cases?direction=outgoing" });
    expect(cases.json().items ?? cases.json()).toHaveLength(0);
  });

  it("a save from a stale tab gets a conflict and changes nothing", async () => {
    const stale = await as(officer, { method: "PUT", url: `/api/v1/drafts/${draft.id}`, payload: { version: 1, content: fixture } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("version_conflict");
    const now = (await as(officer, { method: "GET", url: `/api/v1/drafts/${draft.id}` })).json();
    expect(now.version).toBe(2);
    expect(now.content.facts).toBe("");
  });

  it("bad content is refused naming the field", async () => {
    const res = await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${draft.id}`,
      payload: { version: draft.version, content: { ...fixture, measures: [{ measure: "teleportation" }] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe("content.measures.0.measure");
  });

  it("is private to its author", async () => {
    expect((await as(colleague, { method: "GET", url: `/api/v1/drafts/${draft.id}` })).statusCode).toBe(404);
    expect((await as(colleague, { method: "GET", url: "/api/v1/drafts" })).json()).toEqual([]);
  });

  it("complete, it is approved into an outgoing case carrying the Word and PDF documents", async () => {
    draft = (
      await as(officer, { method: "PUT", url: `/api/v1/drafts/${draft.id}`, payload: { version: draft.version, content: fixture } })
    ).json();
    const pdf = await as(officer, { method: "GET", url: `/api/v1/drafts/${draft.id}/document?format=pdf&lang=ru` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    // Approving needs the version the author saw: without it 400, a stale one 409, and no case either way.
    const without = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/approve`, payload: {} });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe("version");
    const stale = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/approve`, payload: { version: draft.version - 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("version_conflict");
    // Two tabs approving the same version at once open one case, not two.
    const [one, two] = await Promise.all(
      [1, 2].map(() => as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/approve`, payload: { version: draft.version } })),
    );
    expect([one?.statusCode, two?.statusCode].sort()).toEqual([201, 409]);
    const approve = (one?.statusCode === 201 ? one : two) as NonNullable<typeof one>;
    expect(approve.statusCode).toBe(201);
    const outgoing = await t.database.db.selectFrom("case_file").select("id").where("direction", "=", "outgoing").execute();
    expect(outgoing).toHaveLength(1);
    const { caseId, reference } = approve.json();
    expect(reference).toMatch(/^OUT-\d{4}-\d{5}$/);
    const c = (await as(officer, { method: "GET", url: `/api/v1/cases/${caseId}` })).json();
    expect(c).toMatchObject({
      direction: "outgoing",
      state: "draft",
      requesting: "US",
      requested: "RU",
      basisInstrument: "us-ru-mlat-1999",
    });
    expect(c.measures.map((m: { measure: string }) => m.measure)).toEqual(["testimony", "records"]);
    expect(c.offences[0]).toMatchObject({ legalProvision: "18 U.S.C. § 371", iccs: "08" });
    expect(c.persons[0]).toMatchObject({ name: "Witness A", role: "witness" });
    const docs = c.documents.filter((d: { kind: string }) => d.kind === "request");
    expect(docs.map((d: { filename: string }) => d.filename).sort()).toEqual([
      "request-OIA-2018-0713-v1-en.docx",
      "request-OIA-2018-0713-v1-en.pdf",
    ]);
    const download = await as(officer, { method: "GET", url: `/api/v1/cases/${caseId}/documents/${docs[0].id}` });
    expect(download.statusCode).toBe(200);
    expect(download.headers["x-content-sha256"]).toBe(docs[0].sha256);
    const again = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/approve`, payload: { version: draft.version } });
    expect(again.statusCode).toBe(409);
  });

  it("regenerating after an edit adds a new version and keeps the earlier one", async () => {
    const current = (await as(officer, { method: "GET", url: `/api/v1/drafts/${draft.id}` })).json();
    await as(officer, {
      method: "PUT",
      url: `/api/v1/drafts/${draft.id}`,
      payload: { version: current.version, content: { ...fixture, purpose: `${fixture.purpose} Amended.` } },
    });
    const res = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/documents` });
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toBe(2);
    const c = (await as(officer, { method: "GET", url: `/api/v1/cases/${current.caseId}` })).json();
    const names = c.documents.filter((d: { kind: string }) => d.kind === "request").map((d: { filename: string }) => d.filename);
    expect(names).toHaveLength(4);
    expect(names).toContain("request-OIA-2018-0713-v1-en.pdf");
    expect(names).toContain("request-OIA-2018-0713-v2-en.pdf");
    expect((await verifyChain(t.database.db)).ok).toBe(true);
  });

  it("the supervisor cannot approve the case while its draft lacks what the basis requires (UNTOC art. 18(15))", async () => {
    const current = (await as(officer, { method: "GET", url: `/api/v1/drafts/${draft.id}` })).json();
    const save = (content: Record<string, unknown>, version: number) =>
      as(officer, { method: "PUT", url: `/api/v1/drafts/${draft.id}`, payload: { version, content } });
    const emptied = (await save({ ...fixture, facts: "" }, current.version)).json();
    const c = (await as(supervisor, { method: "GET", url: `/api/v1/cases/${current.caseId}` })).json();
    const refused = await as(supervisor, {
      method: "POST",
      url: `/api/v1/cases/${current.caseId}/transitions`,
      payload: { action: "approve", version: c.version },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: "draft_incomplete" });
    // UNTOC art. 18(15)(c): the summary of the facts, required except for requests for service alone.
    expect(refused.json().message).toContain("A summary of the facts (UNTOC, Art. 18(15)(c))");
    await save(fixture, emptied.version);
    const approved = await as(supervisor, {
      method: "POST",
      url: `/api/v1/cases/${current.caseId}/transitions`,
      payload: { action: "approve", version: c.version },
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().state).toBe("approved");
  });

  it("deletes a draft only at the version its author saw (400 without, 409 when saved elsewhere since)", async () => {
    const created = (await as(officer, { method: "POST", url: "/api/v1/drafts", payload: { title: "To delete" } })).json();
    const without = await as(officer, { method: "DELETE", url: `/api/v1/drafts/${created.id}` });
    expect(without.statusCode).toBe(400);
    expect(without.json().field).toBe("version");
    const saved = (
      await as(officer, { method: "PUT", url: `/api/v1/drafts/${created.id}`, payload: { version: created.version, content: fixture } })
    ).json();
    const stale = await as(officer, { method: "DELETE", url: `/api/v1/drafts/${created.id}?version=${created.version}` });
    expect(stale.statusCode).toBe(409);
    expect((await as(officer, { method: "GET", url: `/api/v1/drafts/${created.id}` })).statusCode).toBe(200);
    const gone = await as(officer, { method: "DELETE", url: `/api/v1/drafts/${created.id}?version=${saved.version}` });
    expect(gone.statusCode).toBe(204);
  });

  it("duplicates as a template without the case or the reference", async () => {
    const res = await as(officer, { method: "POST", url: `/api/v1/drafts/${draft.id}/duplicate` });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ caseId: null, title: "Copy of US request to Russia: servers" });
    expect(res.json().content.ourReference).toBe("");
    expect(res.json().content.facts).toBe(fixture.facts);
  });
});
