/**
 * npm run bench:cases — a realistic caseload (BENCH_CASES, default 1,000,000 cases, each with two
 * measures, a person, a timeline event and its deadlines), generated in the database with a progress
 * bar; then, each beside its raw-SQL baseline measured in the same run:
 *   - the queue (an officer's open deadlines, with need-to-know) p50/p95,
 *   - filtered search (state + partner + measure, with need-to-know) p95,
 *   - the case page (everything the page shows) p95,
 *   - intake (cases created per second through the HTTP API) against raw single-row inserts.
 * Runs on PGlite in a temporary directory (or on DATABASE_URL); `--write` replaces the section in
 * BENCHMARKS.md. Targets: queue and search p95 under 50 ms at one million cases; intake at least half
 * the raw insert rate.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { DEFAULT_SECURITY } from "../src/accounts/context.js";
import { createOrganisation } from "../src/accounts/userAdministrator.js";
import { listCases } from "../src/cases/queries.js";
import { readCase } from "../src/cases/presenter.js";
import { queue } from "../src/cases/queue.js";
import { openDatabase } from "../src/db/database.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { loadReferenceData } from "../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import type { Actor } from "../src/policies/policy.js";
import { ManualClock } from "../src/security/clock.js";
import { buildApp } from "../src/server/app.js";
import { benchOfficers, generateCaseBatch } from "./generate-cases.js";
import { createReadyUser, signIn } from "../test/support/accounts.js";
import { percentiles } from "./timing.js";

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const OFFICERS = 200;
const BATCH = 50_000;
const SAMPLES = 200;

const dir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), "rogatory-bench-cases-"));
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: dir ?? undefined });
const db = database.db;
if (process.env.DATABASE_URL) {
  // A server database: start from an empty case register.
  await sql`truncate case_file cascade`.execute(db);
}
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
const { hash } = await loadReferenceData({ db, kb, files });
const clock = new ManualClock(new Date("2026-06-01T09:00:00Z"));
const ctx = { db, clock, settings: { ...DEFAULT_SECURITY, signInPerMinute: 1e6, apiPerMinute: 1e7 }, kb };

const central = await db
  .insertInto("organisation")
  .values({ name: `Bench CA ${Date.now()}`, kind: "central_authority", jurisdiction: "GB" })
  .returning("id")
  .executeTakeFirstOrThrow();
const system: Actor = { userId: "00000000-0000-0000-0000-000000000000", organisationId: central.id, role: "administrator", label: "bench" };
await createOrganisation(
  ctx,
  system,
  { name: `Bench court ${Date.now()}`, kind: "executing_authority", jurisdiction: "GB" },
  { ip: null, userAgent: null },
);
const officers = await benchOfficers(db, central.id, OFFICERS, "bench");
const me = await createReadyUser(ctx, { email: `bench.me.${Date.now()}@ca.test`, role: "officer", organisationId: central.id });
officers[0] = me.id;

function bar(done: number, total: number, started: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / ((performance.now() - started) / 1000);
  process.stdout.write(
    `\r  generating [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")} / ${total.toLocaleString("en")} cases, ${Math.round(rate).toLocaleString("en")}/s   `,
  );
}

// Generation in the database, in batches: cases, two measures each, a person, a timeline event, deadlines.
const genStart = performance.now();
for (let from = 1; from <= N; from += BATCH) {
  const to = Math.min(N, from + BATCH - 1);
  await db.transaction().execute((trx) =>
    generateCaseBatch(trx, {
      prefix: "B",
      titleWord: "Bench",
      from,
      to,
      createdBy: me.id,
      officers,
      createdAt: sql`timestamptz '2026-06-01' - make_interval(mins => i)`,
      requestDate: sql`date '2020-01-01' + (i % 2300)`,
      deadlineRule: "bench",
    }),
  );
  bar(to, N, genStart);
}
await sql`analyze`.execute(db);
const genSeconds = (performance.now() - genStart) / 1000;
process.stdout.write("\n");

const actor: Actor = { userId: me.id, organisationId: central.id, role: "officer", label: "bench" };
const timeIt = (fn: () => Promise<unknown>, n = SAMPLES) => percentiles(fn, n);

// Queue: an officer's open deadlines, soonest first.
await queue(ctx, actor, { scope: "mine", withinDays: 30 });
const q = await timeIt(() => queue(ctx, actor, { scope: "mine", withinDays: 30 }));
const qRaw = await timeIt(() =>
  sql`select c.id, c.reference, d.kind, d.due from case_file c join case_deadline d on d.case_id = c.id
      where d.officer_id = ${me.id} and not d.done and d.due <= date '2026-07-01' and c.state not in ('closed', 'withdrawn')
      order by d.due limit 200`.execute(db),
);

// Search: state + partner + measure.
const filter = { state: "under_review", partner: "US", measure: "records" };
await listCases(ctx, actor, filter);
const s = await timeIt(() => listCases(ctx, actor, filter));
const sRaw = await timeIt(() =>
  sql`select * from case_file c where c.state = 'under_review' and (c.requesting = 'US' or c.requested = 'US')
      and exists (select 1 from case_measure m where m.case_id = c.id and m.measure = 'records')
      order by c.created_at desc limit 200`.execute(db),
);

// Case page: a random visible case, everything the page shows.
const sample = await sql<{
  id: string;
}>`select id from case_file where officer_id = ${me.id} and confidentiality <> 'strictly_confidential' limit ${SAMPLES}`.execute(db);
let k = 0;
const page = await timeIt(() => readCase(ctx, actor, sample.rows[k++ % sample.rows.length]?.id ?? "", { ip: null, userAgent: null }));
k = 0;
const pageRaw = await timeIt(() => sql`select * from case_file where id = ${sample.rows[k++ % sample.rows.length]?.id ?? ""}`.execute(db));

// Intake over HTTP against raw single-row inserts, sequentially (one officer at a desk).
const app = await buildApp({ kb, files, database, knowledgeHash: hash, clock, security: ctx.settings });
const base = await app.listen({ port: 0, host: "127.0.0.1" });
const session = await signIn(app, clock, me);
const INTAKE = 500;
const intakeStart = performance.now();
for (let i = 0; i < INTAKE; i++) {
  const res = await fetch(`${base}/api/v1/cases`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
    body: JSON.stringify({
      direction: "incoming",
      title: `Intake ${i}`,
      requesting: "RU",
      requested: "GB",
      confidentiality: "normal",
      requestDate: "2026-05-20",
      measures: [{ measure: "records", description: "Bank records" }],
    }),
  });
  if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
}
const intakeRate = INTAKE / ((performance.now() - intakeStart) / 1000);
// Batch registration through the API: the same cases, 100 per request, one transaction each.
const BATCHES = 10;
const batchStart = performance.now();
for (let b = 0; b < BATCHES; b++) {
  const res = await fetch(`${base}/api/v1/cases/batch`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
    body: JSON.stringify({
      cases: Array.from({ length: 100 }, (_, i) => ({
        direction: "incoming",
        title: `Batch intake ${b}-${i}`,
        requesting: "RU",
        requested: "GB",
        confidentiality: "normal",
        requestDate: "2026-05-20",
        measures: [{ measure: "records", description: "Bank records" }],
      })),
    }),
  });
  if (res.status !== 201) throw new Error(`batch intake answered ${res.status}: ${await res.text()}`);
}
const batchRate = (BATCHES * 100) / ((performance.now() - batchStart) / 1000);
const rawStart = performance.now();
for (let i = 0; i < INTAKE; i++)
  await sql`insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at)
            values (${`RAW-${i}-${Date.now()}`}, 'incoming', 'raw', 'RU', 'GB', 'normal', ${me.id}, now(), now())`.execute(db);
const rawRate = INTAKE / ((performance.now() - rawStart) / 1000);
// A fairer baseline: the same rows the API writes (case, measure, access, two deadlines, audit row), in one transaction, raw.
const sameStart = performance.now();
for (let i = 0; i < INTAKE; i++)
  await db.transaction().execute(async (trx) => {
    const r = await sql<{
      id: string;
    }>`insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at, state, request_date, basis_instrument, officer_id)
            values (${`SAME-${i}-${Date.now()}`}, 'incoming', 'same', 'RU', 'GB', 'normal', ${me.id}, now(), now(), 'received', date '2026-05-20', 'cets-030', ${me.id}) returning id`.execute(
      trx,
    );
    const id = r.rows[0]?.id;
    await sql`insert into case_measure (case_id, measure, description, created_at) values (${id}, 'records', 'Bank records', now())`.execute(
      trx,
    );
    await sql`insert into case_access (case_id, user_id, granted_by, granted_at) values (${id}, ${me.id}, ${me.id}, now())`.execute(trx);
    await sql`insert into case_deadline (case_id, officer_id, kind, due, rule) values (${id}, ${me.id}, 'register', date '2026-05-22', 'x'), (${id}, ${me.id}, 'decide', date '2026-07-01', 'x')`.execute(
      trx,
    );
    await sql`insert into case_transition (case_id, action, from_state, to_state, version, actor_id, at) values (${id}, 'create', 'received', 'received', 1, ${me.id}, now())`.execute(
      trx,
    );
  });
const sameRate = INTAKE / ((performance.now() - sameStart) / 1000);
await app.close();
await database.close();
if (dir) rmSync(dir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(2);
const text = [
  `${N.toLocaleString("en")} cases (${(2 * N).toLocaleString("en")} measures, ${N.toLocaleString("en")} persons, ${N.toLocaleString("en")} timeline events, ${(2 * N).toLocaleString("en")} deadlines), ${OFFICERS} officers; generated in ${genSeconds.toFixed(0)} s; ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite on disk"}; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| operation | p50 ms | p95 ms | raw SQL baseline p50 ms | baseline p95 ms | ratio p95 |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  `| queue (an officer's open deadlines, need-to-know) | ${f(q.p50)} | ${f(q.p95)} | ${f(qRaw.p50)} | ${f(qRaw.p95)} | ${f(q.p95 / qRaw.p95)} |`,
  `| search (state + partner + measure, need-to-know) | ${f(s.p50)} | ${f(s.p95)} | ${f(sRaw.p50)} | ${f(sRaw.p95)} | ${f(s.p95 / sRaw.p95)} |`,
  `| case page (case, measures, persons, basis, timeline, evidence, actions) | ${f(page.p50)} | ${f(page.p95)} | ${f(pageRaw.p50)} | ${f(pageRaw.p95)} | ${f(page.p95 / pageRaw.p95)} |`,
  "",
  "| intake | cases/s |",
  "| --- | ---: |",
  `| POST /api/v1/cases over HTTP (validation, legal basis, deadlines, audit event) | ${intakeRate.toFixed(0)} |`,
  `| raw single-row INSERT | ${rawRate.toFixed(0)} |`,
  `| POST /api/v1/cases/batch over HTTP, 100 cases a request (same checks, basis, deadlines, one audit event each) | ${batchRate.toFixed(0)} |`,
  `| raw SQL writing the same rows (case, measure, access, deadlines, timeline) in one transaction | ${sameRate.toFixed(0)} |`,
  `| ratio API / raw single-row INSERT | ${(intakeRate / rawRate).toFixed(2)} |`,
  `| ratio API / raw same rows | ${(intakeRate / sameRate).toFixed(2)} |`,
  `| ratio batch API / raw single-row INSERT | ${(batchRate / rawRate).toFixed(2)} |`,
].join("\n");
console.log(text);
if (process.argv.includes("--write")) {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const md = readFileSync(file, "utf8");
  const start = "<!-- bench:cases -->";
  const end = "<!-- /bench:cases -->";
  const block = `${start}\n${text}\n${end}`;
  writeFileSync(file, md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`);
}
