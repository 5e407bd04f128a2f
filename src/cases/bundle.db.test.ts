/**
 * Importing case bundles (issue 12, defect 7): a bundle imported a second time answers 409
 * already_imported, also when two imports of it race; a bundle whose dates lie outside the accepted
 * range is refused naming the date; neither writes anything.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { canonicalJson } from "../audit/trail.js";

let t: TestApp;
let b: Browser;
beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent" });
  const orgs = await createOrganisations(t.ctx);
  const officer = await createReadyUser(t.ctx, { email: "bundle.officer@ca.test", role: "officer", organisationId: orgs.central });
  b = await signIn(t.app, t.clock, officer);
});
afterAll(async () => t?.close());

const as = (opts: { method?: "GET" | "POST"; url: string; payload?: object }) =>
  t.app.inject({ ...opts, headers: { cookie: b.cookie, "x-csrf-token": b.csrf } });

async function exported(title: string) {
  const c = await as({
    method: "POST",
    url: "/api/v1/cases",
    payload: { direction: "incoming", title, requesting: "US", requested: "RU", confidentiality: "normal", requestDate: "2019-03-01" },
  });
  expect(c.statusCode).toBe(201);
  const bundle = await as({ url: `/api/v1/cases/${c.json().id}/bundle` });
  expect(bundle.statusCode).toBe(200);
  return bundle.json() as Record<string, unknown> & { digest: string; case: Record<string, unknown> };
}

const cases = async () => (await t.ctx.db.selectFrom("case_file").select("id").execute()).length;

describe("case bundles imported twice", () => {
  it("answers 409 already_imported the second time, naming the case it became, and writes nothing", async () => {
    const bundle = await exported("Imported once only");
    const first = await as({ method: "POST", url: "/api/v1/cases/import", payload: bundle });
    expect(first.statusCode).toBe(201);
    const before = await cases();
    const again = await as({ method: "POST", url: "/api/v1/cases/import", payload: bundle });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: "already_imported", field: "bundle" });
    expect(again.json().message).toContain(first.json().reference);
    expect(await cases()).toBe(before);
  });

  it("answers one of two simultaneous imports 201 and the other 409, creating one case", async () => {
    const bundle = await exported("Imported twice at once");
    const before = await cases();
    const answers = await Promise.all([1, 2].map(() => as({ method: "POST", url: "/api/v1/cases/import", payload: bundle })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)?.json().error).toBe("already_imported");
    expect(await cases()).toBe(before + 1);
  });

  it("refuses a bundle with a date outside 1900-01-01 … 2199-12-31, naming it", async () => {
    const { digest: _old, ...body } = await exported("Dated at the end of time");
    const altered = { ...body, case: { ...body.case, received_on: "9999-12-31" } };
    const digest = createHash("sha256").update(canonicalJson(altered)).digest("hex");
    const before = await cases();
    const r = await as({ method: "POST", url: "/api/v1/cases/import", payload: { ...altered, digest } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: "invalid_date", field: "case.received_on" });
    expect(r.json().message).toMatch(/31 December 9999 is after 31 December 2199/);
    expect(await cases()).toBe(before);
  });

  it("refuses a format of white space and control characters naming it, not with a 500 (the fuzz test's seed 511943191)", async () => {
    // The format was trimmed on one side of the body's schema and not on the other, and zod could not
    // join the two: the route answered 500. A format is an exact name, now checked untrimmed.
    const before = await cases();
    const post = (format: string) => as({ method: "POST", url: "/api/v1/cases/import", payload: { format, extra: -1 } });
    const control = await post("\f\n");
    expect(control.statusCode, control.body).toBe(400);
    expect(control.json()).toMatchObject({ error: "invalid_text", field: "format" });
    const spaced = await post(" rogatory-case/1 ");
    expect(spaced.statusCode, spaced.body).toBe(422);
    expect(spaced.json()).toMatchObject({ error: "bundle_invalid", field: "bundle" });
    expect(await cases()).toBe(before);
  });
});

describe("case bundles with documents kept in chunks", () => {
  it("carry a large document's bytes (read back from its chunks) and import it with the same SHA-256", async () => {
    const c = await as({
      method: "POST",
      url: "/api/v1/cases",
      payload: { direction: "incoming", title: "With large evidence", requesting: "US", requested: "RU", confidentiality: "normal" },
    });
    expect(c.statusCode).toBe(201);
    // 9 MiB + 1 byte: more than one 8 MiB chunk, sent as a raw body to the large-document route.
    const bytes = Buffer.alloc(9 * 1024 * 1024 + 1, 0x5a);
    bytes.write("Протокол допроса", 0, "utf8");
    const sha = createHash("sha256").update(bytes).digest("hex");
    const put = await t.app.inject({
      method: "PUT",
      url: `/api/v1/cases/${c.json().id}/documents?version=${c.json().version}&kind=evidence&filename=${encodeURIComponent("Протокол.bin")}&contentType=application%2Foctet-stream`,
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf, "content-type": "application/octet-stream" },
      payload: bytes,
    });
    expect(put.statusCode).toBe(201);
    const bundle = await as({ url: `/api/v1/cases/${c.json().id}/bundle` });
    expect(bundle.statusCode).toBe(200);
    const doc = (bundle.json().documents as { filename: string; sha256: string; contentBase64: string }[]).find(
      (d) => d.filename === "Протокол.bin",
    );
    expect(doc?.sha256).toBe(sha);
    expect(
      createHash("sha256")
        .update(Buffer.from(doc?.contentBase64 ?? "", "base64"))
        .digest("hex"),
    ).toBe(sha);
    const imported = await as({ method: "POST", url: "/api/v1/cases/import", payload: bundle.json() });
    expect(imported.statusCode).toBe(201);
    const stored = await t.ctx.db
      .selectFrom("case_document")
      .select(["sha256", "size"])
      .where("case_id", "=", imported.json().id)
      .where("filename", "=", "Протокол.bin")
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ sha256: sha, size: bytes.length });
  });
});
