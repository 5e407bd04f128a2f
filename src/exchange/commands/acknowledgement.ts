/** Registers an incoming request that came through the exchange and acknowledges it to the requesting node. */
import type { ExchangeContext } from "../context.js";
import { type Sending, notNow, requireLink } from "./sender.js";

export interface AcknowledgeInput {
  executingAuthority?: string | null;
}

export function sendAcknowledgement(ctx: ExchangeContext, input: AcknowledgeInput): Sending<"acknowledgement"> {
  return {
    kind: "acknowledgement",
    transition: { action: "register", note: "Registered; acknowledged through the exchange." },
    summary: "Acknowledgement of registration sent through the exchange.",
    check(row) {
      if (row.direction !== "incoming") throw notNow("Only an incoming request is acknowledged.");
    },
    async build(trx, row) {
      await requireLink(trx, row.id);
      return {
        reference: row.reference,
        registeredOn: ctx.clock.now().toISOString().slice(0, 10),
        executingAuthority: input.executingAuthority?.trim() || null,
      };
    },
  };
}
