import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest files, slowest first (measured: `npx vitest run --reporter=json`). Vitest starts files
 * largest first when it has no timings (a fresh CI checkout has none), which left the 165-second kill -9
 * test to start five minutes in and run alone at the end; started first, it runs beside the rest.
 */
const SLOWEST = [
  "test/exchange/kill9.db.test.ts",
  "src/policies/authorisation.db.test.ts",
  "test/exchange/large-evidence.db.test.ts",
  "src/operations/backup.db.test.ts",
  "test/exchange/case-actions.db.test.ts",
  "test/exchange/demo.db.test.ts",
  "test/exchange/fault-link.db.test.ts",
  "src/cases/deadlines.db.test.ts",
  "test/operations/shutdown.db.test.ts",
  "test/fuzz/openapi.db.test.ts",
];

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? SLOWEST.length : i;
    };
    // Stable: within a rank (and so among the rest) Vitest's own order stays.
    return ordered
      .map((file, i) => ({ file, i }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.i - b.i)
      .map((x) => x.file);
  }
}

// Three projects: pure unit tests, database tests (PGlite here, PostgreSQL in CI via DATABASE_URL),
// and browser tests in Debian's Chromium (run by `npm run test:browser` and CI).
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    // Vitest's default is one worker fewer than the cores (one, on the two-core CI machine), which runs
    // the files one after another whatever fileParallelism says. Most of the database tests' time is
    // spent waiting on the server processes they start: with two files side by side the two cores
    // were busy about 40 % of a run, so three. (Per project it cannot differ without separate group
    // orders; `npm run test:browser` runs its Chromium files two at a time with --maxWorkers=2.)
    maxWorkers: 3,
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/*.browser.test.ts", "node_modules/**"],
          environment: "node",
          // The engine's property tests and the whole knowledge base's checks take a few seconds on
          // their own and up to four times as long beside the database tests on two busy cores; the
          // limit is against a test that hangs, not a measure of speed (that is in `npm run bench`).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "db",
          include: ["src/**/*.db.test.ts", "test/**/*.db.test.ts"],
          environment: "node",
          // Each file has a database of its own (in-memory PGlite, or on PostgreSQL one created for it by
          // the setup file), and the exchange's tests their own server processes and directories, so the
          // files run side by side.
          setupFiles: ["test/support/database-per-file.ts"],
          // One migrated PGlite database per run, which each test database starts from (app.ts).
          globalSetup: ["test/support/pglite-template.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.browser.test.ts"],
          environment: "node",
          globalSetup: ["test/support/pglite-template.ts"],
          // Two files side by side (--maxWorkers=2 in `npm run test:browser`): each starts its own
          // server(s) on free ports and its own Chromium, and much of a file's time is spent waiting on them. Waits for a delivery between two nodes
          // are long enough for a loaded machine (exchange.browser.test.ts).
          testTimeout: 120_000,
          // expect.poll waits one second by default: too short for a page on a loaded two-core machine.
          expect: { poll: { timeout: 15_000 } },
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
