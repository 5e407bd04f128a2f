/**
 * Graceful shutdown (issue 12 §4): after SIGTERM the server accepts no new connection, finishes the
 * request in flight (here a sign-in whose body is still arriving) with 200, closes the database and
 * exits 0. Also: a second server refuses the PGlite data directory the first one runs on, and the
 * start stops on a mistyped variable, naming it. Runs the server as a child process on PGlite.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { type ServerProcess, startServer } from "../support/server.js";

let dir: string;
let server: ServerProcess;
let credentials: { email: string; password: string };

beforeAll(async () => {
  if (process.env.DATABASE_URL) return;
  dir = mkdtempSync(join(tmpdir(), "rogatory-shutdown-"));
  server = await startServer({ ROGATORY_DATA_DIR: dir, ROGATORY_SHUTDOWN_SECONDS: "20" });
  const email = (await server.waitFor(/email:\s+(\S+)/))[1] as string;
  const password = (await server.waitFor(/one-time password:\s+(\S+)/))[1] as string;
  credentials = { email, password };
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const refused = (port: number) =>
  new Promise<boolean>((resolveRefused) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolveRefused(false);
    });
    s.once("error", () => resolveRefused(true));
  });

// The child runs on PGlite whatever DATABASE_URL says: run it once, in the PGlite pass (the proxy test
// covers server processes on PostgreSQL).
describe.skipIf(process.env.DATABASE_URL)("the server process", () => {
  it("refuses to start a second server on the same PGlite data directory", async () => {
    await expect(startServer({ ROGATORY_DATA_DIR: dir })).rejects.toThrow(/already running on/);
  });

  it("rogatory backup asks the running server for the dump (PGlite is one process)", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const saved = { dir: process.env.ROGATORY_DATA_DIR };
    process.env.ROGATORY_DATA_DIR = dir;
    try {
      const code = await run(
        ["backup", "--out", join(dir, "running.backup")],
        (s) => out.push(s),
        (s) => err.push(s),
      );
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join("\n")).toContain("taken by the running server");
    } finally {
      if (saved.dir === undefined) delete process.env.ROGATORY_DATA_DIR;
      else process.env.ROGATORY_DATA_DIR = saved.dir;
    }
    expect(statSync(join(dir, "control.sock")).mode & 0o777).toBe(0o600);
  });

  it("stops the start on a mistyped ROGATORY_ variable, naming it", async () => {
    await expect(startServer({ ROGATORY_DATA_DIR: join(dir, "other"), ROGATORY_PUBIC_LAW: "true" })).rejects.toThrow(
      /ROGATORY_PUBIC_LAW: not a Rogatory setting \(did you mean ROGATORY_PUBLIC_LAW\?\)/,
    );
  });

  it("on SIGTERM finishes the request in flight with 200, refuses new connections, and exits 0", async () => {
    const body = JSON.stringify(credentials);
    const half = Math.floor(body.length / 2);
    let newConnectionsRefused = false;
    const answer = new Promise<{ status: number; body: string }>((resolveAnswer, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          method: "POST",
          path: "/api/v1/auth/sign-in",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => {
            text += c.toString("utf8");
          });
          res.on("end", () => resolveAnswer({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      // Half the body now: the request is in flight when the signal arrives.
      req.write(body.slice(0, half));
      setTimeout(() => {
        server.child.kill("SIGTERM");
        void server.waitFor(/SIGTERM: no new requests/).then(async () => {
          // The listener closes right after the message; new connections are then refused.
          let closed = false;
          for (let i = 0; i < 50 && !closed; i++) {
            closed = await refused(server.port);
            if (!closed) await new Promise((r) => setTimeout(r, 50));
          }
          newConnectionsRefused = closed;
          req.end(body.slice(half));
        }, reject);
      }, 200);
    });
    const res = await answer;
    expect(newConnectionsRefused).toBe(true);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ stage: expect.any(String) });
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("Stopped.");
  });

  it("closes a request still running after ROGATORY_SHUTDOWN_SECONDS and exits 1", async () => {
    const slow = await startServer({ ROGATORY_DATA_DIR: join(dir, "deadline"), ROGATORY_SHUTDOWN_SECONDS: "1" });
    const outcome = new Promise<string>((resolveOutcome) => {
      const req = request({
        host: "127.0.0.1",
        port: slow.port,
        method: "POST",
        path: "/api/v1/auth/sign-in",
        headers: { "content-type": "application/json", "content-length": 100 },
      });
      req.on("response", (res) => resolveOutcome(`answered ${res.statusCode}`));
      req.on("error", (e) => resolveOutcome(`cut: ${e.message}`));
      // The body never completes: the request is still in flight at the deadline.
      req.write('{"email":');
      setTimeout(() => slow.child.kill("SIGTERM"), 200);
    });
    expect(await outcome).toMatch(/^cut: /);
    expect(await slow.exited).toBe(1);
    expect(slow.output()).toContain("Requests still running after 1 s");
  });
});
