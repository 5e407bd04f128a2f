/**
 * Asks the requesting state for more information (the case awaits it) or consults it before a
 * refusal or postponement, offering the conditions under which assistance could be given.
 */
import type { QueryBody } from "../messages/index.js";
import { type Sending, notNow, requireLink } from "./sender.js";

export function sendQuery(input: QueryBody): Sending<"query"> {
  return {
    kind: "query",
    ...(input.purpose === "more_information" ? { transition: { action: "request_information", note: "Asked through the exchange." } } : {}),
    summary:
      input.purpose === "more_information"
        ? "Request for more information sent through the exchange."
        : "Consultation sent through the exchange.",
    check(row) {
      if (row.direction !== "incoming") throw notNow("Only the requested state asks questions on a request; answer with a reply.");
    },
    async build(trx, row) {
      await requireLink(trx, row.id);
      return input;
    },
  };
}
