import type { MiddlewareHandler } from "hono";
import { clearSessionCookie, loadSession } from "../auth/sessions";
import { defaultRole } from "../http/routes";
import { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import { AppError } from "../http/errors";
import { districtDisplayName } from "../ui/layout";
import { readOnlyResponse, refusesWrite } from "../operations/read-only";
import { findDistrict, shardDatabase } from "./district-registry";

/**
 * Resolves the district of a request (from /d/{code}/ or, via src/index.ts, from the
 * Host header), refuses unknown and suspended districts, and gives the handlers a
 * DistrictData bound to the district's shard. Then loads the session.
 */
export const resolveDistrict: MiddlewareHandler<AppEnv> = async (c, next) => {
  const code = c.env.HOST_DISTRICT ?? c.req.param("districtCode") ?? "";
  c.set("base", c.env.HOST_DISTRICT ? "" : `/d/${code}`);
  const district = await findDistrict(c.env, code);
  if (!district) throw new AppError({ status: 404, code: "district_not_found", message: "error.district_not_found" });
  if (district.status === "suspended") {
    throw new AppError({ status: 503, code: "district_suspended", message: "error.district_suspended", params: { district: districtDisplayName(district, c.var.locale) } });
  }
  c.set("district", district);
  if (refusesWrite(district, c.req.method)) return readOnlyResponse(c, district);
  const anonymous = new DistrictData(district, shardDatabase(c.env, district.shard), { id: null, role: "public", requestId: c.var.requestId });
  c.set("data", anonymous);
  const session = await loadSession(c, anonymous);
  c.set("user", session.kind === "user" ? session.user : null);
  c.set("foreignSession", session.kind === "foreign");
  if (session.kind === "user" && session.unread !== undefined) c.set("unreadNotifications", session.unread);
  if (session.kind === "expired") clearSessionCookie(c);
  // The actor is fixed here, with the session: the signed-in person under their first
  // grant. The authorization check narrows the role to the grant a permission is
  // exercised under (src/http/routes.ts), by handing the handler a DistrictData of its own.
  c.set("data", session.kind === "user" ? anonymous.as({ id: session.user.id, role: defaultRole(session.user), requestId: c.var.requestId }) : anonymous);
  await next();
};
