/** Answers the requested state's query, with documents of the case if any. */
import { inlineOf } from "../casefile.js";
import { type Sending, notNow, requireLink } from "./sender.js";

export interface ReplyInput {
  inReplyTo: string;
  text: string;
  conditionsAccepted?: boolean | null;
  documentIds?: string[];
}

export function sendReply(input: ReplyInput): Sending<"reply"> {
  return {
    kind: "reply",
    summary: "Reply sent through the exchange.",
    check(row) {
      if (row.direction !== "outgoing") throw notNow("Only the requesting state replies to a query.");
    },
    async build(trx, row) {
      await requireLink(trx, row.id);
      const q = await trx
        .selectFrom("exchange_message")
        .select("id")
        .where("id", "=", input.inReplyTo)
        .where("case_id", "=", row.id)
        .where("direction", "=", "in")
        .where("kind", "=", "query")
        .executeTakeFirst();
      if (!q) throw notNow("inReplyTo names no query received on this case.");
      return {
        inReplyTo: input.inReplyTo,
        text: input.text,
        conditionsAccepted: input.conditionsAccepted ?? null,
        documents: await Promise.all((input.documentIds ?? []).map((d) => inlineOf(trx, row.id, d))),
      };
    },
  };
}
