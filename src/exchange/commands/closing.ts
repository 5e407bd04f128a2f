/** Closes our case and tells the partner node. */
import { type Sending, requireLink } from "./sender.js";

export function sendClosing(input: { text?: string | null }): Sending<"closing"> {
  return {
    kind: "closing",
    transition: { action: "close", note: "Closed; the partner was told through the exchange." },
    summary: "Closing sent through the exchange.",
    async build(trx, row) {
      await requireLink(trx, row.id);
      return { text: input.text?.trim() || null };
    },
  };
}
