/** The case register's routes: every answer filtered by need-to-know (see policies/policy.ts). */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { addMeasure } from "../../cases/commands/add-measure.js";
import type { CasesContext } from "../../cases/access.js";
import { countCases, exportCases, listCasePage, PAGE_DEFAULT, PAGE_MAX } from "../../cases/queries.js";
import { createCase, createCases } from "../../cases/commands/open-case.js";
import { listAssignments, QUEUE_PAGE, queue } from "../../cases/queue.js";
import { readCase } from "../../cases/presenter.js";
import { updateCase } from "../../cases/commands/change-case.js";
import { addOffence, addPerson, recordConsultation, recordCorrespondence, transition, updateMeasure } from "../../cases/casework.js";
import { DOCUMENT_KINDS, MAX_DOCUMENT_BYTES, addDocument, addEvidence, recordCustody, recordUse } from "../../cases/evidence.js";
import { type CaseBundle, exportCase, importCase } from "../../cases/bundle.js";
import { MAX_LARGE_DOCUMENT_BYTES, addStreamedDocument, openDocument } from "../../cases/documentContent.js";
import { type CaseListQuery, caseListFields, caseListFilter, checkOfficer, withRange } from "../../cases/listFilter.js";
import { ACTIONS } from "../../cases/workflow.js";
import { GROUNDS, MEASURES } from "../../law/codes.js";
import { ICCS_CODES } from "../../law/iccs.js";
import { CONFIDENTIALITY } from "../../policies/policy.js";
import { cleanObject, id, isoDate, jurisdictionCode, sha256Hex, text } from "../../validation/schemas.js";
import { LIMITS } from "../../validation/limits.js";
import { dispositionOf } from "../download.js";
import { authOf, clientOf } from "../security.js";
import { actOnCase, actionMessageOf } from "../../exchange/commands/case-action.js";
import type { ExchangeContext } from "../../exchange/context.js";
import { carriedCase } from "../../exchange/conversation.js";
import { EXCHANGE_OFF_MESSAGE } from "../../exchange/runtime.js";
import { DomainError, invalid } from "../../errors.js";

/** The list's filters (src/cases/listFilter.ts): an unknown value or filter is a 400 naming it. */
const filter = caseListFilter;
/** The query's filter, with today's date for `overdue`. */
const filterOf = async (ctx: CasesContext, q: CaseListQuery) => {
  await checkOfficer(ctx.db, q.officer);
  return { ...q, overdue: q.overdue === "true", today: ctx.clock.now().toISOString().slice(0, 10) };
};
const idParam = z.object({ id: id() });
/** A carried case's action must send its message, which it cannot while the exchange is off. */
const exchangeOff = () => new DomainError(503, "exchange_off", EXCHANGE_OFF_MESSAGE);
const NO_BYTES: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() {} };

const newCase = z.object({
  direction: z.enum(["incoming", "outgoing"]),
  title: text({ max: 400 }),
  requesting: jurisdictionCode(),
  requested: jurisdictionCode(),
  confidentiality: z.enum(CONFIDENTIALITY),
  accessList: z.array(id()).max(200).optional(),
  requestDate: isoDate()
    .optional()
    .describe("The date the request bears (YYYY-MM-DD, today if absent); the legal basis is computed on this date. Not in the future."),
  measures: z
    .array(z.object({ measure: z.enum(MEASURES), description: text({ max: LIMITS.description }) }))
    .max(50)
    .optional(),
  basisInstrument: text({ max: 64 }).optional().describe("One of the applicable bases; the first by precedence if absent"),
  ourReference: text({ max: 100 }).nullable().optional(),
  theirReference: text({ max: 100 }).nullable().optional(),
  authority: text({ max: 300 }).nullable().optional(),
  urgency: z.enum(["normal", "urgent"]).optional(),
  receivedOn: isoDate()
    .nullable()
    .optional()
    .describe("Incoming: the day the request reached us (YYYY-MM-DD, today if absent); its deadlines run from it. Not in the future."),
  writtenConfirmationDue: isoDate().nullable().optional(),
  respondBy: isoDate().nullable().optional(),
});

export const caseRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext; exchange?: ExchangeContext | null }> = async (
  app,
  { ctx, exchange = null },
) => {
  app.get(
    "/cases",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["cases"],
        summary: "Cases you may see, newest first, a page at a time (search with q; pass nextCursor back as cursor for the next page)",
        querystring: withRange(
          caseListFields.extend({
            limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT).describe(`Cases per page, at most ${PAGE_MAX}`),
            cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
          }),
        ),
      },
    },
    async (req) => {
      const { limit, cursor, ...f } = req.query;
      return listCasePage(ctx, authOf(req).actor, await filterOf(ctx, f), { limit, cursor });
    },
  );

  app.get(
    "/cases/count",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "How many cases you may see, by confidentiality", querystring: filter },
    },
    async (req) => countCases(ctx, authOf(req).actor, await filterOf(ctx, req.query)),
  );

  app.get(
    "/cases/export",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["cases"], summary: "The cases you may see, as CSV (audited)", querystring: filter },
    },
    async (req, reply) => {
      const csv = await exportCases(ctx, authOf(req).actor, await filterOf(ctx, req.query), clientOf(req));
      return reply.type("text/csv; charset=utf-8").header("content-disposition", dispositionOf("cases.csv")).send(csv);
    },
  );

  app.post(
    "/cases",
    {
      config: { access: { action: "cases:create" } },
      schema: {
        tags: ["cases"],
        summary: "Opens a case",
        headers: z.object({ "idempotency-key": text({ min: 8, max: 100, trim: false }).optional() }).passthrough(),
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
          reasons: text({ max: 5000 }).optional(),
          refusedMeasures: z.array(id()).max(50).optional(),
          note: text({ max: 2000 }).optional(),
          exchange: z
            .object({
              text: text({ min: 3, max: 20_000 }).optional(),
              answerBy: isoDate().optional(),
              executingAuthority: text({ max: 300 }).optional(),
            })
            .optional()
            .describe(
              "Only for a case carried through the exchange, whose action sends a message to the partner node: the words it needs (a query's questions, a notice, a withdrawal's reasons, closing words), a query's answer-by date, an acknowledgement's executing authority",
            ),
        }),
      },
    },
    async (req) => {
      const { exchange: words, ...body } = req.body;
      const actor = authOf(req).actor;
      // A withdrawal's words to the partner node are its reasons when none are given apart.
      if (body.action === "withdraw" && !body.reasons && words?.text) body.reasons = words.text;
      // A carried case: the action and the message announcing it commit together (docs/exchange.md).
      const carried = await carriedCase(ctx.db, req.params.id);
      if (carried && actionMessageOf(carried.direction, body.action)) {
        if (!exchange) throw exchangeOff();
        const sent = await actOnCase(exchange, actor, req.params.id, carried.direction, body, words, clientOf(req));
        if (sent) return sent.case;
      }
      if (words)
        throw invalid(
          "exchange",
          carried
            ? `"${body.action}" sends no message to the partner node.`
            : "This case is not carried through the exchange; nothing would be sent.",
        );
      return transition(ctx, actor, req.params.id, body, clientOf(req));
    },
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
          heldOn: isoDate(),
          channel: text({ max: 200 }),
          outcome: text({ max: 5000 }),
          conditionsConsidered: text({ max: 5000 }),
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
          description: text({ max: LIMITS.description }),
          legalProvision: text({ max: 500 }),
          penalty: text({ max: 500 }).nullable().optional(),
          iccs: text({ max: 4 }).describe(`ICCS level-1 section: ${ICCS_CODES.join(", ")}`),
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
          role: text({ max: 40 }),
          name: text({ max: 300 }),
          inCustody: z.boolean().optional(),
          transferConsentOn: isoDate().nullable().optional(),
          returnBy: isoDate().nullable().optional(),
          presenceEndedOn: isoDate().nullable().optional(),
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
        params: z.object({ id: id(), measureId: id() }),
        body: z.object({
          version,
          status: text({ max: 20 }).optional(),
          assignedOrganisationId: id().nullable().optional(),
          deadline: isoDate().nullable().optional(),
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
          channel: text({ max: 100 }),
          onDate: isoDate(),
          summary: text({ max: 5000 }),
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
          title: text({ max: 400 }).optional(),
          confidentiality: z.enum(CONFIDENTIALITY).optional(),
          accessList: z.array(id()).max(200).optional(),
          basisInstrument: text({ max: 64 }).optional().describe("Another applicable basis (before any decision)"),
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
          description: text({ max: LIMITS.description }),
          assignedOrganisationId: id().nullable().optional(),
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
          filename: text({ min: 1, max: 300 }),
          contentType: text({ max: 100 }),
          contentBase64: z.string().regex(/^[A-Za-z0-9+/=\s]*$/, "must be base64"),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addDocument(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  // A large document's bytes arrive as the raw body, streamed into chunks (never whole in memory);
  // the body is handed over unread and its size is limited by the command.
  app.addContentTypeParser("application/octet-stream", { bodyLimit: MAX_LARGE_DOCUMENT_BYTES }, (_req, payload, done) =>
    done(null, payload),
  );

  app.put(
    "/cases/:id/documents",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["cases"],
        summary:
          "Adds a large document (up to 1 GB) sent as the raw body (application/octet-stream), stored in chunks; its SHA-256 is recorded and checked on every read",
        consumes: ["application/octet-stream"],
        params: idParam,
        querystring: z.object({
          version: z.coerce.number().int().min(1),
          kind: z.enum(DOCUMENT_KINDS),
          filename: text({ min: 1, max: 300 }),
          contentType: text({ max: 100 }),
        }),
        body: z.unknown(),
      },
    },
    async (req, reply) => {
      const raw = req.body as AsyncIterable<Uint8Array> | undefined;
      // Anything but a raw body (application/octet-stream) is an empty document, refused after the case is checked.
      const body = raw && typeof (raw as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function" ? raw : NO_BYTES;
      return reply.status(201).send(await addStreamedDocument(ctx, authOf(req).actor, req.params.id, req.query, body, clientOf(req)));
    },
  );

  app.get(
    "/cases/:id/documents/:documentId",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["cases"],
        summary: "Downloads a document (refused if it no longer matches its hash)",
        params: z.object({ id: id(), documentId: id() }),
      },
    },
    async (req, reply) => {
      // A chunked document streams: each chunk's hash is checked as it is read and the whole file's at
      // the end; a mismatch aborts the response rather than complete it.
      const d = await openDocument(ctx, authOf(req).actor, req.params.id, req.params.documentId);
      // Uploaded files are never run as this site's content: active types are sent as plain bytes, and
      // every download is sandboxed and an attachment.
      const active = /html|javascript|ecmascript|xml|svg/i.test(d.contentType);
      return reply
        .type(active ? "application/octet-stream" : d.contentType)
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cross-origin-resource-policy", "same-origin")
        .header("content-disposition", dispositionOf(d.filename))
        .header("x-content-sha256", d.sha256)
        .header("content-length", d.size)
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
          description: text({ max: LIMITS.description }),
          documentId: id().nullable().optional(),
          permittedPurposes: z.array(text({ max: LIMITS.permittedPurpose })).max(LIMITS.permittedPurposes),
          holder: text({ max: LIMITS.holder }),
          receivedOn: isoDate(),
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
        params: z.object({ id: id(), evidenceId: id() }),
        body: z.object({
          version,
          action: text({ max: 20 }),
          holder: text({ max: LIMITS.holder }),
          onDate: isoDate(),
          sha256: sha256Hex().nullable().optional(),
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
        params: z.object({ id: id(), evidenceId: id() }),
        body: z.object({
          version,
          purpose: text({ max: LIMITS.usePurpose }),
          consentOn: isoDate().nullable().optional(),
          consentBy: text({ max: LIMITS.consentBy }).nullable().optional(),
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
      const row = await ctx.db.selectFrom("case_file").select("reference").where("id", "=", req.params.id).executeTakeFirst();
      const bundle = await exportCase(ctx, authOf(req).actor, row?.reference ?? "-", clientOf(req));
      return reply.header("content-disposition", dispositionOf(`${bundle.case.reference}.json`)).send(bundle);
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
        // The format is an exact name, not trimmed: both sides of the intersection must give one value.
        body: z
          .object({ format: text({ max: 100, trim: false }) })
          .passthrough()
          .and(cleanObject()),
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
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(QUEUE_PAGE.max)
            .default(QUEUE_PAGE.default)
            .describe(`Deadlines per page, at most ${QUEUE_PAGE.max}; the counts are always of the whole queue`),
          cursor: z.string().max(200).optional().describe("The nextCursor of the previous page"),
        }),
      },
    },
    async (req) =>
      queue(ctx, authOf(req).actor, {
        scope: req.query.scope,
        withinDays: req.query.within,
        limit: req.query.limit,
        cursor: req.query.cursor,
      }),
  );

  app.get(
    "/assignments",
    { config: { access: { action: "assignments:read" } }, schema: { tags: ["cases"], summary: "Measures assigned to your organisation" } },
    async (req) => listAssignments(ctx, authOf(req).actor),
  );
};
