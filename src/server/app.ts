/** Builds the Fastify application: API under /api, OpenAPI at /api/docs, the web app at /. */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { OpenDatabase } from "../db/database.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";
import { errorHandler } from "./errors.js";
import { lawRoutes } from "./routes/law.js";

export interface AppDeps {
  kb: KnowledgeBase;
  files: KnowledgeFiles;
  database: OpenDatabase;
  knowledgeHash: string;
  /** Built web app; defaults to web/dist. Absent: the API still works and / says how to build. */
  webDir?: string;
  logger?: FastifyServerOptions["logger"];
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
  const app = Fastify({
    logger: deps.logger ?? false,
    // Query strings with repeated keys (measure=a&measure=b) arrive as arrays.
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    if (!req.url.startsWith("/api/docs")) reply.header("content-security-policy", CSP);
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Rogatory API",
        description: "Mutual legal assistance in criminal matters: the law, cases and exchange between central authorities.",
        version: "1",
      },
      tags: [{ name: "law", description: "Instruments, parties, provisions and the legal-basis engine" }, { name: "system" }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  app.get("/api/health", { schema: { tags: ["system"], summary: "Liveness and what the server runs on" } }, async () => {
    const row = await deps.database.db
      .selectFrom("knowledge_load")
      .select(["content_hash", "loaded_at"])
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
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
  });

  await app.register(lawRoutes, { prefix: "/api/v1", kb: deps.kb, files: deps.files });

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
