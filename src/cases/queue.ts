/** The work waiting: open deadlines of the cases one may see, and the measures assigned to an executing authority. */
import { sql } from "kysely";
import { invalid } from "../errors.js";
import { type Actor, allowAssignment, type Confidentiality, caseVisibility } from "../policies/policy.js";
import type { Words } from "../words.js";
import { type CasesContext, UUID } from "./access.js";
import { deadlineRuleWords } from "./deadline-rules.js";

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
  /** The rule as a key of the web app's words and its values (absent for a rule worded otherwise). */
  ruleWords?: Words;
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
    items: shown.map((r) => {
      const ruleWords = deadlineRuleWords(r.kind, r.rule);
      return {
        caseId: r.case_id,
        reference: r.reference,
        title: r.title,
        state: r.state,
        confidentiality: r.confidentiality,
        kind: r.kind,
        due: r.due,
        rule: r.rule,
        ...(ruleWords ? { ruleWords } : {}),
        overdue: r.due < today,
      };
    }),
    nextCursor: rows.length > limit && last ? encodeQueueCursor(last.due, last.deadline_id) : null,
  };
}
