import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../../src/lib/beijing-time";
import { countRows } from "../helpers";
import { creditStaff, insertOrg, row, today } from "./fixtures";

// Two years on the abnormal list (民政部令第60号, serious-list ground (一)) is a proposal the
// registration authority decides: the staff's confirmation and dismissal on the entry's
// page, their refusals of bad input, and another district's staff kept out.

const D = "150990";
const OTHER = "150991";
const SHARD = "DISTRICTS_0";
const TWINS = "150992";

async function abnormalEntry(db: D1Database, orgId: string, id: string, decidedOn: string, district = D) {
  await db
    .prepare(
      "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at, reason_code, event_on, needs_rectification) VALUES (?, ?, ?, 'abnormal', '未按期完成整改', '', '测试区民政局', ?, ?, 'rectification', ?, 1)",
    )
    .bind(district, id, orgId, decidedOn, `${decidedOn}T02:00:00.000Z`, decidedOn)
    .run();
}

describe("the proposed transfer to the serious list", () => {
  it("is dismissed only with a reason, kept per entry's two-year date, and is then no longer confirmable; other districts get 404", async () => {
    const { db, staff, stranger } = await creditStaff(D, SHARD, OTHER);

    const org = await insertOrg(db, D, { name: "满两年待决定中心", listStatus: "abnormal" });
    const decided = addDays(addMonths(today(), -24), -1);
    const on = addMonths(decided, 24);
    await abnormalEntry(db, org.id, "old1", decided);
    const young = await insertOrg(db, D, { name: "未满两年中心", listStatus: "abnormal" });
    await abnormalEntry(db, young.id, "new1", addDays(addMonths(today(), -24), 1));
    const page = `/d/${D}/manage/credit/old1`;

    const todo = await (await staff.fetch(`/d/${D}/todo`)).text();
    expect(todo).toContain(`<a href="${page}">满两年待决定中心</a>`);
    expect(todo).not.toContain("未满两年中心");
    expect(await (await staff.fetch(`/d/${D}/manage/credit/new1`)).text()).not.toContain("确认转入严重违法失信名单");

    // Another district's staff reach neither the confirmation nor the dismissal.
    expect((await stranger.submit(`/d/${OTHER}/manage/credit/old1/transfer`, { note: "跨区不应成功。" }, `/d/${OTHER}/todo`)).status).toBe(404);
    const dismissPath = `/manage/organizations/${org.id}/credit/candidates/abnormal_two_years/dismiss`;
    expect((await stranger.submit(`/d/${OTHER}${dismissPath}`, { period: on, dismissReason: "跨区不应成功的理由。" }, `/d/${OTHER}/todo`)).status).toBe(404);

    // No note, no reason: the entry's page again with the error beside the field, nothing written.
    const noNote = await staff.submit(`/d/${D}/manage/credit/old1/transfer`, { note: " " }, page);
    expect(noNote.status).toBe(422);
    expect(await noNote.text()).toContain('id="f-note-error"');
    const noReason = await staff.submit(`/d/${D}${dismissPath}`, { period: on, dismissReason: "短" }, page);
    expect(noReason.status).toBe(422);
    const noReasonPage = await noReason.text();
    expect(noReasonPage).toContain('id="f-dismissReason-error"');
    expect(noReasonPage).toContain(">短</textarea>");
    expect(await countRows(db, "credit_candidate_dismissals", "district_id = ?", D)).toBe(0);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND list = 'serious'", D)).toBe(0);

    // With a reason: kept and audited; the entry stays on the abnormal list.
    const reason = "整改已于期满前完成，待核实后移出，不转入严重违法失信名单。";
    const done = await staff.submit(`/d/${D}${dismissPath}`, { period: on, dismissReason: reason }, page);
    expect(done.status, await done.clone().text()).toBe(303);
    expect(await row(db, "SELECT ground, period, reason FROM credit_candidate_dismissals WHERE district_id = ? AND organization_id = ?", D, org.id)).toEqual({ ground: "abnormal_two_years", period: on, reason });
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'credit.candidate_dismissed' AND target_id = ?", D, org.id)).toBe(1);
    expect(await row(db, "SELECT list, exited_on FROM credit_list_entries WHERE district_id = ? AND id = 'old1'", D)).toEqual({ list: "abnormal", exited_on: null });
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("满两年待决定中心");
    expect(await (await staff.fetch(page)).text()).not.toContain("确认转入严重违法失信名单");
    expect(await (await staff.fetch(`/d/${D}/manage/organizations/${org.id}`)).text()).toContain(`列入活动异常名录满2年 · ${on}`);

    // A dismissed proposal cannot be confirmed afterwards.
    expect((await staff.submit(`/d/${D}/manage/credit/old1/transfer`, { note: "驳回后再确认。" }, page)).status).toBe(409);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND list = 'serious'", D)).toBe(0);
  });

  it("keeps a dismissal to its entry: two entries reaching two years on the same day are decided one by one", async () => {
    const { db, staff } = await creditStaff(TWINS, SHARD);
    const org = await insertOrg(db, TWINS, { name: "同日两条异常中心", listStatus: "abnormal" });
    const decided = addDays(addMonths(today(), -24), -3);
    const on = addMonths(decided, 24);
    await abnormalEntry(db, org.id, "twinA", decided, TWINS);
    await abnormalEntry(db, org.id, "twinB", decided, TWINS);
    const todo = await (await staff.fetch(`/d/${TWINS}/todo`)).text();
    expect(todo).toContain(`/d/${TWINS}/manage/credit/twinA`);
    expect(todo).toContain(`/d/${TWINS}/manage/credit/twinB`);

    // The entry's page names its entry in the dismissal form.
    const pageA = `/d/${TWINS}/manage/credit/twinA`;
    expect(await (await staff.fetch(pageA)).text()).toContain('name="entry" value="twinA"');
    const dismissPath = `/d/${TWINS}/manage/organizations/${org.id}/credit/candidates/abnormal_two_years/dismiss`;
    const done = await staff.submit(dismissPath, { period: on, entry: "twinA", dismissReason: "该条整改已完成，待核实后移出。" }, pageA);
    expect(done.status, await done.clone().text()).toBe(303);

    // The other entry of the same day is still proposed, and can be dismissed on its own.
    const after = await (await staff.fetch(`/d/${TWINS}/todo`)).text();
    expect(after).not.toContain(`/d/${TWINS}/manage/credit/twinA"`);
    expect(after).toContain(`/d/${TWINS}/manage/credit/twinB"`);
    expect(await (await staff.fetch(`/d/${TWINS}/manage/credit/twinB`)).text()).toContain("确认转入严重违法失信名单");
    const second = await staff.submit(dismissPath, { period: on, entry: "twinB", dismissReason: "该条亦已整改，待核实后移出。" }, `/d/${TWINS}/manage/credit/twinB`);
    expect(second.status, await second.clone().text()).toBe(303);
    expect(await countRows(db, "credit_candidate_dismissals", "district_id = ? AND organization_id = ?", TWINS, org.id)).toBe(2);
  });
});
