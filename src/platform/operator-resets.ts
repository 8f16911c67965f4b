import type { PlatformData } from "../data/platform-data";
import { checkCode } from "../auth/code-check";
import { VALID_MINUTES, type CodeKeeping } from "../auth/reset-codes";
import type { Locale } from "../i18n/messages";
import { newId } from "../lib/ids";
import { addMinutes } from "../lib/time";
import { passwordResetCode } from "../notifications/core-kinds";
import { platformMessage } from "./sending";

// What the operators' password reset does (its pages are in password-reset.tsx), as the
// districts' one: a code replaces any earlier one, its message to the operator is written
// in the same batch, and the code works once, within its time and tries; a reset ends
// every session of the operator.

/** Records a code for an active operator at that address: the message to send, or null. */
export async function requestOperatorReset(platform: PlatformData, email: string, code: string, keep: CodeKeeping, locale: Locale, requestId: string | null, now: string): Promise<string | null> {
  const operator = await platform.selectFrom("operators").select(["id", "status"]).where("email", "=", email).executeTakeFirst();
  if (operator?.status !== "active") return null;
  const id = newId();
  const message = platformMessage(platform, passwordResetCode, operator.id, { code: await keep.seal(code), minutes: VALID_MINUTES }, locale);
  await platform.write(
    [
      // A new code replaces any earlier one.
      platform.updateTable("operator_password_resets").set({ used_at: now }).where("operator_id", "=", operator.id).where("used_at", "is", null),
      platform.insertInto("operator_password_resets").values({ id, operator_id: operator.id, code_hash: await keep.hash(id, code), expires_at: addMinutes(now, VALID_MINUTES), used_at: null, attempts: 0, created_at: now }),
      message.insert,
    ],
    { id: operator.id, role: "platform_operator", requestId },
    { action: "operator.password_reset_requested", targetType: "operator", targetId: operator.id },
  );
  return message.id;
}

/** Sets the operator's new password if the code is right: false otherwise (a wrong code counts against the tries). */
export async function confirmOperatorReset(platform: PlatformData, input: { email: string; code: string }, hashCode: CodeKeeping["hash"], passwordHash: () => Promise<string>, requestId: string | null, now: string): Promise<boolean> {
  const operator = await platform.selectFrom("operators").select(["id", "status"]).where("email", "=", input.email).executeTakeFirst();
  if (operator?.status !== "active") return false;
  const resetId = await checkCode(platform, platform.selectFrom("operator_password_resets").where("operator_id", "=", operator.id), platform.updateTable("operator_password_resets"), input.code, hashCode, now);
  if (!resetId) return false;
  // The rest of the batch holds only if this batch's first update claimed the code.
  const claimed = platform.selectFrom("operator_password_resets").select("id").where("id", "=", resetId).where("used_at", "=", now);
  const [used] = await platform.write<{ id: string }>(
    [
      // Used once: the update that claims the code is the one that counts.
      platform.updateTable("operator_password_resets").set({ used_at: now }).where("id", "=", resetId).where("used_at", "is", null).returning("id"),
      platform
        .updateTable("operators")
        .set({ password_hash: await passwordHash(), updated_at: now })
        .where("id", "=", operator.id)
        .where((eb) => eb.exists(claimed)),
      // Whoever held the old password is signed out everywhere.
      platform
        .deleteFrom("operator_sessions")
        .where("operator_id", "=", operator.id)
        .where((eb) => eb.exists(claimed)),
      platform.deleteFrom("operator_login_failures").where("email", "=", input.email),
    ],
    { id: operator.id, role: "platform_operator", requestId },
    { action: "operator.password_reset", targetType: "operator", targetId: operator.id },
  );
  return Boolean(used?.length);
}
