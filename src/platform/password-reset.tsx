import type { Context } from "hono";
import { codeKeeping, confirmSchema, requestSchema, ResetPage, resetCode } from "../auth/password-reset";
import { pepper } from "../auth/accounts";
import { hashPassword } from "../auth/password";
import { platformData } from "../data/platform-data";
import type { AppEnv } from "../env";
import type { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { sendPlatformMessage } from "./sending";
import { confirmOperatorReset, requestOperatorReset } from "./operator-resets";

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
    const message = await requestOperatorReset(platform, form.data.email, resetCode(), codeKeeping(c), c.var.locale, c.var.requestId, nowIso());
    // The first try now; a failed one waits for the dispatch and the queue.
    if (message) await sendPlatformMessage(c.env, platform, message, new URL(c.req.url).origin);
    return c.html(page(c, { step: "confirm", values: { email: form.data.email }, status: t(c.var.locale, "auth.reset.operatorSent") }));
  });

  r.post("/password-reset/confirm", "public", async (c) => {
    const form = await readForm(c, confirmSchema);
    const keep = { email: form.values.email ?? "", code: form.values.code ?? "" };
    if (!form.ok) return c.html(page(c, { step: "confirm", values: keep, errors: form.errors }), 422);
    const done = await confirmOperatorReset(platformData(c.env), form.data, codeKeeping(c).hash, () => hashPassword(form.data.password, pepper(c.env)), c.var.requestId, nowIso());
    if (!done) return c.html(page(c, { step: "confirm", values: keep, message: t(c.var.locale, "auth.reset.invalid") }), 400);
    return c.redirect("/platform/login?reset=1", 303);
  });
}
