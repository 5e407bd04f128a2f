/**
 * Dates at the end of year 9999 hung the server for good (issue 12, defect 1): the working-day count
 * never ended because year 10000 does not round-trip through YYYY-MM-DD. The requests are made in a
 * child process (test/support/hang-probe.ts) that is killed after a deadline, because an endless
 * synchronous loop in this process could never be interrupted by a test timeout: a hang fails fast.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";

const PROBE = resolve(import.meta.dirname, "../../test/support/hang-probe.ts");
const DEADLINE_MS = 90_000;

it("refuses dates past 2199 with 400 naming the field and the range, and never hangs", { timeout: DEADLINE_MS + 10_000 }, () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", PROBE], {
    encoding: "utf8",
    timeout: DEADLINE_MS,
    killSignal: "SIGKILL",
    env: process.env,
  });
  expect(run.signal, `the probe hung and was killed after ${DEADLINE_MS} ms:\n${run.stderr}`).toBeNull();
  expect(run.status, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
  // The computation itself ends, with an error instead of a date it cannot write.
  expect(out.workingDays).toBe("DateRangeError");
  expect(out.requestDate).toEqual({
    status: 400,
    body: {
      error: "invalid_date",
      field: "requestDate",
      message: "The date of the request: 30 December 9999 is after 31 December 2199, the latest date accepted.",
      words: [{ key: "errors:validation.dateTooLate", params: { field: "requestDate", longDate: "9999-12-30", bound: "2199-12-31" } }],
    },
  });
  expect(out.receivedOn).toMatchObject({ status: 400, body: { error: "invalid_date", field: "receivedOn" } });
  expect(out.safeConduct).toMatchObject({ status: 400, body: { error: "invalid_date", field: "released" } });
  expect(out.safeConduct.body.message).toMatch(/^The date of release: .* is after 31 December 2199, the latest date accepted\.$/);
  expect(out.lastDay.status).toBe(201);
  // US–Russia MLAT 1999, provision "Safe conduct" (knowledge/instruments/us-ru-mlat-1999.yaml): 7 days, 15 extended.
  expect(out.lastDaySafeConduct).toMatchObject({ status: 200, body: { ends: "2200-01-15", days: 15 } });
  expect(out.after).toBe(200);
});
