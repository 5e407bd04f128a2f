/**
 * A faulty link between two exchange nodes, for tests: an HTTP proxy in front of one node that
 * passes everything through, except that a share of the deliveries (POSTs) is
 *   - dropped before it reaches the node (the sender sees a 502),
 *   - lost after the node took it (the node applied it; the sender sees a 502 and must retry: the
 *     node must apply it once),
 *   - duplicated (the node gets it twice),
 *   - delayed, so that later deliveries overtake it (reordering).
 * The draws come from a seeded generator, so a failing run can be replayed with its seed.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export interface FaultRates {
  /** Share of deliveries dropped before the node sees them. */
  drop: number;
  /** Share of deliveries whose answer is lost after the node processed them. */
  loseAnswer: number;
  /** Share of deliveries sent to the node twice. */
  duplicate: number;
  /** Share of deliveries held back for `delayMs` (later ones overtake them). */
  delay: number;
  /** How long a delayed delivery is held, at most. */
  delayMs: number;
}

export interface FaultCounts {
  passed: number;
  dropped: number;
  answersLost: number;
  duplicated: number;
  delayed: number;
}

export interface FaultProxy {
  /** The proxy's base URL: give it to the sending node as the partner's endpoint. */
  url: string;
  counts: FaultCounts;
  /** Turns the faults off (everything passes) or on again. */
  setRates(rates: Partial<FaultRates>): void;
  close(): Promise<void>;
}

/** Mulberry32: a small seeded generator, so a run's faults can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts)));
    req.on("error", reject);
  });

/** Sends one request to the target and collects the answer. */
function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "connection") headers[k] = v;
    headers["content-length"] = String(body.length);
    const out = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (typeof v === "string" && k !== "connection" && k !== "transfer-encoding") h[k] = v;
        resolve({ status: res.statusCode ?? 502, headers: h, body: Buffer.concat(parts) });
      });
      res.on("error", reject);
    });
    out.on("error", reject);
    out.end(body);
  });
}

/** Which fault a draw in [0, 1) falls on: the rates are consecutive intervals, the rest passes. */
function pick(x: number, r: FaultRates): "drop" | "delay" | "duplicate" | "loseAnswer" | "pass" {
  let edge = 0;
  for (const fault of ["drop", "delay", "duplicate", "loseAnswer"] as const) {
    edge += r[fault];
    if (x < edge) return fault;
  }
  return "pass";
}

/** Starts a faulty proxy on a loopback port in front of `target` (a node's base URL). */
export async function startFaultProxy(
  target: string,
  rates: Partial<FaultRates> = {},
  seed = 1,
  opts: { eachFaultFirst?: boolean } = {},
): Promise<FaultProxy> {
  const to = new URL(target);
  // Senders deliver in batches, so a run may make only a few dozen deliveries: with `eachFaultFirst`
  // the first four meet each fault once, so every kind is exercised whatever the draws give.
  const forced: ReturnType<typeof pick>[] = opts.eachFaultFirst ? ["drop", "loseAnswer", "duplicate", "delay"] : [];
  const random = seeded(seed);
  let r: FaultRates = { drop: 0, loseAnswer: 0, duplicate: 0, delay: 0, delayMs: 300, ...rates };
  const counts: FaultCounts = { passed: 0, dropped: 0, answersLost: 0, duplicated: 0, delayed: 0 };
  const fail = (res: ServerResponse) => {
    res.writeHead(502, { "content-type": "text/plain" }).end("the link failed (fault proxy)");
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      try {
        if (req.method !== "POST") {
          const a = await forward(to, req, body);
          res.writeHead(a.status, a.headers).end(a.body);
          return;
        }
        // One draw decides the fault of this delivery, so the rates are shares of all deliveries.
        const fault = forced.shift() ?? pick(random(), r);
        if (fault === "drop") {
          counts.dropped++;
          fail(res);
          return;
        }
        if (fault === "delay") {
          counts.delayed++;
          await new Promise((done) => setTimeout(done, Math.floor(random() * r.delayMs)));
        }
        if (fault === "duplicate") {
          counts.duplicated++;
          await forward(to, req, body);
        }
        const a = await forward(to, req, body);
        if (fault === "loseAnswer") {
          counts.answersLost++;
          fail(res);
          return;
        }
        counts.passed++;
        res.writeHead(a.status, a.headers).end(a.body);
      } catch {
        if (!res.headersSent) fail(res);
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setRates(next) {
      r = { ...r, ...next };
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
