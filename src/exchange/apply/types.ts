/** What applying one received message to a case needs. */
import type { Transaction } from "kysely";
import type { Database, ExchangeLinkTable } from "../../db/schema.js";
import type { Author } from "../casefile.js";
import type { ExchangeContext, TrustedPartner } from "../context.js";
import type { Envelope } from "../envelope.js";
import type { Kind } from "../messages/index.js";

export type LinkRow = {
  [K in keyof ExchangeLinkTable]: K extends "next_seq" | "expected_seq"
    ? number
    : K extends "measure_refs"
      ? unknown
      : ExchangeLinkTable[K];
} & {
  created_at: Date | string;
};

export interface Applying<K extends Kind = Kind> {
  trx: Transaction<Database>;
  ctx: ExchangeContext;
  partner: TrustedPartner;
  envelope: Envelope<K>;
  hash: string;
  /** The case's link; null only for a `request`, which creates it. */
  link: LinkRow | null;
  author: Author;
}

/** Applies a message of one kind; returns the id of the case it applied to. */
export type Applier<K extends Kind> = (a: Applying<K>) => Promise<string>;
