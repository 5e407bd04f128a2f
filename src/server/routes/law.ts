/** Routes of the law: the legal basis, safe conduct, instruments, provisions and jurisdictions. Read-only, public reference data. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseBasisQuery, resolveBasis } from "../../law/basis.js";
import { MEASURES, OFFENCE_FAMILIES } from "../../law/codes.js";
import { EU_OFFENCE_CATEGORIES, EU_OFFENCE_LIST_SOURCE } from "../../law/eu-offence-list.js";
import { ICCS_SECTIONS, ICCS_SOURCE } from "../../law/iccs.js";
import { JURISDICTIONS } from "../../law/jurisdictions.js";
import type { KnowledgeBase, KnowledgeFiles } from "../../law/knowledge.js";
import { safeConductEnds } from "../../law/safe-conduct.js";
import { TRANSLATED_LANGUAGES, parseTranslations, translationMap } from "../../law/translations.js";
import { withWarnings } from "../../law/warnings.js";
import { flag, isoDate, text } from "../../validation/schemas.js";
import { NotFoundError } from "../errors.js";

export interface LawRouteOptions {
  kb: KnowledgeBase;
  files: KnowledgeFiles;
}

/**
 * Reading the law is open to every signed-in user and to tokens with the law:read scope, and to
 * everyone, signed in or not, when the installation sets ROGATORY_PUBLIC_LAW=true.
 */
const LAW = { action: "law:read", publicWhen: "publicLaw" } as const;

const stringOrList = z.union([text({ max: 40 }), z.array(text({ max: 40 })).max(20)]);

export const lawRoutes: FastifyPluginAsyncZod<LawRouteOptions> = async (app, { kb, files }) => {
  // The translations go by language, on their own route: each is as large as the rest of the text.
  const { translations: _, ...sent } = files;
  const translations = parseTranslations(files);
  app.get(
    "/basis",
    {
      config: { access: LAW },
      schema: {
        tags: ["law"],
        summary: "Legal basis for a request, with what it demands and why",
        description:
          "The engine's answer, with `warnings`: what the knowledge base cannot vouch for (an incomplete party list, an unverified provision, a language rule not recorded), each a machine `code` and a `message` in words.",
        querystring: z.object({
          from: text({ max: 10 }).describe("Requesting jurisdiction, ISO 3166-1 alpha-2"),
          to: text({ max: 10 }).describe("Requested jurisdiction, ISO 3166-1 alpha-2"),
          on: isoDate().describe("Date of the request"),
          measure: stringOrList.optional().describe(`Measures sought (repeat the parameter): ${MEASURES.join(", ")}`),
          offence: text({ max: 60 })
            .optional()
            .describe(`Offence family: ${OFFENCE_FAMILIES.join(", ")}`),
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const answer = resolveBasis(kb, parseBasisQuery({ from: q.from, to: q.to, on: q.on, measures: q.measure, offence: q.offence }));
      // What the data cannot vouch for travels with the answer (`warnings`: code and sentence), as in the CLI.
      return withWarnings(kb, answer);
    },
  );

  app.get(
    "/safe-conduct",
    {
      config: { access: LAW },
      schema: {
        tags: ["law"],
        summary: "When a witness's safe conduct ends under a basis",
        querystring: z.object({
          basis: text({ max: 100 }).describe("Instrument id, e.g. us-ru-mlat-1999"),
          released: isoDate().describe("Date the person's presence was no longer required"),
          extended: flag().optional().describe("Whether the requesting party extended the period"),
        }),
      },
    },
    async (req) => safeConductEnds(kb, { basis: req.query.basis, released: req.query.released, extended: req.query.extended === "true" }),
  );

  app.get(
    "/jurisdictions",
    { config: { access: LAW }, schema: { tags: ["law"], summary: "Every jurisdiction, with names and official languages" } },
    async () => [...JURISDICTIONS.values()],
  );

  app.get(
    "/classifications",
    {
      config: { access: LAW },
      schema: {
        tags: ["law"],
        summary: "Offence classifications for dual criminality: ICCS sections and the EU list of 32 categories, with sources",
      },
    },
    async () => ({
      iccs: { source: ICCS_SOURCE, sections: ICCS_SECTIONS },
      euList: { source: EU_OFFENCE_LIST_SOURCE, categories: EU_OFFENCE_CATEGORIES },
    }),
  );

  app.get("/instruments", { config: { access: LAW }, schema: { tags: ["law"], summary: "Instruments in the knowledge base" } }, async () =>
    kb.instrumentList.map(({ provisions, ...rest }) => ({
      ...rest,
      provisionCount: provisions.length,
      partyCount: kb.partyFiles.get(rest.id)?.parties.length ?? 0,
    })),
  );

  app.get(
    "/instruments/:id",
    {
      config: { access: LAW },
      schema: { tags: ["law"], summary: "One instrument with its provisions and parties", params: z.object({ id: text({ max: 100 }) }) },
    },
    async (req) => {
      const inst = kb.instruments.get(req.params.id);
      if (!inst) throw new NotFoundError("unknown_instrument", "id", req.params.id, `id: "${req.params.id}" is not a known instrument`);
      return { ...inst, parties: kb.partyFiles.get(inst.id) ?? null };
    },
  );

  app.get(
    "/provisions/:id",
    { config: { access: LAW }, schema: { tags: ["law"], summary: "One provision", params: z.object({ id: text({ max: 100 }) }) } },
    async (req) => {
      const p = kb.provisions.get(req.params.id);
      if (!p) throw new NotFoundError("unknown_provision", "id", req.params.id, `id: "${req.params.id}" is not a known provision`);
      return p;
    },
  );

  app.get(
    "/knowledge",
    { config: { access: LAW }, schema: { tags: ["law"], summary: "The whole knowledge base, for the browser to run the same engine" } },
    async (_req, reply) => {
      reply.header("cache-control", "public, max-age=300");
      return sent;
    },
  );

  app.get(
    "/knowledge/translations/:language",
    {
      config: { access: LAW },
      schema: {
        tags: ["law"],
        summary:
          "The knowledge base's texts (titles, summaries, notes) in another UN language: Rogatory's translations, not official texts; English text → translation",
        params: z.object({ language: z.enum(TRANSLATED_LANGUAGES) }),
      },
    },
    async (req, reply) => {
      const file = translations.get(req.params.language);
      reply.header("cache-control", "public, max-age=300");
      return file
        ? {
            language: file.language,
            status: file.status,
            translator: file.translator,
            reviewer: file.reviewer ?? null,
            texts: translationMap(file),
          }
        : { language: req.params.language, status: "none", translator: null, reviewer: null, texts: {} };
    },
  );
};
