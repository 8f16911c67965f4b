import { afterEach, describe, expect, it, vi } from "vitest";
import { addMonths, addDays, addWorkingDays } from "../../src/lib/beijing-time";
import { nowIso } from "../../src/lib/time";
import { Browser, countRows, createUser } from "../helpers";
import { changed, insertOrg, row, rows, runDaily, today } from "./fixtures";
import { districtWith } from "../fixtures/district";

// Credit lists: entry with reason, legal basis, deciding body and date; the
// organization's objections, rectification and exit applications; the exits of
// docs/domain.md driven by the daily job at a fixed clock (idempotent, restarted by new
// events); the abnormal → serious transfer proposed by time and confirmed by staff; and a
// complete, public history.

const D = "150911";
const SHARD = "DISTRICTS_1";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
const staff = new Browser();
await staff.signIn(D, admin.email);

afterEach(() => {
  vi.useRealTimers();
});

async function member(orgId: string) {
  const user = await createUser(D, SHARD, [{ role: "org_member", organizationId: orgId }]);
  const b = new Browser();
  await b.signIn(D, user.email);
  return b;
}

const entryForm = (over: Record<string, string> = {}) => ({
  list: "abnormal",
  reasonCode: "annual_report",
  reason: "未按规定报送2025年度工作报告",
  legalBasis: "《社会组织信用信息管理办法》第十条",
  decidingBody: "测试区民政局",
  eventOn: addDays(today(), -25),
  decidedOn: addDays(today(), -20),
  needsRectification: "1",
  ...over,
});

async function enter(orgId: string, over: Record<string, string> = {}): Promise<string> {
  const res = await staff.submit(`/d/${D}/manage/organizations/${orgId}/credit`, entryForm(over), `/d/${D}/manage/organizations/${orgId}/credit/new`);
  expect(res.status, await res.clone().text()).toBe(303);
  return /\/manage\/credit\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
}

const entry = (id: string) =>
  row<{ list: string; exited_on: string | null; exit_reason: string | null; clock_started_on: string; exit_due_on: string | null; source_entry_id: string | null; decided_on: string }>(
    db,
    "SELECT * FROM credit_list_entries WHERE district_id = ? AND id = ?",
    D,
    id,
  );
const listStatus = async (orgId: string) => (await row<{ list_status: string }>(db, "SELECT list_status FROM organizations WHERE district_id = ? AND id = ?", D, orgId)).list_status;
const events = async (id: string) => (await rows<{ kind: string }>(db, "SELECT kind FROM credit_list_events WHERE district_id = ? AND entry_id = ? ORDER BY at, rowid", D, id)).map((e) => e.kind);

describe("entering an organization on a credit list", () => {
  it("records reason, legal basis, deciding body and date, and publishes it with its history", async () => {
    const org = await insertOrg(db, D, { name: "列入测试协会" });
    const id = await enter(org.id);
    const e = await row<Record<string, string>>(db, "SELECT * FROM credit_list_entries WHERE district_id = ? AND id = ?", D, id);
    expect(e).toMatchObject({ list: "abnormal", reason_code: "annual_report", legal_basis: "《社会组织信用信息管理办法》第十条", deciding_body: "测试区民政局", decided_on: addDays(today(), -20), exited_on: null });
    expect(await listStatus(org.id)).toBe("abnormal");
    const list = await (await new Browser().fetch(`/d/${D}/credit-lists/abnormal`)).text();
    expect(list).toContain("列入测试协会");
    expect(list).toContain("《社会组织信用信息管理办法》第十条");
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(page).toContain("活动异常名录");
    expect(page).toContain("未按规定报送2025年度工作报告");
    expect(await events(id)).toEqual(["entered"]);
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'credit.entered'", D)).toBeGreaterThan(0);
  });

  it("refuses incomplete or inconsistent entries field by field and writes nothing", async () => {
    const org = await insertOrg(db, D);
    const before = await countRows(db, "credit_list_entries", "district_id = ?", D);
    const url = `/d/${D}/manage/organizations/${org.id}/credit`;
    const empty = await staff.submit(url, { list: "abnormal", reasonCode: "annual_report", reason: "", legalBasis: "", decidingBody: "", eventOn: "", decidedOn: "2026-02-30", needsRectification: "1" });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    for (const field of ["reason", "decidingBody", "eventOn", "decidedOn"]) expect(html, field).toContain(`id="f-${field}-error"`);
    expect(html).toContain("请输入有效日期");
    const wrongGround = await staff.submit(url, entryForm({ list: "abnormal", reasonCode: "major_fine" }));
    expect(wrongGround.status).toBe(422);
    expect(await wrongGround.text()).toContain('id="f-reasonCode-error"');
    const future = await staff.submit(url, entryForm({ eventOn: today(), decidedOn: addDays(today(), 3) }));
    expect(future.status).toBe(422);
    const otherUnanswered = await staff.submit(url, entryForm({ reasonCode: "other", needsRectification: "" }));
    expect(otherUnanswered.status).toBe(422);
    expect(await otherUnanswered.text()).toContain('id="f-needsRectification-error"');
    expect(await countRows(db, "credit_list_entries", "district_id = ?", D)).toBe(before);
    expect(await listStatus(org.id)).toBe("none");
  });

  it("derives rectification and the legal reference from the ground of 民政部令第60号", async () => {
    // A district of its own: these entries must not move the other tests' job counts.
    const G = "150913";
    const { db: gdb } = await districtWith(G, { shard: SHARD });
    const gAdmin = await createUser(G, SHARD, [{ role: "district_admin" }]);
    const g = new Browser();
    await g.signIn(G, gAdmin.email);
    const stored = async (over: Record<string, string>) => {
      const org = await insertOrg(gdb, G);
      const res = await g.submit(`/d/${G}/manage/organizations/${org.id}/credit`, entryForm(over), `/d/${G}/manage/organizations/${org.id}/credit/new`);
      expect(res.status, await res.clone().text()).toBe(303);
      return row<{ needs_rectification: number; legal_basis: string; reason_code: string }>(gdb, "SELECT needs_rectification, legal_basis, reason_code FROM credit_list_entries WHERE district_id = ? AND organization_id = ?", G, org.id);
    };
    // An unreachable domicile needs action whatever the form says; a warning never does.
    expect(await stored({ reasonCode: "unreachable", needsRectification: "0", legalBasis: "" })).toEqual({
      needs_rectification: 1,
      legal_basis: "《社会组织信用信息管理办法》（民政部令第60号）列入活动异常名录情形第（六）项",
      reason_code: "unreachable",
    });
    expect(await stored({ reasonCode: "minor_penalty", needsRectification: "1" })).toMatchObject({ needs_rectification: 0 });
    expect(await stored({ reasonCode: "party_organization", needsRectification: "" })).toMatchObject({ needs_rectification: 1 });
    expect(await stored({ reasonCode: "other", needsRectification: "0" })).toMatchObject({ needs_rectification: 0 });
    expect(await stored({ list: "serious", reasonCode: "dishonest_debtor", legalBasis: "" })).toMatchObject({ legal_basis: "《社会组织信用信息管理办法》（民政部令第60号）列入严重违法失信名单情形第（六）项" });
  });
});

describe("exits by the daily job and the proposed transfer (fixed clock)", () => {
  it("ends an entry with nothing to rectify after the configured months, restarts the clock on a new event, and is idempotent", async () => {
    const org = await insertOrg(db, D);
    const decided = addDays(today(), -20);
    const id = await enter(org.id, { reasonCode: "minor_penalty", needsRectification: "0", decidedOn: decided, eventOn: decided });
    const firstExit = addMonths(decided, 6);
    await runDaily(addDays(firstExit, -1), "23:59:00");
    expect((await entry(id)).exited_on).toBeNull();

    // A new event restarts the clock from its date.
    const newEvent = addDays(today(), -5);
    const res = await staff.submit(`/d/${D}/manage/credit/${id}/events`, { onDate: newEvent, note: "再次受到警告处罚" });
    expect(res.status).toBe(303);
    expect((await entry(id)).clock_started_on).toBe(newEvent);
    expect(changed(await runDaily(firstExit), D, "credit_lists.clock")).toBe(0);
    expect((await entry(id)).exited_on).toBeNull();

    const secondExit = addMonths(newEvent, 6);
    await runDaily(addDays(secondExit, -1), "23:59:00");
    expect((await entry(id)).exited_on).toBeNull();
    expect(changed(await runDaily(secondExit), D, "credit_lists.clock")).toBe(1);
    expect(await entry(id)).toMatchObject({ exited_on: secondExit, exit_reason: "auto" });
    expect(await listStatus(org.id)).toBe("none");
    // Twice at the same time, or later: nothing more changes.
    expect(changed(await runDaily(secondExit), D, "credit_lists.clock")).toBe(0);
    expect(changed(await runDaily(addDays(secondExit, 40)), D, "credit_lists.clock")).toBe(0);
    expect(await events(id)).toEqual(["entered", "new_event", "exited"]);
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(page).toContain("期满自动移出");
    expect(page).toContain("新发生情形（重新计算期限）");
  });

  it("never ends an entry that needs rectification by time; verified rectification ends it within the working days", async () => {
    const org = await insertOrg(db, D);
    const id = await enter(org.id);
    await runDaily(addMonths(today(), 7));
    expect((await entry(id)).exited_on).toBeNull();

    const m = await member(org.id);
    const filed = await m.submit(`/d/${D}/my/credit/${id}/requests/rectification`, { content: "已于本月补报年度工作报告并完成财务整改。" });
    expect(filed.status).toBe(200);
    expect(await filed.text()).toContain("已提交，答复期限为");
    const request = await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ? AND entry_id = ?", D, id);
    expect((await staff.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "经核实整改已完成。" })).status).toBe(303);
    const due = addWorkingDays(nowIso(), 5);
    expect((await entry(id)).exit_due_on).toBe(due);

    await runDaily(addDays(due, -1), "23:59:00");
    expect((await entry(id)).exited_on).toBeNull();
    expect(changed(await runDaily(due), D, "credit_lists.clock")).toBe(1);
    expect(await entry(id)).toMatchObject({ exited_on: due, exit_reason: "rectified" });
    expect(changed(await runDaily(due), D, "credit_lists.clock")).toBe(0);
    expect(await events(id)).toEqual(["entered", "rectification", "rectification_verified", "exited"]);
  });

  it("lets staff remove a verified entry at once, and refuses removal before verification", async () => {
    const org = await insertOrg(db, D);
    const id = await enter(org.id);
    const early = await staff.submit(`/d/${D}/manage/credit/${id}/exit`, { note: "提前移出" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("整改经核实后方可移出");
    expect((await entry(id)).exited_on).toBeNull();
    const m = await member(org.id);
    await m.submit(`/d/${D}/my/credit/${id}/requests/rectification`, { content: "整改材料已报送，请核实。" });
    const request = await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ? AND entry_id = ?", D, id);
    await staff.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "整改已核实。" });
    expect((await staff.submit(`/d/${D}/manage/credit/${id}/exit`, { note: "核实后移出" })).status).toBe(303);
    expect(await entry(id)).toMatchObject({ exited_on: today(), exit_reason: "rectified" });
    // The organization was told of the entry and of the exit, each in the write that made it.
    const told = await rows<{ kind: string; recipient_ref: string }>(db, "SELECT kind, recipient_ref FROM notification_events WHERE district_id = ? AND target_id = ? ORDER BY created_at, rowid", D, id);
    expect(told).toEqual([
      { kind: "disclosure.credit_entered_abnormal", recipient_ref: org.id },
      { kind: "disclosure.credit_exited", recipient_ref: org.id },
    ]);
  });

  it("proposes the transfer after the configured years on the abnormal list without moving the entry; staff confirm it once", async () => {
    const org = await insertOrg(db, D, { name: "转入严重名单测试中心" });
    const decided = addDays(addMonths(today(), -24), -3);
    const id = await enter(org.id, { decidedOn: decided, eventOn: decided, reasonCode: "rectification" });
    const transfer = addMonths(decided, 24);
    // The job on the day the two years end, and today: nothing moves by itself.
    expect(changed(await runDaily(transfer), D, "credit_lists.clock")).toBe(0);
    expect(changed(await runDaily(today()), D, "credit_lists.clock")).toBe(0);
    expect(await entry(id)).toMatchObject({ list: "abnormal", exited_on: null });
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND source_entry_id = ?", D, id)).toBe(0);
    expect(await listStatus(org.id)).toBe("abnormal");

    // The credit staff see the proposal, which opens the entry's page.
    const todo = await (await staff.fetch(`/d/${D}/todo`)).text();
    expect(todo).toContain(`<a href="/d/${D}/manage/credit/${id}">转入严重名单测试中心</a>`);
    expect(todo).toContain(`严重违法失信名单 · 拟转入（${decided}列入活动异常名录，${transfer}满2年）`);
    expect(await (await staff.fetch(`/d/${D}/manage/credit/${id}`)).text()).toContain("确认转入严重违法失信名单");

    // Confirming moves it: the abnormal entry ends today, the serious entry begins today.
    const res = await staff.submit(`/d/${D}/manage/credit/${id}/transfer`, { note: "满2年仍未完成整改，决定列入严重违法失信名单。" }, `/d/${D}/manage/credit/${id}`);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(await entry(id)).toMatchObject({ exited_on: today(), exit_reason: "transferred" });
    const serious = await rows<{ id: string; list: string; reason_code: string; decided_on: string; event_on: string; exited_on: string | null; created_by: string }>(
      db,
      "SELECT * FROM credit_list_entries WHERE district_id = ? AND source_entry_id = ?",
      D,
      id,
    );
    expect(serious).toHaveLength(1);
    expect(serious[0]).toMatchObject({ list: "serious", reason_code: "abnormal_two_years", decided_on: today(), event_on: transfer, exited_on: null, created_by: admin.id });
    expect(res.headers.get("location")).toBe(`/d/${D}/manage/credit/${serious[0]!.id}?done=disclosure.transfer.done`);
    expect(await listStatus(org.id)).toBe("serious");
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'credit.transferred' AND target_id = ?", D, id)).toBe(1);
    const told = async (target: string) => (await rows<{ kind: string }>(db, "SELECT kind FROM notification_events WHERE district_id = ? AND target_id = ? ORDER BY created_at, rowid", D, target)).map((n) => n.kind);
    expect(await told(id)).toEqual(["disclosure.credit_entered_abnormal", "disclosure.credit_exited"]);
    expect(await told(serious[0]!.id)).toEqual(["disclosure.credit_entered_serious"]);
    expect(await events(serious[0]!.id)).toEqual(["transferred_in"]);
    expect(await (await new Browser().fetch(`/d/${D}/credit-lists/serious`)).text()).toContain("转入严重名单测试中心");

    // Exactly once: a second confirmation is refused, the proposal is gone, the job adds nothing.
    expect((await staff.submit(`/d/${D}/manage/credit/${id}/transfer`, { note: "重复提交的确认。" }, `/d/${D}/manage/credit/${id}`)).status).toBe(409);
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("转入严重名单测试中心");
    expect(changed(await runDaily(addDays(today(), 1)), D, "credit_lists.clock")).toBe(0);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND source_entry_id = ?", D, id)).toBe(1);
  });
});

describe("the organization's side", () => {
  it("refuses leaving the serious list before the configured years without new events, naming the date; a new event moves it", async () => {
    const org = await insertOrg(db, D);
    const decided = addDays(today(), -10);
    const id = await enter(org.id, { list: "serious", reasonCode: "major_fine", decidedOn: decided, eventOn: decided, needsRectification: "0" });
    const m = await member(org.id);
    const early = await m.submit(`/d/${D}/my/credit/${id}/requests/exit`, { content: "申请移出严重违法失信名单。" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain(`最早可于 ${addMonths(decided, 24)} 申请`);

    const newEvent = addDays(today(), -2);
    await staff.submit(`/d/${D}/manage/credit/${id}/events`, { onDate: newEvent, note: "三年内再次受到警告处罚" });
    const restarted = addMonths(newEvent, 24);

    // Two years after the decision, but not two years after the new event.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(`${addDays(addMonths(decided, 24), 1)}T09:00:00+08:00`));
    const later = await member(org.id);
    const stillEarly = await later.submit(`/d/${D}/my/credit/${id}/requests/exit`, { content: "申请移出严重违法失信名单。" });
    expect(stillEarly.status).toBe(409);
    expect(await stillEarly.text()).toContain(restarted);

    vi.setSystemTime(Date.parse(`${restarted}T09:00:00+08:00`));
    const m2 = await member(org.id);
    expect((await m2.submit(`/d/${D}/my/credit/${id}/requests/exit`, { content: "已满两年且无新情形，申请移出。" })).status).toBe(200);
    const admin2 = new Browser();
    await admin2.signIn(D, admin.email);
    const request = await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ? AND entry_id = ? AND kind = 'exit'", D, id);
    expect((await admin2.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "符合移出条件。" })).status).toBe(303);
    expect(await entry(id)).toMatchObject({ exited_on: restarted, exit_reason: "application" });
    expect(await events(id)).toEqual(["entered", "new_event", "exit_applied", "exited"]);
  });

  it("objects to an entry; an accepted objection revokes it and the history stays public", async () => {
    const org = await insertOrg(db, D, { name: "异议测试服务社" });
    const id = await enter(org.id);
    const m = await member(org.id);
    expect((await m.submit(`/d/${D}/my/credit/${id}/requests/objection`, { content: "本组织已按时报送年报，附回执编号。" })).status).toBe(200);
    // One pending objection at a time.
    const again = await m.submit(`/d/${D}/my/credit/${id}/requests/objection`, { content: "再次提出异议内容。" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("已有同类申请在处理中");
    const request = await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ? AND entry_id = ? AND kind = 'objection'", D, id);
    expect((await staff.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "经核实年报已按时报送，撤销列入。" })).status).toBe(303);
    expect(await entry(id)).toMatchObject({ exited_on: today(), exit_reason: "revoked" });
    expect(await listStatus(org.id)).toBe("none");
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(page).toContain("异议成立，撤销列入");
    expect(page).toContain("组织提出异议");
    // The organization's words are its own: the public page says an objection was filed, not what it said.
    expect(page).not.toContain("附回执编号");
  });

  it("keeps the original wording of a corrected entry visible", async () => {
    const org = await insertOrg(db, D);
    const id = await enter(org.id, { legalBasis: "原依据条款" });
    const e = await row<{ version: number }>(db, "SELECT version FROM credit_list_entries WHERE district_id = ? AND id = ?", D, id);
    const res = await staff.submit(`/d/${D}/manage/credit/${id}/correct`, { reason: "未按规定报送2025年度工作报告", legalBasis: "更正后的依据条款", decidingBody: "测试区民政局", note: "列入依据引用有误", version: String(e.version) });
    expect(res.status).toBe(303);
    const stale = await staff.submit(`/d/${D}/manage/credit/${id}/correct`, { reason: "x 原因", legalBasis: "又一次更正", decidingBody: "测试区民政局", note: "过期的表单", version: String(e.version) });
    expect(stale.status).toBe(409);
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(page).toContain("更正后的依据条款");
    expect(page).toContain("原依据条款");
    expect(page).not.toContain("又一次更正");
  });

  it("keeps other organizations, roles and districts out (404 / 403)", async () => {
    const org = await insertOrg(db, D);
    const other = await insertOrg(db, D);
    const id = await enter(org.id);
    const stranger = await member(other.id);
    expect((await stranger.submit(`/d/${D}/my/credit/${id}/requests/objection`, { content: "不是我的记录但想提异议。" })).status).toBe(404);
    const sub = await createUser(D, SHARD, [{ role: "subdistrict_staff", scopeArea: `${D}001` }]);
    const s = new Browser();
    await s.signIn(D, sub.email);
    expect((await s.fetch(`/d/${D}/manage/credit/${id}`)).status).toBe(403);
    const B = "150912";
    await districtWith(B, { shard: "DISTRICTS_0" });
    const foreignAdmin = await createUser(B, "DISTRICTS_0", [{ role: "district_admin" }]);
    const f = new Browser();
    await f.signIn(B, foreignAdmin.email);
    expect((await f.fetch(`/d/${B}/manage/credit/${id}`)).status).toBe(404);
    expect((await f.submit(`/d/${B}/manage/credit/${id}/events`, { onDate: today(), note: "跨区记录" })).status).toBe(404);
    expect((await f.fetch(`/d/${D}/manage/credit/${id}`)).status).toBe(404);
  });
});

describe("the public lists", () => {
  it("show 50 active entries a page with the full count, newest decisions first; the API pages the same way", async () => {
    const P = "150912";
    const { db: listDb } = await districtWith(P, { shard: SHARD });
    for (let i = 0; i < 60; i++) {
      const org = await insertOrg(listDb, P, { name: `名录分页测试${String(i).padStart(2, "0")}`, listStatus: "abnormal" });
      await listDb
        .prepare(
          "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at) VALUES (?, ?, ?, 'abnormal', '未按规定报送年度工作报告', '《社会组织信用信息管理办法》', '区民政局', ?, ?)",
        )
        .bind(P, `page-entry-${i}`, org.id, addDays(today(), -100 + i), nowIso())
        .run();
    }
    const first = await (await new Browser().fetch(`/d/${P}/credit-lists/abnormal`)).text();
    expect(first).toContain("共 60 家");
    expect(first.match(/名录分页测试\d\d/g)).toHaveLength(50);
    expect(first.indexOf("名录分页测试59")).toBeLessThan(first.indexOf("名录分页测试58"));
    expect(first).toContain("第 1 / 2 页");
    const second = await (await new Browser().fetch(`/d/${P}/credit-lists/abnormal?page=2`)).text();
    expect(second.match(/名录分页测试\d\d/g)).toEqual(["名录分页测试09", "名录分页测试08", "名录分页测试07", "名录分页测试06", "名录分页测试05", "名录分页测试04", "名录分页测试03", "名录分页测试02", "名录分页测试01", "名录分页测试00"]);
    const api = (await (await new Browser().fetch(`/d/${P}/api/v1/credit-lists/abnormal?page=2`)).json()) as { total: number; page: number; pageSize: number; active: unknown[] };
    expect(api).toMatchObject({ total: 60, page: 2, pageSize: 50 });
    expect(api.active).toHaveLength(10);
    expect((await new Browser().fetch(`/d/${P}/credit-lists/abnormal?page=0`)).status).toBe(422);
  });
});
