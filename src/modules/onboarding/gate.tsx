import type { MiddlewareHandler } from "hono";
import { districtWide } from "../../auth/scope";
import type { AppEnv } from "../../env";
import { AppError } from "../../http/errors";
import { wantsJson } from "../../http/problem";
import { districtDisplayName, pageInfo } from "../../ui/layout";
import { ComingSoonPage } from "./views";

// What an onboarding district shows. Its admins see everything (and land in the wizard
// from the home page); everyone else gets a "coming soon" page (503) for the district's
// pages and API, except what they need before opening day: signing in, accepting an
// invitation, their own account. Admin-only paths stay reachable so that their own
// access check answers (sign in first, or 403).

const OPEN_WHILE_ONBOARDING = [/^\/login$/, /^\/logout$/, /^\/invite\/[^/]+$/, /^\/account(\/|$)/, /^\/admin(\/|$)/, /^\/audit(\/|$)/, /^\/api\/v1\/auth\//, /^\/api\/v1\/admin\//, /^\/api\/v1\/audit-events/];

export const onboardingGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const district = c.var.district;
  if (district.status !== "onboarding") return next();
  const path = c.req.path.replace(/^\/d\/\d{6}/, "").replace(/\/$/, "") || "/";
  if (c.var.user?.grants.some((g) => g.role === "district_admin")) {
    // The wizard is district-wide administration: an admin granted some areas only would land on a refusal.
    if (path === "/" && c.req.method === "GET" && districtWide(c.var.user, "district.manage")) return c.redirect(`${c.var.base}/admin`, 303);
    return next();
  }
  if (OPEN_WHILE_ONBOARDING.some((p) => p.test(path))) return next();
  if (wantsJson(c)) throw new AppError({ status: 503, code: "district_onboarding", message: "error.district_onboarding", params: { district: districtDisplayName(district, c.var.locale) } });
  c.header("cache-control", "no-store");
  return c.html(<ComingSoonPage page={pageInfo(c)} district={district} />, 503);
};
