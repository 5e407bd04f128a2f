/**
 * Run in a child process by src/server/dates.db.test.ts: a synchronous endless loop cannot be
 * interrupted by a test timeout inside the test's own process, so the requests that used to hang the
 * server are made here, and the parent kills this process if it does not answer in time. Prints one
 * JSON object: each probe's status code and body (or thrown error).
 */
import { addWorkingDays } from "../../src/cases/deadlines.js";
import { createOrganisations, createReadyUser, signIn } from "./accounts.js";
import { ManualClock } from "../../src/security/clock.js";
import { startTestApp } from "./app.js";

const out: Record<string, unknown> = {};
try {
  addWorkingDays("9999-12-30", 30, "RU");
  out.workingDays = "returned";
} catch (err) {
  out.workingDays = err instanceof Error ? err.name : String(err);
}
// The last day the API accepts is also "today" here: a request or receipt date in the future is refused.
const t = await startTestApp({ webDir: "/nonexistent", clock: new ManualClock(new Date("2199-12-31T12:00:00Z")) });
try {
  const orgs = await createOrganisations(t.ctx);
  const officer = await createReadyUser(t.ctx, { email: "probe.officer@ca.test", role: "officer", organisationId: orgs.central });
  const b = await signIn(t.app, t.clock, officer);
  const headers = { cookie: b.cookie, "x-csrf-token": b.csrf };
  const base = { direction: "incoming", title: "End of time", requesting: "US", requested: "RU", confidentiality: "normal" };
  const answers = {
    requestDate: await t.app.inject({ method: "POST", url: "/api/v1/cases", headers, payload: { ...base, requestDate: "9999-12-30" } }),
    receivedOn: await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers,
      payload: { ...base, requestDate: "2020-01-10", receivedOn: "9999-12-31" },
    }),
    safeConduct: await t.app.inject({
      url: "/api/v1/safe-conduct?basis=us-ru-mlat-1999&released=9999-12-30&extended=true",
      headers,
    }),
    // The last accepted day still works: deadlines computed from it run into 2200 without harm.
    lastDay: await t.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      headers,
      payload: { ...base, requestDate: "2199-12-31", receivedOn: "2199-12-31", urgency: "urgent" },
    }),
    lastDaySafeConduct: await t.app.inject({
      url: "/api/v1/safe-conduct?basis=us-ru-mlat-1999&released=2199-12-31&extended=true",
      headers,
    }),
  };
  for (const [k, r] of Object.entries(answers)) out[k] = { status: r.statusCode, body: r.json() };
  // After all that, the server still answers.
  out.after = (await t.app.inject({ url: "/api/health" })).statusCode;
} finally {
  await t.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
