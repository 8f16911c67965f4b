import { PERMISSIONS } from "../../auth/permissions";
import { scopePrefixes } from "../../auth/scope";
import type { Grant } from "../../auth/sessions";
import type { Locale } from "../../i18n/messages";

// Who acts in the registry, disclosures and evaluations: the signed-in person's id and
// grants (which areas they cover) and the language refusals are worded in. Handlers
// build it once per request; the domain functions read nothing else of the request.

export interface DisclosureActor {
  id: string;
  grants: readonly Grant[];
  locale: Locale;
}

export function actorOf(user: { id: string; grants: readonly Grant[] }, locale: Locale): DisclosureActor {
  return { id: user.id, grants: user.grants, locale };
}

/**
 * The areas whose evaluations an evaluation manager sees and acts on ('' = the whole
 * district). A round spans the district, its managers may not: an evaluation belongs to
 * its organization's area, as its notice item and the alerts about it do.
 */
export const evaluationAreas = (actor: { grants: readonly Grant[] }) => scopePrefixes(actor.grants, PERMISSIONS["evaluation.manage"]);

/** The areas whose credit-list entries, requests and proposed listings a credit manager handles, by the organization's area. */
export const creditAreas = (actor: { grants: readonly Grant[] }) => scopePrefixes(actor.grants, PERMISSIONS["credit.manage"]);
