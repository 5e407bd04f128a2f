/**
 * Transfer of sentenced persons (issue 15 §2): the engine's answer (GET /tsp/basis, public law like
 * /basis) and transfer cases (/tsp-cases), thin routes over src/transfers with the case's need-to-know.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CasesContext } from "../../cases/access.js";
import { ICCS_CODES } from "../../law/iccs.js";
import { parseTransferQuery, resolveTransfer } from "../../law/transfer.js";
import {
  closeTransfer,
  decideTransfer,
  listTransfers,
  openTransfer,
  readTransfer,
  recordHandover,
  recordTransferFacts,
} from "../../transfers/transfers.js";
import { LIMITS } from "../../validation/limits.js";
import { id, isoDate, jurisdictionCode, text } from "../../validation/schemas.js";
import { authOf, clientOf } from "../security.js";

const LAW = { action: "law:read", publicWhen: "publicLaw" } as const;
const version = z.number().int().min(0).describe("The case's version as you read it (optimistic concurrency)");
const caseParam = z.object({ id: id() });
const days = z.number().int().min(0).max(LIMITS.sentenceDaysCount);

export const transferRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/tsp/basis",
    {
      config: { access: LAW },
      schema: {
        tags: ["transfers"],
        summary:
          "The instrument that would govern the transfer of a person sentenced in one state to another on a date, with its conditions and their articles",
        querystring: z.object({
          from: text({ max: 10 }).describe("Sentencing state, ISO 3166-1 alpha-2"),
          to: text({ max: 10 }).describe("Administering state, ISO 3166-1 alpha-2"),
          on: isoDate().describe("Date of the request (the day it is received)"),
        }),
      },
    },
    async (req) => resolveTransfer(ctx.kb, parseTransferQuery(req.query)),
  );

  app.get(
    "/tsp-cases",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["transfers"], summary: "The transfer cases you may see, newest first (states and dates; never the person)" },
    },
    async (req) => listTransfers(ctx, authOf(req).actor),
  );

  app.post(
    "/tsp-cases",
    {
      config: { access: { action: "cases:create" } },
      schema: {
        tags: ["transfers"],
        summary: "Opens a transfer case (confidential at least: the person's file is personal and sensitive)",
        body: z.object({
          direction: z.enum(["incoming", "outgoing"]),
          sentencingState: jurisdictionCode(),
          administeringState: jurisdictionCode(),
          requestedBy: z.enum(["sentencing", "administering"]),
          requestDate: isoDate().describe("The day the request is received: the six months are counted on it"),
          personName: text({ min: 1, max: LIMITS.personName }),
          confidentiality: z.enum(["confidential", "strictly_confidential"]),
          accessList: z.array(id()).max(100).optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await openTransfer(ctx, authOf(req).actor, req.body, clientOf(req))),
  );

  app.get(
    "/tsp-cases/:id",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["transfers"],
        summary:
          "A transfer case: the person, the judgment, consent, decisions, handover, the dates that follow and the law's conditions (reading it is audited)",
        params: caseParam,
      },
    },
    async (req) => readTransfer(ctx, authOf(req).actor, req.params.id, clientOf(req)),
  );

  app.put(
    "/tsp-cases/:id/facts",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["transfers"],
        summary: "Records facts of the person, the judgment and consent (a field left out is unchanged; null clears it)",
        params: caseParam,
        body: z.object({
          version,
          personName: text({ min: 1, max: LIMITS.personName }).optional(),
          nationality: jurisdictionCode().nullable().optional(),
          nationalOfAdministering: z.boolean().nullable().optional(),
          court: text({ max: LIMITS.court }).nullable().optional(),
          judgmentDate: isoDate().nullable().optional(),
          finalOn: isoDate().nullable().optional().describe("The day the judgment became final"),
          offence: text({ max: LIMITS.description }).nullable().optional(),
          iccs: z
            .enum(ICCS_CODES as [string, ...string[]])
            .nullable()
            .optional(),
          sentence: z
            .object({
              years: z.number().int().min(0).max(LIMITS.sentenceYears),
              months: z.number().int().min(0).max(11),
              days: z.number().int().min(0).max(366),
            })
            .nullable()
            .optional(),
          indeterminate: z.boolean().optional(),
          sentenceStart: isoDate()
            .nullable()
            .optional()
            .describe("The first day counted against the sentence, credited detention included"),
          servedDays: days.nullable().optional().describe("Days served as of servedAsOf, where the start is not known"),
          servedAsOf: isoDate().nullable().optional(),
          remissionDays: days.optional(),
          dualCriminality: z.boolean().nullable().optional(),
          shorterTimeAgreed: z
            .boolean()
            .optional()
            .describe("Both states agreed to a transfer with less time remaining (ETS 112 art. 3(2))"),
          consent: z.enum(["given", "refused", "withdrawn"]).nullable().optional(),
          consentOn: isoDate().nullable().optional(),
          consentVerifiedOn: isoDate()
            .nullable()
            .optional()
            .describe("When the administering state's consul verified the consent (ETS 112 art. 7(2))"),
          consentDispensed: z.enum(["fled", "expulsion"]).nullable().optional(),
        }),
      },
    },
    async (req) => recordTransferFacts(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/tsp-cases/:id/decisions",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["transfers"],
        summary: "Records one state's decision; agreeing is refused (422) while a condition is not met, naming it and its article",
        params: caseParam,
        body: z.object({
          version,
          side: z.enum(["sentencing", "administering"]),
          decision: z.enum(["agreed", "refused"]),
          on: isoDate(),
          enforcement: z
            .enum(["continued", "converted"])
            .nullable()
            .optional()
            .describe("The administering state's choice (ETS 112 art. 9)"),
          note: text({ max: LIMITS.note }).nullable().optional(),
        }),
      },
    },
    async (req) => decideTransfer(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/tsp-cases/:id/handover",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["transfers"],
        summary: "Records the handover of an agreed transfer: date, place, escort",
        params: caseParam,
        body: z.object({
          version,
          on: isoDate(),
          place: text({ min: 1, max: LIMITS.handoverPlace }),
          escort: text({ min: 1, max: LIMITS.handoverEscort }),
        }),
      },
    },
    async (req) => recordHandover(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );

  app.post(
    "/tsp-cases/:id/close",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["transfers"],
        summary: "Closes a transfer case",
        params: caseParam,
        body: z.object({ version, on: isoDate(), note: text({ max: LIMITS.note }).nullable().optional() }),
      },
    },
    async (req) => closeTransfer(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req)),
  );
};
