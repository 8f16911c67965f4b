import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { MAX_ATTACHMENT_BYTES, safeFilename, sniffType } from "../../http/attachments";
import { cachedHtml } from "../../http/cache";
import { notFound, validationFailed, type FieldError } from "../../http/errors";
import { attempt } from "../../ui/form-state";
import { apiRoute, routes } from "../../http/routes";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { readFile } from "../../operations/files";
import { pageInfo } from "../../ui/layout";
import { fundedChoices } from "../projects";
import { areaName, loadAreas, type Area } from "./areas";
import {
  addAction,
  addMeetingFile,
  completeAction,
  createMeeting,
  listMeetings,
  meetingDetail,
  meetingFile,
  meetingInScope,
  meetingOfAction,
  meetingScopes,
  meetingUpdateProblems,
  openActionsOf,
  publishedMeetings,
  reaches,
  splitNames,
  updateMeeting,
  type MeetingInput,
} from "./meetings";
import { actionDoneInput, actionForm, actionInput, meetingInput, meetingUpdateInput } from "./schemas";
import { SOCIETIES } from "./tables";
import { MeetingPage, MeetingsPage, NewMeetingPage, PublicMeetingsPage, type MeetingPageProps } from "./views-meetings";

// Joint meetings: staff record them at their level, keep minutes and files, follow the
// action items to done; published summaries are public.

const levelName = (areas: Map<string, Area>, code: string | null, l: "zh-CN" | "en") => (code ? areaName(areas, code, l) : t(l, "linkage.meeting.district"));

function levels(c: Context<AppEnv>, areas: Map<string, Area>) {
  const scopes = meetingScopes(c.var.user!);
  const l = c.var.locale;
  return [...(reaches(scopes, null) ? [{ value: "", label: t(l, "linkage.meeting.district") }] : []), ...[...areas.values()].filter((a) => reaches(scopes, a.code)).map((a) => ({ value: a.code, label: areaName(areas, a.code, l) }))];
}

async function meetingPage(c: Context<AppEnv>, id: string, extra: Partial<MeetingPageProps> = {}, status: 200 | 409 | 422 = 200) {
  const meeting = await meetingInScope(c.var.data, c.var.user!, id);
  const [detail, areas] = await Promise.all([meetingDetail(c.var.data, id), loadAreas(c.var.data)]);
  // The action form offers the contracts found by its search (the newest without one),
  // the one already chosen, and those the actions point at, so each keeps its label.
  const typed = extra.form === "action" ? (extra.values ?? {}) : {};
  const projects = await fundedChoices(c.var.data, { text: typed.contractQuery?.trim() ?? "", ids: [typed.contractId ?? "", ...detail.actions.map((a) => a.contract_id ?? "")] });
  return c.html(<MeetingPage page={pageInfo(c)} meeting={meeting} detail={detail} level={levelName(areas, meeting.area_code, c.var.locale)} projects={projects} {...extra} />, status);
}

function toMeeting(d: z.output<typeof meetingInput>): MeetingInput {
  return { ...d, participants: SOCIETIES.flatMap((society) => splitNames(d[society]).map((name) => ({ society, name: name.slice(0, 100) }))) };
}

export function registerMeetingRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/linkage/meetings/:meetingId/files", MAX_ATTACHMENT_BYTES + 64 * 1024);

  r.get("/meetings", "public", async (c) => {
    const [meetings, areas] = await Promise.all([publishedMeetings(c.var.data), loadAreas(c.var.data)]);
    return cachedHtml(c, <PublicMeetingsPage page={pageInfo(c)} meetings={meetings} areaName={(code) => levelName(areas, code, c.var.locale)} />);
  });

  r.get("/linkage/meetings", "linkage.meetings", async (c) => {
    const scopes = meetingScopes(c.var.user!);
    const [meetings, areas] = await Promise.all([listMeetings(c.var.data, scopes), loadAreas(c.var.data)]);
    const reminders = await openActionsOf(
      c.var.data,
      meetings.map((m) => m.id),
    );
    return c.html(<MeetingsPage page={pageInfo(c)} meetings={meetings} areaName={(code) => levelName(areas, code, c.var.locale)} reminders={reminders} />);
  });

  const newPage = async (c: Context<AppEnv>, values?: Record<string, string>, errors?: FieldError[]) =>
    c.html(<NewMeetingPage page={pageInfo(c)} levels={levels(c, await loadAreas(c.var.data))} values={values} errors={errors} />, errors ? 422 : 200);
  r.get("/linkage/meetings/new", "linkage.meetings", (c) => newPage(c));

  r.post("/linkage/meetings", "linkage.meetings", async (c) => {
    const form = await readForm(c, meetingInput);
    if (!form.ok) return newPage(c, form.values, form.errors);
    if (!levels(c, await loadAreas(c.var.data)).some((o) => o.value === form.data.areaCode)) return newPage(c, form.values, [{ field: "areaCode", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
    const id = await createMeeting(c.var.data, c.var.user!, toMeeting(form.data), nowIso());
    return c.redirect(`${c.var.base}/linkage/meetings/${id}`, 303);
  });

  r.get("/linkage/meetings/:meetingId", "linkage.meetings", (c) => meetingPage(c, c.req.param("meetingId") ?? "", c.req.query("saved") ? { message: t(c.var.locale, "linkage.meeting.saved") } : {}));

  r.post("/linkage/meetings/:meetingId", "linkage.meetings", async (c) => {
    const id = c.req.param("meetingId") ?? "";
    await meetingInScope(c.var.data, c.var.user!, id);
    const form = await readForm(c, meetingUpdateInput);
    const update = form.ok ? { ...form.data, published: form.data.published === "1" } : null;
    const errors = update ? meetingUpdateProblems(update, c.var.locale) : form.ok ? [] : form.errors;
    if (!update || errors.length) return meetingPage(c, id, { values: form.values, errors, form: "update" }, 422);
    await updateMeeting(c.var.data, c.var.user!, id, update, nowIso());
    return c.redirect(`${c.var.base}/linkage/meetings/${id}?saved=1`, 303);
  });

  r.post("/linkage/meetings/:meetingId/files", "linkage.meetings", async (c) => {
    const id = c.req.param("meetingId") ?? "";
    await meetingInScope(c.var.data, c.var.user!, id);
    const file = (await c.req.parseBody()).file;
    const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
    const type = bytes ? sniffType(bytes.subarray(0, 8)) : null;
    if (!bytes || !type || bytes.length > MAX_ATTACHMENT_BYTES) return meetingPage(c, id, { errors: [{ field: "file", code: "bad_file", message: t(c.var.locale, "linkage.meeting.badFile") }], form: "file" }, 422);
    await addMeetingFile(c.var.data, c.env, c.var.user!, id, { bytes, type, name: safeFilename((file as File).name) }, nowIso());
    return c.redirect(`${c.var.base}/linkage/meetings/${id}?saved=1`, 303);
  });

  r.get("/linkage/meetings/:meetingId/files/:fileId", "linkage.meetings", async (c) => {
    const id = c.req.param("meetingId") ?? "";
    await meetingInScope(c.var.data, c.var.user!, id);
    const row = await meetingFile(c.var.data, id, c.req.param("fileId") ?? "");
    const object = row ? await readFile(c.env, row.r2_key) : null;
    if (!row || !object) throw notFound();
    return new Response(object.body, {
      headers: { "content-type": row.content_type, "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`, "cache-control": "private, no-store", "x-content-type-options": "nosniff" },
    });
  });

  r.post("/linkage/meetings/:meetingId/actions", "linkage.meetings", async (c) => {
    const id = c.req.param("meetingId") ?? "";
    await meetingInScope(c.var.data, c.var.user!, id);
    const form = await readForm(c, actionForm);
    // The search button looks contracts up and shows the form again as it was typed.
    if (form.values.find) return meetingPage(c, id, { values: form.values, form: "action" });
    if (!form.ok) return meetingPage(c, id, { values: form.values, errors: form.errors, form: "action" }, 422);
    const done = await attempt(c.var.locale, "action", form.values, () => addAction(c.var.data, c.var.user!, id, form.data, c.var.locale, nowIso()));
    if (!done.ok) return meetingPage(c, id, { ...done.state, form: "action" }, done.status);
    return c.redirect(`${c.var.base}/linkage/meetings/${id}?saved=1`, 303);
  });

  r.post("/linkage/actions/:actionId/done", "linkage.meetings", async (c) => {
    const actionId = c.req.param("actionId") ?? "";
    const meetingId = await meetingOfAction(c.var.data, actionId);
    await meetingInScope(c.var.data, c.var.user!, meetingId);
    const form = await readForm(c, actionDoneInput);
    if (!form.ok) return meetingPage(c, meetingId, { values: form.values, errors: form.errors, form: `done-${actionId}` }, 422);
    const done = await attempt(c.var.locale, `done-${actionId}`, form.values, () => completeAction(c.var.data, c.var.user!, actionId, form.data, nowIso()));
    if (!done.ok) return meetingPage(c, meetingId, { ...done.state, form: `done-${actionId}` }, done.status);
    return c.redirect(`${c.var.base}/linkage/meetings/${meetingId}?saved=1#action-${actionId}`, 303);
  });

  // JSON API
  const TAG = "Linkage";
  const created = z.object({ id: z.string() });
  apiRoute(
    app,
    { method: "POST", path: "/linkage/meetings", access: "linkage.meetings", tag: TAG, summary: "Record a joint meeting with its participants by society", body: meetingInput, response: created, responseStatus: 201 },
    async (c, { body }) => {
      if (!levels(c, await loadAreas(c.var.data)).some((o) => o.value === body.areaCode)) throw validationFailed([{ field: "areaCode", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
      return c.json({ id: await createMeeting(c.var.data, c.var.user!, toMeeting(body), nowIso()) }, 201);
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/linkage/meetings/:meetingId/actions",
      access: "linkage.meetings",
      tag: TAG,
      summary: "Add an action item (owner, due date, optionally a need or a funded project)",
      body: actionInput,
      response: created,
      responseStatus: 201,
    },
    async (c, { body }) => c.json({ id: await addAction(c.var.data, c.var.user!, c.req.param("meetingId") ?? "", body, c.var.locale, nowIso()) }, 201),
  );
  apiRoute(
    app,
    { method: "POST", path: "/linkage/actions/:actionId/done", access: "linkage.meetings", tag: TAG, summary: "Mark an action item done", body: actionDoneInput, response: z.object({ meetingId: z.string() }) },
    async (c, { body }) => c.json({ meetingId: await completeAction(c.var.data, c.var.user!, c.req.param("actionId") ?? "", body, nowIso()) }),
  );
}
