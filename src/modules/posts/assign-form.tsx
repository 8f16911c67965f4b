import { t, type Locale } from "../../i18n/messages";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField } from "../../ui/layout";
import type { PostView } from "./posts";
import type { FormState } from "./view-parts";
import type { WorkerView } from "./workers";

// The form placing a worker in a post. The district admin also sees the field for the
// reason of an exception to the post's required qualification (placement.ts).

/** The override field, for the assignment and the rotation forms alike. */
export function OverrideField(props: { l: Locale; state: FormState | undefined }) {
  return <TextArea name="overrideReason" label={t(props.l, "posts.assign.overrideReason")} hint={t(props.l, "posts.assign.overrideHint")} value={props.state?.values.overrideReason} errors={props.state?.errors} rows={2} maxLength={500} />;
}

export function AssignForm(props: { l: Locale; base: string; csrfToken: Parameters<typeof CsrfField>[0]["token"]; post: PostView; workers: WorkerView[]; today: string; canOverride: boolean; state: FormState | undefined }) {
  const { l, post, state } = props;
  return (
    <form class="stack" id="assign" method="post" action={`${props.base}/posts/${post.id}/assignments`} novalidate>
      <CsrfField token={props.csrfToken} />
      <ErrorSummary locale={l} errors={state?.errors ?? []} message={state?.message} />
      <p>
        {t(l, "posts.field.qualification")}：{t(l, `posts.qualification.${post.qualification}`)}
      </p>
      <SelectField
        name="workerId"
        label={t(l, "posts.assignment.worker")}
        value={state?.values.workerId}
        errors={state?.errors}
        required
        placeholder={t(l, "posts.choose")}
        options={props.workers.map((w) => ({ value: w.id, label: `${w.name}（${t(l, `posts.qualification.${w.qualification}`)}）` }))}
      />
      <TextField name="startsOn" type="date" label={t(l, "posts.assignment.startsOn")} value={state?.values.startsOn ?? props.today} errors={state?.errors} required />
      <TextField name="endsOn" type="date" label={t(l, "posts.assignment.endsOnOptional")} value={state?.values.endsOn} errors={state?.errors} />
      {props.canOverride ? <OverrideField l={l} state={state} /> : null}
      <button type="submit">{t(l, "posts.assignment.submit")}</button>
    </form>
  );
}
