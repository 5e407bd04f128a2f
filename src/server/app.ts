/** Builds the Fastify application: API under /api, OpenAPI at /api/docs, the web app at /. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { type AccountsContext, DEFAULT_SECURITY, type SecuritySettings } from "../accounts/context.js";
import type { OidcClient } from "../accounts/oidc.js";
import type { OpenDatabase } from "../db/database.js";
import { errorForLog } from "../db/errors.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import { type Clock, systemClock } from "../security/clock.js";
import { DOCS_OPTIONS } from "./docs-theme.js";
import { refuseInvalidHeaders } from "./download.js";
import { errorHandler } from "./errors.js";
import { installOperations } from "./operations.js";
import { accountRoutes } from "./routes/account.js";
import { authRoutes } from "./routes/auth.js";
import { caseRoutes } from "./routes/cases.js";
import { hearingRoutes } from "./routes/hearings.js";
import { assetRoutes } from "./routes/assets.js";
import { statisticsRoutes } from "./routes/statistics.js";
import { transferRoutes } from "./routes/transfers.js";
import { draftRoutes } from "./routes/drafts.js";
import { exchangeIdentityRoutes } from "./routes/exchange-identity.js";
import type { ExchangeRuntime } from "../exchange/runtime.js";
import { exchangeRoutes } from "./routes/exchange.js";
import { exchangePackageRoutes } from "./routes/exchange-packages.js";
import type { ExchangeContext } from "../exchange/context.js";
import { lawRoutes } from "./routes/law.js";
import { directoryRoutes } from "./routes/directory.js";
import { userRoutes } from "./routes/users.js";
import { processRateLimitStore, sharedRateLimitStore } from "./rateLimitStore.js";
import { lastKnowledgeLoad } from "../knowledge/reference-data.js";
import { installSecurity, isPartnerDelivery, rateLimitKey } from "./security.js";

export interface AppDeps {
  kb: KnowledgeBase;
  files: KnowledgeFiles;
  database: OpenDatabase;
  knowledgeHash: string;
  /** Built web app; defaults to web/dist. Absent: the API still works and / says how to build. */
  webDir?: string;
  logger?: FastifyServerOptions["logger"];
  clock?: Clock;
  security?: Partial<SecuritySettings>;
  /** Single sign-on, when configured. */
  oidc?: OidcClient;
  /** Trust X-Forwarded-* from a reverse proxy (for the client address and TLS). */
  trustProxy?: boolean;
  /** Bearer token for GET /metrics (ROGATORY_METRICS_TOKEN); without it /metrics is not served. */
  metricsToken?: string;
  /** The exchange between central authorities; absent when it is off (no node key passphrase). */
  exchange?: ExchangeRuntime;
  /** The exchange's messages (absent: the exchange is off and its message routes answer 503). */
  exchangeMessages?: ExchangeContext | null;
}

const WEB_DIST = resolve(fileURLToPath(new URL("../../web/dist", import.meta.url)));

/** Content-Security-Policy for the web app: no inline script, no framing. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Creates the server with every route registered; call listen() or inject() on it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const settings: SecuritySettings = { ...DEFAULT_SECURITY, ...deps.security };
  const ctx: AccountsContext = { db: deps.database.db, clock: deps.clock ?? systemClock, settings };
  const app = Fastify({
    logger: deps.logger
      ? {
          ...(typeof deps.logger === "object" ? deps.logger : {}),
          // No personal data or secrets in logs: no addresses, no query strings, no credentials.
          serializers: {
            req: (r: { method: string; url: string }) => ({ method: r.method, url: r.url.split("?")[0] }),
            res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
            // Errors keep their name, code and message only: no SQL parameters, statements or details.
            err: errorForLog,
          },
          redact: [
            "req.headers.authorization",
            "req.headers.cookie",
            "req.headers['x-csrf-token']",
            "*.password",
            "*.oneTimePassword",
            "*.token",
          ],
        }
      : false,
    trustProxy: deps.trustProxy ?? false,
    // Query strings with repeated keys (measure=a&measure=b) arrive as arrays.
    routerOptions: { ignoreTrailingSlash: true },
    // Requests are small JSON documents; anything larger is refused before parsing.
    bodyLimit: 256 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    // A route may set a stricter policy of its own (document downloads are sandboxed).
    if (!req.url.startsWith("/api/docs") && !reply.hasHeader("content-security-policy")) reply.header("content-security-policy", CSP);
    if (settings.tls) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    if (req.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    // A header Node cannot write would make Fastify answer with Node's own code and message.
    refuseInvalidHeaders(reply);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    // Anonymous law reads (ROGATORY_PUBLIC_LAW) have a stricter limit of their own, per address.
    max: (req) =>
      isPartnerDelivery(req) ? settings.exchangePerMinute : req.anonymousPublic ? settings.publicLawPerMinute : settings.apiPerMinute,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    // On PostgreSQL, counted in the database every instance shares, not per process; embedded PGlite
    // serves one process, which counts in memory (see rateLimitStore.ts).
    store: deps.database.kind === "postgres" ? sharedRateLimitStore(ctx.db, ctx.clock) : processRateLimitStore(ctx.clock),
    // Thrown to the error handler, which answers `{ error: code, message }`: the code is what clients see.
    errorResponseBuilder: (_req, c) => ({
      statusCode: 429,
      code: "rate_limited",
      error: "rate_limited",
      message: `Too many requests: at most ${c.max} a minute; try again in ${Math.ceil(c.ttl / 1000)} s.`,
    }),
  });
  installSecurity(app, ctx);
  installOperations(app, { database: deps.database, knowledgeHash: deps.knowledgeHash, metricsToken: deps.metricsToken });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Rogatory API",
        description: "Mutual legal assistance in criminal matters: the law, cases and exchange between central authorities.",
        version: "1",
      },
      tags: [
        {
          name: "law",
          description:
            "Instruments, parties, provisions and the legal-basis engine; readable without signing in when the installation sets ROGATORY_PUBLIC_LAW=true",
        },
        {
          name: "directory",
          description:
            "The directory of central authorities (GA resolution 53/112; UNTOC art. 18(13), UNCAC art. 46(13)): each authority, its instruments, channels, languages and hours, every field with its source; readable without signing in unless ROGATORY_PUBLIC_DIRECTORY=false",
        },
        { name: "accounts", description: "Sign-in, second factor, sessions, your account and API tokens" },
        { name: "administration", description: "Users and organisations" },
        { name: "cases", description: "Cases, need-to-know and assigned measures" },
        {
          name: "hearings",
          description: "Hearings by video link: scheduling across time zones, the law that governs them, invitations (.ics), their record",
        },
        {
          name: "assets",
          description:
            "Criminal assets: the register of a case's assets, their life (traced, frozen, confiscated, realised, disposed of) under the law's guard, sharing with exact decimals, the register across cases and its CSV",
        },
        {
          name: "transfers",
          description:
            "Transfer of sentenced persons: the instrument that governs a transfer and its conditions with their articles, and transfer cases (the person, the judgment, consent, decisions, handover)",
        },
        {
          name: "statistics",
          description:
            "Statistics of the cases: requests received and sent, durations, refusals, open cases, assets; each figure with the case list filter behind it, small figures suppressed by need-to-know; CSV and XLSX",
        },
        { name: "drafts", description: "The request writer: drafts, completeness check, Word and PDF documents" },
        { name: "audit", description: "The tamper-evident audit trail" },
        {
          name: "exchange",
          description: "The exchange between central authorities: this node's identity and keys, partners, messages and receipts",
        },
        { name: "system" },
      ],
      components: {
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: "rogatory_session",
            description: "Browser session; state-changing requests also need the X-CSRF-Token header",
          },
          token: { type: "http", scheme: "bearer", description: "API token (rog_…), scoped" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true, ...DOCS_OPTIONS });

  app.get(
    "/api/health",
    { config: { access: { public: true } }, schema: { tags: ["system"], summary: "Liveness and what the server runs on" } },
    async () => {
      const row = await lastKnowledgeLoad(deps.database.db);
      return {
        status: "ok",
        database: deps.database.kind,
        knowledge: {
          instruments: deps.kb.instruments.size,
          provisions: deps.kb.provisions.size,
          hash: deps.knowledgeHash,
          loadedIntoDatabase: row?.content_hash === deps.knowledgeHash,
        },
      };
    },
  );

  await app.register(lawRoutes, { prefix: "/api/v1", kb: deps.kb, files: deps.files });
  await app.register(directoryRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb }, exchange: deps.exchange });
  await app.register(authRoutes, { prefix: "/api/v1", ctx, oidc: deps.oidc, exchange: deps.exchange !== undefined });
  await app.register(accountRoutes, { prefix: "/api/v1", ctx });
  await app.register(userRoutes, { prefix: "/api/v1", ctx });
  await app.register(caseRoutes, {
    prefix: "/api/v1",
    ctx: { ...ctx, kb: deps.kb, files: deps.files },
    exchange: deps.exchangeMessages ?? null,
  });
  await app.register(hearingRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb, files: deps.files } });
  await app.register(assetRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb, files: deps.files } });
  await app.register(transferRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb, files: deps.files } });
  await app.register(statisticsRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb, files: deps.files } });
  await app.register(draftRoutes, { prefix: "/api/v1", ctx: { ...ctx, kb: deps.kb, files: deps.files } });
  await app.register(exchangeIdentityRoutes, { prefix: "/api/v1", exchange: deps.exchange });
  await app.register(exchangeRoutes, { prefix: "/api/v1", exchange: deps.exchangeMessages ?? null });
  await app.register(exchangePackageRoutes, { prefix: "/api/v1", runtime: deps.exchange, exchange: deps.exchangeMessages ?? null });

  const webDir = deps.webDir ?? WEB_DIST;
  if (existsSync(resolve(webDir, "index.html"))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    // The web app routes on the client: unknown non-API paths get index.html.
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith("/api/"))
        return reply.status(404).send({ error: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}` });
      return reply.sendFile("index.html");
    });
  } else {
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith("/api/"))
        return reply.status(404).send({ error: "not_found", message: `no route ${req.method} ${req.url.split("?")[0]}` });
      return reply.status(404).type("text/plain").send("The web app is not built: run `npm run build:web` (npm start does it).");
    });
  }
  return app;
}
