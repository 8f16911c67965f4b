import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import { ErrorSummary, FileField, SelectField, TextField, type Option } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import type { AreaNode } from "../district";
import { areaTemplate, COMMUNITY_KINDS, MAX_ROWS, SUBDISTRICT_KINDS, type LineError } from "./areas-csv";
import { AdminPage, StepDoneForm } from "./views";
import { type ImportPreview, ImportPreviewSection } from "./areas-preview";
import { Table } from "../../ui/table";

// The hierarchy pages: sub-districts and communities, the CSV import with its errors by line, one area's edit page.

const kindOptions = (kinds: readonly string[]): Option[] => kinds.map((k) => ({ value: k, label: k }));

export interface AreasPageProps {
  page: PageInfo;
  district: District;
  tree: AreaNode[];
  status?: string;
  message?: string;
  /** Which form the errors belong to, so that only that form shows them. */
  form?: "subdistrict" | "community" | "import";
  values?: Record<string, string>;
  errors?: FieldError[];
  lineErrors?: LineError[];
  preview?: ImportPreview;
}

export function lineErrorText(l: Locale, e: LineError): string {
  const message = t(l, e.key, e.params);
  return e.line === null ? message : t(l, "onboarding.csv.line", { line: e.line, message });
}

export function AreasPage(props: AreasPageProps) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  const communities = props.tree.reduce((n, s) => n + s.communities.length, 0);
  const errorsFor = (form: AreasPageProps["form"]) => (props.form === form ? props.errors : undefined);
  const valuesFor = (form: AreasPageProps["form"]) => (props.form === form ? (props.values ?? {}) : {});
  const name = (a: { name: string; nameEn: string }) => (l === "en" && a.nameEn ? a.nameEn : a.name);
  const subValues = valuesFor("subdistrict");
  const comValues = valuesFor("community");
  return (
    <AdminPage page={page} district={d} step="areas" title={t(l, "onboarding.step.areas")} status={props.status} message={props.form ? undefined : props.message}>
      <p class="lead">{t(l, "onboarding.areas.intro")}</p>

      {props.preview ? <ImportPreviewSection page={page} preview={props.preview} /> : null}
      <section aria-labelledby="import-title">
        <h2 id="import-title">{t(l, "onboarding.areas.import")}</h2>
        {props.form === "import" && (props.lineErrors?.length || props.message) ? (
          <div class="notice error" role="alert">
            <strong>{props.lineErrors?.length ? t(l, "onboarding.areas.importFailed", { count: props.lineErrors.length }) : props.message}</strong>
            {props.lineErrors?.length ? (
              <ul class="line-errors">
                {props.lineErrors.map((e) => (
                  <li>{lineErrorText(l, e)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <p>
          <a href={`${page.base}/admin/areas/template.xlsx`} download>
            {t(l, "onboarding.areas.templateXlsx")}
          </a>
          {" · "}
          <a href={`${page.base}/admin/areas/template.csv`} download>
            {t(l, "onboarding.areas.template")}
          </a>
        </p>
        <p>{t(l, "onboarding.areas.importIntro")}</p>
        <p>{t(l, "onboarding.areas.importEncoding", { max: MAX_ROWS })}</p>
        <p>{t(l, "onboarding.areas.statusIntro")}</p>
        <details>
          <summary>{t(l, "onboarding.areas.example")}</summary>
          <pre>
            {areaTemplate(d.code)
              .map((line) => line.join(","))
              .join("\n")}
          </pre>
        </details>
        <form class="stack" method="post" action={`${page.base}/admin/areas/import`} enctype="multipart/form-data">
          <CsrfField token={page.csrfToken} />
          <FileField name="file" label={t(l, "onboarding.areas.file")} accept=".xlsx,.csv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" errors={errorsFor("import")} required />
          <button type="submit">{t(l, "onboarding.areas.importSubmit")}</button>
        </form>
      </section>

      <section aria-labelledby="add-sub">
        <h2 id="add-sub">{t(l, "onboarding.areas.addSubdistrict")}</h2>
        <ErrorSummary locale={l} errors={errorsFor("subdistrict") ?? []} />
        <form class="stack" method="post" action={`${page.base}/admin/areas/subdistricts`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="code"
            label={t(l, "onboarding.areas.code")}
            hint={t(l, "onboarding.areas.subdistrictCodeHint", { district: d.code })}
            value={subValues.code}
            errors={errorsFor("subdistrict")}
            required
            maxLength={9}
            inputMode="numeric"
          />
          <TextField name="name" label={t(l, "onboarding.areas.name")} value={subValues.name} errors={errorsFor("subdistrict")} required maxLength={60} />
          <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(SUBDISTRICT_KINDS)} value={subValues.kind} errors={errorsFor("subdistrict")} />
          <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={subValues.nameEn} errors={errorsFor("subdistrict")} maxLength={120} />
          <button type="submit" class="secondary">
            {t(l, "onboarding.areas.add")}
          </button>
        </form>
      </section>

      <section aria-labelledby="add-com">
        <h2 id="add-com">{t(l, "onboarding.areas.addCommunity")}</h2>
        {props.tree.length === 0 ? (
          <p>{t(l, "onboarding.areas.noSubdistricts")}</p>
        ) : (
          <>
            <ErrorSummary locale={l} errors={errorsFor("community") ?? []} />
            <form class="stack" method="post" action={`${page.base}/admin/areas/communities`} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField
                name="parent"
                label={t(l, "onboarding.areas.parent")}
                options={props.tree.filter((s) => !s.revoked).map((s) => ({ value: s.code, label: `${name(s)}（${s.code}）` }))}
                value={comValues.parent}
                errors={errorsFor("community")}
              />
              <TextField name="code" label={t(l, "onboarding.areas.code")} hint={t(l, "onboarding.areas.communityCodeHint")} value={comValues.code} errors={errorsFor("community")} required maxLength={12} inputMode="numeric" />
              <TextField name="name" label={t(l, "onboarding.areas.name")} value={comValues.name} errors={errorsFor("community")} required maxLength={60} />
              <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(COMMUNITY_KINDS)} value={comValues.kind} errors={errorsFor("community")} />
              <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={comValues.nameEn} errors={errorsFor("community")} maxLength={120} />
              <button type="submit" class="secondary">
                {t(l, "onboarding.areas.add")}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="current">
        <h2 id="current">{t(l, "onboarding.areas.current")}</h2>
        <p>{t(l, "onboarding.areas.count", { subdistricts: props.tree.length, communities })}</p>
        {props.tree.length ? (
          <Table head={[t(l, "onboarding.areas.code"), t(l, "onboarding.areas.name"), t(l, "onboarding.areas.kind"), t(l, "areas.communities"), t(l, "onboarding.areas.actions")]}>
            {props.tree.map((s) => (
              <tr>
                <th scope="row">{s.code}</th>
                <td>
                  {name(s)}
                  {s.revoked ? `（${t(l, "onboarding.areas.revokedMark")}）` : ""}
                </td>
                <td>{s.kind}</td>
                <td>{s.communities.length}</td>
                <td>
                  <a href={`${page.base}/admin/areas/${s.code}`} aria-label={`${t(l, "onboarding.areas.edit")} ${name(s)}`}>
                    {t(l, "onboarding.areas.edit")}
                  </a>
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
      </section>

      <StepDoneForm page={page} district={d} step="areas" label="onboarding.stepDone" />
    </AdminPage>
  );
}

export function AreaEditPage(props: {
  page: PageInfo;
  district: District;
  area: { code: string; level: string; name: string; nameEn: string; kind: string; population: number | null };
  communities?: AreaNode["communities"];
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
}) {
  const page = props.page;
  const l = page.locale;
  const a = props.area;
  const v = props.values ?? { name: a.name, nameEn: a.nameEn, kind: a.kind, population: a.population === null ? "" : String(a.population) };
  const kinds = a.level === "community" ? COMMUNITY_KINDS : SUBDISTRICT_KINDS;
  return (
    <AdminPage page={page} district={props.district} step="areas" title={t(l, "onboarding.areas.editTitle", { name: a.name })} errors={props.errors} message={props.message}>
      <form class="stack" method="post" action={`${page.base}/admin/areas/${a.code}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <dl class="summary">
          <dt>{t(l, "onboarding.areas.code")}</dt>
          <dd>{a.code}</dd>
        </dl>
        <TextField name="name" label={t(l, "onboarding.areas.name")} value={v.name} errors={props.errors} required maxLength={60} />
        <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(kinds)} value={v.kind} errors={props.errors} />
        <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={v.nameEn} errors={props.errors} maxLength={120} />
        <TextField name="population" label={t(l, "onboarding.areas.population")} value={v.population ?? ""} errors={props.errors} maxLength={20} inputMode="numeric" />
        <button type="submit">{t(l, "onboarding.save")}</button>
      </form>
      <form method="post" action={`${page.base}/admin/areas/${a.code}/delete`}>
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="secondary">
          {t(l, "onboarding.areas.delete")}
        </button>
      </form>
      {props.communities?.length ? (
        <section aria-labelledby="communities">
          <h2 id="communities">{t(l, "areas.communities")}</h2>
          <Table head={[t(l, "onboarding.areas.code"), t(l, "onboarding.areas.name"), t(l, "onboarding.areas.kind"), t(l, "onboarding.areas.actions")]}>
            {props.communities.map((cm) => (
              <tr>
                <th scope="row">{cm.code}</th>
                <td>
                  {l === "en" && cm.nameEn ? cm.nameEn : cm.name}
                  {cm.revoked ? `（${t(l, "onboarding.areas.revokedMark")}）` : ""}
                </td>
                <td>{cm.kind}</td>
                <td>
                  <a href={`${page.base}/admin/areas/${cm.code}`} aria-label={`${t(l, "onboarding.areas.edit")} ${cm.name}`}>
                    {t(l, "onboarding.areas.edit")}
                  </a>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
      <p>
        <a href={`${page.base}/admin/areas`}>{t(l, "onboarding.step.areas")}</a>
      </p>
    </AdminPage>
  );
}
