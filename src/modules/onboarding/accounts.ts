import type { DistrictData } from "../../data/district-data";
import { AppError, notFound } from "../../http/errors";

// Deactivating and reactivating a person's account from the staff page.

/**
 * Sets an account's status; deactivation ends every session of the account in the same
 * batch. Nobody changes their own account here ("self"); 404 for no such person, 409 when
 * the account already has that status.
 */
export async function setAccountStatus(data: DistrictData, actorId: string, userId: string, status: "active" | "disabled", now: string): Promise<{ ok: true; name: string } | { ok: false; reason: "self" }> {
  const user = await data.selectFrom("users").select(["id", "display_name", "status"]).where("id", "=", userId).executeTakeFirst();
  if (!user) throw notFound();
  if (user.id === actorId) return { ok: false, reason: "self" };
  if (user.status === status) throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: user.status, allowed: [user.status === "active" ? "deactivate" : "reactivate"] } });
  await data.write([data.updateTable("users").set({ status, updated_at: now }).where("id", "=", userId), ...(status === "disabled" ? [data.deleteFrom("sessions").where("user_id", "=", userId)] : [])], {
    action: status === "disabled" ? "user.deactivated" : "user.reactivated",
    targetType: "user",
    targetId: userId,
    before: { status: user.status },
    after: { status },
  });
  return { ok: true, name: user.display_name };
}
