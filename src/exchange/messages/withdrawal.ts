/** `withdrawal`: the requesting state withdraws the request. */
import { z } from "zod";
import { LONG_TEXT, text } from "./common.js";

export const withdrawalBody = z.object({ reasons: text({ max: LONG_TEXT }).nullable() });
export type WithdrawalBody = z.infer<typeof withdrawalBody>;
