/**
 * Optimistic concurrency on a case: every change carries the version its author read, is refused
 * with 409 `version_conflict` when the case moved on since, and bumps the version. The refusal says
 * in words who changed what last, so the person who lost the race knows what to look at on reload.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { DomainError } from "../errors.js";
import type { Clock } from "../security/clock.js";
import { TRANSITIONS } from "./workflow.js";

/** What a version check needs: the case's id and the version it was read at. */
export interface VersionedCase {
  id: string;
  version: number;
}

/** Words for the case events an officer may have raced with (codes stay in the audit trail). */
const CHANGE_WORDS: Record<string, string> = {
  "case.consultation": "recorded a consultation",
  "case.offence_add": "added an offence",
  "case.person_add": "added a person",
  "case.measure_add": "added a measure",
  "case.measure_update": "changed a measure",
  "case.correspondence": "recorded correspondence",
  "case.document_add": "added a document",
  "case.evidence_add": "recorded an evidence item",
  "case.custody": "added to a chain of custody",
  "case.evidence_use": "recorded a use of evidence",
  "case.exchange_package": "exported a signed package of the case",
  "case.exchange_package_import": "imported a signed package into the case",
  "case.hearing_schedule": "scheduled a hearing by video link",
  "case.hearing_change": "changed a hearing by video link",
  "case.hearing_cancel": "cancelled a hearing by video link",
  "case.hearing_record": "recorded a hearing by video link",
  "case.asset_register": "registered an asset",
  "case.asset_step": "recorded a step of an asset",
  "case.asset_sharing": "recorded the sharing of an asset",
  "case.asset_transfer": "recorded the transfer of a share",
  "case.transfer_facts": "recorded facts of the transfer",
  "case.transfer_agree_sentencing": "recorded the sentencing state's agreement",
  "case.transfer_agree_administering": "recorded the administering state's agreement",
  "case.transfer_refuse_sentencing": "recorded the sentencing state's refusal",
  "case.transfer_refuse_administering": "recorded the administering state's refusal",
  "case.transfer_handover": "recorded the handover",
  "case.transfer_close": "closed the transfer case",
};

/** Words for the fields a case.update event names in its summary. */
const FIELD_WORDS: Record<string, string> = {
  title: "the title",
  confidentiality: "the confidentiality",
  accessList: "the access list",
  basis: "the legal basis",
};

/**
 * The latest change to the case in one sentence (`text`), and the same as values for the web app's
 * words (errors:domain.changes.*): who, which change (a code), when (ISO), and the fields or action it names.
 */
export interface LastChange {
  text: string;
  actor: string;
  change: string;
  at: string;
  changed?: string;
  action?: string;
}

/** One sentence on the latest change to the case, from its audit events (never case content). */
export async function lastChangeOf(db: Kysely<Database>, caseId: string): Promise<LastChange | null> {
  const e = await db
    .selectFrom("audit_event")
    .select(["actor_label", "action", "summary", "at"])
    .where("object_type", "=", "case")
    .where("object_id", "=", caseId)
    .where("action", "not in", ["case.read", "case.export", "case.export_bundle"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return e ? lastChange(e) : null;
}

/** The latest change in words and values, from its audit event (pure: test/web/server-words.test.ts). */
export function lastChange(e: { actor_label: string; action: string; summary: unknown; at: Date | string }): LastChange {
  let what = CHANGE_WORDS[e.action];
  let change: Pick<LastChange, "change" | "changed" | "action"> = { change: e.action.replace(/^case\./, "") };
  if (!what && e.action === "case.update") {
    const summary = (typeof e.summary === "string" ? JSON.parse(e.summary) : e.summary) as Record<string, unknown> | null;
    const named = Object.keys(summary ?? {}).filter((k) => FIELD_WORDS[k] !== undefined);
    what = named.length > 0 ? `changed ${named.map((k) => FIELD_WORDS[k]).join(" and ")}` : "changed the case";
    change = named.length > 0 ? { change: "fields", changed: named.join(" ") } : { change: "case" };
  }
  if (!what && e.action.startsWith("case.")) {
    // A workflow action by the name the case page gives it; another event (an exchange message) by its code.
    const code = e.action.slice(5);
    const label = TRANSITIONS.find((t) => t.action === code)?.label;
    what = `took the action “${label ?? code.replace(/_/g, " ")}”`;
    change = label ? { change: "action", action: code } : { change: "other" };
  }
  if (!what) change = { change: "case" };
  const at = new Date(e.at).toISOString();
  return {
    text: `${e.actor_label} ${what ?? "changed the case"} at ${at.slice(0, 16).replace("T", " ")} UTC`,
    actor: e.actor_label,
    at,
    ...change,
  };
}

/** 409 `version_conflict`: names the version sent, the current one and, when known, the last change in words. */
export function staleVersion(expected: number, current: number, last?: LastChange | null): DomainError {
  const change = last ? `: ${last.text}` : "";
  const err = new DomainError(
    409,
    "version_conflict",
    `Someone else changed this case since you opened it${change} (your version ${expected}, now ${current}); reload to see their change.`,
    "version",
  );
  const versions = { yours: expected, now: current };
  // A change without words of its own (an exchange event) leaves the sentence in English.
  if (last?.change === "other") return err;
  err.words = last
    ? {
        key: "errors:domain.caseChangedBy",
        params: {
          actor: last.actor,
          change: last.change,
          at: last.at,
          ...(last.changed ? { changed: last.changed } : {}),
          ...(last.action ? { action: last.action } : {}),
          ...versions,
        },
      }
    : { key: "errors:domain.caseChanged", params: versions };
  return err;
}

/**
 * Bumps the case's version if it is still the expected one; throws 409 otherwise (the caller's
 * transaction rolls back). The update is conditional on the version, so two instances racing on
 * the same case cannot both win even when both read it before either wrote.
 */
export async function bump(
  trx: Transaction<Database>,
  ctx: { clock: Clock },
  row: VersionedCase,
  expected: number,
  set: Record<string, unknown> = {},
): Promise<number> {
  if (expected !== row.version) throw staleVersion(expected, row.version, await lastChangeOf(trx, row.id));
  const r = await trx
    .updateTable("case_file")
    .set({ ...set, version: expected + 1, updated_at: ctx.clock.now() })
    .where("id", "=", row.id)
    .where("version", "=", expected)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    const now = await trx.selectFrom("case_file").select("version").where("id", "=", row.id).executeTakeFirst();
    throw staleVersion(expected, now?.version ?? -1, await lastChangeOf(trx, row.id));
  }
  return expected + 1;
}
