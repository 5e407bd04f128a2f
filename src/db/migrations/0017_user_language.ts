/**
 * The language an officer chose for the screens (issue 14 §8), remembered with the account so it
 * follows them from browser to browser. Null until they choose: the browser's preference applies.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user add column language text
    constraint app_user_language_un check (language in ('en', 'fr', 'es', 'ru', 'zh', 'ar'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table app_user drop column language`.execute(db);
}
