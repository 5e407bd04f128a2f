/**
 * npm run bench:stats — the statistics at a large caseload (BENCH_CASES, default 1,000,000), generated in
 * the database as bench:cases does (two measures, a person, a registration event and deadlines per
 * case) plus an offence for every case, a refusal with its ground and provision for one case in seven, a
 * decision and an execution event for one in three — all through the triggers of migration 0022, which
 * keep the read model (stat_fact, stat_count) in the same transactions. Then, each beside the raw
 * aggregate SQL over the case tables computing the same figures (counts per partner, measure, ICCS
 * section, basis, ground and provision; median and 90th percentile per quarter with percentile_cont;
 * open cases by age) in the same run:
 *   - one year's statistics page (GET /statistics's work, need-to-know included), p50/p95,
 *   - the whole period (about six years), p50/p95,
 *   - a figure's drill-down (the case list filtered to the figure's cases, first page), p95,
 *   - the cost of the triggers on a write: a case with a measure inserted with and without them.
 * Runs on PGlite in a temporary directory (or on DATABASE_URL); `--write` replaces the section in
 * BENCHMARKS.md. Target: each view under a second at one million cases.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { DEFAULT_SECURITY } from "../src/accounts/context.js";
import { listCasePage } from "../src/cases/queries.js";
import { openDatabase } from "../src/db/database.js";
import { readKnowledgeFiles } from "../src/knowledge/load.js";
import { loadReferenceData } from "../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../src/law/knowledge.js";
import type { Actor } from "../src/policies/policy.js";
import { ManualClock } from "../src/security/clock.js";
import { statisticsFor } from "../src/statistics/figures.js";
import { createReadyUser } from "../test/support/accounts.js";
import { benchOfficers, generateCaseBatch } from "./generate-cases.js";
import { percentiles } from "./timing.js";

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const OFFICERS = 50;
const BATCH = 50_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const RAW_SAMPLES = Number(process.env.BENCH_RAW_SAMPLES ?? 5);

const dir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), "rogatory-bench-stats-"));
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: dir ?? undefined });
const db = database.db;
if (process.env.DATABASE_URL) await sql`truncate case_file, stat_fact, stat_count cascade`.execute(db);
const files = readKnowledgeFiles();
const kb = buildKnowledgeBase(files);
await loadReferenceData({ db, kb, files });
const clock = new ManualClock(new Date("2026-06-01T09:00:00Z"));
const ctx = { db, clock, settings: { ...DEFAULT_SECURITY, signInPerMinute: 1e6, apiPerMinute: 1e7 }, kb };

const central = await db
  .insertInto("organisation")
  .values({ name: `Bench CA ${Date.now()}`, kind: "central_authority", jurisdiction: "GB" })
  .returning("id")
  .executeTakeFirstOrThrow();
const me = await createReadyUser(ctx, { email: `stats.me.${Date.now()}@ca.test`, role: "officer", organisationId: central.id });
const officers = [me.id, ...(await benchOfficers(db, central.id, OFFICERS - 1, "s"))];

// With BENCH_TRIGGERS=1 every batch goes through the triggers (about 1,000 cases/s falling to 300/s past
// 100,000 cases on PGlite here: too slow for a million in a session). Otherwise the cases are loaded with
// the statistics' insert triggers disabled and the read model is then
// built by the same function the triggers call, stat_refresh, a slice of cases at a time — the state the
// triggers would have left; the triggers' own cost is measured below, on writes.
const THROUGH_TRIGGERS = process.env.BENCH_TRIGGERS === "1";
const STAT_SOURCES = ["case_file", "case_measure", "case_offence", "case_decision", "case_transition"];
const statTriggers = async (on: boolean) => {
  for (const table of STAT_SOURCES)
    await sql.raw(`alter table ${table} ${on ? "enable" : "disable"} trigger stat_${table}_insert`).execute(db);
};
if (!THROUGH_TRIGGERS) await statTriggers(false);
const genStart = performance.now();
for (let from = 1; from <= N; from += BATCH) {
  const to = Math.min(N, from + BATCH - 1);
  const lo = `S-${String(from).padStart(8, "0")}`;
  const hi = `S-${String(to).padStart(8, "0")}`;
  await db.transaction().execute(async (trx) => {
    await generateCaseBatch(trx, {
      prefix: "S",
      titleWord: "Stats",
      from,
      to,
      createdBy: me.id,
      officers,
      createdAt: sql`timestamptz '2020-01-01' + make_interval(days => i % 2300, hours => 9)`,
      requestDate: sql`date '2020-01-01' + (i % 2300)`,
      deadlineRule: "bench",
    });
    const n = sql`(substr(c.reference, 3)::int)`;
    await sql`insert into case_offence (case_id, description, legal_provision, iccs, created_at)
              select c.id, 'Offence', 'Art. 1', lpad((1 + ${n} % 11)::text, 2, '0'), c.created_at
              from case_file c where c.reference between ${lo} and ${hi}`.execute(trx);
    await sql`insert into case_decision (case_id, kind, grounds, reasons, notice, decided_by, decided_at)
              select c.id, 'refusal',
                     jsonb_build_array(jsonb_build_object('ground', (array['essential_interests','no_dual_criminality','death_penalty','bank_secrecy'])[1 + ${n} % 4],
                                                          'provision', 'cets-030:art-2-b')),
                     'Reasons', 'Notice', c.created_by, c.created_at + make_interval(days => 10 + ${n} % 90)
              from case_file c where c.reference between ${lo} and ${hi} and ${n} % 7 = 0`.execute(trx);
    await sql`insert into case_transition (case_id, action, from_state, to_state, version, actor_id, at)
              select c.id, x.action, x.from_state, x.to_state, x.version, c.created_by, c.created_at + make_interval(days => x.days + ${n} % 120)
              from case_file c
              cross join (values ('accept', 'under_review', 'accepted', 3, 20), ('execute', 'in_execution', 'executed', 4, 60)) as x(action, from_state, to_state, version, days)
              where c.reference between ${lo} and ${hi} and ${n} % 3 = 0`.execute(trx);
  });
  const rate = to / ((performance.now() - genStart) / 1000);
  process.stdout.write(
    `\r  generating ${to.toLocaleString("en")} / ${N.toLocaleString("en")} cases, ${Math.round(rate).toLocaleString("en")}/s   `,
  );
}
const genSeconds = (performance.now() - genStart) / 1000;
process.stdout.write("\n");
if (!THROUGH_TRIGGERS) await statTriggers(true);
const buildStart = performance.now();
if (!THROUGH_TRIGGERS)
  for (let from = 1; from <= N; from += BATCH) {
    const to = Math.min(N, from + BATCH - 1);
    await db
      .transaction()
      .execute((trx) =>
        sql`select stat_refresh(array(select id from case_file where reference between ${`S-${String(from).padStart(8, "0")}`} and ${`S-${String(to).padStart(8, "0")}`}))`.execute(
          trx,
        ),
      );
    process.stdout.write(`\r  building the read model ${to.toLocaleString("en")} / ${N.toLocaleString("en")} cases   `);
  }
const buildSeconds = (performance.now() - buildStart) / 1000;
process.stdout.write("\n");
await sql`analyze`.execute(db);
const sizes = await sql<{
  facts: string;
  counts: string;
}>`select (select count(*) from stat_fact)::text as facts, (select count(*) from stat_count)::text as counts`.execute(db);

const actor: Actor = { userId: me.id, organisationId: central.id, role: "officer", label: "bench" };
const timeIt = (fn: () => Promise<unknown>, n: number) => percentiles(fn, n, { warmUp: true });

/**
 * The same figures straight from the case tables, the way one would write them without a read model:
 * one aggregate per table of the page, percentile_cont per quarter for the durations, ages of open cases.
 */
async function rawFigures(from: string, to: string): Promise<void> {
  const period = sql`coalesce(case when c.direction = 'incoming' then c.received_on else c.sent_on end, c.request_date, (c.created_at at time zone 'UTC')::date)`;
  const inPeriod = sql`c.kind = 'mla' and ${period} between ${from}::date and ${to}::date`;
  await sql`select c.direction, case when c.direction = 'incoming' then c.requesting else c.requested end as partner, count(*) from case_file c where ${inPeriod} group by 1, 2`.execute(
    db,
  );
  await sql`select c.direction, coalesce(c.basis_instrument, 'none'), count(*) from case_file c where ${inPeriod} group by 1, 2`.execute(
    db,
  );
  await sql`select c.direction, m.measure, count(distinct c.id) from case_file c join case_measure m on m.case_id = c.id where ${inPeriod} group by 1, 2`.execute(
    db,
  );
  await sql`select c.direction, o.iccs, count(distinct c.id) from case_file c join case_offence o on o.case_id = c.id where ${inPeriod} group by 1, 2`.execute(
    db,
  );
  await sql`select c.direction, d.kind, g->>'ground', g->>'provision', count(distinct c.id)
            from case_file c join case_decision d on d.case_id = c.id cross join jsonb_array_elements(d.grounds) g
            where ${inPeriod} and d.kind in ('refusal', 'partial_refusal', 'postponement') group by 1, 2, 3, 4`.execute(db);
  for (const target of ["registered", "accepted", "executed"])
    await sql`select c.direction, date_trunc('quarter', ${period}) as q,
                     percentile_cont(0.5) within group (order by t.days), percentile_cont(0.9) within group (order by t.days), count(*)
              from case_file c
              join (select case_id, min(at) as at from case_transition where to_state = ${target} group by case_id) t0 on t0.case_id = c.id
              cross join lateral (select greatest(0, (t0.at at time zone 'UTC')::date - coalesce(c.received_on, (c.created_at at time zone 'UTC')::date)) as days) t
              where ${inPeriod} group by rollup (1, 2)`.execute(db);
  await sql`select c.direction, width_bucket(date '2026-06-01' - ${period}, array[30, 90, 180, 365, 730]), count(*) from case_file c
            where ${inPeriod} and c.state in ('received','registered','under_review','awaiting_information','awaiting_confidentiality_choice','accepted','in_execution','postponed','draft','approved','translated','sent','acknowledged','under_execution')
            group by 1, 2`.execute(db);
}

const today = "2026-06-01";
const year = await timeIt(() => statisticsFor(db, actor, { from: "2024-01-01", to: "2024-12-31", today }), SAMPLES);
const yearRaw = await timeIt(() => rawFigures("2024-01-01", "2024-12-31"), RAW_SAMPLES);
const all = await timeIt(() => statisticsFor(db, actor, { from: "2019-01-01", to: "2026-06-01", today }), SAMPLES);
const allRaw = await timeIt(() => rawFigures("2019-01-01", "2026-06-01"), RAW_SAMPLES);
const oneWay = await timeIt(
  () => statisticsFor(db, actor, { from: "2024-01-01", to: "2024-12-31", direction: "incoming", today }),
  SAMPLES,
);

// Drill-down: the cases behind "by measure: production of records, received in 2024", first page.
const drillFilter = {
  statistic: "measure:records",
  statisticFrom: "2024-01-01",
  statisticTo: "2024-12-31",
  direction: "incoming" as const,
};
const drill = await timeIt(() => listCasePage(ctx, actor, drillFilter, { limit: 50 }), SAMPLES);
const drillRaw = await timeIt(
  () =>
    sql`select c.* from case_file c where c.direction = 'incoming' and c.kind = 'mla'
        and coalesce(c.received_on, c.request_date) between date '2024-01-01' and date '2024-12-31'
        and exists (select 1 from case_measure m where m.case_id = c.id and m.measure = 'records')
        order by c.created_at desc, c.id desc limit 51`.execute(db),
  SAMPLES,
);

// Writes: a case and its measure, with the triggers and (session_replication_role = replica) without.
const WRITES = 200;
async function writes(label: string): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < WRITES; i++)
    await db.transaction().execute(async (trx) => {
      const r = await sql<{ id: string }>`
        insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at, state, request_date, received_on, basis_instrument)
        values (${`W-${label}-${i}`}, 'incoming', 'w', 'RU', 'GB', 'normal', ${me.id}, now(), now(), 'received', date '2026-05-20', date '2026-05-21', 'cets-030') returning id`.execute(
        trx,
      );
      await sql`insert into case_measure (case_id, measure, description, created_at) values (${r.rows[0]?.id}, 'records', 'Bank records', now())`.execute(
        trx,
      );
    });
  return WRITES / ((performance.now() - start) / 1000);
}
const withTriggers = await writes("with");
await sql`set session_replication_role = replica`.execute(db);
const withoutTriggers = await writes("without");
await sql`set session_replication_role = origin`.execute(db);

await database.close();
if (dir) rmSync(dir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(1);
const r = (a: number, b: number) => (a / b).toFixed(3);
const text = [
  `${N.toLocaleString("en")} cases over 2020–2026 (two measures, an offence, a registration event each; a refusal for one in seven, acceptance and execution for one in three); read model ${Number(sizes.rows[0]?.facts).toLocaleString("en")} stat_fact rows, ${Number(sizes.rows[0]?.counts).toLocaleString("en")} stat_count rows; ${THROUGH_TRIGGERS ? `generated through the triggers in ${genSeconds.toFixed(0)} s` : `generated in ${genSeconds.toFixed(0)} s with the triggers off, read model built by stat_refresh in ${buildSeconds.toFixed(0)} s`}; ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite on disk"}; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, measured ${new Date().toISOString().slice(0, 10)}.`,
  "",
  "| view | p50 ms | p95 ms | raw aggregate SQL p50 ms | raw p95 ms | ratio p95 |",
  "| --- | ---: | ---: | ---: | ---: | ---: |",
  `| one year (2024), both directions, every table, durations per quarter, open by age, assets, need-to-know | ${f(year.p50)} | ${f(year.p95)} | ${f(yearRaw.p50)} | ${f(yearRaw.p95)} | ${r(year.p95, yearRaw.p95)} |`,
  `| whole period (2019–2026) | ${f(all.p50)} | ${f(all.p95)} | ${f(allRaw.p50)} | ${f(allRaw.p95)} | ${r(all.p95, allRaw.p95)} |`,
  `| one year, received only | ${f(oneWay.p50)} | ${f(oneWay.p95)} | | | |`,
  `| drill-down: a figure's cases, first page of the case list (need-to-know) | ${f(drill.p50)} | ${f(drill.p95)} | ${f(drillRaw.p50)} | ${f(drillRaw.p95)} | ${r(drill.p95, drillRaw.p95)} |`,
  "",
  "| writes (a case with one measure, one transaction) | cases/s |",
  "| --- | ---: |",
  `| with the statistics triggers | ${withTriggers.toFixed(0)} |`,
  `| without (session_replication_role = replica) | ${withoutTriggers.toFixed(0)} |`,
  `| ratio with / without | ${(withTriggers / withoutTriggers).toFixed(2)} |`,
].join("\n");
console.log(text);
if (process.argv.includes("--write")) {
  const file = new URL("../BENCHMARKS.md", import.meta.url);
  const md = readFileSync(file, "utf8");
  const start = "<!-- bench:stats -->";
  const end = "<!-- /bench:stats -->";
  const block = `${start}\n${text}\n${end}`;
  writeFileSync(file, md.includes(start) ? md.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${md.trimEnd()}\n\n${block}\n`);
}
