import type { Context, Hono } from "hono";
import { ReceiptNotice, receiptOf } from "../../receipts";
import { NEED_RECEIPT } from "./receipt-kind";
import type { AppEnv } from "../../env";
import { sniffType } from "../../http/attachments";
import { cachedHtml } from "../../http/cache";
import { notFound, type FieldError } from "../../http/errors";
import { attempt } from "../../ui/form-state";
import { publicOrigin } from "../../http/origin";
import { LIMIT_PERIOD_SECONDS } from "../../http/rate-limit";
import { routes } from "../../http/routes";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { mask, reveal } from "../../lib/personal-data";
import { qrSvg } from "../../lib/qr";
import { nowIso } from "../../lib/time";
import { readFile } from "../../operations/files";
import { pageInfo } from "../../ui/layout";
import { registerLinkageApi } from "./api";
import { registerMeetingRoutes } from "./routes-meetings";
import { registerAssessmentRoutes } from "./assessment-routes";
import { registerDashboardRoutes } from "./dashboard";
import { answeringNeed, rateable } from "./need-projects";
import { AnsweringSection, registerNeedProjectRoutes } from "./need-projects-pages";
import { registerNeedsSummaryRoutes } from "./needs-summary-routes";
import { areaName, communitiesInScope, communityByShort, loadAreas, shortCode } from "./areas";
import { answerNeed, listNeeds, mergedReceipt, mergeNeed, needByReceipt, needInScope, needScopes, normalizeReceipt, phoneLookup, receiveNeed, type NeedFilter } from "./needs";
import { answerInput, answerProblems, mergeInput, residentNeedInput, staffNeedInput } from "./schemas";
import { LookupPage, NeedFormPage, PosterPage, StatusPage } from "./views-public";
import { EnterNeedPage, NeedPage, NeedsListPage } from "./views-staff";

// Pages of the needs side: the resident's form (its URL is the short link on the
// poster), the receipt's status page, and community staff's list, entry and triage.

const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The form's photo: absent, a PNG/JPEG under the cap, or a field error. */
async function photoOf(c: Context<AppEnv>): Promise<{ photo?: { bytes: Uint8Array; type: "image/png" | "image/jpeg" }; error?: FieldError }> {
  const body = await c.req.parseBody();
  const file = body.photo;
  if (!(file instanceof File) || file.size === 0) return {};
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes.subarray(0, 8));
  if (bytes.length > MAX_PHOTO_BYTES || (type !== "image/png" && type !== "image/jpeg")) return { error: { field: "photo", code: "bad_file", message: t(c.var.locale, "linkage.form.badPhoto") } };
  return { photo: { bytes, type } };
}

/** One budget per phone number as well as per address: a number cannot flood a community. */
async function phoneAllowed(c: Context<AppEnv>, phone: string): Promise<boolean> {
  const limiter = c.env.ANONYMOUS_WRITE_LIMIT as RateLimit | undefined;
  if (!phone || !limiter) return true;
  const { success } = await limiter.limit({ key: `need_phone:${await phoneLookup(phone, c.env)}` });
  return success;
}

export const shortLink = (c: Context<AppEnv>, short: string) => `${publicOrigin(c)}${c.var.base}/n/${short}`;

async function staffNeedPage(c: Context<AppEnv>, id: string, extra: { values?: Record<string, string>; errors?: FieldError[]; message?: string; form?: "answer" | "merge"; revealed?: string } = {}, status: 200 | 409 | 422 = 200) {
  const need = await needInScope(c.var.data, c.var.user!, id);
  const areas = await loadAreas(c.var.data);
  const mergedInto = await mergedReceipt(c.var.data, need.merged_into);
  const phone = extra.revealed ?? (need.phone ? mask("phone", await reveal(need.phone, c.env.PERSONAL_DATA_KEY)) : null);
  const projects = <AnsweringSection page={pageInfo(c)} items={await answeringNeed(c.var.data, need.id, need.merged_into ?? need.id)} />;
  return c.html(<NeedPage page={pageInfo(c)} need={need} community={areaName(areas, need.community_code, c.var.locale)} phone={phone} mergedInto={mergedInto} projects={projects} {...extra} />, status);
}

/** The receipt's status page, with the projects answering the need and, when one is completed, the rating form. */
async function statusPage(c: Context<AppEnv>, code: string, rating: { values?: Record<string, string>; errors?: FieldError[]; message?: string } = {}, status: 200 | 409 | 422 = 200) {
  const found = await needByReceipt(c.var.data, code);
  if (!found) throw notFound();
  const areas = await loadAreas(c.var.data);
  const items = await answeringNeed(c.var.data, found.own.id, found.shown.id);
  const message = rating.message ?? (c.req.query("rated") === "1" ? t(c.var.locale, "linkage.rating.thanks") : undefined);
  const projects = <AnsweringSection page={pageInfo(c)} items={items} rateFor={{ receipt: code, open: rateable(items, found.own.phone !== null), ...rating, message }} />;
  const receipt = await receiptOf(c.var.data, NEED_RECEIPT, found.own.id);
  const notice = receipt ? <ReceiptNotice page={pageInfo(c)} receipt={receipt} /> : null;
  const page = (
    <StatusPage page={pageInfo(c)} receipt={code} own={found.own} shown={found.shown} community={areaName(areas, found.own.community_code, c.var.locale)} fresh={c.req.query("sent") === "1"} projects={projects} receiptNotice={notice} />
  );
  return c.html(page, status, { "cache-control": "private, no-store", "referrer-policy": "no-referrer" });
}

export function registerLinkageRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/n/:short", MAX_PHOTO_BYTES + 64 * 1024);

  // --- The resident's side (no account) ---
  r.get("/n/:short", "public", async (c) => {
    const community = await communityByShort(c.var.data, c.var.district, c.var.locale, c.req.param("short") ?? "");
    return cachedHtml(c, <NeedFormPage page={pageInfo(c)} community={community} />, { personal: true });
  });

  r.post("/n/:short", "public", async (c) => {
    const community = await communityByShort(c.var.data, c.var.district, c.var.locale, c.req.param("short") ?? "");
    const l = c.var.locale;
    const form = await readForm(c, residentNeedInput);
    const { photo, error } = await photoOf(c);
    const errors = [...(form.ok ? [] : form.errors), ...(error ? [error] : [])];
    const personal = form.values.name?.trim() || form.values.phone?.trim() || photo;
    if (personal && form.values.consent !== "1") errors.push({ field: "consent", code: "required", message: t(l, "linkage.form.consentRequired") });
    if (!form.ok || errors.length) return c.html(<NeedFormPage page={pageInfo(c)} community={community} values={form.values} errors={errors} />, 422);
    if (!(await phoneAllowed(c, form.data.phone))) {
      return c.html(<NeedFormPage page={pageInfo(c)} community={community} values={form.values} message={t(l, "linkage.form.phoneLimited")} />, 429, { "retry-after": String(LIMIT_PERIOD_SECONDS) });
    }
    const d = form.data;
    const { receiptCode } = await receiveNeed(
      c.var.data,
      c.env,
      { communityCode: community.code, category: d.category, description: d.description, location: d.location, source: "online", name: d.name, phone: d.phone, photo, enteredBy: null },
      nowIso(),
    );
    return c.redirect(`${c.var.base}/needs/status/${receiptCode}?sent=1`, 303);
  });

  r.get("/n/:short/qr.svg", "public", async (c) => {
    const community = await communityByShort(c.var.data, c.var.district, c.var.locale, c.req.param("short") ?? "");
    return c.body(qrSvg(shortLink(c, community.short), { title: community.name }), 200, { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=86400" });
  });

  r.get("/needs/status", "public", async (c) => {
    const typed = c.req.query("code");
    if (typed === undefined) return c.html(<LookupPage page={pageInfo(c)} />);
    const code = normalizeReceipt(typed);
    const found = code ? await needByReceipt(c.var.data, code) : null;
    if (!found) return c.html(<LookupPage page={pageInfo(c)} code={typed} notFound />, 404);
    return c.redirect(`${c.var.base}/needs/status/${code}`, 303);
  });

  r.get("/needs/status/:receipt", "public", async (c) => {
    const code = normalizeReceipt(c.req.param("receipt") ?? "");
    if (!code) throw notFound();
    return statusPage(c, code);
  });

  // --- Community staff ---
  r.get("/linkage/needs", "linkage.needs", async (c) => {
    const status = c.req.query("status") ?? "";
    const filter: NeedFilter = ["open", "overdue", "accepted", "received", "solved", "referred", "declined", "merged"].includes(status) ? { status: status as NeedFilter["status"] } : {};
    const [needs, areas] = await Promise.all([listNeeds(c.var.data, needScopes(c.var.user!), filter), loadAreas(c.var.data)]);
    const message = c.req.query("entered") ? t(c.var.locale, "linkage.needs.entered", { code: c.req.query("entered")! }) : undefined;
    return c.html(<NeedsListPage page={pageInfo(c)} needs={needs} areaName={(code) => areaName(areas, code, c.var.locale)} status={filter.status ?? ""} message={message} />);
  });

  const entryPage = async (c: Context<AppEnv>, values?: Record<string, string>, errors?: FieldError[]) => {
    const communities = communitiesInScope(await loadAreas(c.var.data), needScopes(c.var.user!), c.var.locale);
    return c.html(<EnterNeedPage page={pageInfo(c)} communities={communities} values={values} errors={errors} />, errors ? 422 : 200);
  };
  r.get("/linkage/needs/new", "linkage.needs", (c) => entryPage(c));

  r.post("/linkage/needs", "linkage.needs", async (c) => {
    const form = await readForm(c, staffNeedInput);
    if (!form.ok) return entryPage(c, form.values, form.errors);
    const allowed = communitiesInScope(await loadAreas(c.var.data), needScopes(c.var.user!), c.var.locale);
    if (!allowed.some((a) => a.value === form.data.communityCode)) return entryPage(c, form.values, [{ field: "communityCode", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
    const d = form.data;
    const { receiptCode } = await receiveNeed(
      c.var.data,
      c.env,
      { communityCode: d.communityCode, category: d.category, description: d.description, location: d.location, source: d.source as never, name: d.name, phone: d.phone, enteredBy: c.var.user!.id },
      nowIso(),
    );
    return c.redirect(`${c.var.base}/linkage/needs?entered=${receiptCode}`, 303);
  });

  r.get("/linkage/needs/:needId", "linkage.needs", async (c) => {
    const done = c.req.query("done");
    const message = done === "answered" ? t(c.var.locale, "linkage.needs.answered") : done === "merged" ? t(c.var.locale, "linkage.needs.mergedDone") : undefined;
    return staffNeedPage(c, c.req.param("needId") ?? "", { message });
  });

  r.post("/linkage/needs/:needId/answer", "linkage.needs", async (c) => {
    const id = c.req.param("needId") ?? "";
    await needInScope(c.var.data, c.var.user!, id);
    const form = await readForm(c, answerInput);
    const errors = form.ok ? answerProblems(form.data, c.var.locale) : form.errors;
    if (!form.ok || errors.length) return staffNeedPage(c, id, { values: form.values, errors, form: "answer" }, 422);
    const d = form.data;
    const answer = { outcome: d.outcome, category: d.category, priority: d.priority || null, answer: d.answer, version: d.version };
    const done = await attempt(c.var.locale, "answer", form.values, () => answerNeed(c.var.data, c.var.user!, id, answer, nowIso(), c.env.PERSONAL_DATA_KEY));
    if (!done.ok) return staffNeedPage(c, id, { ...done.state, form: "answer" }, done.status);
    return c.redirect(`${c.var.base}/linkage/needs/${id}?done=answered`, 303);
  });

  r.post("/linkage/needs/:needId/merge", "linkage.needs", async (c) => {
    const id = c.req.param("needId") ?? "";
    await needInScope(c.var.data, c.var.user!, id);
    const form = await readForm(c, mergeInput);
    const target = form.ok ? normalizeReceipt(form.data.target) : null;
    const unknown: FieldError[] = [{ field: "target", code: "not_found", message: t(c.var.locale, "linkage.need.targetUnknown") }];
    if (!form.ok || !target) return staffNeedPage(c, id, { values: form.values, errors: form.ok ? unknown : form.errors, form: "merge" }, 422);
    const done = await attempt(c.var.locale, "merge", form.values, () => mergeNeed(c.var.data, c.var.user!, id, target, form.data.version, nowIso()));
    // The only refusal of the target itself is "no such need here": it belongs beside the field.
    if (!done.ok) return staffNeedPage(c, id, done.status === 422 ? { values: form.values, errors: unknown, form: "merge" } : { ...done.state, form: "merge" }, done.status);
    return c.redirect(`${c.var.base}/linkage/needs/${id}?done=merged`, 303);
  });

  r.post("/linkage/needs/:needId/phone", "linkage.needs", async (c) => {
    const id = c.req.param("needId") ?? "";
    const need = await needInScope(c.var.data, c.var.user!, id);
    if (!need.phone) throw notFound();
    await c.var.data.write([], { action: "linkage.need_phone_revealed", targetType: "linkage_need", targetId: id });
    return staffNeedPage(c, id, { revealed: await reveal(need.phone, c.env.PERSONAL_DATA_KEY) });
  });

  r.get("/linkage/needs/:needId/photo", "linkage.needs", async (c) => {
    const need = await needInScope(c.var.data, c.var.user!, c.req.param("needId") ?? "");
    const object = need.r2_key ? await readFile(c.env, need.r2_key) : null;
    if (!object || !need.photo_type) throw notFound();
    return new Response(object.body, { headers: { "content-type": need.photo_type, "cache-control": "private, no-store", "x-content-type-options": "nosniff" } });
  });

  r.get("/linkage/posters", "linkage.needs", async (c) => {
    const areas = await loadAreas(c.var.data);
    const communities = communitiesInScope(areas, needScopes(c.var.user!), c.var.locale).map((o) => {
      const a = areas.get(o.value)!;
      const short = shortCode(c.var.district, a.code);
      const parent = a.parent ? areas.get(a.parent) : undefined;
      const pick = (x: { nameZh: string; nameEn: string }) => (c.var.locale === "en" && x.nameEn ? x.nameEn : x.nameZh);
      return { code: a.code, short, name: pick(a), subdistrict: parent ? pick(parent) : "", link: shortLink(c, short), svg: qrSvg(shortLink(c, short)) };
    });
    return c.html(<PosterPage page={pageInfo(c)} communities={communities} />);
  });

  registerLinkageApi(app);
  registerMeetingRoutes(app);
  registerAssessmentRoutes(app);
  registerDashboardRoutes(app);
  registerNeedProjectRoutes(app, statusPage);
  registerNeedsSummaryRoutes(app);
}
