/**
 * Calls to the API from the browser: same-origin cookies, the CSRF token on every state-changing
 * request, and errors as values with the server's code, field and message.
 */
import { i18next } from "./i18n";
import { isWords, sayAll, type Words } from "./serverWords";

// The words for errors composed here, in the screens' language (the server's own messages stay as sent).
void i18next.loadNamespaces("errors");

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from /auth/session and every sign-in step). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** An error answer of the API: `{ error, field?, message }` and the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** For a rule from the law: the provision and its citation. */
    readonly cite?: string,
    /** The message as keys of the app's words, where the server has them (see serverWords.ts). */
    readonly words?: readonly Words[],
    /** Whether the message is the server's own sentence (English), not words composed here. */
    readonly english = false,
  ) {
    super(message);
  }
}

/** Words for an answer without a message of its own (a proxy's error page, say). */
function statusWords(status: number): string {
  if (status === 401) return i18next.t("errors:status.sessionEnded", { defaultValue: "Your session has ended: sign in again." });
  if (status === 403) return i18next.t("errors:status.forbidden", { defaultValue: "Your role does not allow this." });
  if (status === 404) return i18next.t("errors:status.notFound", { defaultValue: "This no longer exists, or you may not see it." });
  if (status === 413) return i18next.t("errors:status.tooLarge", { defaultValue: "This is too large to send." });
  if (status === 429)
    return i18next.t("errors:status.tooMany", { defaultValue: "Too many requests in a short time: wait a moment and try again." });
  if (status >= 500)
    return i18next.t("errors:status.serverFailed", {
      defaultValue: "The server could not complete the request; nothing was changed. Try again in a moment.",
    });
  return i18next.t("errors:status.refused", { defaultValue: "The server refused the request." });
}

/** Fired when the server says the session is gone, so the shell can show the sign-in page. */
export const SESSION_ENDED = "rogatory:session-ended";

/** Calls the API and returns its JSON; throws ApiError for 4xx/5xx. */
/**
 * The ApiError of a refused request, from the server's error body: its code, English message, field,
 * citation and words in the reader's language. A 401 outside sign-in means the session ended.
 */
function errorOf(status: number, body: unknown, sessionMayEnd: boolean): ApiError {
  const e = (typeof body === "object" && body ? body : {}) as {
    error?: string;
    message?: string;
    field?: string;
    cite?: string;
    words?: unknown;
  };
  if (status === 401 && sessionMayEnd) window.dispatchEvent(new Event(SESSION_ENDED));
  const words = Array.isArray(e.words) && e.words.every(isWords) ? e.words : undefined;
  return new ApiError(status, e.error ?? "error", e.message ?? statusWords(status), e.field, e.cite, words, e.message !== undefined);
}

export async function api<T>(
  path: string,
  opts: { method?: string; body?: unknown; headers?: Record<string, string>; keepalive?: boolean } = {},
): Promise<T> {
  const method = opts.method ?? "GET";
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    credentials: "same-origin",
    // Lets a save started as the tab closes finish after the page is gone.
    keepalive: opts.keepalive,
  });
  const type = res.headers.get("content-type") ?? "";
  const data: unknown = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw errorOf(res.status, data, !path.startsWith("/auth/"));
  return data as T;
}

/**
 * Calls the API with a JSON or binary body and returns the answer's bytes (a file to save), with the
 * file name the server gives; throws ApiError for 4xx/5xx like `api`.
 */
export async function apiFile(
  path: string,
  opts: { method?: string; body?: unknown; bytes?: Blob; contentType?: string } = {},
): Promise<{ blob: Blob; filename: string | null; headers: Headers }> {
  const method = opts.method ?? "POST";
  const headers: Record<string, string> = {};
  if (opts.bytes) headers["content-type"] = opts.contentType ?? "application/octet-stream";
  else if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: opts.bytes ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    credentials: "same-origin",
  });
  if (!res.ok) throw errorOf(res.status, (res.headers.get("content-type") ?? "").includes("json") ? await res.json() : {}, true);
  const disposition = res.headers.get("content-disposition") ?? "";
  const star = disposition.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  const plain = disposition.match(/filename="([^"]+)"/i)?.[1];
  return { blob: await res.blob(), filename: star ? decodeURIComponent(star) : (plain ?? null), headers: res.headers };
}

/** Whether the API refused a change because someone else changed the record since it was read (409 version_conflict). */
export function isVersionConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === "version_conflict";
}

/**
 * The words to show for an error caught from `api`: the server's sentence, which names the field in
 * words ("The title can be at most 400 characters."). The machine code and field path (`code`,
 * `field`) are for the page's logic, never shown.
 */
export function errorText(err: unknown): string {
  // The server says who changed what; the page reloads the record at once (see the pages' onError).
  if (isVersionConflict(err) && err instanceof ApiError)
    return i18next.t("errors:reloaded", {
      message: err.message,
      defaultValue: "{{message}} It has been reloaded: check their change, then try again.",
    });
  // The server's sentence in the reader's language where it sends its words; its English otherwise.
  if (err instanceof ApiError) return (err.words && sayAll(err.words)) || err.message;
  // A failed fetch (offline, server down) says "Failed to fetch" or "NetworkError …": say it in words.
  if (err instanceof TypeError)
    return i18next.t("errors:unreachable", {
      defaultValue: "The server could not be reached; nothing was changed. Check the connection and try again.",
    });
  return err instanceof Error ? err.message : String(err);
}

export { ROLE_LABELS, type Role } from "../../src/policies/policy";
import type { Role } from "../../src/policies/policy";

export type Confidentiality = "normal" | "confidential" | "strictly_confidential";

export const CONFIDENTIALITY_LABELS: Record<Confidentiality, string> = {
  normal: "Normal",
  confidential: "Confidential",
  strictly_confidential: "Strictly confidential",
};

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  totpEnabled?: boolean;
  mustChangePassword?: boolean;
  lockedUntil?: string | null;
  disabled?: boolean;
  sso?: boolean;
  createdAt?: string;
  /** Administrators' view only: sent back with a change (409 when someone else changed the user first). */
  version?: number;
  /** The screens' language the user chose; null until they choose. */
  language?: string | null;
}

export interface SessionState {
  signedIn: boolean;
  stage?: "totp" | "password" | "enrol" | "full";
  csrfToken?: string;
  expiresAt?: string;
  idleMinutes?: number;
  user?: UserView & { totpRequired: boolean };
  sso: { enabled: boolean; label: string | null };
  /** The installation opens the law to read without signing in (ROGATORY_PUBLIC_LAW). */
  publicLaw?: boolean;
  /** The directory of central authorities is readable without signing in (unless ROGATORY_PUBLIC_DIRECTORY=false). */
  publicDirectory?: boolean;
  /** This node exchanges with partner nodes (a node key passphrase is set). */
  exchange?: boolean;
}

export interface Organisation {
  id: string;
  name: string;
  kind: "central_authority" | "executing_authority";
  jurisdiction: string | null;
  /** Retired: kept for its history, offered for nothing new (only listed when asked). */
  retired?: boolean;
  /** Sent back with a change (409 when someone else changed it first). */
  version?: number;
}
