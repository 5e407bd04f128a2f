/** What account commands need: the database, the clock and the security settings. */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Clock } from "../security/clock.js";

export interface SecuritySettings {
  /** Minutes without activity after which a session ends. */
  idleMinutes: number;
  /** Hours after sign-in after which a session ends whatever the activity. */
  absoluteHours: number;
  /** Failed attempts (password or second factor) before the account locks. */
  lockThreshold: number;
  /** First lock length in minutes; doubles with each further failure, up to a day. */
  lockMinutes: number;
  /** Cookies marked Secure and HSTS sent (the workbench is served over TLS). */
  tls: boolean;
  /** Sign-in attempts per IP address per minute. */
  signInPerMinute: number;
  /** API requests per client (session, token or IP) per minute. */
  apiPerMinute: number;
  /** The law's routes answer callers who are not signed in (ROGATORY_PUBLIC_LAW). */
  publicLaw: boolean;
  /** The directory of central authorities answers callers who are not signed in (ROGATORY_PUBLIC_DIRECTORY, on by default). */
  publicDirectory: boolean;
  /** Law reads per minute by callers who are not signed in, per client address. */
  publicLawPerMinute: number;
  /**
   * Deliveries per minute from one address to the exchange's inbox and chunk routes: partner nodes,
   * authenticated by their signatures rather than sessions, counted apart from the API's limit (a
   * partner catching up on a backlog sends many messages at once).
   */
  exchangePerMinute: number;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  idleMinutes: 30,
  absoluteHours: 12,
  lockThreshold: 5,
  lockMinutes: 15,
  tls: false,
  signInPerMinute: 20,
  apiPerMinute: 600,
  publicLaw: false,
  publicDirectory: true,
  publicLawPerMinute: 60,
  exchangePerMinute: 30_000,
};

export interface AccountsContext {
  db: Kysely<Database>;
  clock: Clock;
  settings: SecuritySettings;
}
