import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { email, newPassword } from "../http/fields";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { sha256Hex } from "../lib/crypto";
import { protect } from "../lib/personal-data";
import { nowIso } from "../lib/time";
import { ErrorSummary, TextField } from "../ui/form";
import { CsrfField, Layout, pageInfo } from "../ui/layout";
import { pepper } from "./accounts";
import { hashPassword } from "./password";
import { type CodeKeeping, confirmPasswordReset, requestPasswordReset } from "./reset-codes";

// Password reset by a one-time code: asked for with the account's e-mail address (the
// answer is the same whether or not an account exists), sent as an urgent notification
// (inbox, e-mail, SMS to the number on file) in the same batch as the reset record, and
// good for 15 minutes and five tries. A reset ends every session of the account. Both
// forms are anonymous writes behind the per-client limits (the confirmation draws on the
// sign-in budget, like a password guess).

export { MAX_TRIES, VALID_MINUTES } from "./reset-codes";

/** A code's keyed hash (by the reset's id) and its sealed form for the outbox. */
export const codeKeeping = (c: Context<AppEnv>): CodeKeeping => ({ hash: (id, code) => codeHash(c, id, code), seal: (code) => protect(code, c.env.PERSONAL_DATA_KEY) });

export const requestSchema = z.object({ email: email() });
export const confirmSchema = z.object({ email: email(), code: z.string().check(z.trim(), z.regex(/^\d{6}$/, "invalid_format")), password: newPassword() });

export const codeHash = (c: Context<AppEnv>, resetId: string, code: string) => sha256Hex(`${pepper(c.env)}:${resetId}:${code}`);

/** The reset pages; `base` is where its forms post (a district's, or the platform's "/platform"). */
export function ResetPage(props: { c: Context<AppEnv>; base?: string; operator?: boolean; step: "request" | "confirm"; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const base = props.base ?? page.base;
  return (
    <Layout page={page} title={t(l, "auth.reset.title")}>
      <h1>{t(l, "auth.reset.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {props.step === "request" ? (
        <form class="stack" method="post" action={`${base}/password-reset`} novalidate>
          <p>{t(l, props.operator ? "auth.reset.operatorIntro" : "auth.reset.intro")}</p>
          <CsrfField token={page.csrfToken} />
          <TextField name="email" type="email" label={t(l, "auth.email")} value={v.email} errors={props.errors} autocomplete="username" required maxLength={254} />
          <button type="submit">{t(l, "auth.reset.send")}</button>
        </form>
      ) : null}
      <h2>{t(l, "auth.reset.confirmTitle")}</h2>
      <form class="stack" method="post" action={`${base}/password-reset/confirm`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t(l, "auth.email")} value={v.email} errors={props.step === "confirm" ? props.errors : []} autocomplete="username" required maxLength={254} />
        <TextField name="code" label={t(l, "auth.reset.code")} value={v.code} errors={props.errors} autocomplete="one-time-code" required maxLength={6} />
        <TextField name="password" type="password" label={t(l, "auth.reset.newPassword")} hint={t(l, "auth.passwordHint")} errors={props.errors} autocomplete="new-password" required maxLength={128} />
        <button type="submit">{t(l, "auth.reset.submit")}</button>
      </form>
    </Layout>
  );
}

/** Six random digits. */
export const resetCode = () => String(crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000).padStart(6, "0");

export function registerPasswordResetRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/password-reset", "public", (c) => c.html(<ResetPage c={c} step="request" />));
  r.get("/password-reset/confirm", "public", (c) => c.html(<ResetPage c={c} step="confirm" />));

  r.post("/password-reset", "public", async (c) => {
    const form = await readForm(c, requestSchema);
    if (!form.ok) return c.html(<ResetPage c={c} step="request" values={form.values} errors={form.errors} />, 422);
    await requestPasswordReset(c.var.data, form.data.email, resetCode(), codeKeeping(c), nowIso());
    // The same answer either way: the page does not tell which addresses have accounts.
    return c.html(<ResetPage c={c} step="confirm" values={{ email: form.data.email }} status={t(c.var.locale, "auth.reset.sent")} />);
  });

  r.post("/password-reset/confirm", "public", async (c) => {
    const form = await readForm(c, confirmSchema);
    const keep = { email: form.values.email ?? "", code: form.values.code ?? "" };
    if (!form.ok) return c.html(<ResetPage c={c} step="confirm" values={keep} errors={form.errors} />, 422);
    const done = await confirmPasswordReset(c.var.data, form.data, codeKeeping(c).hash, () => hashPassword(form.data.password, pepper(c.env)), nowIso());
    if (!done) return c.html(<ResetPage c={c} step="confirm" values={keep} message={t(c.var.locale, "auth.reset.invalid")} />, 400);
    return c.redirect(`${c.var.base}/login?reset=1`, 303);
  });
}
