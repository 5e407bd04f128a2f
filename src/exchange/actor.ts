/**
 * The account in whose name received messages change cases. Case rows name who recorded them
 * (foreign keys to app_user), and what a partner node sent was recorded by no person here: this
 * account stands for "the exchange". It is disabled, has no password and cannot sign in.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

import { EXCHANGE_EMAIL } from "./exchange-account.js";

export { EXCHANGE_EMAIL };

/** Finds or creates the exchange's account in the node's organisation; returns its id. */
export async function ensureExchangeUser(db: Kysely<Database>, organisationId: string, now: Date): Promise<string> {
  const found = await db.selectFrom("app_user").select("id").where("email", "=", EXCHANGE_EMAIL).executeTakeFirst();
  if (found) return found.id;
  try {
    const row = await db
      .insertInto("app_user")
      .values({
        organisation_id: organisationId,
        email: EXCHANGE_EMAIL,
        display_name: "The exchange (messages from partner nodes)",
        role: "officer",
        password_hash: null,
        totp_secret: null,
        disabled_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  } catch (err) {
    // Another instance created it at the same moment (the unique index on the e-mail address).
    if ((err as { code?: string }).code !== "23505") throw err;
  }
  return (await db.selectFrom("app_user").select("id").where("email", "=", EXCHANGE_EMAIL).executeTakeFirstOrThrow()).id;
}

/** How a partner node is named in the audit trail and on the timeline. */
export const partnerLabel = (p: { jurisdiction: string; authority: string }) => `partner node ${p.jurisdiction} (${p.authority})`;
