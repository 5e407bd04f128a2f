/**
 * The case list's filter as the API takes it (issue 14 §4): every filter names a value the register
 * knows — a workflow state, a measure, an ICCS section, a jurisdiction, an officer — and a value it does
 * not know is a 400 naming the filter, never an empty list that looks like "no such case". A filter the
 * API does not have at all (a misspelt name) is refused too, for the same reason.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../db/schema.js";
import { invalid } from "../errors.js";
import { MEASURES } from "../law/codes.js";
import { ICCS_CODES } from "../law/iccs.js";
import { jurisdiction } from "../law/jurisdictions.js";
import { CONFIDENTIALITY } from "../policies/policy.js";
import { flag, id, isoDate, jurisdictionCode, text } from "../validation/schemas.js";
import { INCOMING_STATES, OUTGOING_STATES } from "./workflow.js";

/** The dimensions of the statistics' figures (src/statistics/figures.ts) a list can be narrowed to. */
export const STATISTIC_DIMENSIONS = [
  "total",
  "transfers",
  "open",
  "partner",
  "measure",
  "iccs",
  "basis",
  "refusal_ground",
  "refusal_provision",
  "postponement_ground",
  "postponement_provision",
  "duration_registration",
  "duration_decision",
  "duration_execution",
  "asset_frozen",
  "asset_confiscated",
  "asset_shared",
] as const;
const STATISTIC = new RegExp(`^(${STATISTIC_DIMENSIONS.join("|")})(:[^\\s:]{0,100})?$`);

/** Every workflow state of either direction, once. */
export const CASE_STATES = [...new Set<string>([...INCOMING_STATES, ...OUTGOING_STATES])] as [string, ...string[]];

const oneOf = (what: string, values: readonly string[]) => `must be ${what}: ${values.join(", ")}`;

/** The filters of GET /cases, /cases/count and /cases/export, one field each. */
export const caseListFields = z
  .object({
    q: text({ max: 200 })
      .optional()
      .describe("Search in our reference, the partner's reference, the title and the names of the persons in the cases you may see"),
    confidentiality: z.enum(CONFIDENTIALITY, { error: oneOf("a confidentiality level", CONFIDENTIALITY) }).optional(),
    direction: z.enum(["incoming", "outgoing"], { error: oneOf("a direction", ["incoming", "outgoing"]) }).optional(),
    state: z
      .enum(CASE_STATES, { error: oneOf("a workflow state", CASE_STATES) })
      .optional()
      .describe("Workflow state"),
    partner: jurisdictionCode()
      .refine((code) => jurisdiction(code) !== undefined, { message: "must be the code of a known jurisdiction, such as FR" })
      .optional()
      .describe("The other state, either side"),
    measure: z.enum(MEASURES, { error: oneOf("a measure", MEASURES) }).optional(),
    iccs: z
      .enum(ICCS_CODES as [string, ...string[]], { error: oneOf("an ICCS level-1 section", ICCS_CODES) })
      .optional()
      .describe("ICCS section of an offence"),
    officer: id().optional().describe("Officer in charge (user id)"),
    overdue: flag().optional().describe("Only cases with a deadline already past"),
    receivedFrom: isoDate().optional().describe("Received on or after this day (YYYY-MM-DD)"),
    receivedTo: isoDate().optional().describe("Received on or before this day (YYYY-MM-DD)"),
    statistic: z
      .string()
      .regex(STATISTIC, `must name a figure of the statistics: ${STATISTIC_DIMENSIONS.join(", ")}, with ":value" where it has one`)
      .optional()
      .describe("The cases behind one figure of GET /statistics (its `cases.statistic`), such as measure:records"),
    statisticFrom: isoDate().optional().describe("With statistic: its period's first day (day of receipt or sending)"),
    statisticTo: isoDate().optional().describe("With statistic: its period's last day"),
  })
  .strict();

/** The filters with their rules across fields (a received-between range the right way round). */
export function withRange<
  S extends z.ZodType<{ receivedFrom?: string; receivedTo?: string; statisticFrom?: string; statisticTo?: string }>,
>(schema: S) {
  return schema
    .refine((f) => !f.receivedFrom || !f.receivedTo || f.receivedFrom <= f.receivedTo, {
      message: "must not be before the first day of receipt",
      path: ["receivedTo"],
    })
    .refine((f) => !f.statisticFrom || !f.statisticTo || f.statisticFrom <= f.statisticTo, {
      message: "must not be before statisticFrom",
      path: ["statisticTo"],
    });
}

export const caseListFilter = withRange(caseListFields);
export type CaseListQuery = z.infer<typeof caseListFields>;

/** An officer filter must name a user of this installation: an unknown id is a 400, not an empty list. */
export async function checkOfficer(db: Kysely<Database>, officer: string | undefined): Promise<void> {
  if (!officer) return;
  const found = await db.selectFrom("app_user").select("id").where("id", "=", officer).executeTakeFirst();
  if (!found) throw invalid("officer", "officer: no user has this id");
}
