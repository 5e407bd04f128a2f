/**
 * `notice`: safe conduct, custody transfer and return dates, limits on use, confidentiality that cannot be
 * kept; and for criminal assets (issue 15 §1) freezing (an order and its expiry), confiscation (an order,
 * final or under appeal) and sharing (an agreement and the shares).
 */
import { z } from "zod";
import { LONG_TEXT, isoDate, text } from "./common.js";
import { LIMITS } from "../../validation/limits.js";

/** The topics of a notice; freezing, confiscation and sharing were added for criminal assets (additive: older nodes refuse them as unknown topics). */
export const NOTICE_TOPICS = [
  "safe_conduct",
  "custody_transfer",
  "custody_return",
  "limits_on_use",
  "confidentiality_cannot_be_kept",
  "freezing",
  "confiscation",
  "sharing",
  "other",
] as const;

export const noticeBody = z.object({
  topic: z.enum(NOTICE_TOPICS),
  text: text({ min: 3, max: LONG_TEXT }),
  dates: z.array(z.object({ label: text({ min: 1, max: LIMITS.noticeDateLabel }), on: isoDate() })).max(20),
});
export type NoticeBody = z.infer<typeof noticeBody>;
