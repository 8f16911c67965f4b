import type { Context } from "hono";
import type { Compilable } from "kysely";
import type { AppEnv, Env } from "../env";
import { isUniqueViolation } from "../data/kysely";
import { platformData } from "../data/platform-data";
import { newId } from "../lib/ids";
import { addMinutes, nowIso } from "../lib/time";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { clearSessionCookie, newSession, setSessionCookie } from "./sessions";

// What signing in, signing out, changing a password and signing up do, once, for both
// the pages and the JSON API.

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

export function pepper(env: Env): string {
  const value = env.PASSWORD_PEPPER;
  if (!value) throw new Error("PASSWORD_PEPPER is not set (wrangler secret put PASSWORD_PEPPER, or .dev.vars locally)");
  return value;
}

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; minutes: number };

export async function signIn(c: Context<AppEnv>, email: string, password: string): Promise<SignInResult> {
  const data = c.var.data;
  const now = nowIso();
  const windowStart = addMinutes(now, -LOCKOUT_WINDOW_MINUTES);
  const [failures, users] = await data.read<Record<string, string>>([
    data
      .selectFrom("login_failures")
      .select("failed_at")
      .where("email", "=", email)
      .where("failed_at", ">", windowStart)
      .orderBy("failed_at", "desc")
      .limit(LOCKOUT_FAILURES),
    data.selectFrom("users").select(["id", "password_hash", "status"]).where("email", "=", email),
  ]);
  // Locked or not is decided by the address alone, account or no account, so the
  // lockout says nothing about which addresses exist.
  if ((failures?.length ?? 0) >= LOCKOUT_FAILURES) {
    const oldest = failures![LOCKOUT_FAILURES - 1]!.failed_at!;
    const minutes = Math.max(1, Math.ceil((Date.parse(addMinutes(oldest, LOCKOUT_WINDOW_MINUTES)) - Date.now()) / 60_000));
    return { ok: false, reason: "locked", minutes };
  }
  const user = users?.[0];
  const valid = user ? await verifyPassword(password, user.password_hash!, pepper(c.env)) : (await burnPasswordCheck(password, pepper(c.env)), false);
  if (!user || !valid || user.status !== "active") {
    await data.writeUnaudited([data.insertInto("login_failures", { email, failed_at: now })]);
    return { ok: false, reason: "invalid" };
  }
  // A new session id at every sign-in (no fixation); the old one, if any, is ended.
  const session = await newSession(data, user.id!);
  const previous = c.var.user?.sessionHash;
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: user.id!, role: "user" });
  await acting.write(
    [
      data.deleteFrom("login_failures").where("email", "=", email),
      ...(previous ? [data.deleteFrom("sessions").where("id_hash", "=", previous)] : []),
      session.insert,
    ],
    { action: "auth.signed_in", targetType: "user", targetId: user.id! },
  );
  setSessionCookie(c, session.token);
  return { ok: true, userId: user.id! };
}

export async function signOut(c: Context<AppEnv>): Promise<void> {
  const user = c.var.user;
  if (user) {
    const data = c.var.data;
    await data.write([data.deleteFrom("sessions").where("id_hash", "=", user.sessionHash)], {
      action: "auth.signed_out",
      targetType: "user",
      targetId: user.id,
    });
  }
  clearSessionCookie(c);
}

export async function changePassword(c: Context<AppEnv>, current: string, next: string): Promise<"changed" | "wrong_current"> {
  const data = c.var.data;
  const user = c.var.user!;
  const row = await data.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash, pepper(c.env)))) return "wrong_current";
  const now = nowIso();
  await data.write(
    [
      data.updateTable("users").set({ password_hash: await hashPassword(next, pepper(c.env)), password_changed_at: now, updated_at: now }).where("id", "=", user.id),
      // Every other session of this user ends: a changed password locks out whoever had it.
      data.deleteFrom("sessions").where("user_id", "=", user.id).where("id_hash", "!=", user.sessionHash),
    ],
    { action: "auth.password_changed", targetType: "user", targetId: user.id },
  );
  return "changed";
}

export interface OrganizationSignUp {
  email: string;
  password: string;
  displayName: string;
  organizationName: string;
  kind: "registered" | "founding_team";
  uscc: string | null;
}

export type SignUpResult = { ok: true; userId: string; organizationId: string } | { ok: false; reason: "email_taken" | "uscc_taken" };

/**
 * An organization registers itself: a user, an unverified organization record and the
 * org_member role, in one batch with its audit event. The address is first claimed in
 * the platform's account directory, because one address may hold roles in one district
 * only; if the district write then fails, the claim is released.
 */
export async function signUpOrganization(c: Context<AppEnv>, input: OrganizationSignUp): Promise<SignUpResult> {
  const data = c.var.data;
  const platform = platformData(c.env);
  const now = nowIso();
  const userId = newId();
  const organizationId = newId();

  if (input.uscc) {
    const existing = await data.selectFrom("organizations").select("id").where("uscc", "=", input.uscc).executeTakeFirst();
    if (existing) return { ok: false, reason: "uscc_taken" };
  }
  const claimed = await platform
    .insertInto("account_directory")
    .values({ email: input.email, district_code: data.districtId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    await burnPasswordCheck(input.password, pepper(c.env));
    return { ok: false, reason: "email_taken" };
  }
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: userId, role: "org_member" });
  try {
    const session = await newSession(data, userId);
    await acting.write(
      [
        data.insertInto("organizations", {
          id: organizationId,
          name: input.organizationName,
          uscc: input.uscc,
          kind: input.kind,
          org_type: "",
          area_code: null,
          verification: "unverified",
          created_at: now,
          updated_at: now,
        }),
        data.insertInto("users", {
          id: userId,
          email: input.email,
          display_name: input.displayName,
          password_hash: await hashPassword(input.password, pepper(c.env)),
          status: "active",
          locale: c.var.locale,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        }),
        data.insertInto("role_grants", { user_id: userId, role: "org_member", scope_area: "", organization_id: organizationId, created_at: now }),
        session.insert,
      ],
      {
        action: "auth.organization_signed_up",
        targetType: "organization",
        targetId: organizationId,
        after: { organization: input.organizationName, kind: input.kind, uscc: input.uscc, user: userId },
      },
    );
    setSessionCookie(c, session.token);
  } catch (error) {
    await platform.deleteFrom("account_directory").where("email", "=", input.email).where("user_id", "=", userId).execute();
    // Two sign-ups with one credit code at once: the database lets one through.
    if (isUniqueViolation(error, "organizations")) return { ok: false, reason: "uscc_taken" };
    throw error;
  }
  return { ok: true, userId, organizationId };
}

export interface PersonSignUp {
  email: string;
  password: string;
  displayName: string;
}

/**
 * A person registers an account with no role yet, together with whatever the caller
 * files in the same batch (for example a claim to act for an organization, which staff
 * verify before any role is granted). Same address rules as signUpOrganization.
 */
export async function signUpPerson(
  c: Context<AppEnv>,
  input: PersonSignUp,
  alongside: (userId: string) => Compilable[],
  audit: { action: string; targetType: string; targetId: string; after?: Record<string, unknown> },
): Promise<{ ok: true; userId: string } | { ok: false; reason: "email_taken" }> {
  const data = c.var.data;
  const platform = platformData(c.env);
  const now = nowIso();
  const userId = newId();
  const claimed = await platform
    .insertInto("account_directory")
    .values({ email: input.email, district_code: data.districtId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    await burnPasswordCheck(input.password, pepper(c.env));
    return { ok: false, reason: "email_taken" };
  }
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: userId, role: "user" });
  try {
    const session = await newSession(data, userId);
    await acting.write(
      [
        data.insertInto("users", {
          id: userId,
          email: input.email,
          display_name: input.displayName,
          password_hash: await hashPassword(input.password, pepper(c.env)),
          status: "active",
          locale: c.var.locale,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        }),
        ...alongside(userId),
        session.insert,
      ],
      { ...audit, after: { ...audit.after, user: userId } },
    );
    setSessionCookie(c, session.token);
  } catch (error) {
    await platform.deleteFrom("account_directory").where("email", "=", input.email).where("user_id", "=", userId).execute();
    throw error;
  }
  return { ok: true, userId };
}
