import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { publicOrigin } from "../../http/origin";
import type { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import type { District } from "../../tenancy/district-registry";
import { withStep, type Step } from "./config";
import { nextStep, stepHref } from "./views";

// What every admin page's handler shares: the saved notice, where a saved step leads,
// the registry patch a step makes, and invitation links.

export const saved = (c: Context<AppEnv>) => (c.req.query("saved") ? t(c.var.locale, "onboarding.saved") : undefined);

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

export function inviteLink(c: Context<AppEnv>, token: string, base = c.var.base): string {
  return `${publicOrigin(c)}${base}/invite/${token}`;
}

/** The route registrar of the district realm, which the admin page groups add to. */
export type DistrictRoutes = ReturnType<typeof routes>;
