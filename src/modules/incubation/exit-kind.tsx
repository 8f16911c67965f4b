import { me } from "./request";
import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { authorize } from "../../http/routes";
import { t } from "../../i18n/messages";
import type { SubjectKind } from "../../review";
import type { PageInfo } from "../../ui/layout";
import { EXIT_KIND } from "./subject-kinds";
import { findManagedIncubation } from "./incubations";
import { incubationRecord, isReviewer } from "./queries";
import { reviewerPages } from "./review-kind";
import { declarationSchema } from "./schemas";
import { MilestoneItems, Section, ServiceItems } from "./views";

// Exit assessments as a subject of the review engine: each panel member declares
// conflicts, then scores the incubation record (services, milestones, period) on the
// exit rubric. No public notice follows: staff record the outcome on the record page.

async function exitSubject(data: DistrictData, exitReviewId: string) {
  const review = await data.selectFrom("exit_reviews").selectAll().where("id", "=", exitReviewId).executeTakeFirst();
  if (!review) throw notFound();
  return { review, record: await incubationRecord(data, review.incubation_id) };
}

type Record = Awaited<ReturnType<typeof incubationRecord>>;

function RecordContent(props: { page: PageInfo; record: Record }) {
  const { page, record } = props;
  const l = page.locale;
  const { inc, services, milestones } = record;
  return (
    <Section title={t(l, "inc.incubation.title")} id="content">
      <p>
        {t(l, "inc.incubation.period")}: {inc.started_on} ~ {inc.planned_end_on} · {t(l, "inc.incubation.renewals")}: {inc.renewals_used}
      </p>
      <h3>{t(l, "inc.incubation.services")}</h3>
      <ServiceItems locale={l} services={services} />
      <h3>{t(l, "inc.incubation.milestones")}</h3>
      <MilestoneItems locale={l} milestones={milestones} />
    </Section>
  );
}

function notOnNotice(): never {
  throw new Error("exit assessments are decided by staff, never put on public notice");
}

export const exitKind: SubjectKind<z.output<typeof declarationSchema>> = {
  kind: EXIT_KIND,
  label: { "zh-CN": "出壳评估", en: "Exit assessment" },

  async render(data, a, env) {
    const { record } = await exitSubject(data, a.subject_id);
    const { inc, services, milestones } = record;
    return {
      title: record.org.name,
      context: t(env.locale, "inc.exitPanel.context", { park: record.park.name }),
      content: { incubation: { startedOn: inc.started_on, plannedEndOn: inc.planned_end_on, renewalsUsed: inc.renewals_used }, services, milestones },
    };
  },

  canScore: {
    forReviewer: () => true,
    declaration: declarationSchema,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    // A decided panel takes no more scores.
    open: (data, a) => [data.guard(data.selectFrom("exit_reviews").select("id").where("id", "=", a.subject_id).where("status", "=", "in_review"))],
    async authorizeMove(c, a) {
      authorize(c, "incubation.manage");
      const { review } = await exitSubject(c.var.data, a.subject_id);
      await findManagedIncubation(c.var.data, me(c), review.incubation_id);
    },
    eligibleReviewer: (data, _a, reviewerId) => isReviewer(data, reviewerId),
    authorizeObjections: async () => {
      throw notFound();
    },
  },

  pages: reviewerPages(
    () => exitKind as SubjectKind,
    async (data, a, page) => {
      const { record } = await exitSubject(data, a.subject_id);
      return { who: { context: t(page.locale, "inc.exitPanel.context", { park: record.park.name }), orgName: record.org.name }, content: <RecordContent page={page} record={record} /> };
    },
  ),
  onSubmitted: () => [],
  finalize: async () => notOnNotice(),
  overturn: async () => notOnNotice(),
};
