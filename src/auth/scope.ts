import type { Grant } from "./sessions";

// Area codes nest (a community's code starts with its sub-district's, which starts with
// the district's), so "at or below my level" is a prefix test. A grant with an empty
// scope covers the whole district.

export function grantCovers(grant: Grant, areaCode: string | null): boolean {
  if (grant.scopeArea === "") return true;
  return areaCode?.startsWith(grant.scopeArea) ?? false;
}

/** The widest area prefix the user's grants of these roles cover ('' = whole district). */
export function scopePrefixes(grants: readonly Grant[], roles: readonly string[]): string[] {
  const prefixes = grants.filter((g) => roles.includes(g.role)).map((g) => g.scopeArea);
  return prefixes.includes("") ? [""] : prefixes;
}

/** Half-open text range [prefix, prefix + '\uffff') matching every code that starts with prefix. */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}
