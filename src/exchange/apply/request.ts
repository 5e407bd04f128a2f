/**
 * A received `request` becomes an incoming case in state `received`, for an officer to register:
 * nothing is accepted automatically. Its legal basis is computed here, from our law, on the request's
 * date; the basis the requesting state relied on is kept when it is one of ours.
 */
import { recordEvent } from "../../audit/trail.js";
import { type ComputedBasis, computeBasis, storeBasisAnswers } from "../../cases/basis.js";
import { refreshDeadlines } from "../../cases/deadlines.js";
import { DomainError } from "../../errors.js";
import { correspond, storeDocument } from "../casefile.js";
import { GENESIS } from "../envelope.js";
import type { Applier } from "./types.js";

const PERSON_ROLES = new Set(["suspect", "accused", "witness", "expert", "victim", "person_in_custody", "other"]);

/** The basis on our law: the one relied on when it applies, else the first by precedence, else none. */
function basisFor(a: Parameters<Applier<"request">>[0]): ComputedBasis | null {
  const e = a.envelope;
  const input = {
    requesting: e.case.requesting.jurisdiction,
    requested: e.case.requested.jurisdiction,
    requestDate: e.body.requestDate,
    measures: e.body.measures.map((m) => m.measure),
  };
  for (const basisInstrument of [e.body.basis?.instrument, undefined])
    try {
      return computeBasis(a.ctx, { ...input, basisInstrument });
    } catch {
      // The relied-on basis is not one our law knows between the two on that date; try the engine's own.
    }
  return null;
}

export const applyRequest: Applier<"request"> = async (a) => {
  const { trx, ctx, envelope: e, author } = a;
  if (a.link) throw new DomainError(422, "sequence", "A request for this case was already received.");
  if (e.seq !== 1 || e.prev !== GENESIS) throw new DomainError(422, "sequence", "A request opens its case: seq 1 and prev 0…0.");
  const now = ctx.clock.now();
  const basis = basisFor(a);
  const prefix = `IN-${now.getUTCFullYear()}-`;
  const counter = await trx
    .insertInto("case_reference_counter")
    .values({ prefix, last: 1 })
    .onConflict((oc) => oc.column("prefix").doUpdateSet((eb) => ({ last: eb("case_reference_counter.last", "+", 1) })))
    .returning("last")
    .executeTakeFirstOrThrow();
  const reference = `${prefix}${String(counter.last).padStart(5, "0")}`;
  if (basis) await storeBasisAnswers(trx, [basis]);
  const row = await trx
    .insertInto("case_file")
    .values({
      reference,
      direction: "incoming",
      title: e.body.title,
      requesting: e.case.requesting.jurisdiction,
      requested: e.case.requested.jurisdiction,
      confidentiality: e.body.confidentiality,
      created_by: author.userId,
      created_at: now,
      updated_at: now,
      state: "received",
      request_date: e.body.requestDate,
      basis_digest: basis?.digest ?? null,
      basis_instrument: basis?.instrument ?? null,
      our_reference: null,
      their_reference: e.case.requesting.reference,
      authority: e.body.requestingAuthority,
      urgency: e.urgent ? "urgent" : "normal",
      received_on: now.toISOString().slice(0, 10),
      // Nobody yet: the officer who registers it takes it.
      officer_id: null,
      written_confirmation_due: null,
      respond_by: e.body.respondBy,
      idempotency_key: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const refs: Record<string, string> = {};
  for (const m of e.body.measures) {
    const mr = await trx
      .insertInto("case_measure")
      .values({ case_id: row.id, measure: m.measure, description: m.description, assigned_organisation_id: null, created_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    refs[mr.id] = m.ref;
  }
  if (e.body.offences.length > 0)
    await trx
      .insertInto("case_offence")
      .values(
        e.body.offences.map((o) => ({
          case_id: row.id,
          description: o.description,
          legal_provision: o.legalProvision,
          penalty: o.penalty,
          iccs: o.iccs,
          created_at: now,
        })),
      )
      .execute();
  if (e.body.persons.length > 0)
    await trx
      .insertInto("case_person")
      .values(
        e.body.persons.map((p) => ({ case_id: row.id, role: PERSON_ROLES.has(p.role) ? p.role : "other", name: p.name, created_at: now })),
      )
      .execute();
  // Strictly confidential cases are seen only by those listed: the supervisors of the central
  // authority are, so that one of them can open it to the officer who registers it.
  const listed = [author.userId];
  if (e.body.confidentiality === "strictly_confidential") {
    const supervisors = await trx
      .selectFrom("app_user")
      .select("id")
      .where("organisation_id", "=", ctx.node.organisationId)
      .where("role", "=", "supervisor")
      .where("disabled_at", "is", null)
      .execute();
    listed.push(...supervisors.map((s) => s.id));
  }
  await trx
    .insertInto("case_access")
    .values(listed.map((user_id) => ({ case_id: row.id, user_id, granted_by: author.userId, granted_at: now })))
    .execute();
  await trx
    .insertInto("exchange_link")
    .values({
      case_id: row.id,
      partner_id: a.partner.id,
      requesting_jurisdiction: e.case.requesting.jurisdiction,
      requesting_reference: e.case.requesting.reference,
      requested_jurisdiction: e.case.requested.jurisdiction,
      requested_reference: reference,
      next_seq: 1,
      expected_seq: 1,
      head: GENESIS,
      measure_refs: JSON.stringify(refs),
      created_at: now,
    })
    .execute();
  await recordEvent(trx, ctx.clock, {
    actorId: author.userId,
    actorLabel: author.label,
    action: "case.create",
    objectType: "case",
    objectId: row.id,
    summary: {
      after: {
        reference,
        direction: "incoming",
        confidentiality: e.body.confidentiality,
        basis: basis?.instrument ?? null,
        measures: e.body.measures.map((m) => m.measure),
        through: "exchange",
        messageId: e.id,
      },
    },
    ip: null,
  });
  for (const d of e.body.documents) await storeDocument(trx, ctx, row.id, "request", d, author);
  await correspond(
    trx,
    ctx,
    row.id,
    "in",
    `Request ${e.case.requesting.reference} received through the exchange from ${a.partner.authority}${e.urgent ? " (urgent)" : ""}${e.body.confirmsOralRequestOf ? `, confirming the request made orally on ${e.body.confirmsOralRequestOf}` : ""}.${e.body.facts ? `\n${e.body.facts}` : ""}`,
    author,
  );
  await refreshDeadlines(trx, row.id);
  return row.id;
};
