/**
 * The law open to read (ROGATORY_PUBLIC_LAW): anonymous law reads answer, are limited per address
 * with a limit of their own, leave no trace (no session, no audit event), and open nothing else.
 * Each setting needs its own application instance.
 */
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountsContext, DEFAULT_SECURITY } from "../accounts/context.js";
import { PASSWORD, createOrganisations, createReadyUser, sessionCookieOf, signIn } from "../../test/support/accounts.js";
import { startTestApp, type TestApp } from "../../test/support/app.js";
import { installSecurity } from "./security.js";

const BASIS = "/api/v1/basis?from=US&to=RU&on=2018-07-13&measure=testimony";
const PER_MINUTE = 5;

async function counts(t: TestApp) {
  const audit = await t.ctx.db
    .selectFrom("audit_event")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const sessions = await t.ctx.db
    .selectFrom("user_session")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return { audit: Number(audit.n), sessions: Number(sessions.n) };
}

describe("with ROGATORY_PUBLIC_LAW=true", () => {
  let t: TestApp;
  let orgs: Awaited<ReturnType<typeof createOrganisations>>;
  beforeAll(async () => {
    t = await startTestApp({ security: { publicLaw: true, publicLawPerMinute: PER_MINUTE } });
    orgs = await createOrganisations(t.ctx);
  });
  afterAll(async () => t?.close());

  it("answers a basis without sign-in (US → RU on 2018-07-13: the US–Russia treaty first), writing no session and no audit event", async () => {
    const before = await counts(t);
    const r = await t.app.inject({ url: BASIS, remoteAddress: "198.51.100.1" });
    expect(r.statusCode).toBe(200);
    expect((r.json() as { bases: { instrument: string }[] }).bases[0]?.instrument).toBe("us-ru-mlat-1999");
    expect(r.cookies).toEqual([]);
    expect(await counts(t)).toEqual(before);
  });

  it("says so in the session state the web app reads", async () => {
    const r = await t.app.inject({ url: "/api/v1/auth/session" });
    expect(r.json()).toMatchObject({ signedIn: false, publicLaw: true });
  });

  it(`refuses the ${PER_MINUTE + 1}th anonymous read in a minute from one address with 429 rate_limited`, async () => {
    const ip = "198.51.100.2";
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++)
      statuses.push((await t.app.inject({ url: "/api/v1/jurisdictions", remoteAddress: ip })).statusCode);
    expect(statuses).toEqual(Array(PER_MINUTE).fill(200));
    const over = await t.app.inject({ url: "/api/v1/instruments", remoteAddress: ip });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ error: "rate_limited" });
    expect((over.json() as { message: string }).message).toContain(`at most ${PER_MINUTE} a minute`);
    // Another address has its own allowance.
    expect((await t.app.inject({ url: "/api/v1/instruments", remoteAddress: "198.51.100.3" })).statusCode).toBe(200);
  });

  it("keys anonymous reads on the address: a new made-up cookie on each request does not escape the limit", async () => {
    const ip = "198.51.100.4";
    for (let i = 0; i < PER_MINUTE; i++) {
      const r = await t.app.inject({
        url: "/api/v1/classifications",
        remoteAddress: ip,
        headers: { cookie: `rogatory_session=forged${i}` },
      });
      expect(r.statusCode).toBe(200);
    }
    const r = await t.app.inject({
      url: "/api/v1/classifications",
      remoteAddress: ip,
      headers: { cookie: "rogatory_session=forged-again" },
    });
    expect(r.statusCode).toBe(429);
  });

  it("answers a request with an ended or unknown session cookie as anonymous, the same answer as without it", async () => {
    const ip = "198.51.100.5";
    const plain = await t.app.inject({ url: "/api/v1/instruments/cets-030", remoteAddress: ip });
    const stale = await t.app.inject({
      url: "/api/v1/instruments/cets-030",
      remoteAddress: ip,
      headers: { cookie: "rogatory_session=0123456789abcdef" },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(plain.body);
  });

  it("answers a caller whose sign-in is not finished (second factor pending) as anonymous, not as the user", async () => {
    const u = await createReadyUser(t.ctx, { email: "halfway@public.test", role: "officer", organisationId: orgs.central, totp: true });
    const res = await t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: u.email, password: PASSWORD } });
    const cookie = sessionCookieOf(res) ?? "";
    expect(res.json()).toMatchObject({ stage: "totp" });
    const before = await counts(t);
    const law = await t.app.inject({ url: BASIS, remoteAddress: "198.51.100.9", headers: { cookie } });
    expect(law.statusCode).toBe(200);
    expect(await counts(t)).toEqual(before);
    // The rest of the workbench still asks for the second factor first.
    expect((await t.app.inject({ url: "/api/v1/cases", headers: { cookie } })).statusCode).toBe(403);
  });

  it("still refuses an API token that fails (401 invalid_token), so its owner learns it no longer works", async () => {
    const r = await t.app.inject({
      url: "/api/v1/instruments",
      remoteAddress: "198.51.100.6",
      headers: { authorization: "Bearer rog_unknown" },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: "invalid_token" });
  });

  it("opens nothing else: cases, drafts, users, audit and the account stay 401 for anonymous callers", async () => {
    for (const url of ["/api/v1/cases", "/api/v1/drafts", "/api/v1/users", "/api/v1/audit", "/api/v1/account", "/api/v1/queue"]) {
      const r = await t.app.inject({ url, remoteAddress: "198.51.100.7" });
      expect(r.statusCode, url).toBe(401);
    }
  });

  it("keeps a signed-in user on their own limit and identity: law reads beyond the anonymous limit still answer", async () => {
    const u = await createReadyUser(t.ctx, { email: "reader@public.test", role: "auditor", organisationId: orgs.central, totp: false });
    const s = await signIn(t.app, t.clock, u);
    const ip = "198.51.100.8";
    for (let i = 0; i < PER_MINUTE + 3; i++) {
      const r = await t.app.inject({ url: "/api/v1/jurisdictions", remoteAddress: ip, headers: { cookie: s.cookie } });
      expect(r.statusCode).toBe(200);
    }
    // The same address without the cookie has its anonymous allowance untouched.
    expect((await t.app.inject({ url: "/api/v1/jurisdictions", remoteAddress: ip })).statusCode).toBe(200);
    const session = await t.app.inject({ url: "/api/v1/auth/session", headers: { cookie: s.cookie } });
    expect(session.json()).toMatchObject({ signedIn: true, publicLaw: true });
  });
});

describe("with ROGATORY_PUBLIC_LAW=false (the default)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it("asks anonymous callers of the law to sign in (401), and says the law is not public", async () => {
    for (const url of [BASIS, "/api/v1/instruments", "/api/v1/knowledge", "/api/v1/provisions/cets-030:art-2-b"])
      expect((await t.app.inject({ url })).statusCode, url).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/auth/session" })).json()).toMatchObject({ signedIn: false, publicLaw: false });
  });
});

describe("declaring a public route", () => {
  const ctx = { settings: { ...DEFAULT_SECURITY, publicLaw: true } } as unknown as AccountsContext;

  it("refuses to register a route that a public setting would open to anything but reading the law", async () => {
    const app = Fastify();
    installSecurity(app, ctx);
    expect(() =>
      app.get("/api/v1/cases-open", { config: { access: { action: "cases:list", publicWhen: "publicLaw" } } }, async () => []),
    ).toThrow(/cases:list cannot be opened by publicLaw/);
    await app.close();
  });

  it("refuses a state-changing law route opened to the public", async () => {
    const app = Fastify();
    installSecurity(app, ctx);
    expect(() =>
      app.post("/api/v1/law-write", { config: { access: { action: "law:read", publicWhen: "publicLaw" } } }, async () => ({})),
    ).toThrow(/cannot be opened/);
    await app.close();
  });
});
