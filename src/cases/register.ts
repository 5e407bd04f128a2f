/**
 * The case register as far as need-to-know needs it: cases with a confidentiality level and an access
 * list, measures assigned to executing authorities. Every query that returns or counts cases goes
 * through `visibleCases`, which takes its rule from the policy module, so lists, search, counts and
 * exports agree with single reads.
 */
import { createHash } from "node:crypto";
import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent, recordEvents, recordStandalone } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError, conflict, invalid, notFound } from "../errors.js";
import { MEASURES } from "../law/codes.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import {
  type Actor,
  allow,
  allowAssignment,
  allowCase,
  CONFIDENTIALITY,
  type Confidentiality,
  caseVisibility,
  readIsAudited,
} from "../policies/policy.js";
import type { Clock } from "../security/clock.js";
import { type BasisAnswer, parseBasisQuery, resolveBasis } from "../law/basis.js";
import { checkDraft } from "../drafting/checker.js";
import { draftContentSchema } from "../drafting/draft.js";
import { lawForDraft } from "../drafting/law.js";
import { knowledgeOfInstrument } from "../law/alone.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import { addWorkingDays, caseDeadlines, refreshDeadlines } from "./deadlines.js";
import { bump } from "./version.js";
import { type CaseFacts, type CaseState, availableActions, initialState } from "./workflow.js";

export interface CasesContext {
  db: Kysely<Database>;
  clock: Clock;
  /** The law, for the legal basis stored with each case. */
  kb: KnowledgeBase;
  /** The knowledge files, to answer for one chosen basis alone (see knowledgeOfInstrument). */
  files?: KnowledgeFiles;
}

export interface CaseSummary {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: CaseState;
  version: number;
  urgency: "normal" | "urgent";
  requestDate: string | null;
  basisInstrument: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDetail extends CaseSummary {
  createdBy: string;
  ourReference: string | null;
  theirReference: string | null;
  authority: string | null;
  receivedOn: string | null;
  sentOn: string | null;
  writtenConfirmationDue: string | null;
  confidentialityIssue: "pending" | "proceed" | null;
  basis: BasisAnswer | null;
  accessList: { userId: string; displayName: string; email: string; role: string }[];
  measures: {
    id: string;
    measure: string;
    description: string;
    status: string;
    deadline: string | null;
    assignedOrganisationId: string | null;
    assignedOrganisation: string | null;
  }[];
  offences: { id: string; description: string; legalProvision: string; penalty: string | null; iccs: string }[];
  persons: {
    id: string;
    role: string;
    name: string;
    inCustody: boolean;
    returnBy: string | null;
    presenceEndedOn: string | null;
    safeConductEnds: string | null;
  }[];
  consultations: { id: string; heldOn: string; channel: string; outcome: string; conditionsConsidered: string }[];
  decisions: {
    id: string;
    kind: string;
    grounds: { ground: string; provision?: string; cite?: string }[];
    reasons: string;
    notice: string;
    decidedAt: string;
  }[];
  correspondence: { id: string; direction: "in" | "out"; channel: string; onDate: string; summary: string }[];
  timeline: { action: string; from: string; to: string; at: string; actor: string; note: string | null }[];
  documents: { id: string; kind: string; filename: string; contentType: string; size: number; sha256: string; addedAt: string }[];
  evidence: {
    id: string;
    description: string;
    documentId: string | null;
    sha256: string | null;
    permittedPurposes: string[];
    custody: { action: string; holder: string; onDate: string; sha256: string | null }[];
    uses: { purpose: string; consentOn: string | null; consentBy: string | null }[];
  }[];
  /** What the reader may do next, and why not where not. */
  actions: { action: string; label: string; allowed: boolean; why?: string }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type CaseQuery = SelectQueryBuilder<Database, "case_file", object>;

/** Restricts a query on case_file to the cases the actor may see. */
function visibleCases<Q extends CaseQuery>(q: Q, actor: Actor): Q {
  const v = caseVisibility(actor);
  return q.where((eb: ExpressionBuilder<Database, "case_file">) => {
    const ors = [];
    if (v.levelsWithoutListing.length > 0) ors.push(eb("case_file.confidentiality", "in", [...v.levelsWithoutListing]));
    if (v.listedCases)
      ors.push(
        eb.exists(
          eb
            .selectFrom("case_access")
            .select("case_access.case_id")
            .whereRef("case_access.case_id", "=", "case_file.id")
            .where("case_access.user_id", "=", actor.userId),
        ),
      );
    return ors.length > 0 ? eb.or(ors) : eb.val(false);
  }) as Q;
}

const toSummary = (r: {
  id: string;
  reference: string;
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  state: string;
  version: number;
  urgency: "normal" | "urgent";
  request_date: string | null;
  basis_instrument: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}): CaseSummary => ({
  id: r.id,
  reference: r.reference,
  direction: r.direction,
  title: r.title,
  requesting: r.requesting,
  requested: r.requested,
  confidentiality: r.confidentiality,
  state: r.state as CaseState,
  version: r.version,
  urgency: r.urgency,
  requestDate: r.request_date,
  basisInstrument: r.basis_instrument,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

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

async function isListed(ctx: CasesContext, caseId: string, userId: string): Promise<boolean> {
  const r = await ctx.db
    .selectFrom("case_access")
    .select("case_id")
    .where("case_id", "=", caseId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Loads a case the actor may act on; a case they may not see is "not found", exactly like an absent one. */
/** A case row with its stored basis answer (`basis`). */
export function caseWithBasis(db: Kysely<Database>) {
  return db
    .selectFrom("case_file")
    .leftJoin("basis_answer", "basis_answer.digest", "case_file.basis_digest")
    .selectAll("case_file")
    .select("basis_answer.answer as basis");
}

export async function caseFor(ctx: CasesContext, actor: Actor, id: string, action: "case:read" | "case:update" | "case:assign") {
  // Whether the actor is on the access list comes with the row: one statement per check.
  const found = UUID.test(id)
    ? await caseWithBasis(ctx.db)
        .select((eb) =>
          eb
            .exists(
              eb
                .selectFrom("case_access")
                .select("case_access.case_id")
                .whereRef("case_access.case_id", "=", "case_file.id")
                .where("case_access.user_id", "=", actor.userId),
            )
            .as("actor_listed"),
        )
        .where("case_file.id", "=", id)
        .executeTakeFirst()
    : undefined;
  if (!found) throw notFound("id", "No such case.");
  const { actor_listed, ...row } = found;
  const facts = { confidentiality: row.confidentiality, actorListed: Boolean(actor_listed) };
  // A change is checked against the change's own right: a token with cases:write alone may change a
  // case its owner may see without being able to read it back (it gets a receipt, see `writeResult`).
  if (!allowCase(actor, action, facts)) throw notFound("id", "No such case.");
  return row;
}

/** What a write answers when the caller may not read the case it wrote: enough to refer to it and to write again. */
export interface CaseReceipt {
  id: string;
  reference: string;
  version: number;
}

/** The case detail of a write's answer, for callers that can always read what they wrote (the CLI, tests). */
export function readable(r: CaseDetail | CaseReceipt): CaseDetail {
  if (!("state" in r)) throw new Error(`case ${r.reference} was written but its writer may not read it`);
  return r;
}

/**
 * The answer to a committed write: the case as the caller may read it, or, when they may not read it
 * (a token with `cases:write` alone), its receipt. Never "not found" for a write that was committed,
 * so a client does not retry it and duplicate it.
 */
export async function writeResult(ctx: CasesContext, actor: Actor, id: string, client: ClientInfo): Promise<CaseDetail | CaseReceipt> {
  if (allow(actor, "case:read")) {
    try {
      return await readCase(ctx, actor, id, client);
    } catch (err) {
      if (!(err instanceof DomainError && err.status === 404)) throw err;
    }
  }
  return ctx.db.selectFrom("case_file").select(["id", "reference", "version"]).where("id", "=", id).executeTakeFirstOrThrow();
}

/** What the workflow's guards need, loaded from the database. */
export async function factsOf(ctx: CasesContext, row: CaseRow): Promise<CaseFacts> {
  const measures = await ctx.db
    .selectFrom("case_measure")
    .select(["id", "status", "assigned_organisation_id as assignedOrganisationId"])
    .where("case_id", "=", row.id)
    .execute();
  const consultations = await ctx.db
    .selectFrom("case_consultation")
    .select(["held_on as heldOn", "conditions_considered as conditionsConsidered"])
    .where("case_id", "=", row.id)
    .execute();
  return factsFrom(ctx, row, measures, consultations);
}

/** The guards' facts from measures and consultations already read (the case page reads them anyway). */
async function factsFrom(
  ctx: CasesContext,
  row: CaseRow,
  measures: readonly { id: string; status: string; assignedOrganisationId: string | null }[],
  consultations: readonly { heldOn: string; conditionsConsidered: string }[],
): Promise<CaseFacts> {
  return {
    direction: row.direction,
    state: row.state as CaseState,
    basis: basisOf(row),
    consultations: consultations.map((c) => ({ heldOn: c.heldOn, conditionsConsidered: c.conditionsConsidered })),
    measures: measures.map((m) => ({
      id: m.id,
      status: m.status as CaseFacts["measures"][number]["status"],
      assigned: m.assignedOrganisationId !== null,
    })),
    confidentialityIssue: row.confidentiality_issue,
    ...(await draftMissingOf(ctx, row)),
  };
}

/** The request writer's check of the draft an outgoing case came from, while the case awaits approval. */
async function draftMissingOf(ctx: CasesContext, row: CaseRow): Promise<Pick<CaseFacts, "draftMissing">> {
  if (row.direction !== "outgoing" || row.state !== "draft" || !ctx.files) return {};
  const draft = await ctx.db.selectFrom("draft").select("content").where("case_id", "=", row.id).executeTakeFirst();
  if (!draft) return {};
  const parsed = draftContentSchema.safeParse(typeof draft.content === "string" ? JSON.parse(draft.content) : draft.content);
  if (!parsed.success) return { draftMissing: [{ label: "a readable draft", cite: "" }] };
  const check = checkDraft(parsed.data, lawForDraft(ctx.kb, ctx.files, parsed.data));
  return { draftMissing: check.blocking.map((e) => ({ label: e.label, cite: [...new Set(e.citations.map((c) => c.cite))].join("; ") })) };
}

export type CaseRow = Awaited<ReturnType<typeof caseFor>>;

/** The legal basis stored with the case. */
export function basisOf(row: CaseRow): BasisAnswer | null {
  if (!row.basis) return null;
  return (typeof row.basis === "string" ? JSON.parse(row.basis) : row.basis) as BasisAnswer;
}

/** A timestamp as the JSON of a sub-list gives it (PostgreSQL's text form), as the API's ISO instant. */
const instant = (t: string | Date) => new Date(t).toISOString();

/**
 * The case page's data in one statement: each list is a JSON array built by PostgreSQL beside the
 * case (kysely's jsonArrayFrom). On embedded PGlite every statement costs a round trip through the
 * WebAssembly protocol on the server's one thread, so sixteen small queries cost several times one
 * (bench:load, issue 12).
 */
function caseParts(ctx: CasesContext, caseId: string) {
  return ctx.db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom("case_access")
          .innerJoin("app_user", "app_user.id", "case_access.user_id")
          .select(["app_user.id as userId", "app_user.display_name as displayName", "app_user.email", "app_user.role"])
          .where("case_access.case_id", "=", caseId)
          .orderBy("app_user.display_name"),
      ).as("access"),
      jsonArrayFrom(
        eb
          .selectFrom("case_measure")
          .leftJoin("organisation", "organisation.id", "case_measure.assigned_organisation_id")
          .select([
            "case_measure.id",
            "case_measure.measure",
            "case_measure.description",
            "case_measure.status",
            "case_measure.deadline",
            "case_measure.assigned_organisation_id as assignedOrganisationId",
            "organisation.name as assignedOrganisation",
          ])
          .where("case_measure.case_id", "=", caseId)
          .orderBy("case_measure.created_at"),
      ).as("measures"),
      jsonArrayFrom(
        eb
          .selectFrom("case_offence")
          .select(["id", "description", "legal_provision as legalProvision", "penalty", "iccs"])
          .where("case_id", "=", caseId)
          .orderBy("created_at"),
      ).as("offences"),
      jsonArrayFrom(
        eb
          .selectFrom("case_person")
          .select([
            "id",
            "role",
            "name",
            "in_custody as inCustody",
            "return_by as returnBy",
            "presence_ended_on as presenceEndedOn",
            "safe_conduct_ends as safeConductEnds",
          ])
          .where("case_id", "=", caseId)
          .orderBy("created_at"),
      ).as("persons"),
      jsonArrayFrom(
        eb
          .selectFrom("case_consultation")
          .select(["id", "held_on as heldOn", "channel", "outcome", "conditions_considered as conditionsConsidered"])
          .where("case_id", "=", caseId)
          .orderBy("held_on"),
      ).as("consultations"),
      jsonArrayFrom(
        eb
          .selectFrom("case_decision")
          .select(["id", "kind", "grounds", "reasons", "notice", "decided_at as decidedAt"])
          .where("case_id", "=", caseId)
          .orderBy("decided_at"),
      ).as("decisions"),
      jsonArrayFrom(
        eb
          .selectFrom("case_correspondence")
          .select(["id", "direction", "channel", "on_date as onDate", "summary"])
          .where("case_id", "=", caseId)
          .orderBy("on_date"),
      ).as("correspondence"),
      jsonArrayFrom(
        eb
          .selectFrom("case_transition")
          .innerJoin("app_user", "app_user.id", "case_transition.actor_id")
          .select([
            "case_transition.action",
            "case_transition.from_state as from",
            "case_transition.to_state as to",
            "case_transition.at",
            "app_user.display_name as actor",
            "case_transition.note",
          ])
          .where("case_transition.case_id", "=", caseId)
          .orderBy("case_transition.version"),
      ).as("timeline"),
      jsonArrayFrom(
        eb
          .selectFrom("case_document")
          .select(["id", "kind", "filename", "content_type as contentType", "size", "sha256", "added_at as addedAt"])
          .where("case_id", "=", caseId)
          .orderBy("added_at"),
      ).as("documents"),
      jsonArrayFrom(
        eb
          .selectFrom("case_evidence")
          .select((e) => [
            "case_evidence.id",
            "case_evidence.description",
            "case_evidence.document_id as documentId",
            "case_evidence.sha256",
            "case_evidence.permitted_purposes as permittedPurposes",
            jsonArrayFrom(
              e
                .selectFrom("evidence_custody")
                .select(["action", "holder", "on_date as onDate", "sha256"])
                .whereRef("evidence_custody.evidence_id", "=", "case_evidence.id")
                .orderBy("recorded_at"),
            ).as("custody"),
            jsonArrayFrom(
              e
                .selectFrom("evidence_use")
                .select(["purpose", "consent_on as consentOn", "consent_by as consentBy"])
                .whereRef("evidence_use.evidence_id", "=", "case_evidence.id")
                .orderBy("recorded_at"),
            ).as("uses"),
          ])
          .where("case_evidence.case_id", "=", caseId)
          .orderBy("case_evidence.created_at"),
      ).as("evidence"),
    ])
    .executeTakeFirstOrThrow();
}

async function detail(ctx: CasesContext, actor: Actor, row: CaseRow): Promise<CaseDetail> {
  const parts = await caseParts(ctx, row.id);
  const facts = await factsFrom(ctx, row, parts.measures, parts.consultations);
  return {
    ...toSummary(row),
    createdBy: row.created_by,
    ourReference: row.our_reference,
    theirReference: row.their_reference,
    authority: row.authority,
    receivedOn: row.received_on,
    sentOn: row.sent_on,
    writtenConfirmationDue: row.written_confirmation_due,
    confidentialityIssue: row.confidentiality_issue,
    basis: basisOf(row),
    accessList: parts.access,
    measures: parts.measures,
    offences: parts.offences,
    persons: parts.persons,
    consultations: parts.consultations,
    decisions: parts.decisions.map((d) => ({
      ...d,
      grounds: d.grounds as CaseDetail["decisions"][number]["grounds"],
      decidedAt: instant(d.decidedAt),
    })),
    correspondence: parts.correspondence,
    timeline: parts.timeline.map((t) => ({ ...t, at: instant(t.at) })),
    documents: parts.documents.map((d) => ({ ...d, size: Number(d.size), addedAt: instant(d.addedAt) })),
    evidence: parts.evidence,
    actions: allowCase(actor, "case:update", { confidentiality: row.confidentiality, actorListed: true })
      ? availableActions(facts, actor.role)
      : [],
  };
}

/** Reads one case; reading a confidential or strictly confidential case is itself an audited event. */
export async function readCase(ctx: CasesContext, actor: Actor, id: string, client: ClientInfo): Promise<CaseDetail> {
  const row = await caseFor(ctx, actor, id, "case:read");
  if (readIsAudited(row.confidentiality))
    await recordStandalone(ctx.db, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.read",
      objectType: "case",
      objectId: row.id,
      summary: { reference: row.reference, confidentiality: row.confidentiality },
      ip: client.ip,
    });
  return detail(ctx, actor, row);
}

export interface NewCaseInput {
  direction: "incoming" | "outgoing";
  title: string;
  requesting: string;
  requested: string;
  confidentiality: Confidentiality;
  accessList?: string[];
  /** Date of the request (sent or dated by the requester), YYYY-MM-DD; today if absent. The basis is computed on it. */
  requestDate?: string;
  /** Measures requested, each becoming its own line. */
  measures?: { measure: string; description: string }[];
  /** One of the applicable bases; the engine's first by precedence if absent. */
  basisInstrument?: string;
  ourReference?: string | null;
  theirReference?: string | null;
  /** The requesting authority (incoming) or the authority asking us to send (outgoing). */
  authority?: string | null;
  urgency?: "normal" | "urgent";
  /** Incoming: the day it arrived. */
  receivedOn?: string | null;
  /** Urgent requests received orally or by e-mail: the written confirmation is due by this date. */
  writtenConfirmationDue?: string | null;
  /** The date by which the requesting side asks for an answer or execution. */
  respondBy?: string | null;
  /** A retried creation with the same key returns the first case instead of a second one. */
  idempotencyKey?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An urgent incoming request made orally or by e-mail must be confirmed in writing; the conventions
 * say "forthwith" without a number of days, so unless the officer sets a date, the central
 * authority's service level applies: the next working day of the requested state after receipt.
 * Only where the basis has a rule on urgent requests.
 */
function urgentConfirmationDue(input: NewCaseInput, basis: BasisAnswer, requestDate: string): string | null {
  if (input.direction !== "incoming" || input.urgency !== "urgent") return null;
  if (!basis.duties.some((d) => d.kind === "urgent_requests")) return null;
  return addWorkingDays(input.receivedOn ?? requestDate, 1, input.requested);
}

/** The legal basis for the case on its date, from the engine; the chosen instrument must be one of its bases. */
type BasisInput = { requesting: string; requested: string; requestDate: string; measures: string[]; basisInstrument?: string | null };

/** A computed basis with its stored form: the JSON kept in basis_answer and its SHA-256. */
export interface ComputedBasis {
  basis: BasisAnswer;
  instrument: string;
  json: string;
  digest: string;
}

const basisMemo = new WeakMap<KnowledgeBase, Map<string, ComputedBasis>>();
const BASIS_MEMO_SIZE = 5_000;

/**
 * The legal basis of a case, as stored with it. The engine is pure and the knowledge base immutable,
 * so answers are remembered per knowledge base: intake of many requests between the same states on
 * the same day computes and serialises the answer once. Callers must treat the answer as read-only.
 */
export function computeBasis(ctx: CasesContext, input: BasisInput): ComputedBasis {
  const key = [
    input.requesting,
    input.requested,
    input.requestDate,
    [...new Set(input.measures)].sort().join(","),
    input.basisInstrument ?? "",
  ].join("|");
  let memo = basisMemo.get(ctx.kb);
  if (!memo) {
    memo = new Map();
    basisMemo.set(ctx.kb, memo);
  }
  const known = memo.get(key);
  if (known) return known;
  const { basis, instrument } = answerBasis(ctx, input);
  const json = JSON.stringify(basis);
  const computed = { basis, instrument, json, digest: createHash("sha256").update(json).digest("hex") };
  if (memo.size >= BASIS_MEMO_SIZE) memo.clear();
  memo.set(key, computed);
  return computed;
}

/** Stores basis answers not yet stored (one statement); a case then refers to its answer by digest. */
export async function storeBasisAnswers(trx: Kysely<Database>, answers: { json: string; digest: string }[]): Promise<void> {
  const unique = [...new Map(answers.map((a) => [a.digest, a])).values()];
  if (unique.length === 0) return;
  await trx
    .insertInto("basis_answer")
    .values(unique.map((a) => ({ digest: a.digest, answer: a.json })))
    .onConflict((oc) => oc.column("digest").doNothing())
    .execute();
}

function answerBasis(ctx: CasesContext, input: BasisInput): { basis: BasisAnswer; instrument: string } {
  const answer = resolveBasis(
    ctx.kb,
    parseBasisQuery({ from: input.requesting, to: input.requested, on: input.requestDate, measures: input.measures }),
  );
  // The explanation tree and the list of instruments that do not apply are most of the answer's size
  // and are recomputed from the law on demand (GET /api/v1/basis with the case's date); the case keeps
  // what its guards and page need.
  answer.explanation = { label: "stored without the explanation tree", applies: true };
  answer.notApplicable = [];
  const chosen = input.basisInstrument ?? answer.bases[0]?.instrument;
  if (chosen && chosen !== answer.bases[0]?.instrument && answer.bases.some((b) => b.instrument === chosen) && ctx.files) {
    // The chosen basis alone decides grounds, exclusions, consultation and duties; the list of
    // applicable bases stays the full one, so the page still shows what else was possible.
    const alone = resolveBasis(
      knowledgeOfInstrument(ctx.files, chosen),
      parseBasisQuery({ from: input.requesting, to: input.requested, on: input.requestDate, measures: input.measures }),
    );
    alone.bases = answer.bases;
    alone.explanation = answer.explanation;
    alone.notApplicable = [];
    return { basis: alone, instrument: chosen };
  }
  if (!chosen || !answer.bases.some((b) => b.instrument === chosen))
    throw invalid(
      "basisInstrument",
      `"${input.basisInstrument}" is not an applicable basis between ${input.requesting} and ${input.requested} on ${input.requestDate}; applicable: ${answer.bases.map((b) => b.instrument).join(", ")}.`,
    );
  return { basis: answer, instrument: chosen };
}

async function checkAccessList(ctx: CasesContext, userIds: string[]): Promise<string[]> {
  const ids = [...new Set(userIds)];
  for (const id of ids) if (!UUID.test(id)) throw invalid("accessList", `"${id}" is not a user id.`);
  if (ids.length === 0) return ids;
  const found = await ctx.db.selectFrom("app_user").select("id").where("id", "in", ids).where("disabled_at", "is", null).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0) throw invalid("accessList", `No active user with id ${missing.join(", ")}.`);
  return ids;
}

function checkCaseFields(input: Pick<NewCaseInput, "title" | "requesting" | "requested" | "confidentiality">) {
  if (input.title.trim().length < 3 || input.title.trim().length > 300) throw invalid("title", "The title must have 3 to 300 characters.");
  for (const f of ["requesting", "requested"] as const)
    if (!JURISDICTIONS.has(input[f])) throw invalid(f, `"${input[f]}" is not a known jurisdiction code.`);
  if (input.requesting === input.requested) throw invalid("requested", "The requested state must differ from the requesting state.");
  if (!CONFIDENTIALITY.includes(input.confidentiality)) throw invalid("confidentiality", `Must be one of ${CONFIDENTIALITY.join(", ")}.`);
}

/** Checks a new case's fields and computes its basis and written-confirmation deadline (single and batch creation). */
function prepareNewCase(ctx: CasesContext, input: NewCaseInput, now: Date) {
  checkCaseFields(input);
  const requestDate = input.requestDate ?? now.toISOString().slice(0, 10);
  for (const [field, value] of [
    ["requestDate", requestDate],
    ["receivedOn", input.receivedOn],
    ["writtenConfirmationDue", input.writtenConfirmationDue],
    ["respondBy", input.respondBy],
  ] as const)
    if (value != null && !ISO_DATE.test(value)) throw invalid(field, `"${value}" is not a date (YYYY-MM-DD).`);
  const measures = input.measures ?? [];
  for (const m of measures) {
    if (!(MEASURES as readonly string[]).includes(m.measure))
      throw invalid("measures", `Unknown measure "${m.measure}"; measures are ${MEASURES.join(", ")}.`);
    if (m.description.trim().length < 3) throw invalid("measures", "Describe each measure in at least 3 characters.");
  }
  const computed = computeBasis(ctx, {
    requesting: input.requesting,
    requested: input.requested,
    requestDate,
    measures: measures.map((m) => m.measure),
    basisInstrument: input.basisInstrument,
  });
  const writtenConfirmationDue = input.writtenConfirmationDue ?? urgentConfirmationDue(input, computed.basis, requestDate);
  return { requestDate, measures, basis: computed, instrument: computed.instrument, writtenConfirmationDue };
}

/** Opens a case; the creator is always on its access list (so a strictly confidential case never orphans). */
export async function createCase(
  ctx: CasesContext,
  actor: Actor,
  input: NewCaseInput,
  client: ClientInfo,
  /** More rows to write in the same transaction (a drafted request's offences, persons and documents). */
  within?: (trx: Transaction<Database>, caseId: string, reference: string) => Promise<void>,
): Promise<(CaseDetail | CaseReceipt) & { replayed?: boolean }> {
  if (input.idempotencyKey) {
    const earlier = await ctx.db
      .selectFrom("case_file")
      .select("id")
      .where("created_by", "=", actor.userId)
      .where("idempotency_key", "=", input.idempotencyKey)
      .executeTakeFirst();
    if (earlier) return { ...(await writeResult(ctx, actor, earlier.id, client)), replayed: true };
  }
  const access = await checkAccessList(ctx, [actor.userId, ...(input.accessList ?? [])]);
  const now = ctx.clock.now();
  const { requestDate, measures, basis, instrument, writtenConfirmationDue } = prepareNewCase(ctx, input, now);
  const create = () =>
    ctx.db.transaction().execute(async (trx) => {
      const year = now.getUTCFullYear();
      const prefix = `${input.direction === "outgoing" ? "OUT" : "IN"}-${year}-`;
      // One counter row per prefix: concurrent creations queue on its row lock, never scan the table.
      const counter = await trx
        .insertInto("case_reference_counter")
        .values({ prefix, last: 1 })
        .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", 1) })))
        .returning("last")
        .executeTakeFirstOrThrow();
      const n = counter.last;
      const reference = `${prefix}${String(n).padStart(5, "0")}`;
      await storeBasisAnswers(trx, [basis]);
      const row = await trx
        .insertInto("case_file")
        .values({
          reference,
          direction: input.direction,
          title: input.title.trim(),
          requesting: input.requesting,
          requested: input.requested,
          confidentiality: input.confidentiality,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          state: initialState(input.direction),
          request_date: requestDate,
          basis_digest: basis.digest,
          basis_instrument: instrument,
          our_reference: input.ourReference?.trim() || null,
          their_reference: input.theirReference?.trim() || null,
          authority: input.authority?.trim() || null,
          urgency: input.urgency ?? "normal",
          received_on: input.receivedOn ?? (input.direction === "incoming" ? requestDate : null),
          officer_id: actor.userId,
          written_confirmation_due: writtenConfirmationDue,
          respond_by: input.respondBy ?? null,
          idempotency_key: input.idempotencyKey ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (measures.length > 0)
        await trx
          .insertInto("case_measure")
          .values(
            measures.map((m) => ({
              case_id: row.id,
              measure: m.measure,
              description: m.description.trim(),
              assigned_organisation_id: null,
              created_at: now,
            })),
          )
          .execute();
      await trx
        .insertInto("case_access")
        .values(access.map((user_id) => ({ case_id: row.id, user_id, granted_by: actor.userId, granted_at: now })))
        .execute();
      if (within) await within(trx, row.id, reference);
      await refreshDeadlines(trx, row.id);
      await recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.create",
        objectType: "case",
        objectId: row.id,
        summary: {
          after: {
            reference,
            direction: input.direction,
            confidentiality: input.confidentiality,
            accessList: access.length,
            basis: instrument,
            measures: measures.map((m) => m.measure),
          },
        },
        ip: client.ip,
      });
      return row.id;
    });
  let id: string;
  try {
    id = await create();
  } catch (err) {
    // Two retries racing with the same key: the unique index lets one through; the other returns it.
    if (input.idempotencyKey && (err as { code?: string }).code === "23505") {
      const earlier = await ctx.db
        .selectFrom("case_file")
        .select("id")
        .where("created_by", "=", actor.userId)
        .where("idempotency_key", "=", input.idempotencyKey)
        .executeTakeFirst();
      if (earlier) return { ...(await writeResult(ctx, actor, earlier.id, client)), replayed: true };
    }
    throw err;
  }
  return writeResult(ctx, actor, id, client);
}

export interface CaseChanges {
  /** The case's version as the caller read it: a stale one is refused (409), never overwritten. */
  version: number;
  title?: string;
  confidentiality?: Confidentiality;
  accessList?: string[];
  /** Another of the applicable bases (the officer's choice); only before a decision is taken. */
  basisInstrument?: string;
}

/** Changes title, confidentiality or access list. The actor cannot remove themselves from a case they could then no longer see. */
export async function updateCase(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  changes: CaseChanges,
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await caseFor(ctx, actor, id, "case:update");
  const next = {
    title: changes.title ?? row.title,
    requesting: row.requesting,
    requested: row.requested,
    confidentiality: changes.confidentiality ?? row.confidentiality,
  };
  checkCaseFields(next);
  const access = changes.accessList ? await checkAccessList(ctx, changes.accessList) : null;
  const stillListed = access ? access.includes(actor.userId) : await isListed(ctx, id, actor.userId);
  if (!allowCase(actor, "case:update", { confidentiality: next.confidentiality, actorListed: stillListed }))
    throw conflict("accessList", "After this change you could no longer see the case: keep yourself on its access list.", "self_exclusion");
  let basisChange: ComputedBasis | null = null;
  if (changes.basisInstrument && changes.basisInstrument !== row.basis_instrument) {
    const decided = await ctx.db.selectFrom("case_decision").select("id").where("case_id", "=", id).executeTakeFirst();
    if (decided)
      throw conflict("basisInstrument", "A decision was taken on this basis; the basis can no longer be changed.", "basis_locked");
    if (!row.request_date) throw invalid("basisInstrument", "The case has no request date to determine its basis on.");
    const measures = await ctx.db.selectFrom("case_measure").select("measure").where("case_id", "=", id).execute();
    basisChange = computeBasis(ctx, {
      requesting: row.requesting,
      requested: row.requested,
      requestDate: row.request_date,
      measures: [...new Set(measures.map((m) => m.measure))],
      basisInstrument: changes.basisInstrument,
    });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const diff: Record<string, unknown> = {};
    const set: Record<string, unknown> = { title: next.title.trim(), confidentiality: next.confidentiality };
    if (basisChange) {
      diff.basis = { before: row.basis_instrument, after: basisChange.instrument };
      await storeBasisAnswers(trx, [basisChange]);
      set.basis_instrument = basisChange.instrument;
      set.basis_digest = basisChange.digest;
    }
    if (next.title !== row.title) diff.title = "(changed)";
    if (next.confidentiality !== row.confidentiality) diff.confidentiality = { before: row.confidentiality, after: next.confidentiality };
    // Checked and bumped in one conditional update: of two officers editing the same version, one wins
    // and the other gets 409 with what the winner changed, whichever instance each reached.
    await bump(trx, ctx, row, changes.version, set);
    if (access) {
      const before = (await trx.selectFrom("case_access").select("user_id").where("case_id", "=", id).execute()).map((r) => r.user_id);
      const added = access.filter((u) => !before.includes(u));
      const removed = before.filter((u) => !access.includes(u));
      if (removed.length > 0) await trx.deleteFrom("case_access").where("case_id", "=", id).where("user_id", "in", removed).execute();
      if (added.length > 0)
        await trx
          .insertInto("case_access")
          .values(added.map((user_id) => ({ case_id: id, user_id, granted_by: actor.userId, granted_at: now })))
          .execute();
      if (added.length || removed.length) diff.accessList = { added, removed };
    }
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.update",
      objectType: "case",
      objectId: id,
      summary: diff,
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, id, client);
}

/** Adds a measure to a case, optionally assigned to an executing authority. */
export async function addMeasure(
  ctx: CasesContext,
  actor: Actor,
  id: string,
  input: { version: number; measure: string; description: string; assignedOrganisationId?: string | null },
  client: ClientInfo,
): Promise<CaseDetail | CaseReceipt> {
  const row = await caseFor(ctx, actor, id, "case:assign");
  if (!(MEASURES as readonly string[]).includes(input.measure))
    throw invalid("measure", `Unknown measure "${input.measure}"; measures are ${MEASURES.join(", ")}.`);
  if (input.description.trim().length < 3) throw invalid("description", "Describe the measure in at least 3 characters.");
  const orgId = input.assignedOrganisationId || null;
  if (orgId) {
    const org = UUID.test(orgId)
      ? await ctx.db.selectFrom("organisation").selectAll().where("id", "=", orgId).executeTakeFirst()
      : undefined;
    if (!org) throw invalid("assignedOrganisationId", "No such organisation.");
    if (org.kind !== "executing_authority") throw invalid("assignedOrganisationId", "Measures are assigned to executing authorities.");
    if (org.retired_at) throw invalid("assignedOrganisationId", `${org.name} is retired: assign the measure to an authority in use.`);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await bump(trx, ctx, row, input.version);
    const m = await trx
      .insertInto("case_measure")
      .values({
        case_id: id,
        measure: input.measure,
        description: input.description.trim(),
        assigned_organisation_id: orgId,
        created_at: ctx.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // The stored basis answers for the case's measures: recompute it with the new one, same date and basis.
    if (row.request_date) {
      const all = await trx.selectFrom("case_measure").select("measure").where("case_id", "=", id).execute();
      const basis = computeBasis(ctx, {
        requesting: row.requesting,
        requested: row.requested,
        requestDate: row.request_date,
        measures: [...new Set(all.map((m) => m.measure))],
        basisInstrument: row.basis_instrument,
      });
      await storeBasisAnswers(trx, [basis]);
      await trx.updateTable("case_file").set({ basis_digest: basis.digest }).where("id", "=", id).execute();
    }
    await refreshDeadlines(trx, id);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.measure_add",
      objectType: "case",
      objectId: id,
      summary: { measureId: m.id, measure: input.measure, assignedOrganisationId: orgId },
      ip: client.ip,
    });
  });
  return writeResult(ctx, actor, id, client);
}

export interface Assignment {
  measureId: string;
  measure: string;
  description: string;
  caseReference: string;
  requesting: string;
  confidentiality: Confidentiality;
  assignedAt: string;
}

/** The measures assigned to the actor's organisation that they may see (never the rest of the case). */
export async function listAssignments(ctx: CasesContext, actor: Actor): Promise<Assignment[]> {
  const rows = await ctx.db
    .selectFrom("case_measure")
    .innerJoin("case_file", "case_file.id", "case_measure.case_id")
    .select([
      "case_measure.id",
      "case_measure.measure",
      "case_measure.description",
      "case_measure.created_at",
      "case_measure.assigned_organisation_id",
      "case_file.id as case_id",
      "case_file.reference",
      "case_file.requesting",
      "case_file.confidentiality",
    ])
    .where("case_measure.assigned_organisation_id", "=", actor.organisationId)
    .orderBy("case_measure.created_at", "desc")
    .execute();
  const listed = new Set(
    (await ctx.db.selectFrom("case_access").select("case_id").where("user_id", "=", actor.userId).execute()).map((r) => r.case_id),
  );
  return rows
    .filter((r) =>
      allowAssignment(actor, {
        confidentiality: r.confidentiality,
        actorListed: listed.has(r.case_id),
        assignedOrganisationId: r.assigned_organisation_id,
      }),
    )
    .map((r) => ({
      measureId: r.id,
      measure: r.measure,
      description: r.description,
      caseReference: r.reference,
      requesting: r.requesting,
      confidentiality: r.confidentiality,
      assignedAt: new Date(r.created_at).toISOString(),
    }));
}

export interface QueueItem {
  caseId: string;
  reference: string;
  title: string;
  state: string;
  confidentiality: Confidentiality;
  kind: string;
  due: string;
  rule: string;
  overdue: boolean;
}

/** One page of the queue, with the counts of the whole queue (not of the page). */
export interface QueuePage {
  today: string;
  /** Open deadlines already past, in the whole queue. */
  overdue: number;
  /** Open deadlines from today to the horizon, in the whole queue. */
  dueSoon: number;
  items: QueueItem[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

/** The queue's default and largest page. */
export const QUEUE_PAGE = { default: 50, max: 200 } as const;

const encodeQueueCursor = (due: string, id: string) => Buffer.from(JSON.stringify(["q", due, id])).toString("base64url");

function decodeQueueCursor(cursor: string): { due: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      v[0] === "q" &&
      typeof v[1] === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(v[1]) &&
      typeof v[2] === "string" &&
      UUID.test(v[2])
    )
      return { due: v[1], id: v[2] };
  } catch {
    // falls through to the error below
  }
  throw invalid("cursor", "cursor is not one this server gave: start again from the first page (leave cursor out)");
}

/**
 * Open deadlines of the cases the actor may see — their own cases, or every visible case — due within
 * `withinDays` of today (overdue ones always), soonest first, one page at a time (keyset on due and the
 * deadline's id). The counts are of the whole queue, so a long queue is never reported as its first page.
 */
export async function queue(
  ctx: CasesContext,
  actor: Actor,
  opts: { scope: "mine" | "all"; withinDays: number; limit?: number; cursor?: string },
): Promise<QueuePage> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + opts.withinDays * 86_400_000).toISOString().slice(0, 10);
  const limit = Math.min(Math.max(opts.limit ?? QUEUE_PAGE.default, 1), QUEUE_PAGE.max);
  const after = opts.cursor ? decodeQueueCursor(opts.cursor) : undefined;
  // Each deadline carries its case's state and confidentiality (kept by triggers, migration 0013), so
  // the whole queue is counted from the deadline index without reading a case: the count is what
  // costs, since it must see every open deadline, while the page stops after `limit` of them.
  const v = caseVisibility(actor);
  let open = ctx.db
    .selectFrom("case_deadline")
    .where("case_deadline.done", "=", false)
    .where("case_deadline.due", "<=", horizon)
    .where("case_deadline.case_state", "not in", ["closed", "withdrawn"])
    .where((eb) => {
      const ors = [];
      if (v.levelsWithoutListing.length > 0) ors.push(eb("case_deadline.case_confidentiality", "in", [...v.levelsWithoutListing]));
      if (v.listedCases)
        ors.push(
          eb.exists(
            eb
              .selectFrom("case_access")
              .select("case_access.case_id")
              .whereRef("case_access.case_id", "=", "case_deadline.case_id")
              .where("case_access.user_id", "=", actor.userId),
          ),
        );
      return ors.length > 0 ? eb.or(ors) : eb.val(false);
    });
  // "mine" reads the (officer, due) index in order.
  if (opts.scope === "mine") open = open.where("case_deadline.officer_id", "=", actor.userId);
  const counts = await open
    .select([
      sql<number>`(count(*) filter (where case_deadline.due < ${today}))::int`.as("overdue"),
      sql<number>`(count(*) filter (where case_deadline.due >= ${today}))::int`.as("due_soon"),
    ])
    .executeTakeFirstOrThrow();
  let page = open;
  if (after)
    page = page.where((eb) =>
      eb.or([
        eb("case_deadline.due", ">", after.due),
        eb.and([eb("case_deadline.due", "=", after.due), eb("case_deadline.id", ">", after.id)]),
      ]),
    );
  const rows = await page
    .innerJoin("case_file", "case_file.id", "case_deadline.case_id")
    .select([
      "case_deadline.id as deadline_id",
      "case_file.id as case_id",
      "case_file.reference",
      "case_file.title",
      "case_file.state",
      "case_file.confidentiality",
      "case_deadline.kind",
      "case_deadline.due",
      "case_deadline.rule",
    ])
    .orderBy("case_deadline.due")
    .orderBy("case_deadline.id")
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    today,
    overdue: Number(counts.overdue ?? 0),
    dueSoon: Number(counts.due_soon ?? 0),
    items: shown.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      title: r.title,
      state: r.state,
      confidentiality: r.confidentiality,
      kind: r.kind,
      due: r.due,
      rule: r.rule,
      overdue: r.due < today,
    })),
    nextCursor: rows.length > limit && last ? encodeQueueCursor(last.due, last.deadline_id) : null,
  };
}

/**
 * Registers many cases at once (a batch of requests received together, or a migration from a
 * spreadsheet): every case is validated and its basis computed first; then one transaction writes
 * them all, with one audit event each. Nothing is written if any case is invalid — the error names
 * the case's position.
 */
export async function createCases(
  ctx: CasesContext,
  actor: Actor,
  inputs: NewCaseInput[],
  client: ClientInfo,
): Promise<{ id: string; reference: string }[]> {
  if (inputs.length === 0 || inputs.length > 1000) throw invalid("cases", "Send 1 to 1,000 cases in a batch.");
  const now = ctx.clock.now();
  const prepared = inputs.map((input, i) => {
    try {
      if (input.accessList?.length)
        throw invalid("accessList", "Batch registration gives access to the registering officer only; add colleagues afterwards.");
      return { input, ...prepareNewCase(ctx, input, now) };
    } catch (err) {
      if (err instanceof Error && "field" in err) {
        const e = err as Error & { field?: string };
        throw invalid(`cases[${i}].${e.field ?? ""}`, `Case ${i + 1}: ${e.message}`);
      }
      throw err;
    }
  });
  return ctx.db.transaction().execute(async (trx) => {
    const byPrefix = new Map<string, number>();
    for (const p of prepared) {
      const prefix = `${p.input.direction === "outgoing" ? "OUT" : "IN"}-${now.getUTCFullYear()}-`;
      byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
    }
    // Reserve the references of the whole batch with one update per prefix.
    const next = new Map<string, number>();
    for (const [prefix, count] of byPrefix) {
      const r = await trx
        .insertInto("case_reference_counter")
        .values({ prefix, last: count })
        .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", count) })))
        .returning("last")
        .executeTakeFirstOrThrow();
      next.set(prefix, r.last - count + 1);
    }
    const rows = prepared.map((p) => {
      const prefix = `${p.input.direction === "outgoing" ? "OUT" : "IN"}-${now.getUTCFullYear()}-`;
      const n = next.get(prefix) ?? 1;
      next.set(prefix, n + 1);
      return {
        reference: `${prefix}${String(n).padStart(5, "0")}`,
        direction: p.input.direction,
        title: p.input.title.trim(),
        requesting: p.input.requesting,
        requested: p.input.requested,
        confidentiality: p.input.confidentiality,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        state: initialState(p.input.direction),
        request_date: p.requestDate,
        basis_digest: p.basis.digest,
        basis_instrument: p.instrument,
        our_reference: p.input.ourReference?.trim() || null,
        their_reference: p.input.theirReference?.trim() || null,
        authority: p.input.authority?.trim() || null,
        urgency: p.input.urgency ?? ("normal" as const),
        received_on: p.input.receivedOn ?? (p.input.direction === "incoming" ? p.requestDate : null),
        officer_id: actor.userId,
        written_confirmation_due: p.writtenConfirmationDue,
        respond_by: p.input.respondBy ?? null,
      };
    });
    await storeBasisAnswers(
      trx,
      prepared.map((p) => p.basis),
    );
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 200)
      ids.push(
        ...(
          await trx
            .insertInto("case_file")
            .values(rows.slice(i, i + 200))
            .returning("id")
            .execute()
        ).map((r) => r.id),
      );
    const measureRows = prepared.flatMap((p, i) =>
      p.measures.map((m) => ({
        case_id: ids[i] ?? "",
        measure: m.measure,
        description: m.description.trim(),
        assigned_organisation_id: null,
        created_at: now,
      })),
    );
    for (let i = 0; i < measureRows.length; i += 500)
      await trx
        .insertInto("case_measure")
        .values(measureRows.slice(i, i + 500))
        .execute();
    await trx
      .insertInto("case_access")
      .values(ids.map((case_id) => ({ case_id, user_id: actor.userId, granted_by: actor.userId, granted_at: now })))
      .execute();
    const deadlineRows = rows.flatMap((r, i) =>
      caseDeadlines({ ...r, state: String(r.state) }).map((d) => ({
        case_id: ids[i] ?? "",
        officer_id: actor.userId,
        kind: d.kind,
        ref_id: d.refId,
        due: d.due,
        rule: d.rule,
        done: d.done,
      })),
    );
    for (let i = 0; i < deadlineRows.length; i += 500)
      await trx
        .insertInto("case_deadline")
        .values(deadlineRows.slice(i, i + 500))
        .execute();
    await recordEvents(
      trx,
      ctx.clock,
      rows.map((r, i) => ({
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "case.create",
        objectType: "case",
        objectId: ids[i] ?? null,
        summary: {
          after: { reference: r.reference, direction: r.direction, confidentiality: r.confidentiality, basis: r.basis_instrument },
          batch: rows.length,
        },
        ip: client.ip,
      })),
    );
    return rows.map((r, i) => ({ id: ids[i] ?? "", reference: r.reference }));
  });
}
