import type { Context, Hono } from "hono";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import { adjustGrade, currentGrade, type CurrentGrade } from "./grade-adjustments";
import { ManageNav, staffProps, staffView, type StaffViewProps } from "./manage-common";
import { adjustmentSchema } from "./schemas";
import { GRADES } from "./tables";
import { DateText, Flash } from "./views";
import type { AdjustmentRow } from "./queries";

// The administrators' page for a grade during its term: the current grade, the form that
// records a tracking or verification evaluation's result, and the decisions so far.

/** An organization's grade decisions, newest first (public: no personal data). */
export async function gradeAdjustments(data: DistrictData, organizationId: string): Promise<AdjustmentRow[]> {
  return data.selectFrom("grade_adjustments").select(["id", "kind", "outcome", "from_grade", "to_grade", "reason", "decided_on"]).where("organization_id", "=", organizationId).orderBy("decided_on", "desc").orderBy("at", "desc").execute();
}

/** The decisions as a list, for the staff page and the public organization page. */
export function AdjustmentHistory(props: { l: Locale; rows: AdjustmentRow[] }) {
  const { l } = props;
  if (props.rows.length === 0) return <p>{t(l, "disclosure.adjust.none")}</p>;
  return (
    <ul>
      {props.rows.map((a) => (
        <li>
          <DateText iso={a.decided_on} /> · {t(l, `disclosure.adjust.kind.${a.kind}` as MessageKey)} · {t(l, `disclosure.adjust.outcome.${a.outcome}` as MessageKey)}: {a.from_grade}
          {a.to_grade && a.to_grade !== a.from_grade ? ` → ${a.to_grade}` : ""} · {a.reason}
        </li>
      ))}
    </ul>
  );
}

function GradePage(props: StaffViewProps & { org: { id: string; name: string }; grade: CurrentGrade | undefined; rows: AdjustmentRow[]; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const v = props.values ?? { kind: "verification", outcome: "kept", decidedOn: beijingDate(nowIso()) };
  const g = props.grade;
  return (
    <Layout page={page} title={`${props.org.name} · ${t(l, "disclosure.adjust.title")}`}>
      <ManageNav {...staffProps(props)} />
      <p class="crumbs">
        <a href={`${page.base}/manage/organizations/${props.org.id}`}>{props.org.name}</a>
      </p>
      <h1>{t(l, "disclosure.adjust.title")}</h1>
      <Flash l={l} done={props.flash} />
      <p class="hint">{t(l, "disclosure.adjust.hint")}</p>
      {g ? (
        <>
          <p>{t(l, "disclosure.adjust.current", { grade: g.grade, status: t(l, `disclosure.grade.status.${g.status}`), until: g.valid_until })}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/manage/organizations/${props.org.id}/grade`} novalidate>
            <CsrfField token={page.csrfToken} />
            <RadioGroup name="kind" legend={t(l, "disclosure.adjust.kind")} value={v.kind} errors={props.errors} options={(["verification", "tracking"] as const).map((k) => ({ value: k, label: t(l, `disclosure.adjust.kind.${k}`) }))} />
            <RadioGroup
              name="outcome"
              legend={t(l, "disclosure.adjust.outcome")}
              value={v.outcome}
              errors={props.errors}
              options={(["kept", "raised", "lowered", "cancelled"] as const).map((o) => ({ value: o, label: t(l, `disclosure.adjust.outcome.${o}`) }))}
            />
            <SelectField
              name="toGrade"
              label={t(l, "disclosure.adjust.toGrade")}
              value={v.toGrade}
              errors={props.errors}
              options={[{ value: "", label: t(l, "disclosure.adjust.toGradeNone") }, ...GRADES.map((x) => ({ value: x, label: x }))]}
            />
            <TextArea name="reason" label={t(l, "disclosure.adjust.reason")} value={v.reason} errors={props.errors} required maxLength={1000} rows={3} />
            <TextField name="decidedOn" type="date" label={t(l, "disclosure.adjust.decidedOn")} value={v.decidedOn} errors={props.errors} required />
            <button type="submit">{t(l, "disclosure.adjust.submit")}</button>
          </form>
        </>
      ) : (
        <p>{t(l, "disclosure.adjust.noGrade")}</p>
      )}
      <h2>{t(l, "disclosure.adjust.history")}</h2>
      <AdjustmentHistory l={l} rows={props.rows} />
    </Layout>
  );
}

export function registerGradeAdjustmentRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  const show = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: 200 | 409 | 422 } = {}) => {
    const data = c.var.data;
    const org = await data
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", c.req.param("orgId") ?? "")
      .executeTakeFirst();
    if (!org) throw notFound();
    const [grade, rows] = await Promise.all([currentGrade(data, org.id), gradeAdjustments(data, org.id)]);
    return c.html(<GradePage {...staffView(c)} org={org} grade={grade} rows={rows} values={extra.values} errors={extra.errors} message={extra.message} />, extra.status ?? 200);
  };

  r.get("/manage/organizations/:orgId/grade", "evaluation.manage", (c) => show(c));

  r.post("/manage/organizations/:orgId/grade", "evaluation.manage", async (c) => {
    const form = await readForm(c, adjustmentSchema);
    if (!form.ok) return show(c, { values: form.values, errors: form.errors, status: 422 });
    const orgId = c.req.param("orgId") ?? "";
    try {
      await adjustGrade(c.var.data, orgId, { ...form.data, toGrade: form.data.toGrade || null }, c.var.user!, c.var.locale, nowIso());
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return show(c, { values: form.values, errors: error.fieldErrors, status: 422 });
      if (error instanceof AppError && error.status === 409) return show(c, { values: form.values, message: t(c.var.locale, error.messageKey), status: 409 });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/organizations/${orgId}/grade?done=disclosure.adjust.done`, 303);
  });
}
