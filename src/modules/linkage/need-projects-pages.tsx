import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound, type FieldError } from "../../http/errors";
import { attempt } from "../../ui/form-state";
import { paragraph } from "../../http/fields";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { checkedValues, ChoiceGroup, ErrorSummary, RadioGroup, TextArea } from "../../ui/form";
import { CsrfField, Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { areaName, loadAreas } from "./areas";
import { type Answering, type Call, callInScope, callsInScope, citableNeeds, rateProject, saveCitations } from "./need-projects";
import { formatReceipt, needByReceipt, normalizeReceipt } from "./needs";

// Pages linking needs and projects: the needs a call answers (chosen by staff who reach
// the call's area), the projects answering a need on the staff and resident pages, and
// the resident's rating of a completed project.

const stars = (n: number) => "★".repeat(n) + "☆".repeat(5 - n);

/** The projects answering a need; on the resident's page, the rating form of a completed one. */
export function AnsweringSection(props: { page: PageInfo; items: Answering[]; rateFor?: { receipt: string; open: Answering[]; values?: Record<string, string>; errors?: FieldError[]; message?: string } }) {
  const { page, items, rateFor } = props;
  const l = page.locale;
  if (!items.length) return null;
  const v = rateFor?.values ?? {};
  return (
    <section id="projects">
      <h2>{t(l, "linkage.answering.title")}</h2>
      <ul>
        {items.map((p) => (
          <li>
            {p.contractId
              ? t(l, p.status === "completed" ? "linkage.answering.completed" : "linkage.answering.project", { project: p.projectTitle ?? "", organization: p.organizationName ?? "", endsOn: p.endsOn ?? "" })
              : t(l, "linkage.answering.call", { call: p.callTitle })}
            {p.rating !== null ? ` · ${t(l, "linkage.rating.given")} ${stars(p.rating)}${p.ratingComment ? `（${p.ratingComment}）` : ""}` : null}
          </li>
        ))}
      </ul>
      {rateFor ? <ErrorSummary locale={l} errors={rateFor.errors ?? []} message={rateFor.message} /> : null}
      {rateFor?.open.map((p) => (
        <form class="stack panel" method="post" action={`${page.base}/needs/status/${rateFor.receipt}/rating`} novalidate>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="contractId" value={p.contractId ?? ""} />
          <p>{t(l, "linkage.rating.ask", { project: p.projectTitle ?? "" })}</p>
          <RadioGroup
            name="rating"
            legend={t(l, "linkage.rating.rating")}
            options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${stars(n)} ${t(l, `linkage.rating.${n}` as MessageKey)}` }))}
            value={v.rating}
            errors={rateFor.errors}
          />
          <TextArea name="comment" label={t(l, "linkage.rating.comment")} value={v.comment} errors={rateFor.errors} rows={3} maxLength={500} />
          <button type="submit">{t(l, "linkage.rating.send")}</button>
        </form>
      ))}
    </section>
  );
}

function CallsPage(props: { page: PageInfo; calls: Call[]; areaName: (code: string | null) => string }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.calls.title")}>
      <h1>{t(l, "linkage.calls.title")}</h1>
      <p class="hint">{t(l, "linkage.calls.intro")}</p>
      {props.calls.length ? (
        <ul>
          {props.calls.map((c) => (
            <li>
              <a href={`${page.base}/linkage/calls/${c.id}/needs`}>{c.title}</a> · {c.year} · {props.areaName(c.areaCode)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(l, "linkage.calls.none")}</p>
      )}
    </Layout>
  );
}

type CitableNeed = Awaited<ReturnType<typeof citableNeeds>>["needs"][number];

function CallNeedsPage(props: { page: PageInfo; call: Call; needs: CitableNeed[]; selected: string[]; areaName: (code: string) => string; errors?: FieldError[]; message?: string }) {
  const { page, call } = props;
  const l: Locale = page.locale;
  return (
    <Layout page={page} title={call.title}>
      <p class="crumbs">
        <a href={`${page.base}/linkage/calls`}>{t(l, "linkage.calls.title")}</a>
      </p>
      <h1>{call.title}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {props.needs.length ? (
        <form class="stack" method="post" action={`${page.base}/linkage/calls/${call.id}/needs`}>
          <CsrfField token={page.csrfToken} />
          <ChoiceGroup
            name="needIds"
            type="checkbox"
            legend={t(l, "linkage.calls.cites")}
            hint={t(l, "linkage.calls.citesHint")}
            options={props.needs.map((n) => ({
              value: n.id,
              label: `${formatReceipt(n.receipt_code)} · ${props.areaName(n.community_code)} · ${t(l, `linkage.category.${n.category}` as MessageKey)} · ${n.description.slice(0, 60)}`,
            }))}
            selected={props.selected}
            errors={props.errors}
          />
          <button type="submit">{t(l, "linkage.meeting.save")}</button>
        </form>
      ) : (
        <p>{t(l, "linkage.calls.noNeeds")}</p>
      )}
    </Layout>
  );
}

const ratingInput = z.strictObject({
  contractId: z.string().check(z.minLength(1), z.maxLength(64)),
  rating: z.enum(["1", "2", "3", "4", "5"]),
  comment: z._default(paragraph(0, 500), ""),
});

async function callNeedsPage(c: Context<AppEnv>, call: Call, extra: { selected?: string[]; errors?: FieldError[]; message?: string } = {}, status: 200 | 422 = 200) {
  const [{ needs, cited }, areas] = await Promise.all([citableNeeds(c.var.data, call), loadAreas(c.var.data)]);
  return c.html(<CallNeedsPage page={pageInfo(c)} call={call} needs={needs} selected={extra.selected ?? cited} areaName={(code) => areaName(areas, code, c.var.locale)} errors={extra.errors} message={extra.message} />, status);
}

export function registerNeedProjectRoutes(
  app: Hono<AppEnv>,
  statusPage: (c: Context<AppEnv>, code: string, rating?: { values?: Record<string, string>; errors?: FieldError[]; message?: string }, status?: 200 | 409 | 422) => Promise<Response>,
): void {
  const r = routes(app, "district");

  r.get("/linkage/calls", "linkage.needs", async (c) => {
    const [calls, areas] = await Promise.all([callsInScope(c.var.data, c.var.user!), loadAreas(c.var.data)]);
    return c.html(<CallsPage page={pageInfo(c)} calls={calls} areaName={(code) => (code ? areaName(areas, code, c.var.locale) : t(c.var.locale, "linkage.meeting.district"))} />);
  });

  r.get("/linkage/calls/:callId/needs", "linkage.needs", async (c) => {
    const call = await callInScope(c.var.data, c.var.user!, c.req.param("callId") ?? "");
    return callNeedsPage(c, call, c.req.query("saved") ? { message: t(c.var.locale, "linkage.meeting.saved") } : {});
  });

  r.post("/linkage/calls/:callId/needs", "linkage.needs", async (c) => {
    const call = await callInScope(c.var.data, c.var.user!, c.req.param("callId") ?? "");
    const form = await readForm(c, z.record(z.string(), z.string()));
    const chosen = checkedValues(form.values, "needIds");
    if (!(await saveCitations(c.var.data, c.var.user!, call, chosen, nowIso()))) {
      return callNeedsPage(c, call, { selected: chosen, errors: [{ field: "needIds", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }] }, 422);
    }
    return c.redirect(`${c.var.base}/linkage/calls/${call.id}/needs?saved=1`, 303);
  });

  r.post("/needs/status/:receipt/rating", "public", async (c) => {
    const code = normalizeReceipt(c.req.param("receipt") ?? "");
    const found = code ? await needByReceipt(c.var.data, code) : null;
    if (!code || !found) throw notFound();
    const form = await readForm(c, ratingInput);
    if (!form.ok) return statusPage(c, code, { values: form.values, errors: form.errors }, 422);
    const rated = { ownId: found.own.id, shownId: found.shown.id, phoneLeft: found.own.phone !== null };
    const done = await attempt(c.var.locale, "rating", form.values, () => rateProject(c.var.data, rated, { ...form.data, rating: Number(form.data.rating) }, nowIso()));
    if (!done.ok) return statusPage(c, code, done.state, done.status);
    return c.redirect(`${c.var.base}/needs/status/${code}?rated=1#projects`, 303);
  });
}
