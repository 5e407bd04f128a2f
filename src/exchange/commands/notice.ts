/**
 * Sends a notice (safe conduct, custody transfer and return dates, limits on use). Telling the
 * requesting state that its request cannot be kept confidential also puts the incoming case on
 * hold for its choice, as the register's action does.
 */
import type { NoticeBody } from "../messages/index.js";
import { type Sending, requireLink } from "./sender.js";

export function sendNotice(input: NoticeBody, direction: "incoming" | "outgoing"): Sending<"notice"> {
  const hold = input.topic === "confidentiality_cannot_be_kept" && direction === "incoming";
  return {
    kind: "notice",
    ...(hold ? { transition: { action: "notify_confidentiality_impossible", note: "Notified through the exchange." } } : {}),
    summary: `Notice (${input.topic.replace(/_/g, " ")}) sent through the exchange.`,
    async build(trx, row) {
      await requireLink(trx, row.id);
      return input;
    },
  };
}
