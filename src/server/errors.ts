/** One error shape for every client-facing failure: a stable id, the field, the rule, and a 4xx. */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "../errors.js";
import { LawInputError } from "../law/errors.js";

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

/** Fastify error handler: 4xx with details; 5xx with a generic text (details only in the log). */
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
    return reply.status(400).send({
      error: "invalid_request",
      field,
      message: err.validation.map((v) => `${String(v.instancePath).replace(/^\//, "") || "request"}: ${v.message}`).join("; "),
    });
  }
  const status = err.statusCode ?? 500;
  if (status < 500) return reply.status(status).send({ error: err.code ?? "bad_request", message: err.message });
  req.log.error({ err }, "request failed");
  return reply.status(500).send({ error: "internal_error", message: "The server could not complete the request." });
}
