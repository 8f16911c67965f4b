import { t, type Locale } from "../../../i18n/messages";
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../../ui/form";
import { CsrfField, type PageInfo } from "../../../ui/layout";
import type { ChangeView } from "../domain/changes";
import type { ContractView } from "../domain/contracts";
import { CHANGE_KINDS } from "../schemas";
import { stateFor, yuan, type FormState } from "./parts";

export interface ChangesProps {
  changes: ChangeView[];
  canRequest: boolean;
  canDecide: boolean;
  workers: { id: string; name: string }[];
  freeMovePercent: number;
}

function details(l: Locale, contract: ContractView, c: ChangeView): string {
  const shown = c.after ?? c.before ?? {};
  if (c.kind === "budget") {
    const item = (n: number | null) => contract.bid.lines[(n ?? 0) - 1]?.item ?? "";
    return t(l, "projects.change.moved", { from: item(c.fromLine), to: item(c.toLine), amount: yuan(l, c.amountYuan ?? 0) });
  }
  const before = String(c.before?.[c.kind === "lead" ? "lead" : "endsOn"] ?? "");
  const after = c.kind === "lead" ? String(shown.lead ?? "") : (c.endsOn ?? "");
  return `${before} → ${after}`;
}

/** The contract's changes with their revisions, the implementer's request and the buyer's decision. */
export function ChangeSection(props: ChangesProps & { page: PageInfo; contract: ContractView; state?: FormState }) {
  const { page, contract } = props;
  const l = page.locale;
  const base = `${page.base}/projects/contracts/${contract.id}/changes`;
  const ask = stateFor(props.state, "change");
  const v = ask?.values ?? {};
  const open = props.changes.find((c) => c.status === "requested");
  const decide = open ? stateFor(props.state, `change-${open.id}`) : undefined;
  const lines = contract.bid.lines.map((line, i) => ({ value: String(i + 1), label: `${i + 1}. ${line.item} (${yuan(l, line.amountYuan)})` }));
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">{t(l, "projects.change.title")}</h2>
      {props.changes.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "projects.change.kind")}</th>
                <th scope="col">{t(l, "projects.change.details")}</th>
                <th scope="col">{t(l, "projects.change.reason")}</th>
                <th scope="col">{t(l, "projects.contract.status")}</th>
              </tr>
            </thead>
            <tbody>
              {props.changes.map((c) => (
                <tr>
                  <td>
                    {c.createdAt.slice(0, 10)} · {t(l, `projects.change.kind.${c.kind}`)}
                  </td>
                  <td>{details(l, contract, c)}</td>
                  <td class="prewrap">{c.reason}</td>
                  <td>
                    {t(l, `projects.change.status.${c.status}`)}
                    {c.revision ? ` · ${t(l, "projects.change.revision", { n: c.revision })}` : ""}
                    {c.decisionReasons ? ` · ${c.decisionReasons}` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open && props.canDecide ? (
        <form class="stack" method="post" action={`${base}/${open.id}/decide`} novalidate>
          <h3>{t(l, "projects.change.decide")}</h3>
          <ErrorSummary locale={l} errors={decide?.errors ?? []} message={decide?.message} />
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(open.version)} />
          <RadioGroup
            name="approve"
            legend={t(l, "projects.change.decision")}
            options={[
              { value: "1", label: t(l, "projects.change.approve") },
              { value: "0", label: t(l, "projects.change.refuse") },
            ]}
            value={decide?.values.approve ?? "1"}
            errors={decide?.errors}
          />
          <TextArea name="reasons" label={t(l, "projects.change.decisionReasons")} value={decide?.values.reasons} errors={decide?.errors} maxLength={1000} />
          <button type="submit">{t(l, "projects.change.decide")}</button>
        </form>
      ) : null}
      {props.canRequest && !open ? (
        <form class="stack" method="post" action={base} novalidate>
          <h3>{t(l, "projects.change.request")}</h3>
          <ErrorSummary locale={l} errors={ask?.errors ?? []} message={ask?.message} />
          <CsrfField token={page.csrfToken} />
          <RadioGroup name="kind" legend={t(l, "projects.change.kind")} options={CHANGE_KINDS.map((k) => ({ value: k, label: t(l, `projects.change.kind.${k}`) }))} value={v.kind ?? "budget"} errors={ask?.errors} />
          <SelectField name="fromLine" label={t(l, "projects.change.fromLine")} options={lines} value={v.fromLine} errors={ask?.errors} placeholder="" />
          <SelectField name="toLine" label={t(l, "projects.change.toLine")} options={lines} value={v.toLine} errors={ask?.errors} placeholder="" />
          <TextField name="amountYuan" type="number" label={t(l, "projects.change.amount")} hint={t(l, "projects.change.amountHint", { n: props.freeMovePercent })} value={v.amountYuan} errors={ask?.errors} />
          <SelectField name="workerId" label={t(l, "projects.change.worker")} options={props.workers.map((w) => ({ value: w.id, label: w.name }))} value={v.workerId} errors={ask?.errors} placeholder="" />
          <TextField name="endsOn" type="date" label={t(l, "projects.change.endsOn")} value={v.endsOn} errors={ask?.errors} />
          <TextArea name="reason" label={t(l, "projects.change.reason")} value={v.reason} errors={ask?.errors} maxLength={1000} required />
          <button type="submit">{t(l, "projects.change.request")}</button>
        </form>
      ) : null}
    </section>
  );
}
