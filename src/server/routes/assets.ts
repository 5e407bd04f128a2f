/**
 * Criminal assets (issue 15 §1): thin routes over src/assets — a case's assets and the steps of their
 * life under the law's guard, sharings and transfers, and the register across cases (totals, orders
 * expiring, CSV). Need-to-know is the case's own; the register lists only the cases the actor may see.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { registerAsset } from "../../assets/commands/register-asset.js";
import { STEP_KINDS, recordStep } from "../../assets/commands/record-step.js";
import { SHARING_BASES, recordSharing } from "../../assets/commands/record-sharing.js";
import { recordTransfer } from "../../assets/commands/record-transfer.js";
import { ASSET_KINDS, ASSET_STATUSES, CHAINS } from "../../assets/fields.js";
import { assetRegister, listCaseAssets, registerCsv } from "../../assets/queries.js";
import type { CasesContext } from "../../cases/access.js";
import { LIMITS } from "../../validation/limits.js";
import { exchangeRate, id, isoDate, jurisdictionCode, money, percentage, text } from "../../validation/schemas.js";
import { dispositionOf } from "../download.js";
import { authOf, clientOf } from "../security.js";

const version = z.number().int().min(0).describe("The case's version as you read it (optimistic concurrency)");
const caseParam = z.object({ id: id() });
const assetParam = z.object({ id: id(), assetId: id() });
const decimal = money().shape.amount;
const percent = percentage();
const identifier = text({ min: 1, max: LIMITS.assetIdentifier }).optional();
const currency = money().shape.currency;

const registration = z.object({
  version,
  kind: z.enum(ASSET_KINDS),
  description: text({ min: 1, max: LIMITS.description }),
  location: jurisdictionCode().describe("Where the asset is: a jurisdiction code"),
  identifiers: z
    .object({
      iban: identifier.describe("IBAN (checked: country, length, check digits)"),
      accountNumber: identifier,
      landRegistry: identifier,
      vin: identifier.describe("Vehicle identification number (ISO 3779)"),
      registration: identifier,
      imo: identifier.describe("IMO ship number (seven digits, check digit)"),
      wallet: identifier.describe("Wallet address (with its chain)"),
      chain: z.enum(CHAINS).optional(),
      companyRegistry: identifier,
      other: identifier,
    })
    .strict(),
  holders: z
    .array(z.object({ name: text({ min: 1, max: LIMITS.personName }), role: text({ min: 1, max: LIMITS.hearingRole }) }))
    .max(LIMITS.assetHolders),
  value: z
    .object({
      amount: decimal,
      currency,
      on: isoDate().describe("The date of the estimate"),
      source: text({ min: 1, max: LIMITS.valueSource }).describe("Who estimated it, or on what"),
    })
    .nullable()
    .optional(),
  thirdPartyClaims: z
    .array(z.object({ claimant: text({ min: 1, max: LIMITS.personName }), right: text({ min: 1, max: LIMITS.claimRight }) }))
    .max(LIMITS.assetClaims)
    .describe("Rights of third parties claimed in good faith"),
  embezzledPublicFunds: z.boolean().optional().describe("Proceeds of embezzlement of public funds or its laundering (UNCAC art. 17, 23)"),
});

const step = z.object({
  version,
  step: z.enum(STEP_KINDS),
  on: isoDate().describe("The date of the order or act"),
  order: text({ min: 1, max: LIMITS.reference }).nullable().optional(),
  expiresOn: isoDate().nullable().optional().describe("When a freezing order expires or must be renewed (a deadline in the queue)"),
  final: z.boolean().nullable().optional().describe("A confiscation order is final (false: under appeal)"),
  amount: z.object({ amount: decimal, currency }).nullable().optional(),
  recipient: text({ min: 1, max: LIMITS.personName }).nullable().optional(),
  reference: text({ min: 1, max: LIMITS.reference }).nullable().optional(),
  note: text({ max: LIMITS.note }).nullable().optional(),
});

const sharing = z.object({
  version,
  basis: z.enum(SHARING_BASES),
  instrumentId: text({ min: 1, max: LIMITS.reference }).nullable().optional(),
  reference: text({ min: 1, max: LIMITS.reference }),
  concludedOn: isoDate(),
  costs: decimal.describe("Costs deducted before sharing, in the proceeds' currency"),
  parts: z
    .array(z.object({ party: text({ min: 1, max: LIMITS.personName }), percent }))
    .min(1)
    .max(LIMITS.shareParties),
  conversion: z
    .object({
      currency,
      rate: exchangeRate(),
      on: isoDate(),
      source: text({ min: 1, max: LIMITS.valueSource }),
    })
    .nullable()
    .optional(),
});

const registerQuery = z.object({
  status: z.enum(ASSET_STATUSES).optional(),
  currency: currency.optional(),
  location: jurisdictionCode().optional(),
  within: z.coerce.number().int().min(1).max(366).optional().describe("Days ahead for expiring orders (default 30)"),
});

export const assetRoutes: FastifyPluginAsyncZod<{ ctx: CasesContext }> = async (app, { ctx }) => {
  app.get(
    "/cases/:id/assets",
    {
      config: { access: { action: "case:read" } },
      schema: {
        tags: ["assets"],
        summary: "The case's criminal assets, each with its steps, sharings and transfers, and the law that governs them",
        params: caseParam,
      },
    },
    async (req) => listCaseAssets(ctx, authOf(req).actor, req.params.id, clientOf(req)),
  );

  app.post(
    "/cases/:id/assets",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["assets"],
        summary: "Registers an asset traced in the case; answers the case's assets",
        params: caseParam,
        body: registration,
      },
    },
    async (req, reply) => reply.status(201).send(await registerAsset(ctx, authOf(req).actor, req.params.id, req.body, clientOf(req))),
  );

  app.post(
    "/cases/:id/assets/:assetId/steps",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["assets"],
        summary:
          "Records a step: freeze (order, expiry), renew, release, confiscate (final or under appeal), realise (proceeds), return or restitution; refused when the basis does not provide it",
        params: assetParam,
        body: step,
      },
    },
    async (req) => recordStep(ctx, authOf(req).actor, req.params.id, req.params.assetId, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/assets/:assetId/sharing",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["assets"],
        summary:
          "Records the sharing of a realised asset: costs deducted first, shares computed exactly (and converted at a recorded rate)",
        params: assetParam,
        body: sharing,
      },
    },
    async (req) => recordSharing(ctx, authOf(req).actor, req.params.id, req.params.assetId, req.body, clientOf(req)),
  );

  app.post(
    "/cases/:id/assets/:assetId/transfers",
    {
      config: { access: { action: "case:update" } },
      schema: {
        tags: ["assets"],
        summary: "Records the transfer of one share with its reference",
        params: assetParam,
        body: z.object({ version, shareId: id(), reference: text({ min: 1, max: LIMITS.reference }), on: isoDate() }),
      },
    },
    async (req) => recordTransfer(ctx, authOf(req).actor, req.params.id, req.params.assetId, req.body, clientOf(req)),
  );

  app.get(
    "/assets",
    {
      config: { access: { action: "cases:list" } },
      schema: {
        tags: ["assets"],
        summary:
          "The register of assets across the cases you may see: rows, totals per state, status and currency, and frozen assets whose orders expire soon",
        querystring: registerQuery,
      },
    },
    async (req) => assetRegister(ctx, authOf(req).actor, { ...req.query, withinDays: req.query.within }),
  );

  app.get(
    "/assets/export.csv",
    {
      config: { access: { action: "cases:list" } },
      schema: { tags: ["assets"], summary: "The register of assets as CSV (UTF-8)", querystring: registerQuery },
    },
    async (req, reply) => {
      const reg = await assetRegister(ctx, authOf(req).actor, { ...req.query, withinDays: req.query.within });
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", dispositionOf(`Assets — register ${reg.today}.csv`))
        .send(registerCsv(reg));
    },
  );
};
