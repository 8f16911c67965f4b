import { describe, expect, it } from "vitest";
import { testEnv } from "../helpers";
import { submittedApplication, world, type World } from "./fixtures";

// A refused form comes back as its own page, with what was typed kept, each error
// beside its field and in the summary above the form (linking to the field), as a
// browser without JavaScript sees it.

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

describe("incubation forms re-render themselves when refused", () => {
  it("a refused score form keeps the typed scores and comments and shows the error beside the field", async () => {
    const w = await world("320111");
    const d = `/d/${w.district}`;
    const app = await submittedApplication(w);
    const pass = await w.admin.submit(`${d}/incubation/manage/applications/${app.id}/eligibility`, { outcome: "pass", reasons: "材料齐全，符合条件。", version: String(app.version) });
    expect(pass.status).toBe(303);
    const reviewer = w.reviewers[0]!.browser;
    const list = await (await reviewer.fetch(`${d}/review`)).text();
    const assignment = /href="\/d\/\d+\/review\/([^"]+)"/.exec(list)![1]!;

    // The declaration without a reason for a conflict: the choice and the form stay.
    const noReason = await reviewer.submit(`${d}/review/${assignment}/declaration`, { conflicted: "yes", reason: "" });
    expect(noReason.status).toBe(422);
    const declarePage = await noReason.text();
    expect(declarePage).toContain('href="#f-reason"');
    expect(declarePage).toMatch(/<input[^>]*value="yes"[^>]*checked/);
    expect((await reviewer.submit(`${d}/review/${assignment}/declaration`, { conflicted: "no", reason: "" })).status).toBe(303);

    const scorePage = await (await reviewer.fetch(`${d}/review/${assignment}`)).text();
    const items = [...scorePage.matchAll(/name="score_([^"]+)"/g)].map((m) => m[1]!);
    expect(items.length).toBe(2);
    const [first, second] = items as [string, string];
    const refused = await reviewer.submit(`${d}/review/${assignment}/scores`, {
      submit: "yes",
      [`score_${first}`]: "999",
      [`comment_${first}`]: "计划完整，但预算偏高。",
      [`score_${second}`]: "28",
      [`comment_${second}`]: "团队稳定 <有经验>",
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).not.toContain("出错了");
    // What was typed is kept.
    expect(html).toMatch(new RegExp(`name="score_${first}"[^>]*value="999"|value="999"[^>]*name="score_${first}"`));
    expect(html).toMatch(new RegExp(`name="score_${second}"[^>]*value="28"|value="28"[^>]*name="score_${second}"`));
    expect(html).toContain("计划完整，但预算偏高。");
    expect(html).toContain(escapeHtml("团队稳定 <有经验>"));
    // The error beside the field it concerns, and in the summary linking to it.
    expect(html).toContain(`id="f-score_${first}-error"`);
    expect(html).toContain("分数应在 0 到");
    expect(html).toContain(`href="#f-score_${first}"`);
    expect(html).not.toContain(`id="f-score_${second}-error"`);
    // Nothing was saved.
    const saved = await testEnv.DISTRICTS_0.prepare("SELECT COUNT(*) AS n FROM review_scores WHERE assignment_id = ?").bind(assignment).first<{ n: number }>();
    expect(saved!.n).toBe(0);
  });

  it("a refused call or space form keeps what staff typed and names the field", async () => {
    const w = await world("320112");
    const d = `/d/${w.district}`;
    const call = await w.admin.submit(`${d}/incubation/manage/calls`, {
      parkId: w.parkId,
      title: "第二批入驻招募",
      opensOn: "2026-13-45",
      closesOn: "2026-12-31",
      places: "5",
      eligibilityText: "本区登记或拟登记的社会组织。",
      rubric: "项目可行性|60|60\n团队能力|40|40",
      [`reviewerIds.${w.reviewers[0]!.id}`]: "1",
    });
    expect(call.status).toBe(422);
    const callPage = await call.text();
    expect(callPage).not.toContain("出错了");
    expect(callPage).toContain('href="#f-opensOn"');
    expect(callPage).toContain('id="f-opensOn-error"');
    expect(callPage).toContain('value="第二批入驻招募"');
    expect(callPage).toContain("本区登记或拟登记的社会组织。");
    expect(callPage).toMatch(new RegExp(`name="reviewerIds\\.${w.reviewers[0]!.id}"[^>]*checked`));

    const space = await w.admin.submit(`${d}/incubation/manage/parks/${w.parkId}/spaces`, { kind: "office", label: "301 室", capacity: "0" });
    expect(space.status).toBe(422);
    const parkPage = await space.text();
    expect(parkPage).toContain('id="f-capacity-error"');
    expect(parkPage).toContain('value="301 室"');
  });

  it("an upload keeps what was typed in the draft just before it, whether the file is accepted or refused", async () => {
    const w = await world("320113");
    const d = `/d/${w.district}`;
    const start = await w.applicant.api(`${d}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
    const id = ((await start.json()) as { id: string }).id;
    // The upload button belongs to the draft form, so a browser sends the typed fields with the file.
    const page = await (await w.applicant.fetch(`${d}/incubation/applications/${id}`)).text();
    const draftForm = page.slice(page.indexOf('id="draft-form"'), page.indexOf("</form>", page.indexOf('id="draft-form"')));
    expect(draftForm).toContain('type="file"');
    expect(draftForm).toContain(`formaction="${d}/incubation/applications/${id}/attachments"`);
    expect(draftForm).toContain('formenctype="multipart/form-data"');

    const pdf = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
    const ok = await upload(w, id, { orgIntro: "社区助老志愿服务队，成立两年。", plan: "上传前刚写的计划", teamSize: "5", "needs.venue": "1" }, pdf);
    expect(ok.status).toBe(303);
    const after = await (await w.applicant.fetch(`${d}/incubation/applications/${id}`)).text();
    expect(after).toContain("上传前刚写的计划");
    expect(after).toMatch(/name="teamSize"[^>]*value="5"|value="5"[^>]*name="teamSize"/);
    expect(after).toContain("plan.pdf");
    expect(await savedForm(id)).toMatchObject({ plan: "上传前刚写的计划", teamSize: 5, needs: ["venue"] });

    // A refused file: the page comes back with the error beside the file field, and the text is saved.
    const refused = await upload(w, id, { orgIntro: "社区助老志愿服务队，成立两年。", plan: "改过的计划 <第二版>", teamSize: "6" }, new TextEncoder().encode("<html></html>"));
    expect(refused.status).toBe(422);
    const refusedPage = await refused.text();
    expect(refusedPage).not.toContain("出错了");
    expect(refusedPage).toContain('id="f-file-error"');
    expect(refusedPage).toContain(escapeHtml("改过的计划 <第二版>"));
    expect(await savedForm(id)).toMatchObject({ plan: "改过的计划 <第二版>", teamSize: 6 });

    // Text the draft cannot take: nothing is saved or stored, the typed text comes back beside its error.
    const bad = await upload(w, id, { orgIntro: "", plan: "第三版", teamSize: "很多" }, pdf);
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('id="f-teamSize-error"');
    expect(badPage).toContain("第三版");
    expect(await savedForm(id)).toMatchObject({ plan: "改过的计划 <第二版>" });
    const files = await testEnv.DISTRICTS_0.prepare("SELECT COUNT(*) AS n FROM application_attachments WHERE application_id = ?").bind(id).first<{ n: number }>();
    expect(files!.n).toBe(1);
  });
});

/** The draft form as the page's upload button sends it: its text fields, the material and the file. */
function upload(w: World, id: string, fields: Record<string, string>, bytes: Uint8Array) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("founders", "");
  form.set("materialKey", "plan");
  form.set("file", new File([bytes], "plan.pdf", { type: "application/pdf" }));
  form.set("_csrf", w.applicant.csrf);
  return w.applicant.fetch(`/d/${w.district}/incubation/applications/${id}/attachments`, { method: "POST", body: form, redirect: "manual" });
}

async function savedForm(id: string) {
  const row = await testEnv.DISTRICTS_0.prepare("SELECT form_json FROM applications WHERE id = ?").bind(id).first<{ form_json: string }>();
  return JSON.parse(row!.form_json) as Record<string, unknown>;
}
