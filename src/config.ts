/** Configuration from the environment, checked once at start; a bad value stops start-up with its name. */
import { readFileSync } from "node:fs";
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
  /** The directory of central authorities readable without signing in (on unless ROGATORY_PUBLIC_DIRECTORY=false). */
  publicDirectory: boolean;
  /** Anonymous law reads per client address per minute. */
  publicLawPerMinute: number;
  /** Bearer token that opens GET /metrics; without it the metrics are not served. */
  metricsToken?: string;
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before the server stops anyway. */
  shutdownSeconds: number;
  /** The exchange between central authorities; undefined (off) without a node key passphrase. */
  exchange?: { passphrase: string; endpoint: string; organisation?: string };
  /** The longest wait between two deliveries of one message to a partner (the sender's back-off ceiling). */
  exchangeRetryCeilingSeconds: number;
  /** Partner deliveries per minute from one address (inbox and chunks). */
  exchangePerMinute: number;
}

export class ConfigError extends Error {}

/**
 * Every ROGATORY_* variable the workbench reads (see the README's table). Any other ROGATORY_* name
 * stops the start, so a typo (ROGATORY_PUBIC_LAW) cannot silently leave a setting at its default.
 * Add a new variable here when you add it to readConfig.
 */
export const KNOWN_VARIABLES = [
  "ROGATORY_ADMIN_EMAIL",
  "ROGATORY_DATA_DIR",
  "ROGATORY_DIGEST_HOUR",
  "ROGATORY_JURISDICTION",
  "ROGATORY_MAIL_FROM",
  "ROGATORY_METRICS_TOKEN",
  "ROGATORY_EXCHANGE_PER_MINUTE",
  "ROGATORY_EXCHANGE_RETRY_CEILING_SECONDS",
  "ROGATORY_NODE_ENDPOINT",
  "ROGATORY_NODE_KEY_PASSPHRASE",
  "ROGATORY_NODE_KEY_PASSPHRASE_FILE",
  "ROGATORY_NODE_ORGANISATION",
  "ROGATORY_OIDC_CLIENT_ID",
  "ROGATORY_OIDC_CLIENT_SECRET",
  "ROGATORY_OIDC_ISSUER",
  "ROGATORY_OIDC_LABEL",
  "ROGATORY_ORGANISATION",
  "ROGATORY_PUBLIC_DIRECTORY",
  "ROGATORY_PUBLIC_LAW",
  "ROGATORY_PUBLIC_LAW_PER_MINUTE",
  "ROGATORY_PUBLIC_URL",
  "ROGATORY_SESSION_IDLE_MINUTES",
  "ROGATORY_SESSION_MAX_HOURS",
  "ROGATORY_SHUTDOWN_SECONDS",
  "ROGATORY_SMTP_URL",
  "ROGATORY_TRUST_PROXY",
] as const;

/** Edit distance, to suggest the variable a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length] ?? 0;
}

/** Refuses any ROGATORY_* variable the workbench does not know, suggesting the nearest known one. */
function checkNames(env: NodeJS.ProcessEnv): void {
  const known = new Set<string>(KNOWN_VARIABLES);
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("ROGATORY_") || known.has(name)) continue;
    const nearest = [...KNOWN_VARIABLES].sort((a, b) => distance(name, a) - distance(name, b))[0] as string;
    const hint = distance(name, nearest) <= 3 ? ` (did you mean ${nearest}?)` : "";
    throw new ConfigError(`${name}: not a Rogatory setting${hint}; the settings are listed in the README`);
  }
}

/** A URL with one of the given schemes and a host, or a ConfigError naming the variable. */
function url(name: string, text: string, schemes: string[]): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ConfigError(`${name}: "${redact(text)}" is not a valid URL`);
  }
  if (!schemes.includes(u.protocol.replace(/:$/, "")))
    throw new ConfigError(`${name}: must be a ${schemes.map((s) => `${s}://`).join(" or ")} URL`);
  // postgres:///db (a local socket) is valid without a host; the web and mail URLs are not.
  if (!u.hostname && !schemes.includes("postgres")) throw new ConfigError(`${name}: the URL has no host`);
  return u;
}

/** A URL as it may be shown in an error: without a password. */
function redact(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@");
}

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
  checkNames(env);
  const portText = env.PORT ?? "3000";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`PORT: "${portText}" is not a port number (1-65535)`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl) url("DATABASE_URL", databaseUrl, ["postgres", "postgresql"]);
  const publicUrl = (env.ROGATORY_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/$/, "");
  url("ROGATORY_PUBLIC_URL", publicUrl, ["http", "https"]);
  if (!/^https?:\/\/[^/]+$/.test(publicUrl)) throw new ConfigError("ROGATORY_PUBLIC_URL: must be http(s)://host[:port] without a path");
  const adminEmail = env.ROGATORY_ADMIN_EMAIL?.trim() || "admin@rogatory.local";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) throw new ConfigError("ROGATORY_ADMIN_EMAIL: not an email address");
  const jurisdiction = env.ROGATORY_JURISDICTION?.trim().toUpperCase() || null;
  if (jurisdiction && !/^[A-Z]{2}$/.test(jurisdiction)) throw new ConfigError("ROGATORY_JURISDICTION: must be an ISO 3166-1 alpha-2 code");
  const issuer = env.ROGATORY_OIDC_ISSUER?.trim();
  let oidc: Config["oidc"];
  if (issuer) {
    url("ROGATORY_OIDC_ISSUER", issuer, ["https", "http"]);
    const clientId = env.ROGATORY_OIDC_CLIENT_ID?.trim();
    const clientSecret = env.ROGATORY_OIDC_CLIENT_SECRET?.trim();
    if (!clientId || !clientSecret)
      throw new ConfigError("ROGATORY_OIDC_CLIENT_ID and ROGATORY_OIDC_CLIENT_SECRET are required with ROGATORY_OIDC_ISSUER");
    oidc = { issuer, clientId, clientSecret, label: env.ROGATORY_OIDC_LABEL?.trim() || "single sign-on" };
  }
  const smtpUrl = env.ROGATORY_SMTP_URL?.trim();
  if (smtpUrl) url("ROGATORY_SMTP_URL", smtpUrl, ["smtp", "smtps"]);
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
    trustProxy: flag(env, "ROGATORY_TRUST_PROXY", false),
    adminEmail,
    organisationName: env.ROGATORY_ORGANISATION?.trim() || "Central authority",
    jurisdiction,
    idleMinutes: positive(env, "ROGATORY_SESSION_IDLE_MINUTES", 30, 24 * 60),
    absoluteHours: positive(env, "ROGATORY_SESSION_MAX_HOURS", 12, 7 * 24),
    oidc,
    publicLaw: flag(env, "ROGATORY_PUBLIC_LAW", false),
    publicDirectory: flag(env, "ROGATORY_PUBLIC_DIRECTORY", true),
    publicLawPerMinute: positive(env, "ROGATORY_PUBLIC_LAW_PER_MINUTE", 60, 100_000),
    metricsToken: metricsToken(env),
    shutdownSeconds: positive(env, "ROGATORY_SHUTDOWN_SECONDS", 25, 600),
    exchange: exchangeSettings(env, publicUrl),
    exchangeRetryCeilingSeconds: positive(env, "ROGATORY_EXCHANGE_RETRY_CEILING_SECONDS", 600, 24 * 3600),
    exchangePerMinute: positive(env, "ROGATORY_EXCHANGE_PER_MINUTE", 30_000, 10_000_000),
  };
}

/** The shortest node key passphrase accepted (the private keys are only as safe as it is). */
const MIN_PASSPHRASE = 16;

/**
 * The exchange's settings: on only with a node key passphrase, given directly or as a file (a
 * container secret); both at once is refused, so it is never unclear which one opens the keys.
 */
function exchangeSettings(env: NodeJS.ProcessEnv, publicUrl: string): Config["exchange"] {
  const direct = env.ROGATORY_NODE_KEY_PASSPHRASE;
  const file = env.ROGATORY_NODE_KEY_PASSPHRASE_FILE?.trim();
  if (direct && file) throw new ConfigError("ROGATORY_NODE_KEY_PASSPHRASE and ROGATORY_NODE_KEY_PASSPHRASE_FILE: set one, not both");
  let passphrase = direct;
  if (file) {
    try {
      // One trailing line break is how files end; it is not part of the passphrase.
      passphrase = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch {
      throw new ConfigError(`ROGATORY_NODE_KEY_PASSPHRASE_FILE: cannot read ${file}`);
    }
  }
  const endpointText = env.ROGATORY_NODE_ENDPOINT?.trim();
  const organisation = env.ROGATORY_NODE_ORGANISATION?.trim() || undefined;
  if (!passphrase) return undefined;
  const name = file ? "ROGATORY_NODE_KEY_PASSPHRASE_FILE" : "ROGATORY_NODE_KEY_PASSPHRASE";
  if (passphrase.length < MIN_PASSPHRASE)
    throw new ConfigError(`${name}: the passphrase must be at least ${MIN_PASSPHRASE} characters long`);
  const endpoint = (endpointText || publicUrl).replace(/\/+$/, "");
  const u = url("ROGATORY_NODE_ENDPOINT", endpoint, ["http", "https"]);
  if (u.search || u.hash || u.username)
    throw new ConfigError("ROGATORY_NODE_ENDPOINT: must be http(s)://host[:port][/path] without query or credentials");
  return { passphrase, endpoint, organisation };
}

/** The metrics token: long enough not to be guessed (32 characters or more, e.g. `openssl rand -hex 32`). */
function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const text = env.ROGATORY_METRICS_TOKEN?.trim();
  if (!text) return undefined;
  if (text.length < 32 || /\s/.test(text))
    throw new ConfigError("ROGATORY_METRICS_TOKEN: must be at least 32 characters without spaces (e.g. openssl rand -hex 32)");
  return text;
}
