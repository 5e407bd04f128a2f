/**
 * On PostgreSQL, each database test file gets a database of its own, created before the file and
 * dropped after it, so the files can run side by side as they do on PGlite (where each has its own
 * in-memory database). Without this they shared the one test database and had to run one after
 * another, which made the PostgreSQL pass of CI as long as all its files put together.
 *
 * The server named by DATABASE_URL when Vitest started is kept in TEST_POSTGRES_SERVER_URL (a worker
 * runs several files, and the previous file's setup has changed DATABASE_URL).
 */
import pg from "pg";
import { afterAll } from "vitest";

const server = process.env.TEST_POSTGRES_SERVER_URL ?? process.env.DATABASE_URL;

/** Whether a process of this machine is still running (a worker's database is in use while it is). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Drops the databases of workers no longer running: a killed run leaves its databases behind. */
async function dropLeftovers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'rogatory_test_%'");
    for (const { datname } of rows) {
      const pid = Number(datname.split("_")[2]);
      if (Number.isInteger(pid) && !alive(pid)) await client.query(`drop database if exists ${datname} with (force)`);
    }
  } finally {
    await client.end();
  }
}

if (server) {
  process.env.TEST_POSTGRES_SERVER_URL = server;
  const name = `rogatory_test_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await dropLeftovers(server);
  await admin(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  afterAll(async () => {
    // FORCE: a server process a test started may still hold a connection as the file ends.
    await admin(`drop database if exists ${name} with (force)`);
  });
}
