/**
 * The API rate limit (issue 12, defect 4 and §2): keyed on the session or token only once the server
 * accepted it, on the address otherwise — so a made-up cookie or bearer on every request neither
 * escapes the limit nor gets a fresh allowance — and counted in the database, so that every instance
 * on it counts the same requests.
 */
import { randomBytes } from "node:crypto";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Browser, createOrganisations, createReadyUser, signIn } from "../../test/support/accounts.js";
import { type TestApp, startTestApp } from "../../test/support/app.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { buildApp } from "./app.js";

const LIMIT = 12;
let t: TestApp;
let officer: Browser;

beforeAll(async () => {
  t = await startTestApp({ webDir: "/nonexistent", security: { apiPerMinute: LIMIT } });
  const orgs = await createOrganisations(t.ctx);
  const u = await createReadyUser(t.ctx, { email: "officer@limits.test", role: "officer", organisationId: orgs.central });
  // Signed in from an address of its own: sign-in requests count too.
  officer = await signIn(t.app, t.clock, u);
});
afterAll(async () => t?.close());

const random = () => randomBytes(16).toString("hex");
const from = (remoteAddress: string, opts: InjectOptions) => t.app.inject({ ...opts, remoteAddress } as InjectOptions);

describe("API rate limit keyed on the accepted identity, else the address", () => {
  it("counts requests with a random cookie or a random bearer each time against the address: 429 after the limit", async () => {
    const ip = "203.0.113.10";
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++) {
      const headers = i % 2 === 0 ? { cookie: `rogatory_session=${random()}` } : { authorization: `Bearer rog_${random()}${random()}` };
      statuses.push((await from(ip, { method: "GET", url: "/api/v1/cases", headers })).statusCode);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429, 429]);
    const over = await from(ip, { method: "GET", url: "/api/v1/cases", headers: { cookie: `rogatory_session=${random()}` } });
    expect(over.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    // Another address has its own allowance.
    expect((await from("203.0.113.11", { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(401);
  });

  it("counts requests without any credential against the address too (401s are not free)", async () => {
    const ip = "203.0.113.12";
    for (let i = 0; i < LIMIT; i++) expect((await from(ip, { method: "POST", url: "/api/v1/cases", payload: {} })).statusCode).toBe(401);
    expect((await from(ip, { method: "POST", url: "/api/v1/cases", payload: {} })).statusCode).toBe(429);
  });

  it("keys a signed-in caller on their session: an address over its limit does not stop them, and their own limit holds", async () => {
    const ip = "203.0.113.10"; // over its limit since the first test
    const headers = { cookie: officer.cookie };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await from(ip, { method: "GET", url: "/api/v1/cases", headers })).statusCode);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  });

  it("starts a new window after a minute", async () => {
    const ip = "203.0.113.12";
    expect((await from(ip, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(429);
    t.clock.advance(61_000);
    expect((await from(ip, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(401);
  });
});

// PGlite serves one process (a second server refuses its directory) and counts in memory: sharing is PostgreSQL's.
describe.skipIf(!process.env.DATABASE_URL)("the count is shared by every app instance on the database (PostgreSQL)", () => {
  it("counts requests alternated between two apps on one database once: the limit is reached at the shared count", async () => {
    const second = await buildApp({
      kb: t.ctx.kb,
      files: t.ctx.files ?? readKnowledgeFiles(),
      database: t.database,
      knowledgeHash: "test",
      webDir: "/nonexistent",
      clock: t.clock,
      security: t.ctx.settings,
    });
    try {
      const ip = "203.0.113.20";
      const apps = [t.app, second];
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 2; i++)
        statuses.push((await apps[i % 2]?.inject({ method: "GET", url: "/api/v1/cases", remoteAddress: ip }))?.statusCode ?? 0);
      expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(LIMIT)).toEqual([429, 429]);
    } finally {
      await second.close();
    }
  });
});

describe("partner deliveries have a limit of their own", () => {
  it("counts a partner's deliveries to the inbox apart from the API: a backlog is not cut at the API's limit, and has its own", async () => {
    const node = await startTestApp({
      webDir: "/nonexistent",
      exchangeEndpoint: "https://limits.ca.test",
      security: { apiPerMinute: 3, exchangePerMinute: 8 },
    });
    try {
      const ip = "198.51.100.7";
      const deliver = () =>
        node.app.inject({
          method: "POST",
          url: "/api/v1/exchange/inbox",
          remoteAddress: ip,
          headers: { "content-type": "application/jose" },
          payload: "not.a.sealed.message.at-all",
        } as InjectOptions);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await deliver()).statusCode);
      // Eight deliveries pass the limiter (and are refused as malformed by the inbox), the ninth is limited.
      expect(statuses.slice(0, 8).every((s) => s >= 400 && s < 500 && s !== 429)).toBe(true);
      expect(statuses.slice(8)).toEqual([429, 429]);
      // The same address's API requests have their own allowance, untouched by the deliveries.
      const api = await node.app.inject({ method: "GET", url: "/api/v1/cases", remoteAddress: ip } as InjectOptions);
      expect(api.statusCode).toBe(401);
    } finally {
      await node.close();
    }
  });
});
