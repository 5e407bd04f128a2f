/**
 * Need-to-know on case rows: which cases an actor may see (every list, count and export goes through
 * `visibleCases`, which takes its rule from the policy module, so they agree with single reads), and
 * loading one case an actor may act on ("not found" when they may not, exactly like an absent one).
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from "kysely";
import type { Database } from "../db/schema.js";
import { DomainError, invalid, notFound, worded } from "../errors.js";
import { type Actor, allowCase, caseVisibility } from "../policies/policy.js";
import type { Clock } from "../security/clock.js";
import type { BasisAnswer } from "../law/basis.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";

export interface CasesContext {
  db: Kysely<Database>;
  clock: Clock;
  /** The law, for the legal basis stored with each case. */
  kb: KnowledgeBase;
  /** The knowledge files, to answer for one chosen basis alone (see knowledgeOfInstrument). */
  files?: KnowledgeFiles;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseQuery = SelectQueryBuilder<Database, "case_file", object>;

/** Restricts a query on case_file to the cases the actor may see. */
export function visibleCases<Q extends CaseQuery>(q: Q, actor: Actor): Q {
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

export async function isListed(ctx: CasesContext, caseId: string, userId: string): Promise<boolean> {
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

export type CaseRow = Awaited<ReturnType<typeof caseFor>>;

/** 422: what the caller asked of a transfer case belongs to mutual legal assistance cases only. */
export const notMlaCase = () =>
  worded(
    new DomainError(
      422,
      "not_mla_case",
      "This case is a transfer of a sentenced person: measures, persons, hearings, evidence, assets and the exchange belong to mutual legal assistance cases.",
      "id",
    ),
    "notMlaCase",
  );

/**
 * A case for what only mutual legal assistance has — measures, offences and persons, the workflow of a
 * request, consultation, evidence, hearings, assets, the exchange: the need-to-know check of `caseFor`
 * first (a case one may not see stays "No such case"), then a transfer of a sentenced person (kind
 * 'tsp', whose own steps are in src/transfers) is refused with words.
 */
export async function mlaCaseFor(ctx: CasesContext, actor: Actor, id: string, action: "case:read" | "case:update" | "case:assign") {
  const row = await caseFor(ctx, actor, id, action);
  if (row.kind !== "mla") throw notMlaCase();
  return row;
}

/** The legal basis stored with the case. */
export function basisOf(row: CaseRow): BasisAnswer | null {
  if (!row.basis) return null;
  return (typeof row.basis === "string" ? JSON.parse(row.basis) : row.basis) as BasisAnswer;
}

export async function checkAccessList(ctx: CasesContext, userIds: string[]): Promise<string[]> {
  const ids = [...new Set(userIds)];
  for (const id of ids) if (!UUID.test(id)) throw worded(invalid("accessList", `"${id}" is not a user id.`), "notAUserId", { value: id });
  if (ids.length === 0) return ids;
  const found = await ctx.db.selectFrom("app_user").select("id").where("id", "in", ids).where("disabled_at", "is", null).execute();
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0)
    throw worded(invalid("accessList", `No active user with id ${missing.join(", ")}.`), "noActiveUser", { ids: missing.join(", ") });
  return ids;
}
