import { describe, expect, it } from "vitest";
import { projectWorld, signedContract } from "../projects/fixtures";
import { bulkProject, bulkWorld, STATUS } from "../projects/bulk";

// A joint meeting's action item may point at any funded project of the district, not
// only the newest 1,000: the action form finds contracts by title, organization or
// contract number on the server (a second submit button, no script), keeping what was
// typed, and the chosen contract is checked by id. 1,400 contracts (1,050 funded); the
// 1,001st newest is chosen. Another district's contract and an unsigned one are refused.

const A = await bulkWorld("170397", 1400);
const B = await projectWorld("170398", "DISTRICTS_1");
const foreign = await signedContract(B);
const funded = Array.from({ length: 1400 }, (_, i) => bulkProject(i + 1)).filter((p) => STATUS(p.n) !== "pending");
const older = [...funded].reverse()[1000]!;

const meeting = {
  areaCode: `${A.code}001`,
  title: "第一街道三社联动联席会议",
  heldOn: "2026-09-15",
  place: "街道党群服务中心",
  committee: "王书记",
  organization: "测试社会工作服务中心",
  social_worker: "陈静",
  resident: "刘阿姨",
  government: "",
  agenda: "项目推进。",
  minutes: "讨论了项目进度。",
  decisions: "跟进项目。",
  publicSummary: "",
};
const action = { title: "跟进助餐项目", ownerKind: "organization", ownerName: "测试社会工作服务中心", dueOn: "2026-10-15", needReceipt: "", contractQuery: "" };
const created = await A.sub.b.submit(A.path("/linkage/meetings"), meeting, A.path("/linkage/meetings/new"));
const meetingId = created.headers.get("location")!.split("/").pop()!;
const actions = A.path(`/linkage/meetings/${meetingId}/actions`);
const option = (id: string) => `<option value="${id}"`;

describe("a meeting's action pointing at a funded project", () => {
  it("finds an older contract by title or contract number, keeping what was typed", async () => {
    const page = await (await A.sub.b.fetch(A.path(`/linkage/meetings/${meetingId}`))).text();
    expect(page).toContain(option(funded.at(-1)!.id));
    expect(page).not.toContain(option(older.id));
    for (const contractQuery of [older.title, older.id]) {
      const found = await A.sub.b.submit(actions, { ...action, title: "", contractQuery, find: "1" });
      expect(found.status).toBe(200);
      const html = await found.text();
      expect(html).toContain(option(older.id));
      expect(html).toContain(`value="${contractQuery}"`);
      expect(html).toContain(`value="${action.ownerName}"`);
      // A search is not a save: no error for the title left empty.
      expect(html).not.toContain('id="f-title-error"');
    }
  });

  it("saves the 1,001st newest contract and shows it on the action", async () => {
    const saved = await A.sub.b.submit(actions, { ...action, contractId: older.id });
    expect(saved.status).toBe(303);
    const row = await A.db.prepare("SELECT contract_id FROM linkage_actions WHERE district_id = ? AND meeting_id = ?").bind(A.code, meetingId).first<{ contract_id: string }>();
    expect(row!.contract_id).toBe(older.id);
    expect(await (await A.sub.b.fetch(A.path(`/linkage/meetings/${meetingId}`))).text()).toContain(` · ${older.title}（`);
  });

  it("refuses another district's contract and an unsigned one, beside the field", async () => {
    for (const contractId of [foreign.id, bulkProject(4).id]) {
      expect(STATUS(4)).toBe("pending");
      const refused = await A.sub.b.submit(actions, { ...action, contractId });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain('id="f-contractId-error"');
      expect(html).toContain(`value="${action.title}"`);
      const api = await A.sub.b.api(A.path(`/api/v1/linkage/meetings/${meetingId}/actions`), { method: "POST", json: { title: action.title, ownerKind: "person", ownerName: "李主任", dueOn: "2026-10-20", contractId } });
      expect(api.status).toBe(422);
    }
    // Another district's staff do not reach the meeting at all.
    expect((await B.admin.b.submit(actions, { ...action, contractQuery: older.id, find: "1" }, B.path("/linkage/meetings"))).status).toBe(404);
  });
});
