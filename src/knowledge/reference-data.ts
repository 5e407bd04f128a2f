/**
 * Loads the knowledge base into the database as reference data, in one transaction, only when the
 * files changed since the last load (their hash is recorded). Reports progress as it goes.
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { JURISDICTIONS } from "../law/jurisdictions.js";
import type { KnowledgeBase, KnowledgeFiles } from "../law/knowledge.js";

export interface LoadProgress {
  step: string;
  done: number;
  total: number;
}

export interface ReferenceDataProps {
  db: Kysely<Database>;
  kb: KnowledgeBase;
  files: KnowledgeFiles;
  onProgress?: (p: LoadProgress) => void;
  /** Reload even if the hash matches. */
  force?: boolean;
}

export interface ReferenceDataResult {
  loaded: boolean;
  hash: string;
  instruments: number;
  provisions: number;
  parties: number;
}

/** A stable hash of the knowledge files' content. */
export function knowledgeHash(files: KnowledgeFiles): string {
  const h = createHash("sha256");
  for (const group of [files.instruments, files.parties, files.bilateral ?? {}])
    for (const name of Object.keys(group).sort()) h.update(name).update(JSON.stringify(group[name]));
  return h.digest("hex");
}

const BATCH = 200;

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** The latest load of reference data into the database (its content hash and time), if any. */
export function lastKnowledgeLoad(db: Kysely<Database>) {
  return db.selectFrom("knowledge_load").select(["content_hash", "loaded_at"]).orderBy("id", "desc").limit(1).executeTakeFirst();
}

/** Writes the reference data if it changed; the whole load is one transaction. */
export async function loadReferenceData(props: ReferenceDataProps): Promise<ReferenceDataResult> {
  const { db, kb, files, onProgress } = props;
  const hash = knowledgeHash(files);
  const counts = {
    instruments: kb.instruments.size,
    provisions: kb.provisions.size,
    parties: [...kb.partyFiles.values()].reduce((n, f) => n + f.parties.length, 0),
  };
  const last = await lastKnowledgeLoad(db);
  if (!props.force && last?.content_hash === hash) return { loaded: false, hash, ...counts };

  const total = 5;
  const report = (step: string, done: number) => onProgress?.({ step, done, total });
  await db.transaction().execute(async (trx) => {
    report("clearing previous reference data", 0);
    // Jurisdictions are updated in place, not deleted: organisations and cases refer to them.
    for (const t of ["reservation", "party", "provision", "instrument"] as const) await trx.deleteFrom(t).execute();

    report(`jurisdictions (${JURISDICTIONS.size})`, 1);
    await insertBatched([...JURISDICTIONS.values()], (b) =>
      trx
        .insertInto("jurisdiction")
        .values(
          b.map((j) => ({
            code: j.code,
            name: j.name,
            names: JSON.stringify(j.names),
            languages: j.languages,
            sub_state: j.subState,
            user_assigned: j.userAssigned,
          })),
        )
        .onConflict((oc) =>
          oc.column("code").doUpdateSet((eb) => ({
            name: eb.ref("excluded.name"),
            names: eb.ref("excluded.names"),
            languages: eb.ref("excluded.languages"),
            sub_state: eb.ref("excluded.sub_state"),
            user_assigned: eb.ref("excluded.user_assigned"),
          })),
        )
        .execute(),
    );

    report(`instruments (${kb.instruments.size})`, 2);
    // Base conventions before their protocols, for the foreign key.
    const ordered = [...kb.instrumentList].sort((a, b) => (a.supplements ? 1 : 0) - (b.supplements ? 1 : 0));
    for (const inst of ordered) {
      const { provisions: _p, ...document } = inst;
      await trx
        .insertInto("instrument")
        .values({
          id: inst.id,
          title: inst.title,
          short_title: inst.shortTitle,
          kind: inst.kind,
          cooperation: inst.cooperation,
          binding: inst.binding,
          supplements: inst.supplements ?? null,
          concluded: inst.concluded,
          entry_into_force: inst.entryIntoForce,
          source: JSON.stringify(inst.source),
          document: JSON.stringify(document),
        })
        .execute();
    }

    report(`provisions (${kb.provisions.size})`, 3);
    await insertBatched([...kb.provisions.values()], (b) =>
      trx
        .insertInto("provision")
        .values(
          b.map((p) => {
            const { id, instrument, kind, article, summary, validFrom, validTo, source, ...detail } = p;
            return {
              id,
              instrument_id: instrument,
              kind,
              article,
              summary,
              valid_from: validFrom ?? null,
              valid_to: validTo ?? null,
              source: JSON.stringify(source),
              detail: JSON.stringify(detail),
            };
          }),
        )
        .execute(),
    );

    report(`parties (${counts.parties}) and reservations`, 4);
    for (const [instrumentId, index] of kb.parties) {
      const partyRows = [...index.entries()].map(([code, { party, via }]) => ({
        instrument_id: instrumentId,
        jurisdiction: code,
        via_state: via?.state ?? null,
        signed: via ? null : party.signed,
        consent_kind: via ? null : (party.consent?.kind ?? null),
        consent_date: via ? null : (party.consent?.date ?? null),
        in_force: via ? via.inForce : party.inForce,
        valid_to: via?.validTo ?? null,
        withdrawn: party.withdrawn?.effective ?? null,
        note: (via ? via.note : party.note) ?? null,
        source: JSON.stringify(party.source),
      }));
      await insertBatched(partyRows, (b) => trx.insertInto("party").values(b).execute());
      const reservationRows = [...index.entries()].flatMap(([code, { party, via }]) =>
        (via ? (via.reservations ?? []) : (party.reservations ?? [])).map((r) => ({
          id: r.id,
          instrument_id: instrumentId,
          jurisdiction: code,
          kind: r.kind,
          article: r.article,
          effect: JSON.stringify(r.effect),
          summary: r.summary,
          valid_from: r.validFrom ?? null,
          valid_to: r.validTo ?? null,
          source: JSON.stringify(r.source),
        })),
      );
      await insertBatched(reservationRows, (b) => trx.insertInto("reservation").values(b).execute());
    }
    await trx
      .insertInto("knowledge_load")
      .values({ content_hash: hash, ...counts })
      .execute();
    report("done", 5);
  });
  return { loaded: true, hash, ...counts };
}
