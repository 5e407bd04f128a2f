/** Configuration from the environment, checked once at start; a bad value stops start-up with its name. */
import { resolve } from "node:path";

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; undefined means embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
}

export class ConfigError extends Error {}

/** Reads PORT, HOST, DATABASE_URL and ROGATORY_DATA_DIR. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT: "${portText}" is not a port number (1-65535)`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  return {
    port,
    host: env.HOST?.trim() || "127.0.0.1",
    databaseUrl,
    dataDir: resolve(env.ROGATORY_DATA_DIR?.trim() || "./data"),
  };
}
