/**
 * Drafts of outgoing requests: saved as the user types, resumed, duplicated as templates, checked
 * against the law they rely on, rendered to Word and PDF, and — on approval, when nothing required is
 * missing — turned into an outgoing case that carries the generated documents (every version kept).
 * A draft is its author's: nobody else reads it until it becomes a case under the case rules.
 */
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { ZodError } from "zod";
import type { ClientInfo } from "../accounts/sessions.js";
import { recordEvent } from "../audit/trail.js";
import { bump } from "../cases/casework.js";
import { type CasesContext, caseFor } from "../cases/access.js";
import { createCase } from "../cases/commands/open-case.js";
import type { Database } from "../db/schema.js";
import { DomainError, conflict, invalid, notFound, worded } from "../errors.js";
import type { KnowledgeFiles } from "../law/knowledge.js";
import type { Actor } from "../policies/policy.js";
import { type CheckResult, checkDraft } from "./checker.js";
import { buildRequestDocument } from "./document.js";
import { addresseeFor } from "../directory/addressee.js";
import { type DocumentLanguage, type DraftAddressee, type DraftContent, draftContentSchema, emptyDraft } from "./draft.js";
import { type DraftLaw, lawForDraft } from "./law.js";

export interface DraftsContext extends CasesContext {
  files: KnowledgeFiles;
}

export interface DraftView {
  id: string;
  title: string;
  version: number;
  content: DraftContent;
  caseId: string | null;
  caseReference: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DraftSummary {
  id: string;
  title: string;
  requesting: string;
  requested: string;
  caseReference: string | null;
  updatedAt: string;
  /** Sent back to delete it (409 when it was saved elsewhere since). */
  version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses draft content, naming the first field at fault. */
export function parseContent(raw: unknown, field = "content"): DraftContent {
  const parsed = draftContentSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = (parsed.error as ZodError).issues[0];
    const path = issue?.path.join(".") ?? "";
    throw invalid(path ? `${field}.${path}` : field, issue?.message ?? "Invalid draft content.");
  }
  return parsed.data;
}

/**
 * The content with its addressee: the one kept from an earlier save while the requested state and the
 * basis the request is made under stay the same (so the documents stay reproducible), else the
 * directory's answer today. What the client sent as addressee is not used: the server reads the directory.
 */
async function withAddressee(ctx: DraftsContext, content: DraftContent, kept: DraftAddressee | null): Promise<DraftContent> {
  const law = lawForDraft(ctx.kb, ctx.files, content);
  const main = law.answer ? law.relied.find((r) => r.main)?.instrument : undefined;
  // While the law cannot be determined (a measure unticked for a moment), the kept one stays: ticking it again
  // must not re-read the directory and change a document already generated.
  if (!main) return { ...content, addressee: kept };
  if (kept && kept.jurisdiction === content.requested && kept.instrument === main) return { ...content, addressee: kept };
  const today = ctx.clock.now().toISOString().slice(0, 10);
  return { ...content, addressee: await addresseeFor(ctx.db, ctx.kb, content.requested, main, today) };
}

const checkTitle = (title: string) => {
  const t = title.trim();
  if (t.length < 3 || t.length > 300) throw invalid("title", "The title must have 3 to 300 characters.");
  return t;
};

async function ownDraft(ctx: DraftsContext, actor: Actor, id: string) {
  const row = UUID.test(id)
    ? await ctx.db
        .selectFrom("draft")
        .leftJoin("case_file", "case_file.id", "draft.case_id")
        .selectAll("draft")
        .select("case_file.reference as case_reference")
        .where("draft.id", "=", id)
        .executeTakeFirst()
    : undefined;
  // Someone else's draft is as absent as one that does not exist.
  if (!row || row.owner_id !== actor.userId) throw notFound("id", "No such draft.");
  return row;
}

function view(row: Awaited<ReturnType<typeof ownDraft>>): DraftView {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    content: parseContent(typeof row.content === "string" ? JSON.parse(row.content) : row.content),
    caseId: row.case_id,
    caseReference: row.case_reference ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Starts a draft (empty, or from given content). */
export async function createDraft(
  ctx: DraftsContext,
  actor: Actor,
  input: { title: string; content?: unknown },
  client: ClientInfo,
): Promise<DraftView> {
  const title = checkTitle(input.title);
  const content = await withAddressee(ctx, input.content === undefined ? emptyDraft() : parseContent(input.content), null);
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("draft")
      .values({ owner_id: actor.userId, title, content: JSON.stringify(content), created_at: now, updated_at: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "draft.create",
      objectType: "draft",
      objectId: row.id,
      summary: { after: { requesting: content.requesting, requested: content.requested } },
      ip: client.ip,
    });
    return row.id;
  });
  return readDraft(ctx, actor, id);
}

/** The actor's drafts, newest first. */
export async function listDrafts(ctx: DraftsContext, actor: Actor): Promise<DraftSummary[]> {
  const rows = await ctx.db
    .selectFrom("draft")
    .leftJoin("case_file", "case_file.id", "draft.case_id")
    .select(["draft.id", "draft.title", "draft.content", "draft.updated_at", "draft.version", "case_file.reference"])
    .where("draft.owner_id", "=", actor.userId)
    .orderBy("draft.updated_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => {
    const c = (typeof r.content === "string" ? JSON.parse(r.content) : r.content) as Partial<DraftContent>;
    return {
      id: r.id,
      title: r.title,
      requesting: c.requesting ?? "",
      requested: c.requested ?? "",
      caseReference: r.reference ?? null,
      updatedAt: new Date(r.updated_at).toISOString(),
      version: r.version,
    };
  });
}

export async function readDraft(ctx: DraftsContext, actor: Actor, id: string): Promise<DraftView> {
  return view(await ownDraft(ctx, actor, id));
}

/** 409 `version_conflict`: the draft was saved elsewhere (another tab) since the caller read it. */
function staleDraft(current: number, yours: number): DomainError {
  const now = current >= 0 ? `version ${current}, ` : "";
  const err = conflict("version", `The draft was saved elsewhere (${now}yours ${yours}); reload it first.`, "version_conflict");
  return current >= 0 ? worded(err, "draftChanged", { now: current, yours }) : worded(err, "draftChangedYours", { yours });
}

/**
 * Saves the draft (autosave). The version the client edited must be the current one: two tabs saving
 * over each other get a conflict instead of silently losing one side's work.
 */
export async function saveDraft(
  ctx: DraftsContext,
  actor: Actor,
  id: string,
  input: { version: number; title?: string; content: unknown },
): Promise<DraftView> {
  const row = await ownDraft(ctx, actor, id);
  const content = await withAddressee(ctx, parseContent(input.content), view(row).content.addressee);
  const title = input.title === undefined ? row.title : checkTitle(input.title);
  const updated = await ctx.db
    .updateTable("draft")
    .set({ content: JSON.stringify(content), title, version: row.version + 1, updated_at: ctx.clock.now() })
    .where("id", "=", id)
    .where("version", "=", input.version)
    .returning("id")
    .executeTakeFirst();
  if (!updated)
    throw worded(
      conflict(
        "version",
        `The draft was saved elsewhere (version ${row.version}, yours ${input.version}); reload it before saving.`,
        "version_conflict",
      ),
      "draftChangedBeforeSaving",
      { now: row.version, yours: input.version },
    );
  return readDraft(ctx, actor, id);
}

/** Copies a draft as a template for a new request: same content, no case, no reference. */
export async function duplicateDraft(ctx: DraftsContext, actor: Actor, id: string, client: ClientInfo): Promise<DraftView> {
  const source = view(await ownDraft(ctx, actor, id));
  return createDraft(
    ctx,
    actor,
    { title: `Copy of ${source.title}`.slice(0, 300), content: { ...source.content, ourReference: "" } },
    client,
  );
}

/** Deletes a draft that has not become a case. */
export async function deleteDraft(ctx: DraftsContext, actor: Actor, id: string, version: number, client: ClientInfo): Promise<void> {
  const row = await ownDraft(ctx, actor, id);
  if (row.case_id) throw conflict("id", "This draft became a case; it is kept with the case.", "draft_approved");
  if (row.version !== version) throw staleDraft(row.version, version);
  await ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom("draft")
      .where("id", "=", id)
      .where("version", "=", version)
      .where("case_id", "is", null)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw staleDraft(-1, version);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "draft.delete",
      objectType: "draft",
      objectId: id,
      summary: {},
      ip: client.ip,
    });
  });
}

/** The law and the checklist of a draft's content (the same code the browser runs). */
export function checkContent(ctx: DraftsContext, content: DraftContent): { law: DraftLaw | null; check: CheckResult } {
  const law = lawForDraft(ctx.kb, ctx.files, content);
  return { law: law.answer ? (law as DraftLaw) : null, check: checkDraft(content, law) };
}

export type DocumentFormat = "docx" | "pdf";
const CONTENT_TYPES: Record<DocumentFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
};

/** Renders draft content to a document. The law must be determinable (states, date, measures). */
export async function renderContent(
  ctx: Pick<DraftsContext, "kb" | "files">,
  content: DraftContent,
  opts: { format: DocumentFormat; lang?: DocumentLanguage; second?: DocumentLanguage | null; reference?: string },
): Promise<{ bytes: Buffer; filename: string; contentType: string }> {
  const law = lawForDraft(ctx.kb, ctx.files, content);
  if (!law.answer) {
    const p = law.problems[0];
    throw invalid(p ? `content.${p.field}` : "content", p?.message ?? "The legal basis cannot be determined yet.");
  }
  const lang = opts.lang ?? content.language;
  const doc = buildRequestDocument(content, law as DraftLaw, lang, opts.second ?? undefined);
  // The Word and PDF writers (docx, pdfkit, fontkit) load with the first document, not at every start.
  const bytes =
    opts.format === "docx" ? await (await import("./docx.js")).renderDocx(doc) : await (await import("./pdf.js")).renderPdf(doc);
  const ref = (opts.reference || content.ourReference || "draft").replace(/[^\w.-]+/g, "_");
  return {
    bytes,
    filename: `request-${ref}-${lang}${opts.second ? `-${opts.second}` : ""}.${opts.format}`,
    contentType: CONTENT_TYPES[opts.format],
  };
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The Word and the PDF file of a draft, as stored on its case under one version's reference. */
async function renderBoth(ctx: DraftsContext, content: DraftContent, reference: string) {
  return [
    await renderContent(ctx, content, { format: "docx", reference }),
    await renderContent(ctx, content, { format: "pdf", reference }),
  ];
}

async function storeDocuments(
  trx: Transaction<Database>,
  ctx: DraftsContext,
  actor: Actor,
  caseId: string,
  files: { bytes: Buffer; filename: string; contentType: string }[],
) {
  for (const f of files)
    await trx
      .insertInto("case_document")
      .values({
        case_id: caseId,
        kind: "request",
        filename: f.filename,
        content_type: f.contentType,
        size: f.bytes.length,
        sha256: sha256(f.bytes),
        content: f.bytes,
        added_by: actor.userId,
        added_at: ctx.clock.now(),
      })
      .execute();
}

/**
 * Approves a draft: the server runs the same check as the browser; anything required and missing is
 * refused (422, naming the provision). Otherwise one transaction opens the outgoing case with the
 * draft's basis, measures, offences and persons, stores the Word and PDF documents on it and links
 * the draft.
 */
export async function approveDraft(
  ctx: DraftsContext,
  actor: Actor,
  id: string,
  version: number,
  client: ClientInfo,
): Promise<{ caseId: string; reference: string }> {
  const draft = view(await ownDraft(ctx, actor, id));
  if (draft.caseId)
    throw worded(conflict("id", `This draft already became case ${draft.caseReference}.`, "draft_approved"), "draftBecameCase", {
      reference: String(draft.caseReference),
    });
  // What is approved is the content the author last saw: a save from another tab since then is not approved unseen.
  if (draft.version !== version) throw staleDraft(draft.version, version);
  const c = draft.content;
  const { law, check } = checkContent(ctx, c);
  const first = check.blocking[0];
  if (!law || first) {
    const cites = first?.citations.map((x) => x.cite).join("; ");
    throw new DomainError(
      422,
      "draft_incomplete",
      `${check.blocking.length} required item(s) missing. First: ${first?.label ?? "the legal basis"}${cites ? ` — required by ${cites}` : ""}.`,
      first?.field ?? "content",
    );
  }
  const main = law.relied.find((r) => r.main);
  // Rendered before the transaction: rendering is pure and can take a while.
  const rendered = await renderBoth(ctx, c, `${c.ourReference || "request"}-v1`);
  const created = await createCase(
    ctx,
    actor,
    {
      direction: "outgoing",
      title: draft.title,
      requesting: c.requesting,
      requested: c.requested,
      confidentiality: c.confidentiality,
      requestDate: c.requestDate,
      measures: c.measures.map((m) => ({ measure: m.measure, description: m.description.trim() || m.measure.replaceAll("_", " ") })),
      basisInstrument: main?.instrument,
      ourReference: c.ourReference || null,
      theirReference: c.theirReference || null,
      authority: c.authority.conductedBy || null,
      urgency: c.urgency.urgent ? "urgent" : "normal",
      respondBy: c.urgency.urgent && c.urgency.respondBy ? c.urgency.respondBy : null,
    },
    client,
    async (trx, caseId, reference) => {
      const now = ctx.clock.now();
      for (const o of c.offences)
        await trx
          .insertInto("case_offence")
          .values({
            case_id: caseId,
            description: o.name.trim(),
            legal_provision: o.provision.trim() || "—",
            penalty: o.penalty.trim() || null,
            iccs: o.iccs ?? "11",
            created_at: now,
          })
          .execute();
      for (const m of c.measures)
        if (m.person?.name.trim())
          await trx
            .insertInto("case_person")
            .values({
              case_id: caseId,
              role: m.person.role === "holder" ? "other" : m.person.role,
              name: m.person.name.trim(),
              in_custody: m.measure === "custody_transfer",
              return_by: m.measure === "custody_transfer" && /^\d{4}-\d{2}-\d{2}$/.test(m.returnBy) ? m.returnBy : null,
              created_at: now,
            })
            .execute();
      await storeDocuments(trx, ctx, actor, caseId, rendered);
      // Conditional: two approvals of the same version (two tabs, two instances) open one case, not two.
      const r = await trx
        .updateTable("draft")
        .set({ case_id: caseId, updated_at: now })
        .where("id", "=", id)
        .where("version", "=", version)
        .where("case_id", "is", null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw staleDraft(-1, version);
      await recordEvent(trx, ctx.clock, {
        actorId: actor.userId,
        actorLabel: actor.label,
        action: "draft.approve",
        objectType: "draft",
        objectId: id,
        summary: { after: { case: reference, documents: rendered.map((r) => r.filename) } },
        ip: client.ip,
      });
    },
  );
  return { caseId: created.id, reference: created.reference };
}

/**
 * Regenerates the documents of an approved draft after an edit and stores them on its case as a new
 * version; earlier versions stay on the case.
 */
export async function regenerateDocuments(
  ctx: DraftsContext,
  actor: Actor,
  id: string,
  client: ClientInfo,
): Promise<{ version: number; filenames: string[] }> {
  const draft = view(await ownDraft(ctx, actor, id));
  if (!draft.caseId)
    throw conflict("id", "Approve the draft first; its documents are stored on the case it becomes.", "draft_not_approved");
  const row = await caseFor(ctx, actor, draft.caseId, "case:update");
  const earlier = await ctx.db
    .selectFrom("case_document")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("case_id", "=", draft.caseId)
    .where("kind", "=", "request")
    .where("content_type", "=", CONTENT_TYPES.pdf)
    .executeTakeFirstOrThrow();
  const version = Number(earlier.n) + 1;
  const ref = `${draft.content.ourReference || row.reference}-v${version}`;
  const rendered = await renderBoth(ctx, draft.content, ref);
  await ctx.db.transaction().execute(async (trx) => {
    await storeDocuments(trx, ctx, actor, row.id, rendered);
    await bump(trx, ctx, row, row.version);
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "case.document_add",
      objectType: "case",
      objectId: row.id,
      summary: { after: { documents: rendered.map((r) => r.filename), from: "draft" } },
      ip: client.ip,
    });
  });
  return { version, filenames: rendered.map((r) => r.filename) };
}
