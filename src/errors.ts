import type { Words } from "./words.js";

/** Errors a client can act on: a stable code, the field at fault, the rule, and a 4xx status. */
export class DomainError extends Error {
  /** The message as a key of the web app's words and its values, where it has one (sent as `words`). */
  words?: Words;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra headers, e.g. Retry-After for a lockout. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** 400: the named field breaks the named rule. */
export const invalid = (field: string, message: string, code = "invalid_request") => new DomainError(400, code, message, field);
/** 401: not signed in, or the sign-in failed. */
export const unauthenticated = (message = "Sign in first.", code = "unauthenticated") => new DomainError(401, code, message);
/** 403: signed in, but not allowed. */
export const forbidden = (message = "Your role does not allow this.", code = "forbidden") => new DomainError(403, code, message);
/** 404: absent, or invisible to this user (the two are not distinguished on purpose). */
export const notFound = (field: string, message: string, code = "not_found") => new DomainError(404, code, message, field);
/** 409: conflicts with the current state. */
export const conflict = (field: string, message: string, code = "conflict") => new DomainError(409, code, message, field);

/**
 * The error with its sentence as words of the web app (issue 14 §8): `errors:domain.<name>` and its
 * values, which are data (numbers, codes, ISO dates, names), never English. The English under that key,
 * with these values, is the error's message (test/web/server-words.test.ts).
 */
export function worded<E extends DomainError>(err: E, name: string, params?: Words["params"]): E {
  err.words = { key: `errors:domain.${name}`, ...(params ? { params } : {}) };
  return err;
}

/** 400: a value that is not a date written YYYY-MM-DD. */
export const notADate = (field: string, value: string) =>
  worded(invalid(field, `"${value}" is not a date (YYYY-MM-DD).`), "notADate", { value });
