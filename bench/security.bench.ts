/**
 * npm run bench:security — what the security model costs, each beside a baseline in the same run:
 * appending audit events (hash chain, advisory lock) vs a raw INSERT; verifying the chain vs a raw
 * SELECT of the same rows; listing and counting cases under need-to-know vs raw SQL without the filter;
 * a signed-in API request vs a bare node:http answer; a password sign-in vs a bare argon2id verify.
 * Runs on in-memory PGlite; `--write` replaces the section in BENCHMARKS.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import { sql } from "kysely";
import { recordEvent, recordStandalone, verifyChain } from "../src/audit/trail.js";
import { countCases, listCases } from "../src/cases/queries.js";
import { hashPassword, verifyPassword } from "../src/security/passwords.js";
import { createOrganisations, createReadyUser, PASSWORD, signIn } from "../test/support/accounts.js";
import { startTestApp } from "../test/support/app.js";

const APPENDS = 2000;
const CHAIN = 20_000;
const CASES = 10_000;
const REQUESTS = 2000;
const SIGNINS = 40;

const t = await startTestApp({ webDir: "/nonexistent" });
const db = t.database.db;
const orgs = await createOrganisations(t.ctx);
const officer = await createReadyUser(t.ctx, { email: "bench.officer@ca.test", role: "officer", organisationId: orgs.central });
const other = await createReadyUser(t.ctx, { email: "bench.other@ca.test", role: "officer", organisationId: orgs.central });
const rows: string[] = [];
const ms = (a: number, n: number) => (a / n).toFixed(3);
const row = (name: string, n: number, total: number, baseTotal: number, baseName: string) => {
  rows.push(`| ${name} | ${n} | ${ms(total, n)} | ${baseName} | ${ms(baseTotal, n)} | ${(total / baseTotal).toFixed(2)} |`);
};
const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};
const event = (i: number) => ({
  actorId: officer.id,
  actorLabel: "bench",
  action: "case.update",
  objectType: "case",
  objectId: `obj-${i}`,
  summary: { confidentiality: { before: "normal", after: "confidential" }, i },
  ip: "127.0.0.1",
});

// 1. Appending audit events, one transaction each, against a raw insert of the same row.
await sql`create table bench_plain (seq bigint primary key, at timestamptz, actor_id uuid, actor_label text, action text, object_type text, object_id text, summary jsonb, ip text, prev_hash text, hash text)`.execute(
  db,
);
const raw = await time(async () => {
  for (let i = 0; i < APPENDS; i++)
    await db
      .transaction()
      .execute((trx) =>
        sql`insert into bench_plain values (${i}, now(), ${officer.id}, 'bench', 'case.update', 'case', ${`obj-${i}`}, ${JSON.stringify(event(i).summary)}::jsonb, '127.0.0.1', ${"0".repeat(64)}, ${"0".repeat(64)})`.execute(
          trx,
        ),
      );
});
const chained = await time(async () => {
  for (let i = 0; i < APPENDS; i++) await recordStandalone(db, t.clock, event(i));
});
row("append one audit event (lock, read head, hash, insert)", APPENDS, chained, raw, "raw INSERT in its own transaction");

// 2. Verifying the chain against reading the same rows.
await db.transaction().execute(async (trx) => {
  for (let i = APPENDS; i < CHAIN; i++) await recordEvent(trx, t.clock, event(i));
});
const events = Number((await sql<{ n: string }>`select count(*) as n from audit_event`.execute(db)).rows[0]?.n);
const read = await time(() => db.selectFrom("audit_event").selectAll().orderBy("seq").execute());
let verdictOk = false;
const verify = await time(async () => {
  verdictOk = (await verifyChain(db)).ok;
});
if (!verdictOk) throw new Error("the chain did not verify");
row(`verify the chain (${events} events), per event`, events, verify, read, "raw SELECT of the rows");

// 3. Need-to-know: list and count as an officer among strictly confidential cases of others.
const levels = ["normal", "confidential", "strictly_confidential"] as const;
await db.transaction().execute(async (trx) => {
  for (let i = 0; i < CASES; i += 500) {
    const batch = Array.from({ length: Math.min(500, CASES - i) }, (_, k) => ({
      reference: `BENCH-${String(i + k).padStart(6, "0")}`,
      direction: "incoming" as const,
      title: `Bench case ${i + k}`,
      requesting: "RU",
      requested: "GB",
      confidentiality: levels[(i + k) % 3] ?? "normal",
      created_by: other.id,
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    }));
    const ids = await trx.insertInto("case_file").values(batch).returning("id").execute();
    const listed = ids
      .filter((_, k) => k % 10 === 0)
      .map((r) => ({ case_id: r.id, user_id: officer.id, granted_by: other.id, granted_at: t.clock.now() }));
    await trx.insertInto("case_access").values(listed).execute();
  }
});
const actor = { userId: officer.id, organisationId: orgs.central, role: "officer" as const, label: "bench" };
const LOOPS = 20;
const listed = await time(async () => {
  for (let i = 0; i < LOOPS; i++) await listCases(t.ctx, actor, {}, 200);
});
const rawList = await time(async () => {
  for (let i = 0; i < LOOPS; i++) await db.selectFrom("case_file").selectAll().orderBy("created_at", "desc").limit(200).execute();
});
row(`list 200 newest of ${CASES} cases with need-to-know`, LOOPS, listed, rawList, "raw SELECT … LIMIT 200, no filter");
const counted = await time(async () => {
  for (let i = 0; i < LOOPS; i++) await countCases(t.ctx, actor, {});
});
const rawCount = await time(async () => {
  for (let i = 0; i < LOOPS; i++) await sql`select confidentiality, count(*) from case_file group by confidentiality`.execute(db);
});
row(`count ${CASES} cases by level with need-to-know`, LOOPS, counted, rawCount, "raw GROUP BY, no filter");

// 4. A signed-in request over HTTP against a bare server sending the same bytes.
const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
const session = await signIn(t.app, t.clock, officer);
const PATH = "/api/v1/account";
const body = Buffer.from(await (await fetch(`${base}${PATH}`, { headers: { cookie: session.cookie } })).arrayBuffer());
const bare = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}${PATH}`;
const load = async (url: string, headers: Record<string, string>) =>
  time(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < REQUESTS) {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        }
      }),
    );
  });
await load(bareUrl, {});
const bareTime = await load(bareUrl, {});
const authTime = await load(`${base}${PATH}`, { cookie: session.cookie });
row(
  "GET /api/v1/account signed in (session, stage, policy, user view), concurrency 8",
  REQUESTS,
  authTime,
  bareTime,
  "bare node:http, same body",
);
bare.close();

// 5. Sign-in with a password against the bare argon2id verification it contains.
const hash = await hashPassword(PASSWORD);
const argon = await time(async () => {
  for (let i = 0; i < SIGNINS; i++) await verifyPassword(hash, PASSWORD);
});
const other2 = await createReadyUser(t.ctx, { email: "bench.auditor@ca.test", role: "auditor", organisationId: orgs.central, totp: false });
const signins = await time(async () => {
  for (let i = 0; i < SIGNINS; i++)
    await t.app.inject({ method: "POST", url: "/api/v1/auth/sign-in", payload: { email: other2.email, password: PASSWORD } });
});
row("password sign-in (argon2id, session, audit event)", SIGNINS, signins, argon, "bare argon2id verify");

await t.close();

const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const text = [
  `${cpus().length} × ${cpu}, Node ${process.version}, in-memory PGlite, measured ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| operation | n | ms each | baseline | baseline ms each | ratio |",
  "| --- | ---: | ---: | --- | ---: | ---: |",
  ...rows,
].join("\n");
console.log(text);
if (process.argv.includes("--write")) {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const md = readFileSync(file, "utf8");
  const start = "<!-- bench:security -->";
  const end = "<!-- /bench:security -->";
  const block = `${start}\n${text}\n${end}`;
  const next = md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
