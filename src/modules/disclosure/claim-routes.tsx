import type { Context, Hono } from "hono";
import { signUpPerson } from "../../auth/accounts";
import type { AppEnv } from "../../env";
import { MAX_ATTACHMENT_BYTES, sniffType } from "../../http/attachments";
import { notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { isUniqueViolation } from "../../data/kysely";
import { newId } from "../../lib/ids";
import { nowIso } from "../../lib/time";
import { discardFile, readFile, storeFile } from "../../operations/files";
import { ErrorSummary, FileField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { DistrictContact } from "../district";
import { actorOf } from "./actor";
import { verifiedOrganization, claimCertificateKey, claimInScope, claimInsert } from "./registry";
import { claimSchema, claimWithAccountSchema } from "./schemas";

// The claim of a registry entry by its organization. Any valid code could be claimed by
// anyone, so the claimant uploads the registration certificate (登记证书) for staff to
// compare with the registry, and the page says whom the real organization contacts
// when someone else has claimed it: the bureau's own contact details from the profile.

function ClaimPage(props: { c: Context<AppEnv>; org: { id: string; name: string }; values?: Record<string, string>; errors?: FieldError[]; message?: string; done?: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const signedIn = !!props.c.var.user;
  const district = props.c.var.district;
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
          <form class="stack" method="post" action={`${page.base}/organizations/${props.org.id}/claim`} enctype="multipart/form-data" novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="position" label={t(l, "disclosure.claim.position")} value={v.position} errors={props.errors} required maxLength={40} />
            <TextArea name="statement" label={t(l, "disclosure.claim.statement")} hint={t(l, "disclosure.claim.statementHint")} value={v.statement} errors={props.errors} required maxLength={1000} />
            <FileField name="certificate" label={t(l, "disclosure.claim.certificate")} hint={t(l, "disclosure.claim.certificateHint")} accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" errors={props.errors} required />
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
      <p>{t(l, "disclosure.claim.contact", { bureau: t(l, "disclosure.claim.bureau", { district: l === "en" ? district.nameEn || district.nameZh : district.nameZh }) })}</p>
      <DistrictContact locale={l} profile={district.profile} />
    </Layout>
  );
}

/** The uploaded certificate, checked by its first bytes (PDF, JPEG or PNG), or the error beside its field. */
async function certificateOf(c: Context<AppEnv>, l: Locale): Promise<{ bytes: ArrayBuffer; type: string } | FieldError> {
  const file = (await c.req.parseBody()).certificate;
  const problem = (key: "disclosure.claim.certificateMissing" | "disclosure.claim.certificateType" | "disclosure.claim.certificateTooLarge") => ({ field: "certificate", code: "certificate", message: t(l, key) });
  if (!(file instanceof File) || file.size === 0) return problem("disclosure.claim.certificateMissing");
  if (file.size > MAX_ATTACHMENT_BYTES) return problem("disclosure.claim.certificateTooLarge");
  const bytes = await file.arrayBuffer();
  const type = sniffType(new Uint8Array(bytes.slice(0, 8)));
  return type ? { bytes, type } : problem("disclosure.claim.certificateType");
}

export function registerClaimRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const claimable = (c: Context<AppEnv>) => verifiedOrganization(c.var.data, c.req.param("orgId") ?? "");

  r.get("/organizations/:orgId/claim", "public", async (c) => {
    const org = await claimable(c);
    c.header("cache-control", "private, no-cache");
    return c.html(<ClaimPage c={c} org={org} />);
  });

  allowUpload("/organizations/:orgId/claim", MAX_ATTACHMENT_BYTES + 64 * 1024);
  r.post("/organizations/:orgId/claim", "public", async (c) => {
    const org = await claimable(c);
    const data = c.var.data;
    const l = c.var.locale;
    const user = c.var.user;
    const now = nowIso();
    const id = newId();
    if (user?.grants.some((g) => g.role === "org_member" && g.organizationId === org.id)) return c.html(<ClaimPage c={c} org={org} message={t(l, "disclosure.claim.already")} />, 409);
    const accountForm = user ? null : await readForm(c, claimWithAccountSchema);
    const form = accountForm ?? (await readForm(c, claimSchema));
    const certificate = await certificateOf(c, l);
    const errors = [...(form.ok ? [] : form.errors), ...("field" in certificate ? [certificate] : [])];
    if (!form.ok || "field" in certificate) return c.html(<ClaimPage c={c} org={org} values={form.values} errors={errors} />, 422);
    const key = claimCertificateKey(data, id);
    await storeFile(c.env, key, certificate.bytes, { httpMetadata: { contentType: certificate.type } });
    const claim = { id, organizationId: org.id, position: form.data.position, statement: form.data.statement, now, certificate: { key, type: certificate.type } };
    const audit = { action: "organization.claim_filed", targetType: "organization", targetId: org.id, after: { claim: id } };
    try {
      if (user) await data.write([claimInsert(data, { ...claim, userId: user.id })], audit);
      // The same answer whether or not the address already had an account (see signUpPerson).
      else if (accountForm?.ok) {
        const { email, password, displayName } = accountForm.data;
        await signUpPerson(c, { email, password, displayName }, (userId) => [claimInsert(data, { ...claim, userId })], audit);
      }
    } catch (error) {
      await discardFile(c.env, key);
      if (isUniqueViolation(error, "organization_claims")) return c.html(<ClaimPage c={c} org={org} values={form.values} message={t(l, "disclosure.claim.duplicate")} />, 409);
      throw error;
    }
    return c.html(<ClaimPage c={c} org={org} done />, 201);
  });

  // Staff of the organization's area open the certificate beside the claim.
  r.get("/manage/claims/:claimId/certificate", "registry.manage", async (c) => {
    const claim = await claimInScope(c.var.data, actorOf(c.var.user!, c.var.locale), c.req.param("claimId") ?? "");
    const object = claim.r2_key ? await readFile(c.env, claim.r2_key) : null;
    if (!object) throw notFound();
    const extension = claim.certificate_type === "application/pdf" ? "pdf" : claim.certificate_type === "image/png" ? "png" : "jpg";
    return c.body(object.body, 200, {
      "content-type": claim.certificate_type ?? "application/octet-stream",
      "content-disposition": `inline; filename="certificate-${claim.id}.${extension}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    });
  });
}
