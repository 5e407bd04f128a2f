/**
 * No personal data or secrets in the server log: a sign-in (failed and successful), a case opened and
 * read, and an API token used, with the logger at its most verbose level; then the log is searched.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PASSWORD, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";

let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  t = await startTestApp({ webDir: "/nonexistent", logger: { level: "trace", stream } });
});
afterAll(async () => t?.close());

it("logs requests without emails, passwords, tokens, cookies, addresses or query strings", async () => {
  const orgs = await createOrganisations(t.ctx);
  const officer = await createReadyUser(t.ctx, { email: "secret.officer@ca.test", role: "officer", organisationId: orgs.central });
  await t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: officer.email, password: "a wrong guess 123" } });
  const b = await signIn(t.app, t.clock, officer);
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
    payload: { direction: "incoming", title: "Operation Nightjar", requesting: "RU", requested: "GB", confidentiality: "confidential" },
  });
  expect(created.statusCode).toBe(201);
  await t.app.inject({ url: "/api/v1/cases?q=Nightjar", headers: { cookie: b.cookie } });
  const log = lines.join("");
  expect(log.length).toBeGreaterThan(0);
  for (const secret of [officer.email, PASSWORD, "a wrong guess", b.cookie.split("=")[1] ?? "x", b.csrf, "Nightjar", "127.0.0.1"])
    expect(log, `log contains ${secret}`).not.toContain(secret);
});
