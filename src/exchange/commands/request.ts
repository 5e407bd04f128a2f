/**
 * Sends the outgoing request to the requested state's node: the case moves to "sent" and the
 * request (parties, references, basis and its citations, measures with our ids, offences, persons,
 * urgency, confidentiality, the request documents) is queued in the same transaction.
 */
import { basisOf } from "../../cases/access.js";
import { GENESIS } from "../envelope.js";
import { inlineOf } from "../casefile.js";
import type { ExchangeContext } from "../context.js";
import type { RequestBody } from "../messages/index.js";
import { type Sending, notNow } from "./sender.js";

export interface SendRequestInput {
  /** The facts as the request states them (summary for the receiving officer). */
  facts?: string | null;
  /** An urgent request first made orally: the day it was made, which this message confirms. */
  confirmsOralRequestOf?: string | null;
}

export function sendRequest(ctx: ExchangeContext, input: SendRequestInput): Sending<"request"> {
  return {
    kind: "request",
    transition: { action: "send", note: "Sent through the exchange." },
    summary: "Request sent through the exchange.",
    check(row) {
      if (row.direction !== "outgoing") throw notNow("Only an outgoing request is sent; an incoming one is acknowledged.");
      if (row.requesting !== ctx.node.jurisdiction)
        throw notNow(`This node is the central authority of ${ctx.node.jurisdiction}; the case's requesting state is ${row.requesting}.`);
    },
    async build(trx, row) {
      const partner = await ctx.partners.byJurisdiction(row.requested, trx);
      if (!partner)
        throw notNow(`No partner node of ${row.requested} is trusted: add it on the Partners page first, or send a signed package.`);
      const exists = await trx.selectFrom("exchange_link").select("case_id").where("case_id", "=", row.id).executeTakeFirst();
      if (exists) throw notNow("This request was already sent through the exchange.");
      await trx
        .insertInto("exchange_link")
        .values({
          case_id: row.id,
          partner_id: partner.id,
          requesting_jurisdiction: row.requesting,
          requesting_reference: row.reference,
          requested_jurisdiction: row.requested,
          requested_reference: row.their_reference,
          head: GENESIS,
          measure_refs: "{}",
          created_at: ctx.clock.now(),
        })
        .execute();
      const [measures, offences, persons, documents] = await Promise.all([
        trx
          .selectFrom("case_measure")
          .select(["id", "measure", "description"])
          .where("case_id", "=", row.id)
          .orderBy("created_at")
          .orderBy("id")
          .execute(),
        trx
          .selectFrom("case_offence")
          .select(["description", "legal_provision", "penalty", "iccs"])
          .where("case_id", "=", row.id)
          .orderBy("created_at")
          .execute(),
        trx.selectFrom("case_person").select(["role", "name"]).where("case_id", "=", row.id).orderBy("created_at").execute(),
        trx
          .selectFrom("case_document")
          .select("id")
          .where("case_id", "=", row.id)
          .where("kind", "in", ["request", "translation"])
          .orderBy("added_at")
          .execute(),
      ]);
      const basis = basisOf(row);
      const citations = new Map<string, string>();
      for (const r of basis?.requirements ?? [])
        for (const c of r.citations) if (c.instrument === row.basis_instrument) citations.set(c.provision, c.cite);
      const body: RequestBody = {
        title: row.title,
        requestDate: row.request_date ?? ctx.clock.now().toISOString().slice(0, 10),
        requestingAuthority: row.authority ?? ctx.node.authority,
        basis: row.basis_instrument
          ? { instrument: row.basis_instrument, citations: [...citations].map(([provision, cite]) => ({ provision, cite })) }
          : null,
        measures: measures.map((m) => ({
          ref: m.id,
          measure: m.measure as RequestBody["measures"][number]["measure"],
          description: m.description,
        })),
        offences: offences.map((o) => ({
          description: o.description,
          legalProvision: o.legal_provision,
          penalty: o.penalty,
          iccs: o.iccs,
        })),
        persons: persons.map((p) => ({ role: p.role, name: p.name })),
        facts: input.facts?.trim() || null,
        confidentiality: row.confidentiality,
        respondBy: row.respond_by,
        confirmsOralRequestOf: input.confirmsOralRequestOf ?? null,
        documents: await Promise.all(documents.map((d) => inlineOf(trx, row.id, d.id))),
      };
      if (body.measures.length === 0) throw notNow("A request without measures cannot be sent.");
      return body;
    },
  };
}
