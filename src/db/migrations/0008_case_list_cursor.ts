/**
 * The case list pages by cursor on (created_at, id), newest first. An index in exactly that order lets
 * each page start where the last one ended and read only the rows it shows; the older index on
 * created_at alone cannot break ties between cases opened in the same microsecond (batch imports),
 * so PostgreSQL would have to sort every such group.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_file_created_id_idx on case_file (created_at desc, id desc)`.execute(db);
  await sql`drop index case_file_created_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index case_file_created_idx on case_file (created_at desc)`.execute(db);
  await sql`drop index case_file_created_id_idx`.execute(db);
}
