/** Queries on the case register: the list a page at a time, counts and the CSV export, all filtered by need-to-know. */
import { sql } from "kysely";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordStandalone } from "../audit/trail.js";
import { invalid } from "../errors.js";
import type { Actor, Confidentiality } from "../policies/policy.js";
import { type CaseQuery, type CasesContext, UUID, visibleCases } from "./access.js";
import { type CaseSummary, toSummary } from "./presenter.js";
import { statisticCases } from "../statistics/drill.js";

export interface CaseFilter {
  q?: string;
  confidentiality?: Confidentiality;
  direction?: "incoming" | "outgoing";
  state?: string;
  /** The other state, on either side. */
  partner?: string;
  measure?: string;
  /** ICCS section of one of the offences. */
  iccs?: string;
  /** Officer in charge (user id). */
  officer?: string;
  /** Only cases with an open deadline already past. */
  overdue?: boolean;
  /** Received on or after / on or before these days (YYYY-MM-DD), for incoming requests. */
  receivedFrom?: string;
  receivedTo?: string;
  /** The cases behind one figure of the statistics ("dimension" or "dimension:value"), over statisticFrom–statisticTo. */
  statistic?: string;
  statisticFrom?: string;
  statisticTo?: string;
  /** Today, for `overdue` (from the clock). */
  today?: string;
}

function filtered(ctx: CasesContext, actor: Actor, f: CaseFilter): CaseQuery {
  let q = visibleCases(ctx.db.selectFrom("case_file"), actor);
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    // Our reference, theirs, the title and the persons' names. The persons searched are those of the
    // cases this query already keeps (visibleCases above), so a name in a case the actor may not see
    // never makes that case appear (need-to-know).
    q = q.where((eb) =>
      eb.or([
        eb("case_file.reference", "ilike", like),
        eb("case_file.our_reference", "ilike", like),
        eb("case_file.their_reference", "ilike", like),
        eb("case_file.title", "ilike", like),
        eb.exists(
          eb
            .selectFrom("case_person")
            .select("case_person.id")
            .whereRef("case_person.case_id", "=", "case_file.id")
            .where("case_person.name", "ilike", like),
        ),
      ]),
    );
  }
  if (f.confidentiality) q = q.where("case_file.confidentiality", "=", f.confidentiality);
  if (f.direction) q = q.where("case_file.direction", "=", f.direction);
  if (f.state) q = q.where("case_file.state", "=", f.state);
  if (f.partner) {
    const p = f.partner.toUpperCase();
    q = q.where((eb) => eb.or([eb("case_file.requesting", "=", p), eb("case_file.requested", "=", p)]));
  }
  if (f.officer && UUID.test(f.officer)) q = q.where("case_file.officer_id", "=", f.officer);
  if (f.receivedFrom) q = q.where("case_file.received_on", ">=", f.receivedFrom);
  if (f.receivedTo) q = q.where("case_file.received_on", "<=", f.receivedTo);
  if (f.measure)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_measure")
          .select("case_measure.id")
          .whereRef("case_measure.case_id", "=", "case_file.id")
          .where("case_measure.measure", "=", f.measure ?? ""),
      ),
    );
  if (f.overdue && f.today) {
    const today = f.today;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_deadline")
          .select("case_deadline.id")
          .whereRef("case_deadline.case_id", "=", "case_file.id")
          .where("case_deadline.done", "=", false)
          .where("case_deadline.due", "<", today),
      ),
    );
  }
  if (f.iccs)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_offence")
          .select("case_offence.id")
          .whereRef("case_offence.case_id", "=", "case_file.id")
          .where("case_offence.iccs", "=", f.iccs ?? ""),
      ),
    );
  if (f.statistic) q = q.where(statisticCases(f.statistic, f.statisticFrom ?? "0001-01-01", f.statisticTo ?? "9999-12-31"));
  return q;
}

/** A page of the case list: at most `limit` cases, newest first, and where the next page starts. */
export interface CasePage {
  items: CaseSummary[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** How many cases a page holds unless the caller asks otherwise, and at most. */
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;

/** The columns a list row shows (CaseSummary): nothing of the case page's detail. */
const SUMMARY_COLUMNS = [
  "case_file.id",
  "case_file.reference",
  "case_file.direction",
  "case_file.title",
  "case_file.requesting",
  "case_file.requested",
  "case_file.confidentiality",
  "case_file.state",
  "case_file.version",
  "case_file.urgency",
  "case_file.request_date",
  "case_file.basis_instrument",
  "case_file.created_at",
  "case_file.updated_at",
  "case_file.kind",
] as const;

/**
 * The cursor is the last row's sort key (created_at to the microsecond, as PostgreSQL keeps it, and
 * the id as tie-breaker) in base64url: opaque to clients, so the sort may change without breaking them.
 */
const encodeCursor = (createdAt: string, id: string) => Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");

/** Reads a cursor back; anything that is not one of ours is a 400 naming the field. */
export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === "string" &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v[0]) &&
      !Number.isNaN(Date.parse(v[0])) &&
      typeof v[1] === "string" &&
      UUID.test(v[1])
    )
      return { createdAt: v[0], id: v[1] };
  } catch {
    // falls through to the error below
  }
  throw invalid("cursor", "cursor is not one this server gave: start again from the first page (leave cursor out)");
}

/**
 * Lists (and searches) the cases the actor may see, newest first, one page at a time: keyset
 * pagination on (created_at, id), read in the order of the index case_file_created_id_idx, so a page
 * costs the same at the end of a million cases as at the start, and a case added meanwhile neither
 * repeats nor skips a row.
 */
export async function listCasePage(
  ctx: CasesContext,
  actor: Actor,
  f: CaseFilter,
  page: { limit?: number; cursor?: string } = {},
): Promise<CasePage> {
  const limit = Math.max(1, Math.min(PAGE_MAX, page.limit ?? PAGE_DEFAULT));
  let q = filtered(ctx, actor, f);
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    q = q.where(
      (eb) =>
        sql<boolean>`(${eb.ref("case_file.created_at")}, ${eb.ref("case_file.id")}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  }
  const rows = await q
    .select([
      ...SUMMARY_COLUMNS,
      sql<string>`to_char(case_file.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("sort_key"),
    ])
    .orderBy("case_file.created_at", "desc")
    .orderBy("case_file.id", "desc")
    // One row more than the page tells whether there is a next page without counting.
    .limit(limit + 1)
    .execute();
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map(toSummary), nextCursor: more && last ? encodeCursor(last.sort_key, last.id) : null };
}

/** Every case the actor may see that matches, page by page (for exports and the console). */
export async function* allCases(ctx: CasesContext, actor: Actor, f: CaseFilter): AsyncGenerator<CaseSummary[]> {
  let cursor: string | undefined;
  do {
    const page = await listCasePage(ctx, actor, f, { limit: PAGE_MAX * 5, cursor });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** The first `limit` cases the actor may see, newest first (one page; see listCasePage for more). */
export async function listCases(ctx: CasesContext, actor: Actor, f: CaseFilter, limit = PAGE_MAX): Promise<CaseSummary[]> {
  return (await listCasePage(ctx, actor, f, { limit })).items;
}

/** Counts the cases the actor may see, by confidentiality level. */
export async function countCases(
  ctx: CasesContext,
  actor: Actor,
  f: CaseFilter,
): Promise<{ total: number; byConfidentiality: Record<Confidentiality, number>; byState: Record<string, number> }> {
  // One pass over the visible cases, grouped both ways at once.
  const rows = await filtered(ctx, actor, f)
    .select(["case_file.state", "case_file.confidentiality", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy(["case_file.state", "case_file.confidentiality"])
    .execute();
  const by = { normal: 0, confidential: 0, strictly_confidential: 0 } as Record<Confidentiality, number>;
  const byState: Record<string, number> = {};
  for (const r of rows) {
    by[r.confidentiality as Confidentiality] += Number(r.n);
    byState[r.state] = (byState[r.state] ?? 0) + Number(r.n);
  }
  return { total: Object.values(by).reduce((a, b) => a + b, 0), byConfidentiality: by, byState };
}

const csvCell = (v: string) => {
  // Neutralise spreadsheet formulas as well as quoting.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Exports the visible cases as CSV; the export itself is audited. */
export async function exportCases(ctx: CasesContext, actor: Actor, f: CaseFilter, client: ClientInfo): Promise<string> {
  // Every visible case, however many: read page by page rather than capped at one big page.
  const cases: CaseSummary[] = [];
  for await (const page of allCases(ctx, actor, f)) cases.push(...page);
  await recordStandalone(ctx.db, ctx.clock, {
    actorId: actor.userId,
    actorLabel: actor.label,
    action: "case.export",
    objectType: "case",
    objectId: null,
    summary: {
      rows: cases.length,
      filter: { confidentiality: f.confidentiality ?? null, direction: f.direction ?? null, search: Boolean(f.q) },
    },
    ip: client.ip,
  });
  const header = "reference,direction,requesting,requested,confidentiality,title,created_at";
  const lines = cases.map((c) =>
    [c.reference, c.direction, c.requesting, c.requested, c.confidentiality, c.title, c.createdAt].map(csvCell).join(","),
  );
  return `${[header, ...lines].join("\n")}\n`;
}
