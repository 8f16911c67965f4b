import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { ErrorSummary, SelectField, TextArea } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { areaLabel, type Areas } from "./areas";
import type { PostView } from "./posts";
import { EMBEDDING_MODES, POST_KINDS } from "./schemas";
import { options, StatusBadge, type FormState } from "./view-parts";
import { PostFacts } from "./views";

// The public listing of open posts and one open post with its application form.

export function OpenPostsPage(props: { page: PageInfo; posts: PostView[]; areas: Areas; filter: { kind?: string; mode?: string } }) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "posts.open.title")} description={t(l, "posts.open.intro")}>
      <h1>{t(l, "posts.open.title")}</h1>
      <p class="lead">{t(l, "posts.open.intro")}</p>
      <form method="get" action={`${page.base}/open-posts`} class="actions" aria-label={t(l, "posts.open.filter")}>
        <SelectField name="kind" label={t(l, "posts.field.kind")} value={props.filter.kind} placeholder={t(l, "posts.open.any")} options={options(l, POST_KINDS, (k) => `posts.kind.${k}`)} />
        <SelectField name="mode" label={t(l, "posts.field.mode")} value={props.filter.mode} placeholder={t(l, "posts.open.any")} options={options(l, EMBEDDING_MODES, (k) => `posts.mode.${k}`)} />
        <button type="submit" class="secondary">
          {t(l, "posts.open.filter")}
        </button>
      </form>
      {props.posts.length === 0 ? <p>{t(l, "posts.open.empty")}</p> : null}
      <ul class="cards">
        {props.posts.map((p) => (
          <li class="card">
            <h2 style="margin-top:0">
              <a href={`${page.base}/open-posts/${p.id}`}>{p.title}</a>
            </h2>
            <p>
              {p.hostName} · {areaLabel(props.areas, p.areaCode, l)}
            </p>
            <p>
              {t(l, `posts.kind.${p.kind}`)} · {t(l, `posts.mode.${p.mode}`)}
            </p>
            <p>
              {t(l, "posts.field.qualification")}：{t(l, `posts.requirement.${p.qualification}`)}
            </p>
            <p>
              <strong>{t(l, "posts.open.vacancies", { n: Math.max(0, p.headcount - p.active) })}</strong>
            </p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export type ApplyState = "anonymous" | "other_role" | "no_profile" | "pending" | "can_apply";

export function OpenPostPage(props: { page: PageInfo; post: PostView; areas: Areas; apply: ApplyState; state?: FormState; applied?: boolean }) {
  const page = props.page;
  const l = page.locale;
  const { post } = props;
  const s = props.state;
  return (
    <Layout page={page} title={post.title}>
      <h1>{post.title}</h1>
      {props.applied ? (
        <p class="notice ok" role="status">
          {t(l, "posts.open.applied")}
        </p>
      ) : null}
      <p>
        <StatusBadge locale={l} status={post.status} /> · <strong>{t(l, "posts.open.vacancies", { n: Math.max(0, post.headcount - post.active) })}</strong>
      </p>
      <PostFacts l={l} post={post} areas={props.areas} />
      <section class="panel" aria-labelledby="apply-h">
        <h2 id="apply-h">{t(l, "posts.open.apply")}</h2>
        {props.apply === "anonymous" ? (
          <p>
            <a href={`${page.base}/login?next=${encodeURIComponent(`${page.base}/open-posts/${post.id}`)}`}>{t(l, "posts.open.signInToApply")}</a>
          </p>
        ) : null}
        {props.apply === "other_role" ? <p>{t(l, "posts.open.signInToApply")}</p> : null}
        {props.apply === "no_profile" ? (
          <p>
            <a href={`${page.base}/me/worker`}>{t(l, "posts.open.needProfile")}</a>
          </p>
        ) : null}
        {props.apply === "pending" && !props.applied ? <p>{t(l, "posts.open.pending")}</p> : null}
        {props.apply === "can_apply" && post.closesOn && post.closesOn < beijingToday() ? <p>{t(l, "posts.terms.closed")}</p> : null}
        {props.apply === "can_apply" && !(post.closesOn && post.closesOn < beijingToday()) ? (
          <form class="stack" method="post" action={`${page.base}/open-posts/${post.id}/apply`} novalidate>
            <CsrfField token={page.csrfToken} />
            <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
            <TextArea name="motivation" label={t(l, "posts.open.motivation")} hint={t(l, "posts.open.motivationHint")} value={s?.values.motivation} errors={s?.errors} required maxLength={1000} />
            <button type="submit">{t(l, "posts.open.applySubmit")}</button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}
