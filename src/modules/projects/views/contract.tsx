import { t } from "../../../i18n/messages";
import { ErrorSummary, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";
import type { ContractView } from "../domain/contracts";
import type { Delivery } from "../domain/delivery";
import { DeliverySection } from "./delivery";
import type { EvaluationBoard } from "../domain/evaluation-board";
import { EvaluationSection } from "./evaluations";
import { ChangeSection, type ChangesProps } from "./changes";
import { PARTIES, type Party } from "../schemas";
import type { AnsweredNeed } from "../call-needs";
import { AnsweredNeeds } from "./needs";
import { areaName, Saved, stateFor, yuan, type AreaName, type FormState } from "./parts";

/** The contract among its three parties, printable as it stands (the layout hides navigation in print). */
export function ContractPage(props: {
  page: PageInfo;
  contract: ContractView;
  areas: AreaName[];
  mayConfirm: Party[];
  canPay: boolean;
  delivery: Delivery | null;
  evaluations: EvaluationBoard | null;
  changes: ChangesProps | null;
  canRecord: boolean;
  canConfirmRecords: boolean;
  /** The residents' needs the project answers; `detail` for the contract's staff. */
  needs?: { needs: AnsweredNeed[]; detail: boolean; link: boolean } | null;
  saved?: string;
  state?: FormState;
}) {
  const { page, contract } = props;
  const l = page.locale;
  const { bid, call } = contract;
  const act = stateFor(props.state, "confirm");
  const pay = stateFor(props.state, "release");
  const partyName: Record<Party, string> = {
    buyer: `${page.districtName ?? ""} · ${areaName(l, props.areas, call.areaCode)}`,
    implementer: bid.organizationName,
    community: areaName(l, props.areas, bid.communityCode),
  };
  return (
    <Layout page={page} title={t(l, "projects.contract.title", { title: bid.title })}>
      <h1>{t(l, "projects.contract.title", { title: bid.title })}</h1>
      <Saved
        locale={l}
        saved={props.saved}
        keys={{ confirmed: "projects.contract.saved", paid: "projects.contract.saved", contract: "projects.contract.saved", delivery: "projects.delivery.saved", evaluation: "projects.evaluation.saved", change: "projects.change.saved" }}
      />
      <ErrorSummary locale={l} errors={act?.errors ?? []} message={act?.message} />
      <dl class="facts">
        <dt>{t(l, "projects.contract.status")}</dt>
        <dd>{t(l, `projects.contractStatus.${contract.status}`)}</dd>
        <dt>{t(l, "projects.call.kind")}</dt>
        <dd>{t(l, `projects.kind.${call.kind}`)}</dd>
        <dt>{t(l, "projects.contract.amount")}</dt>
        <dd>{yuan(l, contract.amountYuan)}</dd>
        <dt>{t(l, "projects.contract.term")}</dt>
        <dd>
          {contract.startsOn} – {contract.endsOn}
        </dd>
      </dl>
      <h2>{t(l, "projects.contract.deliverables")}</h2>
      <p class="prewrap">{contract.deliverables}</p>
      {props.needs ? <AnsweredNeeds locale={l} base={page.base} areas={props.areas} {...props.needs} /> : null}
      <h2>{t(l, "projects.contract.parties")}</h2>
      <ul>
        {PARTIES.map((party) => (
          <li>
            {t(l, `projects.party.${party}`)}：{partyName[party]} · {contract.confirmations[party] ? t(l, "projects.contract.confirmedAt", { at: contract.confirmations[party]!.slice(0, 10) }) : t(l, "projects.contract.waiting")}
            {!contract.confirmations[party] && contract.status === "pending" && props.mayConfirm.includes(party) ? (
              <form method="post" action={`${page.base}/projects/contracts/${contract.id}/confirm`}>
                <CsrfField token={page.csrfToken} />
                <input type="hidden" name="party" value={party} />
                <input type="hidden" name="version" value={String(contract.version)} />
                <button type="submit">{t(l, "projects.contract.confirmAs", { party: t(l, `projects.party.${party}`) })}</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t(l, "projects.contract.instalments")}</h2>
      <ErrorSummary locale={l} errors={pay?.errors ?? []} message={pay?.message} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "projects.contract.seq")}</th>
              <th scope="col">{t(l, "projects.contract.share")}</th>
              <th scope="col">{t(l, "projects.contract.amount")}</th>
              <th scope="col">{t(l, "projects.contract.gate")}</th>
              <th scope="col">{t(l, "projects.contract.status")}</th>
              <th scope="col">{t(l, "projects.contract.dueOn")}</th>
              <th scope="col">{t(l, "projects.contract.paidOn")}</th>
            </tr>
          </thead>
          <tbody>
            {contract.instalments.map((i) => (
              <tr>
                <td>{i.seq}</td>
                <td>{i.sharePercent}%</td>
                <td>{yuan(l, i.amountYuan)}</td>
                <td>{t(l, `projects.gate.${i.gate}`)}</td>
                <td>
                  {t(l, `projects.instalmentStatus.${i.status}`)}
                  {i.overdue ? ` · ${t(l, "projects.overdue")}` : ""}
                </td>
                <td>{i.dueOn ?? ""}</td>
                <td>{i.paidOn ? `${i.paidOn} (${i.paymentRef ?? ""})` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.canPay
        ? contract.instalments
            .filter((i) => i.status === "due")
            .map((i) => (
              <form class="stack" method="post" action={`${page.base}/projects/contracts/${contract.id}/instalments/${i.seq}/release`} novalidate>
                <h3>
                  {t(l, "projects.contract.release")} · {t(l, "projects.contract.seq")} {i.seq}
                </h3>
                <CsrfField token={page.csrfToken} />
                <TextField name="paidOn" type="date" label={t(l, "projects.contract.paidOn")} value={pay?.values.paidOn} errors={pay?.errors} required />
                <TextField name="reference" label={t(l, "projects.contract.reference")} value={pay?.values.reference} errors={pay?.errors} required maxLength={60} />
                <button type="submit">{t(l, "projects.contract.release")}</button>
              </form>
            ))
        : null}
      {props.delivery ? <DeliverySection page={page} locale={l} contract={contract} delivery={props.delivery} canRecord={props.canRecord} canConfirm={props.canConfirmRecords} state={props.state} /> : null}
      {props.changes ? <ChangeSection page={page} contract={contract} {...props.changes} state={props.state} /> : null}
      {props.evaluations ? <EvaluationSection page={page} contract={contract} board={props.evaluations} state={props.state} /> : null}
      <p>
        <a href={`${page.base}/projects/bids/${bid.id}`}>{bid.title}</a>
      </p>
    </Layout>
  );
}
