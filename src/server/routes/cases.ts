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
  createCases,
  listCasePage,
  PAGE_DEFAULT,
  PAGE_MAX,
  queue,
  readCase,
  updateCase,
} from "../../cases/register.js";
import { addOffence, addPerson, recordConsultation, recordCorrespondence, transition, updateMeasure } from "../../cases/casework.js";
import {
  DOCUMENT_KINDS,
  MAX_DOCUMENT_BYTES,
  addDocument,
  addEvidence,
  readDocument,
  recordCustody,
  recordUse,
} from "../../cases/evidence.js";
import { type CaseBundle, exportCase, importCase } from "../../cases/bundle.js";
import { ACTIONS } from "../../cases/workflow.js";
import { GROUNDS, MEASURES } from "../../law/codes.js";
import { ICCS_CODES } from "../../law/iccs.js";
import { CONFIDENTIALITY } from "../../policies/policy.js";
import { authOf, clientOf } from "../security.js";

const filter = z.object({
  q: z.string().max(200).optional().describe("Search in reference and title"),
  confidentiality: z.enum(CONFIDENTIALITY).optional(),
  direction: z.enum(["incoming", "outgoing"]).optional(),
  state: z.string().max(40).optional().describe("Workflow state"),
  partner: z.string().max(2).optional().describe("The other state, either side"),
  measure: z.enum(MEASURES).optional(),
  iccs: z.string().max(4).optional().describe("ICCS section of an offence"),
  officer: z.string().max(64).optional().describe("Officer in charge (user id)"),
  overdue: z.enum(["true", "false"]).optional().describe("Only cases with a deadline already past"),
});
/** The query's filter, with today's date for `overdue`. */
const filterOf = (ctx: CasesContext, q: z.infer<typeof filter>) => ({
  ...q,
  overdue: q.overdue === "true",
  today: ctx.clock.now().toISOString().slice(0, 10),
});
const idParam = z.object({ id: z.string().max(64) });

const newCase = z.object({
  direction: z.enum(["incoming", "outgoing"]),
  title: z.string().max(400),
  requesting: z.string().max(2),
  requested: z.string().max(2),
  confidentiality: z.enum(CONFIDENTIALITY),
  accessList: z.array(z.string().max(64)).max(200).optional(),
  requestDate: z.string().max(10).optional().describe("YYYY-MM-DD; the legal basis is computed on this date"),
  measures: z
    .array(z.object({ measure: z.enum(MEASURES), description: z.string().max(2000) }))
    .max(50)
    .optional(),
  basisInstrument: z.string().max(64).optional().describe("One of the applicable bases; the first by precedence if absent"),
  ourReference: z.string().max(100).nullable().optional(),
  theirReference: z.string().max(100).nullable().optional(),
  authority: z.string().max(300).nullable().optional(),
  urgency: z.enum(["normal", "urgent"]).optional(),
  receivedOn: z.string().max(10).nullable().optional(),
  writtenConfirmationDue: z.string().max(10).nullable().optional(),
  respondBy: z.string().max(10).nullable().optional(),
});

export const caseRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/cases",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["cases"],
        summary: "Cases you may see, newest first, a page at a time (search with q; pass nextCursor back as cursor for the next page)",
        querystring: filter.extend({
          limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT).describe(`Cases per page, at most ${PAGE_MAX}`),
          cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
        }),
      },
    },
    async (req) => {
      const { limit, cursor, ...f } = req.query;
      return listCasePage(ctx, authOf(req).actor, filterOf(ctx, f), { limit, cursor });
    },
  );

  app.get(
    "/cases/count",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "How many cases you may see, by confidentiality", querystring: filter },
    },
    async (req) => countCases(ctx, authOf(req).actor, filterOf(ctx, req.query)),
  );

  app.get(
    "/cases/export",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "The cases you may see, as CSV (audited)", querystring: filter },
    },
    async (req, reply) => {
      const csv = await exportCases(ctx, authOf(req).actor, filterOf(ctx, req.query), clientOf(req));
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
        headers: z.object({ "idempotency-key": z.string().min(8).max(100).optional() }).passthrough(),
        body: newCase,
      },
    },
    async (req, reply) => {
      const created = await createCase(
        ctx,
        authOf(req).actor,
        { ...req.body, idempotencyKey: req.headers["idempotency-key"] },
        clientOf(req),
      );
      const { replayed, ...body } = created;
      return reply.status(replayed ? 200 : 201).send(body);
    },
  );

  app.post(
    "/cases/batch",
    {
      bodyLimit: 8 * 1024 * 1024,
      config: { access: { action: "cases:create" } },
      schema: {
        tags: ["cases"],
        summary: "Registers up to 1,000 cases in one transaction (all or none; an error names the case's position)",
        body: z.object({ cases: z.array(newCase).min(1).max(1000) }),
      },
    },
    async (req, reply) => reply.status(201).send({ created: await createCases(ctx, authOf(req).actor, req.body.cases, clientOf(req)) }),
  );

  const version = z.number().int().min(0).describe("The case's version as you read it (optimistic concurrency)");

  app.post(
    "/cases/:id/transitions",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Moves the case through its workflow; a guard that fails changes nothing and names the rule",
        params: idParam,
        body: z.object({
          action: z.enum(ACTIONS as [string, ...string[]]),
          version,
          grounds: z.array(z.enum(GROUNDS)).max(20).optional(),
          reasons: z.string().max(5000).optional(),
          refusedMeasures: z.array(z.string().max(64)).max(50).optional(),
          note: z.string().max(2000).optional(),
        }),
      },
    },
    async (req) => transition(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/consultations",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Records a consultation with the requesting state, and the conditions considered",
        params: idParam,
        body: z.object({
          version,
          heldOn: z.string().max(10),
          channel: z.string().max(200),
          outcome: z.string().max(5000),
          conditionsConsidered: z.string().max(5000),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await recordConsultation(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/offences",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Adds an offence as the requesting side states it, with its ICCS section",
        params: idParam,
        body: z.object({
          version,
          description: z.string().max(2000),
          legalProvision: z.string().max(500),
          penalty: z.string().max(500).nullable().optional(),
          iccs: z
            .string()
            .max(4)
            .describe(`ICCS level-1 section: ${ICCS_CODES.join(", ")}`),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addOffence(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/persons",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Adds a person; safe conduct is computed from the basis when the end of their presence is given",
        params: idParam,
        body: z.object({
          version,
          role: z.string().max(40),
          name: z.string().max(300),
          inCustody: z.boolean().optional(),
          transferConsentOn: z.string().max(10).nullable().optional(),
          returnBy: z.string().max(10).nullable().optional(),
          presenceEndedOn: z.string().max(10).nullable().optional(),
          safeConductExtended: z.boolean().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addPerson(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.patch(
    "/cases/:id/measures/:measureId",
    {
      config: { access: { action: "case:assign" } },
      schema: {
        tags: ["cases"],
        summary: "Sets a measure's executing authority, deadline or execution outcome",
        params: z.object({ id: z.string().max(64), measureId: z.string().max(64) }),
        body: z.object({
          version,
          status: z.string().max(20).optional(),
          assignedOrganisationId: z.string().max(64).nullable().optional(),
          deadline: z.string().max(10).nullable().optional(),
        }),
      },
    },
    async (req) => updateMeasure(ctx, authOf(req).actor, req.params.id, req.params.measureId, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/correspondence",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Records a message in or out",
        params: idParam,
        body: z.object({
          version,
          direction: z.enum(["in", "out"]),
          channel: z.string().max(100),
          onDate: z.string().max(10),
          summary: z.string().max(5000),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordCorrespondence(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
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
        summary: "Changes a case's title, confidentiality or access list; 409 version_conflict when the case changed since `version`",
        params: idParam,
        body: z.object({
          version,
          title: z.string().max(400).optional(),
          confidentiality: z.enum(CONFIDENTIALITY).optional(),
          accessList: z.array(z.string().max(64)).max(200).optional(),
          basisInstrument: z.string().max(64).optional().describe("Another applicable basis (before any decision)"),
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
          version,
          measure: z.enum(MEASURES),
          description: z.string().max(2000),
          assignedOrganisationId: z.string().max(64).nullable().optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addMeasure(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/documents",
    {
      // Documents are the one large body the API takes: base64 of up to 15 MB.
      bodyLimit: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 64 * 1024,
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Adds a document (base64); its SHA-256 is recorded and checked on every read",
        params: idParam,
        body: z.object({
          version,
          kind: z.enum(DOCUMENT_KINDS),
          filename: z.string().max(300),
          contentType: z.string().max(100),
          contentBase64: z.string(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addDocument(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.get(
    "/cases/:id/documents/:documentId",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["cases"],
        summary: "Downloads a document (refused if it no longer matches its hash)",
        params: z.object({ id: z.string().max(64), documentId: z.string().max(64) }),
      },
    },
    async (req, reply) => {
      const d = await readDocument(ctx, authOf(req).actor, req.params.id, req.params.documentId);
      // Uploaded files are never run as this site's content: active types are sent as plain bytes, and
      // every download is sandboxed and an attachment.
      const active = /html|javascript|ecmascript|xml|svg/i.test(d.contentType);
      return reply
        .type(active ? "application/octet-stream" : d.contentType)
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cross-origin-resource-policy", "same-origin")
        .header("content-disposition", `attachment; filename="${d.filename.replace(/["\r\n]/g, "_")}"`)
        .header("x-content-sha256", d.sha256)
        .send(d.content);
    },
  );

  app.post(
    "/cases/:id/evidence",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Records an evidence item, its first holder and the purposes it may be used for",
        params: idParam,
        body: z.object({
          version,
          description: z.string().max(2000),
          documentId: z.string().max(64).nullable().optional(),
          permittedPurposes: z.array(z.string().max(300)).max(20),
          holder: z.string().max(300),
          receivedOn: z.string().max(10),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addEvidence(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/evidence/:evidenceId/custody",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Adds a link to the chain of custody",
        params: z.object({ id: z.string().max(64), evidenceId: z.string().max(64) }),
        body: z.object({
          version,
          action: z.string().max(20),
          holder: z.string().max(300),
          onDate: z.string().max(10),
          sha256: z.string().max(64).nullable().optional(),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordCustody(ctx, authOf(req).actor, req.params.id, req.params.evidenceId, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/evidence/:evidenceId/uses",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary: "Records a use of the evidence; another purpose needs the supplying state's recorded consent",
        params: z.object({ id: z.string().max(64), evidenceId: z.string().max(64) }),
        body: z.object({
          version,
          purpose: z.string().max(500),
          consentOn: z.string().max(10).nullable().optional(),
          consentBy: z.string().max(300).nullable().optional(),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordUse(ctx, authOf(req).actor, req.params.id, req.params.evidenceId, req.body, clientOf(req))),
  );

  app.get(
    "/cases/:id/bundle",
    {
      config: { access: { action: "case:read" } },
      schema: { tags: ["cases"], summary: "The case as a JSON bundle with its documents (SHA-256 and digest)", params: idParam },
    },
    async (req, reply) => {
      const row = await ctx.db
        .selectFrom("case_file")
        .select("reference")
        .where("id", "=", /^[0-9a-f-]{36}$/i.test(req.params.id) ? req.params.id : "00000000-0000-0000-0000-000000000000")
        .executeTakeFirst();
      const bundle = await exportCase(ctx, authOf(req).actor, row?.reference ?? "-", clientOf(req));
      return reply.header("content-disposition", `attachment; filename="${bundle.case.reference}.json"`).send(bundle);
    },
  );

  app.post(
    "/cases/import",
    {
      bodyLimit: 64 * 1024 * 1024,
      config: { access: { action: "cases:create" } },
      schema: {
        tags: ["cases"],
        summary: "Creates a case from a bundle after checking its digest and documents",
        body: z.object({ format: z.string() }).passthrough(),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await importCase(ctx, authOf(req).actor, req.body as unknown as CaseBundle, clientOf(req))),
  );

  app.get(
    "/queue",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["cases"],
        summary: "Open deadlines: overdue and due soon, soonest first",
        querystring: z.object({
          scope: z.enum(["mine", "all"]).default("mine").describe("Your cases, or every case you may see"),
          within: z.coerce.number().int().min(0).max(365).default(14).describe("Days ahead"),
        }),
      },
    },
    async (req) => queue(ctx, authOf(req).actor, { scope: req.query.scope, withinDays: req.query.within }),
  );

  app.get(
    "/assignments",
    { config: { access: { action: "assignments:read" } }, schema: { tags: ["cases"], summary: "Measures assigned to your organisation" } },
    async (req) => listAssignments(ctx, authOf(req).actor),
  );
};
