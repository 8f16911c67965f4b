import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AuditEntry } from "../audit/append";
import { pepper } from "../auth/accounts";
import { LOCKOUT_WINDOW_MINUTES, lockoutMinutes, rowid, type ReservedAttempt } from "../auth/lockout";
import { burnPasswordCheck, verifyPassword } from "../auth/password";
import { ABSOLUTE_MINUTES, cookieIsSecure, IDLE_MINUTES } from "../auth/sessions";
import { platformData } from "../data/platform-data";
import type { AppEnv } from "../env";
import { rotateCsrfToken } from "../http/csrf";
import { unauthenticated } from "../http/errors";
import { randomToken, sha256Hex } from "../lib/crypto";
import { addMinutes, minutesBetween, nowIso } from "../lib/time";
import type { Compilable } from "kysely";

// Platform operators: separate accounts in PLATFORM with their own sessions (cookie
// "op" on /platform), the same password, lockout and session rules as district
// users, and their own audit chain ("platform").

export const OPERATOR_COOKIE = "op";
const COOKIE_PATH = "/platform";

export interface CurrentOperator {
  id: string;
  email: string;
  displayName: string;
  sessionHash: string;
}

const db = (c: Context<AppEnv>) => platformData(c.env);

export function operatorAudit(c: Context<AppEnv>, actorId: string | null, queries: readonly Compilable[], entry: AuditEntry) {
  return platformData(c.env).write(queries, { id: actorId, role: "platform_operator", requestId: c.var.requestId }, entry);
}

export type OperatorSignIn = { ok: true } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; minutes: number };

export async function signInOperator(c: Context<AppEnv>, email: string, password: string): Promise<OperatorSignIn> {
  const platform = db(c);
  const now = nowIso();
  // The attempt is reserved before the password is checked, as for district users (src/auth/lockout.ts).
  const [reserved, recent, operators] = await platform.writeUnaudited([
    platform.insertInto("operator_login_failures").values({ email, failed_at: now }).returning(rowid.as("rowid")),
    platform
      .selectFrom("operator_login_failures")
      .select([rowid.as("rowid"), "failed_at"])
      .where("email", "=", email)
      .where("failed_at", ">", addMinutes(now, -LOCKOUT_WINDOW_MINUTES)),
    platform.selectFrom("operators").select(["id", "password_hash", "status"]).where("email", "=", email),
  ]);
  const own = Number((reserved![0] as { rowid: number }).rowid);
  const minutes = lockoutMinutes(recent as unknown as ReservedAttempt[], own);
  if (minutes > 0) {
    await platform.deleteFrom("operator_login_failures").where("email", "=", email).where(rowid, "=", own).execute();
    return { ok: false, reason: "locked", minutes };
  }
  const operator = operators?.[0] as { id: string; password_hash: string; status: string } | undefined;
  let valid = false;
  // An unknown name costs as much as a wrong password, so timing does not tell which.
  if (operator) valid = await verifyPassword(password, operator.password_hash, pepper(c.env));
  else await burnPasswordCheck(password, pepper(c.env));
  if (!operator || !valid || operator.status !== "active") return { ok: false, reason: "invalid" };
  const token = randomToken();
  await operatorAudit(
    c,
    operator.id,
    [
      platform.deleteFrom("operator_login_failures").where("email", "=", email).where(rowid, "<=", own),
      platform.insertInto("operator_sessions").values({ id_hash: await sha256Hex(token), operator_id: operator.id, created_at: now, last_seen_at: now, expires_at: addMinutes(now, ABSOLUTE_MINUTES) }),
    ],
    { action: "operator.signed_in", targetType: "operator", targetId: operator.id },
  );
  setCookie(c, OPERATOR_COOKIE, token, { path: COOKIE_PATH, httpOnly: true, secure: cookieIsSecure(c), sameSite: "Strict", maxAge: ABSOLUTE_MINUTES * 60 });
  rotateCsrfToken(c);
  return { ok: true };
}

export async function signOutOperator(c: Context<AppEnv>): Promise<void> {
  const operator = c.get("operator");
  if (operator) {
    await operatorAudit(c, operator.id, [db(c).deleteFrom("operator_sessions").where("id_hash", "=", operator.sessionHash)], {
      action: "operator.signed_out",
      targetType: "operator",
      targetId: operator.id,
    });
  }
  deleteCookie(c, OPERATOR_COOKIE, { path: COOKIE_PATH, secure: cookieIsSecure(c) });
  rotateCsrfToken(c);
}

/** Loads the operator session, if any, for every /platform request. */
export const loadOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("operator", null);
  const token = getCookie(c, OPERATOR_COOKIE);
  if (token) {
    const platform = db(c);
    const idHash = await sha256Hex(token);
    const row = await platform
      .selectFrom("operator_sessions")
      .innerJoin("operators", "operators.id", "operator_sessions.operator_id")
      .select(["operators.id", "operators.email", "operators.display_name", "operators.status", "operator_sessions.last_seen_at", "operator_sessions.expires_at"])
      .where("operator_sessions.id_hash", "=", idHash)
      .executeTakeFirst();
    const now = nowIso();
    if (row && row.status === "active" && row.expires_at > now && minutesBetween(row.last_seen_at, now) <= IDLE_MINUTES) {
      if (minutesBetween(row.last_seen_at, now) > 1) await platform.updateTable("operator_sessions").set({ last_seen_at: now }).where("id_hash", "=", idHash).execute();
      c.set("operator", { id: row.id, email: row.email, displayName: row.display_name, sessionHash: idHash });
    } else if (row) {
      await platform.deleteFrom("operator_sessions").where("id_hash", "=", idHash).execute();
    }
  }
  await next();
};

/** The access check of operator-only routes. */
export const requireOperator: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get("operator")) throw unauthenticated();
  await next();
};
