/** Reference data of the law: jurisdictions, instruments, provisions, parties and reservations. */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jurisdiction")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("names", "jsonb", (c) => c.notNull())
    .addColumn("languages", sql`text[]`, (c) => c.notNull())
    .addColumn("sub_state", "boolean", (c) => c.notNull())
    .addColumn("user_assigned", "boolean", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("instrument")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("short_title", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("cooperation", "text", (c) => c.notNull())
    .addColumn("binding", "boolean", (c) => c.notNull())
    .addColumn("supplements", "text", (c) => c.references("instrument.id"))
    .addColumn("concluded", "date")
    .addColumn("entry_into_force", "date")
    .addColumn("source", "jsonb", (c) => c.notNull())
    .addColumn("document", "jsonb", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("provision")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("instrument_id", "text", (c) => c.notNull().references("instrument.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("article", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("valid_from", "date")
    .addColumn("valid_to", "date")
    .addColumn("source", "jsonb", (c) => c.notNull())
    .addColumn("detail", "jsonb", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("provision_instrument_idx").on("provision").columns(["instrument_id", "kind"]).execute();
  await db.schema
    .createTable("party")
    .addColumn("instrument_id", "text", (c) => c.notNull().references("instrument.id").onDelete("cascade"))
    .addColumn("jurisdiction", "text", (c) => c.notNull().references("jurisdiction.code"))
    // Set when the jurisdiction is bound through another party's territorial extension.
    .addColumn("via_state", "text", (c) => c.references("jurisdiction.code"))
    .addColumn("signed", "date")
    .addColumn("consent_kind", "text")
    .addColumn("consent_date", "date")
    .addColumn("in_force", "date")
    .addColumn("valid_to", "date")
    .addColumn("withdrawn", "date")
    .addColumn("note", "text")
    .addColumn("source", "jsonb", (c) => c.notNull())
    .addPrimaryKeyConstraint("party_pk", ["instrument_id", "jurisdiction"])
    .execute();
  await db.schema.createIndex("party_jurisdiction_idx").on("party").columns(["jurisdiction", "instrument_id"]).execute();
  await db.schema
    .createTable("reservation")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("instrument_id", "text", (c) => c.notNull().references("instrument.id").onDelete("cascade"))
    .addColumn("jurisdiction", "text", (c) => c.notNull().references("jurisdiction.code"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("article", "text", (c) => c.notNull())
    .addColumn("effect", "jsonb", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("valid_from", "date")
    .addColumn("valid_to", "date")
    .addColumn("source", "jsonb", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("knowledge_load")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("loaded_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("instruments", "integer", (c) => c.notNull())
    .addColumn("provisions", "integer", (c) => c.notNull())
    .addColumn("parties", "integer", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["knowledge_load", "reservation", "party", "provision", "instrument", "jurisdiction"])
    await db.schema.dropTable(t).execute();
}
