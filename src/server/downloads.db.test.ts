/**
 * Documents named in any script download under their own name (issue 12, defect 2): the name travels
 * in RFC 6266 / RFC 5987 `filename*`, the bytes and their SHA-256 come back unchanged, and an error in
 * writing a header never shows Node's internal code or message to the client.
 */
import { createHash, randomBytes } from "node:crypto";
import contentDisposition from "content-disposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";

let t: TestApp;
let b: Browser;
let caseId: string;
/** The case's version as last read: each upload sends it and gets the next one back. */
let caseVersion: number;
beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  const officer = await createReadyUser(t.ctx, { email: "names.officer@ca.test", role: "officer", organisationId: orgs.central });
  b = await signIn(t.app, t.clock, officer);
  const c = await t.app.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
    payload: { direction: "incoming", title: "Names in every script", requesting: "RU", requested: "GB", confidentiality: "normal" },
  });
  expect(c.statusCode).toBe(201);
  caseId = c.json().id;
  caseVersion = c.json().version;
});
afterAll(async () => t?.close());

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("document names in any script", () => {
  it.each([
    "Протокол допроса.pdf",
    "محضر.pdf",
    "证据清单.pdf",
    'Statement "A"; annex 2.pdf',
    "Ἀπόφασις — 100%.pdf",
  ])("uploads and downloads %s with identical bytes, SHA-256 and name", async (filename) => {
    const bytes = randomBytes(4096);
    const headers = { cookie: b.cookie, "x-csrf-token": b.csrf };
    const up = await t.app.inject({
      method: "POST",
      url: `/api/v1/cases/${caseId}/documents`,
      headers,
      payload: {
        version: caseVersion,
        kind: "evidence",
        filename,
        contentType: "application/pdf",
        contentBase64: bytes.toString("base64"),
      },
    });
    expect(up.statusCode, up.body).toBe(201);
    caseVersion = up.json().caseVersion;
    expect(up.json()).toMatchObject({ filename, sha256: sha256(bytes) });
    const down = await t.app.inject({ url: `/api/v1/cases/${caseId}/documents/${up.json().id}`, headers });
    expect(down.statusCode, down.body).toBe(200);
    expect(Buffer.compare(down.rawPayload, bytes)).toBe(0);
    expect(sha256(down.rawPayload)).toBe(sha256(bytes));
    expect(down.headers["x-content-sha256"]).toBe(sha256(bytes));
    const header = String(down.headers["content-disposition"]);
    // Headers are Latin-1: the name is carried percent-encoded, never as raw UTF-8.
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    const parsed = contentDisposition.parse(header);
    expect(parsed.type).toBe("attachment");
    expect(parsed.parameters.filename).toBe(filename);
  });

  it("names the case bundle and the CSV export in a header that parses back", async () => {
    const headers = { cookie: b.cookie };
    const bundle = await t.app.inject({ url: `/api/v1/cases/${caseId}/bundle`, headers });
    expect(bundle.statusCode).toBe(200);
    expect(contentDisposition.parse(String(bundle.headers["content-disposition"])).parameters.filename).toBe(
      `${bundle.json().case.reference}.json`,
    );
    const csv = await t.app.inject({ url: "/api/v1/cases/export", headers });
    expect(contentDisposition.parse(String(csv.headers["content-disposition"])).parameters.filename).toBe("cases.csv");
  });
});
