import type { Context, Hono } from "hono";
import { receiptOf } from "../../receipts";
import { APPEAL_RECEIPT } from "./receipt-kind";
import type { AppEnv } from "../../env";
import { notFound, type FieldError } from "../../http/errors";
import { attempt } from "../../ui/form-state";
import { routes } from "../../http/routes";
import { MAX_ATTACHMENT_BYTES } from "../../http/attachments";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { actorOf } from "./actor";
import { beijingDate } from "../../lib/beijing-time";
import { findAssignment } from "../../review";
import { pageInfo } from "../../ui/layout";
import * as z from "zod/mini";
import { checkRequest, fileRequest, loadEntry, type RequestKind } from "./credit";
import { addAttachment, annualContent, correctDisclosure, disclosureOfOrganization, majorChangeContent, projectContent, publishDisclosure } from "./disclosures";
import { enrol, ensureSelfAssignment, loadEvaluation, loadRound, roundOf } from "./evaluations";
import { saveSelfAssessment } from "./evaluation-scoring";
import { fileAppeal } from "./evaluation-appeals";
import { annualReportSchema, appealSchema, correctionFields, creditRequestSchema, type majorChangeSchema, type projectSchema } from "./schemas";
import { readScores, scoreValues } from "./scoring-form";
import type { DisclosureKind } from "./tables";
import type { ViewProps } from "./views";
import { disclosureHistory, memberDashboard, memberOrganization, selfAssessmentScores } from "./my-queries";
import { ManageDisclosurePage, MyPage, NewDisclosurePage, SCHEMAS, SelfAssessmentPage, type MemberDisclosure } from "./my-pages";

// What an organization's own account does: publish and correct disclosures with
// attachments, see its credit-list entries and object or report rectification, apply
// for evaluation, fill in its self-assessment and appeal a proposed grade.

export function memberOrganizationId(c: Context<AppEnv>): string {
  const id = c.var.user?.grants.find((g) => g.role === "org_member")?.organizationId;
  if (!id) throw notFound();
  return id;
}

async function disclosureForMember(c: Context<AppEnv>): Promise<MemberDisclosure> {
  const orgId = memberOrganizationId(c);
  const d = await disclosureOfOrganization(c.var.data, c.req.param("disclosureId") ?? "", orgId);
  return { d, ...(await disclosureHistory(c.var.data, d.id)) };
}

function view(c: Context<AppEnv>): ViewProps {
  return { page: pageInfo(c), flash: c.req.query("done") };
}

function isKind(kind: string | undefined): kind is DisclosureKind {
  return kind === "annual_report" || kind === "project" || kind === "major_change";
}

export function registerMemberRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/my/disclosures/:disclosureId/attachments", MAX_ATTACHMENT_BYTES + 64 * 1024);

  const dashboard = async (c: Context<AppEnv>, extra: { message?: string; errors?: FieldError[]; status?: number; done?: string } = {}) => {
    const org = await memberOrganization(c.var.data, memberOrganizationId(c));
    const d = await memberDashboard(c.var.data, org.id);
    return c.html(<MyPage {...view(c)} settings={c.var.district.settings} org={org} d={d} message={extra.message} errors={extra.errors} done={extra.done} />, (extra.status ?? 200) as 200);
  };

  r.get("/my/organization", "organization.act", (c) => dashboard(c));

  r.get("/my/disclosures/new/:kind", "organization.act", (c) => {
    const kind = c.req.param("kind");
    if (!isKind(kind)) throw notFound();
    memberOrganizationId(c);
    return c.html(<NewDisclosurePage {...view(c)} kind={kind} />);
  });

  r.post("/my/disclosures/new/:kind", "organization.act", async (c) => {
    const kind = c.req.param("kind");
    if (!isKind(kind)) throw notFound();
    const orgId = memberOrganizationId(c);
    const l = c.var.locale;
    const form = await readForm(c, SCHEMAS[kind] as z.ZodMiniType<Record<string, string>>);
    if (!form.ok) return c.html(<NewDisclosurePage {...view(c)} kind={kind} values={form.values} errors={form.errors} />, 422);
    const v = form.data as Record<string, string>;
    const input =
      kind === "annual_report"
        ? { reportYear: Number(v.reportYear), title: t("zh-CN", "disclosure.d.annualTitle", { year: v.reportYear! }), content: annualContent(form.data as z.output<typeof annualReportSchema>) }
        : kind === "project"
          ? { reportYear: null, title: v.title!, content: projectContent(form.data as z.output<typeof projectSchema>) }
          : { reportYear: null, title: v.title!, content: majorChangeContent(form.data as z.output<typeof majorChangeSchema>) };
    const done = await attempt(l, "disclosure", form.values, () => publishDisclosure(c.var.data, actorOf(c.var.user!, l), { organizationId: orgId, kind, ...input }, nowIso()));
    if (done.ok) return c.redirect(`${c.var.base}/my/disclosures/${done.value}?done=disclosure.d.published`, 303);
    // The one conflict a new disclosure meets is a second report for the same year.
    const { message, errors } = done.state;
    return c.html(<NewDisclosurePage {...view(c)} kind={kind} values={form.values} errors={message ? [{ field: "reportYear", code: "duplicate_year", message }] : errors} message={t(l, "error.validation")} />, done.status);
  });

  r.get("/my/disclosures/:disclosureId", "organization.act", async (c) => c.html(<ManageDisclosurePage {...view(c)} x={await disclosureForMember(c)} />));

  r.post("/my/disclosures/:disclosureId/correct", "organization.act", async (c) => {
    const x = await disclosureForMember(c);
    const kind = x.d.kind;
    const base = kind === "annual_report" ? z.omit(annualReportSchema, { reportYear: true }) : SCHEMAS[kind];
    const schema = z.extend(base as z.ZodMiniObject, correctionFields);
    const form = await readForm(c, schema);
    if (!form.ok) return c.html(<ManageDisclosurePage {...view(c)} x={x} values={form.values} errors={form.errors} />, 422);
    const v = form.data as Record<string, string>;
    const content =
      kind === "annual_report"
        ? annualContent({ ...(form.data as z.output<typeof annualReportSchema>), reportYear: String(x.d.report_year) })
        : kind === "project"
          ? projectContent(form.data as z.output<typeof projectSchema>)
          : majorChangeContent(form.data as z.output<typeof majorChangeSchema>);
    const correction = { disclosureId: x.d.id, expectedVersion: Number(v.version), title: kind === "annual_report" ? x.d.title : v.title!, content, note: v.correctionNote! };
    const done = await attempt(c.var.locale, "correct", form.values, () => correctDisclosure(c.var.data, actorOf(c.var.user!, c.var.locale), correction, nowIso()));
    if (!done.ok) return c.html(<ManageDisclosurePage {...view(c)} x={await disclosureForMember(c)} values={form.values} errors={done.state.errors} message={done.state.message} />, done.status);
    return c.redirect(`${c.var.base}/my/disclosures/${x.d.id}?done=disclosure.d.corrected`, 303);
  });

  r.post("/my/disclosures/:disclosureId/attachments", "organization.act", async (c) => {
    const x = await disclosureForMember(c);
    const body = await c.req.parseBody();
    const file = body.file;
    const l = c.var.locale;
    if (!(file instanceof File) || file.size === 0) {
      return c.html(<ManageDisclosurePage {...view(c)} x={x} errors={[{ field: "file", code: "required", message: t(l, "disclosure.d.noFile") }]} />, 422);
    }
    if (file.size > MAX_ATTACHMENT_BYTES) return c.html(<ManageDisclosurePage {...view(c)} x={x} errors={[{ field: "file", code: "too_big", message: t(l, "disclosure.d.badFile") }]} />, 413);
    const done = await attempt(l, "attach", {}, () => addAttachment(c.var.data, c.env, actorOf(c.var.user!, l), { disclosure: x.d, file }, nowIso()));
    // The file itself is the only thing refused with 422: its type or size.
    const badFile = [{ field: "file", code: "bad_file", message: t(l, "disclosure.d.badFile") }];
    if (!done.ok) return c.html(<ManageDisclosurePage {...view(c)} x={x} errors={done.status === 422 ? badFile : []} message={done.state.message} />, done.status);
    return c.redirect(`${c.var.base}/my/disclosures/${x.d.id}?done=disclosure.d.uploaded#attach`, 303);
  });

  r.post("/my/credit/:entryId/requests/:kind", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const kind = c.req.param("kind") as RequestKind;
    if (!["objection", "rectification", "exit"].includes(kind)) throw notFound();
    const entry = await loadEntry(c.var.data, c.req.param("entryId") ?? "");
    if (!entry || entry.organization_id !== orgId) throw notFound();
    const form = await readForm(c, creditRequestSchema);
    if (!form.ok) return dashboard(c, { errors: form.errors.map((e) => ({ ...e, field: `content` })), status: 422 });
    const now = nowIso();
    const settings = c.var.district.settings;
    const done = await attempt(c.var.locale, "request", form.values, async () => {
      checkRequest(entry, kind, beijingDate(now), settings, c.var.locale);
      return fileRequest(c.var.data, entry, kind, form.data.content, { id: c.var.user!.id, role: "org_member" }, now, settings);
    });
    if (!done.ok) return dashboard(c, { ...done.state, status: done.status });
    return dashboard(c, { done: t(c.var.locale, "disclosure.my.requestFiled", { date: done.value.dueOn }) });
  });

  r.post("/my/evaluations", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const form = await readForm(c, z.strictObject({ roundId: z.string().check(z.maxLength(40)) }));
    if (!form.ok) return dashboard(c, { errors: form.errors, status: 422 });
    const { round } = await loadRound(c.var.data, form.data.roundId);
    const done = await attempt(c.var.locale, "enrol", form.values, () => enrol(c.var.data, actorOf(c.var.user!, c.var.locale), { round, organizationId: orgId, selfScorer: c.var.user!.id }, nowIso()));
    if (!done.ok) return dashboard(c, { ...done.state, status: done.status });
    return c.redirect(`${c.var.base}/my/organization?done=disclosure.my.applied#my-evaluations`, 303);
  });

  const selfContext = async (c: Context<AppEnv>) => {
    const orgId = memberOrganizationId(c);
    const evaluation = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "");
    if (evaluation.organization_id !== orgId) throw notFound();
    const { round, rubric, skipped } = await roundOf(c.var.data, evaluation);
    return { evaluation, round, rubric, skipped };
  };

  r.get("/my/evaluations/:evaluationId/self", "organization.act", async (c) => {
    const { evaluation, round, rubric, skipped } = await selfContext(c);
    const scoring = evaluation.status === "enrolled" || evaluation.status === "returned";
    const { assignment, scores } = await selfAssessmentScores(c.var.data, evaluation.id, scoring ? await ensureSelfAssignment(c.var.data, actorOf(c.var.user!, c.var.locale), { evaluation, rubricId: rubric.id }, nowIso()) : null);
    return c.html(<SelfAssessmentPage {...view(c)} evaluation={evaluation} round={round} rubric={rubric} skipped={skipped} values={scoreValues(scores)} submitted={!scoring || !!assignment?.submitted_at} />);
  });

  r.post("/my/evaluations/:evaluationId/self", "organization.act", async (c) => {
    const { evaluation, round, rubric, skipped } = await selfContext(c);
    const l = c.var.locale;
    const form = await readForm(c, z.record(z.string(), z.string()));
    const values = form.values;
    if (evaluation.status !== "enrolled" && evaluation.status !== "returned") {
      return c.html(<SelfAssessmentPage {...view(c)} evaluation={evaluation} round={round} rubric={rubric} skipped={skipped} values={values} submitted message={t(l, "disclosure.eval.selfClosed")} />, 409);
    }
    const { scores, errors, submit } = readScores(l, rubric, values);
    if (errors.length) return c.html(<SelfAssessmentPage {...view(c)} evaluation={evaluation} round={round} rubric={rubric} skipped={skipped} values={values} submitted={false} errors={errors} />, 422);
    const assignment = await ensureSelfAssignment(c.var.data, actorOf(c.var.user!, c.var.locale), { evaluation, rubricId: rubric.id }, nowIso());
    const full = await findAssignment(c.var.data, assignment.id);
    // Closed meanwhile: the form comes back with what was typed.
    if (!(await saveSelfAssessment(c.var.data, full!, { scores, submit }, nowIso()))) {
      return c.html(<SelfAssessmentPage {...view(c)} evaluation={evaluation} round={round} rubric={rubric} skipped={skipped} values={values} submitted message={t(l, "disclosure.eval.locked")} />, 409);
    }
    return c.redirect(`${c.var.base}/my/evaluations/${evaluation.id}/self?done=${submit ? "disclosure.eval.scoresSubmitted" : "disclosure.eval.saved"}`, 303);
  });

  r.post("/my/evaluations/:evaluationId/appeal", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const evaluation = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "");
    if (evaluation.organization_id !== orgId) throw notFound();
    const form = await readForm(c, appealSchema);
    if (!form.ok) return dashboard(c, { errors: form.errors, status: 422 });
    const l = c.var.locale;
    const done = await attempt(l, "appeal", form.values, () => fileAppeal(c.var.data, actorOf(c.var.user!, l), { evaluation, content: form.data.content }, nowIso()));
    if (!done.ok) return dashboard(c, { ...done.state, status: done.status });
    const appeal = done.value;
    const receipt = await receiptOf(c.var.data, APPEAL_RECEIPT, appeal.id);
    const number = receipt ? ` ${t(l, "receipts.keep")}${receipt.no} · ${t(l, "receipts.check")} ${receipt.check}` : "";
    return dashboard(c, { done: `${t(l, "disclosure.my.appealFiled", { date: appeal.answer_due_on })}${number}` });
  });
}
