/**
 * Starts the real server (`src/server/main.ts`, from its JavaScript build) as a child process, as `npm start` would without
 * building the web app, for tests of what only a process shows: signals, shutdown, proxies.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "../..");

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (waits up to `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

let built: Promise<string> | undefined;
/**
 * The server's JavaScript build, as `npm start` runs it (bin/build.mjs, rebuilt only when a source
 * changed): starting it skips tsx's compiling at every start, which the tests that restart servers
 * (kill -9, shutdown, the exchange) pay many times.
 */
function serverEntry(): Promise<string> {
  built ??= (import(pathToFileURL(join(ROOT, "bin", "build.mjs")).href) as Promise<{ nodeBuild: (entry: string) => Promise<string> }>).then(
    (m) => m.nodeBuild("server"),
  );
  return built;
}

/** Starts a server with only the given variables (plus PATH/HOME); resolves once it is listening. */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const p = port ?? (await freePort());
  const clean: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    TZ: "UTC",
    PORT: String(p),
    ...env,
  };
  const child = spawn(process.execPath, [await serverEntry()], {
    cwd: ROOT,
    env: clean,
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
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const waitFor = (pattern: RegExp, ms = 60_000) =>
    new Promise<RegExpMatchArray>((resolveMatch, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) {
          listeners.delete(check);
          clearTimeout(timer);
          resolveMatch(m);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`server did not print ${pattern} within ${ms} ms; it printed:\n${out}`));
      }, ms);
      listeners.add(check);
      void exited.then(() => {
        if (!out.match(pattern)) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`server exited before printing ${pattern}; it printed:\n${out}`));
        }
      });
      check();
    });
  await waitFor(/Rogatory is running at/);
  return {
    child,
    port: p,
    output: () => out,
    waitFor,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
