import { type RawBuilder, type SqlBool, sql } from "kysely";
import { AppError } from "../http/errors";
import { PERMISSIONS, type Permission } from "./permissions";
import type { Grant } from "./sessions";

// Area codes nest (a community's code starts with its sub-district's, which starts with
// the district's), so "at or below my level" is a prefix test. A grant with an empty
// scope covers the whole district.

export function grantCovers(grant: Grant, areaCode: string | null): boolean {
  if (grant.scopeArea === "") return true;
  return areaCode?.startsWith(grant.scopeArea) ?? false;
}

/** Whether one of the user's grants of these roles covers the area. */
export function rolesCover(grants: readonly Grant[], roles: readonly string[], areaCode: string | null): boolean {
  return grants.some((g) => roles.includes(g.role) && grantCovers(g, areaCode));
}

/** Whether one of the prefixes covers the area (NULL, the district level, only '' does). */
export function prefixesCover(prefixes: readonly string[], areaCode: string | null): boolean {
  return prefixes.includes("") || (areaCode !== null && prefixes.some((p) => areaCode.startsWith(p)));
}

/** The widest area prefix the user's grants of these roles cover ('' = whole district). */
export function scopePrefixes(grants: readonly Grant[], roles: readonly string[]): string[] {
  const prefixes = grants.filter((g) => roles.includes(g.role)).map((g) => g.scopeArea);
  return prefixes.includes("") ? [""] : prefixes;
}

/**
 * Whether one of the user's grants of this permission covers the whole district. What
 * concerns every area (a district-wide round, the district's settings, its whole data)
 * is out of reach of a grant for a 街道 or 社区, even of a role that holds the permission.
 */
export function districtWide(user: { grants: readonly Grant[] }, permission: Permission): boolean {
  return scopePrefixes(user.grants, PERMISSIONS[permission]).includes("");
}

/** The refusal of a district-wide action to a holder granted some areas only: 403, saying why. */
export const notDistrictWide = () => new AppError({ status: 403, code: "forbidden", message: "error.districtWide" });

/** Refuses (before anything is read or changed) a holder whose grants of the permission are all for some areas. */
export function assertDistrictWide(user: { grants: readonly Grant[] }, permission: Permission): void {
  if (!districtWide(user, permission)) throw notDistrictWide();
}

/** Half-open text range [prefix, prefix + '\uffff') matching every code that starts with prefix. */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

/** An area column inside one of the prefixes, as SQL ('' covers every code, no prefix none). */
export function inAreas(column: string, prefixes: readonly string[]): RawBuilder<SqlBool> {
  if (prefixes.includes("")) return sql<SqlBool>`1 = 1`;
  if (prefixes.length === 0) return sql<SqlBool>`1 = 0`;
  const ranges = prefixes.map((p) => {
    const [low, high] = prefixRange(p);
    return sql<SqlBool>`(${sql.ref(column)} >= ${low} AND ${sql.ref(column)} < ${high})`;
  });
  return sql<SqlBool>`(${sql.join(ranges, sql` OR `)})`;
}
