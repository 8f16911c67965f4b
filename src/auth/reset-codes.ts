import type { DistrictData } from "../data/district-data";
import { notify } from "../core/module-contract";
import { checkCode } from "./code-check";
import { newId } from "../lib/ids";
import { addMinutes } from "../lib/time";
import { passwordResetCode } from "../notifications/core-kinds";

// What the district password reset does (its pages are in password-reset.tsx): a code
// replaces any earlier one and is sent as an urgent notification in the same batch; the
// code works once, within its time and tries, and a reset ends every session.

export const VALID_MINUTES = 15;
export { MAX_TRIES } from "./code-check";

/** How a code is kept and sent: its keyed hash (by the reset's id) and its sealed form. */
export interface CodeKeeping {
  hash: (id: string, code: string) => Promise<string>;
  seal: (code: string) => Promise<string>;
}

/** Records and sends a code for an active account at that address; nothing otherwise. */
export async function requestPasswordReset(data: DistrictData, email: string, code: string, keep: CodeKeeping, now: string): Promise<void> {
  const user = await data.selectFrom("users").select(["id", "status"]).where("email", "=", email).executeTakeFirst();
  if (user?.status !== "active") return;
  const id = newId();
  await data.as({ id: user.id, role: "user", requestId: data.actor.requestId }).write(
    [
      // A new code replaces any earlier one.
      data.updateTable("password_resets").set({ used_at: now }).where("user_id", "=", user.id).where("used_at", "is", null),
      data.insertInto("password_resets", { id, user_id: user.id, code_hash: await keep.hash(id, code), expires_at: addMinutes(now, VALID_MINUTES), used_at: null, attempts: 0, created_at: now }),
      notify(data, passwordResetCode, { to: user.id, params: { code: await keep.seal(code), minutes: VALID_MINUTES }, target: { type: "user", id: user.id } }),
    ],
    { action: "auth.password_reset_requested", targetType: "user", targetId: user.id },
  );
}

/**
 * Sets the new password if the code is right for the address: false for no account, no
 * live code, a spent one or a wrong one (which counts against the tries). The password's
 * hash is computed only for a right code.
 */
export async function confirmPasswordReset(data: DistrictData, input: { email: string; code: string }, hashCode: CodeKeeping["hash"], passwordHash: () => Promise<string>, now: string): Promise<boolean> {
  const user = await data.selectFrom("users").select(["id", "status"]).where("email", "=", input.email).executeTakeFirst();
  if (user?.status !== "active") return false;
  const resetId = await checkCode(data, data.selectFrom("password_resets").where("user_id", "=", user.id), data.updateTable("password_resets"), input.code, hashCode, now);
  if (!resetId) return false;
  await data.as({ id: user.id, role: "user", requestId: data.actor.requestId }).write(
    [
      // Used once: a second use of the same code finds no unused row and changes nothing.
      data.guard(data.selectFrom("password_resets").select("id").where("id", "=", resetId).where("used_at", "is", null)),
      data.updateTable("password_resets").set({ used_at: now }).where("id", "=", resetId),
      data
        .updateTable("users")
        .set({ password_hash: await passwordHash(), password_changed_at: now, updated_at: now })
        .where("id", "=", user.id),
      // Whoever held the old password is signed out everywhere.
      data.deleteFrom("sessions").where("user_id", "=", user.id),
      data.deleteFrom("login_failures").where("email", "=", input.email),
    ],
    { action: "auth.password_reset", targetType: "user", targetId: user.id },
  );
  return true;
}
