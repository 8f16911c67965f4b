import { t, type Locale } from "../../i18n/messages";
import { beijingDateTime, beijingToday } from "../../lib/beijing-time";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { areaLabel, type Areas } from "./areas";
import { isActive, type AssignmentView } from "./embedding";
import type { HostChoice, PostView, SnapshotField } from "./posts";
import { EMBEDDING_MODES, FUNDINGS, POST_KINDS, POST_STATUSES, QUALIFICATIONS, TRANSITIONS } from "./schemas";
import type { PostKind, EmbeddingMode } from "./tables";
import { options, SavedNotice, StatusBadge, stateFor, type FormState } from "./view-parts";
import type { WorkerView } from "./workers";

import { AssignForm } from "./assign-form";
import type { ApplicationView } from "./listings";
import { Table } from "../../ui/table";
import { payLabel } from "./pay";

// Pages of posts: the staff and organization list, the form, a post with its
// assignments and applications (history, hosts and the public listing have their own files).

export const FIELD_LABEL: Record<SnapshotField, Parameters<typeof t>[1]> = {
  title: "posts.field.title",
  host: "posts.field.host",
  area: "posts.field.area",
  kind: "posts.field.kind",
  mode: "posts.field.mode",
  funding: "posts.field.funding",
  workContent: "posts.field.workContent",
  responsibilities: "posts.field.responsibilities",
  workSteps: "posts.field.workSteps",
  qualification: "posts.field.qualification",
  headcount: "posts.field.headcount",
  pay: "posts.field.pay",
  workingHours: "posts.field.workingHours",
  contactPhone: "posts.field.contactPhone",
  closesOn: "posts.field.closesOn",
  status: "posts.field.status",
};

/** A snapshot value as a person reads it. */
export function display(l: Locale, areas: Areas, field: SnapshotField, value: string): string {
  switch (field) {
    case "kind":
      return t(l, `posts.kind.${value as PostKind}`);
    case "mode":
      return t(l, `posts.mode.${value as EmbeddingMode}`);
    case "funding":
      return t(l, `posts.funding.${value as (typeof FUNDINGS)[number]}`);
    case "qualification":
      return t(l, `posts.requirement.${value as (typeof QUALIFICATIONS)[number]}`);
    case "status":
      return t(l, `posts.status.${value as (typeof POST_STATUSES)[number]}`);
    case "area":
      return areaLabel(areas, value || null, l);
    case "pay": {
      const [min, max] = value.split("-");
      return value === "" ? t(l, "posts.history.empty") : payLabel(l, min ? Number(min) : null, max ? Number(max) : null);
    }
    default:
      return value === "" ? t(l, "posts.history.empty") : value;
  }
}

export function PostsListPage(props: { page: PageInfo; posts: PostView[]; areas: Areas; status?: string; canHosts: boolean; canFigures: boolean }) {
  const page = props.page;
  const l = page.locale;
  const base = page.base;
  return (
    <Layout page={page} title={t(l, "posts.list.title")}>
      <h1>{t(l, "posts.list.title")}</h1>
      <p class="lead">{t(l, "posts.list.intro")}</p>
      <div class="actions">
        <a class="button" href={`${base}/posts/new`}>
          {t(l, "posts.list.new")}
        </a>
        {props.canHosts ? (
          <a class="button secondary" href={`${base}/posts/hosts`}>
            {t(l, "posts.list.hosts")}
          </a>
        ) : null}
        {props.canFigures ? (
          <a class="button secondary" href={`${base}/posts/figures`}>
            {t(l, "posts.nav.figures")}
          </a>
        ) : null}
      </div>
      <nav aria-label={t(l, "posts.list.filter")}>
        <ul class="filters">
          <li>
            <a href={`${base}/posts`} aria-current={props.status ? undefined : "page"}>
              {t(l, "posts.list.all")}
            </a>
          </li>
          {POST_STATUSES.map((s) => (
            <li>
              <a href={`${base}/posts?status=${s}`} aria-current={props.status === s ? "page" : undefined}>
                {t(l, `posts.status.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.posts.length === 0 ? <p>{t(l, "posts.list.empty")}</p> : null}
      {props.posts.length ? (
        <Table head={[t(l, "posts.field.title"), t(l, "posts.field.host"), t(l, "posts.field.area"), t(l, "posts.field.kind"), t(l, "posts.field.mode"), t(l, "posts.list.occupancy"), t(l, "posts.field.status")]}>
          {props.posts.map((p) => (
            <tr>
              <td>
                <a href={`${base}/posts/${p.id}`}>{p.title}</a>
              </td>
              <td>{p.hostName}</td>
              <td>{areaLabel(props.areas, p.areaCode, l)}</td>
              <td>{t(l, `posts.kind.${p.kind}`)}</td>
              <td>{t(l, `posts.mode.${p.mode}`)}</td>
              <td>
                {p.active} / {p.headcount}
              </td>
              <td>
                <StatusBadge locale={l} status={p.status} />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Layout>
  );
}

export function postFormValues(p: PostView): Record<string, string> {
  return {
    title: p.title,
    hostId: p.hostId,
    areaCode: p.areaCode ?? "",
    kind: p.kind,
    mode: p.mode,
    funding: p.funding,
    workContent: p.workContent,
    responsibilities: p.responsibilities,
    workSteps: p.workSteps,
    qualification: p.qualification,
    headcount: String(p.headcount),
    payMin: p.payMin ? String(p.payMin) : "",
    payMax: p.payMax ? String(p.payMax) : "",
    workingHours: p.workingHours,
    contactPhone: p.contactPhone,
    closesOn: p.closesOn ?? "",
    version: String(p.version),
  };
}

export function PostFormPage(props: { page: PageInfo; hosts: HostChoice[]; areaOptions: { value: string; label: string }[]; post?: PostView; state?: FormState; notice?: string }) {
  const page = props.page;
  const l = page.locale;
  const v = props.state?.values ?? (props.post ? postFormValues(props.post) : { headcount: "1", areaCode: props.areaOptions[0]?.value ?? "" });
  const errors = props.state?.errors ?? [];
  const editing = !!props.post;
  const title = editing ? t(l, "posts.edit.title") : t(l, "posts.new.title");
  const hostLabel = (h: HostChoice) => hostWithType(h.name, t(l, `posts.hostType.${h.type}`));
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {editing ? (
        <p class="lead">
          {props.post!.title} · {t(l, "posts.detail.revision", { n: props.post!.version })}
        </p>
      ) : null}
      <p>{editing ? t(l, "posts.edit.intro") : t(l, "posts.new.intro")}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={errors} message={props.state?.message} />
      {props.hosts.length === 0 ? <p class="notice">{t(l, "posts.new.noHosts")}</p> : null}
      <form class="stack" method="post" action={editing ? `${page.base}/posts/${props.post!.id}/edit` : `${page.base}/posts`} novalidate>
        <CsrfField token={page.csrfToken} />
        {editing ? <input type="hidden" name="version" value={v.version ?? String(props.post!.version)} /> : null}
        <TextField name="title" label={t(l, "posts.field.title")} value={v.title} errors={errors} required maxLength={60} />
        <SelectField name="hostId" label={t(l, "posts.field.host")} value={v.hostId} errors={errors} required placeholder={t(l, "posts.choose")} options={props.hosts.map((h) => ({ value: h.id, label: hostLabel(h) }))} />
        <SelectField name="areaCode" label={t(l, "posts.field.area")} value={v.areaCode} errors={errors} options={props.areaOptions} />
        <SelectField name="kind" label={t(l, "posts.field.kind")} value={v.kind} errors={errors} required placeholder={t(l, "posts.choose")} options={options(l, POST_KINDS, (k) => `posts.kind.${k}`)} />
        <SelectField name="mode" label={t(l, "posts.field.mode")} value={v.mode} errors={errors} required placeholder={t(l, "posts.choose")} options={options(l, EMBEDDING_MODES, (k) => `posts.mode.${k}`)} />
        <SelectField name="funding" label={t(l, "posts.field.funding")} value={v.funding} errors={errors} required placeholder={t(l, "posts.choose")} options={options(l, FUNDINGS, (k) => `posts.funding.${k}`)} />
        <TextArea name="workContent" label={t(l, "posts.field.workContent")} hint={t(l, "posts.field.textHint")} value={v.workContent} errors={errors} required maxLength={4000} />
        <TextArea name="responsibilities" label={t(l, "posts.field.responsibilities")} hint={t(l, "posts.field.textHint")} value={v.responsibilities} errors={errors} required maxLength={4000} />
        <TextArea name="workSteps" label={t(l, "posts.field.workSteps")} hint={t(l, "posts.field.textHint")} value={v.workSteps} errors={errors} required maxLength={4000} />
        <SelectField name="qualification" label={t(l, "posts.field.qualification")} value={v.qualification} errors={errors} required placeholder={t(l, "posts.choose")} options={options(l, QUALIFICATIONS, (k) => `posts.requirement.${k}`)} />
        <TextField name="headcount" type="number" inputMode="numeric" label={t(l, "posts.field.headcount")} hint={t(l, "posts.field.headcountHint")} value={v.headcount} errors={errors} required />
        <TextField name="payMin" inputMode="numeric" label={t(l, "posts.field.payMin")} hint={t(l, "posts.field.payHint")} value={v.payMin} errors={errors} maxLength={9} />
        <TextField name="payMax" inputMode="numeric" label={t(l, "posts.field.payMax")} value={v.payMax} errors={errors} maxLength={9} />
        <TextField name="workingHours" label={t(l, "posts.field.workingHours")} hint={t(l, "posts.field.workingHoursHint")} value={v.workingHours} errors={errors} maxLength={60} />
        <TextField name="contactPhone" type="tel" label={t(l, "posts.field.contactPhone")} hint={t(l, "posts.field.contactPhoneHint")} value={v.contactPhone} errors={errors} maxLength={30} />
        <TextField name="closesOn" label={t(l, "posts.field.closesOn")} hint={t(l, "posts.field.closesOnHint")} value={v.closesOn} errors={errors} maxLength={20} />
        <button type="submit">{editing ? t(l, "posts.edit.submit") : t(l, "posts.new.submit")}</button>
      </form>
    </Layout>
  );
}

export function PostFacts(props: { l: Locale; post: PostView; areas: Areas }) {
  const { l, post } = props;
  return (
    <dl class="facts">
      <dt>{t(l, "posts.field.host")}</dt>
      <dd>{hostWithType(post.hostName, t(l, `posts.hostType.${post.hostType}`))}</dd>
      <dt>{t(l, "posts.field.area")}</dt>
      <dd>{areaLabel(props.areas, post.areaCode, l)}</dd>
      <dt>{t(l, "posts.field.kind")}</dt>
      <dd>{t(l, `posts.kind.${post.kind}`)}</dd>
      <dt>{t(l, "posts.field.mode")}</dt>
      <dd>{t(l, `posts.mode.${post.mode}`)}</dd>
      <dt>{t(l, "posts.field.funding")}</dt>
      <dd>{t(l, `posts.funding.${post.funding}`)}</dd>
      <dt>{t(l, "posts.field.qualification")}</dt>
      <dd>{t(l, `posts.requirement.${post.qualification}`)}</dd>
      <dt>{t(l, "posts.field.headcount")}</dt>
      <dd>{post.headcount}</dd>
      <dt>{t(l, "posts.field.pay")}</dt>
      <dd>{payLabel(l, post.payMin, post.payMax)}</dd>
      <dt>{t(l, "posts.field.workingHours")}</dt>
      <dd>{post.workingHours || t(l, "posts.terms.notStated")}</dd>
      <dt>{t(l, "posts.field.contactPhone")}</dt>
      <dd>{post.contactPhone ? <a href={`tel:${post.contactPhone}`}>{post.contactPhone}</a> : t(l, "posts.terms.notStated")}</dd>
      <dt>{t(l, "posts.field.closesOn")}</dt>
      <dd>{post.closesOn ?? t(l, "posts.terms.untilFilled")}</dd>
      <dt>{t(l, "posts.field.workContent")}</dt>
      <dd>{post.workContent}</dd>
      <dt>{t(l, "posts.field.responsibilities")}</dt>
      <dd>{post.responsibilities}</dd>
      <dt>{t(l, "posts.field.workSteps")}</dt>
      <dd>{post.workSteps}</dd>
    </dl>
  );
}

export function PostPage(props: {
  page: PageInfo;
  saved?: string;
  post: PostView;
  areas: Areas;
  assignments: AssignmentView[];
  applications: ApplicationView[];
  /** Workers the viewer may assign; null when the viewer does not assign (organization users). */
  workers: WorkerView[] | null;
  /** The district admin may place a worker below the post's required qualification. */
  canOverride: boolean;
  state?: FormState;
}) {
  const page = props.page;
  const l = page.locale;
  const base = page.base;
  const { post } = props;
  const today = beijingToday();
  const next = TRANSITIONS[post.status];
  const statusState = stateFor(props.state, "status");
  const assignState = stateFor(props.state, "assign");
  return (
    <Layout page={page} title={post.title}>
      <h1>{post.title}</h1>
      <SavedNotice locale={props.page.locale} saved={props.saved} keys={{ created: "posts.saved.created", revised: "posts.saved.revised", status: "posts.saved.status", assigned: "posts.saved.assigned", decided: "posts.saved.decided" }} />
      {/* A refused placement is explained at the top too: its form is far down the page. */}
      {assignState && (assignState.message || assignState.errors.length) ? (
        <p class="notice error">
          <a href="#assign">{assignState.message ?? t(l, "error.validation")}</a>
        </p>
      ) : null}
      <p>
        <StatusBadge locale={l} status={post.status} /> · {t(l, "posts.detail.revision", { n: post.version })} · {t(l, "posts.detail.occupancy", { active: post.active, headcount: post.headcount })}
      </p>
      <div class="actions">
        <a class="button secondary" href={`${base}/posts/${post.id}/edit`}>
          {t(l, "posts.detail.edit")}
        </a>
        <a class="button secondary" href={`${base}/posts/${post.id}/history`}>
          {t(l, "posts.detail.history")}
        </a>
      </div>

      <section class="panel" aria-labelledby="status-h">
        <h2 id="status-h">{t(l, "posts.detail.status")}</h2>
        <ErrorSummary locale={l} errors={statusState?.errors ?? []} message={statusState?.message} />
        {next.length ? <p>{t(l, "posts.detail.statusHint")}</p> : <p>{t(l, "posts.detail.noTransitions")}</p>}
        <div class="actions">
          {next.map((to) => (
            <form method="post" action={`${base}/posts/${post.id}/status`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="to" value={to} />
              <input type="hidden" name="version" value={String(post.version)} />
              <button type="submit" class={to === "closed" ? "secondary" : undefined}>
                {t(l, `posts.transition.${to}`)}
              </button>
            </form>
          ))}
        </div>
      </section>

      <h2>{t(l, "posts.detail.description")}</h2>
      <PostFacts l={l} post={post} areas={props.areas} />

      <section class="panel" aria-labelledby="assign-h">
        <h2 id="assign-h">{t(l, "posts.detail.assignments")}</h2>
        {props.assignments.length === 0 ? <p>{t(l, "posts.detail.noAssignments")}</p> : null}
        {props.assignments.length ? (
          <Table head={[t(l, "posts.assignment.worker"), t(l, "posts.assignment.startsOn"), t(l, "posts.assignment.endsOn"), t(l, "posts.assignment.state")]}>
            {props.assignments.map((a) => (
              <tr>
                <td>{props.workers ? <a href={`${base}/assignments/${a.id}`}>{a.workerName}</a> : a.workerName}</td>
                <td>{a.startsOn}</td>
                <td>
                  {a.endsOn ?? "—"}
                  {a.endReason ? `（${t(l, `posts.endReason.${a.endReason}`)}）` : ""}
                </td>
                <td>
                  {isActive(a, today) ? <span class="badge ok">{t(l, "posts.assignment.active")}</span> : <span class="badge">{t(l, "posts.assignment.ended")}</span>}
                  {a.rotatedFrom ? ` · ${t(l, "posts.assignment.rotatedFrom")}` : ""}
                  {a.qualificationOverride ? <div class="hint">{t(l, "posts.assignment.override", { reason: a.qualificationOverride })}</div> : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        {props.workers ? (
          <>
            <h3>{t(l, "posts.detail.assign")}</h3>
            {post.status !== "open" ? <p>{t(l, "posts.detail.assignClosed")}</p> : null}
            {post.status === "open" && props.workers.length === 0 ? <p>{t(l, "posts.detail.noWorkers")}</p> : null}
            {post.status === "open" && props.workers.length ? <AssignForm l={l} base={base} csrfToken={page.csrfToken} post={post} workers={props.workers} today={today} canOverride={props.canOverride} state={assignState} /> : null}
          </>
        ) : null}
      </section>

      <section class="panel" aria-labelledby="apps-h">
        <h2 id="apps-h">{t(l, "posts.detail.applications")}</h2>
        {props.applications.length === 0 ? <p>{t(l, "posts.detail.noApplications")}</p> : null}
        {props.applications.map((a) => {
          const s = stateFor(props.state, `decide-${a.id}`);
          return (
            <article class="card" aria-labelledby={`app-${a.id}`}>
              <h3 id={`app-${a.id}`}>
                {a.workerName}（{t(l, `posts.qualification.${a.workerQualification}`)}） · {t(l, `posts.application.${a.status}`)}
              </h3>
              <p>
                {t(l, "posts.detail.appliedAt")}：{beijingDateTime(a.createdAt)}
              </p>
              <p style="white-space:pre-line">{a.motivation}</p>
              {a.decisionNote ? <p>{a.decisionNote}</p> : null}
              {a.status === "submitted" ? (
                <form class="stack" method="post" action={`${base}/posts/${post.id}/applications/${a.id}/decision`} novalidate>
                  <CsrfField token={page.csrfToken} />
                  <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
                  <TextField name="startsOn" type="date" label={t(l, "posts.assignment.startsOn")} value={s?.values.startsOn ?? today} errors={s?.errors} />
                  <TextField name="note" label={t(l, "posts.detail.decisionNote")} value={s?.values.note} errors={s?.errors} maxLength={500} />
                  <div class="actions">
                    <button type="submit" name="decision" value="accept">
                      {t(l, "posts.detail.accept")}
                    </button>
                    <button type="submit" name="decision" value="decline" class="secondary">
                      {t(l, "posts.detail.decline")}
                    </button>
                  </div>
                </form>
              ) : null}
            </article>
          );
        })}
      </section>
    </Layout>
  );
}

/** A host with its type (without the type's own aside), unless its name already says it: 社会工作服务站, not 社会工作服务站（社会工作服务站（社工站））. */
export function hostWithType(name: string, type: string): string {
  const bare = type.replace(/（[^）]*）$/, "");
  return name.endsWith(bare) ? name : `${name}（${bare}）`;
}
