import { t } from "../../i18n/messages";
import { ChoiceGroup, ErrorSummary, TextField } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import type { openPanel } from "./exit-review";
import { stateFor, type FormState } from "./form-state";
import type { incubationRecord } from "./queries";
import { DecisionForm, Section, when } from "./views";

// The record page's exit assessment (the panel, its progress, the outcome) and the
// decision on an overdue registration.

type RecordData = Awaited<ReturnType<typeof incubationRecord>>;
export type Panel = Awaited<ReturnType<typeof openPanel>>;

const lines = (v: string | undefined) => (v ? v.split("\n").filter(Boolean) : []);

export function ExitSection(props: { page: PageInfo; record: RecordData; manages: boolean; minPanel: number; panel: Panel; reviewers: { id: string; display_name: string }[]; state?: FormState }) {
  const { page, manages, panel } = props;
  const { inc, exits } = props.record;
  const l = page.locale;
  const open = stateFor(props.state, "panel");
  const ex = stateFor(props.state, "exit");
  const action = (path: string) => `${page.base}/incubation/incubations/${inc.id}/${path}`;
  return (
    <Section title={t(l, "inc.incubation.exit")} id="exit">
      <ul>
        {exits.map((e) => (
          <li>
            {when(String(e.assessed_at))} · {t(l, `inc.exit.${e.outcome as "graduated"}`)} · {e.score} · {e.reasons}
          </li>
        ))}
      </ul>
      {panel ? (
        <p>
          {t(l, "inc.exitPanel.title")}: {t(l, "inc.exitPanel.progress", { counted: panel.aggregate.counted, conflicted: panel.aggregate.conflicted, pending: panel.aggregate.pending, mean: panel.aggregate.mean ?? "—" })}
        </p>
      ) : null}
      {manages && inc.status === "active" && !panel ? (
        <form class="stack" method="post" action={action("exit-panel")}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(inc.version)} />
          <ErrorSummary locale={l} errors={open?.errors ?? []} message={open?.message} />
          <ChoiceGroup
            type="checkbox"
            name="reviewerIds"
            legend={t(l, "inc.exitPanel.members", { min: props.minPanel })}
            errors={open?.errors}
            selected={lines(open?.values.reviewerIds)}
            options={props.reviewers.map((u) => ({ value: u.id, label: u.display_name }))}
          />
          <button type="submit">{t(l, "inc.exitPanel.open")}</button>
        </form>
      ) : null}
      {manages && inc.status === "active" && panel?.ready ? (
        <DecisionForm
          page={page}
          action={action("exit")}
          version={inc.version}
          name="outcome"
          legend={t(l, "inc.incubation.exit")}
          state={ex}
          options={(["graduated", "extended", "eliminated"] as const).map((o) => ({ value: o, label: t(l, `inc.exit.${o}`) }))}
        />
      ) : null}
    </Section>
  );
}

export function RegistrationSection(props: { page: PageInfo; record: RecordData; manages: boolean; state?: FormState }) {
  const { page, manages } = props;
  const { inc } = props.record;
  const l = page.locale;
  if (!inc.registration_overdue_on || inc.status !== "active") return null;
  const rg = stateFor(props.state, "registration");
  return (
    <Section title={t(l, "inc.registration.decide")} id="registration">
      <p class="warning">{t(l, "inc.registration.overdue", { date: inc.registration_overdue_on })}</p>
      {manages ? (
        <DecisionForm
          page={page}
          action={`${page.base}/incubation/incubations/${inc.id}/registration`}
          version={inc.version}
          name="decision"
          legend={t(l, "inc.registration.decide")}
          state={rg}
          options={(["extend", "end"] as const).map((o) => ({ value: o, label: t(l, `inc.registration.${o}`) }))}
        >
          <TextField name="dueOn" type="date" label={t(l, "inc.registration.newDue")} value={rg?.values.dueOn} errors={rg?.errors} />
        </DecisionForm>
      ) : null}
    </Section>
  );
}
