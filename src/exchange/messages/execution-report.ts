/** `execution_report`: per measure, done, partly done or impossible, with reasons. */
import { z } from "zod";
import { LONG_TEXT, text } from "./common.js";

export const executionReportBody = z.object({
  measures: z
    .array(
      z.object({
        ref: text({ min: 1, max: 64 }),
        outcome: z.enum(["done", "partly_done", "impossible", "in_progress"]),
        reasons: text({ max: LONG_TEXT }).nullable(),
      }),
    )
    .min(1)
    .max(50),
  final: z.boolean().describe("Execution is over"),
});
export type ExecutionReportBody = z.infer<typeof executionReportBody>;
