/**
 * Case generation in the database for the benchmarks (bench:cases, bench:load, bench:stats): one batch of numbered
 * cases with two measures each, a witness, a registration event, two deadlines and, for strictly
 * confidential cases, their officer on the access list — all by set-based SQL, so a million cases take
 * minutes, not hours. Values cycle through states, confidentiality levels and partner states by number.
 */
import { type Kysely, type RawBuilder, type Transaction, sql } from "kysely";
import type { Database } from "../src/db/schema.js";

export interface CaseBatch {
  /** Reference prefix: cases are `<prefix>-00000001`… */
  prefix: string;
  /** Word in each case's title ("Bench case 12"). */
  titleWord: string;
  from: number;
  to: number;
  /** The user recorded as having created every case. */
  createdBy: string;
  /** Officers the cases are spread over, case i to officer i mod n. */
  officers: string[];
  /** When case i was created, as SQL over the series variable `i`. */
  createdAt: RawBuilder<unknown>;
  /** Request and receipt date of case i, as SQL over `i`. */
  requestDate: RawBuilder<unknown>;
  /** The `rule` text of the generated deadlines. */
  deadlineRule: string;
}

/** `n` officers of the organisation, without passwords (nobody signs in as them): the cases' owners. */
export async function benchOfficers(db: Kysely<Database>, organisationId: string, n: number, emailPrefix: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = await db
      .insertInto("app_user")
      .values({
        organisation_id: organisationId,
        email: `${emailPrefix}${i}.${Date.now()}@ca.test`,
        display_name: `Officer ${i}`,
        role: "officer",
        password_hash: null,
        must_change_password: false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(u.id);
  }
  return ids;
}

const reference = (prefix: string, n: number) => `${prefix}-${String(n).padStart(8, "0")}`;

/** Inserts one batch of generated cases and everything that hangs on them, in the given transaction. */
export async function generateCaseBatch(trx: Transaction<Database>, b: CaseBatch): Promise<void> {
  const lo = reference(b.prefix, b.from);
  const hi = reference(b.prefix, b.to);
  await sql`
    insert into case_file (reference, direction, title, requesting, requested, confidentiality, created_by, created_at, updated_at,
                           state, request_date, basis_instrument, officer_id, received_on, urgency)
    select ${b.prefix} || '-' || lpad(i::text, 8, '0'),
           case when i % 2 = 0 then 'incoming' else 'outgoing' end,
           ${b.titleWord} || ' case ' || i,
           (array['US','RU','GB','FR','DE'])[1 + i % 5],
           (array['RU','US','FR','GB','PL'])[1 + i % 5],
           (array['normal','normal','confidential','strictly_confidential'])[1 + i % 4],
           ${b.createdBy}::uuid,
           ${b.createdAt},
           ${b.createdAt},
           case when i % 2 = 0 then (array['received','registered','under_review','accepted','in_execution','closed'])[1 + (i / 2) % 6]
                else (array['draft','approved','sent','acknowledged','under_execution','closed'])[1 + (i / 2) % 6] end,
           ${b.requestDate},
           'cets-030',
           (${b.officers}::uuid[])[1 + i % ${b.officers.length}],
           ${b.requestDate},
           case when i % 50 = 0 then 'urgent' else 'normal' end
    from generate_series(${b.from}::int, ${b.to}::int) as i`.execute(trx);
  await sql`
    insert into case_measure (case_id, measure, description, status, created_at)
    select c.id, (array['records','testimony','documents','search_seizure','service'])[1 + (n + abs(hashtext(c.reference))) % 5], 'Measure ' || n, 'requested', c.created_at
    from case_file c cross join generate_series(1, 2) as n where c.reference between ${lo} and ${hi}`.execute(trx);
  await sql`
    insert into case_person (case_id, role, name, created_at)
    select c.id, 'witness', 'Witness of ' || c.reference, c.created_at from case_file c where c.reference between ${lo} and ${hi}`.execute(
    trx,
  );
  await sql`
    insert into case_transition (case_id, action, from_state, to_state, version, actor_id, at)
    select c.id, 'register', 'received', c.state, 2, c.created_by, c.created_at from case_file c where c.reference between ${lo} and ${hi}`.execute(
    trx,
  );
  await sql`
    insert into case_deadline (case_id, officer_id, kind, due, rule, done)
    select c.id, c.officer_id, k.kind, c.request_date + k.days, ${b.deadlineRule}, c.state in ('closed', 'accepted', 'in_execution', 'sent', 'acknowledged', 'under_execution')
    from case_file c cross join (values ('register', 3), ('decide', 40)) as k(kind, days) where c.reference between ${lo} and ${hi}`.execute(
    trx,
  );
  await sql`
    insert into case_access (case_id, user_id, granted_by, granted_at)
    select c.id, c.officer_id, c.created_by, c.created_at from case_file c
    where c.confidentiality = 'strictly_confidential' and c.reference between ${lo} and ${hi}`.execute(trx);
}
