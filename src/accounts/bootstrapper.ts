/**
 * First start: creates the central authority and its first administrator with a one-time password
 * that is returned to the caller (printed once on the console by `npm start`), never a default.
 */
import { recordEvent } from "../audit/trail.js";
import { hashPassword } from "../security/passwords.js";
import { oneTimePassword } from "../security/secrets.js";
import type { AccountsContext } from "./context.js";

export interface BootstrapResult {
  email: string;
  oneTimePassword: string;
  organisation: string;
}

/** Creates the first administrator if there is no user yet; otherwise does nothing and returns null. */
export async function ensureFirstAdministrator(
  ctx: AccountsContext,
  opts: { organisationName: string; email: string; jurisdiction?: string | null },
): Promise<BootstrapResult | null> {
  const any = await ctx.db.selectFrom("app_user").select("id").limit(1).executeTakeFirst();
  if (any) return null;
  const password = oneTimePassword();
  const hash = await hashPassword(password);
  return ctx.db.transaction().execute(async (trx) => {
    // Re-check inside the transaction: two processes starting at once must not both create one.
    const again = await trx.selectFrom("app_user").select("id").limit(1).forUpdate().executeTakeFirst();
    if (again) return null;
    let org = await trx
      .selectFrom("organisation")
      .selectAll()
      .where("kind", "=", "central_authority")
      .orderBy("created_at")
      .executeTakeFirst();
    if (!org)
      org = await trx
        .insertInto("organisation")
        .values({ name: opts.organisationName, kind: "central_authority", jurisdiction: opts.jurisdiction ?? null })
        .returningAll()
        .executeTakeFirstOrThrow();
    const user = await trx
      .insertInto("app_user")
      .values({
        organisation_id: org.id,
        email: opts.email.toLowerCase(),
        display_name: "Administrator",
        role: "administrator",
        password_hash: hash,
        must_change_password: true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: null,
      actorLabel: "system",
      action: "user.create",
      objectType: "user",
      objectId: user.id,
      summary: { after: { email: opts.email.toLowerCase(), role: "administrator" }, firstStart: true },
      ip: null,
    });
    return { email: opts.email.toLowerCase(), oneTimePassword: password, organisation: org.name };
  });
}
