import type { HomeSection } from "../../core/module-contract";
import type { DistrictData } from "../../data/district-data";
import { t } from "../../i18n/messages";
import { latestNotices, noticePeriod, PhaseBadge } from "../../review";
import { TextField } from "../../ui/form";
import { nowIso } from "../../lib/time";
import { pageInfo, type PageInfo } from "../../ui/layout";
import { parkSummaries } from "../incubation";
import { homeFigures } from "./queries";

// The district home page's disclosure section.

/** What the home section shows: figures, the latest notices and a few parks. */
export async function homeSectionData(data: DistrictData) {
  const [figures, notices, parks] = await Promise.all([homeFigures(data), latestNotices(data, 5), parkSummaries(data)]);
  return { figures, notices, parks };
}

export function HomeSectionView(props: { page: PageInfo; now: string } & Awaited<ReturnType<typeof homeSectionData>>) {
  const { page, now, figures, notices, parks } = props;
  const l = page.locale;
  return (
    <>
      <form class="search inline" method="get" action={`${page.base}/organizations`} role="search">
        <TextField name="q" type="search" label={t(l, "disclosure.home.search")} hint={t(l, "disclosure.directory.qHint")} maxLength={50} />
        <button type="submit">{t(l, "disclosure.directory.search")}</button>
      </form>
      <section aria-labelledby="disclosure-home">
        <h2 id="disclosure-home">{t(l, "disclosure.home.title")}</h2>
        <ul class="cards">
          <li class="card">
            <span class="figure">{figures.organizations}</span>
            <a href={`${page.base}/organizations`}>{t(l, "disclosure.home.organizations")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.graded}</span>
            <a href={`${page.base}/organizations?grade=3A`}>{t(l, "disclosure.home.graded")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.abnormal}</span>
            <a href={`${page.base}/credit-lists/abnormal`}>{t(l, "disclosure.home.abnormal")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.serious}</span>
            <a href={`${page.base}/credit-lists/serious`}>{t(l, "disclosure.home.serious")}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="home-notices">
        <h2 id="home-notices">{t(l, "disclosure.home.latestNotices")}</h2>
        {notices.length === 0 ? <p>{t(l, "disclosure.home.noNotices")}</p> : null}
        <ul>
          {notices.map((n) => (
            <li>
              <a href={`${page.base}/notices/${n.id}`}>{n.title}</a> <PhaseBadge l={l} notice={n} now={now} /> <small>{t(l, "review.notice.period", noticePeriod(n))}</small>
            </li>
          ))}
        </ul>
        <p>
          <a href={`${page.base}/notices`}>{t(l, "disclosure.home.allNotices")}</a> · <a href={`${page.base}/open-data`}>{t(l, "disclosure.nav.openData")}</a>
        </p>
      </section>
      {/* Parks come from the incubation module's public functions; its own park pages show more. */}
      <section aria-labelledby="home-parks">
        <h2 id="home-parks">{t(l, "disclosure.home.parks")}</h2>
        {parks.length === 0 ? <p>{t(l, "disclosure.home.noParks")}</p> : null}
        <ul>
          {parks.map((p) => (
            <li>
              {p.name}{" "}
              <small>
                · {p.operator_name} · {p.address}
              </small>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export const disclosureHomeSection: HomeSection = async (c) => <HomeSectionView page={pageInfo(c)} now={nowIso()} {...(await homeSectionData(c.var.data))} />;
