/** One error shape for every client-facing failure: a stable id, the field, the rule, and a 4xx. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { WorkingDaysError } from "../cases/deadlines.js";
import { DatabaseBusyError, errorForLog, isSqlError } from "../db/errors.js";
import { DomainError } from "../errors.js";
import { DateRangeError } from "../law/dates.js";
import { LawInputError } from "../law/errors.js";
import { issueSentence, issueWords } from "../validation/messages.js";
import { ruleOf } from "../validation/schemas.js";
import type { Words } from "../words.js";
import { fixedWords } from "./fixed-words.js";

export class NotFoundError extends Error {
  readonly status = 404;
  constructor(
    readonly code: string,
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** A stable answer for an error that has no answer of its own: status, code and words for the client. */
interface Mapped {
  status: number;
  error: string;
  message: string;
  field?: string;
  retryAfter?: number;
}

const BUSY: Mapped = {
  status: 503,
  error: "database_busy",
  message: "The database is busy; nothing was changed. Try again in a few seconds.",
  retryAfter: 5,
};

/**
 * Maps what the database or the date arithmetic raised to a 4xx/503 with a stable code. The database's
 * own message never reaches the client (it quotes values and names internals); only the SQLSTATE class
 * decides the answer. Every write is one transaction, so in each case nothing was changed.
 */
export function mapInternalError(err: unknown): Mapped | null {
  if (err instanceof DateRangeError || err instanceof WorkingDaysError)
    return { status: 400, error: "date_out_of_range", field: "date", message: "A date, or a deadline computed from it, is out of range." };
  if (err instanceof DatabaseBusyError) return BUSY;
  // node-postgres' pool when no connection frees up within connectionTimeoutMillis.
  if (err instanceof Error && /timeout exceeded when trying to connect/.test(err.message)) return BUSY;
  if (!isSqlError(err)) return null;
  const code = err.code;
  // 57014 statement timeout, 55P03 lock timeout, 40001 serialization failure, 40P01 deadlock, 25P03 idle transaction ended.
  if (["57014", "55P03", "40001", "40P01", "25P03"].includes(code)) return BUSY;
  if (code === "23505")
    return {
      status: 409,
      error: "already_exists",
      message: "Something with the same identifying value already exists; nothing was changed.",
    };
  if (code === "23503")
    return {
      status: 409,
      error: "conflicting_reference",
      message: "The change refers to something that does not exist, or something still refers to what it removes; nothing was changed.",
    };
  if (code.startsWith("23"))
    return { status: 400, error: "constraint_violated", message: "A value breaks a rule of the register; nothing was changed." };
  if (code.startsWith("22"))
    return {
      status: 400,
      error: "invalid_value",
      message: "A value is not valid for its field (a date, a number or text); nothing was changed.",
    };
  return null;
}

/** Fastify's own refusals in words a user understands (the code stays in `error`). */
const FRAMEWORK_WORDS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "The request is too large; nothing was changed.",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "The request's content type is not accepted here; nothing was changed.",
  FST_ERR_CTP_INVALID_JSON_BODY: "The request's body is not valid JSON; nothing was changed.",
  FST_ERR_CTP_EMPTY_JSON_BODY: "The request's body is empty but says it is JSON; nothing was changed.",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "The request's length does not match its body; nothing was changed.",
};

/** `words` for an answer: the sentence's own, or a fixed sentence's (fixed-words.ts); nothing otherwise. */
function withWords(message: string, own?: Words): { words?: Words[] } {
  const words = own ? [own] : fixedWords(message);
  return words ? { words } : {};
}

/** Fastify error handler: 4xx with details; 5xx with a generic text (details only in the log, without data). */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof LawInputError || err instanceof NotFoundError)
    return reply.status(err.status).send({ error: err.code, field: err.field, value: err.value, message: err.message });
  if (err instanceof DomainError) {
    if (err.headers) for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
    const law = err as DomainError & { provision?: string; cite?: string };
    return reply.status(err.status).send({
      error: err.code,
      ...(err.field ? { field: err.field } : {}),
      message: err.message,
      ...withWords(err.message, err.words),
      ...(law.provision ? { provision: law.provision } : {}),
      ...(law.cite ? { cite: law.cite } : {}),
    });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const field =
      String(first?.instancePath ?? "")
        .replace(/^\//, "")
        .replace(/\//g, ".") || "request";
    // One sentence per refused field, the field named in words; the path stays in `field` for programs.
    const route = req.routeOptions?.url;
    const said = new Map<string, Words | undefined>();
    for (const v of err.validation) {
      const issue = { ...v.params, code: v.keyword, message: v.message };
      const sentence = issueSentence(String(v.instancePath), issue, route);
      if (!said.has(sentence)) said.set(sentence, issueWords(String(v.instancePath), issue, route));
    }
    const sentences = [...said.keys()];
    // The same sentences as words for the web app, when every one of them has words (issue 14 §8).
    const words = [...said.values()].slice(0, 5);
    if (sentences.length > 5) words.push({ key: "errors:validation.more", params: { count: sentences.length - 5 } });
    return reply.status(400).send({
      // The rule's own code where the shared schemas give one (invalid_date, invalid_id, invalid_text).
      error: ruleOf(first?.params) ?? "invalid_request",
      field,
      message: sentences.slice(0, 5).join(" ") + (sentences.length > 5 ? ` ${sentences.length - 5} more fields are refused too.` : ""),
      ...(words.every((w) => w !== undefined) ? { words } : {}),
    });
  }
  const mapped = mapInternalError(err);
  if (mapped) {
    // Unexpected in a correct program (the edge validates first): worth a line in the log, without data.
    req.log.warn({ err: errorForLog(err) }, `request refused: ${mapped.error}`);
    if (mapped.retryAfter) reply.header("retry-after", String(mapped.retryAfter));
    return reply.status(mapped.status).send({
      error: mapped.error,
      ...(mapped.field ? { field: mapped.field } : {}),
      message: mapped.message,
      ...withWords(mapped.message),
    });
  }
  const status = err.statusCode ?? 500;
  // Fastify's and plugins' 4xx errors (body too large, malformed JSON, rate limit) speak to the client;
  // Node's internal ones (ERR_…) do not.
  if (status < 500 && !String(err.code ?? "").startsWith("ERR_")) {
    const message = FRAMEWORK_WORDS[err.code ?? ""] ?? err.message;
    return reply.status(status).send({ error: err.code ?? "bad_request", message, ...withWords(message) });
  }
  if (status < 500)
    return reply
      .status(status)
      .send({ error: "bad_request", message: "The request could not be read.", ...withWords("The request could not be read.") });
  req.log.error({ err: errorForLog(err) }, "request failed");
  return reply.status(500).send({
    error: "internal_error",
    message: "The server could not complete the request.",
    ...withWords("The server could not complete the request."),
  });
}
