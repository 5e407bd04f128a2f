/**
 * The statistics of the central authority's cases (issue 16 §2): requests received and sent per
 * partner state, measure, ICCS section and basis; refusals and postponements by ground and provision;
 * durations from receipt to registration, decision and execution (median, 90th percentile, per
 * quarter); open cases by age; frozen, confiscated and shared assets per currency.
 *
 * Every figure counts all of the authority's cases (sums over the read model stat_count, migration
 * 0022), not only those the user may see. Need-to-know: a figure below 5 is shown only when the user
 * may see every case behind it; otherwise it is "<5" (value null, suppressed true, suppression
 * "small"). Where such a figure could be worked out from a shown total, more figures of its table are
 * withheld (suppression "complement", complement.ts). Each figure names
 * its `statistic`, the filter that lists its cases (src/cases/queries.ts), which lists only visible ones.
 *
 * Transfers of sentenced persons (case kind 'tsp') are counted apart (`transfers`) and left out of
 * every mutual legal assistance figure.
 */
import { Decimal } from "decimal.js";
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { type Actor, CONFIDENTIALITY, type Confidentiality, caseVisibility } from "../policies/policy.js";
import { type AdditiveGroup, complementaryCells } from "./complement.js";

/** Below this, a figure is shown only to a user who may see every case behind it. */
export const SMALL = 5;

export const DIRECTIONS = ["incoming", "outgoing"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The tables of counts, each by one dimension of stat_fact. */
export const TABLES = {
  partner: "partner",
  measure: "measure",
  iccs: "iccs",
  basis: "basis",
  refusalGround: "refusal_ground",
  refusalProvision: "refusal_provision",
  postponementGround: "postponement_ground",
  postponementProvision: "postponement_provision",
} as const;
export type TableName = keyof typeof TABLES;

export const MILESTONES = ["registration", "decision", "execution"] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Ages of open cases, in days since receipt (or sending): [from, to) with to null for "and more". */
export const AGE_BANDS: readonly { from: number; to: number | null }[] = [
  { from: 0, to: 30 },
  { from: 30, to: 90 },
  { from: 90, to: 180 },
  { from: 180, to: 365 },
  { from: 365, to: 730 },
  { from: 730, to: null },
];

export const ASSET_FIGURES = ["frozen", "confiscated", "shared"] as const;
export type AssetFigure = (typeof ASSET_FIGURES)[number];

/**
 * One number: null and suppressed when it is below 5 and the user may not see every case behind it
 * ("small"), or when it is withheld so that such a figure cannot be worked out from a total
 * ("complement", see complement.ts).
 */
export interface Figure {
  value: number | null;
  suppressed: boolean;
  /** Why the value is not shown; null when it is. */
  suppression: "small" | "complement" | null;
  /** The case list filter that lists this figure's cases: `statistic`, `statisticFrom`, `statisticTo`, `direction`. */
  cases: { statistic: string; statisticFrom: string; statisticTo: string; direction: Direction };
}

export interface CountRow {
  code: string;
  incoming: Figure | null;
  outgoing: Figure | null;
}

export interface DurationFigure {
  cases: Figure;
  /** Days; null when there is nothing to measure or the figure is suppressed. */
  median: number | null;
  p90: number | null;
}

export interface DurationRow {
  milestone: Milestone;
  direction: Direction;
  overall: DurationFigure;
  quarters: ({ quarter: string } & DurationFigure)[];
}

export interface AssetRow {
  figure: AssetFigure;
  direction: Direction;
  currency: string;
  cases: Figure;
  assets: number | null;
  /** Exact decimal sum (text); null when suppressed. */
  amount: string | null;
}

export interface Statistics {
  from: string;
  to: string;
  direction: Direction | null;
  /** Today, for the ages of open cases. */
  asOf: string;
  totals: { incoming: Figure | null; outgoing: Figure | null };
  transfers: { incoming: Figure | null; outgoing: Figure | null };
  tables: Record<TableName, CountRow[]>;
  durations: DurationRow[];
  openByAge: { from: number; to: number | null; incoming: Figure | null; outgoing: Figure | null }[];
  assets: AssetRow[];
}

export interface StatisticsFilter {
  from: string;
  to: string;
  direction?: Direction;
  /** Today (YYYY-MM-DD), from the clock. */
  today: string;
}

/** A cell before need-to-know: how many cases of each confidentiality level, and the cases' filter. */
interface Cell {
  byLevel: Record<Confidentiality, number>;
  dimension: string;
  value: string | null;
  from: string;
  to: string;
  direction: Direction;
  kind: "mla" | "tsp";
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const quarterRange = (q: string, from: string, to: string): [string, string] => {
  const y = q.slice(0, 4);
  const n = Number(q.slice(6));
  const start = `${y}-${String((n - 1) * 3 + 1).padStart(2, "0")}-01`;
  const end = addDays(n === 4 ? `${Number(y) + 1}-01-01` : `${y}-${String(n * 3 + 1).padStart(2, "0")}-01`, -1);
  return [start > from ? start : from, end < to ? end : to];
};
/**
 * The whole months inside [from, to], as first days of months [first, last]; when there is none, an
 * empty range after `to` (first > last), so the month table adds nothing and the days cover it all.
 */
export function wholeMonths(from: string, to: string): [string, string] {
  const first = from.endsWith("-01") ? from : `${addDays(`${from.slice(0, 7)}-01`, 40).slice(0, 7)}-01`;
  const next = addDays(to, 1);
  const last = next.endsWith("-01") ? `${to.slice(0, 7)}-01` : `${addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  return first <= last ? [first, last] : ["9999-12-01", "0001-01-01"];
}
const emptyLevels = (): Record<Confidentiality, number> => ({ normal: 0, confidential: 0, strictly_confidential: 0 });
const total = (c: Record<Confidentiality, number>) => c.normal + c.confidential + c.strictly_confidential;

/**
 * percentile_cont over a histogram of whole days: the value at position p·(n−1) of the sorted list,
 * interpolated between its neighbours, as PostgreSQL's percentile_cont does.
 */
export function percentileOfHistogram(hist: Map<number, number>, p: number): number | null {
  const keys = [...hist.keys()].sort((a, b) => a - b);
  const n = keys.reduce((s, k) => s + (hist.get(k) ?? 0), 0);
  if (n === 0) return null;
  const pos = p * (n - 1);
  const at = (i: number) => {
    let seen = 0;
    for (const k of keys) {
      seen += hist.get(k) ?? 0;
      if (i < seen) return k;
    }
    return keys[keys.length - 1] as number;
  };
  const lo = Math.floor(pos);
  const a = at(lo);
  const b = at(Math.ceil(pos));
  return a + (b - a) * (pos - lo);
}

/** The statistics over [from, to] (days of receipt or sending), need-to-know applied. */
export async function statisticsFor(db: Kysely<Database>, actor: Actor, f: StatisticsFilter): Promise<Statistics> {
  const dirs = f.direction ? [f.direction] : [...DIRECTIONS];
  // One pass over the counts of the period: durations keep their quarter, open cases their day (for the age).
  // Whole months from the month table; the days before the first and after the last whole month from
  // the day table; open cases always from the days (their age is counted to the day).
  const [monthFrom, monthTo] = wholeMonths(f.from, f.to);
  const slot = (day: RawBuilder<unknown>) =>
    sql`case when dimension like 'duration_%' then to_char(${day}, 'YYYY-"Q"Q') when dimension = 'open' then (${f.today}::date - ${day})::text else '' end`;
  const rows = await sql<{
    dimension: string;
    value: string;
    direction: Direction;
    kind: "mla" | "tsp";
    confidentiality: Confidentiality;
    slot: string;
    n: number;
  }>`
    with counts as (
      select dimension, value, direction, kind, confidentiality, ${slot(sql`month`)} as slot, n
      from stat_count_month
      where month between ${monthFrom}::date and ${monthTo}::date and dimension <> 'open' and direction = any(${dirs}::text[]) and n <> 0
      union all
      select dimension, value, direction, kind, confidentiality, ${slot(sql`day`)}, n
      from stat_count
      where ((day between ${f.from}::date and ${f.to}::date and day < ${monthFrom}::date)
          or (day between ${f.from}::date and ${f.to}::date and day > (${monthTo}::date + interval '1 month' - interval '1 day')))
        and dimension <> 'open' and direction = any(${dirs}::text[]) and n <> 0
      union all
      select dimension, value, direction, kind, confidentiality, ${slot(sql`day`)}, n
      from stat_count
      where dimension = 'open' and day between ${f.from}::date and ${f.to}::date and direction = any(${dirs}::text[]) and n <> 0
    )
    select dimension, value, direction, kind, confidentiality, slot, sum(n)::int as n from counts group by 1, 2, 3, 4, 5, 6`.execute(db);

  const cells = new Map<string, Cell>();
  const cell = (key: string, init: Omit<Cell, "byLevel">): Cell => {
    let c = cells.get(key);
    if (!c) {
      c = { byLevel: emptyLevels(), ...init };
      cells.set(key, c);
    }
    return c;
  };
  const base = (direction: Direction, kind: "mla" | "tsp" = "mla") => ({ from: f.from, to: f.to, direction, kind });
  for (const d of dirs) {
    cell(`total|${d}`, { dimension: "total", value: null, ...base(d) });
    cell(`tsp|${d}`, { dimension: "total", value: null, ...base(d, "tsp") });
    for (const band of AGE_BANDS) {
      const [lo, hi] = ageRange(band, f);
      cell(`open|${band.from}|${d}`, { dimension: "open", value: null, from: lo, to: hi, direction: d, kind: "mla" });
    }
  }
  /** Histograms of durations: key milestone|direction|quarter (or "all") → days → cases. */
  const hist = new Map<string, Map<number, number>>();
  const addHist = (key: string, days: number, n: number) => {
    const h = hist.get(key) ?? new Map<number, number>();
    h.set(days, (h.get(days) ?? 0) + n);
    hist.set(key, h);
  };
  for (const r of rows.rows) {
    const lvl = r.confidentiality;
    if (r.kind === "tsp") {
      if (r.dimension === "total")
        cell(`tsp|${r.direction}`, { dimension: "total", value: null, ...base(r.direction, "tsp") }).byLevel[lvl] += r.n;
      continue;
    }
    if (r.dimension === "total")
      cell(`total|${r.direction}`, { dimension: "total", value: null, ...base(r.direction) }).byLevel[lvl] += r.n;
    else if (r.dimension === "open") {
      const age = Number(r.slot);
      const band = AGE_BANDS.find((b) => age >= b.from && (b.to === null || age < b.to));
      if (band) {
        const c = cells.get(`open|${band.from}|${r.direction}`);
        if (c) c.byLevel[lvl] += r.n;
      }
    } else if (r.dimension.startsWith("duration_")) {
      const m = r.dimension.slice("duration_".length);
      const [qFrom, qTo] = quarterRange(r.slot, f.from, f.to);
      cell(`${r.dimension}|${r.direction}|all`, { dimension: r.dimension, value: null, ...base(r.direction) }).byLevel[lvl] += r.n;
      cell(`${r.dimension}|${r.direction}|${r.slot}`, {
        dimension: r.dimension,
        value: null,
        from: qFrom,
        to: qTo,
        direction: r.direction,
        kind: "mla",
      }).byLevel[lvl] += r.n;
      addHist(`${m}|${r.direction}|all`, Number(r.value), r.n);
      addHist(`${m}|${r.direction}|${r.slot}`, Number(r.value), r.n);
    } else
      cell(`${r.dimension}|${r.value}|${r.direction}`, { dimension: r.dimension, value: r.value, ...base(r.direction) }).byLevel[lvl] +=
        r.n;
  }

  const assetRows = await assetCells(db, f, dirs);
  for (const a of assetRows) {
    const c = cell(`asset|${a.figure}|${a.currency}|${a.direction}`, {
      dimension: `asset_${a.figure}`,
      value: a.currency,
      ...base(a.direction),
    });
    c.byLevel = a.byLevel;
  }

  const hidden = await suppressedCells(db, actor, cells);
  const withheld = complementaryCells(additiveGroups(cells, dirs), (k) => total(cells.get(k)?.byLevel ?? emptyLevels()), hidden, SMALL);
  const figure = (key: string): Figure | null => {
    const c = cells.get(key);
    if (!c) return null;
    const suppression = hidden.has(key) ? "small" : withheld.has(key) ? "complement" : null;
    return {
      value: suppression ? null : total(c.byLevel),
      suppressed: suppression !== null,
      suppression,
      cases: {
        statistic: c.kind === "tsp" ? "transfers" : c.value === null ? c.dimension : `${c.dimension}:${c.value}`,
        statisticFrom: c.from,
        statisticTo: c.to,
        direction: c.direction,
      },
    };
  };
  const either = (key: (d: Direction) => string) => ({
    incoming: dirs.includes("incoming") ? figure(key("incoming")) : null,
    outgoing: dirs.includes("outgoing") ? figure(key("outgoing")) : null,
  });

  const tables = {} as Record<TableName, CountRow[]>;
  for (const [name, dimension] of Object.entries(TABLES) as [TableName, string][]) {
    const codes = new Set<string>();
    for (const c of cells.values()) if (c.dimension === dimension && c.value !== null) codes.add(c.value);
    tables[name] = [...codes]
      .map((code) => {
        const row = either((d) => `${dimension}|${code}|${d}`);
        return {
          code,
          incoming: row.incoming ?? (dirs.includes("incoming") ? zero(dimension, code, f, "incoming") : null),
          outgoing: row.outgoing ?? (dirs.includes("outgoing") ? zero(dimension, code, f, "outgoing") : null),
        };
      })
      .sort(
        (a, b) =>
          (b.incoming?.value ?? 0) + (b.outgoing?.value ?? 0) - ((a.incoming?.value ?? 0) + (a.outgoing?.value ?? 0)) ||
          (a.code < b.code ? -1 : 1),
      );
  }

  const durations: DurationRow[] = [];
  for (const m of MILESTONES)
    for (const d of dirs) {
      if (m === "registration" && d === "outgoing") continue;
      const measured = (slot: string): DurationFigure => {
        const cases = figure(`duration_${m}|${d}|${slot}`) ?? zero(`duration_${m}`, null, f, d);
        const h = hist.get(`${m}|${d}|${slot}`) ?? new Map<number, number>();
        // A count withheld for the complement keeps its days: they say nothing of how many cases there are.
        const small = cases.suppression === "small";
        return {
          cases,
          median: small ? null : percentileOfHistogram(h, 0.5),
          p90: small ? null : percentileOfHistogram(h, 0.9),
        };
      };
      const prefix = `duration_${m}|${d}|`;
      const slots = [...cells.keys()]
        .filter((k) => k.startsWith(prefix) && !k.endsWith("|all"))
        .map((k) => k.slice(prefix.length))
        .sort();
      durations.push({
        milestone: m,
        direction: d,
        overall: measured("all"),
        quarters: slots.map((q) => ({ quarter: q, ...measured(q) })),
      });
    }

  const sums = new Map(assetRows.map((a) => [`asset|${a.figure}|${a.currency}|${a.direction}`, a]));
  const assets: AssetRow[] = [...sums.entries()].map(([key, a]) => {
    const cases = figure(key) as Figure;
    return {
      figure: a.figure,
      direction: a.direction,
      currency: a.currency,
      cases,
      assets: cases.suppressed ? null : a.assets,
      amount: cases.suppressed ? null : a.amount,
    };
  });

  return {
    from: f.from,
    to: f.to,
    direction: f.direction ?? null,
    asOf: f.today,
    totals: either((d) => `total|${d}`),
    transfers: either((d) => `tsp|${d}`),
    tables,
    durations,
    openByAge: AGE_BANDS.map((band) => ({ ...band, ...either((d) => `open|${band.from}|${d}`) })),
    assets,
  };
}

/**
 * The figures that add up exactly to a total shown beside them (complement.ts): per direction, the
 * partner states and the bases relied on (each case has one of each; no basis counts as "none") to
 * the direction's total; per duration, its quarters to the whole period.
 */
function additiveGroups(cells: Map<string, Cell>, dirs: Direction[]): AdditiveGroup[] {
  const groups: AdditiveGroup[] = [];
  const keys = [...cells.keys()];
  for (const d of dirs) {
    for (const dimension of [TABLES.partner, TABLES.basis])
      groups.push({ total: `total|${d}`, parts: keys.filter((k) => k.startsWith(`${dimension}|`) && k.endsWith(`|${d}`)) });
    for (const m of MILESTONES) {
      const prefix = `duration_${m}|${d}|`;
      groups.push({ total: `${prefix}all`, parts: keys.filter((k) => k.startsWith(prefix) && !k.endsWith("|all")) });
    }
  }
  return groups;
}

/** A figure of no case: nothing to hide. */
function zero(dimension: string, value: string | null, f: StatisticsFilter, direction: Direction): Figure {
  return {
    value: 0,
    suppressed: false,
    suppression: null,
    cases: { statistic: value === null ? dimension : `${dimension}:${value}`, statisticFrom: f.from, statisticTo: f.to, direction },
  };
}

/** The days of receipt an age band covers today, within the period. */
function ageRange(band: { from: number; to: number | null }, f: StatisticsFilter): [string, string] {
  const latest = addDays(f.today, -band.from);
  const earliest = band.to === null ? "0001-01-01" : addDays(f.today, -(band.to - 1));
  return [earliest > f.from ? earliest : f.from, latest < f.to ? latest : f.to];
}

/**
 * The small cells (1 to 4 cases) the user may not see whole: a cell whose cases are all of levels the
 * user sees without a listing is shown; for the others one query asks whether any of their cases is
 * one the user may not see (not of such a level, and not on the user's access list).
 */
async function suppressedCells(db: Kysely<Database>, actor: Actor, cells: Map<string, Cell>): Promise<Set<string>> {
  const v = caseVisibility(actor);
  const open = new Set<Confidentiality>(v.levelsWithoutListing);
  const doubt: [string, Cell][] = [];
  for (const [key, c] of cells) {
    const n = total(c.byLevel);
    if (n === 0 || n >= SMALL) continue;
    if (CONFIDENTIALITY.every((l) => c.byLevel[l] === 0 || open.has(l))) continue;
    doubt.push([key, c]);
  }
  const hidden = new Set<string>();
  if (doubt.length === 0) return hidden;
  if (!v.listedCases) {
    for (const [key] of doubt) hidden.add(key);
    return hidden;
  }
  const levels = [...open];
  const rows = await sql<{ i: number }>`
    select cell.i from jsonb_to_recordset(${JSON.stringify(
      doubt.map(([, c], i) => ({
        i,
        dimension: c.dimension,
        value: c.value,
        day_from: c.from,
        day_to: c.to,
        direction: c.direction,
        kind: c.kind,
      })),
    )}::jsonb) as cell(i int, dimension text, value text, day_from date, day_to date, direction text, kind text)
    where exists (${hiddenCases(actor.userId, levels)})`.execute(db);
  for (const r of rows.rows) {
    const d = doubt[r.i];
    if (d) hidden.add(d[0]);
  }
  return hidden;
}

/** The cases of `cell` the user may not see: a correlated subquery over stat_fact or the asset tables. */
function hiddenCases(userId: string, levels: string[]) {
  const unseen = (caseId: RawBuilder<unknown>, level: RawBuilder<unknown>) =>
    sql`not (${level} = any(${levels}::text[]) or exists (select 1 from case_access a where a.case_id = ${caseId} and a.user_id = ${userId}::uuid))`;
  return sql`
    select 1 from stat_fact s
    where s.dimension = cell.dimension and (cell.value is null or s.value = cell.value) and s.day between cell.day_from and cell.day_to
      and s.direction = cell.direction and s.kind = cell.kind and ${unseen(sql`s.case_id`, sql`s.confidentiality`)}
    union all
    select 1 from case_file c
    where cell.dimension like 'asset_%' and c.direction = cell.direction and c.kind = cell.kind
      and c.id in (${assetCaseIds(sql`cell.dimension`, sql`cell.value`, sql`cell.day_from`, sql`cell.day_to`)})
      and ${unseen(sql`c.id`, sql`c.confidentiality`)}`;
}

/** The ids of the cases behind an asset figure (`asset_frozen` …) in a currency over a period. */
export function assetCaseIds(dimension: unknown, currency: unknown, from: unknown, to: unknown) {
  return sql`
    select a.case_id from case_asset a
    where (${dimension} = 'asset_frozen' and a.freeze_ordered_on between ${from} and ${to} and coalesce(a.value_currency, '') = ${currency})
       or (${dimension} = 'asset_confiscated' and a.confiscation_ordered_on between ${from} and ${to} and coalesce(a.value_currency, '') = ${currency})
    union all
    select s.case_id from case_asset_sharing s
    where ${dimension} = 'asset_shared' and s.concluded_on between ${from} and ${to} and s.currency = ${currency}`;
}

/**
 * The asset figures, read from the asset register directly (assets are few beside cases): assets frozen
 * (freezing ordered in the period) and confiscated (confiscation ordered in the period) with their
 * estimated value, and sharings concluded in the period with the net amount shared; per currency ("" for
 * assets without an estimate), per direction of the case.
 */
async function assetCells(
  db: Kysely<Database>,
  f: StatisticsFilter,
  dirs: Direction[],
): Promise<
  {
    figure: AssetFigure;
    direction: Direction;
    currency: string;
    byLevel: Record<Confidentiality, number>;
    assets: number;
    amount: string;
  }[]
> {
  const rows = await sql<{
    figure: AssetFigure;
    direction: Direction;
    currency: string;
    confidentiality: Confidentiality;
    cases: number;
    assets: number;
    amount: string;
  }>`
    with x as (
      select 'frozen' as figure, a.case_id, a.id, coalesce(a.value_currency, '') as currency, coalesce(a.value_amount::numeric, 0) as amount
        from case_asset a where a.freeze_ordered_on between ${f.from}::date and ${f.to}::date
      union all
      select 'confiscated', a.case_id, a.id, coalesce(a.value_currency, ''), coalesce(a.value_amount::numeric, 0)
        from case_asset a where a.confiscation_ordered_on between ${f.from}::date and ${f.to}::date
      union all
      select 'shared', s.case_id, s.asset_id, s.currency, s.net::numeric
        from case_asset_sharing s where s.concluded_on between ${f.from}::date and ${f.to}::date
    )
    select x.figure, c.direction, x.currency, c.confidentiality, count(distinct x.case_id)::int as cases,
           count(distinct x.id)::int as assets, sum(x.amount)::text as amount
    from x join case_file c on c.id = x.case_id
    where c.kind = 'mla' and c.direction = any(${dirs}::text[])
    group by 1, 2, 3, 4`.execute(db);
  const out = new Map<
    string,
    {
      figure: AssetFigure;
      direction: Direction;
      currency: string;
      byLevel: Record<Confidentiality, number>;
      assets: number;
      amount: string;
    }
  >();
  for (const r of rows.rows) {
    const key = `${r.figure}|${r.currency}|${r.direction}`;
    const o = out.get(key) ?? {
      figure: r.figure,
      direction: r.direction,
      currency: r.currency,
      byLevel: emptyLevels(),
      assets: 0,
      amount: "0",
    };
    // A case is of one level, so cases and assets add up across levels; the amount is added as text-safe decimals.
    o.byLevel[r.confidentiality] += r.cases;
    o.assets += r.assets;
    o.amount = addDecimal(o.amount, r.amount);
    out.set(key, o);
  }
  return [...out.values()];
}

/** Adds two decimal strings exactly (amounts are never floats). */
export function addDecimal(a: string, b: string): string {
  return new Decimal(a).plus(b).toFixed();
}
