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
