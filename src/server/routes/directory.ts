/**
 * The directory of central authorities (issue 16 §1): read by anyone unless the installation sets
 * ROGATORY_PUBLIC_DIRECTORY=false (then 404 for anonymous callers; signed-in users still read it);
 * written and imported by administrators only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { directoryActor, type DirectoryContext, createEntry, deleteEntry, updateEntry } from "../../directory/directoryEditor.js";
import { type DirectoryEntry, readDirectory } from "../../directory/entries.js";
import { openAt } from "../../directory/hours.js";
import { entryInput } from "../../directory/schema.js";
import { directoryFile, importDirectory } from "../../directory/transfer.js";
import { jurisdiction as knownJurisdiction } from "../../law/jurisdictions.js";
import { DomainError, invalid } from "../../errors.js";
import { EXCHANGE_OFF_MESSAGE, type ExchangeRuntime } from "../../exchange/runtime.js";
import { id, jurisdictionCode, text } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";
import { authOf, clientOf } from "../security.js";

export interface DirectoryRouteOptions {
  ctx: DirectoryContext;
  /** The exchange's keys and partners, to verify a signed directory file; absent: import answers 503 exchange_off. */
  exchange?: ExchangeRuntime;
}

const READ = { action: "directory:read", publicWhen: "publicDirectory", hiddenWhenClosed: true } as const;
const MANAGE = { action: "directory:manage" } as const;

const version = z.number().int().min(0).describe("The entry's version as you read it (optimistic concurrency)");

/** The filters of the directory and of its export. */
const filters = z.object({
  jurisdiction: jurisdictionCode()
    .refine((c) => knownJurisdiction(c) !== undefined, "must be a known jurisdiction")
    .optional()
    .describe("ISO 3166-1 alpha-2 code, e.g. RU"),
  instrument: text({ max: 100 }).optional().describe("Instrument id, e.g. untoc-2000"),
});

/** An entry with whether its office is open now, in its own time zone. */
const withOpenNow = (e: DirectoryEntry, at: Date) => ({ ...e, openNow: e.hours ? openAt(e.hours, at).open : null });

export const directoryRoutes: FastifyPluginAsyncZod<DirectoryRouteOptions> = async (app, { ctx, exchange }) => {
  const knownInstrument = (instrument: string | undefined) => {
    if (instrument && !ctx.kb.instruments.has(instrument))
      throw invalid("instrument", `"${instrument}" is not an instrument of the knowledge base.`, "unknown_instrument");
  };

  app.get(
    "/directory",
    {
      config: { access: READ },
      schema: {
        tags: ["directory"],
        summary: "The directory of central authorities, by state and instrument, each entry and field group with its source",
        description:
          "Entries from the knowledge base's designations (UNTOC art. 18(13), UNCAC art. 46(13) notifications and treaty declarations), from partner nodes' identity endpoints (signed-in users only) and from administrators' edits and signed imports. Readable without signing in unless ROGATORY_PUBLIC_DIRECTORY=false (then 404). `openNow`: whether the office is open now in its own time zone (null where no hours are recorded).",
        querystring: filters,
      },
    },
    async (req) => {
      const { jurisdiction, instrument } = req.query;
      knownInstrument(instrument);
      const now = ctx.clock.now();
      const on = now.toISOString().slice(0, 10);
      const partners = req.auth !== undefined;
      const all = await readDirectory(ctx.db, ctx.kb, { partners }, on);
      const entries = all
        .filter((e) => !jurisdiction || e.jurisdiction === jurisdiction)
        .filter((e) => !instrument || e.instruments.some((i) => i.instrument === instrument));
      // What the filters can offer: the states and instruments the whole directory has entries for.
      const ids = [...new Set(all.flatMap((e) => e.instruments.map((i) => i.instrument)))].sort();
      return {
        asOf: now.toISOString(),
        states: [...new Set(all.map((e) => e.jurisdiction))].sort(),
        instruments: ids.map((i) => ({
          id: i,
          shortTitle: ctx.kb.instruments.get(i)?.shortTitle ?? i,
          title: ctx.kb.instruments.get(i)?.title ?? i,
        })),
        entries: entries.map((e) => withOpenNow(e, now)),
      };
    },
  );

  app.get(
    "/directory/export",
    {
      config: { access: READ },
      schema: {
        tags: ["directory"],
        summary:
          "The directory as a file: CSV, or JSON signed with this node's key when the exchange is on (as `rogatory directory export`)",
        description:
          "The same entries as `rogatory directory export`: the knowledge base's designations and the administrators' entries, never partners' identities. JSON is `{ format: \"rogatory-directory+jws\", jws }` (a compact JWS another node imports after checking the key) when this node has exchange keys, else the unsigned export (readable, not importable). CSV is UTF-8 with a byte-order mark. Readable without signing in unless ROGATORY_PUBLIC_DIRECTORY=false (then 404).",
        querystring: filters.extend({ format: z.enum(["json", "csv"]).describe("json (signed when the node has keys) or csv") }),
      },
    },
    async (req, reply) => {
      const { format, jurisdiction, instrument } = req.query;
      knownInstrument(instrument);
      const file = await directoryFile(ctx, exchange?.keyring, format, { jurisdiction, instrument });
      return reply.type(file.contentType).header("content-disposition", dispositionOf(file.filename)).send(file.text);
    },
  );

  app.post(
    "/directory",
    {
      config: { access: MANAGE },
      schema: { tags: ["directory"], summary: "Adds an entry to the directory (administrators)", body: entryInput },
    },
    async (req, reply) => reply.status(201).send(await createEntry(ctx, directoryActor(authOf(req).actor), req.body, clientOf(req).ip)),
  );

  app.put(
    "/directory/:id",
    {
      config: { access: MANAGE },
      schema: {
        tags: ["directory"],
        summary: "Replaces an entry an administrator wrote or imported; 409 version_conflict when changed since `version`",
        params: z.object({ id: id() }),
        body: entryInput.extend({ version }),
      },
    },
    async (req) => {
      const { version: v, ...input } = req.body;
      return updateEntry(ctx, directoryActor(authOf(req).actor), req.params.id, v, input, clientOf(req).ip);
    },
  );

  app.delete(
    "/directory/:id",
    {
      config: { access: MANAGE },
      schema: {
        tags: ["directory"],
        summary: "Deletes an entry an administrator wrote or imported; 409 version_conflict when changed since `version`",
        params: z.object({ id: id() }),
        querystring: z.object({ version: z.coerce.number().int().min(0).describe("The entry's version as you read it") }),
      },
    },
    async (req) => {
      await deleteEntry(ctx, directoryActor(authOf(req).actor), req.params.id, req.query.version, clientOf(req).ip);
      return { deleted: true };
    },
  );

  app.post(
    "/directory/import",
    {
      config: { access: MANAGE },
      // A directory file is larger than the API's usual requests.
      bodyLimit: 8 * 1024 * 1024 + 1024,
      schema: {
        tags: ["directory"],
        summary:
          "Imports a signed directory file (rogatory directory export): verified against a trusted partner's key or this node's own; one transaction; answers what changed",
        // Clean text (no NUL, no lone surrogate) is refused with 400 here, before the exchange is even asked.
        body: z.object({ format: text({ max: 100 }), jws: text({ max: 8 * 1024 * 1024, trim: false }) }),
      },
    },
    async (req) => {
      if (!exchange) throw new DomainError(503, "exchange_off", EXCHANGE_OFF_MESSAGE);
      return importDirectory(ctx, { partners: exchange.directory }, directoryActor(authOf(req).actor), req.body, clientOf(req).ip);
    },
  );
};
