import type { JoinBuilder } from "kysely";

// Every district table's key is (district_id, id), so a join must match the district as
// well as the id: matching on the id alone could reach another district's row, and
// would not use the key's index. Each join writes the pair the same way through this.

/**
 * The condition joining `table` (or its alias) to the row whose column `key`
 * (`other_table.column`) holds its id: `.innerJoin("posts", sameDistrict("posts", "post_assignments.post_id"))`.
 */
export function sameDistrict(table: string, key: `${string}.${string}`) {
  const from = key.slice(0, key.indexOf("."));
  // biome-ignore lint/suspicious/noExplicitAny: the callback serves joins of any tables; the names are checked by the queries' tests
  return (j: JoinBuilder<any, any>) => j.onRef(`${table}.district_id`, "=", `${from}.district_id`).onRef(`${table}.id`, "=", key);
}
