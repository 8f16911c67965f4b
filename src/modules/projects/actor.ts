import { inAreas, prefixesCover, scopePrefixes } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import { changedSinceRead } from "../../data/district-data";
import { AppError, type ErrorCode, type FieldError, validationFailed } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";

// Who acts in the project chain and what they reach. Buyers are district staff (the
// district admin for district budgets, sub-district staff for their 街道's own);
// organizations act for themselves; community staff confirm for their community.
// Out of reach answers 404, like another district's records.

export interface ProjectActor {
  id: string;
  name: string;
  /** Area prefixes of the buyer grants ([] = not a buyer, [''] = the whole district). */
  buyerAreas: string[];
  /** Organizations the person acts for. */
  organizations: string[];
  /** Area prefixes of community-staff grants (where they confirm delivery and contracts). */
  communityAreas: string[];
  /** The language refusals are worded in. */
  locale: Locale;
}

export function actorOf(user: CurrentUser, locale: Locale): ProjectActor {
  return {
    locale,
    id: user.id,
    name: user.displayName,
    buyerAreas: scopePrefixes(user.grants, ["district_admin", "subdistrict_staff"]),
    organizations: user.grants.filter((g) => g.role === "org_member" && g.organizationId).map((g) => g.organizationId!),
    communityAreas: scopePrefixes(user.grants, ["community_staff"]),
  };
}

export const isBuyer = (a: ProjectActor) => a.buyerAreas.length > 0;

/** May the actor buy at this level (a 街道's code, or null for the district)? */
export const buysAt = (a: ProjectActor, area: string | null) => prefixesCover(a.buyerAreas, area);

/** The same test as SQL on an area column. */
export const buyerCondition = (column: string, a: ProjectActor) => inAreas(column, a.buyerAreas);

export function confirmsFor(a: ProjectActor, community: string | null): boolean {
  if (community === null) return false;
  return a.communityAreas.some((p) => community.startsWith(p));
}

// ----- Refusals a person can act on ----------------------------------------------------

export function conflict(key: MessageKey, params: Record<string, string | number> = {}, code: ErrorCode = "conflict") {
  return new AppError({ status: 409, code, message: key, params });
}

export function invalid(fields: FieldError[]) {
  return validationFailed(fields);
}

/** One field's refusal, worded for the actor. */
export function fieldError(a: ProjectActor, field: string, key: MessageKey, params: Record<string, string | number> = {}): FieldError {
  return { field, code: key.split(".").pop()!, message: t(a.locale, key, params) };
}

/** A lost optimistic-version race or a refused guard: the record changed since it was read. */
export const stale = changedSinceRead;

/**
 * Runs a write; guards and version triggers already answer 409 through write(). A unique
 * key it breaks becomes `onDuplicate` when given (else a 409), and a second payment
 * stopped by the trigger a 409 too.
 */
export async function guardedWrite<T>(write: () => Promise<T>, onDuplicate?: () => AppError): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const message = String((error as { message?: unknown })?.message ?? error);
    if (message.includes("UNIQUE constraint failed")) throw onDuplicate ? onDuplicate() : stale();
    if (/version_conflict|already_paid/.test(message)) throw stale();
    throw error;
  }
}
