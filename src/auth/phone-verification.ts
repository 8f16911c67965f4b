import type { Context } from "hono";
import type { Compilable } from "kysely";
import { notify } from "../core/module-contract";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { newId } from "../lib/ids";
import { protect } from "../lib/personal-data";
import { addMinutes, nowIso } from "../lib/time";
import { phoneCode } from "../notifications/core-kinds";
import { pepper } from "./accounts";
import { checkCode, MAX_TRIES } from "./code-check";
import { codeHash, resetCode } from "./password-reset";

// A mobile number given at organization sign-up is proved by a six-digit SMS code before
// it becomes the account's SMS contact: good for 10 minutes and five tries, one code a
// minute and five an hour per number (on top of the per-client limit on anonymous writes).
// The number is kept only as a keyed hash here; the message carries it sealed.

export const PHONE_CODE_MINUTES = 10;
const PER_HOUR = 5;

const phoneHash = (c: Context<AppEnv>, phone: string) => sha256Hex(`${pepper(c.env)}:phone:${phone}`);

/** Sends a code to the number, or answers how many minutes to wait before another. */
export async function sendPhoneCode(c: Context<AppEnv>, phone: string): Promise<{ sent: true } | { sent: false; minutes: number }> {
  const data = c.var.data;
  const now = nowIso();
  const hash = await phoneHash(c, phone);
  const recent = await data.selectFrom("phone_verifications").select("created_at").where("phone_hash", "=", hash).where("created_at", ">", addMinutes(now, -60)).orderBy("created_at", "desc").execute();
  const last = recent[0]?.created_at;
  if (last && last > addMinutes(now, -1)) return { sent: false, minutes: 1 };
  if (recent.length >= PER_HOUR) return { sent: false, minutes: Math.max(1, Math.ceil((Date.parse(recent[PER_HOUR - 1]!.created_at) + 3_600_000 - Date.parse(now)) / 60_000)) };
  const id = newId();
  const code = resetCode();
  await data.write(
    [
      data.insertInto("phone_verifications", { id, phone_hash: hash, code_hash: await codeHash(c, id, code), expires_at: addMinutes(now, PHONE_CODE_MINUTES), attempts: 0, used_at: null, created_at: now }),
      notify(data, phoneCode, {
        to: await protect(phone, c.env.PERSONAL_DATA_KEY),
        locale: c.var.locale,
        params: { code: await protect(code, c.env.PERSONAL_DATA_KEY), minutes: PHONE_CODE_MINUTES },
        target: { type: "phone_verification", id },
      }),
    ],
    // No number in the audit log.
    { action: "auth.phone_code_sent", targetType: "phone_verification", targetId: id },
  );
  return { sent: true };
}

/**
 * Checks the code for the number without using it up: the statements that use it, for the
 * batch of the sign-up it proves (a refused sign-up keeps its code), or false. A wrong code
 * counts against the tries at once. The guard makes the batch fail if the code was used,
 * ran out of tries or expired in between, so one code proves one sign-up.
 */
export async function checkPhoneCode(c: Context<AppEnv>, phone: string, code: string): Promise<Compilable[] | false> {
  const data = c.var.data;
  const now = nowIso();
  const id = await checkCode(data, data.selectFrom("phone_verifications").where("phone_hash", "=", await phoneHash(c, phone)), data.updateTable("phone_verifications"), code, (rowId, typed) => codeHash(c, rowId, typed), now);
  if (!id) return false;
  return [
    data.guard(data.selectFrom("phone_verifications").select("id").where("id", "=", id).where("used_at", "is", null).where("attempts", "<", MAX_TRIES)),
    data.updateTable("phone_verifications").set({ used_at: now }).where("id", "=", id).where("used_at", "is", null),
  ];
}
