/**
 * Two (or more) Rogatory nodes as separate server processes on loopback, each on its own embedded
 * PGlite directory, port, passphrase and central authority — set up the way an installation is:
 * the first start creates the administrator and prints a one-time password and the node's signing
 * fingerprint; the administrator signs in, chooses a password, enrols a second factor, creates the
 * officials (who do the same and make API tokens), and adds the partner node by the fingerprint its
 * authority read out. Used by `npm run demo:exchange` and `npm run bench:exchange`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { totpCode } from "../src/security/totp.js";

const ROOT = resolve(import.meta.dirname, "..");

/** Who a node is: its state, central authority and the executing authority its measures go to. */
export interface NodeSpec {
  jurisdiction: string;
  authority: string;
  executingAuthority: string;
  /** The administrator's, officer's and supervisor's mail domain. */
  domain: string;
}

/** A started node: its process, address, and the credentials its people hold. */
export interface Node {
  spec: NodeSpec;
  dir: string;
  port: number;
  endpoint: string;
  passphrase: string;
  child?: ChildProcess;
  output: () => string;
  /** The signing fingerprint the server printed at start (in groups of four), as its administrator reads it aloud. */
  printedFingerprint: string;
  admin?: Session;
  /** API tokens of the officer and the supervisor (cases:read, cases:write). */
  officer?: string;
  supervisor?: string;
  executingAuthorityId?: string;
}

/** A signed-in browser session: its cookie and CSRF token. */
export interface Session {
  cookie: string;
  csrf: string;
}

export type Credential = Session | string;

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/**
 * Starts a node's server on a fresh data directory; resolves once it listens, with the one-time
 * administrator password and the fingerprint it printed. `command` is the server to run (default
 * `src/server/main.ts`, as `npm start`); `env` adds variables.
 */
export async function startNode(
  spec: NodeSpec,
  opts: { root?: string; command?: string[]; env?: Record<string, string>; ready?: RegExp } = {},
): Promise<{ node: Node; oneTimePassword: string }> {
  const dir = mkdtempSync(join(opts.root ?? tmpdir(), `rogatory-${spec.jurisdiction.toLowerCase()}-`));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  // Each node its own passphrase (never printed), as two authorities would have.
  const passphrase = `${spec.jurisdiction} node key ${randomBytes(18).toString("base64url")}`;
  const child = spawn(process.execPath, ["--import", "tsx", ...(opts.command ?? ["src/server/main.ts"])], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      TZ: "UTC",
      PORT: String(port),
      ROGATORY_DATA_DIR: dir,
      ROGATORY_PUBLIC_URL: endpoint,
      ROGATORY_NODE_ENDPOINT: endpoint,
      ROGATORY_NODE_KEY_PASSPHRASE: passphrase,
      ROGATORY_ORGANISATION: spec.authority,
      ROGATORY_JURISDICTION: spec.jurisdiction,
      ROGATORY_ADMIN_EMAIL: `admin@${spec.domain}`,
      LOG_LEVEL: "warn",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (c: Buffer) => {
    out += c.toString("utf8");
    for (const l of listeners) l();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const ready = opts.ready ?? /Rogatory is running at/;
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the ${spec.jurisdiction} server did not start within 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        listeners.delete(check);
        res();
      }
    };
    listeners.add(check);
    void exited.then(() => {
      clearTimeout(timer);
      rej(new Error(`the ${spec.jurisdiction} server stopped before it was ready:\n${out}`));
    });
    check();
  });
  const otp = /one-time password:\s+(\S+)/.exec(out)?.[1];
  const fp = /Signing key fingerprint[^:]*:\s+(.+)/.exec(out)?.[1]?.trim();
  if (!otp || !fp) throw new Error(`the ${spec.jurisdiction} server printed no one-time password or fingerprint:\n${out}`);
  return { node: { spec, dir, port, endpoint, passphrase, child, output: () => out, printedFingerprint: fp }, oneTimePassword: otp };
}

/** Stops a node's server (SIGTERM, then SIGKILL after 10 s). */
export async function stopNode(node: Node): Promise<void> {
  const child = node.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await done;
  clearTimeout(timer);
}

/** The answer of an API call: status and JSON body. */
export interface Answer<T> {
  status: number;
  body: T;
}

/** Calls the node's API with a token or a session. */
export async function api<T = Record<string, unknown>>(
  node: Node,
  who: Credential | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (typeof who === "string") headers.authorization = `Bearer ${who}`;
  else if (who) {
    headers.cookie = who.cookie;
    headers["x-csrf-token"] = who.csrf;
  }
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${node.endpoint}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error message.
  }
  return { status: res.status, body: parsed as T };
}

/** Calls the API and insists on the expected status; otherwise throws with what the node said. */
export async function must<T = Record<string, unknown>>(
  expected: number,
  node: Node,
  who: Credential | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const r = await api<T>(node, who, method, path, body);
  if (r.status !== expected)
    throw new Error(
      `${node.spec.jurisdiction} ${method} ${path}: expected ${expected}, got ${r.status} ${JSON.stringify(r.body).slice(0, 600)}`,
    );
  return r.body;
}

const cookieOf = (res: Response, previous: string) => (res.headers.get("set-cookie") ?? "").split(";")[0] || previous;

/**
 * A person's first sign-in, as the web app walks them through it: the one-time password, a new
 * password of their own, an authenticator enrolled (its code computed here from the secret the
 * node shows). Resolves with the full session.
 */
export async function firstSignIn(node: Node, email: string, oneTimePassword: string): Promise<Session> {
  const post = async (path: string, s: Session | null, body: unknown) => {
    const res = await fetch(`${node.endpoint}/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(s ? { cookie: s.cookie, "x-csrf-token": s.csrf } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { csrfToken?: string; stage?: string; secret?: string };
    if (res.status !== 200) throw new Error(`${node.spec.jurisdiction} ${path} for ${email}: ${res.status} ${JSON.stringify(json)}`);
    return { res, json };
  };
  const signed = await post("/auth/sign-in", null, { email, password: oneTimePassword });
  let s: Session = { cookie: cookieOf(signed.res, ""), csrf: signed.json.csrfToken ?? "" };
  const password = `${randomBytes(12).toString("base64url")} Пароль ${node.spec.jurisdiction}`;
  const changed = await post("/account/password", s, { current: oneTimePassword, next: password });
  s = { cookie: cookieOf(changed.res, s.cookie), csrf: changed.json.csrfToken ?? s.csrf };
  if (changed.json.stage === "enrol") {
    const setup = await post("/account/totp/setup", s, {});
    const code = totpCode(setup.json.secret ?? "", new Date());
    const confirmed = await post("/account/totp/confirm", s, { code });
    s = { cookie: cookieOf(confirmed.res, s.cookie), csrf: confirmed.json.csrfToken ?? s.csrf };
    if (confirmed.json.stage !== "full") throw new Error(`${email}: still at stage ${confirmed.json.stage} after enrolment`);
  }
  return s;
}

/**
 * The administrator's first day: signs in, creates the executing authority and an officer and a
 * supervisor of the central authority, each of whom signs in and makes an API token for cases.
 */
export async function staffNode(node: Node, oneTimePassword: string, progress: (line: string) => void = () => {}): Promise<void> {
  const { spec } = node;
  node.admin = await firstSignIn(node, `admin@${spec.domain}`, oneTimePassword);
  progress(`${spec.jurisdiction}: administrator signed in (new password, second factor enrolled)`);
  const orgs = await must<{ id: string; kind: string }[]>(200, node, node.admin, "GET", "/organisations");
  const central = orgs.find((o) => o.kind === "central_authority");
  if (!central) throw new Error(`${spec.jurisdiction}: no central authority organisation`);
  const court = await must<{ id: string }>(201, node, node.admin, "POST", "/organisations", {
    name: spec.executingAuthority,
    kind: "executing_authority",
    jurisdiction: spec.jurisdiction,
  });
  node.executingAuthorityId = court.id;
  for (const role of ["officer", "supervisor"] as const) {
    const email = `${role}@${spec.domain}`;
    const created = await must<{ oneTimePassword: string }>(201, node, node.admin, "POST", "/users", {
      email,
      displayName: `${role === "officer" ? "Officer" : "Supervisor"} (${spec.jurisdiction})`,
      role,
      organisationId: central.id,
    });
    const session = await firstSignIn(node, email, created.oneTimePassword);
    const token = await must<{ token: string }>(201, node, session, "POST", "/account/tokens", {
      name: "exchange demo",
      scopes: ["cases:read", "cases:write"],
    });
    node[role] = token.token;
    progress(`${spec.jurisdiction}: ${role} created, signed in, API token made`);
  }
}

/** The identity document a node serves (public). */
export interface IdentityDoc {
  jurisdiction: string;
  authority: string;
  endpoint: string;
  fingerprint: string;
  fingerprintGrouped: string;
}

/**
 * Pairs two nodes: each administrator adds the other by endpoint and the fingerprint the other's
 * administrator read from their console (the telephone call); each node then fetches the other's
 * signed identity and compares. Returns both identity documents.
 */
export async function pair(a: Node, b: Node, progress: (line: string) => void = () => {}): Promise<[IdentityDoc, IdentityDoc]> {
  const docs: IdentityDoc[] = [];
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const told = other.printedFingerprint;
    const partner = await must<{ id: string; fingerprint: string; jurisdiction: string }>(
      201,
      self,
      self.admin ?? null,
      "POST",
      "/exchange/partners",
      {
        endpoint: other.endpoint,
        fingerprint: told,
      },
    );
    const doc = await must<IdentityDoc>(200, other, null, "GET", "/exchange/identity");
    if (doc.fingerprintGrouped !== told || partner.fingerprint !== doc.fingerprint)
      throw new Error(
        `${self.spec.jurisdiction} recorded ${partner.fingerprint} for ${other.spec.jurisdiction}, whose identity says ${doc.fingerprint}`,
      );
    docs.push(doc);
    progress(`${self.spec.jurisdiction}: partner ${partner.jurisdiction} added by fingerprint ${told}`);
  }
  return [docs[1] as IdentityDoc, docs[0] as IdentityDoc];
}

/** Polls `probe` until it returns something truthy (every `everyMs`, at most `ms`). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 60_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
