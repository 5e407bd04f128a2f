/**
 * A figure's drill-down: the condition on case_file that keeps the cases behind one figure of the
 * statistics, for the case list (src/cases/queries.ts), which applies need-to-know as for any list.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "../db/schema.js";
import { assetCaseIds } from "./figures.js";

/** The cases counted under `statistic` ("dimension" or "dimension:value") with a day in [from, to]. */
export function statisticCases(statistic: string, from: string, to: string) {
  const at = statistic.indexOf(":");
  const named = at < 0 ? statistic : statistic.slice(0, at);
  // Transfers of sentenced persons are the "total" of kind tsp; every other figure counts mla cases only.
  const dimension = named === "transfers" ? "total" : named;
  const kind = named === "transfers" ? "tsp" : "mla";
  const value = at < 0 ? null : statistic.slice(at + 1);
  return (eb: ExpressionBuilder<Database, "case_file">) => {
    if (dimension.startsWith("asset_"))
      return eb.and([
        eb("case_file.kind", "=", "mla"),
        eb("case_file.id", "in", sql<string>`(${assetCaseIds(dimension, value ?? "", sql`${from}::date`, sql`${to}::date`)})`),
      ]);
    // The figure's cases first (index on dimension, value, day, with the case's id in it), then the
    // list's order: walking the whole list newest first and probing each case would read most of it.
    return eb(
      "case_file.id",
      "in",
      eb
        .selectFrom("stat_fact")
        .select("stat_fact.case_id")
        .where("stat_fact.dimension", "=", dimension)
        .$if(value !== null, (q) => q.where("stat_fact.value", "=", value ?? ""))
        .where("stat_fact.day", ">=", from)
        .where("stat_fact.day", "<=", to)
        .where("stat_fact.kind", "=", kind),
    );
  };
}
