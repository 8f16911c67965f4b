import type { Context } from "hono";
import { PERMISSIONS } from "../../auth/permissions";
import type { AppEnv } from "../../env";
import { t, type Locale } from "../../i18n/messages";
import { pageInfo } from "../../ui/layout";
import type { areaMap } from "./queries";
import { coversArea } from "./registry";
import type { CurrentUser } from "../../auth/sessions";
import type { DistrictSettings } from "../../tenants/settings";
import type { ViewProps } from "./views";

// What the staff pages share: their props, their navigation and the area choices.

type Areas = Awaited<ReturnType<typeof areaMap>>;

/** What every staff page gets besides its data. */
export interface StaffViewProps extends ViewProps {
  user: CurrentUser;
  district: { nameZh: string; settings: DistrictSettings };
}

export function staffView(c: Context<AppEnv>): StaffViewProps {
  return { page: pageInfo(c), flash: c.req.query("done"), user: c.var.user!, district: c.var.district };
}

export function staffProps(props: StaffViewProps): StaffViewProps {
  return { page: props.page, flash: props.flash, user: props.user, district: props.district };
}

export function hasRole(user: CurrentUser | null, permission: keyof typeof PERMISSIONS): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return !!user?.grants.some((g) => allowed.includes(g.role));
}

export function areaOptions(user: CurrentUser, areas: Areas, l: Locale) {
  const options = [...areas.entries()].filter(([code]) => coversArea(user, code)).map(([code, a]) => ({ value: code, label: `${a.level === "community" ? "　" : ""}${l === "en" && a.name_en ? a.name_en : a.name_zh} (${code})` }));
  return coversArea(user, null) ? [{ value: "", label: t(l, "disclosure.org.areaNone") }, ...options] : options;
}

export function ManageNav(props: StaffViewProps) {
  const page = props.page;
  const l = page.locale;
  return (
    <p class="crumbs">
      <a href={`${page.base}/manage/organizations`}>{t(l, "disclosure.manage.title")}</a> · <a href={`${page.base}/manage/claims`}>{t(l, "disclosure.manage.claims")}</a>
      {hasRole(props.user, "credit.manage") ? (
        <>
          {" "}
          · <a href={`${page.base}/manage/credit`}>{t(l, "disclosure.manage.credit")}</a>
        </>
      ) : null}
      {hasRole(props.user, "evaluation.manage") ? (
        <>
          {" "}
          · <a href={`${page.base}/manage/evaluations`}>{t(l, "disclosure.manage.evaluations")}</a>
        </>
      ) : null}
    </p>
  );
}
