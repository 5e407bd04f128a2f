/** `npm start`: loads the law, opens the database, loads the reference data, serves the workbench. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ensureFirstAdministrator } from "../accounts/bootstrapper.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { OidcClient } from "../accounts/oidc.js";
import { ConfigError, readConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { readKnowledgeFiles } from "../knowledge/load.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { KnowledgeError, buildKnowledgeBase } from "../law/knowledge.js";
import { sendDailyDigest, smtpMailer } from "../cases/digest.js";
import { systemClock } from "../security/clock.js";
import { buildApp } from "./app.js";

async function main(): Promise<void> {
  const config = readConfig();
  const files = readKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const where = database.kind === "pglite" ? `embedded PGlite at ${database.location}` : `PostgreSQL at ${database.location}`;
  console.log(`Database: ${where}`);
  const result = await loadReferenceData({
    db: database.db,
    kb,
    files,
    onProgress: (p) => console.log(`  loading reference data [${p.done}/${p.total}] ${p.step}`),
  });
  console.log(
    result.loaded
      ? `Reference data loaded: ${result.instruments} instruments, ${result.provisions} provisions, ${result.parties} party records.`
      : `Reference data up to date: ${result.instruments} instruments, ${result.provisions} provisions, ${result.parties} party records.`,
  );
  const security = {
    ...DEFAULT_SECURITY,
    tls: config.tls,
    idleMinutes: config.idleMinutes,
    absoluteHours: config.absoluteHours,
    publicLaw: config.publicLaw,
    publicLawPerMinute: config.publicLawPerMinute,
  };
  const first = await ensureFirstAdministrator(
    { db: database.db, clock: systemClock, settings: security },
    { organisationName: config.organisationName, email: config.adminEmail, jurisdiction: config.jurisdiction },
  );
  if (first) {
    // Printed once, on the console only (never through the logger): the administrator must change it at first sign-in.
    console.log("");
    console.log("  First start: an administrator account was created.");
    console.log(`    email:              ${first.email}`);
    console.log(`    one-time password:  ${first.oneTimePassword}`);
    console.log("  Sign in with it; you will be asked to choose a new password and set up a second factor.");
    console.log("");
  }
  const oidc = config.oidc ? new OidcClient({ ...config.oidc, redirectUri: `${config.publicUrl}/api/v1/auth/oidc/callback` }) : undefined;
  const app = await buildApp({
    kb,
    files,
    database,
    knowledgeHash: result.hash,
    logger: { level: process.env.LOG_LEVEL ?? "warn" },
    security,
    oidc,
    trustProxy: config.trustProxy,
  });
  await app.listen({ port: config.port, host: config.host });
  if (config.smtp) {
    // The daily digest: checked at start and every ten minutes; sent once a day after the configured
    // hour (UTC) by whichever instance claims the day first (see runOncePerPeriod).
    const smtp = config.smtp;
    const mailer = smtpMailer(smtp.url, smtp.from);
    const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const tick = async () => {
      try {
        const r = await sendDailyDigest({ db: database.db, clock: systemClock, kb }, mailer, {
          hour: smtp.hour,
          instance,
          workbenchUrl: config.publicUrl,
        });
        if (r) app.log.info({ sent: r.sent }, "deadline digest sent");
      } catch (err) {
        app.log.error({ err: err instanceof Error ? err.message : String(err) }, "deadline digest failed");
      }
    };
    void tick();
    setInterval(() => void tick(), 10 * 60_000).unref();
    console.log(`Deadline digest: e-mailed daily after ${smtp.hour}:00 UTC.`);
  }
  const shown = config.host === "0.0.0.0" || config.host === "127.0.0.1" ? "localhost" : config.host;
  if (config.publicLaw)
    console.log(`The law is open to read without signing in (at most ${config.publicLawPerMinute} reads a minute per address).`);
  console.log(`Rogatory is running at http://${shown}:${config.port} (API docs at /api/docs). Stop with Ctrl+C.`);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof KnowledgeError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
