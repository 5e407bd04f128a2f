/** User and organisation administration, and the audit trail. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { LIMITS } from "../../validation/limits.js";
import { email, flag, id, isoDate, jurisdictionCode, text } from "../../validation/schemas.js";
import type { AccountsContext } from "../../accounts/context.js";
import { listUserViews } from "../../accounts/users.js";
import {
  createOrganisation,
  createUser,
  deleteOrganisation,
  listOrganisations,
  resetUser,
  unlockUser,
  updateOrganisation,
  updateUser,
} from "../../accounts/userAdministrator.js";
import { type AuditEvent, fromRow, verifyChain } from "../../audit/trail.js";
import { notFound } from "../../errors.js";
import { allow, ROLES } from "../../policies/policy.js";
import { authOf, clientOf } from "../security.js";

const role = z.enum(ROLES);

/** A case's reference as people write it: IN-2026-00001, OUT-2026-00001. */
const CASE_REFERENCE = /^(IN|OUT)-\d{4}-\d+$/i;

/**
 * The objects of audit events in words: a case's reference (never a truncated id), a user's name and
 * address, an organisation's name. The reader of the trail (administrator or auditor) sees the trail
 * of every case already; the reference says which case, not what is in it.
 */
async function withObjectLabels(ctx: AccountsContext, events: AuditEvent[]): Promise<(AuditEvent & { objectLabel: string | null })[]> {
  const idsOf = (type: string) => [
    ...new Set(events.filter((e) => e.objectType === type && e.objectId && UUID.test(e.objectId)).map((e) => e.objectId as string)),
  ];
  const labels = new Map<string, string>();
  const cases = idsOf("case");
  if (cases.length > 0)
    for (const c of await ctx.db.selectFrom("case_file").select(["id", "reference"]).where("id", "in", cases).execute())
      labels.set(`case:${c.id}`, c.reference);
  const users = idsOf("user");
  if (users.length > 0)
    for (const u of await ctx.db.selectFrom("app_user").select(["id", "display_name", "email"]).where("id", "in", users).execute())
      labels.set(`user:${u.id}`, `${u.display_name} <${u.email}>`);
  const orgs = idsOf("organisation");
  if (orgs.length > 0)
    for (const o of await ctx.db.selectFrom("organisation").select(["id", "name"]).where("id", "in", orgs).execute())
      labels.set(`organisation:${o.id}`, o.name);
  return events.map((e) => ({ ...e, objectLabel: labels.get(`${e.objectType}:${e.objectId}`) ?? null }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const userRoutes: FastifyPluginAsyncZod<{ ctx: AccountsContext }> = async (app, { ctx }) => {
  app.get(
    "/organisations",
    {
      config: { access: { action: "users:read" } },
      schema: {
        tags: ["administration"],
        summary: "Organisations: the central authority and executing authorities (in use; retired ones too when asked)",
        querystring: z.object({ includeRetired: flag().optional().describe("Also the retired organisations") }),
      },
    },
    async (req) => listOrganisations(ctx, { includeRetired: req.query.includeRetired === "true" }),
  );

  app.patch(
    "/organisations/:id",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary:
          "Renames an organisation, or retires it (kept for its history, offered for nothing new) or brings it back; 409 version_conflict when changed since `version`",
        params: z.object({ id: id() }),
        body: z.object({
          version: z.number().int().min(0).describe("The organisation's version as you read it (optimistic concurrency)"),
          name: text({ max: LIMITS.organisationName }).optional(),
          retired: z.boolean().optional(),
        }),
      },
    },
    async (req) => updateOrganisation(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.delete(
    "/organisations/:id",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary: "Deletes an organisation nothing refers to; 409 organisation_in_use when users or measures do (retire it instead)",
        params: z.object({ id: id() }),
      },
    },
    async (req) => {
      await deleteOrganisation(ctx, authOf(req).actor, req.params.id, clientOf(req));
      return { deleted: true };
    },
  );

  app.post(
    "/organisations",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary: "Creates an organisation",
        body: z.object({
          name: text({ max: LIMITS.organisationName }),
          kind: z.enum(["central_authority", "executing_authority"]),
          jurisdiction: jurisdictionCode().nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createOrganisation(ctx, authOf(req).actor, req.body, clientOf(req))),
  );

  app.get(
    "/users",
    {
      config: { access: { action: "users:read" } },
      schema: { tags: ["administration"], summary: "Users (administrators see account state; others a directory)" },
    },
    async (req) => {
      const users = await listUserViews(ctx.db);
      // Colleagues need names to build access lists; account state is for administrators.
      if (allow(authOf(req).actor, "users:manage")) return users;
      return users
        .filter((u) => !u.disabled)
        .map((u) => ({
          id: u.id,
          email: u.email,
          displayName: u.displayName,
          role: u.role,
          organisationId: u.organisationId,
          organisationName: u.organisationName,
        }));
    },
  );

  app.post(
    "/users",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary: "Creates a user; the answer carries their one-time password, shown once",
        body: z.object({ email: email(), displayName: text({ max: LIMITS.displayName }), role, organisationId: id() }),
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, authOf(req).actor, req.body, clientOf(req))),
  );

  app.patch(
    "/users/:id",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary:
          "Changes a user's role, organisation, name, or disables them (ends their sessions and tokens); 409 version_conflict when changed since `version`",
        params: z.object({ id: id() }),
        body: z.object({
          version: z.number().int().min(0).describe("The user's version as you read it (optimistic concurrency)"),
          role: role.optional(),
          organisationId: id().optional(),
          displayName: text({ max: LIMITS.displayName }).optional(),
          disabled: z.boolean().optional(),
        }),
      },
    },
    async (req) => updateUser(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/users/:id/reset",
    {
      config: { access: { action: "users:manage" } },
      schema: {
        tags: ["administration"],
        summary: "Issues a new one-time password (optionally removing the second factor)",
        params: z.object({ id: id() }),
        body: z.object({ resetTotp: z.boolean().default(false) }),
      },
    },
    async (req) => resetUser(ctx, authOf(req).actor, req.params.id, { resetTotp: req.body.resetTotp }, clientOf(req)),
  );

  app.post(
    "/users/:id/unlock",
    {
      config: { access: { action: "users:manage" } },
      schema: { tags: ["administration"], summary: "Lifts a sign-in lockout", params: z.object({ id: id() }) },
    },
    async (req) => {
      await unlockUser(ctx, authOf(req).actor, req.params.id, clientOf(req));
      return { unlocked: true };
    },
  );

  app.get(
    "/audit",
    {
      config: { access: { action: "audit:read" } },
      schema: {
        tags: ["audit"],
        summary: "Audit events, newest first, with filters",
        querystring: z.object({
          actor: id().optional().describe("User id"),
          action: text({ max: LIMITS.auditAction }).optional().describe("Action or its prefix, e.g. 'case.' or 'session.sign_in'"),
          objectType: text({ max: 32 }).optional(),
          objectId: text({ max: LIMITS.auditObjectId })
            .optional()
            .describe("The object's id, or a case's reference such as OUT-2026-00001"),
          from: isoDate().optional().describe("From this day (UTC)"),
          to: isoDate().optional().describe("Up to and including this day (UTC)"),
          before: z.coerce
            .number()
            .int()
            .positive()
            .max(Number.MAX_SAFE_INTEGER)
            .optional()
            .describe("Only events with seq below this (paging)"),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      let query = ctx.db.selectFrom("audit_event").selectAll().orderBy("seq", "desc").limit(q.limit);
      if (q.actor) {
        if (!/^[0-9a-f-]{36}$/i.test(q.actor)) throw notFound("actor", "No such user.");
        query = query.where("actor_id", "=", q.actor);
      }
      if (q.action) query = query.where("action", "like", `${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      if (q.objectType) query = query.where("object_type", "=", q.objectType);
      if (q.objectId) {
        // A case is known by its reference, not its id: find the id the trail records.
        const byReference = CASE_REFERENCE.test(q.objectId)
          ? await ctx.db.selectFrom("case_file").select("id").where("reference", "=", q.objectId.toUpperCase()).executeTakeFirst()
          : undefined;
        query = query.where("object_id", "=", byReference?.id ?? q.objectId);
      }
      if (q.from) query = query.where("at", ">=", new Date(`${q.from}T00:00:00Z`));
      if (q.to) query = query.where("at", "<", new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
      if (q.before) query = query.where("seq", "<", String(q.before));
      const rows = await query.execute();
      return withObjectLabels(ctx, rows.map(fromRow));
    },
  );

  app.get(
    "/audit/verify",
    {
      config: { access: { action: "audit:read" } },
      schema: { tags: ["audit"], summary: "Recomputes the hash chain; names the first broken link" },
    },
    async () => verifyChain(ctx.db),
  );
};
