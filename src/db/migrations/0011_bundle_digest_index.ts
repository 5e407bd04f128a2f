/**
 * Importing a case bundle refuses one already imported by looking up its digest among the audit
 * events of earlier imports. Without an index that look-up reads the whole audit trail, which grows
 * by every read of a confidential case: a partial index on the digest of import events alone keeps it
 * one index probe however long the trail is.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_event_bundle_digest_idx on audit_event ((summary->>'digest')) where action = 'case.import_bundle'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_event_bundle_digest_idx`.execute(db);
}
