import type { Context, Hono } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { signInSchema } from "../auth/schemas";
import { listDistricts } from "../district-lookup/district-registry";
import { ErrorSummary, TextField } from "../ui/form";
import { CsrfField, Layout, pageInfo } from "../ui/layout";
import { registerCalendarRoutes } from "./calendar";
import { registerMoveConsoleRoutes } from "../operations/console";
import { registerOutboxConsoleRoutes } from "../notifications/platform-outbox";
import { registerDistrictConsoleRoutes } from "./districts";
import { registerPlatformChannelRoutes } from "./channels";
import { registerOperatorResetRoutes } from "./password-reset";
import { requireOperator, signInOperator, signOutOperator } from "./operators";
import { ConsoleList } from "./district-console-views";
import { districtFigures, hostnamesByDistrict } from "./district-console-data";

// The platform operators' console: sign-in and the district registry at a glance, with
// the district pages of src/platform/districts.tsx. It shows no district's personal data.

function OperatorSignIn(props: { c: Context<AppEnv>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "auth.operatorSignIn")}>
      <h1>{t(l, "auth.operatorSignIn")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action="/platform/login" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t(l, "auth.email")} value={props.values?.email} errors={props.errors} autocomplete="username" required />
        <TextField name="password" type="password" label={t(l, "auth.password")} errors={props.errors} autocomplete="current-password" required />
        <button type="submit">{t(l, "auth.signIn.submit")}</button>
      </form>
      <p>
        <a href="/platform/password-reset">{t(l, "auth.reset.link")}</a>
      </p>
    </Layout>
  );
}

export function registerConsoleRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "platform", requireOperator);
  r.get("/login", "public", (c) => c.html(<OperatorSignIn c={c} status={c.req.query("reset") ? t(c.var.locale, "auth.reset.done") : undefined} />));
  r.post("/login", "public", async (c) => {
    const form = await readForm(c, signInSchema);
    if (!form.ok) return c.html(<OperatorSignIn c={c} values={form.values} errors={form.errors} />, 422);
    const result = await signInOperator(c, form.data.email, form.data.password);
    if (result.ok) return c.redirect("/platform", 303);
    const message = result.reason === "locked" ? t(c.var.locale, "auth.signIn.locked", { minutes: result.minutes }) : t(c.var.locale, "auth.signIn.failed");
    return c.html(<OperatorSignIn c={c} values={{ email: form.data.email }} message={message} />, result.reason === "locked" ? 429 : 401);
  });
  r.post("/logout", "operator", async (c) => {
    await signOutOperator(c);
    return c.redirect("/platform/login", 303);
  });
  r.get("/", "operator", async (c) => {
    const districts = await listDistricts(c.env);
    const [hostnames, figures] = await Promise.all([hostnamesByDistrict(c.env), districtFigures(c.env, districts)]);
    return c.html(<ConsoleList c={c} districts={districts} hostnames={hostnames} figures={figures} />);
  });
  registerDistrictConsoleRoutes(r);
  registerCalendarRoutes(r);
  registerMoveConsoleRoutes(r);
  registerOutboxConsoleRoutes(r);
  registerPlatformChannelRoutes(r);
  registerOperatorResetRoutes(r);
}
