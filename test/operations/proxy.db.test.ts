/**
 * The documented reverse proxy (docs/deploy/Caddyfile, issue 12 §4), tested as deployed: Caddy with a
 * certificate of its own CA on loopback, in front of two app instances on one PostgreSQL database.
 * Through the proxy: HTTPS answers, the session cookie is `__Host-` and Secure, HSTS is sent, the app
 * sees each client's real address (not the proxy's, not a forged X-Forwarded-For) in its audit trail
 * and its per-address rate limit, /metrics is not reachable, and both instances serve.
 * Needs `caddy` (Debian's package; .ci/run installs it) and PostgreSQL (the PostgreSQL pass of CI).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, freePort, startServer } from "../support/server.js";

const serverUrl = process.env.DATABASE_URL;
let caddyPath: string | undefined;
try {
  caddyPath = execFileSync("sh", ["-c", "command -v caddy"], { encoding: "utf8" }).trim() || undefined;
} catch {
  caddyPath = undefined;
}
const why = !caddyPath
  ? "SKIPPED: caddy is not installed (apt-get install -y caddy; .ci/run does it)"
  : !serverUrl
    ? "SKIPPED: two instances need one PostgreSQL database (runs in the PostgreSQL pass, DATABASE_URL set)"
    : "";
if (why) console.warn(`test/operations/proxy.db.test.ts: ${why}`);

const CADDYFILE = resolve(import.meta.dirname, "../../docs/deploy/Caddyfile");

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.skipIf(why !== "")("two instances behind Caddy (docs/deploy/Caddyfile)", () => {
  const dbName = `rogatory_proxy_${randomBytes(4).toString("hex")}`;
  let work: string;
  let caddy: ChildProcess;
  let caddyLog = "";
  const instances: ServerProcess[] = [];
  let httpsPort: number;
  let ca: Buffer;
  let admin: { email: string; password: string };
  let dbUrl: string;

  /** A request through the proxy, from a chosen loopback address (so each "client" has its own). */
  const call = (path: string, opts: { from?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    new Promise<Answer>((resolveAnswer, reject) => {
      const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      const req = request(
        {
          host: "127.0.0.1",
          servername: "localhost",
          port: httpsPort,
          path,
          method: opts.method ?? "GET",
          ca,
          localAddress: opts.from ?? "127.0.0.1",
          agent: false,
          headers: {
            host: `localhost:${httpsPort}`,
            ...(payload ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => {
            text += c.toString("utf8");
          });
          res.on("end", () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on("error", reject);
      req.end(payload);
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "rogatory-proxy-"));
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`create database ${dbName}`);
    await client.end();
    const u = new URL(serverUrl as string);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
    httpsPort = await freePort();
    const env = {
      DATABASE_URL: dbUrl,
      ROGATORY_PUBLIC_URL: `https://localhost:${httpsPort}`,
      ROGATORY_TRUST_PROXY: "true",
      ROGATORY_PUBLIC_LAW: "true",
      ROGATORY_PUBLIC_LAW_PER_MINUTE: "3",
      LOG_LEVEL: "info",
    };
    // One after the other: the first creates the schema and the administrator.
    instances.push(await startServer(env));
    admin = {
      email: (await (instances[0] as ServerProcess).waitFor(/email:\s+(\S+)/))[1] as string,
      password: (await (instances[0] as ServerProcess).waitFor(/one-time password:\s+(\S+)/))[1] as string,
    };
    instances.push(await startServer(env));
    const home = join(work, "caddy-home");
    caddy = spawn(caddyPath as string, ["run", "--config", CADDYFILE, "--adapter", "caddyfile"], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: home,
        XDG_DATA_HOME: join(home, "data"),
        XDG_CONFIG_HOME: join(home, "config"),
        SITE_ADDRESS: `https://localhost:${httpsPort}`,
        TLS: "internal",
        UPSTREAMS: instances.map((i) => `127.0.0.1:${i.port}`).join(" "),
        HTTP_PORT: String(await freePort()),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    caddy.stdout?.on("data", (c: Buffer) => {
      caddyLog += c.toString("utf8");
    });
    caddy.stderr?.on("data", (c: Buffer) => {
      caddyLog += c.toString("utf8");
    });
    const root = join(home, "data", "caddy", "pki", "authorities", "local", "root.crt");
    for (let i = 0; i < 100; i++) {
      try {
        ca = readFileSync(root);
        if ((await call("/api/health")).status === 200) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!ca) throw new Error(`Caddy did not start:\n${caddyLog}`);
  }, 120_000);

  afterAll(async () => {
    if (caddy && caddy.exitCode === null) {
      caddy.kill("SIGTERM");
      await new Promise((r) => caddy.once("exit", r));
    }
    for (const i of instances) await i.stop();
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    rmSync(work, { recursive: true, force: true });
  });

  it("answers over HTTPS with HSTS, and keeps /metrics off the public site", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    expect((await call("/metrics")).status).toBe(404);
    expect((await call("/api/ready")).status).toBe(200);
  });

  it("signs in with a __Host- cookie marked Secure, and records the client's real address", async () => {
    const res = await call("/api/v1/auth/sign-in", { method: "POST", body: admin, from: "127.0.0.2" });
    expect(res.status).toBe(200);
    const cookie = [res.headers["set-cookie"]].flat().find((c) => c?.startsWith("__Host-rogatory="));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/Domain=/i);
    // A forged X-Forwarded-For does not change the address the app sees: Caddy replaces it.
    const failed = await call("/api/v1/auth/sign-in", {
      method: "POST",
      body: { email: admin.email, password: "wrong password, surely" },
      from: "127.0.0.3",
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(failed.status).toBe(401);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    const rows = await client.query<{ action: string; ip: string }>(
      "select action, ip from audit_event where action in ('session.sign_in', 'session.sign_in_failed') order by seq",
    );
    await client.end();
    expect(rows.rows.map((r) => [r.action, r.ip])).toEqual([
      ["session.sign_in", "127.0.0.2"],
      ["session.sign_in_failed", "127.0.0.3"],
    ]);
  });

  it("limits each client by its own address, not the proxy's", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await call("/api/v1/jurisdictions", { from: "127.0.0.4" })).status);
    expect(statuses[0]).toBe(200);
    expect(statuses).toContain(429);
    // Another client is not held back by the first one's requests.
    expect((await call("/api/v1/jurisdictions", { from: "127.0.0.5" })).status).toBe(200);
  });

  it("spreads requests over both instances", async () => {
    for (let i = 0; i < 4; i++) await call("/api/v1/classifications", { from: `127.0.1.${i + 1}` });
    for (const instance of instances) expect(instance.output()).toContain('"url":"/api/v1/classifications"');
  });
});
