import type { Context, Hono } from "hono";
import { signUpPerson } from "../../auth/accounts";
import type { AppEnv } from "../../env";
import { notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { isUniqueViolation } from "../../data/kysely";
import { newId } from "../../lib/ids";
import { nowIso } from "../../lib/time";
import { ErrorSummary, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { registerDisclosureApi } from "./api";
import { registerDisclosureRecordsApi } from "./api-records";
import { registerEvaluationRoutes } from "./evaluation-routes";
import { registerAnnouncementRoutes } from "./evaluation-announcement-pages";
import { registerGradeAdjustmentRoutes } from "./grade-adjustment-pages";
import { registerRegistrationStatusRoutes } from "./registration-status";
import { registerManageRoutes } from "./manage";
import { registerMemberRoutes } from "./my";
import { registerOpenDataRoutes } from "./opendata";
import { registerPublicRoutes } from "./public";
import { claimInsert } from "./registry";
import { claimSchema, claimWithAccountSchema } from "./schemas";

// Information disclosure, evaluation grades and credit lists (docs/domain.md, information disclosure):
// the public portal, organizations' own pages, staff administration, evaluation
// scoring, open data, and the claim of a registry entry by its organization.

function ClaimPage(props: { c: Context<AppEnv>; org: { id: string; name: string }; values?: Record<string, string>; errors?: FieldError[]; message?: string; done?: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const signedIn = !!props.c.var.user;
  return (
    <Layout page={page} title={t(l, "disclosure.claim.title", { name: props.org.name })}>
      <p class="crumbs">
        <a href={`${page.base}/organizations/${props.org.id}`}>{props.org.name}</a>
      </p>
      <h1>{t(l, "disclosure.claim.title", { name: props.org.name })}</h1>
      {props.done ? (
        <p class="notice ok" role="status">
          {t(l, "disclosure.claim.filed")}
        </p>
      ) : (
        <>
          <p class="lead">{t(l, "disclosure.claim.intro")}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/organizations/${props.org.id}/claim`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="position" label={t(l, "disclosure.claim.position")} value={v.position} errors={props.errors} required maxLength={40} />
            <TextArea name="statement" label={t(l, "disclosure.claim.statement")} hint={t(l, "disclosure.claim.statementHint")} value={v.statement} errors={props.errors} required maxLength={1000} />
            {signedIn ? null : (
              <fieldset class="field">
                <legend>{t(l, "disclosure.claim.account")}</legend>
                <TextField name="displayName" label={t(l, "auth.displayName")} value={v.displayName} errors={props.errors} autocomplete="name" required maxLength={40} />
                <TextField name="email" type="email" label={t(l, "auth.email")} value={v.email} errors={props.errors} autocomplete="email" required maxLength={254} />
                <TextField name="password" type="password" label={t(l, "auth.password")} hint={t(l, "auth.passwordHint")} errors={props.errors} autocomplete="new-password" required maxLength={128} />
              </fieldset>
            )}
            <button type="submit">{t(l, "disclosure.claim.submit")}</button>
          </form>
          {signedIn ? null : (
            <p>
              <a href={`${page.base}/login?next=${encodeURIComponent(`${page.base}/organizations/${props.org.id}/claim`)}`}>{t(l, "layout.signIn")}</a>
            </p>
          )}
        </>
      )}
    </Layout>
  );
}

function registerClaimRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const claimable = async (c: Context<AppEnv>) => {
    const org = await c.var.data
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", c.req.param("orgId") ?? "")
      .where("verification", "=", "verified")
      .executeTakeFirst();
    if (!org) throw notFound();
    return org;
  };

  r.get("/organizations/:orgId/claim", "public", async (c) => {
    const org = await claimable(c);
    c.header("cache-control", "private, no-cache");
    return c.html(<ClaimPage c={c} org={org} />);
  });

  r.post("/organizations/:orgId/claim", "public", async (c) => {
    const org = await claimable(c);
    const data = c.var.data;
    const l = c.var.locale;
    const user = c.var.user;
    const now = nowIso();
    const id = newId();
    if (user) {
      if (user.grants.some((g) => g.role === "org_member" && g.organizationId === org.id)) return c.html(<ClaimPage c={c} org={org} message={t(l, "disclosure.claim.already")} />, 409);
      const form = await readForm(c, claimSchema);
      if (!form.ok) return c.html(<ClaimPage c={c} org={org} values={form.values} errors={form.errors} />, 422);
      try {
        await data.write([claimInsert(data, { id, organizationId: org.id, userId: user.id, position: form.data.position, statement: form.data.statement, now })], {
          action: "organization.claim_filed",
          targetType: "organization",
          targetId: org.id,
          after: { claim: id },
        });
      } catch (error) {
        if (isUniqueViolation(error, "organization_claims")) return c.html(<ClaimPage c={c} org={org} values={form.values} message={t(l, "disclosure.claim.duplicate")} />, 409);
        throw error;
      }
      return c.html(<ClaimPage c={c} org={org} done />, 201);
    }
    const form = await readForm(c, claimWithAccountSchema);
    if (!form.ok) return c.html(<ClaimPage c={c} org={org} values={form.values} errors={form.errors} />, 422);
    // The same answer whether or not the address already had an account (see signUpPerson).
    await signUpPerson(
      c,
      { email: form.data.email, password: form.data.password, displayName: form.data.displayName },
      (userId) => [claimInsert(data, { id, organizationId: org.id, userId, position: form.data.position, statement: form.data.statement, now })],
      { action: "organization.claim_filed", targetType: "organization", targetId: org.id, after: { claim: id } },
    );
    return c.html(<ClaimPage c={c} org={org} done />, 201);
  });
}

export function registerDisclosureRoutes(app: Hono<AppEnv>): void {
  registerPublicRoutes(app);
  registerClaimRoutes(app);
  registerOpenDataRoutes(app);
  registerMemberRoutes(app);
  registerManageRoutes(app);
  registerEvaluationRoutes(app);
  registerAnnouncementRoutes(app);
  registerGradeAdjustmentRoutes(app);
  registerRegistrationStatusRoutes(app);
  registerDisclosureApi(app);
  registerDisclosureRecordsApi(app);
}
