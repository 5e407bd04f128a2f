/**
 * No personal data or secrets in the server log: a sign-in (failed and successful), a case opened and
 * read, and an API token used, with the logger at its most verbose level; then the log is searched.
 * Then database errors (issue 12, defect 6): PGlite attaches the statement and its parameters to its
 * errors and both databases quote values in messages and details, so errors raised by real queries
 * with personal data in their parameters must reach neither the log nor the client.
 */
import { Writable } from "node:stream";
import { sql } from "kysely";
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
  // Routes of this test only, on the real app and database, that run a query failing in the database
  // with personal data as its parameters and let the error reach the application's error handler.
  const fail = (path: string, query: () => Promise<unknown>) =>
    t.app.post(`/api/v1/test-only/${path}`, { config: { access: { public: true } } }, async () => {
      await query();
      return { ok: true };
    });
  const db = t.ctx.db;
  fail("unique", async () => {
    const existing = await db.selectFrom("organisation").select("id").executeTakeFirstOrThrow();
    await sql`insert into organisation (id, name, kind) values (${existing.id}, ${PERSONAL.title}, 'central_authority')`.execute(db);
  });
  fail("cast", () => sql`select ${PERSONAL.email}::uuid`.execute(db));
  fail("check", () => sql`insert into organisation (name, kind) values (${PERSONAL.name}, ${PERSONAL.tokenHash})`.execute(db));
  fail("unknown", () => sql`select * from no_such_table where note = ${PERSONAL.draft}`.execute(db));
  fail("transaction", () =>
    db.transaction().execute(async (trx) => {
      await sql`select ${PERSONAL.name}::text`.execute(trx);
      await sql`select ${PERSONAL.email}::date`.execute(trx);
    }),
  );
});

/** Personal data of the kinds the issue found in the log: a case title, a name, an e-mail, a token hash, draft content. */
const PERSONAL = {
  title: "Operation Kestrel against Ivana Petrova",
  name: "Dmitri Alexandrovich Sokolov",
  email: "tried.at.signin@private.test",
  tokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  draft: "The witness Olga Ivanova saw the transfer on 3 March",
};
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

it("logs database errors on every path without their parameters, statement or values (issue 12, defect 6)", async () => {
  await createOrganisations(t.ctx).catch(() => undefined);
  const from = lines.length;
  const answers: Record<string, { status: number; body: string }> = {};
  for (const path of ["unique", "cast", "check", "unknown", "transaction"]) {
    const r = await t.app.inject({ method: "POST", url: `/api/v1/test-only/${path}` });
    answers[path] = { status: r.statusCode, body: r.body };
  }
  // Each failure answers with a stable code and the database's words never reach the client.
  expect(answers.unique?.status).toBe(409);
  expect(JSON.parse(answers.unique?.body ?? "{}").error).toBe("already_exists");
  expect(answers.cast?.status).toBe(400);
  expect(answers.check?.status).toBe(400);
  expect(answers.unknown?.status).toBe(500);
  expect(answers.transaction?.status).toBe(400);
  for (const a of Object.values(answers)) expect(a.body).not.toMatch(/duplicate key|invalid input|violates|relation|no_such_table|syntax/);

  // Logged on the dialect's path too: an error straight from a query, written by the app's logger.
  const direct = await sql`select ${PERSONAL.email}::uuid`.execute(t.ctx.db).catch((e: unknown) => e);
  expect(direct).toBeInstanceOf(Error);
  expect(Object.keys(direct as object)).not.toContain("params");
  t.app.log.error({ err: direct }, "direct database error");
  const raw = Object.assign(new Error("invalid input syntax for type uuid"), {
    code: "22P02",
    severity: "ERROR",
    query: `select '${PERSONAL.email}'::uuid`,
    params: [PERSONAL.email, PERSONAL.name],
    detail: `Key (email)=(${PERSONAL.email}) already exists.`,
  });
  t.app.log.error({ err: raw }, "error shaped like PGlite's");

  const log = lines.slice(from).join("");
  // The errors were logged (by SQLSTATE code), and none of the data was.
  for (const code of ["23505", "22P02", "23514", "42P01"]) expect(log).toContain(code);
  for (const secret of [...Object.values(PERSONAL), "Kestrel", "Sokolov", "private.test", "Olga Ivanova"])
    expect(log, `log contains ${secret}`).not.toContain(secret);
  expect(log).not.toMatch(/"params"|"query"|"detail"/);
});
