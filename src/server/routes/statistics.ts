/**
 * Statistics (issue 16 §2): thin routes over src/statistics — the figures of a year or a period, and
 * the same as CSV and as an XLSX workbook. Who may read them is who may list cases; need-to-know is
 * applied to each figure (a small figure the user may not see whole is "<5", and a figure that would
 * give it away beside a total is withheld: src/statistics/complement.ts).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CasesContext } from "../../cases/access.js";
import { invalid } from "../../errors.js";
import { DIRECTIONS, type StatisticsFilter, statisticsFor } from "../../statistics/figures.js";
import { statisticsCsv, statisticsXlsx } from "../../statistics/export.js";
import { statisticsPdf } from "../../statistics/report.js";
import { isoDate } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";
import { authOf } from "../security.js";

const query = z
  .object({
    year: z
      .string()
      .regex(/^(19|20|21)\d{2}$/, "must be a year such as 2025")
      .optional()
      .describe("A calendar year (the default: this year); or give from and to"),
    from: isoDate().optional().describe("First day of the period (day of receipt or of sending)"),
    to: isoDate().optional().describe("Last day of the period"),
    direction: z.enum(DIRECTIONS).optional().describe("Requests received (incoming) or sent (outgoing); both if absent"),
  })
  .strict()
  .refine((q) => !(q.year && (q.from || q.to)), { message: "give a year or a period (from, to), not both", path: ["year"] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be before the first day", path: ["to"] });

type Query = z.infer<typeof query>;

/** The period asked for: a year, a from–to period, or this year. */
function filterOf(ctx: CasesContext, q: Query): StatisticsFilter {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const year = q.year ?? (q.from || q.to ? undefined : today.slice(0, 4));
  const from = year ? `${year}-01-01` : (q.from ?? "1900-01-01");
  const to = year ? `${year}-12-31` : (q.to ?? today);
  if (from > to) throw invalid("to", "The last day must not be before the first day.");
  return { from, to, direction: q.direction, today };
}

const fileName = (f: StatisticsFilter, ext: string) =>
  `Statistics ${f.from.endsWith("-01-01") && f.to === `${f.from.slice(0, 4)}-12-31` ? f.from.slice(0, 4) : `${f.from} – ${f.to}`}${f.direction ? ` ${f.direction}` : ""}.${ext}`;

export const statisticsRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/statistics",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["statistics"],
        summary:
          "Requests received and sent per partner state, measure, ICCS section and basis; refusals and postponements by ground and provision; durations (median, 90th percentile, per quarter); open cases by age; assets per currency. A figure below 5 you may not see whole is null with suppressed: true and suppression: `small`; a figure withheld so that such a figure cannot be worked out from a total beside it is null with suppression: `complement`; each figure's `cases` is the case list filter that lists it",
        querystring: query,
      },
    },
    async (req) => statisticsFor(ctx.db, authOf(req).actor, filterOf(ctx, req.query)),
  );

  app.get(
    "/statistics/export.csv",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["statistics"],
        summary: "The statistics as CSV (UTF-8; a suppressed figure is <5, a figure withheld for the complement is hidden)",
        querystring: query,
      },
    },
    async (req, reply) => {
      const f = filterOf(ctx, req.query);
      const s = await statisticsFor(ctx.db, authOf(req).actor, f);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", dispositionOf(fileName(f, "csv")))
        .send(statisticsCsv(s, ctx.kb));
    },
  );

  app.get(
    "/statistics/export.xlsx",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["statistics"], summary: "The statistics as an XLSX workbook, one sheet per part", querystring: query },
    },
    async (req, reply) => {
      const f = filterOf(ctx, req.query);
      const s = await statisticsFor(ctx.db, authOf(req).actor, f);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", dispositionOf(fileName(f, "xlsx")))
        .send(await statisticsXlsx(s, ctx.kb));
    },
  );

  app.get(
    "/statistics/report.pdf",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["statistics"],
        summary:
          "The annual report as PDF (the request documents' renderer and fonts); a suppressed figure prints <5, a figure withheld for the complement hidden",
        querystring: query,
      },
    },
    async (req, reply) => {
      const f = filterOf(ctx, req.query);
      const actor = authOf(req).actor;
      const s = await statisticsFor(ctx.db, actor, f);
      const org = await ctx.db.selectFrom("organisation").select("name").where("id", "=", actor.organisationId).executeTakeFirst();
      return reply
        .type("application/pdf")
        .header("content-disposition", dispositionOf(fileName(f, "pdf")))
        .send(await statisticsPdf(s, ctx.kb, org?.name ?? "Central authority"));
    },
  );
};
