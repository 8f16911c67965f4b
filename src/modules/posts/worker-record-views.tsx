import { t, type Locale } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { ErrorSummary, SelectField, TextField } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import { CertificateSection } from "./certificate-views";
import { isActive } from "./embedding";
import { REWARD_KINDS, TRAINING_FORMS } from "./schemas";
import { options, stateFor, type FormState } from "./view-parts";
import type { AssessmentView, CareerEvent, WorkerRecord } from "./listings";
import { Table } from "../../ui/table";

// A worker's record: certificate registration and continuing education, training,
// assignments, assessments, rewards and the career path.

function careerText(l: Locale, e: CareerEvent): string {
  switch (e.type) {
    case "qualification":
      return t(l, "posts.career.qualification", { level: t(l, `posts.qualification.${e.level}`), certificate: e.certificate ?? "—" });
    case "start":
      return t(l, e.rotation ? "posts.career.rotation" : "posts.career.start", { post: e.post, host: e.host });
    case "end":
      return t(l, "posts.career.end", { post: e.post, reason: e.reason ? t(l, `posts.endReason.${e.reason}`) : "—" });
    case "assessment":
      return t(l, "posts.career.assessment", { year: e.year, grade: t(l, `posts.grade.${e.grade}`), score: e.score });
    case "reward":
      return t(l, "posts.career.reward", { kind: t(l, `posts.reward.${e.kind}`), title: e.title, body: e.body });
  }
}

export function AssessmentsTable(props: { l: Locale; assessments: (AssessmentView & { postTitle?: string })[]; withPost: boolean }) {
  const l = props.l;
  return (
    <Table
      head={[t(l, "posts.assignment.year"), ...(props.withPost ? [t(l, "posts.assignment.post")] : []), t(l, "posts.assignment.score"), t(l, "posts.assignment.grade"), t(l, "posts.assignment.assessor"), t(l, "posts.assignment.comments")]}
    >
      {props.assessments.map((a) => (
        <tr>
          <td>{a.year}</td>
          {props.withPost ? <td>{a.postTitle}</td> : null}
          <td>{a.score}</td>
          <td>{t(l, `posts.grade.${a.grade}`)}</td>
          <td>{a.assessorName}</td>
          <td>{a.comments}</td>
        </tr>
      ))}
    </Table>
  );
}

/** Training, assignments, assessments, rewards and the career path, with the forms the viewer may use. */
export function WorkerRecordSections(props: {
  page: PageInfo;
  record: WorkerRecord;
  trainingAction: string | null;
  rewardAction: string | null;
  /** Where staff record a certificate registration; null where it is only shown. */
  registrationAction: string | null;
  linkAssignments: boolean;
  state?: FormState;
}) {
  const page = props.page;
  const l = page.locale;
  const { record } = props;
  const today = beijingToday();
  const trainingState = stateFor(props.state, "training");
  const rewardState = stateFor(props.state, "reward");
  const totalHours = Math.round(record.trainings.reduce((s, x) => s + Number(x.hours), 0) * 10) / 10;
  return (
    <>
      <CertificateSection l={l} certificate={record.certificate} action={props.registrationAction} csrfToken={page.csrfToken} today={today} state={stateFor(props.state, "registration")} />
      <section class="panel" aria-labelledby="assignments-h">
        <h2 id="assignments-h">{t(l, "posts.worker.assignments")}</h2>
        {record.assignments.length === 0 ? <p>{t(l, "posts.worker.noAssignments")}</p> : null}
        {record.assignments.length ? (
          <Table head={[t(l, "posts.assignment.post"), t(l, "posts.field.host"), t(l, "posts.assignment.startsOn"), t(l, "posts.assignment.endsOn"), t(l, "posts.assignment.state")]}>
            {record.assignments.map((a) => (
              <tr>
                <td>{props.linkAssignments ? <a href={`${page.base}/assignments/${a.id}`}>{a.postTitle}</a> : a.postTitle}</td>
                <td>{a.hostName}</td>
                <td>{a.startsOn}</td>
                <td>
                  {a.endsOn ?? "—"}
                  {a.endReason ? `（${t(l, `posts.endReason.${a.endReason}`)}）` : ""}
                </td>
                <td>{isActive(a, today) ? <span class="badge ok">{t(l, "posts.assignment.active")}</span> : <span class="badge">{t(l, "posts.assignment.ended")}</span>}</td>
              </tr>
            ))}
          </Table>
        ) : null}
        <h3>{t(l, "posts.assignment.assessments")}</h3>
        {record.assessments.length === 0 ? <p>{t(l, "posts.assignment.noAssessments")}</p> : <AssessmentsTable l={l} assessments={record.assessments} withPost />}
      </section>

      <section class="panel" aria-labelledby="training-h">
        <h2 id="training-h">{t(l, "posts.worker.trainings")}</h2>
        {record.trainings.length === 0 ? <p>{t(l, "posts.worker.noTrainings")}</p> : <p>{t(l, "posts.worker.totalHours", { hours: totalHours })}</p>}
        {record.trainings.length ? (
          <Table head={[t(l, "posts.worker.heldOn"), t(l, "posts.worker.trainingForm"), t(l, "posts.worker.trainingTitle"), t(l, "posts.worker.hours"), t(l, "posts.worker.provider")]}>
            {record.trainings.map((x) => (
              <tr>
                <td>{x.heldOn}</td>
                <td>{t(l, `posts.training.${x.form}`)}</td>
                <td>{x.title}</td>
                <td>{x.hours}</td>
                <td>{x.provider}</td>
              </tr>
            ))}
          </Table>
        ) : null}
        {props.trainingAction ? (
          <>
            <h3>{t(l, "posts.worker.addTraining")}</h3>
            <ErrorSummary locale={l} errors={trainingState?.errors ?? []} message={trainingState?.message} />
            <form class="stack" method="post" action={props.trainingAction} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField
                name="form"
                label={t(l, "posts.worker.trainingForm")}
                value={trainingState?.values.form}
                errors={trainingState?.errors}
                required
                placeholder={t(l, "posts.choose")}
                options={options(l, TRAINING_FORMS, (k) => `posts.training.${k}`)}
              />
              <TextField name="title" label={t(l, "posts.worker.trainingTitle")} value={trainingState?.values.title} errors={trainingState?.errors} required maxLength={80} />
              <TextField name="hours" inputMode="decimal" label={t(l, "posts.worker.hours")} value={trainingState?.values.hours} errors={trainingState?.errors} required maxLength={7} />
              <TextField name="provider" label={t(l, "posts.worker.provider")} value={trainingState?.values.provider} errors={trainingState?.errors} required maxLength={80} />
              <TextField name="heldOn" type="date" label={t(l, "posts.worker.heldOn")} value={trainingState?.values.heldOn} errors={trainingState?.errors} required />
              <button type="submit">{t(l, "posts.worker.addTraining")}</button>
            </form>
          </>
        ) : null}
      </section>

      <section class="panel" aria-labelledby="rewards-h">
        <h2 id="rewards-h">{t(l, "posts.worker.rewards")}</h2>
        {record.rewards.length === 0 ? <p>{t(l, "posts.worker.noRewards")}</p> : null}
        {record.rewards.length ? (
          <Table head={[t(l, "posts.worker.awardedOn"), t(l, "posts.worker.rewardKind"), t(l, "posts.worker.rewardTitle"), t(l, "posts.worker.awardingBody")]}>
            {record.rewards.map((r) => (
              <tr>
                <td>{r.awardedOn}</td>
                <td>{t(l, `posts.reward.${r.kind}`)}</td>
                <td>
                  {r.title}
                  {r.amountYuan ? `（${t(l, "posts.worker.amountValue", { n: r.amountYuan })}）` : ""}
                </td>
                <td>{r.awardingBody}</td>
              </tr>
            ))}
          </Table>
        ) : null}
        {props.rewardAction ? (
          <>
            <h3>{t(l, "posts.worker.addReward")}</h3>
            <ErrorSummary locale={l} errors={rewardState?.errors ?? []} message={rewardState?.message} />
            <form class="stack" method="post" action={props.rewardAction} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField
                name="kind"
                label={t(l, "posts.worker.rewardKind")}
                value={rewardState?.values.kind}
                errors={rewardState?.errors}
                required
                placeholder={t(l, "posts.choose")}
                options={options(l, REWARD_KINDS, (k) => `posts.reward.${k}`)}
              />
              <TextField name="title" label={t(l, "posts.worker.rewardTitle")} value={rewardState?.values.title} errors={rewardState?.errors} required maxLength={80} />
              <TextField name="awardedOn" type="date" label={t(l, "posts.worker.awardedOn")} value={rewardState?.values.awardedOn} errors={rewardState?.errors} required />
              <TextField name="awardingBody" label={t(l, "posts.worker.awardingBody")} value={rewardState?.values.awardingBody} errors={rewardState?.errors} required maxLength={60} />
              <TextField name="amountYuan" inputMode="numeric" label={t(l, "posts.worker.amount")} value={rewardState?.values.amountYuan} errors={rewardState?.errors} maxLength={9} />
              <button type="submit">{t(l, "posts.worker.addReward")}</button>
            </form>
          </>
        ) : null}
      </section>

      <section class="panel" aria-labelledby="career-h">
        <h2 id="career-h">{t(l, "posts.worker.career")}</h2>
        {record.career.length === 0 ? <p>{t(l, "posts.worker.noCareer")}</p> : null}
        <ol>
          {record.career.map((e) => (
            <li>
              {/* An assessment names its year in its text. */}
              {e.type === "assessment" ? null : <time datetime={e.date}>{e.date} </time>}
              {careerText(l, e)}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
