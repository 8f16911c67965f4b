import type { Context, Hono } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { signInSchema } from "../auth/schemas";
import { listDistricts, type District } from "../tenancy/registry";
import { ErrorSummary, TextField } from "../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { requireOperator, signInOperator, signOutOperator } from "./operators";
import { createKysely } from "../data/kysely";
import type { PlatformDB } from "../data/schema";

// The platform operators' console: sign-in and the district registry at a glance.
// It shows no district's personal data. District onboarding builds on this page.

function OperatorSignIn(props: { c: Context<AppEnv>; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "auth.operatorSignIn")}>
      <h1>{t(l, "auth.operatorSignIn")}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action="/platform/login" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t(l, "auth.email")} value={props.values?.email} errors={props.errors} autocomplete="username" required />
        <TextField name="password" type="password" label={t(l, "auth.password")} errors={props.errors} autocomplete="current-password" required />
        <button type="submit">{t(l, "auth.signIn.submit")}</button>
      </form>
    </Layout>
  );
}

function ConsolePage(props: { c: Context<AppEnv>; districts: District[]; hostnames: Map<string, string[]> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const operator = props.c.get("operator")!;
  return (
    <Layout page={page} title={t(l, "platform.console")}>
      <h1>{t(l, "platform.console")}</h1>
      <p>
        {operator.displayName} ·{" "}
        <form method="post" action="/platform/logout" style="display:inline">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="linkbutton">{t(l, "layout.signOut")}</button>
        </form>
      </p>
      <h2>{t(l, "platform.districts")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "areas.code")}</th>
              <th scope="col">{t(l, "areas.name")}</th>
              <th scope="col">{t(l, "staff.status")}</th>
              <th scope="col">{t(l, "platform.shard")}</th>
              <th scope="col">{t(l, "platform.hostnames")}</th>
            </tr>
          </thead>
          <tbody>
            {props.districts.map((d) => (
              <tr>
                <td>{d.code}</td>
                <td>
                  <a href={`/d/${d.code}/`}>{districtDisplayName(d, l)}</a>
                </td>
                <td>
                  <span class={`badge ${d.status === "active" ? "ok" : d.status === "suspended" ? "bad" : "warn"}`}>{t(l, `platform.status.${d.status}`)}</span>
                  {d.statusReason ? <div>{d.statusReason}</div> : null}
                </td>
                <td>{d.shard}</td>
                <td>{(props.hostnames.get(d.code) ?? []).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function registerConsoleRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "platform", requireOperator);
  r.get("/login", "public", (c) => c.html(<OperatorSignIn c={c} />));
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
    const rows = await createKysely<PlatformDB>(c.env.PLATFORM).selectFrom("district_hostnames").selectAll().orderBy("hostname").execute();
    const hostnames = new Map<string, string[]>();
    for (const row of rows) hostnames.set(row.district_code, [...(hostnames.get(row.district_code) ?? []), row.hostname]);
    return c.html(<ConsolePage c={c} districts={districts} hostnames={hostnames} />);
  });
}
