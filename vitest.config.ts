import { defineConfig } from "vitest/config";

// Three projects: pure unit tests, database tests (PGlite here, PostgreSQL in CI via DATABASE_URL),
// and browser tests in Debian's Chromium (run by `npm run test:browser` and CI).
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    // Vitest's default is one worker fewer than the cores (one, on the two-core CI machine), which runs
    // the files one after another whatever fileParallelism says; most of the database tests' time is
    // spent waiting on the server processes they start, so two side by side. (Per project it cannot
    // differ without separate group orders.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "**/*.browser.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "db",
          include: ["src/**/*.db.test.ts", "test/**/*.db.test.ts"],
          environment: "node",
          // On PostgreSQL the files share one database: one after another, so they do not reset each
          // other's schema. On PGlite each file has a database of its own (and the exchange's tests
          // their own server processes and directories), so they run side by side.
          fileParallelism: process.env.DATABASE_URL === undefined,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.browser.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
