/** A received `notice` (safe conduct, custody dates, limits on use, confidentiality): recorded on the case. */
import { correspond, lockCase, touch } from "../casefile.js";
import type { Applier } from "./types.js";

export const applyNotice: Applier<"notice"> = async ({ trx, ctx, envelope: e, link, author }) => {
  const caseId = link?.case_id as string;
  const row = await lockCase(trx, caseId);
  await touch(trx, ctx, row);
  const dates = e.body.dates.map((d) => `\n${d.label}: ${d.on}`).join("");
  await correspond(trx, ctx, caseId, "in", `Notice (${e.body.topic.replace(/_/g, " ")}): ${e.body.text}${dates}`, author);
  return caseId;
};
