/** The case register's routes: every answer filtered by need-to-know (see policies/policy.ts). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  addMeasure,
  type CasesContext,
  countCases,
  createCase,
  exportCases,
  listAssignments,
  listCases,
  readCase,
  updateCase,
} from "../../cases/register.js";
import { MEASURES } from "../../law/codes.js";
import { CONFIDENTIALITY } from "../../policies/policy.js";
import { authOf, clientOf } from "../security.js";

const filter = z.object({
  q: z.string().max(200).optional().describe("Search in reference and title"),
  confidentiality: z.enum(CONFIDENTIALITY).optional(),
  direction: z.enum(["incoming", "outgoing"]).optional(),
});
const idParam = z.object({ id: z.string().max(64) });

export const caseRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/cases",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "Cases you may see (search with q)", querystring: filter },
    },
    async (req) => listCases(ctx, authOf(req).actor, req.query),
  );

  app.get(
    "/cases/count",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "How many cases you may see, by confidentiality", querystring: filter },
    },
    async (req) => countCases(ctx, authOf(req).actor, req.query),
  );

  app.get(
    "/cases/export",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "The cases you may see, as CSV (audited)", querystring: filter },
    },
    async (req, reply) => {
      const csv = await exportCases(ctx, authOf(req).actor, req.query, clientOf(req));
      return reply.type("text/csv; charset=utf-8").header("content-disposition", 'attachment; filename="cases.csv"').send(csv);
    },
  );

  app.post(
    "/cases",
    {
      config: { access: { action: "cases:create" } },
      schema: {
        tags: ["cases"],
        summary: "Opens a case",
        body: z.object({
          direction: z.enum(["incoming", "outgoing"]),
          title: z.string().max(400),
          requesting: z.string().max(2),
          requested: z.string().max(2),
          confidentiality: z.enum(CONFIDENTIALITY),
          accessList: z.array(z.string().max(64)).max(200).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createCase(ctx, authOf(req).actor, req.body, clientOf(req))),
  );

  app.get(
    "/cases/:id",
    {
      config: { access: { action: "case:read" } },
      schema: { tags: ["cases"], summary: "One case (reading a confidential case is audited)", params: idParam },
    },
    async (req) => readCase(ctx, authOf(req).actor, req.params.id, clientOf(req)),
  );

  app.patch(
    "/cases/:id",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Changes a case's title, confidentiality or access list",
        params: idParam,
        body: z.object({
          title: z.string().max(400).optional(),
          confidentiality: z.enum(CONFIDENTIALITY).optional(),
          accessList: z.array(z.string().max(64)).max(200).optional(),
        }),
      },
    },
    async (req) => updateCase(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/measures",
    {
      config: { access: { action: "case:assign" } },
      schema: {
        tags: ["cases"],
        summary: "Adds a measure, optionally assigned to an executing authority",
        params: idParam,
        body: z.object({
          measure: z.enum(MEASURES),
          description: z.string().max(2000),
          assignedOrganisationId: z.string().max(64).nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addMeasure(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.get(
    "/assignments",
    { config: { access: { action: "assignments:read" } }, schema: { tags: ["cases"], summary: "Measures assigned to your organisation" } },
    async (req) => listAssignments(ctx, authOf(req).actor),
  );
};
