import type { FieldError } from "../../http/errors";
import { t } from "../../i18n/messages";
import { DEFAULT_SETTINGS, MODULES, SETTING_EXPLANATIONS, settingsSchema, type DistrictSettings } from "../../tenants/settings";
import type { District } from "../../district-lookup/district-registry";
import { ChoiceGroup, SelectField, TextField } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import { AdminPage, GRADES, SubmitRow } from "./views";

// The rule settings page (numbers checked against the schema's own ranges) and the modules page.

type SettingKey = keyof DistrictSettings;

/** The inclusive range a numeric setting accepts, read from the schema's own checks. */
export function settingRange(key: SettingKey): { min: number; max: number } | null {
  const field = (settingsSchema as unknown as { _zod: { def: { shape: Record<string, { _zod: { def: { innerType?: { _zod: { def: { checks?: { _zod: { def: { check: string; value: number } } }[] } } } } } }> } } })._zod.def.shape[key];
  const checks = field?._zod.def.innerType?._zod.def.checks ?? [];
  const min = checks.find((c) => c._zod.def.check === "greater_than")?._zod.def.value;
  const max = checks.find((c) => c._zod.def.check === "less_than")?._zod.def.value;
  return min === undefined || max === undefined ? null : { min, max };
}

/** The form's flat values for a settings object: gradeBands become gradeBands.scale and gradeBands.minimums.5A… */
export function settingsValues(s: DistrictSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "gradeBands") continue;
    values[key] = String(value);
  }
  values["gradeBands.scale"] = String(s.gradeBands.scale);
  for (const g of GRADES) values[`gradeBands.minimums.${g}`] = String(s.gradeBands.minimums[g]);
  return values;
}

export function SettingsPage(props: { page: PageInfo; district: District; values?: Record<string, string>; errors?: FieldError[]; status?: string; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  const v = props.values ?? settingsValues(d.settings);
  const e = props.errors;
  const explain = (key: SettingKey) => SETTING_EXPLANATIONS[key][l === "en" ? 1 : 0];
  const keys = (Object.keys(SETTING_EXPLANATIONS) as SettingKey[]).filter((k) => typeof DEFAULT_SETTINGS[k] === "number");
  const bandsError = e?.find((x) => x.field === "gradeBands.minimums");
  const defaults = DEFAULT_SETTINGS.gradeBands;
  return (
    <AdminPage page={page} district={d} step="settings" title={t(l, "onboarding.step.settings")} status={props.status} errors={e} message={props.message}>
      <p class="lead">{t(l, "onboarding.settings.intro")}</p>
      <form class="stack" method="post" action={`${page.base}/admin/settings`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        {keys.map((key) => {
          const range = settingRange(key);
          const hint = [explain(key), t(l, "onboarding.settings.default", { value: String(DEFAULT_SETTINGS[key]) }), range ? t(l, "onboarding.settings.range", range) : ""].filter(Boolean).join(" ");
          return <TextField name={key} type="number" label={t(l, `onboarding.setting.${key}`)} hint={hint} value={v[key]} errors={e} min={range?.min} max={range?.max} required />;
        })}
        <TextField
          name="annualReportDue"
          label={t(l, "onboarding.setting.annualReportDue")}
          hint={`${explain("annualReportDue")} ${t(l, "onboarding.settings.annualReportDueHint")} ${t(l, "onboarding.settings.default", { value: DEFAULT_SETTINGS.annualReportDue })}`}
          value={v.annualReportDue}
          errors={e}
          maxLength={5}
          required
        />
        <TextField
          name="annualReportDueFoundation"
          label={t(l, "onboarding.setting.annualReportDueFoundation")}
          hint={`${explain("annualReportDueFoundation")} ${t(l, "onboarding.settings.annualReportDueHint")} ${t(l, "onboarding.settings.default", { value: DEFAULT_SETTINGS.annualReportDueFoundation })}`}
          value={v.annualReportDueFoundation}
          errors={e}
          maxLength={5}
          required
        />
        {(["needsDataProcessor", "needsDataContact", "simplifiedOnsiteSkip"] as const).map((key) => (
          <TextField name={key} label={t(l, `onboarding.setting.${key}`)} hint={explain(key)} value={v[key]} errors={e} maxLength={key === "needsDataContact" ? 120 : 60} />
        ))}
        <fieldset class={bandsError ? "field invalid" : "field"} id="f-gradeBands.minimums" aria-describedby="bands-hint">
          <legend>{t(l, "onboarding.setting.gradeBands")}</legend>
          <span class="hint" id="bands-hint">
            {explain("gradeBands")} {t(l, "onboarding.settings.default", { value: `${defaults.scale}: ${GRADES.map((g) => `${g} ${defaults.minimums[g]}`).join(" / ")}` })}
          </span>
          {bandsError ? <span class="error">{bandsError.message}</span> : null}
          <SelectField
            name="gradeBands.scale"
            label={t(l, "onboarding.settings.gradeScale")}
            options={[
              { value: "100", label: "100" },
              { value: "1000", label: "1000" },
            ]}
            value={v["gradeBands.scale"]}
            errors={e}
          />
          {GRADES.map((g) => (
            <TextField name={`gradeBands.minimums.${g}`} type="number" label={t(l, "onboarding.settings.gradeMin", { grade: g })} value={v[`gradeBands.minimums.${g}`]} errors={e} min={1} max={1000} required />
          ))}
        </fieldset>
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}

export function ModulesPage(props: { page: PageInfo; district: District; selected?: string[]; errors?: FieldError[]; status?: string; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  return (
    <AdminPage page={page} district={d} step="modules" title={t(l, "onboarding.step.modules")} status={props.status} errors={props.errors} message={props.message}>
      <p class="lead">{t(l, "onboarding.modules.intro")}</p>
      <form class="stack" method="post" action={`${page.base}/admin/modules`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        <ChoiceGroup
          name="modules"
          type="checkbox"
          legend={t(l, "onboarding.modules.legend")}
          options={MODULES.map((m) => ({ value: m, label: t(l, `module.${m}`), hint: t(l, `onboarding.modules.${m}`) }))}
          selected={props.selected ?? d.modules}
          errors={props.errors}
        />
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}
