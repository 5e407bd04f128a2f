/**
 * npm run bench:api — GET /api/v1/basis over loopback HTTP against the real server (PGlite in memory),
 * beside a bare node:http server answering a fixed JSON body of the same size, in the same run.
 * Bounded: a fixed number of requests at a fixed concurrency, only to 127.0.0.1.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createOrganisations, createReadyUser } from "../test/support/accounts.js";
import { startTestApp } from "../test/support/app.js";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = 8;
const PATH = "/api/v1/basis?from=US&to=RU&on=2018-07-13&measure=testimony&measure=records";

async function load(url: string, headers: Record<string, string> = {}) {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  const total = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return { rps: times.length / total, p50: pct(50), p99: pct(99) };
}

const t = await startTestApp({ webDir: "/nonexistent" });
const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
// The API needs a caller: a token with the law:read scope, as a machine client would use.
const orgs = await createOrganisations(t.ctx);
const reader = await createReadyUser(t.ctx, { email: "bench@ca.test", role: "auditor", organisationId: orgs.central, totp: false });
const { token } = await (await import("../src/accounts/apiTokens.js")).createToken(
  t.ctx,
  { userId: reader.id, organisationId: orgs.central, role: "auditor", label: "bench" },
  { name: "bench", scopes: ["law:read"] },
  { ip: null, userAgent: null },
);
const auth = { authorization: `Bearer ${token}` };
const body = Buffer.from(await (await fetch(`${base}${PATH}`, { headers: auth })).arrayBuffer());
const bare = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${PATH}`;

await load(bareUrl);
await load(`${base}${PATH}`, auth);
const b = await load(bareUrl);
const a = await load(`${base}${PATH}`, auth);
console.log(`bench:api — ${REQUESTS} requests, concurrency ${CONCURRENCY}, response ${body.length} bytes\n`);
console.log("| run | req/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: |");
console.log(
  `| GET /api/v1/basis (API token, Fastify, engine, validation) | ${a.rps.toFixed(0)} | ${a.p50.toFixed(2)} | ${a.p99.toFixed(2)} |`,
);
console.log(`| bare node:http, same body | ${b.rps.toFixed(0)} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} |`);
console.log(`| ratio API / bare | ${(a.rps / b.rps).toFixed(2)} | ${(a.p50 / b.p50).toFixed(2)} | ${(a.p99 / b.p99).toFixed(2)} |`);
bare.close();
await t.close();
