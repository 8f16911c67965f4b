import type { CurrentUser } from "../../auth/sessions";
import { t, type Locale } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import type { DistrictProfile } from "../../tenants/profile";
import { Layout, type PageInfo } from "../../ui/layout";
import type { AreaNode, HomeFigures } from "./queries";

// The district's public pages: its home page and its hierarchy.

export function HomePage(props: { page: PageInfo; district: District; user: CurrentUser | null; figures: HomeFigures; sections?: unknown[] }) {
  const page = props.page;
  const l = page.locale;
  const district = props.district;
  const user = props.user;
  return (
    <Layout page={page} title={t(l, "nav.home")} description={t(l, "home.intro")} meta={{ ogTitle: t(l, "home.title", { district: page.districtName! }) }}>
      {district.profile.logoText ? <p class="logo-text">{district.profile.logoText}</p> : null}
      <h1>{t(l, "home.title", { district: page.districtName! })}</h1>
      <p class="lead">{t(l, "home.intro")}</p>
      {user ? (
        <section class="notice" aria-labelledby="welcome">
          <strong id="welcome">{t(l, "home.welcome", { name: user.displayName })}</strong>
          <div>
            {t(l, "home.yourRoles")}: {[...new Set(user.grants.map((g) => t(l, `role.${g.role}`)))].join("、")}
          </div>
        </section>
      ) : null}
      {/* The modules' sections first: the directory search leads the page, figures follow it. */}
      {(props.sections ?? []) as never}
      <h2>{t(l, "home.figures")}</h2>
      <ul class="cards">
        <li class="card">
          <span class="figure">{props.figures.subdistricts}</span>
          {t(l, "home.subdistricts")}
        </li>
        <li class="card">
          <span class="figure">{props.figures.communities}</span>
          {t(l, "home.communities")}
        </li>
        <li class="card">
          <span class="figure">{props.figures.organizations}</span>
          {t(l, "home.organizations")}
        </li>
      </ul>
      <h2>{t(l, "home.modules")}</h2>
      <ul class="cards">
        {district.modules.map((m) => (
          <li class="card">{t(l, `module.${m}`)}</li>
        ))}
      </ul>
      <DistrictContact locale={l} profile={district.profile} />
    </Layout>
  );
}

/** The bureau's public contact details (the district profile), when given. */
export function DistrictContact(props: { locale: Locale; profile: DistrictProfile }) {
  const l = props.locale;
  const p = props.profile;
  const items = [
    ["onboarding.profile.address", p.address],
    ["onboarding.profile.phone", p.phone],
    ["onboarding.profile.email", p.email],
  ] as const;
  if (!items.some(([, v]) => v)) return null;
  return (
    <section aria-labelledby="contact">
      <h2 id="contact">{t(l, "onboarding.comingSoon.contact")}</h2>
      <dl class="summary">
        {items.map(([key, value]) =>
          value ? (
            <>
              <dt>{t(l, key)}</dt>
              <dd>{value}</dd>
            </>
          ) : null,
        )}
      </dl>
    </section>
  );
}

export function AreasPage(props: { page: PageInfo; tree: AreaNode[] }) {
  const page = props.page;
  const l = page.locale;
  const name = (a: { name: string; nameEn: string }) => (l === "en" && a.nameEn ? a.nameEn : a.name);
  return (
    <Layout page={page} title={t(l, "areas.title")}>
      <h1>{t(l, "areas.title")}</h1>
      {props.tree.length === 0 ? <p>{t(l, "areas.none")}</p> : null}
      {props.tree.map((s) => (
        <section aria-labelledby={`a-${s.code}`}>
          <h2 id={`a-${s.code}`}>
            {name(s)} <small>({s.code})</small>
          </h2>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t(l, "areas.communities")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, "areas.name")}</th>
                  <th scope="col">{t(l, "areas.code")}</th>
                </tr>
              </thead>
              <tbody>
                {s.communities.map((cm) => (
                  <tr>
                    <td>{name(cm)}</td>
                    <td>{cm.code}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
