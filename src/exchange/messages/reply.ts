/** `reply`: the requesting state's answer to a query (and, to a consultation, whether it accepts the conditions). */
import { z } from "zod";
import { LONG_TEXT, inlineDocument, text } from "./common.js";

export const replyBody = z.object({
  inReplyTo: z.uuid().describe("The id of the query answered"),
  text: text({ min: 3, max: LONG_TEXT }),
  conditionsAccepted: z.boolean().nullable(),
  documents: z.array(inlineDocument).max(10),
});
export type ReplyBody = z.infer<typeof replyBody>;
