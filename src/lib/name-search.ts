import { type Expression, type SqlBool, sql } from "kysely";
import { nameKey } from "./names";

// Keyword search anywhere in an organization's name, through the characters and pairs
// of characters kept in name_grams (migrations/district/0021_name_search.sql). One or
// two typed characters are one gram: an index lookup. A longer query starts from the
// rarest of its pairs (each pair's matches counted up to RARE_ENOUGH, so the choice
// costs the same in a district of 100,000 organizations) and confirms the whole text
// on name_key, so "阳光", "助老" and "昆都仑区阳光" all find 昆都仑区阳光助老服务中心.

/** A pair seen this often already tells it apart from rarer ones; counting stops here. */
const RARE_ENOUGH = 200;
/** Enough pairs to find a rare one among them; more would only lengthen the statement. */
const MAX_PAIRS = 8;

/** The query in name_key's form and the grams to look up: itself if short, else its distinct pairs. */
export function searchGrams(q: string): { key: string; grams: string[] } {
  const key = nameKey(q);
  const chars = Array.from(key);
  if (chars.length <= 2) return { key, grams: chars.length ? [key] : [] };
  const pairs = [...new Set(chars.slice(1).map((ch, i) => chars[i] + ch))];
  if (pairs.length <= MAX_PAIRS) return { key, grams: pairs };
  // Spread over the query, first and last included.
  const picked = Array.from({ length: MAX_PAIRS }, (_, i) => pairs[Math.round((i * (pairs.length - 1)) / (MAX_PAIRS - 1))]!);
  return { key, grams: [...new Set(picked)] };
}

/**
 * A condition on `organizations` (its name_key and id columns): the name contains `q`
 * (in name_key's form). Another district's grams are never read.
 */
export function organizationNameContains(districtId: string, q: string): Expression<SqlBool> {
  const { key, grams } = searchGrams(q);
  if (grams.length === 0) return sql<SqlBool>`1 = 0`;
  const refs = (gram: Expression<unknown>) => sql`select name_grams.ref_id from name_grams where name_grams.district_id = ${districtId} and name_grams.subject = 'organization' and name_grams.gram = ${gram}`;
  if (grams.length === 1 && Array.from(key).length <= 2) return sql<SqlBool>`organizations.id in (${refs(sql`${key}`)})`;
  // The rarest pair leads: each pair's bounded count, zero-padded before the pair, so
  // that the smallest of these texts (SQLite's many-argument min) ends in the rarest.
  // No compound SELECT: D1 allows few terms in one.
  const counted = grams.map(
    (g) => sql`printf('%03d', (select count(*) from (select 1 from name_grams where name_grams.district_id = ${districtId} and name_grams.subject = 'organization' and name_grams.gram = ${g} limit ${sql.lit(RARE_ENOUGH)}))) || ${g}`,
  );
  const rarest = grams.length === 1 ? sql`${grams[0]}` : sql`substr(min(${sql.join(counted)}), 4)`;
  return sql<SqlBool>`(organizations.id in (${refs(rarest)}) and instr(organizations.name_key, ${key}) > 0)`;
}

/**
 * Where each pinyin initial starts among the characters of migrations/district/0033's
 * pinyin_order (a … z; no Chinese syllable starts with i, u or v), and where the list ends.
 */
const PINYIN_INITIALS = "abcdefghjklmnopqrstwxyz";
const INITIAL_STARTS = [0, 199, 1096, 2424, 3420, 3601, 4223, 5043, 6110, 7716, 8267, 9833, 10644, 11123, 11157, 11754, 12766, 13090, 14400, 15290, 15924, 17257, 19209, 20992];

/**
 * A condition on `organizations.sort_key`: the name starts with characters whose pinyin
 * initials are the letters typed ("yg" finds 阳光…, 杨高…), or null when the query is not
 * 2 to 8 such letters. The first letter is a range of the sort key, so it comes from an index.
 */
export function organizationInitials(q: string): Expression<SqlBool> | null {
  const letters = q.toLowerCase();
  if (!/^[a-z]{2,8}$/.test(letters) || /[iuv]/.test(letters)) return null;
  const range = (letter: string) => {
    const at = PINYIN_INITIALS.indexOf(letter);
    return [String.fromCharCode(0x4e00 + INITIAL_STARTS[at]!), String.fromCharCode(0x4e00 + INITIAL_STARTS[at + 1]!)] as const;
  };
  const [low, high] = range(letters[0]!);
  const rest = Array.from(letters.slice(1), (letter, i) => {
    const [from, to] = range(letter);
    return sql`substr(organizations.sort_key, ${sql.lit(i + 2)}, 1) >= ${from} and substr(organizations.sort_key, ${sql.lit(i + 2)}, 1) < ${to}`;
  });
  return sql<SqlBool>`(organizations.sort_key >= ${low} and organizations.sort_key < ${high} and ${sql.join(rest, sql` and `)})`;
}

let collator: Intl.Collator | undefined;
/**
 * Chinese names in pinyin order (阿 … 包 … 昆 … 阳 … 中), as a printed index lists them,
 * rather than by character code. ICU's Chinese collation does this in the runtime (V8 in
 * workerd and Node), so no pinyin table travels in the bundle; digits compare as numbers.
 */
export function pinyinCompare(a: string, b: string): number {
  collator ??= new Intl.Collator("zh-CN-u-co-pinyin", { numeric: true });
  return collator.compare(a, b);
}

/** How well a name answers the query: the whole name, its start, or somewhere inside. */
export function nameRelevance(name: string, key: string): 0 | 1 | 2 | 3 {
  const k = nameKey(name);
  if (k === key) return 0;
  if (k.startsWith(key)) return 1;
  return k.includes(key) ? 2 : 3;
}

/** Most relevant first, then in pinyin order; ties (equal names) by id, so pages never shift. */
export function byRelevanceThenPinyin<T extends { name: string; id: string }>(rows: readonly T[], q: string): T[] {
  const key = nameKey(q);
  return rows
    .map((row) => ({ row, rank: nameRelevance(row.name, key) }))
    .sort((x, y) => x.rank - y.rank || pinyinCompare(x.row.name, y.row.name) || (x.row.id < y.row.id ? -1 : x.row.id > y.row.id ? 1 : 0))
    .map((x) => x.row);
}

/** Rows of two bounded queries (prefix matches and matches anywhere), each row once. */
export function mergeById<T extends { id: string }>(...lists: readonly (readonly T[])[]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists) for (const row of list) if (!seen.has(row.id)) seen.set(row.id, row);
  return [...seen.values()];
}
