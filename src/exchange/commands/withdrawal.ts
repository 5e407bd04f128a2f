/** Withdraws our request and tells the requested node. */
import { type Sending, notNow, requireLink } from "./sender.js";

export function sendWithdrawal(input: { reasons?: string | null }): Sending<"withdrawal"> {
  return {
    kind: "withdrawal",
    transition: { action: "withdraw", note: "Withdrawn; the requested state was told through the exchange." },
    summary: "Withdrawal sent through the exchange.",
    check(row) {
      if (row.direction !== "outgoing") throw notNow("Only the requesting state withdraws its request.");
    },
    async build(trx, row) {
      await requireLink(trx, row.id);
      return { reasons: input.reasons?.trim() || null };
    },
  };
}
