/**
 * `query`: the requested state needs more information, or consults the requesting state before
 * refusing or postponing, offering conditions under which assistance could be given.
 */
import { z } from "zod";
import { LONG_TEXT, isoDate, text } from "./common.js";

export const queryBody = z.object({
  purpose: z.enum(["more_information", "consultation_before_refusal", "consultation_before_postponement"]),
  text: text({ min: 3, max: LONG_TEXT }),
  conditionsOffered: text({ max: LONG_TEXT }).nullable(),
  answerBy: isoDate().nullable(),
});
export type QueryBody = z.infer<typeof queryBody>;
