/** Configuration from the environment, checked once at start; a bad value stops start-up with its name. */
import { resolve } from "node:path";

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server; undefined means embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** The address users reach the workbench at; https:// turns on Secure cookies and HSTS. */
  publicUrl: string;
  tls: boolean;
  trustProxy: boolean;
  /** First start only: the administrator's email and the central authority's name. */
  adminEmail: string;
  organisationName: string;
  jurisdiction: string | null;
  idleMinutes: number;
  absoluteHours: number;
  oidc?: { issuer: string; clientId: string; clientSecret: string; label: string };
  /** SMTP for the daily deadline digest; without it no e-mail is sent. */
  smtp?: { url: string; from: string; hour: number };
  /** The law (basis, instruments, provisions, jurisdictions) readable without signing in. */
  publicLaw: boolean;
  /** Anonymous law reads per client address per minute. */
  publicLawPerMinute: number;
}

export class ConfigError extends Error {}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name}: "${text}" must be a whole number from 1 to ${max}`);
  return n;
}

/** A yes/no setting: exactly `true` or `false` (or unset), so a typo cannot open or close anything unnoticed. */
function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const text = env[name]?.trim();
  if (!text) return fallback;
  if (text === "true") return true;
  if (text === "false") return false;
  throw new ConfigError(`${name}: "${text}" must be true or false`);
}

/** Reads the configuration (see the README's table); secrets come only from the environment. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const portText = env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT: "${portText}" is not a port number (1-65535)`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  const publicUrl = (env.ROGATORY_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, "");
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) throw new ConfigError("ROGATORY_PUBLIC_URL: must be http(s)://host[:port] without a path");
  const adminEmail = env.ROGATORY_ADMIN_EMAIL?.trim() || "admin@rogatory.local";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) throw new ConfigError("ROGATORY_ADMIN_EMAIL: not an email address");
  const jurisdiction = env.ROGATORY_JURISDICTION?.trim().toUpperCase() || null;
  if (jurisdiction && !/^[A-Z]{2}$/.test(jurisdiction)) throw new ConfigError("ROGATORY_JURISDICTION: must be an ISO 3166-1 alpha-2 code");
  const issuer = env.ROGATORY_OIDC_ISSUER?.trim();
  let oidc: Config["oidc"];
  if (issuer) {
    const clientId = env.ROGATORY_OIDC_CLIENT_ID?.trim();
    const clientSecret = env.ROGATORY_OIDC_CLIENT_SECRET?.trim();
    if (!clientId || !clientSecret)
      throw new ConfigError("ROGATORY_OIDC_CLIENT_ID and ROGATORY_OIDC_CLIENT_SECRET are required with ROGATORY_OIDC_ISSUER");
    oidc = { issuer, clientId, clientSecret, label: env.ROGATORY_OIDC_LABEL?.trim() || "single sign-on" };
  }
  const smtpUrl = env.ROGATORY_SMTP_URL?.trim();
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError("ROGATORY_SMTP_URL: must be an smtp:// or smtps:// URL");
  const smtp = smtpUrl
    ? {
        url: smtpUrl,
        from: env.ROGATORY_MAIL_FROM?.trim() || "rogatory@localhost",
        hour: env.ROGATORY_DIGEST_HOUR?.trim() ? positive(env, "ROGATORY_DIGEST_HOUR", 7, 23) : 7,
      }
    : undefined;
  return {
    smtp,
    port,
    host: env.HOST?.trim() || "127.0.0.1",
    databaseUrl,
    dataDir: resolve(env.ROGATORY_DATA_DIR?.trim() || "./data"),
    publicUrl,
    tls: publicUrl.startsWith("https://"),
    trustProxy: env.ROGATORY_TRUST_PROXY === "true",
    adminEmail,
    organisationName: env.ROGATORY_ORGANISATION?.trim() || "Central authority",
    jurisdiction,
    idleMinutes: positive(env, "ROGATORY_SESSION_IDLE_MINUTES", 30, 24 * 60),
    absoluteHours: positive(env, "ROGATORY_SESSION_MAX_HOURS", 12, 7 * 24),
    oidc,
    publicLaw: flag(env, "ROGATORY_PUBLIC_LAW", false),
    publicLawPerMinute: positive(env, "ROGATORY_PUBLIC_LAW_PER_MINUTE", 60, 100_000),
  };
}
