import type { DistrictData } from "../../data/district-data";
import { AppError } from "../../http/errors";

// A district's civil affairs bureau keeps the credit lists and evaluates only the
// organizations it registered (社会组织信用信息管理办法 art. 3: each bureau manages the
// credit information of the organizations registered with it). Organizations registered
// elsewhere, or filed (备案) with a 街道 or 乡镇, stay in the directory, read-only here.

export type RegistrationScope = "own" | "other" | "filed";

export function notInJurisdiction(scope?: string): AppError {
  return new AppError({ status: 409, code: "conflict", message: scope === "filed" ? "disclosure.jurisdiction.filed" : "disclosure.jurisdiction.other", extra: { reason: "not_in_jurisdiction" } });
}

/** Checked inside the write's batch, so a change of scope meanwhile still refuses. */
export function inJurisdictionGuard(data: DistrictData, organizationId: string) {
  return data.guard(data.selectFrom("organizations").select("id").where("id", "=", organizationId).where("registration_scope", "=", "own"));
}
