import type { RawBuilder, SqlBool } from "kysely";
import { districtWide, inAreas, prefixesCover, scopePrefixes } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import type { Locale } from "../../i18n/messages";
import type { Role } from "../../data/schema";

// Who sees which posts and workers. Staff see what sits at or below their areas (area
// codes nest by prefix; '' = the whole district, and only a district-wide grant sees
// district-level records, whose area is NULL). Organization users see the posts their
// organization hosts. Out of reach answers 404, like another district's records.

export const STAFF_ROLES: readonly Role[] = ["district_admin", "subdistrict_staff", "community_staff"];

export interface Viewer {
  id: string;
  name: string;
  /** Area prefixes of the viewer's staff grants ([] = not staff, [''] = whole district). */
  areas: string[];
  /** Organizations the viewer acts for. */
  organizations: string[];
  isSocialWorker: boolean;
}

export function viewerOf(user: CurrentUser): Viewer {
  return {
    id: user.id,
    name: user.displayName,
    areas: scopePrefixes(user.grants, STAFF_ROLES),
    organizations: user.grants.filter((g) => g.role === "org_member" && g.organizationId).map((g) => g.organizationId!),
    isSocialWorker: user.grants.some((g) => g.role === "social_worker"),
  };
}

/**
 * The person acting in a request of the module: what they reach, the language refusals
 * are worded in, and whether they may set aside a post's required qualification (the
 * district admin). Handlers build it once per request; domain functions read nothing else.
 */
export interface PostsActor extends Viewer {
  locale: Locale;
  mayOverride: boolean;
}

export function actorOf(user: CurrentUser, locale: Locale): PostsActor {
  // Waiving the district's qualification rule is the district's own call, not an area's.
  return { ...viewerOf(user), locale, mayOverride: districtWide(user, "district.manage") };
}

export function isStaff(v: Viewer): boolean {
  return v.areas.length > 0;
}

/** Is this area (NULL = district level) at or below one of the viewer's staff areas? */
export const areaInScope = (v: Viewer, area: string | null) => prefixesCover(v.areas, area);

/** The same test as a SQL condition on an area column ("posts.area_code"). */
export const areaCondition = (column: string, v: Viewer): RawBuilder<SqlBool> => inAreas(column, v.areas);
