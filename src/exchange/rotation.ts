/**
 * Key rotation and revocation for this node (issue 13 §1). `rotate` publishes a next key pair beside
 * the current one, so partners that refresh learn it from a document signed by the key they trust;
 * `activate` makes the next pair current and retires the old pair, which partners still accept until
 * its overlap ends; `revoke` refuses a key from that instant. Each is one transaction with its audit event.
 */
import { recordEvent } from "../audit/trail.js";
import { conflict, notFound } from "../errors.js";
import type { Keyring, NodeKeyView } from "./keyring.js";
import type { ChangeActor } from "./partnerRegistrar.js";

/** How long partners accept a retired key unless the operator says otherwise. */
export const DEFAULT_OVERLAP_DAYS = 7;

/** Creates the next signing and encryption keys, published beside the current ones; 409 when a next pair exists. */
export async function rotateKeys(keyring: Keyring, actor: ChangeActor): Promise<NodeKeyView[]> {
  const now = keyring.clock.now();
  return keyring.db.transaction().execute(async (trx) => {
    const next = await trx.selectFrom("node_key").select("kid").where("status", "=", "next").forUpdate().execute();
    if (next.length > 0) throw conflict("status", "A next key pair is already published; activate it first.", "next_key_exists");
    const created = await keyring.createKeys(trx, "next", now);
    await recordEvent(trx, keyring.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "exchange.key.rotate",
      objectType: "node_key",
      objectId: null,
      summary: { after: { next: created.map((k) => ({ kid: k.kid, use: k.use })) } },
      ip: null,
    });
    return created;
  });
}

/**
 * Makes the next pair current; the old current pair is retired and still accepted for `overlapDays`
 * (in-flight messages, partners that have not refreshed). 409 when there is no next pair.
 */
export async function activateNextKeys(keyring: Keyring, actor: ChangeActor, overlapDays = DEFAULT_OVERLAP_DAYS): Promise<NodeKeyView[]> {
  const now = keyring.clock.now();
  const until = new Date(now.getTime() + overlapDays * 86_400_000);
  await keyring.db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom("node_key").selectAll().where("status", "in", ["current", "next"]).forUpdate().execute();
    const next = rows.filter((r) => r.status === "next");
    if (next.length === 0) throw conflict("status", "There is no next key pair to activate; run rotate first.", "no_next_key");
    for (const use of ["sig", "enc"] as const) {
      if (!next.some((r) => r.use === use)) continue;
      await trx
        .updateTable("node_key")
        .set({ status: "retired", accept_until: until })
        .where("use", "=", use)
        .where("status", "=", "current")
        .execute();
      await trx
        .updateTable("node_key")
        .set({ status: "current", activated_at: now })
        .where("use", "=", use)
        .where("status", "=", "next")
        .execute();
    }
    await recordEvent(trx, keyring.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "exchange.key.activate",
      objectType: "node_key",
      objectId: null,
      summary: {
        before: { current: rows.filter((r) => r.status === "current").map((r) => r.kid) },
        after: { current: next.map((r) => r.kid), acceptOldUntil: until.toISOString() },
      },
      ip: null,
    });
  });
  return keyring.keys();
}

/**
 * Revokes one of this node's keys from now on. Revoking a current key promotes the next one of the
 * same use if there is one, else creates a new one: partners then trust it only after comparing its
 * fingerprint again (they cannot learn it from a document the revoked key signed).
 */
export async function revokeKey(
  keyring: Keyring,
  actor: ChangeActor,
  kid: string,
): Promise<{ revoked: NodeKeyView; replacedBy?: NodeKeyView }> {
  const now = keyring.clock.now();
  const replaced = await keyring.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("node_key").selectAll().where("kid", "=", kid).forUpdate().executeTakeFirst();
    if (!row) throw notFound("kid", `This node has no key ${kid}.`);
    if (row.status === "revoked") throw conflict("kid", "That key is already revoked.", "already_revoked");
    await trx.updateTable("node_key").set({ status: "revoked", revoked_at: now }).where("kid", "=", kid).execute();
    let replacement: string | undefined;
    if (row.status === "current") {
      const next = await trx
        .selectFrom("node_key")
        .select("kid")
        .where("use", "=", row.use)
        .where("status", "=", "next")
        .executeTakeFirst();
      if (next) await trx.updateTable("node_key").set({ status: "current", activated_at: now }).where("kid", "=", next.kid).execute();
      else {
        // Both uses are rotated together so the pair stays one generation; the other one is retired at once.
        await trx
          .updateTable("node_key")
          .set({ status: "retired", accept_until: now })
          .where("use", "!=", row.use)
          .where("status", "=", "current")
          .execute();
        await trx.deleteFrom("node_key").where("status", "=", "next").execute();
      }
      replacement = next?.kid ?? (await keyring.createKeys(trx, "current", now)).find((k) => k.use === row.use)?.kid;
    }
    await recordEvent(trx, keyring.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "exchange.key.revoke",
      objectType: "node_key",
      objectId: kid,
      summary: { before: { status: row.status }, after: { status: "revoked", ...(replacement ? { replacedBy: replacement } : {}) } },
      ip: null,
    });
    return replacement;
  });
  const keys = await keyring.keys();
  return {
    revoked: keys.find((k) => k.kid === kid) as NodeKeyView,
    replacedBy: replaced ? keys.find((k) => k.kid === replaced) : undefined,
  };
}
