/** The request writer's routes: drafts (create, save, check, render, approve). A draft is its author's alone. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DOCUMENT_LANGUAGES } from "../../drafting/draft.js";
import {
  type DraftsContext,
  approveDraft,
  checkContent,
  createDraft,
  deleteDraft,
  duplicateDraft,
  listDrafts,
  parseContent,
  readDraft,
  regenerateDocuments,
  renderContent,
  saveDraft,
} from "../../drafting/drafts.js";
import { authOf, clientOf } from "../security.js";
import { cleanObject, id, text } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";

const DRAFTS = { action: "drafts:use" } as const;
const idParam = z.object({ id: id() });
/** Draft content is validated by the drafting schema (naming the field), so the route takes any object. */
const content = cleanObject().describe("Draft content (see src/drafting/draft.ts)");

export const draftRoutes: FastifyPluginAsyncZod<{ ctx: DraftsContext }> = async (app, { ctx }) => {
  app.get("/drafts", { config: { access: DRAFTS }, schema: { tags: ["drafts"], summary: "Your drafts, newest first" } }, async (req) =>
    listDrafts(ctx, authOf(req).actor),
  );

  app.post(
    "/drafts",
    {
      bodyLimit: 1024 * 1024,
      config: { access: DRAFTS },
      schema: { tags: ["drafts"], summary: "Starts a draft", body: z.object({ title: text({ max: 300 }), content: content.optional() }) },
    },
    async (req, reply) => reply.status(201).send(await createDraft(ctx, authOf(req).actor, req.body, clientOf(req))),
  );

  app.post(
    "/drafts/validate",
    {
      bodyLimit: 1024 * 1024,
      config: { access: DRAFTS },
      schema: {
        tags: ["drafts"],
        summary: "Checks draft content against the law it relies on (same checker as the browser)",
        body: z.object({ content }),
      },
    },
    async (req) => {
      const { law, check } = checkContent(ctx, parseContent(req.body.content));
      return { law: lawSummary(law), check };
    },
  );

  app.get(
    "/drafts/:id",
    { config: { access: DRAFTS }, schema: { tags: ["drafts"], summary: "Reads a draft", params: idParam } },
    async (req) => readDraft(ctx, authOf(req).actor, req.params.id),
  );

  app.put(
    "/drafts/:id",
    {
      bodyLimit: 1024 * 1024,
      config: { access: DRAFTS },
      schema: {
        tags: ["drafts"],
        summary: "Saves a draft (autosave); 409 when it was saved elsewhere since `version`",
        params: idParam,
        body: z.object({ version: z.number().int().min(1), title: text({ max: 300 }).optional(), content }),
      },
    },
    async (req) => saveDraft(ctx, authOf(req).actor, req.params.id, req.body),
  );

  app.delete(
    "/drafts/:id",
    {
      config: { access: DRAFTS },
      schema: {
        tags: ["drafts"],
        summary: "Deletes a draft that has not become a case; 409 version_conflict when saved since `version`",
        params: idParam,
        querystring: z.object({ version: z.coerce.number().int().min(1).describe("The draft's version as you read it") }),
      },
    },
    async (req, reply) => {
      await deleteDraft(ctx, authOf(req).actor, req.params.id, req.query.version, clientOf(req));
      return reply.status(204).send();
    },
  );

  app.post(
    "/drafts/:id/duplicate",
    { config: { access: DRAFTS }, schema: { tags: ["drafts"], summary: "Copies a draft as a template", params: idParam } },
    async (req, reply) => reply.status(201).send(await duplicateDraft(ctx, authOf(req).actor, req.params.id, clientOf(req))),
  );

  app.get(
    "/drafts/:id/check",
    { config: { access: DRAFTS }, schema: { tags: ["drafts"], summary: "The checklist and risks of a saved draft", params: idParam } },
    async (req) => {
      const draft = await readDraft(ctx, authOf(req).actor, req.params.id);
      const { law, check } = checkContent(ctx, draft.content);
      return { law: lawSummary(law), check };
    },
  );

  app.get(
    "/drafts/:id/document",
    {
      config: { access: DRAFTS },
      schema: {
        tags: ["drafts"],
        summary: "Renders the draft to Word or PDF (a preview; approved drafts store theirs on the case)",
        params: idParam,
        querystring: z.object({
          format: z.enum(["docx", "pdf"]),
          lang: z.enum(DOCUMENT_LANGUAGES).optional(),
          second: z.enum(DOCUMENT_LANGUAGES).optional().describe("Second language for the fixed text, side by side"),
          disposition: z.enum(["attachment", "inline"]).optional(),
        }),
      },
    },
    async (req, reply) => {
      const draft = await readDraft(ctx, authOf(req).actor, req.params.id);
      const q = req.query;
      const file = await renderContent(ctx, draft.content, { format: q.format, lang: q.lang, second: q.second ?? null });
      const disposition = q.disposition === "inline" && q.format === "pdf" ? "inline" : "attachment";
      return reply
        .type(file.contentType)
        .header("content-disposition", dispositionOf(file.filename, disposition))
        .header("cross-origin-resource-policy", "same-origin")
        .header("cache-control", "no-store")
        .send(file.bytes);
    },
  );

  app.post(
    "/drafts/:id/approve",
    {
      config: { access: DRAFTS },
      schema: {
        tags: ["drafts"],
        summary:
          "Approves a complete draft at `version`: opens the outgoing case and stores its Word and PDF documents (422 naming what is missing; 409 version_conflict when saved since)",
        params: idParam,
        body: z.object({ version: z.number().int().min(1).describe("The draft's version as you read it") }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await approveDraft(ctx, authOf(req).actor, req.params.id, req.body.version, clientOf(req))),
  );

  app.post(
    "/drafts/:id/documents",
    {
      config: { access: DRAFTS },
      schema: { tags: ["drafts"], summary: "Regenerates an approved draft's documents on its case as a new version", params: idParam },
    },
    async (req, reply) => reply.status(201).send(await regenerateDocuments(ctx, authOf(req).actor, req.params.id, clientOf(req))),
  );
};

/** What the API says of the law of a draft (the browser computes the full answer itself). */
function lawSummary(law: ReturnType<typeof checkContent>["law"]) {
  if (!law) return null;
  return {
    bases: law.answer.bases.map((b) => ({ instrument: b.instrument, title: b.title, kind: b.kind })),
    relied: law.relied.map((r) => ({ instrument: r.instrument, title: r.title, main: r.main })),
    languages: law.relied.find((r) => r.main)?.answer.languages ?? [],
  };
}
