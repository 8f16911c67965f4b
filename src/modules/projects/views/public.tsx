import { Table } from "../../../ui/table";
import { rating, satisfaction } from "./evaluations";
import { t } from "../../../i18n/messages";
import { Layout, type PageInfo } from "../../../ui/layout";
import type { FundedProjectDetail, PublicProject } from "../domain/public";
import type { ProjectFigures } from "../domain/figures";
import { Pager, queryString } from "../../../ui/pager";
import { Funds } from "./figures";
import { AnsweredNeeds } from "./needs";
import type { AnsweredNeed } from "../call-needs";
import { areaName, yuan, type AreaName } from "./parts";

/** The page sizes offered on the public list; the second is the default. */
export const PAGE_SIZES: [number, number, number] = [20, 50, 100];

/** Funds by service category and by 街道 over all of the district's funded projects. */
export function FundsPage(props: { page: PageInfo; funds: Pick<ProjectFigures, "byCategory" | "bySubdistrict"> }) {
  const { page, funds } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "projects.public.funds")}>
      <p class="crumbs">
        <a href={`${page.base}/projects`}>{t(l, "projects.public.title")}</a>
      </p>
      <h1>{t(l, "projects.public.funds")}</h1>
      <Funds l={l} id="by-category" title="projects.figures.byCategory" rows={funds.byCategory} />
      <Funds l={l} id="by-subdistrict" title="projects.figures.bySubdistrict" rows={funds.bySubdistrict} />
    </Layout>
  );
}

/** `org`: the implementing organization the list is filtered to. */
export function FundedProjectsPage(props: { page: PageInfo; projects: PublicProject[]; areas: AreaName[]; org?: { id: string; name: string }; at: { page: number; size: number; pages: number; total: number } }) {
  const { page, at, org } = props;
  const l = page.locale;
  const href = (n: number, size = at.size) => `${page.base}/projects${queryString({ org: org?.id, page: n, size: size === PAGE_SIZES[1] ? undefined : size })}`;
  return (
    <Layout page={page} title={t(l, "projects.public.title")} description={t(l, "projects.public.intro")}>
      <h1>{t(l, "projects.public.title")}</h1>
      <p class="lead">{t(l, "projects.public.intro")}</p>
      {org ? (
        <p>
          {t(l, "projects.public.filteredTo", { organization: org.name })} · <a href={`${page.base}/projects`}>{t(l, "projects.public.clearFilter")}</a>
        </p>
      ) : null}
      {props.projects.length === 0 ? <p>{t(l, "projects.public.empty")}</p> : null}
      {props.projects.length ? (
        <Table
          head={[
            t(l, "projects.bid.title"),
            t(l, "projects.public.implementer"),
            t(l, "projects.bid.community"),
            t(l, "projects.contract.amount"),
            t(l, "projects.contract.term"),
            t(l, "projects.contract.status"),
            t(l, "projects.evaluation.title"),
            t(l, "projects.public.satisfaction"),
          ]}
        >
          {props.projects.map((p) => (
            <tr>
              <td>
                <a href={`${page.base}/projects/funded/${p.id}`}>{p.title}</a>
                <br />
                <span class="hint">
                  {t(l, `projects.kind.${p.kind}`)} · {l === "en" ? p.categoryEn : p.categoryZh}
                </span>
              </td>
              <td>{p.organizationName}</td>
              <td>{areaName(l, props.areas, p.communityCode)}</td>
              <td>{yuan(l, p.amountYuan)}</td>
              <td>
                {p.startsOn} – {p.endsOn}
              </td>
              <td>{t(l, `projects.publicStatus.${p.status}`)}</td>
              <td>{p.evaluationStage && p.evaluationStatus ? `${t(l, `projects.evaluation.stage.${p.evaluationStage}`)} · ${t(l, `projects.evaluation.status.${p.evaluationStatus}`)}` : t(l, "projects.evaluation.none")}</td>
              <td>{rating(l, p)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      <Pager l={l} page={at.page} pages={at.pages} href={href} />
      {props.projects.length ? (
        <p class="hint">
          {t(l, "projects.public.count", { count: at.total })} · {t(l, "projects.public.pageSize")} {PAGE_SIZES.map((n) => (n === at.size ? <strong>{n} </strong> : <a href={href(1, n)}>{n} </a>))}
        </p>
      ) : null}
      {props.projects.length ? <p class="hint">{t(l, "projects.public.satisfactionNote")}</p> : null}
      {props.projects.length ? (
        <p>
          <a href={`${page.base}/projects/funds`}>{t(l, "projects.public.funds")}</a>
        </p>
      ) : null}
      <section aria-labelledby="open-data">
        <h2 id="open-data">{t(l, "projects.public.openData")}</h2>
        <p>
          <a href={`${page.base}/open-data/v1/projects.csv`}>CSV</a> · <a href={`${page.base}/open-data/v1/projects.json`}>JSON</a> · <a href={`${page.base}/open-data#projects`}>{t(l, "projects.public.openDataDoc")}</a>
        </p>
      </section>
    </Layout>
  );
}

export function FundedProjectPage(props: { page: PageInfo; project: FundedProjectDetail; areas: AreaName[]; needs?: AnsweredNeed[] }) {
  const { page, project: p } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={p.title} description={p.activities.slice(0, 120)}>
      <h1>{p.title}</h1>
      <dl class="facts">
        <dt>{t(l, "projects.call.kind")}</dt>
        <dd>{t(l, `projects.kind.${p.kind}`)}</dd>
        <dt>{t(l, "projects.bid.category")}</dt>
        <dd>{l === "en" ? p.categoryEn : p.categoryZh}</dd>
        <dt>{t(l, "projects.public.implementer")}</dt>
        <dd>
          <a href={`${page.base}/organizations/${p.organizationId}`}>{p.organizationName}</a>
        </dd>
        <dt>{t(l, "projects.bid.community")}</dt>
        <dd>{areaName(l, props.areas, p.communityCode)}</dd>
        <dt>{t(l, "projects.contract.amount")}</dt>
        <dd>{yuan(l, p.amountYuan)}</dd>
        <dt>{t(l, "projects.catalogue.paid")}</dt>
        <dd>{yuan(l, p.paidYuan)}</dd>
        <dt>{t(l, "projects.contract.term")}</dt>
        <dd>
          {p.startsOn} – {p.endsOn}
        </dd>
        <dt>{t(l, "projects.contract.status")}</dt>
        <dd>{t(l, `projects.publicStatus.${p.status}`)}</dd>
        <dt>{t(l, "projects.bid.beneficiaries")}</dt>
        <dd>{p.beneficiaries}</dd>
        <dt>{t(l, "projects.bid.volunteers")}</dt>
        <dd>{p.volunteers}</dd>
        <dt>{t(l, "projects.bid.team")}</dt>
        <dd>
          {p.teamSize} · {t(l, "projects.bid.certifiedShare", { share: p.certifiedShare })}
        </dd>
        <dt>{t(l, "projects.evaluation.title")}</dt>
        <dd>
          {p.evaluation
            ? `${t(l, `projects.evaluation.stage.${p.evaluation.stage}`)} · ${t(l, `projects.evaluation.status.${p.evaluation.status}`)}${p.evaluation.score === null ? "" : ` · ${p.evaluation.score}`}`
            : t(l, "projects.evaluation.none")}
        </dd>
        <dt>{t(l, "projects.public.satisfaction")}</dt>
        <dd>{satisfaction(l, p.feedback)}</dd>
      </dl>
      {p.status === "signed" ? (
        <p>
          <a href={`${page.base}/f/${p.feedbackCode}`}>{t(l, "projects.feedback.formTitle", { title: p.title })}</a> · <a href={`${page.base}/f/${p.feedbackCode}/poster`}>{t(l, "projects.feedback.poster")}</a>
        </p>
      ) : null}
      <AnsweredNeeds locale={l} base={page.base} areas={props.areas} needs={props.needs ?? []} detail={false} link={false} />
      <h2>{t(l, "projects.bid.targetGroup")}</h2>
      <p class="prewrap">{p.targetGroup}</p>
      <h2>{t(l, "projects.bid.activities")}</h2>
      <p class="prewrap">{p.activities}</p>
      <h2>{t(l, "projects.contract.deliverables")}</h2>
      <p class="prewrap">{p.deliverables}</p>
      <h2>{t(l, "projects.contract.instalments")}</h2>
      <ul>
        {p.instalments.map((i) => (
          <li>
            {t(l, "projects.contract.seq")} {i.seq} · {yuan(l, i.amountYuan)} · {t(l, `projects.gate.${i.gate}`)} · {t(l, `projects.instalmentStatus.${i.status}`)}
            {i.paidOn ? ` · ${i.paidOn}` : ""}
          </li>
        ))}
      </ul>
      <p>
        <a href={`${page.base}/projects`}>{t(l, "projects.public.title")}</a>
      </p>
    </Layout>
  );
}
