import type { Context } from "hono";
import type { Compilable } from "kysely";
import type { AppEnv, Env } from "../env";
import { DistrictData } from "../data/district-data";
import type { Role } from "../data/schema";
import { isUniqueViolation } from "../data/kysely";
import { platformData, type PlatformData } from "../data/platform-data";
import { findDistrict, shardDatabase } from "../district-lookup/district-registry";
import { randomToken } from "../lib/crypto";
import { newId } from "../lib/ids";
import { organizationNameTaken } from "../lib/names";
import { addMinutes, nowIso } from "../lib/time";
import { rotateCsrfToken } from "../http/csrf";
import { AppError } from "../http/errors";
import { LOCKOUT_WINDOW_MINUTES, lockoutMinutes, rowid, type ReservedAttempt } from "./lockout";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { clearSessionCookie, newSession, setSessionCookie } from "./sessions";
import { notify } from "../core/module-contract";
import { existingAccountSignUp } from "../notifications/core-kinds";

// What signing in, signing out, changing a password and signing up do, once, for both
// the pages and the JSON API.

export { LOCKOUT_FAILURES, LOCKOUT_WINDOW_MINUTES } from "./lockout";

export function pepper(env: Env): string {
  const value = env.PASSWORD_PEPPER;
  if (!value) throw new Error("PASSWORD_PEPPER is not set (wrangler secret put PASSWORD_PEPPER, or .dev.vars locally)");
  return value;
}

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "locked"; minutes: number };

export async function signIn(c: Context<AppEnv>, email: string, password: string): Promise<SignInResult> {
  const data = c.var.data;
  const now = nowIso();
  // The attempt is reserved before the password is checked (src/auth/lockout.ts).
  const [reserved, recent, users] = await data.writeUnaudited([
    data.insertInto("login_failures", { email, failed_at: now }).returning(rowid.as("rowid")),
    data
      .selectFrom("login_failures")
      .select([rowid.as("rowid"), "failed_at"])
      .where("email", "=", email)
      .where("failed_at", ">", addMinutes(now, -LOCKOUT_WINDOW_MINUTES)),
    data.selectFrom("users").select(["id", "password_hash", "status"]).where("email", "=", email),
  ]);
  const own = Number((reserved![0] as { rowid: number }).rowid);
  const release = data.deleteFrom("login_failures").where("email", "=", email).where(rowid, "=", own);
  // Locked or not is decided by the address alone, account or no account, so the
  // lockout says nothing about which addresses exist. A refused attempt is not counted.
  const minutes = lockoutMinutes(recent as unknown as ReservedAttempt[], own);
  if (minutes > 0) {
    await data.writeUnaudited([release]);
    return { ok: false, reason: "locked", minutes };
  }
  const user = users?.[0] as { id: string; password_hash: string; status: string } | undefined;
  // Without an account the same hashing work is done, so the answer takes as long either way.
  if (!user) await burnPasswordCheck(password, pepper(c.env));
  const valid = user ? await verifyPassword(password, user.password_hash, pepper(c.env)) : false;
  // A wrong password leaves the reserved row in place: it is the recorded failure.
  if (!user || !valid || user.status !== "active") return { ok: false, reason: "invalid" };
  // A new session id at every sign-in (no fixation); the old one, if any, is ended.
  const session = await newSession(data, user.id);
  const previous = c.var.user?.sessionHash;
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: user.id!, role: "user" });
  await acting.write(
    [
      // This attempt and the failures reserved before it; attempts made meanwhile still count.
      data.deleteFrom("login_failures").where("email", "=", email).where(rowid, "<=", own),
      ...(previous ? [data.deleteFrom("sessions").where("id_hash", "=", previous)] : []),
      session.insert,
    ],
    { action: "auth.signed_in", targetType: "user", targetId: user.id },
  );
  setSessionCookie(c, session.token);
  rotateCsrfToken(c);
  return { ok: true, userId: user.id };
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
  rotateCsrfToken(c);
}

export async function changePassword(c: Context<AppEnv>, current: string, next: string): Promise<"changed" | "wrong_current"> {
  const data = c.var.data;
  const user = c.var.user!;
  const row = await data.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash, pepper(c.env)))) return "wrong_current";
  const now = nowIso();
  await data.write(
    [
      data
        .updateTable("users")
        .set({ password_hash: await hashPassword(next, pepper(c.env)), password_changed_at: now, updated_at: now })
        .where("id", "=", user.id),
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
  /** A mobile number proved by an SMS code (phone-verification.ts), sealed: the account's SMS contact. */
  phoneProtected?: string | null;
  /** The statements that use up the number's code (checkPhoneCode), in the sign-up's own batch. */
  phoneCodeUse?: readonly Compilable[];
}

/**
 * What a sign-up may tell the person: "received" whether or not the address already had
 * an account here or in another district, so sign-up reveals no address. Nobody is
 * signed in by it; the new account signs in with its password.
 */
export type SignUpResult = { ok: true } | { ok: false; reason: "uscc_taken" | "name_taken" | "phone_code" };

/**
 * Someone signed up with an address that already has an account: instead of telling
 * them, the event is recorded for that account, in its own district's audit log, where
 * the account's notice channel picks it up.
 */
async function noticeExistingAccount(c: Context<AppEnv>, platform: PlatformData, email: string, password: string): Promise<void> {
  // The same hashing cost as creating the account, so timing does not tell either.
  await burnPasswordCheck(password, pepper(c.env));
  const claim = await platform.selectFrom("account_directory").select(["district_code", "user_id"]).where("email", "=", email).executeTakeFirst();
  const district = claim ? await findDistrict(c.env, claim.district_code) : null;
  if (!claim || !district) return;
  const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: null, role: "public", requestId: c.var.requestId });
  // The owner hears of it through their own channels, in the district that holds the account.
  const notice = notify(data, existingAccountSignUp, { to: claim.user_id, params: { district: c.var.district.nameZh }, target: { type: "user", id: claim.user_id } });
  await data.write([notice], { action: "auth.sign_up_with_existing_address", targetType: "user", targetId: claim.user_id, after: { district: c.var.district.code } });
}

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
  // Only staff may register a second organization under a name already listed (src/lib/names.ts).
  if (await organizationNameTaken(data, input.organizationName)) return { ok: false, reason: "name_taken" };
  const claimed = await platform
    .insertInto("account_directory")
    .values({ email: input.email, district_code: data.districtId, user_id: userId, created_at: now })
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Spent as for a new account, so the code's fate tells nothing about the address either.
    if (input.phoneCodeUse?.length) await data.writeUnaudited(input.phoneCodeUse.slice(1));
    await noticeExistingAccount(c, platform, input.email, input.password);
    return { ok: true };
  }
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: userId, role: "org_member" });
  const codeSpent = new AppError({ status: 422, code: "validation", message: "auth.signUp.codeWrong" });
  try {
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
        ...(input.phoneProtected ? [data.insertInto("notification_contacts", { user_id: userId, phone_protected: input.phoneProtected, wechat_openid: null, digest: 0, unsubscribe_key: randomToken(24), updated_at: now })] : []),
        ...(input.phoneCodeUse ?? []),
      ],
      {
        action: "auth.organization_signed_up",
        targetType: "organization",
        targetId: organizationId,
        after: { organization: input.organizationName, kind: input.kind, uscc: input.uscc, user: userId },
      },
      { stale: () => codeSpent },
    );
  } catch (error) {
    await platform.deleteFrom("account_directory").where("email", "=", input.email).where("user_id", "=", userId).execute();
    if (error === codeSpent) return { ok: false, reason: "phone_code" };
    // Two sign-ups with one credit code at once: the database lets one through.
    if (isUniqueViolation(error, "organizations")) return { ok: false, reason: "uscc_taken" };
    throw error;
  }
  return { ok: true };
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
): Promise<{ ok: true }> {
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
    await noticeExistingAccount(c, platform, input.email, input.password);
    return { ok: true };
  }
  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: userId, role: "user" });
  try {
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
      ],
      { ...audit, after: { ...audit.after, user: userId } },
    );
  } catch (error) {
    await platform.deleteFrom("account_directory").where("email", "=", input.email).where("user_id", "=", userId).execute();
    throw error;
  }
  return { ok: true };
}

/** A signed-in account as the sign-in answer shows it: name, address and roles. */
export async function accountWithGrants(data: DistrictData, userId: string) {
  const user = await data.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", userId).executeTakeFirstOrThrow();
  const grants = await data.selectFrom("role_grants").select(["role", "scope_area", "organization_id"]).where("user_id", "=", userId).execute();
  return { id: user.id, email: user.email, displayName: user.display_name, grants: grants.map((g) => ({ role: g.role, scopeArea: g.scope_area, organizationId: g.organization_id })) };
}

/** The roles an account holds. */
export async function rolesOf(data: DistrictData, userId: string): Promise<Role[]> {
  return (await data.selectFrom("role_grants").select("role").where("user_id", "=", userId).execute()).map((g) => g.role);
}
