/**
 * Vitest global setup: one in-memory PGlite database migrated to the newest schema, dumped once per
 * run to a temporary file. Every test database on PGlite starts from that dump (openTestDatabase)
 * instead of running all the migrations again — seconds of a busy CI core each time, paid by every
 * test file that opens one. src/db/migrations.db.test.ts still migrates from empty, so the migrations
 * stay tested.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The file holding the migrated PGlite data directory, dumped (uncompressed tar). */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // On PostgreSQL (CI's second pass) the test databases are not PGlite.
  if (process.env.DATABASE_URL) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "rogatory-pglite-template-"));
  const file = join(dir, "migrated.tar");
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    const dump = await (database.pglite as NonNullable<typeof database.pglite>).dumpDataDir("none");
    writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  } finally {
    await database.close();
  }
  project.provide("pgliteTemplate", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
