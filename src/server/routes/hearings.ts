/** Hearings by video link (issue 15 §3): thin routes over src/hearings, need-to-know as the case's own. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CasesContext } from "../../cases/access.js";
import {
  HEARING_OUTCOMES,
  cancelHearing,
  hearingFor,
  listHearings,
  recordHearing,
  rescheduleHearing,
  scheduleHearing,
} from "../../hearings/hearings.js";
import { LIMITS } from "../../validation/limits.js";
import { email, ianaZone, id, instant, languageCode, text } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";
import { authOf, clientOf } from "../security.js";

const version = z.number().int().min(0).describe("The case's version as you read it (optimistic concurrency)");
const caseParam = z.object({ id: id() });
const hearingParam = z.object({ id: id(), hearingId: id() });

/** A hearing's schedule, as scheduling and changing take it. */
const schedule = z.object({
  version,
  startsAt: instant().describe("When the hearing starts (UTC, or with an offset)"),
  endsAt: instant().describe("When it ends; after the start, at most 12 hours later"),
  requestingZone: ianaZone().describe("The requesting state's side: IANA time zone"),
  requestedZone: ianaZone().describe("The requested state's side: IANA time zone"),
  presidingAuthority: text({ min: 1, max: LIMITS.presidingAuthority }),
  interpreters: z
    .array(
      z.object({
        name: text({ min: 1, max: LIMITS.hearingName }),
        languages: z.array(languageCode()).min(1).max(4).describe("ISO 639 codes of the languages interpreted"),
      }),
    )
    .max(LIMITS.hearingInterpreters),
  participants: z
    .array(
      z.object({
        side: z.enum(["requesting", "requested"]),
        role: text({ min: 1, max: LIMITS.hearingRole }),
        name: text({ min: 1, max: LIMITS.hearingName }),
      }),
    )
    .min(1)
    .max(LIMITS.hearingParticipants),
  technicalContact: z.object({
    name: text({ min: 1, max: LIMITS.hearingName }),
    email: email(),
    phone: text({ max: LIMITS.phone }).nullable().optional(),
  }),
  perjuryWarning: text({ max: LIMITS.perjuryWarning }).describe(
    "The warning on perjury the presiding authority gives, as it will be given",
  ),
});

export const hearingRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/cases/:id/hearings",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["hearings"],
        summary: "The case's hearings by video link, with the provisions that govern them (reading a confidential case's is audited)",
        params: caseParam,
      },
    },
    async (req) => listHearings(ctx, authOf(req).actor, req.params.id, clientOf(req)),
  );

  app.post(
    "/cases/:id/hearings",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["hearings"],
        summary: "Schedules a hearing by video link for a testimony or statements measure; answers the case",
        params: caseParam,
        body: schedule.extend({ measureId: id() }),
      },
    },
    async (req, reply) => reply.status(201).send(await scheduleHearing(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.put(
    "/cases/:id/hearings/:hearingId",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["hearings"],
        summary: "Changes a hearing still to take place (an adjourned one is scheduled again); its invitation's SEQUENCE goes up",
        params: hearingParam,
        body: schedule,
      },
    },
    async (req) => rescheduleHearing(ctx, authOf(req).actor, req.params.id, req.params.hearingId, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/hearings/:hearingId/record",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["hearings"],
        summary: "Records the hearing: held (the measure is reported executed), adjourned, or the witness refused (reported not executed)",
        params: hearingParam,
        body: z.object({ version, outcome: z.enum(HEARING_OUTCOMES), note: text({ max: LIMITS.hearingNote }).nullable().optional() }),
      },
    },
    async (req) => recordHearing(ctx, authOf(req).actor, req.params.id, req.params.hearingId, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/hearings/:hearingId/cancel",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["hearings"],
        summary: "Cancels a hearing still to take place; its invitation becomes a cancellation",
        params: hearingParam,
        body: z.object({ version }),
      },
    },
    async (req) => cancelHearing(ctx, authOf(req).actor, req.params.id, req.params.hearingId, req.body, clientOf(req)),
  );

  app.get(
    "/cases/:id/hearings/:hearingId/invitation",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["hearings"],
        summary: "The hearing's iCalendar invitation (.ics, UTF-8): METHOD:REQUEST, or METHOD:CANCEL once cancelled",
        params: hearingParam,
      },
    },
    async (req, reply) => {
      const found = await hearingFor(ctx, authOf(req).actor, req.params.id, req.params.hearingId, clientOf(req));
      // ical-generator is loaded when the first invitation is asked for, not at start (docs/decisions.md).
      const { invitation } = await import("../../hearings/invitation.js");
      const h = found.hearing;
      const perjury = found.law.perjury;
      const ics = invitation(h, {
        reference: found.reference,
        requesting: found.requesting,
        requested: found.requested,
        cites: found.law.governing.map((p) => p.cite),
        perjuryLaw:
          perjury.law === "not_recorded"
            ? "not recorded"
            : `the law of the ${perjury.law === "requested_party" ? `requested state (${found.requested})` : `requesting state (${found.requesting})`} (${perjury.cite})`,
        now: ctx.clock.now(),
      });
      const method = h.status === "cancelled" ? "CANCEL" : "REQUEST";
      return reply
        .type(`text/calendar; charset=utf-8; method=${method}`)
        .header("content-disposition", dispositionOf(`Hearing ${found.reference} ${h.startsAt.slice(0, 10)}.ics`))
        .send(ics);
    },
  );
};
