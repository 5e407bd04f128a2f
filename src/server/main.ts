/** `npm start`: loads the law, opens the database, loads the reference data, serves the workbench. */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { ensureFirstAdministrator } from "../accounts/bootstrapper.js";
import { DEFAULT_SECURITY } from "../accounts/context.js";
import { ConfigError, readConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { cachedKnowledgeFiles } from "../knowledge/cache.js";
import { loadReferenceData } from "../knowledge/reference-data.js";
import { KnowledgeError, buildKnowledgeBase } from "../law/knowledge.js";
import { runOncePerPeriod, sendDailyDigest, smtpMailer } from "../cases/digest.js";
import { cleanupTransfers } from "../exchange/transfers.js";
import { systemClock } from "../security/clock.js";
import { buildApp } from "./app.js";
import { DEFAULT_BACKOFF } from "../exchange/sender.js";
import { type RunningMessages, startMessages } from "../exchange/startup.js";
import { ServerRunningError, serverIsRunning, startControlSocket } from "../operations/controlSocket.js";
import type { Server } from "node:net";
import { groupFingerprint } from "../exchange/fingerprint.js";
import { KeyringError } from "../exchange/keyring.js";
import { type ExchangeRuntime, startExchange } from "../exchange/runtime.js";

async function main(): Promise<void> {
  const config = readConfig();
  const files = await cachedKnowledgeFiles();
  const kb = buildKnowledgeBase(files);
  // PGlite belongs to one process: refuse to open a data directory another server is running on.
  if (!config.databaseUrl && (await serverIsRunning(config.dataDir))) {
    console.error(`Another Rogatory server is already running on ${config.dataDir}; stop it first.`);
    process.exit(1);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  // On PGlite, `rogatory backup` asks this process for the dump over a socket in the data directory.
  let control: Server | undefined;
  if (database.kind === "pglite")
    try {
      control = await startControlSocket(config.dataDir, database);
    } catch (err) {
      if (err instanceof ServerRunningError) throw err;
      // Without the socket the server still serves; only `rogatory backup` then needs it stopped.
      console.warn(`No control socket (${err instanceof Error ? err.message : String(err)}): stop the server to take a backup.`);
    }
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
    publicDirectory: config.publicDirectory,
    publicLawPerMinute: config.publicLawPerMinute,
    exchangePerMinute: config.exchangePerMinute,
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
  // The exchange: on only with a node key passphrase; a passphrase that does not open the keys stops
  // the start (a node that silently ran without its keys would refuse every partner's message).
  let exchange: ExchangeRuntime | undefined;
  if (config.exchange) {
    exchange = await startExchange(database.db, systemClock, { ...config.exchange, jurisdiction: config.jurisdiction });
    const sig = await exchange.keyring.current("sig");
    const node = exchange.keyring.node;
    console.log(`Exchange: node of ${node.authority} (${node.jurisdiction}) at ${node.endpoint}.`);
    console.log(`  Signing key fingerprint (compare it with partners out of band): ${groupFingerprint(sig.fingerprint)}`);
  } else console.log("Exchange: off (no ROGATORY_NODE_KEY_PASSPHRASE or ROGATORY_NODE_KEY_PASSPHRASE_FILE).");
  let messages: RunningMessages | undefined;
  if (exchange)
    messages = await startMessages({
      runtime: exchange,
      db: database.db,
      clock: systemClock,
      kb,
      files,
      backoff: { ...DEFAULT_BACKOFF, ceilingMs: config.exchangeRetryCeilingSeconds * 1000 },
      onError: (err) => console.error(`Exchange sender: ${err instanceof Error ? err.message : String(err)}`),
      soleInstance: database.kind === "pglite",
    });
  // openid-client loads only where single sign-on is configured.
  const oidc = config.oidc
    ? new (await import("../accounts/oidc.js")).OidcClient({ ...config.oidc, redirectUri: `${config.publicUrl}/api/v1/auth/oidc/callback` })
    : undefined;
  const app = await buildApp({
    kb,
    files,
    database,
    knowledgeHash: result.hash,
    logger: { level: process.env.LOG_LEVEL ?? "warn" },
    security,
    oidc,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    exchange,
    exchangeMessages: messages?.ctx ?? null,
  });
  await app.listen({ port: config.port, host: config.host });
  let digestTimer: NodeJS.Timeout | undefined;
  let cleanupTimer: NodeJS.Timeout | undefined;
  const instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (messages) {
    // Evidence transfers a partner started and never finished, and chunks of cut-off uploads, are
    // removed once a day by whichever instance claims the day (see cleanupTransfers for the ages).
    const running = messages;
    const clean = async () => {
      try {
        const day = systemClock.now().toISOString().slice(0, 10);
        const r = await runOncePerPeriod({ db: database.db, clock: systemClock }, "exchange_transfer_cleanup", day, instance, () =>
          cleanupTransfers(running.ctx),
        );
        if (r.ran && r.result > 0) app.log.info({ removed: r.result }, "abandoned evidence transfers removed");
      } catch (err) {
        app.log.error({ err }, "evidence transfer clean-up failed");
      }
    };
    void clean();
    cleanupTimer = setInterval(() => void clean(), 60 * 60_000);
    cleanupTimer.unref();
  }
  if (config.smtp) {
    // The daily digest: checked at start and every ten minutes; sent once a day after the configured
    // hour (UTC) by whichever instance claims the day first (see runOncePerPeriod).
    const smtp = config.smtp;
    const mailer = smtpMailer(smtp.url, smtp.from);
    const tick = async () => {
      try {
        const r = await sendDailyDigest({ db: database.db, clock: systemClock, kb }, mailer, {
          hour: smtp.hour,
          instance,
          workbenchUrl: config.publicUrl,
        });
        if (r) app.log.info({ sent: r.sent }, "deadline digest sent");
      } catch (err) {
        app.log.error({ err }, "deadline digest failed");
      }
    };
    void tick();
    digestTimer = setInterval(() => void tick(), 10 * 60_000);
    digestTimer.unref();
    console.log(`Deadline digest: e-mailed daily after ${smtp.hour}:00 UTC.`);
  }
  const shown = config.host === "0.0.0.0" || config.host === "127.0.0.1" ? "localhost" : config.host;
  if (config.publicLaw)
    console.log(`The law is open to read without signing in (at most ${config.publicLawPerMinute} reads a minute per address).`);
  console.log(
    config.publicDirectory
      ? "The directory of central authorities is open to read at /directory (ROGATORY_PUBLIC_DIRECTORY=false closes it)."
      : "The directory of central authorities is for signed-in users only (ROGATORY_PUBLIC_DIRECTORY=false).",
  );
  console.log(`Rogatory is running at http://${shown}:${config.port} (API docs at /api/docs). Stop with Ctrl+C.`);
  if (config.metricsToken) console.log("Prometheus metrics at /metrics (bearer ROGATORY_METRICS_TOKEN).");
  // Graceful shutdown: stop accepting, let requests in flight finish (up to ROGATORY_SHUTDOWN_SECONDS),
  // then close the database, so no write is cut off half-way by a deployment or a restart.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: no new requests; finishing those in flight (at most ${config.shutdownSeconds} s), then stopping.`);
    clearInterval(digestTimer);
    clearInterval(cleanupTimer);
    await messages?.stop();
    let late = false;
    const deadline = setTimeout(() => {
      late = true;
      console.error(`Requests still running after ${config.shutdownSeconds} s: closing their connections.`);
      app.server.closeAllConnections();
      setTimeout(() => process.exit(1), 10_000).unref();
    }, config.shutdownSeconds * 1000);
    deadline.unref();
    try {
      await app.close();
      control?.close();
      await database.close();
    } catch (err) {
      console.error(`Shutdown: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
    clearTimeout(deadline);
    console.log("Stopped.");
    process.exit(late ? 1 : 0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof KnowledgeError || err instanceof ServerRunningError || err instanceof KeyringError)
    console.error(err.message);
  else console.error(err);
  process.exit(1);
});
