/**
 * Starts the real application for tests: the real knowledge base, a real database (in-memory PGlite,
 * or the PostgreSQL server named by DATABASE_URL, whose public schema is reset first).
 */
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";
import { readKnowledgeFiles } from "../../src/knowledge/load.js";
import { loadReferenceData } from "../../src/knowledge/reference-data.js";
import { buildKnowledgeBase } from "../../src/law/knowledge.js";
import { buildApp } from "../../src/server/app.js";

export interface TestApp {
  app: FastifyInstance;
  database: OpenDatabase;
  close(): Promise<void>;
}

/** Opens a fresh test database: PostgreSQL when DATABASE_URL is set (schema reset), else in-memory PGlite. */
export async function openTestDatabase(): Promise<OpenDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("drop schema public cascade; create schema public");
    await client.end();
  }
  return openDatabase({ url, dataDir: "memory://" });
}

/** The whole application on a fresh database with the reference data loaded. */
export async function startTestApp(opts: { webDir?: string } = {}): Promise<TestApp> {
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const database = await openTestDatabase();
  const { hash } = await loadReferenceData({ db: database.db, kb, files });
  const app = await buildApp({ kb, files, database, knowledgeHash: hash, webDir: opts.webDir });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
