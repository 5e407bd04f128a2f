/**
 * The directory as a file: exported as JSON (signed with this node's key when the exchange is on: a
 * compact JWS, typ rogatory-signed+jws, over the JSON export) or CSV, and imported from a signed file
 * — verified against a trusted partner's key or this node's own (src/exchange/seal.ts verifySigned) —
 * in one transaction that reports what changed. Entries from the knowledge base are exported for
 * reading but not imported (every node reads its own knowledge base); a partner's identity entries
 * are not exported (whom this node pairs with is not published).
 */
import { z } from "zod";
import { recordEvent } from "../audit/trail.js";
import { DomainError, invalid } from "../errors.js";
import { signDetached, verifySigned } from "../exchange/seal.js";
import type { Keyring } from "../exchange/keyring.js";
import type { PartnerDirectory } from "../exchange/partners.js";
import { jurisdiction as jurisdictionOf } from "../law/jurisdictions.js";
import { changedFields, checkInstruments, type DirectoryActor, type DirectoryContext, findSame, rowOf } from "./directoryEditor.js";
import { type DirectoryEntry, readDirectory, storedEntry } from "./entries.js";
import { entryInput, type EntryInput } from "./schema.js";

export const DIRECTORY_FORMAT = "rogatory-directory";
export const SIGNED_DIRECTORY_FORMAT = "rogatory-directory+jws";
/** The largest directory file read. */
export const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

/** The JSON export. */
export interface DirectoryExport {
  format: typeof DIRECTORY_FORMAT;
  version: 1;
  exportedAt: string;
  entries: (Omit<DirectoryEntry, "id" | "version"> & { lastChecked: string | null })[];
}

/** An entry as the file carries it: what an administrator would write, and where it came from. */
function exported(e: DirectoryEntry): DirectoryExport["entries"][number] {
  const { id: _id, version: _v, ...rest } = e;
  return {
    ...rest,
    // Directly-addressable provisions and declared languages are the knowledge base's: each reader derives them.
    instruments: e.instruments.map(({ directAddress: _d, ...i }) => i),
    languages: e.languages.filter((l) => l.recordedIn === undefined || e.origin === "knowledge"),
  };
}

/** The directory to export (knowledge base and stored entries, no partners). */
export async function exportDirectory(
  ctx: DirectoryContext,
  filter: { jurisdiction?: string; instrument?: string } = {},
): Promise<DirectoryExport> {
  const now = ctx.clock.now();
  const entries = await readDirectory(ctx.db, ctx.kb, { ...filter, partners: false }, now.toISOString().slice(0, 10));
  return { format: DIRECTORY_FORMAT, version: 1, exportedAt: now.toISOString(), entries: entries.map(exported) };
}

/** The export signed with this node's current signing key: `{ format, jws }`. */
export async function signExport(keyring: Keyring, doc: DirectoryExport): Promise<{ format: typeof SIGNED_DIRECTORY_FORMAT; jws: string }> {
  return { format: SIGNED_DIRECTORY_FORMAT, jws: await signDetached(keyring, new TextEncoder().encode(JSON.stringify(doc))) };
}

/** A directory export as a file: what `rogatory directory export` writes and GET /api/v1/directory/export sends. */
export interface DirectoryFile {
  text: string;
  contentType: string;
  filename: string;
  entries: number;
  /** Who signed the JSON (null: CSV, or JSON unsigned because the exchange is off and there is no node key). */
  signedBy: { authority: string; jurisdiction: string; fingerprint: string } | null;
}

/**
 * The directory as a file: CSV for reading, or JSON — signed with this node's key when it has one (the
 * exchange is on), so another node can import it; unsigned otherwise, for reading only.
 */
export async function directoryFile(
  ctx: DirectoryContext,
  keyring: Keyring | undefined,
  format: "json" | "csv",
  filter: { jurisdiction?: string; instrument?: string } = {},
): Promise<DirectoryFile> {
  const doc = await exportDirectory(ctx, filter);
  const name = ["directory", ...[filter.jurisdiction, filter.instrument].filter(Boolean), doc.exportedAt.slice(0, 10)].join("-");
  const base = { entries: doc.entries.length, filename: `${name}.${format}` };
  if (format === "csv") return { ...base, text: directoryCsv(doc), contentType: "text/csv; charset=utf-8", signedBy: null };
  const json = { ...base, contentType: "application/json; charset=utf-8" };
  if (!keyring) return { ...json, text: `${JSON.stringify(doc, null, 2)}\n`, signedBy: null };
  const signed = await signExport(keyring, doc);
  const { authority, jurisdiction } = keyring.node;
  const { fingerprint } = await keyring.current("sig");
  return { ...json, text: `${JSON.stringify(signed, null, 2)}\n`, signedBy: { authority, jurisdiction, fingerprint } };
}

const csvCell = (v: string | null | undefined) => {
  const s = v ?? "";
  // A leading =, +, - or @ would be read as a formula by a spreadsheet: quote it with an apostrophe.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The export as CSV: UTF-8 with a byte-order mark, so spreadsheets read Cyrillic, Chinese or Arabic names. */
export function directoryCsv(doc: DirectoryExport): string {
  const head = [
    "jurisdiction",
    "state",
    "authority",
    "role",
    "origin",
    "instruments",
    "languages",
    "address",
    "channels",
    "urgent",
    "hours",
    "source",
    "last_checked",
  ];
  const lines = doc.entries.map((e) =>
    [
      e.jurisdiction,
      jurisdictionOf(e.jurisdiction)?.name ?? null,
      e.authority,
      e.role,
      e.origin,
      e.instruments.map((i) => i.instrument).join("; "),
      e.languages.map((l) => `${l.instrument ?? "*"}: ${l.languages.join(" ")}`).join("; "),
      e.address?.text,
      e.channels.map((c) => `${c.kind}${c.value ? `: ${c.value}` : ""}${c.fingerprint ? ` (${c.fingerprint})` : ""}`).join("; "),
      e.urgent?.contact,
      e.hours ? `${e.hours.days.join(",")} ${e.hours.opens}-${e.hours.closes} ${e.hours.zone}` : null,
      [e.source.document, e.source.article, e.source.url].filter(Boolean).join(", "),
      e.lastChecked,
    ]
      .map(csvCell)
      .join(","),
  );
  return `\uFEFF${[head.join(","), ...lines].join("\r\n")}\r\n`;
}

/** What an import did. */
export interface ImportReport {
  signer: { jurisdiction: string; authority: string; fingerprint: string; self: boolean };
  added: { jurisdiction: string; authority: string }[];
  updated: { jurisdiction: string; authority: string; fields: string[] }[];
  unchanged: number;
  /** Entries from the signer's knowledge base: this node reads its own. */
  skipped: number;
}

const signedFile = z.object({ format: z.literal(SIGNED_DIRECTORY_FORMAT), jws: z.string().max(MAX_DIRECTORY_BYTES) });
const exportFile = z.object({
  format: z.literal(DIRECTORY_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  entries: z.array(z.object({ origin: z.string() }).passthrough()).max(10_000),
});

/** 422: the file is not a directory signed by a key this node trusts, or its content does not check. */
const refused = (code: string, message: string, field?: string) => new DomainError(422, code, message, field);

/**
 * Verifies a signed directory file and applies it in one transaction: new entries are added, changed
 * ones updated (each with its version bumped), the rest left alone; one audit event names the signer
 * and the counts. Nothing is written when the signature, the format or any entry fails.
 */
export async function importDirectory(
  ctx: DirectoryContext,
  verify: { partners: PartnerDirectory },
  actor: DirectoryActor,
  file: unknown,
  ip: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportReport> {
  const outer = signedFile.safeParse(file);
  if (!outer.success)
    throw refused(
      "directory_unsigned",
      `The file is not a signed directory (an object with format "${SIGNED_DIRECTORY_FORMAT}" and jws).`,
      "format",
    );
  const now = ctx.clock.now();
  const v = await verifySigned(verify.partners, outer.data.jws, now);
  if (!v.ok) throw refused("signature_refused", `The directory's signature is refused: ${v.detail}.`, "jws");
  let doc: z.infer<typeof exportFile>;
  try {
    const parsed = exportFile.safeParse(JSON.parse(new TextDecoder().decode(v.payload)));
    if (!parsed.success) throw new Error("shape");
    doc = parsed.data;
  } catch {
    throw refused("directory_invalid", `The signed content is not a directory export (format "${DIRECTORY_FORMAT}", version 1).`, "jws");
  }
  // Every entry is checked before anything is written.
  const inputs: (EntryInput | null)[] = doc.entries.map((raw, n) => {
    if (raw.origin === "knowledge" || raw.origin === "identity") return null;
    const { origin: _o, ...rest } = raw as Record<string, unknown>;
    const r = entryInput.safeParse(rest);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = `entries.${n}.${issue?.path.join(".") ?? ""}`;
      throw invalid(field, `${field}: ${issue?.message ?? "is not valid"}.`, "directory_entry_invalid");
    }
    checkInstruments(ctx.kb, r.data, `entries.${n}.`);
    return r.data;
  });
  const signer = {
    jurisdiction: v.partner.jurisdiction,
    authority: v.partner.authority,
    fingerprint: v.partner.fingerprint,
    self: v.partner.id === "self",
  };
  const report: ImportReport = { signer, added: [], updated: [], unchanged: 0, skipped: 0 };
  await ctx.db.transaction().execute(async (trx) => {
    let done = 0;
    for (const input of inputs) {
      done++;
      if (!input) {
        report.skipped++;
      } else {
        const same = await findSame(trx, input);
        const who = { jurisdiction: input.jurisdiction, authority: input.authority };
        if (!same) {
          await trx
            .insertInto("directory_entry")
            .values({ ...rowOf(input), origin: "import", created_at: now, updated_at: now })
            .execute();
          report.added.push(who);
        } else {
          const fields = changedFields(storedEntry(same), input);
          if (fields.length === 0) report.unchanged++;
          else {
            await trx
              .updateTable("directory_entry")
              .set({ ...rowOf(input), origin: "import", version: same.version + 1, updated_at: now })
              .where("id", "=", same.id)
              .execute();
            report.updated.push({ ...who, fields });
          }
        }
      }
      onProgress?.(done, inputs.length);
    }
    await recordEvent(trx, ctx.clock, {
      actorId: actor.userId,
      actorLabel: actor.label,
      action: "directory.import",
      objectType: "directory_entry",
      objectId: null,
      summary: {
        signer,
        added: report.added.length,
        updated: report.updated.length,
        unchanged: report.unchanged,
        skipped: report.skipped,
      },
      ip,
    });
  });
  return report;
}
