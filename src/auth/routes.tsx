import type { Context, Hono } from "hono";
import type { Compilable } from "kysely";
import type { AppEnv } from "../env";
import type { Role } from "../data/schema";
import { AppError, validationFailed } from "../http/errors";
import { apiRoute, routes } from "../http/routes";
import { readForm } from "../http/validation";
import { bothLanguages, t } from "../i18n/messages";
import { CsrfField, Layout, pageInfo } from "../ui/layout";
import { ErrorSummary, TextField } from "../ui/form";
import type { FieldError } from "../http/errors";
import { accountWithGrants, changePassword, rolesOf, signIn, signOut, signUpOrganization } from "./accounts";
import { registerPasswordResetRoutes } from "./password-reset";
import { checkPhoneCode, PHONE_CODE_MINUTES, sendPhoneCode } from "./phone-verification";
import { protect } from "../lib/personal-data";
import { changePasswordSchema, meSchema, phoneCodeFormSchema, phoneCodeSchema, phoneCodeSentSchema, signInSchema, signUpReceivedSchema, signUpSchema } from "./schemas";

// Sign-in, sign-out, password change and organization sign-up: pages and JSON API.

/** Only a path inside this district may be a post-sign-in destination (no open redirect). */
function safeNext(c: Context<AppEnv>, next: string | undefined): string {
  const base = c.var.base;
  if (next?.startsWith(`${base}/`) && !next.startsWith("//") && !next.includes("\\")) return next;
  return `${base}/`;
}

/** Roles whose work comes to them: they land on their to-dos rather than the public home page. */
const TASK_ROLES: readonly Role[] = ["district_admin", "subdistrict_staff", "community_staff", "reviewer", "evaluator"];

async function landingAfterSignIn(c: Context<AppEnv>, userId: string): Promise<string> {
  return (await rolesOf(c.var.data, userId)).some((role) => TASK_ROLES.includes(role)) ? `${c.var.base}/todo` : `${c.var.base}/`;
}

function SignInPage(props: { c: Context<AppEnv>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const next = props.c.req.query("next") ?? "";
  return (
    <Layout page={page} title={t(l, "auth.signIn.title")}>
      <h1>{t(l, "auth.signIn.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/login${next ? `?next=${encodeURIComponent(next)}` : ""}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t(l, "auth.email")} value={props.values?.email} errors={props.errors} autocomplete="username" required maxLength={254} />
        <TextField name="password" type="password" label={t(l, "auth.password")} errors={props.errors} autocomplete="current-password" required maxLength={128} />
        <button type="submit">{t(l, "auth.signIn.submit")}</button>
      </form>
      <p>
        <a href={`${page.base}/password-reset`}>{t(l, "auth.reset.link")}</a>
      </p>
      <p>
        {t(l, "auth.signIn.noAccount")} <a href={`${page.base}/signup`}>{t(l, "layout.signUp")}</a>
      </p>
    </Layout>
  );
}

function SignUpPage(props: { c: Context<AppEnv>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const kind = v.kind ?? "registered";
  return (
    <Layout page={page} title={t(l, "auth.signUp.title")}>
      <h1>{t(l, "auth.signUp.title")}</h1>
      <p class="lead">{t(l, "auth.signUp.intro")}</p>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/signup`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="organizationName" label={t(l, "auth.signUp.orgName")} value={v.organizationName} errors={props.errors} required maxLength={100} />
        <fieldset class="field" id="f-kind">
          <legend>{t(l, "auth.signUp.kind")}</legend>
          {(["registered", "founding_team"] as const).map((k) => (
            <div>
              <input type="radio" id={`kind-${k}`} name="kind" value={k} checked={kind === k} />{" "}
              <label for={`kind-${k}`} style="display:inline;font-weight:400">
                {t(l, `auth.signUp.kind.${k}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <TextField name="uscc" label={t(l, "auth.signUp.uscc")} hint={t(l, "auth.signUp.usccHint")} value={v.uscc} errors={props.errors} maxLength={18} />
        <TextField name="displayName" label={t(l, "auth.displayName")} value={v.displayName} errors={props.errors} autocomplete="name" required maxLength={40} />
        <TextField name="email" type="email" label={t(l, "auth.email")} value={v.email} errors={props.errors} autocomplete="email" required maxLength={254} />
        <TextField name="password" type="password" label={t(l, "auth.password")} hint={t(l, "auth.passwordHint")} errors={props.errors} autocomplete="new-password" required maxLength={128} />
        {/* The code button posts the whole form, so every typed value (but the password) comes back. */}
        <TextField name="phone" type="tel" label={t(l, "auth.signUp.phone")} hint={t(l, "auth.signUp.phoneHint")} value={v.phone} errors={props.errors} autocomplete="tel" maxLength={20} />
        <button type="submit" class="secondary" formaction={`${page.base}/signup/phone-code`}>
          {t(l, "auth.signUp.sendCode")}
        </button>
        <TextField name="smsCode" label={t(l, "auth.signUp.smsCode")} value={v.smsCode} errors={props.errors} autocomplete="one-time-code" maxLength={6} />
        <button type="submit">{t(l, "auth.signUp.submit")}</button>
      </form>
    </Layout>
  );
}

function AccountPage(props: { c: Context<AppEnv>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const user = props.c.var.user!;
  return (
    <Layout page={page} title={t(l, "auth.account.title")}>
      <h1>{t(l, "auth.account.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <dl>
        <dt>{t(l, "auth.displayName")}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t(l, "auth.email")}</dt>
        <dd>{user.email}</dd>
      </dl>
      <h2>{t(l, "auth.account.roles")}</h2>
      <ul>
        {user.grants.map((g) => (
          <li>
            {t(l, `role.${g.role}`)} · {g.scopeArea || t(l, "auth.account.scopeDistrict")}
          </li>
        ))}
      </ul>
      <h2 id="password">{t(l, "auth.changePassword")}</h2>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/account/password`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="currentPassword" type="password" label={t(l, "auth.currentPassword")} errors={props.errors} autocomplete="current-password" required />
        <TextField name="newPassword" type="password" label={t(l, "auth.newPassword")} hint={t(l, "auth.passwordHint")} errors={props.errors} autocomplete="new-password" required />
        <button type="submit">{t(l, "auth.changePassword")}</button>
      </form>
    </Layout>
  );
}

const wrongCode = (c: Context<AppEnv>): FieldError => ({ field: "smsCode", code: "invalid", message: t(c.var.locale, "auth.signUp.codeWrong") });

/**
 * The sign-up's number, sealed, with the statements that use up its code in the sign-up's
 * batch; no number without one; false for a wrong or spent code.
 */
async function provedPhone(c: Context<AppEnv>, input: { phone: string; smsCode: string }): Promise<{ phoneProtected: string | null; phoneCodeUse?: Compilable[] } | false> {
  if (!input.phone) return { phoneProtected: null };
  const use = await checkPhoneCode(c, input.phone, input.smsCode);
  return use && { phoneProtected: await protect(input.phone, c.env.PERSONAL_DATA_KEY), phoneCodeUse: use };
}

export function registerAuthRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  registerPasswordResetRoutes(app);

  r.get("/login", "public", (c) => {
    const status = c.req.query("signedOut") ? t(c.var.locale, "auth.signedOut") : c.req.query("signedUp") ? t(c.var.locale, "auth.signUp.received") : c.req.query("reset") ? t(c.var.locale, "auth.reset.done") : undefined;
    return c.html(<SignInPage c={c} status={status} />);
  });

  r.post("/login", "public", async (c) => {
    const form = await readForm(c, signInSchema);
    if (!form.ok) return c.html(<SignInPage c={c} values={form.values} errors={form.errors} />, 422);
    const result = await signIn(c, form.data.email, form.data.password);
    if (result.ok) return c.redirect(c.req.query("next") ? safeNext(c, c.req.query("next")) : await landingAfterSignIn(c, result.userId), 303);
    const message = result.reason === "locked" ? t(c.var.locale, "auth.signIn.locked", { minutes: result.minutes }) : t(c.var.locale, "auth.signIn.failed");
    return c.html(<SignInPage c={c} values={{ email: form.data.email }} message={message} />, result.reason === "locked" ? 429 : 401);
  });

  r.post("/logout", "public", async (c) => {
    await signOut(c);
    return c.redirect(`${c.var.base}/login?signedOut=1`, 303);
  });

  r.get("/signup", "public", (c) => c.html(<SignUpPage c={c} />));

  r.post("/signup", "public", async (c) => {
    const form = await readForm(c, signUpSchema);
    if (!form.ok) return c.html(<SignUpPage c={c} values={form.values} errors={form.errors} />, 422);
    const phone = await provedPhone(c, form.data);
    if (phone === false) return c.html(<SignUpPage c={c} values={form.values} errors={[wrongCode(c)]} />, 422);
    const result = await signUpOrganization(c, { ...form.data, uscc: form.data.uscc || null, ...phone });
    if (!result.ok && result.reason === "phone_code") return c.html(<SignUpPage c={c} values={form.values} errors={[wrongCode(c)]} />, 422);
    if (!result.ok) {
      const key = result.reason === "name_taken" ? "auth.signUp.nameTaken" : "auth.signUp.usccTaken";
      const field = result.reason === "name_taken" ? "organizationName" : "uscc";
      return c.html(<SignUpPage c={c} values={form.values} errors={[{ field, code: result.reason, message: t(c.var.locale, key) }]} />, 409);
    }
    // The same answer whether or not the address already had an account (see signUpOrganization).
    return c.redirect(`${c.var.base}/login?signedUp=1`, 303);
  });

  r.post("/signup/phone-code", "public", async (c) => {
    const form = await readForm(c, phoneCodeFormSchema);
    const { password: _never, ...values } = form.values;
    if (!form.ok) return c.html(<SignUpPage c={c} values={values} errors={form.errors} />, 422);
    const sent = await sendPhoneCode(c, form.data.phone);
    if (!sent.sent) return c.html(<SignUpPage c={c} values={values} errors={[{ field: "phone", code: "too_soon", message: t(c.var.locale, "auth.signUp.codeWait", { minutes: sent.minutes }) }]} />, 429);
    return c.html(<SignUpPage c={c} values={values} status={t(c.var.locale, "auth.signUp.codeSent")} />);
  });

  r.get("/account", "signed_in", (c) => c.html(<AccountPage c={c} />));

  r.post("/account/password", "signed_in", async (c) => {
    const form = await readForm(c, changePasswordSchema);
    if (!form.ok) return c.html(<AccountPage c={c} errors={form.errors} />, 422);
    const outcome = await changePassword(c, form.data.currentPassword, form.data.newPassword);
    if (outcome === "wrong_current") {
      const message = t(c.var.locale, "auth.currentPasswordWrong");
      return c.html(<AccountPage c={c} errors={[{ field: "currentPassword", code: "wrong_current", message }]} />, 422);
    }
    return c.html(<AccountPage c={c} status={t(c.var.locale, "auth.passwordChanged")} />);
  });

  // ----- JSON API -----
  const me = (c: Context<AppEnv>) => {
    const user = c.var.user!;
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      district: c.var.district.code,
      grants: user.grants,
      csrfToken: c.var.csrfToken,
    };
  };

  apiRoute(app, { method: "POST", path: "/auth/sign-in", access: "public", tag: "auth", summary: "Sign in with email and password; sets the session cookie", body: signInSchema, response: meSchema }, async (c, { body }) => {
    const result = await signIn(c, body.email, body.password);
    if (!result.ok) {
      if (result.reason === "locked") throw new AppError({ status: 429, code: "locked", message: "auth.signIn.locked", params: { minutes: result.minutes } });
      throw new AppError({ status: 401, code: "invalid_credentials", message: "auth.signIn.failed" });
    }
    return c.json({ ...(await accountWithGrants(c.var.data, result.userId)), district: c.var.district.code, csrfToken: c.var.csrfToken });
  });

  apiRoute(app, { method: "POST", path: "/auth/sign-out", access: "signed_in", tag: "auth", summary: "End the current session", responseStatus: 204 }, async (c) => {
    await signOut(c);
    return c.body(null, 204);
  });

  apiRoute(app, { method: "GET", path: "/auth/me", access: "signed_in", tag: "auth", summary: "The signed-in user, their roles and the CSRF token", response: meSchema }, (c) => c.json(me(c)));

  apiRoute(app, { method: "POST", path: "/auth/password", access: "signed_in", tag: "auth", summary: "Change the password; other sessions end", body: changePasswordSchema, responseStatus: 204 }, async (c, { body }) => {
    const outcome = await changePassword(c, body.currentPassword, body.newPassword);
    if (outcome === "wrong_current") {
      throw new AppError({ status: 422, code: "validation", message: "error.validation", fields: [{ field: "currentPassword", code: "wrong_current", message: t(c.var.locale, "auth.currentPasswordWrong") }] });
    }
    return c.body(null, 204);
  });

  apiRoute(
    app,
    {
      method: "POST",
      path: "/auth/sign-up",
      access: "public",
      tag: "auth",
      summary: "An organization registers its own account; then sign in. The answer is the same whether or not the address already has an account",
      body: signUpSchema,
      response: signUpReceivedSchema,
      responseStatus: 202,
    },
    async (c, { body }) => {
      const phone = await provedPhone(c, body);
      if (phone === false) throw validationFailed([wrongCode(c)]);
      const result = await signUpOrganization(c, { ...body, uscc: body.uscc || null, ...phone });
      if (!result.ok) {
        if (result.reason === "phone_code") throw validationFailed([wrongCode(c)]);
        throw new AppError({ status: 409, code: result.reason, message: result.reason === "name_taken" ? "auth.signUp.nameTaken" : "auth.signUp.usccTaken" });
      }
      return c.json({ status: "received", message: bothLanguages("auth.signUp.received") }, 202);
    },
  );

  apiRoute(
    app,
    {
      method: "POST",
      path: "/auth/phone-code",
      access: "public",
      tag: "auth",
      summary: "Send a sign-up code by SMS to a mobile number; then give it as smsCode to /auth/sign-up. One a minute and five an hour per number",
      body: phoneCodeSchema,
      response: phoneCodeSentSchema,
      responseStatus: 202,
    },
    async (c, { body }) => {
      const sent = await sendPhoneCode(c, body.phone);
      if (!sent.sent)
        throw new AppError({
          status: 429,
          code: "rate_limited",
          message: "auth.signUp.codeWait",
          params: { minutes: sent.minutes },
          fields: [{ field: "phone", code: "too_soon", message: t(c.var.locale, "auth.signUp.codeWait", { minutes: sent.minutes }) }],
        });
      return c.json({ status: "sent", validMinutes: PHONE_CODE_MINUTES, message: bothLanguages("auth.signUp.codeSent") }, 202);
    },
  );
}
