/**
 * Every number of the statistics against a plain computation over the generated cases (issue 16 §3):
 * fast-check generates cases (directions, partner states, measures, offences, bases, decisions with
 * grounds and provisions, registration/decision/execution dates, confidentiality, access lists, transfer
 * cases), inserts them directly (the read model follows by its triggers), and each figure is compared,
 * per role, with a straightforward count in TypeScript — including which small figures are "<5", and
 * that none of them can be worked out from a total shown beside it — and each figure's drill-down with
 * the visible cases behind it. Deleting the cases must bring every count
 * back to zero (the triggers keep the counts on delete as well as on insert).
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCasePage } from "../cases/queries.js";
import type { Actor } from "../policies/policy.js";
import { createOrganisations, createReadyUser } from "../../test/support/accounts.js";
import { possibleValues } from "../../test/support/disclosure.js";
import { startTestApp, type TestApp } from "../../test/support/app.js";
import { AGE_BANDS, type Direction, type Figure, type Statistics, TABLES, type TableName, statisticsFor } from "./figures.js";

const PARTNERS = ["FR", "DE", "RU", "US", "CN"];
const MEASURES = ["records", "testimony", "search_seizure", "service"];
const ICCS = ["01", "06", "07"];
const GROUNDS = ["essential_interests", "no_dual_criminality", "death_penalty"];
const PROVISIONS = ["cets-030:art-2-b", "cets-030:art-2-a", null];
const STATES_IN = ["received", "registered", "accepted", "in_execution", "executed", "refused", "closed", "postponed"];
const STATES_OUT = ["draft", "sent", "acknowledged", "under_execution", "executed", "refused_by_partner", "closed"];
const OPEN = new Set([
  "received",
  "registered",
  "under_review",
  "awaiting_information",
  "awaiting_confidentiality_choice",
  "accepted",
  "in_execution",
  "postponed",
  "draft",
  "approved",
  "translated",
  "sent",
  "acknowledged",
  "under_execution",
]);
const TODAY = "2026-03-01";
const DAY0 = Date.parse("2024-01-01T00:00:00Z");
const dayOf = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

interface GenCase {
  kind: "mla" | "tsp";
  direction: Direction;
  partner: string;
  confidentiality: "normal" | "confidential" | "strictly_confidential";
  basis: string | null;
  requestDay: number;
  /** Days after the request date it was received (incoming) or sent (outgoing); null: not recorded. */
  arrival: number | null;
  state: string;
  measures: string[];
  iccs: string[];
  decisions: {
    kind: "refusal" | "partial_refusal" | "postponement" | "acceptance";
    grounds: { ground: string; provision: string | null }[];
    after: number;
  }[];
  transitions: { to: string; after: number }[];
  listedOfficer: boolean;
  listedAuditor: boolean;
}

const genCase = (bases: string[]) =>
  fc.record<GenCase>({
    kind: fc.constantFrom("mla", "mla", "mla", "tsp"),
    direction: fc.constantFrom("incoming", "outgoing"),
    partner: fc.constantFrom(...PARTNERS),
    confidentiality: fc.constantFrom("normal", "confidential", "strictly_confidential"),
    basis: fc.constantFrom(null, ...bases),
    requestDay: fc.integer({ min: 0, max: 729 }),
    arrival: fc.option(fc.integer({ min: 0, max: 20 })),
    state: fc.constantFrom(...STATES_IN, ...STATES_OUT),
    measures: fc.uniqueArray(fc.constantFrom(...MEASURES), { maxLength: 3 }),
    iccs: fc.uniqueArray(fc.constantFrom(...ICCS), { maxLength: 2 }),
    decisions: fc.array(
      fc.record({
        kind: fc.constantFrom("refusal", "partial_refusal", "postponement", "acceptance"),
        grounds: fc.array(fc.record({ ground: fc.constantFrom(...GROUNDS), provision: fc.constantFrom(...PROVISIONS) }), { maxLength: 2 }),
        after: fc.integer({ min: -3, max: 200 }),
      }),
      { maxLength: 2 },
    ),
    transitions: fc.array(
      fc.record({
        to: fc.constantFrom("registered", "accepted", "refused", "executed", "refused_by_partner"),
        after: fc.integer({ min: 0, max: 300 }),
      }),
      {
        maxLength: 3,
      },
    ),
    listedOfficer: fc.boolean(),
    listedAuditor: fc.boolean(),
  });

/** Nine incoming cases of 2024: seven normal from Russia, two strictly confidential from China (the officer listed on one). */
function besideATotal(): GenCase[] {
  const one = (partner: string, confidentiality: GenCase["confidentiality"], listedOfficer: boolean, requestDay: number): GenCase => ({
    kind: "mla",
    direction: "incoming",
    partner,
    confidentiality,
    basis: null,
    requestDay,
    arrival: 2,
    state: "registered",
    measures: ["records"],
    iccs: [],
    decisions: [],
    transitions: [{ to: "registered", after: 3 }],
    listedOfficer,
    listedAuditor: false,
  });
  return [
    ...Array.from({ length: 7 }, (_, i) => one("RU", "normal", false, 10 + i * 30)),
    one("CN", "strictly_confidential", true, 20),
    one("CN", "strictly_confidential", false, 200),
  ];
}

let t: TestApp;
let officer: Actor;
let auditor: Actor;
let supervisor: Actor;
let bases: string[];

beforeAll(async () => {
  t = await startTestApp();
  const orgs = await createOrganisations(t.ctx);
  const mk = async (role: "officer" | "auditor" | "supervisor") => {
    const u = await createReadyUser(t.ctx, { email: `${role}@stats.test`, role, organisationId: orgs.central });
    return { userId: u.id, organisationId: orgs.central, role, label: role } satisfies Actor;
  };
  officer = await mk("officer");
  auditor = await mk("auditor");
  supervisor = await mk("supervisor");
  bases = [...t.ctx.kb.instruments.keys()].slice(0, 2);
}, 120_000);

afterAll(async () => t?.close());

/** Inserts the cases and what hangs on them; returns each case's id in order. */
async function insert(cases: GenCase[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, c] of cases.entries()) {
    const request = dayOf(c.requestDay);
    const arrival = c.arrival === null ? null : dayOf(c.requestDay + c.arrival);
    const row = await sql<{ id: string }>`
      insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at,
                             state, request_date, basis_instrument, received_on, sent_on, kind)
      values (${`ST-${i}`}, ${c.direction}, 'Generated', ${c.direction === "incoming" ? c.partner : "GB"}, ${c.direction === "incoming" ? "GB" : c.partner},
              'normal', ${officer.userId}, ${`${request}T09:00:00Z`}, ${`${request}T09:00:00Z`}, 'received', ${request}, ${c.basis},
              ${c.direction === "incoming" ? arrival : null}, ${c.direction === "outgoing" ? arrival : null}, ${c.kind})
      returning id`.execute(t.ctx.db);
    const id = row.rows[0]?.id as string;
    ids.push(id);
    // Opened as a normal case just received, then changed: the update trigger moves its counts.
    await sql`update case_file set state = ${c.state}, confidentiality = ${c.confidentiality}, version = version + 1 where id = ${id}`.execute(
      t.ctx.db,
    );
    for (const m of c.measures)
      await sql`insert into case_measure (case_id, measure, description, created_at) values (${id}, ${m}, 'm', now())`.execute(t.ctx.db);
    for (const o of c.iccs)
      await sql`insert into case_offence (case_id, description, legal_provision, iccs, created_at) values (${id}, 'o', 'p', ${o}, now())`.execute(
        t.ctx.db,
      );
    for (const d of c.decisions)
      await sql`insert into case_decision (case_id, kind, grounds, reasons, notice, decided_by, decided_at)
                values (${id}, ${d.kind}, ${JSON.stringify(d.grounds.map((g) => (g.provision ? g : { ground: g.ground })))}::jsonb, 'r', 'n', ${officer.userId},
                        ${`${dayOf(c.requestDay + (c.arrival ?? 0) + d.after)}T10:00:00Z`})`.execute(t.ctx.db);
    for (const [k, tr] of c.transitions.entries())
      await sql`insert into case_transition (case_id, action, from_state, to_state, version, actor_id, at)
                values (${id}, 'x', 'received', ${tr.to}, ${k + 2}, ${officer.userId}, ${`${dayOf(c.requestDay + (c.arrival ?? 0) + tr.after)}T11:00:00Z`})`.execute(
        t.ctx.db,
      );
    if (c.listedOfficer)
      await sql`insert into case_access (case_id, user_id, granted_by, granted_at) values (${id}, ${officer.userId}, ${officer.userId}, now())`.execute(
        t.ctx.db,
      );
    if (c.listedAuditor)
      await sql`insert into case_access (case_id, user_id, granted_by, granted_at) values (${id}, ${auditor.userId}, ${officer.userId}, now())`.execute(
        t.ctx.db,
      );
  }
  return ids;
}

async function clear(): Promise<void> {
  for (const table of ["case_access", "case_transition", "case_decision", "case_offence", "case_measure", "case_file"])
    await sql`delete from ${sql.table(table)}`.execute(t.ctx.db);
}

/** percentile_cont, the textbook way: sort, then interpolate at p·(n−1). */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 1e6) / 1e6);

/** What the plain computation says a figure is, and which cases are behind it. */
interface Expected {
  ids: string[];
  visible: string[];
}

function model(cases: GenCase[], ids: string[], actor: Actor, from: string, to: string) {
  const sees = (c: GenCase) =>
    // The supervisor is on no access list: strictly confidential cases are out of their sight.
    actor.role === "auditor"
      ? c.listedAuditor
      : c.confidentiality !== "strictly_confidential" || (actor.role === "officer" && c.listedOfficer);
  const info = cases.map((c, i) => {
    const request = dayOf(c.requestDay);
    const arrival = c.arrival === null ? null : dayOf(c.requestDay + c.arrival);
    const day = arrival ?? request;
    const start = c.direction === "incoming" ? (arrival ?? request) : arrival;
    const first = (days: string[]) => (days.length === 0 ? null : (days.sort()[0] as string));
    const after = (n: number) => dayOf(c.requestDay + (c.arrival ?? 0) + n);
    const reg = first(c.transitions.filter((x) => x.to === "registered").map((x) => after(x.after)));
    const dec = first([
      ...c.decisions.filter((d) => d.kind !== "postponement").map((d) => after(d.after)),
      ...c.transitions.filter((x) => ["accepted", "refused", "refused_by_partner"].includes(x.to)).map((x) => after(x.after)),
    ]);
    const exe = first(c.transitions.filter((x) => x.to === "executed").map((x) => after(x.after)));
    const dur = (d: string | null) => (d === null || start === null ? null : Math.max(0, daysBetween(start, d)));
    return {
      c,
      id: ids[i] as string,
      day,
      seen: sees(c),
      durations: {
        registration: c.direction === "incoming" ? dur(reg) : null,
        decision: dur(dec),
        execution: dur(exe),
      },
    };
  });
  const inPeriod = info.filter((x) => x.day >= from && x.day <= to);
  const cell = (pred: (x: (typeof info)[number]) => boolean): Expected => {
    const hit = inPeriod.filter(pred);
    return { ids: hit.map((x) => x.id), visible: hit.filter((x) => x.seen).map((x) => x.id) };
  };
  return { info, inPeriod, cell };
}

/** The figure the page should show for a cell, before the complement: "<5" when small with a case the user may not see. */
const shown = (e: Expected) => {
  const n = e.ids.length;
  const suppressed = n > 0 && n < 5 && e.visible.length < n;
  return { value: suppressed ? null : n, suppressed };
};

/**
 * A figure as shown: "<5" exactly when the plain count says so; otherwise its count, unless it is
 * withheld for the complement (checked against the totals by expectNothingWorkedOut).
 */
function expectShown(f: Pick<Figure, "value" | "suppressed" | "suppression">, e: Expected, what: string) {
  const want = shown(e);
  expect(f.suppressed, what).toBe(f.suppression !== null);
  if (want.suppressed) expect({ value: f.value, suppression: f.suppression }, what).toEqual({ value: null, suppression: "small" });
  else if (f.suppression === "complement") expect({ value: f.value, cases: e.ids.length > 0 }, what).toEqual({ value: null, cases: true });
  else expect({ value: f.value, suppression: f.suppression }, what).toEqual({ value: want.value, suppression: null });
}

/**
 * The complementary suppression (issue 16 §2: need-to-know applies to every number): in each table
 * whose figures add up to a total shown beside it — partner states and bases to a direction's total,
 * a duration's quarters to its whole period — a reader who tries every way of filling in the hidden
 * figures cannot narrow any "<5" below 1–4; and nothing is withheld where no "<5" needs it.
 */
function expectNothingWorkedOut(s: Statistics, dirs: Direction[]) {
  const groups: { what: string; total: Figure | null; parts: Figure[] }[] = [];
  const present = (f: Figure | null): f is Figure => f !== null;
  for (const d of dirs)
    for (const table of ["partner", "basis"] as const)
      groups.push({ what: `${table} ${d}`, total: s.totals[d], parts: s.tables[table].map((r) => r[d]).filter(present) });
  for (const dur of s.durations)
    groups.push({ what: `${dur.milestone} ${dur.direction}`, total: dur.overall.cases, parts: dur.quarters.map((q) => q.cases) });
  for (const g of groups) {
    const small = g.parts.filter((p) => p.suppression === "small");
    if (small.length === 0 && g.total?.suppression !== "complement")
      expect(g.parts.filter((p) => p.suppression === "complement").length, `${g.what}: withheld with no <5 to protect`).toBe(0);
    if (!g.total || g.total.suppressed) continue;
    const rest = (g.total.value as number) - g.parts.reduce((a, p) => a + (p.value ?? 0), 0);
    const hidden = g.parts.flatMap((p, i) => (p.suppressed ? [{ key: String(i), small: p.suppression === "small" }] : []));
    const possible = possibleValues(rest, hidden);
    for (const h of hidden)
      if (h.small) expect([...(possible.get(h.key) ?? [])].sort(), `${g.what}: a <5 worked out from the total`).toEqual([1, 2, 3, 4]);
  }
}

const codesOf = (table: TableName, c: GenCase): string[] => {
  const refusals = c.decisions.filter((d) => d.kind === "refusal" || d.kind === "partial_refusal");
  const postponements = c.decisions.filter((d) => d.kind === "postponement");
  switch (table) {
    case "partner":
      return [c.partner];
    case "measure":
      return c.measures;
    case "iccs":
      return c.iccs;
    case "basis":
      return [c.basis ?? "none"];
    case "refusalGround":
      return refusals.flatMap((d) => d.grounds.map((g) => g.ground));
    case "refusalProvision":
      return refusals.flatMap((d) => d.grounds.flatMap((g) => (g.provision ? [g.provision] : [])));
    case "postponementGround":
      return postponements.flatMap((d) => d.grounds.map((g) => g.ground));
    case "postponementProvision":
      return postponements.flatMap((d) => d.grounds.flatMap((g) => (g.provision ? [g.provision] : [])));
  }
};

async function drill(actor: Actor, f: Figure): Promise<string[]> {
  const page = await listCasePage(t.ctx, actor, { ...f.cases }, { limit: 200 });
  return page.items.map((x) => x.id).sort();
}

async function check(cases: GenCase[], ids: string[], actor: Actor, from: string, to: string, direction: Direction | undefined) {
  const s: Statistics = await statisticsFor(t.ctx.db, actor, { from, to, direction, today: TODAY });
  const m = model(cases, ids, actor, from, to);
  const dirs: Direction[] = direction ? [direction] : ["incoming", "outgoing"];
  const expectFigure = async (f: Figure | null, e: Expected, what: string) => {
    expect(f, what).not.toBeNull();
    if (f) expectShown(f, e, what);
    if (f) expect(await drill(actor, f), `${what}: drill-down`).toEqual([...e.visible].sort());
  };
  for (const d of ["incoming", "outgoing"] as const) {
    if (!dirs.includes(d)) {
      expect(s.totals[d]).toBeNull();
      continue;
    }
    await expectFigure(
      s.totals[d],
      m.cell((x) => x.c.kind === "mla" && x.c.direction === d),
      `total ${d}`,
    );
    await expectFigure(
      s.transfers[d],
      m.cell((x) => x.c.kind === "tsp" && x.c.direction === d),
      `transfers ${d}`,
    );
    for (const band of s.openByAge) {
      const e = m.cell((x) => {
        const age = daysBetween(x.day, TODAY);
        return x.c.kind === "mla" && x.c.direction === d && OPEN.has(x.c.state) && age >= band.from && (band.to === null || age < band.to);
      });
      expectShown(band[d] as Figure, e, `open ${band.from} ${d}`);
    }
  }
  expect(s.openByAge.map((b) => b.from)).toEqual(AGE_BANDS.map((b) => b.from));
  for (const table of Object.keys(TABLES) as TableName[]) {
    const expectedCodes = new Set(
      m.inPeriod.filter((x) => x.c.kind === "mla" && dirs.includes(x.c.direction)).flatMap((x) => codesOf(table, x.c)),
    );
    expect(new Set(s.tables[table].map((r) => r.code)), table).toEqual(expectedCodes);
    for (const row of s.tables[table])
      for (const d of dirs)
        await expectFigure(
          row[d],
          m.cell((x) => x.c.kind === "mla" && x.c.direction === d && codesOf(table, x.c).includes(row.code)),
          `${table} ${row.code} ${d}`,
        );
  }
  for (const d of s.durations) {
    const measured = (pred: (x: (typeof m.info)[number]) => boolean) => {
      const e = m.cell((x) => x.c.kind === "mla" && x.c.direction === d.direction && x.durations[d.milestone] !== null && pred(x));
      const values = m.inPeriod.filter((x) => e.ids.includes(x.id)).map((x) => x.durations[d.milestone] as number);
      return { e, values };
    };
    const all = measured(() => true);
    const what = `${d.milestone} ${d.direction}`;
    expectShown(d.overall.cases, all.e, what);
    if (d.overall.cases.suppression !== "small") {
      expect(round(d.overall.median), `${what} median`).toEqual(round(percentile(all.values, 0.5)));
      expect(round(d.overall.p90), `${what} p90`).toEqual(round(percentile(all.values, 0.9)));
    }
    const quarters = new Set(
      all.e.ids
        .map((id) => m.info.find((x) => x.id === id)?.day)
        .map((day) => `${day?.slice(0, 4)}-Q${Math.floor((Number(day?.slice(5, 7)) - 1) / 3) + 1}`),
    );
    expect(new Set(d.quarters.map((q) => q.quarter)), `${what} quarters`).toEqual(quarters);
    for (const q of d.quarters) {
      const one = measured((x) => `${x.day.slice(0, 4)}-Q${Math.floor((Number(x.day.slice(5, 7)) - 1) / 3) + 1}` === q.quarter);
      expectShown(q.cases, one.e, `${what} ${q.quarter}`);
      if (q.cases.suppression !== "small")
        expect(round(q.median), `${what} ${q.quarter} median`).toEqual(round(percentile(one.values, 0.5)));
      if (q.cases.suppression !== "small") expect(round(q.p90), `${what} ${q.quarter} p90`).toEqual(round(percentile(one.values, 0.9)));
      expect((await drill(actor, q.cases)).length, `${what} ${q.quarter} drill`).toBe(one.e.visible.length);
    }
  }
  expectNothingWorkedOut(s, dirs);
}

describe("statistics against a plain count of generated cases", () => {
  it("every figure, its suppression per role and its drill-down agree; deleting the cases empties the counts", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(genCase(bases), { minLength: 0, maxLength: 25 }),
        fc.oneof(
          fc.constantFrom<[string, string]>(["2024-01-01", "2024-12-31"], ["2025-01-01", "2025-12-31"]),
          fc
            .tuple(fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 729 }))
            .map(([a, b]) => [dayOf(Math.min(a, b)), dayOf(Math.max(a, b))] as [string, string]),
        ),
        fc.constantFrom<Direction | undefined>(undefined, "incoming", "outgoing"),
        async (cases, [from, to], direction) => {
          const ids = await insert(cases);
          try {
            for (const actor of [officer, auditor, supervisor]) await check(cases, ids, actor, from, to, direction);
          } finally {
            await clear();
          }
          const left = await sql<{ n: number }>`
            select (select coalesce(sum(abs(n)), 0) from stat_count)::int + (select coalesce(sum(abs(n)), 0) from stat_count_month)::int
                   + (select count(*) from stat_fact)::int as n`.execute(t.ctx.db);
          expect(left.rows[0]?.n).toBe(0);
          // Zero rows are left behind by deletes; clearing them keeps each run's count tables small.
          await sql`delete from stat_count where n = 0`.execute(t.ctx.db);
          await sql`delete from stat_count_month where n = 0`.execute(t.ctx.db);
        },
      ),
      // Besides the random ones, the route test's case, which random cases reach only now and then: seven
      // from Russia and two strictly confidential from China (the officer listed on one), all in 2024 and
      // registered, so China's "<5" sits beside a shown total of 9 in the partner table.
      { numRuns: 40, examples: [[besideATotal(), ["2024-01-01", "2024-12-31"], undefined]] },
    );
  }, 600_000);
});
