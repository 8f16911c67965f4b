import { t, type Locale } from "../../../i18n/messages";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../../ui/form";
import { CsrfField, type PageInfo } from "../../../ui/layout";
import type { ContractView } from "../domain/contracts";
import type { Delivery } from "../domain/delivery";
import { stateFor, yuan, type FormState } from "./parts";

const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : "—");

/** The delivery part of the contract page: service records and budget against actual. */
export function DeliverySection(props: { page: PageInfo; locale: Locale; contract: ContractView; delivery: Delivery; canRecord: boolean; canConfirm: boolean; state?: FormState }) {
  const { page, contract, delivery } = props;
  const l = props.locale;
  const rec = stateFor(props.state, "record");
  const exp = stateFor(props.state, "expenditure");
  const workerName = (id: string | null) => contract.bid.team.find((m) => m.id === id)?.name ?? "";
  const base = `${page.base}/projects/contracts/${contract.id}`;
  return (
    <section aria-labelledby="delivery">
      <h2 id="delivery">{t(l, "projects.delivery.title")}</h2>
      <h3>{t(l, "projects.delivery.expenditures")}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "projects.delivery.line")}</th>
              <th scope="col">{t(l, "projects.delivery.budget")}</th>
              <th scope="col">{t(l, "projects.delivery.spent")}</th>
              <th scope="col">%</th>
            </tr>
          </thead>
          <tbody>
            {delivery.lines.map((line) => (
              <tr>
                <td>
                  {line.lineNo}. {t(l, `projects.line.${line.kind}`)} · {line.item}
                </td>
                <td>{yuan(l, line.budgetYuan)}</td>
                <td>{yuan(l, line.spentYuan)}</td>
                <td>{percent(line.spentYuan, line.budgetYuan)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.canRecord ? (
        <>
          <ErrorSummary locale={l} errors={exp?.errors ?? []} message={exp?.message} />
          <form class="stack" method="post" action={`${base}/expenditures`} novalidate>
            <h4>{t(l, "projects.delivery.addExpenditure")}</h4>
            <CsrfField token={page.csrfToken} />
            <SelectField name="lineNo" label={t(l, "projects.delivery.line")} value={exp?.values.lineNo} errors={exp?.errors} required options={delivery.lines.map((x) => ({ value: String(x.lineNo), label: `${x.lineNo}. ${x.item}` }))} />
            <TextField name="spentOn" type="date" label={t(l, "projects.delivery.spentOn")} value={exp?.values.spentOn} errors={exp?.errors} required />
            <TextField name="amountYuan" type="number" label={t(l, "projects.delivery.amount")} value={exp?.values.amountYuan} errors={exp?.errors} required inputMode="numeric" />
            <TextField name="description" label={t(l, "projects.delivery.description")} value={exp?.values.description} errors={exp?.errors} required maxLength={120} />
            <button type="submit">{t(l, "projects.delivery.addExpenditure")}</button>
          </form>
        </>
      ) : null}
      <h3>{t(l, "projects.delivery.records")}</h3>
      <ul>
        {delivery.records.map((r) => (
          <li>
            {r.heldOn} · {r.place} · {t(l, "projects.delivery.participants")} {r.participants}
            {r.workerId ? ` · ${workerName(r.workerId)}` : ""} · {r.confirmedAt ? t(l, "projects.delivery.confirmed") : t(l, "projects.delivery.unconfirmed")}
            <p class="prewrap">{r.summary}</p>
            {!r.confirmedAt && props.canConfirm ? (
              <form method="post" action={`${base}/records/${r.id}/confirm`}>
                <CsrfField token={page.csrfToken} />
                <button type="submit">{t(l, "projects.delivery.confirm")}</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {props.canRecord ? (
        <>
          <ErrorSummary locale={l} errors={rec?.errors ?? []} message={rec?.message} />
          <form class="stack" method="post" action={`${base}/records`} novalidate>
            <h4>{t(l, "projects.delivery.addRecord")}</h4>
            <CsrfField token={page.csrfToken} />
            <TextField name="heldOn" type="date" label={t(l, "projects.delivery.heldOn")} value={rec?.values.heldOn} errors={rec?.errors} required />
            <TextField name="place" label={t(l, "projects.delivery.place")} value={rec?.values.place} errors={rec?.errors} required maxLength={80} />
            <TextField name="participants" type="number" label={t(l, "projects.delivery.participants")} value={rec?.values.participants} errors={rec?.errors} required inputMode="numeric" />
            <TextArea name="summary" label={t(l, "projects.delivery.summary")} value={rec?.values.summary} errors={rec?.errors} required maxLength={2000} />
            <SelectField
              name="workerId"
              label={t(l, "projects.delivery.worker")}
              value={rec?.values.workerId}
              errors={rec?.errors}
              placeholder={t(l, "projects.choose")}
              options={contract.bid.team.map((m) => ({ value: m.id, label: m.name }))}
            />
            <button type="submit">{t(l, "projects.delivery.addRecord")}</button>
          </form>
        </>
      ) : null}
    </section>
  );
}
