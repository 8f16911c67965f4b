import { t } from "../../i18n/messages";
import { beijingDateTime, beijingToday } from "../../lib/beijing-time";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { areaLabel, type Areas } from "./areas";
import { isActive, type AssignmentView } from "./embedding";
import { OverrideField } from "./assign-form";
import type { PostView } from "./posts";
import { GRADES, QUALIFICATIONS } from "./schemas";
import { options, SavedNotice, stateFor, type FormState } from "./view-parts";
import type { WorkerView } from "./workers";

import { WorkerRecordSections, AssessmentsTable } from "./worker-record-views";
import type { AssessmentView, WorkerRecord, ApplicationView } from "./listings";
import { Table } from "../../ui/table";

// Pages of social workers: the staff list, profile forms, a worker's page (its record
// sections are in worker-record-views.tsx), an assignment, and a social
// worker's own profile.

export function WorkersListPage(props: { page: PageInfo; workers: WorkerView[]; areas: Areas; q: string; canCreate: boolean }) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "posts.workers.title")}>
      <h1>{t(l, "posts.workers.title")}</h1>
      <p class="lead">{t(l, "posts.workers.intro")}</p>
      {props.canCreate ? (
        <div class="actions">
          <a class="button" href={`${page.base}/workers/new`}>
            {t(l, "posts.workers.new")}
          </a>
        </div>
      ) : null}
      <form method="get" action={`${page.base}/workers`} class="actions" role="search">
        <TextField name="q" label={t(l, "posts.workers.search")} value={props.q} maxLength={30} />
        <button type="submit" class="secondary">
          {t(l, "posts.workers.searchSubmit")}
        </button>
      </form>
      {props.workers.length === 0 ? <p>{t(l, "posts.workers.empty")}</p> : null}
      {props.workers.length ? (
        <Table
          head={[t(l, "posts.worker.name"), t(l, "posts.worker.area"), t(l, "posts.worker.qualification"), t(l, "posts.worker.certificateNo"), t(l, "posts.worker.idNumber"), t(l, "posts.worker.phone"), t(l, "posts.workers.currentPost")]}
        >
          {props.workers.map((w) => (
            <tr>
              <td>
                <a href={`${page.base}/workers/${w.id}`}>{w.name}</a>
              </td>
              <td>{areaLabel(props.areas, w.areaCode, l)}</td>
              <td>{t(l, `posts.qualification.${w.qualification}`)}</td>
              <td>{w.certificateNo ?? "—"}</td>
              <td>{w.idNumberMasked}</td>
              <td>{w.phoneMasked}</td>
              <td>{w.currentPost ?? "—"}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Layout>
  );
}

export function workerFormValues(w: WorkerView): Record<string, string> {
  return { name: w.name, areaCode: w.areaCode ?? "", qualification: w.qualification, certificateNo: w.certificateNo ?? "", qualifiedOn: "", idNumber: "", phone: "", version: String(w.version) };
}

export function WorkerFormPage(props: { page: PageInfo; title: string; intro?: string; action: string; submit: string; areaOptions: { value: string; label: string }[]; worker?: WorkerView; state?: FormState }) {
  const page = props.page;
  const l = page.locale;
  const editing = !!props.worker;
  const v = props.state?.values ?? (props.worker ? workerFormValues(props.worker) : { areaCode: props.areaOptions[0]?.value ?? "", qualification: "none" });
  const errors = props.state?.errors ?? [];
  return (
    <Layout page={page} title={props.title}>
      <h1>{props.title}</h1>
      {props.intro ? <p class="lead">{props.intro}</p> : null}
      <ErrorSummary locale={l} errors={errors} message={props.state?.message} />
      <form class="stack" method="post" action={props.action} novalidate>
        <CsrfField token={page.csrfToken} />
        {editing ? <input type="hidden" name="version" value={v.version ?? String(props.worker!.version)} /> : null}
        <TextField name="name" label={t(l, "posts.worker.name")} value={v.name} errors={errors} required maxLength={30} autocomplete="off" />
        <SelectField name="areaCode" label={t(l, "posts.worker.area")} value={v.areaCode} errors={errors} options={props.areaOptions} />
        <SelectField name="qualification" label={t(l, "posts.worker.qualification")} value={v.qualification} errors={errors} required options={options(l, QUALIFICATIONS, (k) => `posts.qualification.${k}`)} />
        <TextField name="certificateNo" label={t(l, "posts.worker.certificateNo")} hint={t(l, "posts.worker.certificateHint")} value={v.certificateNo} errors={errors} maxLength={30} autocomplete="off" />
        <TextField name="qualifiedOn" type="date" label={t(l, "posts.worker.qualifiedOn")} hint={t(l, "posts.worker.qualifiedOnHint")} value={v.qualifiedOn} errors={errors} />
        <TextField
          name="idNumber"
          label={t(l, "posts.worker.idNumber")}
          hint={editing ? `${t(l, "posts.worker.keepHint")} ${props.worker!.idNumberMasked}` : undefined}
          value={v.idNumber}
          errors={errors}
          required={!editing}
          maxLength={18}
          autocomplete="off"
        />
        <TextField
          name="phone"
          type="tel"
          inputMode="tel"
          label={t(l, "posts.worker.phone")}
          hint={editing ? `${t(l, "posts.worker.keepHint")} ${props.worker!.phoneMasked}` : undefined}
          value={v.phone}
          errors={errors}
          required={!editing}
          maxLength={20}
          autocomplete="off"
        />
        <button type="submit">{props.submit}</button>
      </form>
    </Layout>
  );
}

/** Masked number with, for those allowed, a button to show it in full (audited). */
function PersonalValue(props: { page: PageInfo; worker: WorkerView; field: "id_number" | "phone"; masked: string; revealed?: string; canReveal: boolean }) {
  const page = props.page;
  const l = page.locale;
  const label = t(l, props.field === "id_number" ? "posts.worker.idNumber" : "posts.worker.phone");
  return (
    <>
      <span>{props.revealed ?? props.masked}</span>
      {props.canReveal && !props.revealed ? (
        <form method="post" action={`${page.base}/workers/${props.worker.id}/reveal`} style="display:inline;margin-left:.75rem">
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="field" value={props.field} />
          <button type="submit" class="linkbutton">
            {t(l, "posts.worker.reveal", { field: label })}
          </button>
        </form>
      ) : null}
    </>
  );
}

export function WorkerFacts(props: { page: PageInfo; worker: WorkerView; areas: Areas; canReveal: boolean; revealed?: { field: "id_number" | "phone"; value: string } }) {
  const l = props.page.locale;
  const w = props.worker;
  return (
    <dl class="facts">
      <dt>{t(l, "posts.worker.area")}</dt>
      <dd>{areaLabel(props.areas, w.areaCode, l)}</dd>
      <dt>{t(l, "posts.worker.qualification")}</dt>
      <dd>{t(l, `posts.qualification.${w.qualification}`)}</dd>
      <dt>{t(l, "posts.worker.certificateNo")}</dt>
      <dd>{w.certificateNo ?? "—"}</dd>
      <dt>{t(l, "posts.worker.idNumber")}</dt>
      <dd>
        <PersonalValue page={props.page} worker={w} field="id_number" masked={w.idNumberMasked} canReveal={props.canReveal} revealed={props.revealed?.field === "id_number" ? props.revealed.value : undefined} />
      </dd>
      <dt>{t(l, "posts.worker.phone")}</dt>
      <dd>
        <PersonalValue page={props.page} worker={w} field="phone" masked={w.phoneMasked} canReveal={props.canReveal} revealed={props.revealed?.field === "phone" ? props.revealed.value : undefined} />
      </dd>
      <dt>{t(l, "posts.workers.currentPost")}</dt>
      <dd>{w.currentPost ?? "—"}</dd>
    </dl>
  );
}

export function WorkerPage(props: { page: PageInfo; saved?: string; worker: WorkerView; areas: Areas; record: WorkerRecord; canReveal: boolean; revealed?: { field: "id_number" | "phone"; value: string }; state?: FormState }) {
  const page = props.page;
  const l = page.locale;
  const w = props.worker;
  const base = `${page.base}/workers/${w.id}`;
  const linkState = stateFor(props.state, "link");
  return (
    <Layout page={page} title={w.name}>
      <h1>{w.name}</h1>
      <SavedNotice
        locale={props.page.locale}
        saved={props.saved}
        keys={{
          created: "posts.worker.saved.created",
          updated: "posts.worker.saved.updated",
          training: "posts.worker.saved.training",
          reward: "posts.worker.saved.reward",
          linked: "posts.worker.saved.linked",
          registration: "posts.worker.saved.registration",
        }}
      />
      {props.revealed ? (
        <p class="notice" role="status">
          {t(l, "posts.worker.revealed")}
        </p>
      ) : null}
      <div class="actions">
        <a class="button secondary" href={`${base}/edit`}>
          {t(l, "posts.worker.edit")}
        </a>
      </div>
      <WorkerFacts page={props.page} worker={w} areas={props.areas} canReveal={props.canReveal} revealed={props.revealed} />
      {props.canReveal ? <p class="hint">{t(l, "posts.worker.revealNote")}</p> : null}
      <section class="panel" aria-labelledby="account-h">
        <h2 id="account-h">{t(l, "posts.worker.account")}</h2>
        <p>{w.userEmail ?? t(l, "posts.worker.noAccount")}</p>
        {w.userId ? null : (
          <form class="stack" method="post" action={`${base}/account`} novalidate>
            <CsrfField token={page.csrfToken} />
            <ErrorSummary locale={l} errors={linkState?.errors ?? []} message={linkState?.message} />
            <TextField name="email" type="email" label={t(l, "posts.worker.linkEmail")} value={linkState?.values.email} errors={linkState?.errors} required maxLength={254} />
            <button type="submit" class="secondary">
              {t(l, "posts.worker.linkAccount")}
            </button>
          </form>
        )}
      </section>
      <WorkerRecordSections page={props.page} record={props.record} trainingAction={`${base}/trainings`} rewardAction={`${base}/rewards`} registrationAction={`${base}/registrations`} linkAssignments state={props.state} />
    </Layout>
  );
}

export function AssignmentPage(props: { page: PageInfo; saved?: string; assignment: AssignmentView; assessments: AssessmentView[]; openPosts: PostView[]; canOverride: boolean; state?: FormState }) {
  const page = props.page;
  const l = page.locale;
  const a = props.assignment;
  const active = isActive(a);
  const today = beijingToday();
  const title = t(l, "posts.assignment.title", { worker: a.workerName, post: a.postTitle });
  const endState = stateFor(props.state, "end");
  const rotateState = stateFor(props.state, "rotate");
  const assessState = stateFor(props.state, "assess");
  const targets = props.openPosts.filter((p) => p.id !== a.postId);
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      <SavedNotice locale={props.page.locale} saved={props.saved} keys={{ ended: "posts.assignment.saved.ended", rotated: "posts.assignment.saved.rotated", assessed: "posts.assignment.saved.assessed" }} />
      <dl class="facts">
        <dt>{t(l, "posts.assignment.worker")}</dt>
        <dd>
          <a href={`${page.base}/workers/${a.workerId}`}>{a.workerName}</a>
        </dd>
        <dt>{t(l, "posts.assignment.post")}</dt>
        <dd>
          <a href={`${page.base}/posts/${a.postId}`}>{a.postTitle}</a>（{a.hostName}）
        </dd>
        <dt>{t(l, "posts.assignment.startsOn")}</dt>
        <dd>{a.startsOn}</dd>
        <dt>{t(l, "posts.assignment.endsOn")}</dt>
        <dd>
          {a.endsOn ?? "—"}
          {a.endReason ? `（${t(l, `posts.endReason.${a.endReason}`)}）` : ""}
        </dd>
        <dt>{t(l, "posts.assignment.state")}</dt>
        <dd>{active ? <span class="badge ok">{t(l, "posts.assignment.active")}</span> : <span class="badge">{t(l, "posts.assignment.ended")}</span>}</dd>
      </dl>
      {a.qualificationOverride ? <p class="notice warn">{t(l, "posts.assignment.override", { reason: a.qualificationOverride })}</p> : null}

      {active ? (
        <section class="panel" aria-labelledby="end-h">
          <h2 id="end-h">{t(l, "posts.assignment.end")}</h2>
          <ErrorSummary locale={l} errors={endState?.errors ?? []} message={endState?.message} />
          <form class="stack" method="post" action={`${page.base}/assignments/${a.id}/end`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="endsOn" type="date" label={t(l, "posts.assignment.endsOn")} value={endState?.values.endsOn ?? today} errors={endState?.errors} required />
            <SelectField
              name="reason"
              label={t(l, "posts.assignment.endReason")}
              value={endState?.values.reason}
              errors={endState?.errors}
              required
              options={options(l, ["completed", "resigned", "other"] as const, (k) => `posts.endReason.${k}`)}
            />
            <button type="submit">{t(l, "posts.assignment.endSubmit")}</button>
          </form>
        </section>
      ) : null}

      {active ? (
        <section class="panel" aria-labelledby="rotate-h">
          <h2 id="rotate-h">{t(l, "posts.assignment.rotate")}</h2>
          <p>{t(l, "posts.assignment.rotateIntro")}</p>
          <ErrorSummary locale={l} errors={rotateState?.errors ?? []} message={rotateState?.message} />
          {targets.length === 0 ? (
            <p>{t(l, "posts.assignment.noOpenPosts")}</p>
          ) : (
            <form class="stack" method="post" action={`${page.base}/assignments/${a.id}/rotation`} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField
                name="postId"
                label={t(l, "posts.assignment.rotateTo")}
                value={rotateState?.values.postId}
                errors={rotateState?.errors}
                required
                placeholder={t(l, "posts.choose")}
                options={targets.map((p) => ({ value: p.id, label: `${p.title}（${p.hostName}，${p.active}/${p.headcount}）` }))}
              />
              <TextField name="startsOn" type="date" label={t(l, "posts.assignment.rotateDate")} value={rotateState?.values.startsOn ?? today} errors={rotateState?.errors} required />
              <TextField name="endsOn" type="date" label={t(l, "posts.assignment.endsOnOptional")} value={rotateState?.values.endsOn} errors={rotateState?.errors} />
              {props.canOverride ? <OverrideField l={l} state={rotateState} /> : null}
              <button type="submit">{t(l, "posts.assignment.rotateSubmit")}</button>
            </form>
          )}
        </section>
      ) : null}

      <section class="panel" aria-labelledby="assess-h">
        <h2 id="assess-h">{t(l, "posts.assignment.assessments")}</h2>
        {props.assessments.length === 0 ? <p>{t(l, "posts.assignment.noAssessments")}</p> : <AssessmentsTable l={l} assessments={props.assessments} withPost={false} />}
        <h3>{t(l, "posts.assignment.addAssessment")}</h3>
        <ErrorSummary locale={l} errors={assessState?.errors ?? []} message={assessState?.message} />
        <form class="stack" method="post" action={`${page.base}/assignments/${a.id}/assessments`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="year" type="number" inputMode="numeric" label={t(l, "posts.assignment.year")} value={assessState?.values.year ?? String(Number(today.slice(0, 4)) - 1)} errors={assessState?.errors} required />
          <TextField name="score" inputMode="decimal" label={t(l, "posts.assignment.score")} value={assessState?.values.score} errors={assessState?.errors} required maxLength={5} />
          <SelectField name="grade" label={t(l, "posts.assignment.grade")} value={assessState?.values.grade} errors={assessState?.errors} required placeholder={t(l, "posts.choose")} options={options(l, GRADES, (k) => `posts.grade.${k}`)} />
          <TextField name="assessorName" label={t(l, "posts.assignment.assessor")} value={assessState?.values.assessorName ?? props.page.user?.displayName} errors={assessState?.errors} required maxLength={60} />
          <TextArea name="comments" label={t(l, "posts.assignment.comments")} value={assessState?.values.comments} errors={assessState?.errors} maxLength={2000} rows={3} />
          <button type="submit">{t(l, "posts.assignment.addAssessment")}</button>
        </form>
      </section>
    </Layout>
  );
}

export function MyWorkerPage(props: { page: PageInfo; saved?: string; worker: WorkerView; areas: Areas; record: WorkerRecord; applications: ApplicationView[]; state?: FormState }) {
  const page = props.page;
  const l = page.locale;
  const w = props.worker;
  const withdrawState = stateFor(props.state, "withdraw");
  return (
    <Layout page={page} title={t(l, "posts.me.title")}>
      <h1>{t(l, "posts.me.title")}</h1>
      <SavedNotice locale={props.page.locale} saved={props.saved} keys={{ created: "posts.worker.saved.created", updated: "posts.worker.saved.updated", training: "posts.worker.saved.training", withdrawn: "posts.me.saved.withdrawn" }} />
      <p class="lead">{w.name}</p>
      <div class="actions">
        <a class="button secondary" href={`${page.base}/me/worker/edit`}>
          {t(l, "posts.worker.edit")}
        </a>
        <a class="button secondary" href={`${page.base}/open-posts`}>
          {t(l, "posts.me.findPosts")}
        </a>
      </div>
      <WorkerFacts page={props.page} worker={w} areas={props.areas} canReveal={false} />
      <section class="panel" aria-labelledby="apps-h">
        <h2 id="apps-h">{t(l, "posts.me.applications")}</h2>
        <ErrorSummary locale={l} errors={withdrawState?.errors ?? []} message={withdrawState?.message} />
        {props.applications.length === 0 ? <p>{t(l, "posts.me.noApplications")}</p> : null}
        {props.applications.length ? (
          <Table head={[t(l, "posts.assignment.post"), t(l, "posts.field.host"), t(l, "posts.detail.appliedAt"), t(l, "posts.field.status")]}>
            {props.applications.map((a) => (
              <tr>
                <td>{a.postTitle}</td>
                <td>{a.hostName}</td>
                <td>{beijingDateTime(a.createdAt)}</td>
                <td>
                  {t(l, `posts.application.${a.status}`)}
                  {a.decisionNote ? `：${a.decisionNote}` : ""}
                  {a.status === "submitted" ? (
                    <form method="post" action={`${page.base}/me/worker/applications/${a.id}/withdraw`} style="display:inline;margin-left:.75rem">
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="linkbutton">
                        {t(l, "posts.me.withdraw")}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
      </section>
      <WorkerRecordSections page={props.page} record={props.record} trainingAction={`${page.base}/me/worker/trainings`} rewardAction={null} registrationAction={null} linkAssignments={false} state={props.state} />
    </Layout>
  );
}
