/** `decision`: accepted, refused, postponed or partially refused, with the cited grounds and the notice. */
import { z } from "zod";
import { LONG_TEXT, citedGround, text } from "./common.js";

export const decisionBody = z.object({
  outcome: z.enum(["accepted", "refused", "postponed", "partially_refused"]),
  grounds: z.array(citedGround).max(20),
  reasons: text({ max: LONG_TEXT }).nullable(),
  notice: text({ max: LONG_TEXT }).nullable().describe("The notice to the requesting state, as the requested state wrote it"),
  refusedMeasures: z
    .array(text({ min: 1, max: 64 }))
    .max(50)
    .describe("The requesting side's refs of the measures refused"),
});
export type DecisionBody = z.infer<typeof decisionBody>;
