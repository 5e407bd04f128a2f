/**
 * Database errors without the data in them. PostgreSQL and PGlite put values into their errors: the
 * message ("invalid input syntax for type uuid: "…""), the detail ("Key (email)=(…) already exists."),
 * and on PGlite the whole statement and its parameters. None of that may reach a log or a client, so
 * errors are reduced here to what names the failure: its SQLSTATE code, constraint, table and column.
 */

/** A PostgreSQL error as both drivers raise it (pg's DatabaseError, PGlite's error). */
export interface SqlErrorLike {
  code: string;
  severity?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  message: string;
}

/** Whether the value is an error raised by the database server (it carries a five-character SQLSTATE). */
export function isSqlError(err: unknown): err is SqlErrorLike & Error {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: unknown; severity?: unknown };
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === "string";
}

/** The message with every quoted value replaced, e.g. `invalid input syntax for type uuid: "…"`. */
export function redactSqlMessage(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)=\([^()]*\)/g, "(…)=(…)");
}

/**
 * The error PGlite raises, stripped of the statement, its parameters and every value-bearing field;
 * the code, constraint, table and column stay so that callers can still map it to an answer.
 */
export class SafeSqlError extends Error implements SqlErrorLike {
  readonly code: string;
  readonly severity: string;
  readonly constraint?: string;
  readonly table?: string;
  readonly column?: string;
  readonly routine?: string;
  constructor(source: SqlErrorLike) {
    super(redactSqlMessage(source.message));
    this.name = "SqlError";
    this.code = source.code;
    this.severity = source.severity ?? "ERROR";
    if (source.constraint) this.constraint = source.constraint;
    if (source.table) this.table = source.table;
    if (source.column) this.column = source.column;
    if (source.routine) this.routine = source.routine;
    // The stack's first line repeats the message: rebuild it from the redacted one.
    this.stack = `${this.name}: ${this.message}\n${(new Error().stack ?? "").split("\n").slice(2).join("\n")}`;
  }
}

/** A database error with its values removed; other values are returned unchanged. */
export function withoutSqlValues(err: unknown): unknown {
  return isSqlError(err) && !(err instanceof SafeSqlError) ? new SafeSqlError(err) : err;
}

/** What the log may hold of an error: a whitelist of fields, never parameters, statements or details. */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack: string;
  [key: string]: unknown;
}

const isLoggedError = (v: unknown): v is LoggedError =>
  !(v instanceof Error) &&
  typeof v === "object" &&
  v !== null &&
  typeof (v as LoggedError).type === "string" &&
  typeof (v as LoggedError).stack === "string";

/**
 * The log form of any error (the logger's `err` serializer). Only the name, a message, the code and,
 * for database errors, the constraint, table and column are kept; a database error's message has its
 * values redacted, and nothing else an error carries (PGlite's `params`, Kysely's query tree, pg's
 * `detail`) is written.
 */
export function errorForLog(err: unknown): LoggedError {
  if (isLoggedError(err)) return err;
  if (!(err instanceof Error)) return { type: typeof err, message: "non-error value thrown", stack: "" };
  const code = (err as { code?: unknown }).code;
  if (isSqlError(err)) {
    const message = redactSqlMessage(err.message);
    const stack = err.stack?.split("\n").slice(1).join("\n");
    return {
      type: "SqlError",
      message,
      code: err.code,
      ...(err.constraint ? { constraint: err.constraint } : {}),
      ...(err.table ? { table: err.table } : {}),
      ...(err.column ? { column: err.column } : {}),
      stack: `SqlError: ${message}\n${stack ?? ""}`,
    };
  }
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === "string" ? { code } : {}),
    stack: err.stack ?? "",
  };
}

/** The database waited longer than its limit (statement or lock timeout, or no free connection). */
export class DatabaseBusyError extends Error {
  constructor(message = "the database did not answer in time") {
    super(message);
    this.name = "DatabaseBusyError";
  }
}
