import type { routes } from "../../http/routes";
import { type Locale, t } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import { withStep, type Step } from "./config";
import { nextStep, stepHref } from "./views";

// What every admin page's handler shares: the saved notice, where a saved step leads,
// the registry patch a step makes, and invitation links.

/** The notice a page shows after a redirect that carried `?saved=…`. */
export const saved = (l: Locale, flag: string | undefined) => (flag ? t(l, "onboarding.saved") : undefined);

/** Where a saved step leads: the next open wizard step, or back to the page itself. */
export function afterSave(base: string, before: District, step: Step): string {
  if (before.status !== "onboarding") return `${stepHref(base, step)}?saved=1`;
  const next = nextStep({ ...before, onboardingSteps: [...before.onboardingSteps, step] }, step);
  return next ? stepHref(base, next) : `${base}/admin`;
}

/** The registry fields a step saves, plus the wizard's progress while onboarding. */
export function stepPatch(before: District, step: Step) {
  return before.status === "onboarding" ? { onboarding_json: withStep(before, step) } : {};
}

export function versionOf(values: Record<string, string>): number {
  const n = Number(values.version);
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

/** The link an invitation's token opens, under the district's public origin and base path. */
export function inviteLink(origin: string, base: string, token: string): string {
  return `${origin}${base}/invite/${token}`;
}

/** The route registrar of the district realm, which the admin page groups add to. */
export type DistrictRoutes = ReturnType<typeof routes>;
