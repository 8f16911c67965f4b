import type { Grant } from "../../auth/sessions";
import type { Locale } from "../../i18n/messages";

// Who acts in the incubation flow: the signed-in person's id and grants (what they
// manage, which organizations they apply for) and the language refusals are worded in.
// Handlers build it once per request; the domain functions read nothing else of it.

export interface IncubationActor {
  id: string;
  grants: readonly Grant[];
  locale: Locale;
}

export function actorOf(user: { id: string; grants: readonly Grant[] }, locale: Locale): IncubationActor {
  return { id: user.id, grants: user.grants, locale };
}
