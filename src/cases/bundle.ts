/**
 * One case as a JSON bundle, with its documents, for moving a case between deployments or archiving
 * it. The bundle carries the SHA-256 of each document and a digest over everything; import checks
 * both and refuses a bundle that does not match, changing nothing.
 */
import { createHash } from "node:crypto";
import { type Transaction, sql } from "kysely";
import type { Database } from "../db/schema.js";
import type { ClientInfo } from "../accounts/sessions.js";
import { canonicalJson, recordEvent } from "../audit/trail.js";
import { isSqlError } from "../db/errors.js";
import { DomainError, conflict, invalid, notFound } from "../errors.js";
import { isDateInRange, notAcceptedDate } from "../law/dates.js";
import { jurisdiction } from "../law/jurisdictions.js";
import type { Actor } from "../policies/policy.js";
import { refreshDeadlines } from "./deadlines.js";
import { readBlob } from "./documentContent.js";
import { sha256Hex } from "./evidence.js";
import { type CasesContext, caseFor } from "./access.js";
import { readCase } from "./presenter.js";
import { storeBasisAnswers } from "./basis.js";
import { TRANSFER_STATES } from "./workflow.js";

export const BUNDLE_FORMAT = "rogatory-case/1";

type Row = Record<string, unknown>;

export interface CaseBundle {
  format: typeof BUNDLE_FORMAT;
  exportedAt: string;
  case: Row;
  measures: Row[];
  offences: Row[];
  persons: Row[];
  consultations: Row[];
  decisions: Row[];
  correspondence: Row[];
  transitions: Row[];
  documents: (Row & { contentBase64: string })[];
  evidence: (Row & { custody: Row[]; uses: Row[] })[];
  /** Hearings by video link (issue 15 §3); absent from bundles of cases without one, and from older bundles. */
  hearings?: Row[];
  /** Criminal assets (issue 15 §1) with their holders, steps, sharings (and shares) and transfers; absent when none, and from older bundles. */
  assets?: (Row & { holders: Row[]; steps: Row[]; sharings: (Row & { shares: Row[] })[]; transfers: Row[] })[];
  /**
   * A transfer of a sentenced person's own facts (case_transfer, issue 15 §2: the person, the judgment,
   * consent, the decisions and the handover), without its case id; the case is then of kind 'tsp'.
   * Absent for mutual legal assistance cases, and from older bundles.
   */
  transfer?: Row;
  /** SHA-256 of the canonical JSON of the bundle without this field. */
  digest: string;
}

const plain = (r: Row): Row => {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
};
const digestOf = (b: Omit<CaseBundle, "digest">) => createHash("sha256").update(canonicalJson(b)).digest("hex");

/** A case's criminal assets for its bundle (read from the tables: the cases module does not import src/assets), without other deployments' user ids. */
async function assetsOf(ctx: CasesContext, caseId: string): Promise<NonNullable<CaseBundle["assets"]>> {
  const assets = await ctx.db
    .selectFrom("case_asset")
    .selectAll()
    .where("case_id", "=", caseId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  if (assets.length === 0) return [];
  const ids = assets.map((a) => a.id);
  const [holders, steps, sharings, transfers] = await Promise.all([
    ctx.db.selectFrom("case_asset_holder").selectAll().where("asset_id", "in", ids).execute(),
    ctx.db.selectFrom("case_asset_step").selectAll().where("asset_id", "in", ids).orderBy("seq").execute(),
    ctx.db.selectFrom("case_asset_sharing").selectAll().where("asset_id", "in", ids).orderBy("created_at").execute(),
    ctx.db.selectFrom("case_asset_transfer").selectAll().where("asset_id", "in", ids).orderBy("recorded_at").execute(),
  ]);
  const shares = sharings.length
    ? await ctx.db
        .selectFrom("case_asset_share")
        .selectAll()
        .where(
          "sharing_id",
          "in",
          sharings.map((x) => x.id),
        )
        .orderBy("position")
        .execute()
    : [];
  return assets.map(({ created_by: _c, ...a }) => ({
    ...plain(a),
    holders: holders.filter((h) => h.asset_id === a.id).map(plain),
    steps: steps.filter((x) => x.asset_id === a.id).map(({ actor_id: _a, seq: _s, ...x }) => plain(x)),
    sharings: sharings
      .filter((x) => x.asset_id === a.id)
      .map(({ created_by: _b, ...x }) => ({ ...plain(x), shares: shares.filter((y) => y.sharing_id === x.id).map(plain) })),
    transfers: transfers.filter((x) => x.asset_id === a.id).map(({ recorded_by: _r, ...x }) => plain(x)),
  }));
}

/** Exports a case the actor may read. */
export async function exportCase(ctx: CasesContext, actor: Actor, reference: string, client: ClientInfo): Promise<CaseBundle> {
  const found = await ctx.db.selectFrom("case_file").select("id").where("reference", "=", reference).executeTakeFirst();
  if (!found) throw notFound("reference", `No case ${reference}.`);
  const row = await caseFor(ctx, actor, found.id, "case:read");
  // Each child table has a case_id column; the union of table names defeats Kysely's typing, hence the cast.
  const by = (t: "case_measure" | "case_offence" | "case_person" | "case_consultation" | "case_decision" | "case_correspondence") =>
    ctx.db
      .selectFrom(t as "case_measure")
      .selectAll()
      .where("case_id", "=", row.id)
      .execute() as Promise<unknown> as Promise<Row[]>;
  const docs = await ctx.db.selectFrom("case_document").selectAll().where("case_id", "=", row.id).orderBy("added_at").execute();
  const contents = await documentContents(ctx, docs);
  const evidence = await ctx.db.selectFrom("case_evidence").selectAll().where("case_id", "=", row.id).execute();
  const ids = evidence.map((e) => e.id);
  const custody = ids.length ? await ctx.db.selectFrom("evidence_custody").selectAll().where("evidence_id", "in", ids).execute() : [];
  const uses = ids.length ? await ctx.db.selectFrom("evidence_use").selectAll().where("evidence_id", "in", ids).execute() : [];
  // `kind` is "mla" here: left out, so the bundles and their digests are those of before transfer cases.
  const { idempotency_key: _k, basis_digest: _d, kind: _kind, basis, ...caseRow } = row;
  const hearings = (await ctx.db.selectFrom("case_hearing").selectAll().where("case_id", "=", row.id).orderBy("starts_at").execute()).map(
    ({ created_by: _c, recorded_by: _r, ...h }) => plain(h),
  );
  const assets = await assetsOf(ctx, row.id);
  // A transfer of a sentenced person carries its own facts, the person's name among them: the bundle
  // goes only to those who may read the case, as its persons and documents do.
  const transfer =
    row.kind === "tsp" ? await ctx.db.selectFrom("case_transfer").selectAll().where("case_id", "=", row.id).executeTakeFirst() : undefined;
  const body: Omit<CaseBundle, "digest"> = {
    format: BUNDLE_FORMAT,
    exportedAt: ctx.clock.now().toISOString(),
    case: plain({ ...caseRow, basis: typeof basis === "string" ? JSON.parse(basis) : basis }),
    measures: (await by("case_measure")).map(plain),
    offences: (await by("case_offence")).map(plain),
    persons: (await by("case_person")).map(plain),
    consultations: (await by("case_consultation")).map(plain),
    decisions: (await by("case_decision")).map(plain),
    correspondence: (await by("case_correspondence")).map(plain),
    transitions: (
      (await ctx.db.selectFrom("case_transition").selectAll().where("case_id", "=", row.id).orderBy("version").execute()) as Row[]
    ).map(plain),
    documents: docs.map(({ content: _inline, blob_id: _blob, ...d }, i) => ({
      ...plain(d),
      contentBase64: (contents[i] ?? Buffer.alloc(0)).toString("base64"),
    })),
    evidence: evidence.map((e) => ({
      ...plain(e),
      custody: custody.filter((c) => c.evidence_id === e.id).map(plain),
      uses: uses.filter((u) => u.evidence_id === e.id).map(plain),
    })),
    // Only when there are any, so a case without hearings exports (and digests) as before.
    ...(hearings.length > 0 ? { hearings } : {}),
    // Likewise the criminal assets.
    ...(assets.length > 0 ? { assets } : {}),
    ...(transfer ? { transfer: plain((({ case_id: _id, ...t }) => t)(transfer)) } : {}),
  };
  await ctx.db.transaction().execute((trx) =>
    recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.export_bundle",
      objectType: "case",
      objectId: row.id,
      summary: { reference, documents: docs.length },
      ip: client.ip,
    }),
  );
  return { ...body, digest: digestOf(body) };
}

const bad = (message: string) => new DomainError(422, "bundle_invalid", message, "bundle");

/** The date columns of each part of a bundle: every one is checked against the accepted range before import. */
const BUNDLE_DATES: Record<string, readonly string[]> = {
  case: ["request_date", "received_on", "sent_on", "written_confirmation_due", "respond_by"],
  measures: ["deadline"],
  persons: ["transfer_consent_on", "return_by", "presence_ended_on", "safe_conduct_ends"],
  consultations: ["held_on"],
  correspondence: ["on_date"],
  transfer: [
    "request_date",
    "judgment_date",
    "final_on",
    "sentence_start",
    "served_as_of",
    "consent_on",
    "consent_verified_on",
    "sentencing_decided_on",
    "administering_decided_on",
    "handover_on",
    "closed_on",
  ],
};

/** Throws 400 naming the first date of the bundle outside the accepted range (e.g. `persons[0].return_by`). */
function checkBundleDates(bundle: CaseBundle): void {
  const parts = bundle as unknown as Record<string, unknown>;
  for (const [part, fields] of Object.entries(BUNDLE_DATES)) {
    const many = Array.isArray(parts[part]);
    const rows = many ? (parts[part] as Row[]) : [parts[part] as Row];
    rows.forEach((row, i) => {
      for (const f of fields) {
        const v = row?.[f];
        const where = many ? `${part}[${i}].${f}` : `${part}.${f}`;
        if (v != null && !isDateInRange(v)) throw invalid(where, `${where}: ${notAcceptedDate(v)}`, "invalid_date");
      }
    });
  }
  const ASSET_DATES = ["value_on", "freeze_ordered_on", "freeze_expires_on", "confiscation_ordered_on", "realised_on", "disposed_on"];
  for (const [i, a] of (bundle.assets ?? []).entries()) {
    for (const f of ASSET_DATES)
      if (a?.[f] != null && !isDateInRange(a[f])) throw invalid(`assets[${i}].${f}`, notAcceptedDate(a[f]), "invalid_date");
    for (const [j, x] of (a?.steps ?? []).entries())
      if (!isDateInRange(x?.on_date)) throw invalid(`assets[${i}].steps[${j}].on_date`, notAcceptedDate(x?.on_date), "invalid_date");
    for (const [j, x] of (a?.sharings ?? []).entries())
      if (!isDateInRange(x?.concluded_on))
        throw invalid(`assets[${i}].sharings[${j}].concluded_on`, notAcceptedDate(x?.concluded_on), "invalid_date");
    for (const [j, x] of (a?.transfers ?? []).entries())
      if (!isDateInRange(x?.on_date)) throw invalid(`assets[${i}].transfers[${j}].on_date`, notAcceptedDate(x?.on_date), "invalid_date");
  }
  for (const [i, e] of (bundle.evidence ?? []).entries()) {
    for (const [j, k] of (e.custody ?? []).entries())
      if (k?.on_date != null && !isDateInRange(k.on_date))
        throw invalid(`evidence[${i}].custody[${j}].on_date`, notAcceptedDate(k.on_date), "invalid_date");
    for (const [j, u] of (e.uses ?? []).entries())
      if (u?.consent_on != null && !isDateInRange(u.consent_on))
        throw invalid(`evidence[${i}].uses[${j}].consent_on`, notAcceptedDate(u.consent_on), "invalid_date");
  }
}

/**
 * A transfer case's bundle against the rules of transfer cases (src/transfers): a transfer's state,
 * never normal confidentiality, the person named, and the two states known and different. A bundle
 * of a mutual legal assistance case may not carry a transfer's state. 422 naming the field.
 */
function checkTransferPart(bundle: CaseBundle): void {
  const t = bundle.transfer;
  const isTransferState = (TRANSFER_STATES as readonly string[]).includes(String(bundle.case.state));
  if (!t) {
    if (isTransferState) throw invalid("case.state", "A transfer's state on a case without a transfer's facts.", "bundle_invalid");
    return;
  }
  if (typeof t !== "object" || Array.isArray(t)) throw bad("transfer must be an object of a transfer case's facts.");
  if (!isTransferState) throw invalid("case.state", `"${String(bundle.case.state)}" is not a state of a transfer case.`, "bundle_invalid");
  if (bundle.case.confidentiality === "normal")
    throw invalid("case.confidentiality", "A transfer of a sentenced person is confidential or strictly confidential.", "bundle_invalid");
  if (typeof t.person_name !== "string" || t.person_name.trim() === "")
    throw invalid("transfer.person_name", "must not be empty", "bundle_invalid");
  for (const f of ["sentencing_state", "administering_state"] as const)
    if (!jurisdiction(String(t[f])))
      throw invalid(`transfer.${f}`, `"${String(t[f])}" is not a known state or territory.`, "bundle_invalid");
  if (t.sentencing_state === t.administering_state)
    throw invalid("transfer.administering_state", "The administering state must differ from the sentencing state.", "bundle_invalid");
  const parts = [bundle.measures, bundle.offences, bundle.persons, bundle.consultations, bundle.decisions, bundle.assets ?? []];
  if (parts.some((p) => p.length > 0))
    throw bad("A transfer case carries no measures, offences, persons, consultations, decisions or assets of a request.");
}

/**
 * What one bundle can carry in documents: the import route takes 64 MB of JSON, and base64 makes
 * bytes a third larger. Large evidence (kept in chunks) travels through the exchange instead.
 */
const BUNDLE_DOCUMENTS_MAX = 45 * 1024 * 1024;

/** Every document's bytes, inline or read back from its chunks (each chunk and the whole file checked). */
async function documentContents(
  ctx: CasesContext,
  docs: { filename: string; size: number; sha256: string; content: Uint8Array; blob_id: string | null }[],
): Promise<Buffer[]> {
  const total = docs.reduce((n, d) => n + Number(d.size), 0);
  if (total > BUNDLE_DOCUMENTS_MAX) {
    const largest = docs.reduce((a, b) => (Number(b.size) > Number(a.size) ? b : a));
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    throw conflict(
      "documents",
      `The case's documents come to ${mb(total)} MB, more than the ${mb(BUNDLE_DOCUMENTS_MAX)} MB a case bundle carries (the largest is “${largest.filename}”, ${mb(Number(largest.size))} MB). Send large evidence through the exchange, or download it from the case.`,
      "bundle_too_large",
    );
  }
  const out: Buffer[] = [];
  for (const d of docs) {
    if (!d.blob_id) {
      out.push(Buffer.from(d.content));
      continue;
    }
    const parts: Buffer[] = [];
    for await (const chunk of readBlob(ctx.db, d.blob_id, { size: Number(d.size), sha256: d.sha256 })) parts.push(chunk);
    out.push(Buffer.concat(parts));
  }
  return out;
}

/** 409 for a bundle already imported: the audit trail holds the digest of every bundle imported. */
const alreadyImported = (reference: string) =>
  conflict("bundle", `This bundle was already imported, as case ${reference}; nothing was changed.`, "already_imported");

/**
 * Imports a bundle as a new case owned by the actor (new ids; the reference is kept when free, else a
 * new one is given and the old one kept as our reference). Every check runs before anything is written.
 */
export async function importCase(
  ctx: CasesContext,
  actor: Actor,
  bundle: CaseBundle,
  client: ClientInfo,
): Promise<{ id: string; reference: string }> {
  if (bundle?.format !== BUNDLE_FORMAT) throw bad(`Not a ${BUNDLE_FORMAT} bundle.`);
  const { digest, ...body } = bundle;
  if (digestOf(body) !== digest) throw bad("The bundle's digest does not match its content: it was altered or truncated.");
  for (const d of bundle.documents)
    if (sha256Hex(Buffer.from(d.contentBase64, "base64")) !== d.sha256)
      throw bad(`Document ${String(d.filename)} does not match its SHA-256.`);
  const c = bundle.case;
  if (!["incoming", "outgoing"].includes(String(c.direction))) throw invalid("case.direction", "Unknown direction.");
  checkTransferPart(bundle);
  checkBundleDates(bundle);
  const earlier = await ctx.db
    .selectFrom("audit_event")
    .select(sql<string>`summary->>'reference'`.as("reference"))
    .where("action", "=", "case.import_bundle")
    .where(sql<string>`summary->>'digest'`, "=", digest)
    .executeTakeFirst();
  if (earlier) throw alreadyImported(earlier.reference);
  const now = ctx.clock.now();
  const basisJson = c.basis ? JSON.stringify(c.basis) : null;
  const basis = basisJson ? { json: basisJson, digest: sha256Hex(Buffer.from(basisJson)) } : null;
  // Two imports of one bundle at the same moment both pass the check above; the second then meets the
  // unique reference the first one took, and is answered the same 409.
  return writeImport(ctx, actor, bundle, client, basis, now).catch((err: unknown) => {
    if (isSqlError(err) && err.code === "23505") throw alreadyImported(String(c.reference));
    throw err;
  });
}

function writeImport(
  ctx: CasesContext,
  actor: Actor,
  bundle: CaseBundle,
  client: ClientInfo,
  basis: { json: string; digest: string } | null,
  now: Date,
): Promise<{ id: string; reference: string }> {
  const { digest } = bundle;
  const c = bundle.case;
  return ctx.db.transaction().execute(async (trx) => {
    if (basis) await storeBasisAnswers(trx, [basis]);
    const taken = await trx.selectFrom("case_file").select("id").where("reference", "=", String(c.reference)).executeTakeFirst();
    const reference = taken
      ? `IMP-${now.toISOString().slice(0, 10)}-${createHash("sha256").update(digest).digest("hex").slice(0, 8)}`
      : String(c.reference);
    const created = await trx
      .insertInto("case_file")
      .values({
        reference,
        direction: c.direction as "incoming" | "outgoing",
        title: String(c.title),
        requesting: String(c.requesting),
        requested: String(c.requested),
        confidentiality: c.confidentiality as "normal" | "confidential" | "strictly_confidential",
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        state: String(c.state),
        kind: bundle.transfer ? "tsp" : "mla",
        request_date: (c.request_date as string | null) ?? null,
        basis_instrument: (c.basis_instrument as string | null) ?? null,
        basis_digest: basis?.digest ?? null,
        our_reference: taken ? String(c.reference) : ((c.our_reference as string | null) ?? null),
        their_reference: (c.their_reference as string | null) ?? null,
        authority: (c.authority as string | null) ?? null,
        urgency: (c.urgency as "normal" | "urgent") ?? "normal",
        received_on: (c.received_on as string | null) ?? null,
        sent_on: (c.sent_on as string | null) ?? null,
        officer_id: actor.userId,
        confidentiality_issue: (c.confidentiality_issue as "pending" | "proceed" | null) ?? null,
        written_confirmation_due: (c.written_confirmation_due as string | null) ?? null,
        respond_by: (c.respond_by as string | null) ?? null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = created.id;
    await trx.insertInto("case_access").values({ case_id: id, user_id: actor.userId, granted_by: actor.userId, granted_at: now }).execute();
    const measureIds = new Map<string, string>();
    for (const m of bundle.measures) {
      const r = await trx
        .insertInto("case_measure")
        .values({
          case_id: id,
          measure: String(m.measure),
          description: String(m.description),
          assigned_organisation_id: null,
          created_at: now,
          status: String(m.status),
          deadline: (m.deadline as string | null) ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      measureIds.set(String(m.id), r.id);
    }
    for (const o of bundle.offences)
      await trx
        .insertInto("case_offence")
        .values({
          case_id: id,
          description: String(o.description),
          legal_provision: String(o.legal_provision),
          penalty: (o.penalty as string | null) ?? null,
          iccs: String(o.iccs),
          created_at: now,
        })
        .execute();
    for (const p of bundle.persons)
      await trx
        .insertInto("case_person")
        .values({
          case_id: id,
          role: String(p.role),
          name: String(p.name),
          in_custody: p.in_custody === true,
          transfer_consent_on: (p.transfer_consent_on as string | null) ?? null,
          return_by: (p.return_by as string | null) ?? null,
          presence_ended_on: (p.presence_ended_on as string | null) ?? null,
          safe_conduct_extended: p.safe_conduct_extended === true,
          safe_conduct_ends: (p.safe_conduct_ends as string | null) ?? null,
          created_at: now,
        })
        .execute();
    for (const k of bundle.consultations)
      await trx
        .insertInto("case_consultation")
        .values({
          case_id: id,
          held_on: String(k.held_on),
          channel: String(k.channel),
          outcome: String(k.outcome),
          conditions_considered: String(k.conditions_considered),
          recorded_by: actor.userId,
          recorded_at: now,
        })
        .execute();
    for (const d of bundle.decisions)
      await trx
        .insertInto("case_decision")
        .values({
          case_id: id,
          kind: d.kind as "refusal",
          grounds: JSON.stringify(d.grounds),
          reasons: String(d.reasons),
          notice: String(d.notice),
          decided_by: actor.userId,
          decided_at: String(d.decided_at),
        })
        .execute();
    for (const l of bundle.correspondence)
      await trx
        .insertInto("case_correspondence")
        .values({
          case_id: id,
          direction: l.direction as "in" | "out",
          channel: String(l.channel),
          on_date: String(l.on_date),
          summary: String(l.summary),
          recorded_by: actor.userId,
          recorded_at: now,
        })
        .execute();
    for (const tr of bundle.transitions)
      await trx
        .insertInto("case_transition")
        .values({
          case_id: id,
          action: String(tr.action),
          from_state: String(tr.from_state),
          to_state: String(tr.to_state),
          version: Number(tr.version),
          actor_id: actor.userId,
          at: String(tr.at),
          note: `imported; decided by another deployment's user${tr.note ? `: ${String(tr.note)}` : ""}`,
        })
        .execute();
    const docIds = new Map<string, string>();
    for (const d of bundle.documents) {
      const content = Buffer.from(d.contentBase64, "base64");
      const r = await trx
        .insertInto("case_document")
        .values({
          case_id: id,
          kind: String(d.kind),
          filename: String(d.filename),
          content_type: String(d.content_type),
          size: content.length,
          sha256: String(d.sha256),
          content,
          added_by: actor.userId,
          added_at: String(d.added_at),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      docIds.set(String(d.id), r.id);
    }
    for (const e of bundle.evidence) {
      const r = await trx
        .insertInto("case_evidence")
        .values({
          case_id: id,
          description: String(e.description),
          document_id: e.document_id ? (docIds.get(String(e.document_id)) ?? null) : null,
          sha256: (e.sha256 as string | null) ?? null,
          permitted_purposes: e.permitted_purposes as string[],
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const k of e.custody)
        await trx
          .insertInto("evidence_custody")
          .values({
            evidence_id: r.id,
            action: String(k.action),
            holder: String(k.holder),
            on_date: String(k.on_date),
            sha256: (k.sha256 as string | null) ?? null,
            recorded_by: actor.userId,
            recorded_at: now,
          })
          .execute();
      for (const u of e.uses)
        await trx
          .insertInto("evidence_use")
          .values({
            evidence_id: r.id,
            purpose: String(u.purpose),
            consent_on: (u.consent_on as string | null) ?? null,
            consent_by: (u.consent_by as string | null) ?? null,
            recorded_by: actor.userId,
            recorded_at: now,
          })
          .execute();
    }
    for (const [i, h] of (bundle.hearings ?? []).entries()) {
      const measure = measureIds.get(String(h.measure_id));
      if (!measure) throw bad(`hearings[${i}] refers to a measure the bundle does not carry.`);
      const json = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? null));
      await trx
        .insertInto("case_hearing")
        .values({
          case_id: id,
          measure_id: measure,
          starts_at: String(h.starts_at),
          ends_at: String(h.ends_at),
          requesting_zone: String(h.requesting_zone),
          requested_zone: String(h.requested_zone),
          presiding_authority: String(h.presiding_authority),
          interpreters: json(h.interpreters),
          participants: json(h.participants),
          technical_contact: json(h.technical_contact),
          perjury_warning: String(h.perjury_warning ?? ""),
          status: String(h.status),
          sequence: Number(h.sequence ?? 0),
          outcome_note: (h.outcome_note as string | null) ?? null,
          recorded_at: (h.recorded_at as string | null) ?? null,
          recorded_by: h.recorded_at ? actor.userId : null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await importAssets(trx, bundle, id, actor, now);
    if (bundle.transfer) await importTransferFacts(trx, bundle.transfer, id);
    await refreshDeadlines(trx, id);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.import_bundle",
      objectType: "case",
      objectId: id,
      summary: { reference, originalReference: String(c.reference), digest, documents: bundle.documents.length },
      ip: client.ip,
    });
    return { id, reference };
  });
}

/**
 * Recreates a bundle's criminal assets on the imported case. The tables' checks (kinds, statuses,
 * amounts as decimal strings, currencies) are the rules: a row that breaks one refuses the whole bundle
 * (422 naming the asset), nothing written.
 */
async function importAssets(trx: Transaction<Database>, bundle: CaseBundle, caseId: string, actor: Actor, now: Date): Promise<void> {
  const json = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? null));
  const str = (v: unknown) => (v == null ? null : String(v));
  for (const [i, a] of (bundle.assets ?? []).entries()) {
    try {
      const r = await trx
        .insertInto("case_asset")
        .values({
          case_id: caseId,
          kind: String(a.kind),
          description: String(a.description),
          location: String(a.location),
          identifiers: json(a.identifiers ?? {}),
          value_amount: str(a.value_amount),
          value_currency: str(a.value_currency),
          value_on: str(a.value_on),
          value_source: str(a.value_source),
          third_party_claims: json(a.third_party_claims ?? []),
          embezzled_public_funds: a.embezzled_public_funds === true,
          status: String(a.status),
          freeze_order: str(a.freeze_order),
          freeze_ordered_on: str(a.freeze_ordered_on),
          freeze_expires_on: str(a.freeze_expires_on),
          confiscation_order: str(a.confiscation_order),
          confiscation_ordered_on: str(a.confiscation_ordered_on),
          confiscation_final: typeof a.confiscation_final === "boolean" ? a.confiscation_final : null,
          proceeds_amount: str(a.proceeds_amount),
          proceeds_currency: str(a.proceeds_currency),
          realised_on: str(a.realised_on),
          disposal: str(a.disposal),
          disposed_on: str(a.disposed_on),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const h of a.holders ?? [])
        await trx
          .insertInto("case_asset_holder")
          .values({ asset_id: r.id, name: String(h.name), role: String(h.role) })
          .execute();
      for (const x of a.steps ?? [])
        await trx
          .insertInto("case_asset_step")
          .values({
            asset_id: r.id,
            case_id: caseId,
            step: String(x.step),
            from_status: str(x.from_status),
            to_status: String(x.to_status),
            on_date: String(x.on_date),
            order_ref: str(x.order_ref),
            provisions: json(x.provisions ?? []),
            note: str(x.note),
            actor_id: actor.userId,
            at: String(x.at),
          })
          .execute();
      const shareIds = new Map<string, string>();
      for (const x of a.sharings ?? []) {
        const sh = await trx
          .insertInto("case_asset_sharing")
          .values({
            asset_id: r.id,
            case_id: caseId,
            basis: String(x.basis),
            instrument_id: str(x.instrument_id),
            reference: String(x.reference),
            concluded_on: String(x.concluded_on),
            currency: String(x.currency),
            gross: String(x.gross),
            costs: String(x.costs),
            net: String(x.net),
            conversion: x.conversion == null ? null : json(x.conversion),
            provisions: json(x.provisions ?? []),
            created_by: actor.userId,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const y of x.shares ?? []) {
          const one = await trx
            .insertInto("case_asset_share")
            .values({
              sharing_id: sh.id,
              position: Number(y.position),
              party: String(y.party),
              percent: String(y.percent),
              amount: String(y.amount),
              converted: str(y.converted),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          shareIds.set(String(y.id), one.id);
        }
      }
      for (const x of a.transfers ?? [])
        await trx
          .insertInto("case_asset_transfer")
          .values({
            asset_id: r.id,
            case_id: caseId,
            share_id: x.share_id ? (shareIds.get(String(x.share_id)) ?? null) : null,
            recipient: String(x.recipient),
            amount: String(x.amount),
            currency: String(x.currency),
            reference: String(x.reference),
            on_date: String(x.on_date),
            recorded_by: actor.userId,
            recorded_at: now,
          })
          .execute();
    } catch (err) {
      // 22xxx: a value of the wrong type; 23xxx: a check the row breaks. The statement's values stay out of the answer.
      if (isSqlError(err) && /^2[23]/.test(err.code) && err.code !== "23505")
        throw bad(`assets[${i}] breaks the rule of ${err.constraint ?? err.column ?? "its table"} and cannot be imported.`);
      throw err;
    }
  }
}

/**
 * Writes a transfer case's own facts. The table's checks (who asked, the sentence's parts, consent,
 * the decisions, enforcement) are the rules: a value that breaks one refuses the bundle (422 naming
 * the rule), nothing written.
 */
async function importTransferFacts(trx: Transaction<Database>, t: Row, caseId: string): Promise<void> {
  const str = (v: unknown) => (v == null ? null : String(v));
  const int = (v: unknown) => (v == null ? null : Number(v));
  const bool = (v: unknown) => (v == null ? null : v === true);
  try {
    await trx
      .insertInto("case_transfer")
      .values({
        case_id: caseId,
        sentencing_state: String(t.sentencing_state),
        administering_state: String(t.administering_state),
        requested_by: String(t.requested_by) as "sentencing",
        request_date: String(t.request_date),
        person_name: String(t.person_name).trim(),
        nationality: str(t.nationality),
        national_of_administering: bool(t.national_of_administering),
        court: str(t.court),
        judgment_date: str(t.judgment_date),
        final_on: str(t.final_on),
        offence: str(t.offence),
        iccs: str(t.iccs),
        sentence_years: int(t.sentence_years),
        sentence_months: int(t.sentence_months),
        sentence_days: int(t.sentence_days),
        indeterminate: t.indeterminate === true,
        sentence_start: str(t.sentence_start),
        served_days: int(t.served_days),
        served_as_of: str(t.served_as_of),
        remission_days: int(t.remission_days) ?? 0,
        dual_criminality: bool(t.dual_criminality),
        shorter_time_agreed: t.shorter_time_agreed === true,
        consent: str(t.consent) as "given" | null,
        consent_on: str(t.consent_on),
        consent_verified_on: str(t.consent_verified_on),
        consent_dispensed: str(t.consent_dispensed) as "fled" | null,
        sentencing_decision: str(t.sentencing_decision) as "agreed" | null,
        sentencing_decided_on: str(t.sentencing_decided_on),
        administering_decision: str(t.administering_decision) as "agreed" | null,
        administering_decided_on: str(t.administering_decided_on),
        enforcement: str(t.enforcement) as "continued" | null,
        handover_on: str(t.handover_on),
        handover_place: str(t.handover_place),
        handover_escort: str(t.handover_escort),
        closed_on: str(t.closed_on),
      })
      .execute();
  } catch (err) {
    if (isSqlError(err) && /^2[23]/.test(err.code) && err.code !== "23505")
      throw bad(`transfer breaks the rule of ${err.constraint ?? err.column ?? "its table"} and cannot be imported.`);
    throw err;
  }
}

/** Re-reads an imported case (for the CLI's confirmation). */
export const readImported = readCase;
