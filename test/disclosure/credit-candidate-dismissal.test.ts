import { describe, expect, it } from "vitest";
import { repeatedPenalties } from "../../src/modules/disclosure/credit-candidates";
import { countRows } from "../helpers";
import { clockAt, creditStaff, insertOrg, row } from "./fixtures";

// Proposed credit-list entries (民政部令第60号) that staff dismiss with a reason, and the
// serious-list proposal for two minor penalties within three years (serious-list ground
// (五)). Fixed clock: 2026-11-27 (Beijing).

const D = "150986";
const OTHER = "150987";
const SHARD = "DISTRICTS_0";

clockAt("2026-11-27");

async function penalty(db: D1Database, orgId: string, id: string, on: string, exitReason: string | null = null) {
  await db
    .prepare(
      "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at, reason_code, event_on, needs_rectification, exited_on, exit_reason) VALUES (?, ?, ?, 'abnormal', '警告', '', '测试区民政局', ?, ?, 'minor_penalty', ?, 0, ?, ?)",
    )
    .bind(D, id, orgId, on, `${on}T02:00:00.000Z`, on, exitReason ? on : null, exitReason)
    .run();
}

describe("two minor penalties within three years", () => {
  it("pairs penalties up to the same day three years on, not one day more", () => {
    expect(repeatedPenalties(["2023-11-20", "2026-11-20"])).toEqual(["2023-11-20", "2026-11-20"]);
    expect(repeatedPenalties(["2023-11-19", "2026-11-20"])).toBeNull();
    expect(repeatedPenalties(["2026-11-20"])).toBeNull();
    // The latest pair counts.
    expect(repeatedPenalties(["2026-01-05", "2020-01-01", "2025-06-01"])).toEqual(["2025-06-01", "2026-01-05"]);
  });
});

describe("dismissing a proposed entry", () => {
  it("proposes the serious list for repeated penalties, dismisses only with a reason, keeps it audited and does not propose the same facts again", async () => {
    const { db, admin, staff, stranger } = await creditStaff(D, SHARD, OTHER);

    const twice = await insertOrg(db, D, { name: "两次处罚服务中心", listStatus: "abnormal" });
    await penalty(db, twice.id, "p1", "2023-11-20");
    await penalty(db, twice.id, "p2", "2026-11-20");
    const apart = await insertOrg(db, D, { name: "处罚间隔超三年中心", listStatus: "abnormal" });
    await penalty(db, apart.id, "p3", "2023-11-19");
    await penalty(db, apart.id, "p4", "2026-11-20");
    // A penalty revoked on an upheld objection does not count.
    const revoked = await insertOrg(db, D, { name: "处罚已撤销中心", listStatus: "abnormal" });
    await penalty(db, revoked.id, "p5", "2025-01-10");
    await penalty(db, revoked.id, "p6", "2026-01-10", "revoked");

    const todo = await (await staff.fetch(`/d/${D}/todo`)).text();
    const form = `/d/${D}/manage/organizations/${twice.id}/credit/new?candidate=repeated_penalties`;
    expect(todo).toContain(`<a href="${form}">两次处罚服务中心</a>`);
    expect(todo).toContain("严重违法失信名单 · 拟列入（三年内两次受到警告或者不满5万元罚款处罚：2023-11-20、2026-11-20）");
    expect(todo).not.toContain("处罚间隔超三年中心");
    expect(todo).not.toContain("处罚已撤销中心");

    const page = await (await staff.fetch(form)).text();
    expect(page).toContain("列入严重违法失信名单情形第（五）项");
    expect(page).toContain('value="2026-11-20"');
    expect(page).toContain("不予列入的理由");

    // Another district's staff reach neither the form nor the dismissal.
    const dismissPath = `/manage/organizations/${twice.id}/credit/candidates/repeated_penalties/dismiss`;
    expect((await stranger.submit(`/d/${OTHER}${dismissPath}`, { period: "2026-11-20", dismissReason: "跨区不应成功的理由。" }, `/d/${OTHER}/todo`)).status).toBe(404);

    // No reason: the same page again, the error beside the field, nothing kept.
    const empty = await staff.submit(`/d/${D}${dismissPath}`, { period: "2026-11-20", dismissReason: "  " }, form);
    expect(empty.status).toBe(422);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain('id="f-dismissReason-error"');
    expect(emptyPage).toContain('value="2026-11-20"');
    expect(await countRows(db, "credit_candidate_dismissals", "district_id = ?", D)).toBe(0);

    // With a reason: kept, audited, and the proposal leaves the to-do list.
    const reason = "第二次处罚已被复议机关变更为不予处罚，不构成三年内两次处罚。";
    const done = await staff.submit(`/d/${D}${dismissPath}`, { period: "2026-11-20", dismissReason: reason }, form);
    expect(done.status, await done.clone().text()).toBe(303);
    expect(done.headers.get("location")).toBe(`/d/${D}/manage/organizations/${twice.id}?done=disclosure.candidate.dismissed`);
    const kept = await row<{ ground: string; period: string; reason: string; dismissed_by: string }>(
      db,
      "SELECT ground, period, reason, dismissed_by FROM credit_candidate_dismissals WHERE district_id = ? AND organization_id = ?",
      D,
      twice.id,
    );
    expect(kept).toEqual({ ground: "repeated_penalties", period: "2026-11-20", reason, dismissed_by: admin.id });
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'credit.candidate_dismissed' AND target_id = ?", D, twice.id)).toBe(1);
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("两次处罚服务中心");
    const orgPage = await (await staff.fetch(`/d/${D}/manage/organizations/${twice.id}?done=disclosure.candidate.dismissed`)).text();
    expect(orgPage).toContain("已不予列入，理由已留存。");
    expect(orgPage).toContain(`3年内2次以上受到警告或不满5万元罚款处罚 · 2026-11-20 · <time datetime="2026-11-27">2026-11-27</time>：${reason}`);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND organization_id = ? AND list = 'serious'", D, twice.id)).toBe(0);

    // The same facts again: the proposal no longer stands, nothing more is kept.
    const again = await staff.submit(`/d/${D}${dismissPath}`, { period: "2026-11-20", dismissReason: reason }, form);
    expect(again.status).toBe(409);
    expect(await countRows(db, "credit_candidate_dismissals", "district_id = ?", D)).toBe(1);

    // A new period (a third penalty) proposes again.
    await penalty(db, twice.id, "p7", "2026-11-25");
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).toContain("三年内两次受到警告或者不满5万元罚款处罚：2026-11-20、2026-11-25");
  });

  it("keeps an overdue-report dismissal to its report year", async () => {
    const { db, staff } = await creditStaff(D, SHARD);
    const owing = await insertOrg(db, D, { name: "年报逾期待核实中心", filingStatus: "overdue" });
    const form = `/d/${D}/manage/organizations/${owing.id}/credit/new?candidate=annual_report`;
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).toContain("年报逾期待核实中心");
    // A period that is not the proposal's is refused: the facts changed since the page.
    const stale = await staff.submit(`/d/${D}/manage/organizations/${owing.id}/credit/candidates/annual_report/dismiss`, { period: "2024", dismissReason: "纸质年报已于截止日前报送登记管理机关。" }, form);
    expect(stale.status).toBe(409);
    const ok = await staff.submit(`/d/${D}/manage/organizations/${owing.id}/credit/candidates/annual_report/dismiss`, { period: "2025", dismissReason: "纸质年报已于截止日前报送登记管理机关。" }, form);
    expect(ok.status).toBe(303);
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("年报逾期待核实中心");
    expect((await staff.fetch(form)).status).toBe(200);
    expect(await (await staff.fetch(form)).text()).not.toContain("不予列入的理由");
  });
});
