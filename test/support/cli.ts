/** Runs the `rogatory` command in-process, as the tests of its commands do, and collects what it printed; and the data directory they run it on. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { run } from "../../src/cli/main.js";
import { type OpenDatabase, openDatabase } from "../../src/db/database.js";

/** The exit code and the standard output and error of one run of the CLI. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/**
 * A PGlite data directory of its own for a file of CLI tests: before them, `seed` fills it through the
 * real commands and the CLI is pointed at it (ROGATORY_DATA_DIR, no DATABASE_URL, as at a server's
 * console); after them the environment is put back and the directory removed.
 */
export function seedCliDataDir(prefix: string, seed: (database: OpenDatabase) => Promise<void>): void {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const saved = { url: process.env.DATABASE_URL, dir: process.env.ROGATORY_DATA_DIR };
  beforeAll(async () => {
    const database = await openDatabase({ dataDir: dir });
    try {
      await seed(database);
    } finally {
      await database.close();
    }
    delete process.env.DATABASE_URL;
    process.env.ROGATORY_DATA_DIR = dir;
  }, 120_000);
  afterAll(() => {
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
    if (saved.dir === undefined) delete process.env.ROGATORY_DATA_DIR;
    else process.env.ROGATORY_DATA_DIR = saved.dir;
    rmSync(dir, { recursive: true, force: true });
  });
}
