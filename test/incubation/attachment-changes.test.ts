import { describe, expect, it } from "vitest";
import { PDF, completeDraft, world, type World } from "./fixtures";
import { testEnv } from "../helpers";

// An applicant removes or replaces a file before submitting. The record goes and so does
// the stored object; a file that went in with a submission stays, even after staff
// return the application, and the page no longer offers to change it. Another
// district's or another organization's file does not exist for them.

const A = await world("150431", "DISTRICTS_0");
const B = await world("150432", "DISTRICTS_1");
const db = testEnv.DISTRICTS_0;

const files = async (id: string) =>
  (await db.prepare("SELECT id, filename, r2_key FROM application_attachments WHERE district_id = ? AND application_id = ? ORDER BY uploaded_at").bind(A.district, id).all<{ id: string; filename: string; r2_key: string }>()).results;

async function draft(w: World): Promise<string> {
  const start = await w.applicant.api(`/d/${w.district}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
  expect(start.status).toBe(201);
  const id = ((await start.json()) as { id: string }).id;
  expect((await w.applicant.api(`/d/${w.district}/api/v1/incubation/applications/${id}/draft`, { method: "PUT", json: completeDraft })).status).toBe(200);
  return id;
}

/** The draft form as a browser sends it from one of the file buttons: the typed text, the material and a file. */
function post(w: World, path: string, file?: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  form.set("_csrf", w.applicant.csrf);
  form.set("orgIntro", completeDraft.orgIntro);
  form.set("plan", completeDraft.plan);
  form.set("teamSize", "6");
  form.set("founders", "刘洋，负责人\n陈静，财务");
  form.set("needs.venue", "1");
  form.set("foundersSigned.yes", "1");
  form.set("materialKey", "plan");
  if (file) form.set("file", new File([file.bytes], file.name, { type: "application/pdf" }));
  return w.applicant.fetch(`/d/${w.district}/incubation/applications/${path}`, { method: "POST", body: form, redirect: "manual" });
}

// One application per organization and call: the tests below share it, in order.
const id = await draft(A);

describe("changing a draft's files", () => {
  it("removes a file: its record and its stored object", async () => {
    expect((await post(A, `${id}/attachments`, { name: "计划书-旧.pdf", bytes: PDF })).status).toBe(303);
    const [file] = await files(id);
    expect(await testEnv.FILES.head(file!.r2_key)).not.toBeNull();
    const page = await (await A.applicant.fetch(`/d/${A.district}/incubation/applications/${id}`)).text();
    expect(page).toContain(`formaction="/d/${A.district}/incubation/applications/${id}/attachments/${file!.id}/delete"`);

    const res = await post(A, `${id}/attachments/${file!.id}/delete`);
    expect(res.status).toBe(303);
    expect(await files(id)).toEqual([]);
    expect(await testEnv.FILES.head(file!.r2_key)).toBeNull();
    expect(await (await A.applicant.fetch(res.headers.get("location")!)).text()).toContain("材料已删除");
    expect(await db.prepare("SELECT count(*) AS n FROM audit_events WHERE district_id = ? AND action = 'incubation.attachment_removed'").bind(A.district).first("n")).toBe(1);
  });

  it("replaces a file: the new one takes its place and material, the old object is gone", async () => {
    expect((await post(A, `${id}/attachments`, { name: "计划书-旧.pdf", bytes: PDF })).status).toBe(303);
    const [old] = await files(id);
    expect((await post(A, `${id}/attachments/${old!.id}/replace`, { name: "计划书-新.pdf", bytes: PDF })).status).toBe(303);
    const now = await files(id);
    expect(now.map((f) => f.filename)).toEqual(["计划书-新.pdf"]);
    expect(await testEnv.FILES.head(old!.r2_key)).toBeNull();
    expect(await testEnv.FILES.head(now[0]!.r2_key)).not.toBeNull();
    // A refused replacement keeps the old file and shows the error beside the file field.
    const refused = await post(A, `${id}/attachments/${now[0]!.id}/replace`, { name: "x.pdf", bytes: new TextEncoder().encode("<html></html>") });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('id="f-file-error"');
    expect((await files(id)).map((f) => f.filename)).toEqual(["计划书-新.pdf"]);
  });

  it("another district's or another organization's file answers 404 and stays", async () => {
    const [file] = await files(id);
    // B's applicant, in B's district, with A's ids.
    for (const verb of ["delete", "replace"]) expect((await post(B, `${id}/attachments/${file!.id}/${verb}`, { name: "z.pdf", bytes: PDF })).status).toBe(404);
    // B's own application with A's file id.
    const own = await draft(B);
    expect((await post(B, `${own}/attachments/${file!.id}/delete`)).status).toBe(404);
    expect(await testEnv.FILES.head(file!.r2_key)).not.toBeNull();
    expect((await files(id)).length).toBe(1);
  });
  it("keeps a submitted file, also once the application is returned; a file added since can go", async () => {
    const [submitted] = await files(id);
    const submit = await A.applicant.api(`/d/${A.district}/api/v1/incubation/applications/${id}/submit`, { method: "POST", json: { version: 1, confirm: true } });
    expect(submit.status, await submit.clone().text()).toBe(200);
    const { version } = (await submit.json()) as { version: number };
    for (const path of [`${id}/attachments/${submitted!.id}/delete`, `${id}/attachments/${submitted!.id}/replace`]) expect((await post(A, path, { name: "y.pdf", bytes: PDF })).status).toBe(409);

    expect((await A.admin.api(`/d/${A.district}/api/v1/incubation/applications/${id}/eligibility`, { method: "POST", json: { outcome: "return", reasons: "请补充计划书的预算部分。", version } })).status).toBe(200);
    const refused = await post(A, `${id}/attachments/${submitted!.id}/delete`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("已随申请提交");
    expect(await testEnv.FILES.head(submitted!.r2_key)).not.toBeNull();
    expect((await post(A, `${id}/attachments`, { name: "补充预算.pdf", bytes: PDF })).status).toBe(303);
    const added = (await files(id)).find((f) => f.filename === "补充预算.pdf")!;
    const page = await (await A.applicant.fetch(`/d/${A.district}/incubation/applications/${id}`)).text();
    expect(page).not.toContain(`/attachments/${submitted!.id}/delete`);
    expect(page).toContain(`/attachments/${added.id}/delete`);
    expect((await post(A, `${id}/attachments/${added.id}/delete`)).status).toBe(303);
    expect((await files(id)).map((f) => f.id)).toEqual([submitted!.id]);
  });
});
