import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import type { FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { attempt, invalid, type FormState } from "../../ui/form-state";
import { CsrfField, Layout } from "../../ui/layout";
import { actorOf, evaluationAreas } from "./actor";
import { adjustGrade, gradeRecord, type CurrentGrade } from "./grade-adjustments";
import { ManageNav, staffProps, staffView, type StaffViewProps } from "./manage-common";
import { adjustmentSchema } from "./schemas";
import { GRADES } from "./tables";
import { DateText, Flash } from "./views";
import type { AdjustmentRow } from "./queries";

// The administrators' page for a grade during its term: the current grade, the form that
// records a tracking or verification evaluation's result, and the decisions so far.

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

  const show = async (c: Context<AppEnv>, refused?: { state: FormState; status: 409 | 422 }) => {
    const { org, grade, rows } = await gradeRecord(c.var.data, c.req.param("orgId") ?? "", evaluationAreas(c.var.user!));
    const state = refused?.state;
    return c.html(<GradePage {...staffView(c)} org={org} grade={grade} rows={rows} values={state?.values} errors={state?.errors} message={state?.message} />, refused?.status ?? 200);
  };

  r.get("/manage/organizations/:orgId/grade", "evaluation.manage", (c) => show(c));

  r.post("/manage/organizations/:orgId/grade", "evaluation.manage", async (c) => {
    const form = await readForm(c, adjustmentSchema);
    if (!form.ok) return show(c, invalid("grade", form.values, form.errors));
    const orgId = c.req.param("orgId") ?? "";
    const done = await attempt(c.var.locale, "grade", form.values, () => adjustGrade(c.var.data, actorOf(c.var.user!, c.var.locale), { ...form.data, toGrade: form.data.toGrade || null, organizationId: orgId }, nowIso()));
    if (!done.ok) return show(c, done);
    return c.redirect(`${c.var.base}/manage/organizations/${orgId}/grade?done=disclosure.adjust.done`, 303);
  });
}
