import type { Context } from "hono";
import { codeHash, confirmSchema, MAX_TRIES, requestSchema, ResetPage, resetCode, VALID_MINUTES } from "../auth/password-reset";
import { pepper } from "../auth/accounts";
import { hashPassword } from "../auth/password";
import { platformData } from "../data/platform-data";
import type { AppEnv } from "../env";
import type { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { newId } from "../lib/ids";
import { protect } from "../lib/personal-data";
import { addMinutes, nowIso } from "../lib/time";
import { passwordResetCode } from "../notifications/core-kinds";
import { platformMessage, sendPlatformMessage } from "./sending";

// The operators' password reset, as the districts' one (src/auth/password-reset.tsx): the
// same answer for any address, a six-digit code good for 15 minutes and five tries, sent
// through the platform's channel; a reset ends every session of the operator. Both forms
// are anonymous writes behind the per-client limits (the confirmation on the sign-in budget).

const page = (c: Context<AppEnv>, props: Omit<Parameters<typeof ResetPage>[0], "c" | "base" | "operator">) => <ResetPage c={c} base="/platform" operator {...props} />;

export function registerOperatorResetRoutes(r: ReturnType<typeof routes>): void {
  r.get("/password-reset", "public", (c) => c.html(page(c, { step: "request" })));
  r.get("/password-reset/confirm", "public", (c) => c.html(page(c, { step: "confirm" })));

  r.post("/password-reset", "public", async (c) => {
    const form = await readForm(c, requestSchema);
    if (!form.ok) return c.html(page(c, { step: "request", values: form.values, errors: form.errors }), 422);
    const platform = platformData(c.env);
    const operator = await platform.selectFrom("operators").select(["id", "status"]).where("email", "=", form.data.email).executeTakeFirst();
    if (operator?.status === "active") {
      const id = newId();
      const code = resetCode();
      const now = nowIso();
      const message = platformMessage(platform, passwordResetCode, operator.id, { code: await protect(code, c.env.PERSONAL_DATA_KEY), minutes: VALID_MINUTES }, c.var.locale);
      await platform.write(
        [
          // A new code replaces any earlier one.
          platform.updateTable("operator_password_resets").set({ used_at: now }).where("operator_id", "=", operator.id).where("used_at", "is", null),
          platform.insertInto("operator_password_resets").values({ id, operator_id: operator.id, code_hash: await codeHash(c, id, code), expires_at: addMinutes(now, VALID_MINUTES), used_at: null, attempts: 0, created_at: now }),
          message.insert,
        ],
        { id: operator.id, role: "platform_operator", requestId: c.var.requestId },
        { action: "operator.password_reset_requested", targetType: "operator", targetId: operator.id },
      );
      // The first try now; a failed one waits for the dispatch and the queue.
      await sendPlatformMessage(c.env, platform, message.id, new URL(c.req.url).origin);
    }
    return c.html(page(c, { step: "confirm", values: { email: form.data.email }, status: t(c.var.locale, "auth.reset.operatorSent") }));
  });

  r.post("/password-reset/confirm", "public", async (c) => {
    const form = await readForm(c, confirmSchema);
    const keep = { email: form.values.email ?? "", code: form.values.code ?? "" };
    if (!form.ok) return c.html(page(c, { step: "confirm", values: keep, errors: form.errors }), 422);
    const platform = platformData(c.env);
    const now = nowIso();
    const operator = await platform.selectFrom("operators").select(["id", "status"]).where("email", "=", form.data.email).executeTakeFirst();
    const reset = operator
      ? await platform
          .selectFrom("operator_password_resets")
          .select(["id", "code_hash", "attempts"])
          .where("operator_id", "=", operator.id)
          .where("used_at", "is", null)
          .where("expires_at", ">", now)
          .orderBy("created_at", "desc")
          .executeTakeFirst()
      : undefined;
    const refuse = () => c.html(page(c, { step: "confirm", values: keep, message: t(c.var.locale, "auth.reset.invalid") }), 400);
    if (operator?.status !== "active" || !reset || reset.attempts >= MAX_TRIES) return refuse();
    if ((await codeHash(c, reset.id, form.data.code)) !== reset.code_hash) {
      await platform.writeUnaudited([
        platform
          .updateTable("operator_password_resets")
          .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
          .where("id", "=", reset.id),
      ]);
      return refuse();
    }
    const [used] = await platform.write<{ id: string }>(
      [
        // Used once: the update that claims the code is the one that counts.
        platform.updateTable("operator_password_resets").set({ used_at: now }).where("id", "=", reset.id).where("used_at", "is", null).returning("id"),
        platform
          .updateTable("operators")
          .set({ password_hash: await hashPassword(form.data.password, pepper(c.env)), updated_at: now })
          .where("id", "=", operator.id)
          .where((eb) => eb.exists(eb.selectFrom("operator_password_resets").select("id").where("id", "=", reset.id).where("used_at", "=", now))),
        // Whoever held the old password is signed out everywhere.
        platform
          .deleteFrom("operator_sessions")
          .where("operator_id", "=", operator.id)
          .where((eb) => eb.exists(eb.selectFrom("operator_password_resets").select("id").where("id", "=", reset.id).where("used_at", "=", now))),
        platform.deleteFrom("operator_login_failures").where("email", "=", form.data.email),
      ],
      { id: operator.id, role: "platform_operator", requestId: c.var.requestId },
      { action: "operator.password_reset", targetType: "operator", targetId: operator.id },
    );
    if (!used?.length) return refuse();
    return c.redirect("/platform/login?reset=1", 303);
  });
}
