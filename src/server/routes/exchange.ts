/**
 * The exchange's message routes: the inbox partner nodes post sealed messages to (no session: the
 * signature authenticates), the published JSON Schemas, sending a message from a case, a case's
 * thread, received requests awaiting registration, and the quarantine.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DomainError } from "../../errors.js";
import { sendAcknowledgement } from "../../exchange/commands/acknowledgement.js";
import { sendClosing } from "../../exchange/commands/closing.js";
import { sendDecision } from "../../exchange/commands/decision.js";
import { sendEvidence } from "../../exchange/commands/evidence.js";
import { sendExecutionReport } from "../../exchange/commands/execution-report.js";
import { sendNotice } from "../../exchange/commands/notice.js";
import { sendQuery } from "../../exchange/commands/query.js";
import { sendReply } from "../../exchange/commands/reply.js";
import { sendRequest } from "../../exchange/commands/request.js";
import { type Sending, send } from "../../exchange/commands/sender.js";
import { sendWithdrawal } from "../../exchange/commands/withdrawal.js";
import type { ExchangeContext } from "../../exchange/context.js";
import { caseThread, inboxCases, listQuarantine, readQuarantine } from "../../exchange/conversation.js";
import { jsonSchemaOf } from "../../exchange/envelope.js";
import { receiveSealed } from "../../exchange/inbox.js";
import { receiveChunk } from "../../exchange/transfers.js";
import { CHUNK_MEDIA_TYPE } from "../../exchange/transport.js";
import { KINDS, type Kind } from "../../exchange/messages/index.js";
import { NOTICE_TOPICS } from "../../exchange/messages/notice.js";
import { GROUNDS } from "../../law/codes.js";
import { id, isoDate, sha256Hex, text } from "../../validation/schemas.js";
import { authOf, clientOf } from "../security.js";

/** The largest body the inbox reads: a sealed message of seal.ts's maximum, and a little more so the size is refused by the inbox with a receipt. */
const INBOX_BODY_LIMIT = 17 * 1024 * 1024;

const version = z.number().int().min(1).describe("The case's version as you read it");
const sendBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("request"),
    version,
    facts: text({ max: 20_000 }).nullable().optional(),
    confirmsOralRequestOf: isoDate().nullable().optional(),
  }),
  z.object({ kind: z.literal("acknowledgement"), version, executingAuthority: text({ max: 300 }).nullable().optional() }),
  z.object({
    kind: z.literal("query"),
    version,
    purpose: z.enum(["more_information", "consultation_before_refusal", "consultation_before_postponement"]),
    text: text({ min: 3, max: 20_000 }),
    conditionsOffered: text({ max: 20_000 }).nullable().optional(),
    answerBy: isoDate().nullable().optional(),
  }),
  z.object({
    kind: z.literal("reply"),
    version,
    inReplyTo: id(),
    text: text({ min: 3, max: 20_000 }),
    conditionsAccepted: z.boolean().nullable().optional(),
    documentIds: z.array(id()).max(10).optional(),
  }),
  z.object({
    kind: z.literal("decision"),
    version,
    outcome: z.enum(["accepted", "refused", "postponed", "partially_refused"]),
    grounds: z.array(z.enum(GROUNDS)).max(20).optional(),
    reasons: text({ max: 20_000 }).optional(),
    refusedMeasures: z.array(id()).max(50).optional(),
  }),
  z.object({
    kind: z.literal("execution_report"),
    version,
    final: z.boolean(),
    reasons: z.record(id(), text({ max: 5_000 })).optional(),
    partlyDone: z.array(id()).max(50).optional(),
  }),
  z.object({
    kind: z.literal("evidence"),
    version,
    documents: z.array(z.object({ documentId: id(), description: text({ min: 3, max: 2000 }) })).max(50),
    objects: z
      .array(z.object({ description: text({ min: 3, max: 2000 }), sha256: sha256Hex() }))
      .max(50)
      .optional(),
    permittedPurposes: z.array(text({ min: 1, max: 300 })).max(20),
    final: z.boolean(),
  }),
  z.object({
    kind: z.literal("notice"),
    version,
    topic: z.enum(NOTICE_TOPICS),
    text: text({ min: 3, max: 20_000 }),
    dates: z
      .array(z.object({ label: text({ min: 1, max: 200 }), on: isoDate() }))
      .max(20)
      .optional(),
  }),
  z.object({ kind: z.literal("withdrawal"), version, reasons: text({ max: 20_000 }).nullable().optional() }),
  z.object({ kind: z.literal("closing"), version, text: text({ max: 20_000 }).nullable().optional() }),
]);
type SendBody = z.infer<typeof sendBody>;

const off = () =>
  new DomainError(503, "exchange_off", "The exchange is off on this node: it starts when ROGATORY_NODE_KEY_PASSPHRASE (or _FILE) is set.");

export const exchangeRoutes: FastifyPluginAsyncZod<{ exchange: ExchangeContext | null }> = async (app, { exchange }) => {
  const on = (): ExchangeContext => {
    if (!exchange) throw off();
    return exchange;
  };
  app.addContentTypeParser("application/jose", { parseAs: "string", bodyLimit: INBOX_BODY_LIMIT }, (_req, body, done) => done(null, body));
  // A chunk of large evidence: its sealed header, a newline, then its encrypted bytes as binary, read
  // as a stream (transfers.ts's receiveChunk counts and bounds the bytes itself).
  app.addContentTypeParser(CHUNK_MEDIA_TYPE, (_req, payload, done) => done(null, payload));

  app.post(
    "/exchange/inbox",
    {
      // Partner nodes, not people: the message's signature authenticates it (seal.ts), not a session.
      config: { access: { public: true } },
      bodyLimit: INBOX_BODY_LIMIT,
      schema: {
        tags: ["exchange"],
        summary:
          "Receives a sealed message, or a batch of messages, from a partner node (application/jose: a JWE of a JWS, or of a list of JWS); answers with signed receipts",
        body: z.string().max(INBOX_BODY_LIMIT),
      },
    },
    async (req, reply) => {
      const answer = await receiveSealed(on(), req.body, req.ip ?? null);
      return reply.status(answer.status).send({
        receipts: answer.receipts,
        ...(answer.results ? { results: answer.results } : {}),
        ...(answer.reason ? { reason: answer.reason, detail: answer.detail } : {}),
      });
    },
  );

  app.post(
    "/exchange/chunks",
    {
      // Partner nodes, not people: each chunk is sealed and signed like a message (transfers.ts).
      config: { access: { public: true } },
      bodyLimit: INBOX_BODY_LIMIT,
      schema: {
        tags: ["exchange"],
        summary:
          "Receives one chunk of a large document (or a question which chunks are held) from a partner node: its sealed header, a newline and its encrypted bytes (application/vnd.rogatory.chunk); answers with the chunks held",
        // A stream for the chunk's media type; a status request may also come as application/jose text.
        body: z.unknown(),
      },
    },
    async (req, reply) => {
      // The chunk media type is read as a stream, past Fastify's body limit: its announced length is
      // checked here instead, before a byte of it is read (a partner's sender always announces it).
      if (req.headers["content-type"]?.startsWith(CHUNK_MEDIA_TYPE)) {
        const length = Number(req.headers["content-length"]);
        const close = { connection: "close" };
        if (!Number.isInteger(length))
          throw new DomainError(411, "length_required", "A chunk delivery announces its length (Content-Length).", undefined, close);
        if (length > INBOX_BODY_LIMIT)
          throw new DomainError(
            413,
            "payload_too_large",
            `A chunk delivery is at most ${INBOX_BODY_LIMIT} bytes; this one announces ${length}.`,
            undefined,
            close,
          );
      }
      const answer = await receiveChunk(on(), req.body, req.ip ?? null);
      // A delivery refused before its end was read: close the connection rather than read the rest.
      if (!req.raw.complete) reply.header("connection", "close");
      return reply.status(answer.status).send(answer.body);
    },
  );

  app.get(
    "/exchange/schemas",
    {
      config: { access: { public: true } },
      schema: { tags: ["exchange"], summary: "The message kinds of envelope version 1, with the address of each JSON Schema" },
    },
    async () => ({ version: 1, kinds: KINDS.map((k) => ({ kind: k, schema: `/api/v1/exchange/schemas/${k}` })) }),
  );

  app.get(
    "/exchange/schemas/:kind",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["exchange"],
        summary: "The JSON Schema of one kind's envelope",
        params: z.object({ kind: z.enum(KINDS as [Kind, ...Kind[]]) }),
      },
    },
    async (req) => jsonSchemaOf(req.params.kind),
  );

  app.post(
    "/cases/:id/exchange/send",
    {
      config: { access: { action: "exchange:send" } },
      schema: {
        tags: ["exchange"],
        summary: "Sends a message of the case to the partner node, with the case change it announces, in one transaction",
        params: z.object({ id: id() }),
        body: sendBody,
      },
    },
    async (req, reply) => {
      const ctx = on();
      const { actor } = authOf(req);
      const b = req.body;
      const row = await ctx.db.selectFrom("case_file").select("direction").where("id", "=", req.params.id).executeTakeFirst();
      const sending = sendingOf(ctx, b, row?.direction ?? "incoming", actor.userId, actor.label);
      const sent = await send(ctx, actor, req.params.id, b.version, clientOf(req), sending as Sending<Kind>);
      return reply.status(201).send(sent);
    },
  );

  app.get(
    "/cases/:id/exchange",
    {
      config: { access: { action: "exchange:read" } },
      schema: {
        tags: ["exchange"],
        summary: "The case's conversation with its partner node: messages, delivery state, receipts",
        params: z.object({ id: id() }),
      },
    },
    async (req) => caseThread(on(), authOf(req).actor, req.params.id, clientOf(req)),
  );

  app.get(
    "/exchange/inbox-cases",
    {
      config: { access: { action: "exchange:read" } },
      schema: { tags: ["exchange"], summary: "Requests received through the exchange awaiting registration, urgent first" },
    },
    async (req) => ({ items: await inboxCases(on(), authOf(req).actor) }),
  );

  app.get(
    "/exchange/quarantine",
    {
      config: { access: { action: "exchange:quarantine" } },
      schema: { tags: ["exchange"], summary: "Messages refused by the inbox, newest first" },
    },
    async (req) => ({ items: await listQuarantine(on(), authOf(req).actor) }),
  );

  app.get(
    "/exchange/quarantine/:id",
    {
      config: { access: { action: "exchange:quarantine" } },
      schema: { tags: ["exchange"], summary: "One refused message, with what was received", params: z.object({ id: id() }) },
    },
    async (req) => {
      const q = await readQuarantine(on(), authOf(req).actor, req.params.id);
      if (!q) throw new DomainError(404, "not_found", "No such quarantined message.", "id");
      return q;
    },
  );
};

/** The command for the kind sent. */
function sendingOf(ctx: ExchangeContext, b: SendBody, direction: "incoming" | "outgoing", userId: string, label: string): Sending<Kind> {
  switch (b.kind) {
    case "request":
      return sendRequest(ctx, b) as Sending<Kind>;
    case "acknowledgement":
      return sendAcknowledgement(ctx, b) as Sending<Kind>;
    case "query":
      return sendQuery({
        purpose: b.purpose,
        text: b.text,
        conditionsOffered: b.conditionsOffered ?? null,
        answerBy: b.answerBy ?? null,
      }) as Sending<Kind>;
    case "reply":
      return sendReply(b) as Sending<Kind>;
    case "decision":
      return sendDecision(b) as Sending<Kind>;
    case "execution_report":
      return sendExecutionReport(b) as Sending<Kind>;
    case "evidence":
      return sendEvidence(ctx, b, userId, label) as Sending<Kind>;
    case "notice":
      return sendNotice({ topic: b.topic, text: b.text, dates: b.dates ?? [] }, direction) as Sending<Kind>;
    case "withdrawal":
      return sendWithdrawal(b) as Sending<Kind>;
    case "closing":
      return sendClosing(b) as Sending<Kind>;
  }
}
