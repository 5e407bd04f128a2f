/**
 * Signed packages from the case page and the API (issue 13 §3, "without a partner node"): download a
 * case's package to hand over by e-mail or diplomatic bag, and upload a partner's package to apply it
 * as a message received through the exchange. Both are for the central authority's officers and
 * supervisors (exchange:send); the case's own access rules apply to the export.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError } from "../../errors.js";
import type { ExchangeContext } from "../../exchange/context.js";
import { MAX_PACKAGE_BYTES } from "../../exchange/packages.js";
import { exportPackage, importPackage, type PackagingContext } from "../../exchange/packaging.js";
import type { ExchangeRuntime } from "../../exchange/runtime.js";
import { id, isoDate, text } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";
import { authOf, clientOf } from "../security.js";

const off = () =>
  new DomainError(503, "exchange_off", "The exchange is off on this node: it starts when ROGATORY_NODE_KEY_PASSPHRASE (or _FILE) is set.");

/** The content types a package is uploaded as. */
const PACKAGE_TYPES = ["application/zip", "application/x-zip-compressed", "application/octet-stream"];

export const exchangePackageRoutes: FastifyPluginAsyncZod<{
  runtime: ExchangeRuntime | undefined;
  exchange: ExchangeContext | null;
}> = async (app, { runtime, exchange }) => {
  const on = (): PackagingContext => {
    if (!runtime || !exchange) throw off();
    return { exchange, keyring: runtime.keyring, directory: runtime.directory };
  };
  // A little over the largest package, so that packages.ts refuses the size in words and quarantines it.
  const bodyLimit = MAX_PACKAGE_BYTES + 1024 * 1024;
  app.addContentTypeParser(PACKAGE_TYPES, { parseAs: "buffer", bodyLimit }, (_req, body, done) => done(null, body));

  app.post(
    "/cases/:id/package",
    {
      config: { access: { action: "exchange:send" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Downloads the case's signed package (zip: the envelope, the request's Word and PDF, a manifest of SHA-256s, this node's JWS): a request never sent is sent now, else the latest outgoing message is packaged again",
        params: z.object({ id: id() }),
        body: z.object({
          version: z.number().int().min(1).describe("The case's version as you read it"),
          facts: text({ max: 20_000 }).nullable().optional().describe("For a request never sent: the facts as the request states them"),
          confirmsOralRequestOf: isoDate().nullable().optional(),
        }),
      },
    },
    async (req, reply) => {
      const p = await exportPackage(on(), authOf(req).actor, req.params.id, req.body.version, clientOf(req), req.body);
      return reply
        .type("application/zip")
        .header("content-disposition", dispositionOf(p.filename))
        .header("x-content-sha256", p.sha256)
        .header("x-case-version", String(p.case.version))
        .header("x-exchange-message", `${p.message.kind}; seq=${p.message.seq}; id=${p.message.id}`)
        .send(Buffer.from(p.bytes));
    },
  );

  app.post(
    "/exchange/packages",
    {
      bodyLimit,
      config: { access: { action: "exchange:send" } },
      schema: {
        tags: ["exchange"],
        summary:
          "Imports a partner's signed package (body: the zip, application/zip): verified against the partner's key and applied once like a message received through the exchange; a refusal is quarantined with its reason",
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw new DomainError(
          415,
          "unsupported_media_type",
          `Send the package itself as the body, with content type ${PACKAGE_TYPES[0]}.`,
          "body",
        );
      const r = await importPackage(on(), authOf(req).actor, req.body, clientOf(req));
      const status = r.outcome === "refused" ? 422 : r.outcome === "applied" || r.outcome === "held" ? 201 : 200;
      // A refusal is an answer in words like every 4xx (error, message), with the whole outcome beside it.
      return reply
        .status(status)
        .send(r.outcome === "refused" ? { error: "package_refused", message: `${r.reason}: ${r.detail}`, ...r } : r);
    },
  );
};
