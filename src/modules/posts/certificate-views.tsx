import { t, type Locale } from "../../i18n/messages";
import { ErrorSummary, TextField } from "../../ui/form";
import { CsrfField } from "../../ui/layout";
import type { EducationState, RegistrationState } from "./certification";
import type { CertificateStatus } from "./registrations";
import type { FormState } from "./view-parts";

// The profile's certificate section: the current registration with its state (valid,
// renewal due, overdue), the continuing-education hours of each registration period, and
// for staff the form recording a registration.

const REGISTRATION_TONE: Record<RegistrationState | "unregistered", string> = { current: "ok", due: "warn", overdue: "bad", unregistered: "warn" };
const EDUCATION_TONE: Record<EducationState, string> = { met: "ok", in_progress: "", due: "warn", overdue: "bad" };

function EducationBadge(props: { l: Locale; state: EducationState }) {
  return <span class={`badge ${EDUCATION_TONE[props.state]}`}>{t(props.l, `posts.education.state.${props.state}`)}</span>;
}

export function CertificateSection(props: { l: Locale; certificate: CertificateStatus; action: string | null; csrfToken: Parameters<typeof CsrfField>[0]["token"]; today: string; state: FormState | undefined }) {
  const { l, certificate: cert, state } = props;
  const current = cert.current;
  return (
    <section class="panel" aria-labelledby="certificate-h">
      <h2 id="certificate-h">{t(l, "posts.registration.title")}</h2>
      {!cert.qualified ? <p>{t(l, "posts.registration.notQualified")}</p> : <p class="hint">{t(l, "posts.registration.intro")}</p>}
      {cert.qualified && cert.state ? (
        <dl class="facts">
          <dt>{t(l, "posts.registration.status")}</dt>
          <dd>
            <span class={`badge ${REGISTRATION_TONE[cert.state]}`}>{t(l, `posts.registration.state.${cert.state}`)}</span>
          </dd>
          {current ? (
            <>
              <dt>{t(l, "posts.registration.validity")}</dt>
              <dd>
                {t(l, "posts.registration.period", { from: current.startsOn, to: current.validUntil })} · {t(l, "posts.registration.renewFrom", { date: current.renewFrom })}
                {current.renewBy !== current.validUntil ? ` · ${t(l, "posts.registration.renewBy", { date: current.renewBy })}` : ""}
              </dd>
              <dt>{t(l, "posts.education.title")}</dt>
              <dd>
                {t(l, "posts.education.hours", { hours: current.education.hours, required: current.education.required })} <EducationBadge l={l} state={current.education.state} />
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {cert.registrations.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t(l, "posts.registration.history")}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, "posts.registration.kind")}</th>
                <th scope="col">{t(l, "posts.registration.registeredOn")}</th>
                <th scope="col">{t(l, "posts.registration.validity")}</th>
                <th scope="col">{t(l, "posts.education.title")}</th>
              </tr>
            </thead>
            <tbody>
              {cert.registrations.map((r) => (
                <tr>
                  <td>{t(l, `posts.registration.kind.${r.kind}`)}</td>
                  <td>{r.registeredOn}</td>
                  <td>{t(l, "posts.registration.period", { from: r.startsOn, to: r.validUntil })}</td>
                  <td>
                    {t(l, "posts.education.hours", { hours: r.education.hours, required: r.education.required })} <EducationBadge l={l} state={r.education.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : cert.qualified ? (
        <p>{t(l, "posts.registration.none")}</p>
      ) : null}
      {cert.qualified && props.action ? (
        <>
          <h3>{t(l, "posts.registration.record")}</h3>
          <form class="stack" method="post" action={props.action} novalidate>
            <CsrfField token={props.csrfToken} />
            <ErrorSummary locale={l} errors={state?.errors ?? []} message={state?.message} />
            <TextField name="registeredOn" type="date" label={t(l, "posts.registration.registeredOn")} hint={t(l, "posts.registration.recordHint")} value={state?.values.registeredOn ?? props.today} errors={state?.errors} required />
            <button type="submit">{t(l, "posts.registration.submit")}</button>
          </form>
        </>
      ) : null}
    </section>
  );
}
