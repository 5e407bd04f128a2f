/**
 * The administrator's writes to the directory: create, edit, delete, each versioned (a write carries the
 * version it read; 409 version_conflict when stale) and audited in the same transaction. The audit
 * event names the jurisdiction and which field groups changed, never their values (an office's
 * telephone or e-mail may name a person).
 */
import { sql, type Transaction } from "kysely";
import type { AccountsContext } from "../accounts/context.js";
import { canonicalJson, recordEvent } from "../audit/trail.js";
import type { Database } from "../db/schema.js";
import { DomainError, conflict, invalid, notFound } from "../errors.js";
import type { KnowledgeBase } from "../law/knowledge.js";
import type { Actor } from "../policies/policy.js";
import { type DirectoryEntry, storedEntry } from "./entries.js";
import type { EntryInput } from "./schema.js";

export interface DirectoryContext extends AccountsContext {
  kb: KnowledgeBase;
}

/** Who wrote, for the audit trail: a user, or the console. */
export interface DirectoryActor {
  userId: string | null;
  label: string;
}

/** The actor of a route. */
export const directoryActor = (a: Actor): DirectoryActor => ({ userId: a.userId, label: a.label });

const GROUPS = ["instruments", "address", "channels", "languages", "urgent", "hours"] as const;

/** Checks what zod cannot: every instrument named is in the knowledge base. 400 naming the field otherwise. */
export function checkInstruments(kb: KnowledgeBase, input: EntryInput, prefix = ""): void {
  input.instruments.forEach((i, n) => {
    if (!kb.instruments.has(i.instrument))
      throw invalid(
        `${prefix}instruments.${n}.instrument`,
        `"${i.instrument}" is not an instrument of the knowledge base.`,
        "unknown_instrument",
      );
  });
  input.languages.forEach((l, n) => {
    if (l.instrument && !kb.instruments.has(l.instrument))
      throw invalid(
        `${prefix}languages.${n}.instrument`,
        `"${l.instrument}" is not an instrument of the knowledge base.`,
        "unknown_instrument",
      );
  });
}

/** The stored columns of an input. */
export function rowOf(input: EntryInput) {
  const detail = Object.fromEntries(GROUPS.filter((g) => input[g] !== undefined).map((g) => [g, input[g]]));
  return {
    jurisdiction: input.jurisdiction,
    authority: input.authority,
    role: input.role,
    detail: JSON.stringify(detail),
    source: JSON.stringify(input.source),
    last_checked: input.lastChecked,
  };
}

/** The field groups (and names) whose content differs between two entries: what the audit event records. */
export function changedFields(before: DirectoryEntry | null, after: EntryInput): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  const LISTS = new Set(["instruments", "channels", "languages"]);
  // jsonb keeps keys in its own order: compare canonical JSON, with an absent list the same as an empty one.
  const norm = (k: string, v: unknown) => canonicalJson(v ?? (LISTS.has(k) ? [] : null));
  return ["jurisdiction", "authority", "role", "source", "lastChecked", ...GROUPS].filter((k) => norm(k, b[k]) !== norm(k, a[k]));
}

const exists = (input: EntryInput) =>
  conflict(
    "authority",
    `The directory already has ${input.authority} as ${input.role === "central" ? "a central" : "an executing"} authority of ${input.jurisdiction}; edit that entry instead.`,
    "directory_entry_exists",
  );

/** Whether another stored entry has the same jurisdiction, authority (any case) and role. */
export async function findSame(trx: Transaction<Database>, input: EntryInput, exceptId?: string) {
  let q = trx
    .selectFrom("directory_entry")
    .selectAll()
    .where("jurisdiction", "=", input.jurisdiction)
    .where("role", "=", input.role)
    .where(sql<string>`lower(authority)`, "=", input.authority.toLowerCase());
  if (exceptId) q = q.where("id", "<>", exceptId);
  return q.executeTakeFirst();
}

/** Creates an entry (origin administrator). */
export async function createEntry(
  ctx: DirectoryContext,
  actor: DirectoryActor,
  input: EntryInput,
  ip: string | null,
): Promise<DirectoryEntry> {
  checkInstruments(ctx.kb, input);
  return ctx.db.transaction().execute(async (trx) => {
    if (await findSame(trx, input)) throw exists(input);
    const now = ctx.clock.now();
    const row = await trx
      .insertInto("directory_entry")
      .values({ ...rowOf(input), origin: "administrator", created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "directory.create",
      objectType: "directory_entry",
      objectId: row.id,
      summary: { jurisdiction: input.jurisdiction, fields: changedFields(null, input) },
      ip,
    });
    return storedEntry(row);
  });
}

/** 409: someone changed the entry since it was read. */
const stale = (yours: number, now: number) =>
  new DomainError(
    409,
    "version_conflict",
    `Someone else changed this directory entry since you read it (your version ${yours}, now ${now}); reload to see their change.`,
    "version",
  );

/** Replaces a stored entry's content; `version` is the one read. */
export async function updateEntry(
  ctx: DirectoryContext,
  actor: DirectoryActor,
  id: string,
  version: number,
  input: EntryInput,
  ip: string | null,
): Promise<DirectoryEntry> {
  checkInstruments(ctx.kb, input);
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("directory_entry").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before)
      throw notFound("id", "No such directory entry (entries from the knowledge base or a partner's identity are not edited here).");
    if (before.version !== version) throw stale(version, before.version);
    if (await findSame(trx, input, id)) throw exists(input);
    const fields = changedFields(storedEntry(before), input);
    if (fields.length === 0) return storedEntry(before);
    const row = await trx
      .updateTable("directory_entry")
      .set({ ...rowOf(input), origin: "administrator", version: version + 1, updated_at: ctx.clock.now() })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "directory.update",
      objectType: "directory_entry",
      objectId: id,
      summary: { jurisdiction: input.jurisdiction, fields },
      ip,
    });
    return storedEntry(row);
  });
}

/** Deletes a stored entry; `version` is the one read. */
export async function deleteEntry(
  ctx: DirectoryContext,
  actor: DirectoryActor,
  id: string,
  version: number,
  ip: string | null,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("directory_entry").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!before) throw notFound("id", "No such directory entry.");
    if (before.version !== version) throw stale(version, before.version);
    await trx.deleteFrom("directory_entry").where("id", "=", id).execute();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "directory.delete",
      objectType: "directory_entry",
      objectId: id,
      summary: { jurisdiction: before.jurisdiction },
      ip,
    });
  });
}
