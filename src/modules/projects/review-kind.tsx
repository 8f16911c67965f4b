import type { Context } from "hono";
import type * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { authorize } from "../../http/routes";
import { t } from "../../i18n/messages";
import { conflictDeclaration, declareFromForm, loadRubric, scoreFromForm, type AssignmentRow, type SubjectKind } from "../../review";
import { Layout, pageInfo } from "../../ui/layout";
import { actorOf, buysAt } from "./actor";
import { loadBid } from "./domain/bids";
import { getCall } from "./domain/calls";
import { awardStatements, overturnStatements } from "./domain/award";
import { ROADSHOW_AREA } from "./domain/review";
import { BID_KIND } from "./subject-kinds";
import { yuan } from "./views/parts";
import { DeclarationForm, ScoreForm } from "./views/score-form";

// Project bids as a subject of the review engine: the reviewer declares any conflict
// with the bidding organization before seeing the bid, then scores it on the call's
// rubric (the roadshow part after the roadshow); a settled notice awards the bid, an
// upheld objection leaves it unawarded.

async function subject(c: Context<AppEnv>, a: AssignmentRow) {
  const found = await loadBid(c.var.data, a.subject_id);
  if (!found) throw notFound();
  return found;
}

async function showPage(c: Context<AppEnv>, a: AssignmentRow): Promise<Response> {
  const page = pageInfo(c);
  const l = page.locale;
  const { bid, call } = await subject(c, a);
  if (a.status === "awaiting_declaration") {
    // Nothing of the bid but who made it is shown before the declaration.
    return c.html(
      <Layout page={page} title={t(l, "projects.review.declare")}>
        <h1>{t(l, "projects.review.declare")}</h1>
        <p>{call.title}</p>
        <p>
          {t(l, "projects.bid.organization")}: {bid.organizationName}
        </p>
        <DeclarationForm page={page} assignmentId={a.id} intro={t(l, "projects.review.declareIntro")} />
      </Layout>,
    );
  }
  const rubric = (await loadRubric(c.var.data, a.rubric_id))!;
  const scores = await c.var.data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute();
  const editable = a.status === "clear" && !a.submitted_at;
  return c.html(
    <Layout page={page} title={bid.title}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>
        {bid.title} · {call.title}
      </h1>
      {a.submitted_at ? <p class="notice ok">{t(l, "projects.review.submitted")}</p> : null}
      {a.status === "conflicted" ? <p class="notice">{t(l, "projects.review.recused")}</p> : null}
      {a.status === "clear" ? (
        <>
          <section class="panel">
            <p>
              {t(l, "projects.bid.organization")}: {bid.organizationName} · {yuan(l, bid.amountYuan)}
            </p>
            <h2>{t(l, "projects.bid.targetGroup")}</h2>
            <p class="prewrap">
              {bid.targetGroup} · {bid.beneficiaries}
            </p>
            <h2>{t(l, "projects.bid.activities")}</h2>
            <p class="prewrap">{bid.activities}</p>
            <h2>{t(l, "projects.bid.indicators")}</h2>
            <p class="prewrap">{bid.indicators}</p>
            <h2>{t(l, "projects.bid.budget")}</h2>
            <ul>
              {bid.lines.map((line) => (
                <li>
                  {t(l, `projects.line.${line.kind}`)} · {line.item} · {yuan(l, line.amountYuan)}
                </li>
              ))}
            </ul>
            <h2>{t(l, "projects.bid.team")}</h2>
            <ul>
              {bid.team.map((m) => (
                <li>
                  {m.name} · {t(l, `projects.qualification.${m.qualification}`)}
                </li>
              ))}
            </ul>
          </section>
          {call.roadshowOn ? (
            <p class="hint">
              {t(l, "projects.review.roadshow")}: {call.roadshowOn} {call.roadshowPlace} · {t(l, "projects.review.roadshowNote")}
            </p>
          ) : null}
          <ScoreForm page={page} assignmentId={a.id} rubric={rubric} scores={scores} editable={editable} prefix={(area, locale) => (area === ROADSHOW_AREA ? `${t(locale, "projects.review.roadshow")} · ` : "")} />
        </>
      ) : null}
    </Layout>,
  );
}

/** Staff who buy at the call's level manage its review (404 for anyone else). */
async function authorizeCall(c: Context<AppEnv>, callId: string): Promise<void> {
  authorize(c, "projects.manage");
  const call = await getCall(c.var.data, null, callId).catch(() => null);
  if (!call || !buysAt(actorOf(c.var.user!, c.var.locale), call.areaCode)) throw notFound();
}

export const bidKind: SubjectKind<z.output<typeof conflictDeclaration>> = {
  kind: BID_KIND,
  label: { "zh-CN": "项目申报评审", en: "Project bid review" },

  async render(data, a) {
    const found = await loadBid(data, a.subject_id);
    if (!found) throw notFound();
    const { bid, call } = found;
    return {
      title: `${bid.organizationName}：${bid.title}`,
      context: call.title,
      content: { bid: { ...bid, team: bid.team.map((m) => ({ name: m.name, qualification: m.qualification, lead: m.lead })) }, roadshow: call.roadshowOn ? { on: call.roadshowOn, place: call.roadshowPlace } : null },
    };
  },

  canScore: {
    forReviewer: () => true,
    declaration: conflictDeclaration,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    // A bid takes scores while it is in review and no proposal of it has gone on notice.
    open: (data, a) => [
      data.guard(
        data
          .selectFrom("project_bids")
          .select("id")
          .where("id", "=", a.subject_id)
          .where("status", "=", "in_review")
          .where((eb) => eb.not(eb.exists(eb.selectFrom("project_proposals as p").select("p.bid_id").whereRef("p.district_id", "=", "project_bids.district_id").whereRef("p.bid_id", "=", "project_bids.id").where("p.stage", "<>", "draft")))),
      ),
    ],
    async authorizeMove(c, a) {
      const found = await loadBid(c.var.data, a.subject_id);
      if (!found) throw notFound();
      await authorizeCall(c, found.call.id);
    },
    async eligibleReviewer(data, _a, reviewerId) {
      return !!(await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "=", reviewerId).executeTakeFirst());
    },
    objectionsHandledBy: "projects.manage",
    async authorizeObjections(c, notice) {
      await authorizeCall(c, notice.batch_id);
    },
  },

  pages: {
    show: showPage,
    declare: (c, a) => declareFromForm(c, a, bidKind as SubjectKind),
    score: (c, a) => scoreFromForm(c, a, bidKind as SubjectKind),
  },

  onSubmitted: () => [],

  finalize: (data, subjectId, now) => awardStatements(data, subjectId, now),
  overturn: (data, subjectId, now) => overturnStatements(data, subjectId, now),
};
