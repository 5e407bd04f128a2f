/** `notice`: safe conduct, custody transfer and return dates, limits on use, confidentiality that cannot be kept. */
import { z } from "zod";
import { LONG_TEXT, isoDate, text } from "./common.js";
import { LIMITS } from "../../validation/limits.js";

export const noticeBody = z.object({
  topic: z.enum(["safe_conduct", "custody_transfer", "custody_return", "limits_on_use", "confidentiality_cannot_be_kept", "other"]),
  text: text({ min: 3, max: LONG_TEXT }),
  dates: z.array(z.object({ label: text({ min: 1, max: LIMITS.noticeDateLabel }), on: isoDate() })).max(20),
});
export type NoticeBody = z.infer<typeof noticeBody>;
