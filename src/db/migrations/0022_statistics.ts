/**
 * Statistics (issue 16 §2): a read model kept by triggers in the same transaction as every case write.
 *
 * - `stat_fact`: one row per (case, dimension, value) — the case counted under a partner state, a
 *   measure, an ICCS section, a basis, a refusal or postponement ground or provision, "open", and, for
 *   the durations, the number of days from receipt to registration, decision and execution (the value).
 *   Each row carries the case's statistics day, direction, kind and confidentiality. It is what a
 *   figure's drill-down and the need-to-know check of a small cell read (index on dimension, value, day).
 * - `stat_count`: how many rows of stat_fact share (day, dimension, value, direction, kind,
 *   confidentiality) — the figures are sums over it, so a year costs the same at a million cases as at
 *   a thousand; medians and 90th percentiles come from the duration histogram it holds.
 *
 * - `stat_count_month`: the same per month, so a year sums twelve months' rows; the days are read only at
 *   the edges of a period that does not start or end on a month's boundary, and for the ages of open cases.
 *
 * Triggers are per statement with transition tables, so a bulk insert refreshes its cases in one pass.
 * The statistics day is the day of receipt for an incoming request and the day of sending for an
 * outgoing one (else the request's date, else the day the case was opened).
 */
import { type Kysely, sql } from "kysely";

/** The tables whose writes change a case's figures, and the column that names the case. */
const SOURCES: [table: string, caseColumn: string][] = [
  ["case_file", "id"],
  ["case_measure", "case_id"],
  ["case_offence", "case_id"],
  ["case_decision", "case_id"],
  ["case_transition", "case_id"],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // A case's figures are recomputed from its offences and decisions: found by the case, not by a scan.
  await sql`create index if not exists case_offence_case on case_offence (case_id)`.execute(db);
  await sql`create index if not exists case_decision_case on case_decision (case_id)`.execute(db);
  await sql`
    create table stat_fact (
      case_id uuid not null,
      dimension text not null,
      value text not null,
      day date not null,
      direction text not null,
      kind text not null,
      confidentiality text not null
    )`.execute(db);
  await sql`create index stat_fact_case on stat_fact (case_id)`.execute(db);
  // A figure's cases straight from the index (drill-down, need-to-know of a small figure).
  await sql`create index stat_fact_cell on stat_fact (dimension, value, day) include (case_id, direction, kind, confidentiality)`.execute(
    db,
  );
  await sql`
    create table stat_count (
      day date not null,
      dimension text not null,
      value text not null,
      direction text not null,
      kind text not null,
      confidentiality text not null,
      n integer not null,
      primary key (day, dimension, value, direction, kind, confidentiality)
    )`.execute(db);
  // Open cases are counted by age, to the day: their rows are read apart (the month table cannot say the age).
  await sql`create index stat_count_open on stat_count (day) where dimension = 'open'`.execute(db);
  // The same counts per month: a period of whole months (a year) reads this, the days only at its edges.
  await sql`
    create table stat_count_month (
      month date not null,
      dimension text not null,
      value text not null,
      direction text not null,
      kind text not null,
      confidentiality text not null,
      n integer not null,
      primary key (month, dimension, value, direction, kind, confidentiality)
    )`.execute(db);

  // The figures of some cases, computed afresh from the case tables.
  await sql`
    create function stat_refresh(ids uuid[]) returns void language plpgsql as $$
    begin
      delete from stat_fact where case_id = any(ids);
      with c as (
        select f.id, f.direction, f.kind, f.confidentiality, f.state, f.basis_instrument,
               case when f.direction = 'incoming' then f.requesting else f.requested end as partner,
               coalesce(case when f.direction = 'incoming' then f.received_on else f.sent_on end, f.request_date,
                        (f.created_at at time zone 'UTC')::date) as day,
               case when f.direction = 'incoming' then coalesce(f.received_on, (f.created_at at time zone 'UTC')::date)
                    else f.sent_on end as start
        from case_file f where f.id = any(ids)
      ), d as (
        select c.*, x.dimension, x.value from c
        cross join lateral (
          select 'total' as dimension, '' as value
          union all select 'partner', c.partner where c.kind = 'mla'
          union all select 'basis', coalesce(c.basis_instrument, 'none') where c.kind = 'mla'
          union all select 'open', '' where c.kind = 'mla' and c.state in
            ('received','registered','under_review','awaiting_information','awaiting_confidentiality_choice','accepted','in_execution','postponed',
             'draft','approved','translated','sent','acknowledged','under_execution')
          union all select distinct 'measure', m.measure from case_measure m where m.case_id = c.id and c.kind = 'mla'
          union all select distinct 'iccs', o.iccs from case_offence o where o.case_id = c.id and c.kind = 'mla'
          union all select distinct
                   case when k.kind = 'postponement' then 'postponement_' else 'refusal_' end || g.part,
                   g.value
            from case_decision k
            cross join lateral jsonb_array_elements(k.grounds) as e(item)
            cross join lateral (values ('ground', e.item->>'ground'), ('provision', e.item->>'provision')) as g(part, value)
            where k.case_id = c.id and c.kind = 'mla' and k.kind in ('refusal', 'partial_refusal', 'postponement') and g.value is not null
          union all select 'duration_registration', (min(t.at at time zone 'UTC')::date - c.start)::text
            from case_transition t where t.case_id = c.id and c.kind = 'mla' and c.direction = 'incoming' and c.start is not null
              and t.to_state = 'registered' having count(*) > 0
          union all select 'duration_decision', (min(x.on_day) - c.start)::text
            from (select (k.decided_at at time zone 'UTC')::date as on_day from case_decision k
                   where k.case_id = c.id and k.kind in ('acceptance', 'refusal', 'partial_refusal')
                  union all select (t.at at time zone 'UTC')::date from case_transition t
                   where t.case_id = c.id and t.to_state in ('accepted', 'refused', 'refused_by_partner')) as x
            where c.kind = 'mla' and c.start is not null having count(*) > 0
          union all select 'duration_execution', (min(t.at at time zone 'UTC')::date - c.start)::text
            from case_transition t where t.case_id = c.id and c.kind = 'mla' and c.start is not null
              and t.to_state = 'executed' having count(*) > 0
        ) as x
      )
      insert into stat_fact (case_id, dimension, value, day, direction, kind, confidentiality)
      select id, dimension,
             -- A duration before the day of receipt is a slip in the dates: counted as day 0.
             case when dimension like 'duration_%' then greatest(value::int, 0)::text else value end,
             day, direction, kind, confidentiality
      from d;
    end $$`.execute(db);

  // stat_count follows stat_fact, a statement at a time.
  for (const [event, rows, sign] of [
    ["insert", "new_rows", "+"],
    ["delete", "old_rows", "-"],
  ] as const) {
    await sql`
      create function ${sql.raw(`stat_count_${event}`)}() returns trigger language plpgsql as $$
      begin
        insert into stat_count (day, dimension, value, direction, kind, confidentiality, n)
        select day, dimension, value, direction, kind, confidentiality, ${sql.raw(sign)}count(*)
        from ${sql.raw(rows)} group by day, dimension, value, direction, kind, confidentiality
        -- A fixed order of the rows a statement changes, so two writers never wait on each other in a circle.
        order by day, dimension, value, direction, kind, confidentiality
        on conflict (day, dimension, value, direction, kind, confidentiality) do update set n = stat_count.n + excluded.n;
        insert into stat_count_month (month, dimension, value, direction, kind, confidentiality, n)
        select date_trunc('month', day)::date, dimension, value, direction, kind, confidentiality, ${sql.raw(sign)}count(*)
        from ${sql.raw(rows)} group by 1, 2, 3, 4, 5, 6
        order by 1, 2, 3, 4, 5, 6
        on conflict (month, dimension, value, direction, kind, confidentiality) do update set n = stat_count_month.n + excluded.n;
        return null;
      end $$`.execute(db);
    await sql`
      create trigger ${sql.raw(`stat_count_${event}`)} after ${sql.raw(event)} on stat_fact
      referencing ${sql.raw(event === "insert" ? "new" : "old")} table as ${sql.raw(rows)}
      for each statement execute function ${sql.raw(`stat_count_${event}`)}()`.execute(db);
  }

  // Every write to a source table refreshes the cases it touched (old and new, for a case moved).
  for (const [table, col] of SOURCES) {
    for (const event of ["insert", "update", "delete"] as const) {
      const name = `stat_${table}_${event}`;
      const tables =
        event === "insert"
          ? "referencing new table as new_rows"
          : event === "delete"
            ? "referencing old table as old_rows"
            : "referencing new table as new_rows old table as old_rows";
      const changed =
        "select n.id from new_rows n join old_rows o on o.id = n.id where (n.direction, n.kind, n.confidentiality, n.state, n.basis_instrument, n.requesting, n.requested, n.received_on, n.sent_on, n.request_date, n.created_at) is distinct from (o.direction, o.kind, o.confidentiality, o.state, o.basis_instrument, o.requesting, o.requested, o.received_on, o.sent_on, o.request_date, o.created_at)";
      // A case's own row changes with every write (its version): only a change the figures read refreshes it.
      const ids =
        table === "case_file" && event === "update"
          ? changed
          : event === "insert"
            ? `select ${col} from new_rows`
            : event === "delete"
              ? `select ${col} from old_rows`
              : `select ${col} from new_rows union select ${col} from old_rows`;
      await sql`
        create function ${sql.raw(name)}() returns trigger language plpgsql as $$
        begin
          perform stat_refresh(array(${sql.raw(ids)}));
          return null;
        end $$`.execute(db);
      await sql`
        create trigger ${sql.raw(name)} after ${sql.raw(event)} on ${sql.raw(table)} ${sql.raw(tables)}
        for each statement execute function ${sql.raw(name)}()`.execute(db);
    }
  }

  // The cases already recorded.
  await sql`select stat_refresh(array(select id from case_file))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of SOURCES)
    for (const event of ["insert", "update", "delete"]) {
      await sql`drop trigger ${sql.raw(`stat_${table}_${event}`)} on ${sql.raw(table)}`.execute(db);
      await sql`drop function ${sql.raw(`stat_${table}_${event}`)}()`.execute(db);
    }
  await sql`drop table stat_count_month`.execute(db);
  await sql`drop table stat_count`.execute(db);
  await sql`drop table stat_fact`.execute(db);
  await sql`drop function stat_count_insert()`.execute(db);
  await sql`drop function stat_count_delete()`.execute(db);
  await sql`drop function stat_refresh(uuid[])`.execute(db);
  await sql`drop index if exists case_offence_case`.execute(db);
  await sql`drop index if exists case_decision_case`.execute(db);
}
