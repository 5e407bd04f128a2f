/**
 * The exchange's identity and partners (issue 13 §1): this node's signed identity document, public
 * and without sign-in, and the administrator's partners. When the exchange is off (no node key
 * passphrase) every route answers 503 exchange_off; the rest of the workbench is unaffected.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError, notFound } from "../../errors.js";
import { identityDocument } from "../../exchange/identity.js";
import { addPartner, type ChangeActor, refreshPartner, removePartner, setPartnerStatus } from "../../exchange/partnerRegistrar.js";
import { partnerLinks } from "../../exchange/partnerLinks.js";
import { previewPartner } from "../../exchange/partnerPreview.js";
import { listPartners, readPartner } from "../../exchange/partners.js";
import { EXCHANGE_OFF_MESSAGE, type ExchangeRuntime } from "../../exchange/runtime.js";
import { cleanObject, id, text } from "../../validation/schemas.js";
import type { AuthState } from "../security.js";
import { authOf, clientOf } from "../security.js";
import { LIMITS } from "../../validation/limits.js";

const fingerprint = text({ max: LIMITS.fingerprint, min: 1 }).describe(
  "The partner's signing-key fingerprint as given out of band (RFC 7638 thumbprint, base64url; spaces between groups are ignored)",
);
const version = z.number().int().min(0).describe("The partner's version as you read it (optimistic concurrency)");

const actorOf = (auth: AuthState): ChangeActor => ({ userId: auth.actor.userId, label: auth.actor.label });

export const exchangeIdentityRoutes: FastifyPluginAsyncZod<{ exchange?: ExchangeRuntime }> = async (app, { exchange }) => {
  /** The exchange, or 503 exchange_off. */
  const on = (): ExchangeRuntime => {
    if (!exchange) throw new DomainError(503, "exchange_off", EXCHANGE_OFF_MESSAGE);
    return exchange;
  };

  app.get(
    "/exchange/identity",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["exchange"],
        summary:
          "This node's identity: jurisdiction, central authority, endpoint and keys with their fingerprints; `signed` is the same statement as a JWS signed by each usable signing key. Public, no sign-in",
      },
    },
    async () => identityDocument(on().keyring),
  );

  app.get(
    "/exchange/partners",
    {
      config: { access: { action: "exchange:partners:read" } },
      schema: {
        tags: ["exchange"],
        summary:
          "The partner nodes this node trusts, with their keys, status and link (`link`: our messages waiting for it, since when, the last delivery error, when it was last heard from)",
      },
    },
    async () => {
      const db = on().partners.db;
      const [partners, links] = await Promise.all([listPartners(db), partnerLinks(db)]);
      return partners.map((p) => ({
        ...p,
        link: links.get(p.id) ?? { waiting: 0, waitingSince: null, lastError: null, lastContactAt: null },
      }));
    },
  );

  app.post(
    "/exchange/partners/preview",
    {
      config: { access: { action: "exchange:partners:manage" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Reads a node's identity from its endpoint for the administrator to compare its fingerprint, group by group, with the one its authority gives out of band; stores nothing (adding the partner checks the fingerprint again)",
        body: z.object({
          endpoint: text({ max: LIMITS.partnerEndpoint, min: 1 }).describe("The node's public base URL, e.g. https://rogatory.example.org"),
        }),
      },
    },
    async (req) => previewPartner(on().partners, req.body.endpoint),
  );

  app.post(
    "/exchange/partners",
    {
      config: { access: { action: "exchange:partners:manage" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Adds a partner: reads its identity from the endpoint (or takes the identity document given, for partners reached only by signed packages) and checks it is signed by the key with the fingerprint given out of band; 422 fingerprint_mismatch stores nothing",
        body: z.object({
          endpoint: text({ max: LIMITS.partnerEndpoint, min: 1 })
            .optional()
            .describe("The partner node's public base URL, e.g. https://rogatory.example.org; optional with `identity`"),
          fingerprint,
          identity: cleanObject()
            .optional()
            .describe("The partner's identity document (as its GET /api/v1/exchange/identity serves it), handed over as a file"),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await addPartner(on().partners, actorOf(authOf(req)), req.body, clientOf(req))),
  );

  app.get(
    "/exchange/partners/:id",
    {
      config: { access: { action: "exchange:partners:read" } },
      schema: { tags: ["exchange"], summary: "One partner with its keys", params: z.object({ id: id() }) },
    },
    async (req) => {
      const partner = await readPartner(on().partners.db, req.params.id);
      if (!partner) throw notFound("id", "No such partner.");
      return partner;
    },
  );

  app.post(
    "/exchange/partners/:id/refresh",
    {
      config: { access: { action: "exchange:partners:manage" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Reads the partner's identity again and records its keys (rotation, revocation) when it is signed by a key already trusted; with `fingerprint` (compared again out of band), pairs anew a partner whose trusted keys are all gone",
        params: z.object({ id: id() }),
        body: z.object({ fingerprint: fingerprint.optional() }).default({}),
      },
    },
    async (req) => refreshPartner(on().partners, actorOf(authOf(req)), req.params.id, req.body, clientOf(req)),
  );

  app.patch(
    "/exchange/partners/:id",
    {
      config: { access: { action: "exchange:partners:manage" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Suspends a partner (nothing is sent to it, nothing from it accepted) or makes it active again; 409 version_conflict when changed since `version`",
        params: z.object({ id: id() }),
        body: z.object({ status: z.enum(["active", "suspended"]), version }),
      },
    },
    async (req) => setPartnerStatus(on().partners, actorOf(authOf(req)), req.params.id, req.body, clientOf(req)),
  );

  app.delete(
    "/exchange/partners/:id",
    {
      config: { access: { action: "exchange:partners:manage" } },
      schema: {
        tags: ["exchange"],
        summary: "Removes a partner and its keys; a partner with messages on record cannot be removed (409): suspend it instead",
        params: z.object({ id: id() }),
        querystring: z.object({ version: z.coerce.number().int().min(0).describe("The partner's version as you read it") }),
      },
    },
    async (req) => removePartner(on().partners, actorOf(authOf(req)), req.params.id, { version: req.query.version }, clientOf(req)),
  );
};
