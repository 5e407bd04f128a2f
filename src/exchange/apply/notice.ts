/** A received `notice` (safe conduct, custody dates, limits on use, confidentiality): recorded on the case. */
import { correspond, lockCase, touch } from "../casefile.js";
import type { Envelope } from "../envelope.js";
import type { Applier } from "./types.js";

/** The correspondence a notice leaves on the case. */
export const noticeText = (e: Envelope<"notice">) =>
  `Notice (${e.body.topic.replace(/_/g, " ")}): ${e.body.text}${e.body.dates.map((d) => `\n${d.label}: ${d.on}`).join("")}`;

export const applyNotice: Applier<"notice"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await touch(trx, ctx, row);
  await correspond(trx, ctx, caseId, "in", noticeText(e), author);
  return caseId;
};
