/** `closing`: the sender closed its case; nothing more will be sent on it. */
import { z } from "zod";
import { LONG_TEXT, text } from "./common.js";

export const closingBody = z.object({ text: text({ max: LONG_TEXT }).nullable() });
export type ClosingBody = z.infer<typeof closingBody>;
