import { type Compilable, type SelectQueryBuilder, sql, type UpdateQueryBuilder, type UpdateResult } from "kysely";

// One check for every one-time code (a district's password reset, an operator's, a sign-up
// phone code): the newest live code of the person or number, refused once its tries are
// spent, compared by its keyed hash; a wrong code counts a try at once. Each table has
// id, code_hash, attempts, used_at, expires_at and created_at; the caller hands over its
// own data's builders, so the district's scope (or the platform's tables) stay its own.

export const MAX_TRIES = 5;

/** Where the codes are: a district's data or the platform's. */
export interface CodeWriter {
  /** A wrong try is no one's change: it stays out of the audit log. */
  writeUnaudited(queries: readonly Compilable[]): Promise<unknown>;
}

/** The live code's id when `code` is right for it; null for none, spent tries or a wrong code. */
export async function checkCode<DB, TB extends keyof DB>(
  data: CodeWriter,
  /** The codes sent to one person or number. */
  sentTo: SelectQueryBuilder<DB, TB, Record<never, never>>,
  table: UpdateQueryBuilder<DB, TB, TB, UpdateResult>,
  code: string,
  hash: (id: string, code: string) => Promise<string>,
  now: string,
): Promise<string | null> {
  const row = (await sentTo
    .select([sql<string>`id`.as("id"), sql<string>`code_hash`.as("code_hash"), sql<number>`attempts`.as("attempts")])
    .where(sql.ref("used_at"), "is", null)
    .where(sql.ref("expires_at"), ">", now)
    .orderBy(sql.ref("created_at"), "desc")
    .executeTakeFirst()) as { id: string; code_hash: string; attempts: number } | undefined;
  if (!row || row.attempts >= MAX_TRIES) return null;
  if ((await hash(row.id, code)) === row.code_hash) return row.id;
  await data.writeUnaudited([table.set(sql.ref("attempts"), sql`attempts + 1`).where(sql.ref("id"), "=", row.id)]);
  return null;
}
