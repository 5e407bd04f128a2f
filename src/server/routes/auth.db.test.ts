/**
 * Sign-in and sessions, tried the way an attacker would: wrong passwords and codes until lockout,
 * brute force against the rate limit, planted session tokens, missing or forged CSRF tokens, idle and
 * absolute expiry, sign-out everywhere. On PGlite here and on PostgreSQL in CI.
 */
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdministrator } from "../../accounts/bootstrapper.js";
import { totpCode } from "../../security/totp.js";
import { PASSWORD, type TestUser, createOrganisations, createReadyUser, sessionCookieOf, signIn } from "../../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../../test/support/app.js";

let t: TestApp;
let officer: TestUser;
let orgs: Awaited<ReturnType<typeof createOrganisations>>;
let first: Awaited<ReturnType<typeof ensureFirstAdministrator>>;

beforeAll(async () => {
  t = await startTestApp();
  first = await ensureFirstAdministrator(t.ctx, { organisationName: "Central Authority (first start)", email: "root@ca.test" });
  orgs = await createOrganisations(t.ctx);
  officer = await createReadyUser(t.ctx, { email: "officer@ca.test", role: "officer", organisationId: orgs.central });
});
afterAll(async () => t?.close());

const inject = (opts: InjectOptions | string) => t.app.inject(opts);

describe("first start", () => {
  it("creates one administrator with a one-time password, who must change it and enrol a second factor before anything else", async () => {
    expect(first?.oneTimePassword).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    // A second start creates nobody.
    expect(await ensureFirstAdministrator(t.ctx, { organisationName: "x", email: "other@ca.test" })).toBeNull();

    const res = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "root@ca.test", password: first?.oneTimePassword },
    });
    expect(res.statusCode).toBe(200);
    let cookie = sessionCookieOf(res) ?? "";
    let state = res.json();
    expect(state.stage).toBe("password");
    // Nothing else is open at this stage.
    expect((await inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13", headers: { cookie } })).statusCode).toBe(403);
    expect((await inject({ url: "/api/v1/users", headers: { cookie } })).json().error).toBe("stage_password");

    const weak = await inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers: { cookie, "x-csrf-token": state.csrfToken },
      payload: { current: first?.oneTimePassword, next: "short" },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ error: "weak_password", field: "next" });

    const changed = await inject({
      method: "POST",
      url: "/api/v1/account/password",
      headers: { cookie, "x-csrf-token": state.csrfToken },
      payload: { current: first?.oneTimePassword, next: "a much longer passphrase 42" },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().stage).toBe("enrol");
    const oldCookie = cookie;
    cookie = sessionCookieOf(changed) ?? "";
    expect(cookie).not.toBe(oldCookie);
    expect((await inject({ url: "/api/v1/auth/session", headers: { cookie: oldCookie } })).json().signedIn).toBe(false);
    state = changed.json();

    const setup = await inject({ method: "POST", url: "/api/v1/account/totp/setup", headers: { cookie, "x-csrf-token": state.csrfToken } });
    expect(setup.statusCode).toBe(200);
    const { secret, uri, qrSvg } = setup.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Rogatory:root%40ca\.test\?/);
    expect(qrSvg).toContain("<svg");
    const wrong = await inject({
      method: "POST",
      url: "/api/v1/account/totp/confirm",
      headers: { cookie, "x-csrf-token": state.csrfToken },
      payload: { code: "000000" },
    });
    expect(wrong.statusCode).toBe(400);
    const confirmed = await inject({
      method: "POST",
      url: "/api/v1/account/totp/confirm",
      headers: { cookie, "x-csrf-token": state.csrfToken },
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().stage).toBe("full");
    cookie = sessionCookieOf(confirmed) ?? "";
    expect((await inject({ url: "/api/v1/users", headers: { cookie } })).statusCode).toBe(200);

    // Next sign-in asks for the second factor, and the code just used cannot be replayed.
    const again = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "root@ca.test", password: "a much longer passphrase 42" },
    });
    expect(again.json().stage).toBe("totp");
    const pending = sessionCookieOf(again) ?? "";
    const replay = await inject({
      method: "POST",
      url: "/api/v1/auth/totp",
      headers: { cookie: pending, "x-csrf-token": again.json().csrfToken },
      payload: { code: totpCode(secret, t.clock.now()) },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe("invalid_code");
  });
});

describe("attacks on sign-in", () => {
  it("locks an account after 5 wrong passwords, even against the right one, and backs off", async () => {
    const victim = await createReadyUser(t.ctx, { email: "victim@ca.test", role: "officer", organisationId: orgs.central });
    for (let i = 1; i <= 4; i++) {
      const r = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: victim.email, password: `guess ${i}` } });
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({
        error: "invalid_credentials",
        message: "Wrong email or password.",
        words: [{ key: "errors:server.wrongCredentials" }],
      });
    }
    const fifth = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: victim.email, password: "guess 5" } });
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error).toBe("account_locked");
    expect(Number(fifth.headers["retry-after"])).toBe(15 * 60);
    const right = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: victim.email, password: PASSWORD } });
    expect(right.statusCode).toBe(429);
    t.clock.advance(15 * 60_000 + 1000);
    // One more failure after the lock doubles it (back-off).
    const sixth = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: victim.email, password: "guess 6" } });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers["retry-after"])).toBe(30 * 60);
    t.clock.advance(30 * 60_000 + 1000);
    await expect(signIn(t.app, t.clock, victim)).resolves.toMatchObject({ stage: "full" });
    const events = await t.ctx.db.selectFrom("audit_event").select("action").where("object_id", "=", victim.id).execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["session.sign_in_failed", "user.locked", "session.sign_in"]));
  });

  it("counts wrong second-factor codes toward the lockout and ends the half-finished sign-in", async () => {
    const u = await createReadyUser(t.ctx, { email: "codes@ca.test", role: "supervisor", organisationId: orgs.central });
    const r = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: u.email, password: PASSWORD } });
    const cookie = sessionCookieOf(r) ?? "";
    const csrf = r.json().csrfToken;
    let last = 0;
    for (let i = 0; i < 5; i++) {
      const res = await inject({
        method: "POST",
        url: "/api/v1/auth/totp",
        headers: { cookie, "x-csrf-token": csrf },
        payload: { code: String(100000 + i) },
      });
      last = res.statusCode;
    }
    expect(last).toBe(429);
    const after = await inject({
      method: "POST",
      url: "/api/v1/auth/totp",
      headers: { cookie, "x-csrf-token": csrf },
      payload: { code: "123456" },
    });
    expect(after.statusCode).toBe(401);
  });

  it("does not reveal whether an email exists", async () => {
    const unknown = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      payload: { email: "nobody@ca.test", password: "whatever" },
    });
    const wrong = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: officer.email, password: "whatever" } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });
});

describe("sessions", () => {
  it("ignores a session token planted before sign-in (fixation) and replaces the token at every step up", async () => {
    const planted = "rogatory_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const before = await inject({ url: "/api/v1/auth/session", headers: { cookie: planted } });
    expect(before.json().signedIn).toBe(false);
    const r = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { cookie: planted },
      payload: { email: officer.email, password: PASSWORD },
    });
    const pending = sessionCookieOf(r) ?? "";
    expect(pending).not.toBe(planted);
    t.clock.advance(30_000);
    const done = await inject({
      method: "POST",
      url: "/api/v1/auth/totp",
      headers: { cookie: pending, "x-csrf-token": r.json().csrfToken },
      payload: { code: totpCode(officer.totpSecret ?? "", t.clock.now()) },
    });
    const full = sessionCookieOf(done) ?? "";
    expect(full).not.toBe(pending);
    expect((await inject({ url: "/api/v1/auth/session", headers: { cookie: pending } })).json().signedIn).toBe(false);
    expect((await inject({ url: "/api/v1/auth/session", headers: { cookie: full } })).json().stage).toBe("full");
  });

  it("sets the cookie httpOnly and SameSite=Strict", async () => {
    const r = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: officer.email, password: PASSWORD } });
    const c = r.cookies.find((x) => x.name === "rogatory_session");
    expect(c).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
  });

  it("ends after 30 idle minutes and after 12 hours whatever the activity", async () => {
    const b = await signIn(t.app, t.clock, officer);
    t.clock.advance(29 * 60_000);
    expect((await inject({ url: "/api/v1/cases", headers: { cookie: b.cookie } })).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const idle = await inject({ url: "/api/v1/cases", headers: { cookie: b.cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error).toBe("session_idle");

    const c = await signIn(t.app, t.clock, officer);
    for (let i = 0; i < 30; i++) {
      t.clock.advance(25 * 60_000);
      await inject({ url: "/api/v1/cases", headers: { cookie: c.cookie } });
    }
    const expired = await inject({ url: "/api/v1/cases", headers: { cookie: c.cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error).toBe("session_expired");
  });

  it("signs out everywhere: every session of the user ends", async () => {
    const a = await signIn(t.app, t.clock, officer);
    const b = await signIn(t.app, t.clock, officer);
    const r = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-out-everywhere",
      headers: { cookie: a.cookie, "x-csrf-token": a.csrf },
    });
    expect(r.statusCode).toBe(200);
    for (const s of [a, b]) expect((await inject({ url: "/api/v1/cases", headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });
});

describe("CSRF", () => {
  const newCase = { direction: "outgoing", title: "CSRF probe", requesting: "GB", requested: "RU", confidentiality: "normal" };

  it("refuses state-changing requests without the token, with a wrong one, or from another origin, and changes nothing", async () => {
    const b = await signIn(t.app, t.clock, officer);
    const count = async () => (await inject({ url: "/api/v1/cases/count", headers: { cookie: b.cookie } })).json().total as number;
    const before = await count();
    const attempts = [
      { cookie: b.cookie },
      { cookie: b.cookie, "x-csrf-token": "forged-token-forged-token" },
      { cookie: b.cookie, "x-csrf-token": b.csrf, origin: "https://evil.example" },
    ];
    for (const headers of attempts) {
      const r = await inject({ method: "POST", url: "/api/v1/cases", headers, payload: newCase });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toBe("csrf_failed");
    }
    expect(await count()).toBe(before);
    const ok = await inject({
      method: "POST",
      url: "/api/v1/cases",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf, origin: "http://localhost:80" },
      payload: newCase,
    });
    expect(ok.statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it("refuses a cross-site sign-in (login CSRF)", async () => {
    const r = await inject({
      method: "POST",
      url: "/api/v1/auth/sign-in",
      headers: { origin: "https://evil.example" },
      payload: { email: officer.email, password: PASSWORD },
    });
    expect(r.statusCode).toBe(403);
  });
});

describe("API tokens", () => {
  it("act as their owner narrowed to their scopes, and stop working when revoked", async () => {
    const b = await signIn(t.app, t.clock, officer);
    const created = await inject({
      method: "POST",
      url: "/api/v1/account/tokens",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
      payload: { name: "case system", scopes: ["law:read"] },
    });
    expect(created.statusCode).toBe(201);
    const { token, view } = created.json();
    expect(token).toMatch(/^rog_/);
    const stored = await t.ctx.db.selectFrom("api_token").selectAll().where("id", "=", view.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(4));
    const auth = { authorization: `Bearer ${token}` };
    expect((await inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13", headers: auth })).statusCode).toBe(200);
    expect((await inject({ url: "/api/v1/cases", headers: auth })).statusCode).toBe(403);
    expect((await inject({ url: "/api/v1/account/tokens", headers: auth })).statusCode).toBe(403);
    const bad = await inject({
      method: "POST",
      url: "/api/v1/account/tokens",
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
      payload: { name: "x1", scopes: ["everything"] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe("scopes");
    const revoked = await inject({
      method: "DELETE",
      url: `/api/v1/account/tokens/${view.id}`,
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf },
    });
    expect(revoked.statusCode).toBe(200);
    const after = await inject({ url: "/api/v1/basis?from=US&to=RU&on=2018-07-13", headers: auth });
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe("invalid_token");
  });
});

describe("hardening", () => {
  it("sends security headers and refuses oversized bodies", async () => {
    const r = await inject({ url: "/api/health" });
    expect(r.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(r.headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(r.headers["x-frame-options"]).toBe("DENY");
    expect(r.headers["strict-transport-security"]).toBeUndefined();
    const big = await inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: "a@b.c", password: "x".repeat(300_000) } });
    expect(big.statusCode).toBe(413);
  });
});
