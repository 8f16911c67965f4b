import { sql } from "kysely";
import { pepper } from "../../auth/accounts";
import { hashPassword } from "../../auth/password";
import { accountStatements } from "../../auth/provision";
import { newSession } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import { isForeignKeyViolation } from "../../data/db-errors";
import { isUniqueViolation } from "../../data/kysely";
import { platformData } from "../../data/platform-data";
import type { AppEnv } from "../../env";
import type { Locale } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { randomToken, sha256Hex } from "../../lib/crypto";
import { addMinutes, nowIso } from "../../lib/time";
import { protect } from "../../lib/personal-data";
import { notify } from "../../core/module-contract";
import { runCompiled } from "../../tenants/apply";
import { invitationSent } from "./notifications";
import type { InvitableRole, InvitationsTable } from "./tables";

// One-time invitation links. The link carries a random 256-bit token; only its SHA-256
// is stored, so the database alone cannot produce a working link. A link is shown once
// to whoever issued it and sent to the address (the token sealed in the outbox row);
// "resend" issues and sends a new link and the old one stops working. Accepting creates the account with accountStatements,
// claiming the address in PLATFORM's account_directory first (one district per address).

export const INVITATION_DAYS = 7;

export interface NewInvitation {
  email: string;
  role: InvitableRole;
  scopeArea: string;
  /** The language the link is sent in; zh-CN when not chosen. */
  locale?: Locale;
  invitedBy: { userId: string } | { operatorId: string };
}

export type IssueResult = { ok: true; id: string; token: string; expiresAt: string } | { ok: false; reason: "email_other_district" | "email_has_account" | "already_pending" };

/** Whether an address may be invited to this district: not claimed elsewhere, no account here. */
async function addressTaken(env: AppEnv["Bindings"], data: DistrictData, email: string) {
  const claim = await platformData(env).selectFrom("account_directory").select("district_code").where("email", "=", email).executeTakeFirst();
  if (!claim) return null;
  return claim.district_code === data.districtId ? ("email_has_account" as const) : ("email_other_district" as const);
}

async function sendLink(env: AppEnv["Bindings"], data: DistrictData, id: string, email: string, token: string, locale: Locale) {
  const seal = (value: string) => protect(value, env.PERSONAL_DATA_KEY);
  const district = locale === "en" ? data.district.nameEn || data.district.nameZh : data.district.nameZh;
  return notify(data, invitationSent, { to: await seal(email), locale, params: { district, token: await seal(token), days: INVITATION_DAYS }, target: { type: "invitation", id } });
}

export async function issueInvitation(data: DistrictData, env: AppEnv["Bindings"], input: NewInvitation): Promise<IssueResult> {
  const taken = await addressTaken(env, data, input.email);
  if (taken) return { ok: false, reason: taken };
  const now = nowIso();
  const id = newId();
  const token = randomToken();
  const expiresAt = addMinutes(now, INVITATION_DAYS * 24 * 60);
  try {
    await data.write(
      [
        // An expired link to the same address gives way to the new one.
        data.updateTable("invitations").set({ status: "revoked", updated_at: now }).where("email", "=", input.email).where("status", "=", "pending").where("expires_at", "<=", now),
        data.insertInto("invitations", {
          id,
          token_hash: await sha256Hex(token),
          email: input.email,
          role: input.role,
          scope_area: input.scopeArea,
          status: "pending",
          invited_by: "userId" in input.invitedBy ? input.invitedBy.userId : null,
          invited_by_operator: "operatorId" in input.invitedBy ? input.invitedBy.operatorId : null,
          expires_at: expiresAt,
          sent_count: 1,
          locale: input.locale ?? "zh-CN",
          accepted_at: null,
          accepted_user_id: null,
          created_at: now,
          updated_at: now,
        }),
        await sendLink(env, data, id, input.email, token, input.locale ?? "zh-CN"),
      ],
      { action: "invitation.issued", targetType: "invitation", targetId: id, after: { email: input.email, role: input.role, scopeArea: input.scopeArea, expiresAt } },
    );
  } catch (error) {
    if (isUniqueViolation(error, "invitations")) return { ok: false, reason: "already_pending" };
    throw error;
  }
  return { ok: true, id, token, expiresAt };
}

/** A new link for a pending invitation (the old link stops working) and a fresh expiry. */
export async function resendInvitation(env: AppEnv["Bindings"], data: DistrictData, id: string): Promise<{ ok: true; token: string; expiresAt: string; email: string } | { ok: false; reason: "not_found" | "not_pending" }> {
  const row = await data.selectFrom("invitations").select(["id", "status", "email", "sent_count", "locale"]).where("id", "=", id).executeTakeFirst();
  if (!row) return { ok: false, reason: "not_found" };
  if (row.status !== "pending") return { ok: false, reason: "not_pending" };
  const now = nowIso();
  const token = randomToken();
  const tokenHash = await sha256Hex(token);
  const expiresAt = addMinutes(now, INVITATION_DAYS * 24 * 60);
  const [updated] = await data.write(
    [
      data
        .updateTable("invitations")
        .set((eb) => ({ token_hash: tokenHash, sent_count: eb("sent_count", "+", 1), expires_at: expiresAt, updated_at: now }))
        .where("id", "=", id)
        .where("status", "=", "pending")
        .returning("id"),
      await sendLink(env, data, id, row.email, token, row.locale),
    ],
    { action: "invitation.resent", targetType: "invitation", targetId: id, after: { expiresAt, sentCount: row.sent_count + 1 } },
  );
  if (!updated?.length) return { ok: false, reason: "not_pending" };
  return { ok: true, token, expiresAt, email: row.email };
}

export async function revokeInvitation(data: DistrictData, id: string): Promise<"revoked" | "not_found" | "not_pending"> {
  const row = await data.selectFrom("invitations").select(["status"]).where("id", "=", id).executeTakeFirst();
  if (!row) return "not_found";
  if (row.status !== "pending") return "not_pending";
  const now = nowIso();
  const [updated] = await data.write([data.updateTable("invitations").set({ status: "revoked", updated_at: now }).where("id", "=", id).where("status", "=", "pending").returning("id")], {
    action: "invitation.revoked",
    targetType: "invitation",
    targetId: id,
  });
  return updated?.length ? "revoked" : "not_pending";
}

/** The district's invitations, newest first. */
export function recentInvitations(data: DistrictData, limit: number) {
  return data.selectFrom("invitations").select(["id", "email", "role", "scope_area", "status", "expires_at", "created_at"]).orderBy("created_at", "desc").limit(limit).execute();
}

export async function invitationEmail(data: DistrictData, id: string): Promise<string | undefined> {
  return (await data.selectFrom("invitations").select("email").where("id", "=", id).executeTakeFirst())?.email;
}

export type InvitationState = "valid" | "expired" | "used" | "revoked";

export function invitationState(row: Pick<InvitationsTable, "status" | "expires_at">, now = nowIso()): InvitationState {
  if (row.status === "accepted") return "used";
  if (row.status === "revoked") return "revoked";
  return row.expires_at <= now ? "expired" : "valid";
}

export async function findInvitationByToken(data: DistrictData, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  return (
    (await data
      .selectFrom("invitations")
      .selectAll()
      .where("token_hash", "=", await sha256Hex(token))
      .executeTakeFirst()) ?? null
  );
}

/** Accepted: the new account, and the token of the session it is signed in with. */
export type AcceptResult = { ok: true; userId: string; role: InvitableRole; sessionToken: string } | { ok: false; reason: InvitationState | "not_found" | "email_taken" };

/**
 * Accepts an invitation: claims the address platform-wide, then in one batch creates
 * the user and role only while the link is still open, marks the invitation used and
 * appends the audit event. Two people using one link at once race for the address
 * claim; the loser is told the link has been used.
 */
export async function acceptInvitation(data: DistrictData, env: AppEnv["Bindings"], token: string, input: { displayName: string; password: string }): Promise<AcceptResult> {
  const invitation = await findInvitationByToken(data, token);
  if (!invitation) return { ok: false, reason: "not_found" };
  const state = invitationState(invitation);
  if (state !== "valid") return { ok: false, reason: state };

  const platform = platformData(env);
  const now = nowIso();
  const userId = newId();
  const passwordHash = await hashPassword(input.password, pepper(env));
  // The link must still be this one, open and unexpired when the batch runs.
  const stillOpen = sql<boolean>`EXISTS (SELECT 1 FROM invitations WHERE district_id = ${data.districtId} AND id = ${invitation.id} AND token_hash = ${invitation.token_hash} AND status = 'pending' AND expires_at > ${now})`;
  const account = accountStatements(
    {
      districtCode: data.districtId,
      id: userId,
      email: invitation.email,
      displayName: input.displayName,
      passwordHash,
      grants: [{ role: invitation.role, scopeArea: invitation.scope_area }],
      // The language they were invited in, until they choose another.
      locale: invitation.locale,
    },
    now,
    { userOnlyIf: stillOpen },
  );
  // The platform-wide claim on the address comes first: one district per address.
  try {
    await runCompiled(env.PLATFORM, account.platform);
  } catch (error) {
    if (!isUniqueViolation(error, "account_directory")) throw error;
    // Claimed for this district: the account is being (or has been) made from this
    // link by whoever used it a moment earlier. Claimed elsewhere: the address is taken.
    const claim = await platform.selectFrom("account_directory").select("district_code").where("email", "=", invitation.email).executeTakeFirst();
    const again = await findInvitationByToken(data, token);
    const closed = again ? invitationState(again) : "not_found";
    if (closed !== "valid") return { ok: false, reason: closed };
    return { ok: false, reason: claim?.district_code === data.districtId ? "used" : "email_taken" };
  }

  // What follows is done by the person whose account this is.
  const acting = data.as({ ...data.actor, id: userId, role: invitation.role });
  const session = await newSession(data, userId);
  try {
    await acting.write(
      [
        ...account.shard.map((q) => ({ compile: () => q })),
        data.updateTable("invitations").set({ status: "accepted", accepted_at: now, accepted_user_id: userId, updated_at: now }).where("id", "=", invitation.id).where("status", "=", "pending"),
        session.insert,
      ],
      { action: "invitation.accepted", targetType: "invitation", targetId: invitation.id, after: { user: userId, role: invitation.role, scopeArea: invitation.scope_area } },
    );
  } catch (error) {
    await platform.deleteFrom("account_directory").where("email", "=", invitation.email).where("user_id", "=", userId).execute();
    // The user row was not inserted (the link closed meanwhile), so the role grant
    // that references it broke the foreign key and the whole batch rolled back.
    if (isForeignKeyViolation(error)) {
      const again = await findInvitationByToken(data, token);
      const closed = again ? invitationState(again) : "not_found";
      if (closed !== "valid") return { ok: false, reason: closed };
    }
    throw error;
  }
  return { ok: true, userId, role: invitation.role, sessionToken: session.token };
}
