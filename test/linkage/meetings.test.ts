import { describe, expect, it } from "vitest";
import { runJobs } from "../../src/jobs";
import { DAILY } from "../../src/jobs/crons";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// Joint meetings: recorded with participants from the three societies, minutes and
// files, action items pointing at needs, closed, marked overdue on a fixed clock, and a
// public summary only when published. Scope and other districts answer 404.

const A = await districtWith("170311", POSTS_CAST);
const B = await districtWith("170312", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const PDF = new TextEncoder().encode("%PDF-1.4\n%minutes\n");

const meetingForm = {
  areaCode: `${A.code}001`,
  title: "第一街道三社联动联席会议（第三季度）",
  heldOn: "2026-09-15",
  place: "街道党群服务中心",
  committee: "王书记、李主任",
  organization: "阳光社工中心\n邻里互助协会",
  social_worker: "陈静",
  resident: "刘阿姨",
  government: "",
  agenda: "一、老年助餐点选址；二、四点半课堂。",
  minutes: "与会各方讨论了助餐点的场地与运营。",
  decisions: "由社工中心牵头拟定助餐点方案。",
  publicSummary: "",
};

async function recordMeeting(): Promise<string> {
  const res = await A.sub.b.submit(A.path("/linkage/meetings"), meetingForm, A.path("/linkage/meetings/new"));
  expect(res.status, await res.clone().text()).toBe(303);
  return res.headers.get("location")!.split("/").pop()!;
}

async function needReceipt(): Promise<string> {
  const res = await A.community.b.submit(A.path("/linkage/needs"), { communityCode: `${A.code}001001`, source: "residents_council", category: "elderly", description: "居民议事会：希望开设老年助餐点。" }, A.path("/linkage/needs/new"));
  return /entered=([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!;
}

const versionOf = async (table: string, id: string) => String((await A.db.prepare(`SELECT version FROM ${table} WHERE district_id = ? AND id = ?`).bind(A.code, id).first<{ version: number }>())!.version);

describe("joint meetings", () => {
  it("are recorded with participants by society; bad input keeps the values", async () => {
    const bad = await A.sub.b.submit(A.path("/linkage/meetings"), { ...meetingForm, title: "", heldOn: "2026-13-40" }, A.path("/linkage/meetings/new"));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-title-error"');
    expect(html).toContain('id="f-heldOn-error"');
    expect(html).toContain("阳光社工中心\n邻里互助协会");
    const id = await recordMeeting();
    expect(await countRows(A.db, "linkage_meeting_participants", "district_id = ? AND meeting_id = ?", A.code, id)).toBe(6);
    const page = await (await A.sub.b.fetch(A.path(`/linkage/meetings/${id}`))).text();
    expect(page).toContain("社区两委");
    expect(page).toContain("王书记、李主任");
    // A community's staff do not reach the 街道's meeting; another 街道's meeting is refused.
    expect((await A.community.b.fetch(A.path(`/linkage/meetings/${id}`))).status).toBe(404);
    const other = await A.sub.b.submit(A.path("/linkage/meetings"), { ...meetingForm, areaCode: `${A.code}002` });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('id="f-areaCode-error"');
  });

  it("keep attachments", async () => {
    const id = await recordMeeting();
    const form = new FormData();
    form.set("_csrf", A.sub.b.csrf);
    form.set("file", new File([PDF], "纪要.pdf", { type: "application/pdf" }));
    expect((await A.sub.b.fetch(A.path(`/linkage/meetings/${id}/files`), { method: "POST", body: form })).status).toBe(303);
    const file = await A.db.prepare("SELECT id FROM linkage_meeting_files WHERE district_id = ? AND meeting_id = ?").bind(A.code, id).first<{ id: string }>();
    const download = await A.sub.b.fetch(A.path(`/linkage/meetings/${id}/files/${file!.id}`));
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect((await B.admin.b.fetch(B.path(`/linkage/meetings/${id}/files/${file!.id}`))).status).toBe(404);
  });

  it("follow action items to done; an unknown need is an error beside its field", async () => {
    const id = await recordMeeting();
    const receipt = await needReceipt();
    const unknown = await A.sub.b.submit(A.path(`/linkage/meetings/${id}/actions`), { title: "拟定助餐点方案", ownerKind: "organization", ownerName: "阳光社工中心", dueOn: "2026-10-15", needReceipt: "ZZZZZZZZ", contractId: "" });
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain('id="f-needReceipt-error"');
    expect(html).toContain('value="拟定助餐点方案"');
    const added = await A.sub.b.submit(A.path(`/linkage/meetings/${id}/actions`), { title: "拟定助餐点方案", ownerKind: "organization", ownerName: "阳光社工中心", dueOn: "2026-10-15", needReceipt: receipt.toLowerCase(), contractId: "" });
    expect(added.status).toBe(303);
    const action = await A.db.prepare("SELECT id, need_id FROM linkage_actions WHERE district_id = ? AND meeting_id = ?").bind(A.code, id).first<{ id: string; need_id: string }>();
    expect(action!.need_id).toBeTruthy();
    expect(await (await A.sub.b.fetch(A.path("/linkage/meetings"))).text()).toContain("拟定助餐点方案");
    // Another district cannot close it.
    expect((await B.admin.b.submit(B.path(`/linkage/actions/${action!.id}/done`), { doneOn: "2026-10-10", version: "1" }, B.path("/linkage/meetings"))).status).toBe(404);
    const done = await A.sub.b.submit(A.path(`/linkage/actions/${action!.id}/done`), { doneOn: "2026-10-10", note: "方案已提交街道。", version: await versionOf("linkage_actions", action!.id) });
    expect(done.status).toBe(303);
    const again = await A.sub.b.submit(A.path(`/linkage/actions/${action!.id}/done`), { doneOn: "2026-10-11", note: "", version: await versionOf("linkage_actions", action!.id) });
    expect(again.status).toBe(409);
  });

  it("mark open actions overdue after their due date, on the trigger's clock, once", async () => {
    const id = await recordMeeting();
    const res = await A.sub.b.api(A.path(`/api/v1/linkage/meetings/${id}/actions`), { method: "POST", json: { title: "协调学校场地", ownerKind: "person", ownerName: "李主任", dueOn: "2026-10-20" } });
    expect(res.status).toBe(201);
    const actionId = ((await res.json()) as { id: string }).id;
    const overdue = async () => (await A.db.prepare("SELECT overdue, version FROM linkage_actions WHERE district_id = ? AND id = ?").bind(A.code, actionId).first<{ overdue: number; version: number }>())!;
    await runJobs(testEnv, DAILY, Date.parse("2026-10-19T17:00:00Z")); // 20 October in Beijing: due today
    expect((await overdue()).overdue).toBe(0);
    await runJobs(testEnv, DAILY, Date.parse("2026-10-20T17:00:00Z")); // 21 October
    const after = await overdue();
    expect(after.overdue).toBe(1);
    await runJobs(testEnv, DAILY, Date.parse("2026-10-20T17:00:00Z"));
    expect((await overdue()).version).toBe(after.version);
    expect(await (await A.sub.b.fetch(A.path(`/linkage/meetings/${id}`))).text()).toContain("已逾期");
  });

  it("show a public summary only once published, never the minutes", async () => {
    const id = await recordMeeting();
    const version = await versionOf("linkage_meetings", id);
    const noSummary = await A.sub.b.submit(A.path(`/linkage/meetings/${id}`), { minutes: meetingForm.minutes, decisions: meetingForm.decisions, publicSummary: "", published: "1", version });
    expect(noSummary.status).toBe(422);
    expect(await noSummary.text()).toContain('id="f-publicSummary-error"');
    const before = await (await new Browser().fetch(A.path("/meetings"))).text();
    expect(before).not.toContain("助餐点将于十月开放");
    expect((await A.sub.b.submit(A.path(`/linkage/meetings/${id}`), { minutes: meetingForm.minutes, decisions: meetingForm.decisions, publicSummary: "助餐点将于十月开放。", published: "1", version })).status).toBe(303);
    const page = await (await new Browser().fetch(A.path("/meetings"))).text();
    expect(page).toContain("助餐点将于十月开放。");
    expect(page).toContain("社会组织 2");
    expect(page).not.toContain("与会各方讨论了助餐点的场地与运营");
    expect(await (await new Browser().fetch(B.path("/meetings"))).text()).not.toContain("助餐点将于十月开放。");
  });
});
