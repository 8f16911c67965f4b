import { describe, expect, it, vi } from "vitest";
import { enterOnList } from "../../src/modules/disclosure/credit";
import { Browser, countRows } from "../helpers";
import { districtData, insertOrg, row, runDaily, adminOnFixedClock } from "./fixtures";
import { districtWith } from "../fixtures/district";

// Registration status 存续 / 注销 / 撤销 / 吊销 set by staff with date and reason, shown
// publicly as a label; an organization that is 撤销 or 吊销 stays on its credit list
// (no time-driven exit) until it is 注销, which ends its entries in the same batch.

const D = "150939";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const { db: otherDb } = await districtWith("150936", { shard: SHARD });
const TODAY = "2027-06-01";
const admin = await adminOnFixedClock(D, SHARD, TODAY);

const set = (orgId: string, form: Record<string, string>, lang = "") => admin.b.submit(`/d/${D}/manage/organizations/${orgId}/registration${lang}`, form);
const org = (id: string) => row(db, "SELECT registration_status, registration_status_on, registration_status_reason, list_status FROM organizations WHERE district_id = ? AND id = ?", D, id);
const entry = (id: string) => row(db, "SELECT exited_on, exit_note FROM credit_list_entries WHERE district_id = ? AND id = ?", D, id);

describe("registration status", () => {
  it("is set by staff with date and reason, audited, and shown publicly as a label", async () => {
    const o = await insertOrg(db, D, { name: "登记状态测试中心" });
    const bad = await set(o.id, { status: "license_revoked", on: "2027-06-02", reason: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-on-error">日期不能晚于今天');
    expect(html).toContain('id="f-reason-error">请填写原因');
    expect(html).toContain('value="2027-06-02"');
    const en = await set(o.id, { status: "revoked", on: "2027-06-01", reason: "" }, "?lang=en");
    expect(await en.text()).toContain('id="f-reason-error">Give the reason.');
    expect(await org(o.id)).toMatchObject({ registration_status: "active" });

    expect((await set(o.id, { status: "license_revoked", on: "2027-05-20", reason: "违法开展活动，依法吊销登记证书" })).status).toBe(303);
    expect(await org(o.id)).toMatchObject({ registration_status: "license_revoked", registration_status_on: "2027-05-20", registration_status_reason: "违法开展活动，依法吊销登记证书" });
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'organization.registration_status' AND target_id = ?", D, o.id)).toBe(1);
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${o.id}`)).text();
    expect(page).toContain("已吊销登记证书 · ");
    expect(page).not.toContain("license_revoked");
    expect(await (await new Browser().fetch(`/d/${D}/organizations/${o.id}?lang=en`)).text()).toContain("Registration certificate revoked");
  });

  it("keeps a 吊销 organization on its list past the time-driven exit, and ends the entry on 注销", async () => {
    const o = await insertOrg(db, D, { name: "吊销后注销中心" });
    const entryId = await enterOnList(
      await districtData(D),
      o.id,
      { list: "abnormal", reasonCode: "minor_penalty", reason: "受到警告处罚", legalBasis: "《社会组织信用信息管理办法》第十条", decidingBody: "测试区民政局", decidedOn: "2026-10-01", eventOn: "2026-10-01", needsRectification: false },
      { id: admin.id, role: "district_admin" },
      new Date().toISOString(),
    );
    expect((await set(o.id, { status: "license_revoked", on: "2027-03-01", reason: "吊销登记证书" })).status).toBe(303);
    vi.useRealTimers();
    await runDaily(TODAY);
    expect(await entry(entryId)).toMatchObject({ exited_on: null });
    expect(await org(o.id)).toMatchObject({ list_status: "abnormal" });

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(`${TODAY}T11:00:00+08:00`));
    await admin.b.signIn(D, admin.email);
    expect((await set(o.id, { status: "deregistered", on: TODAY, reason: "完成清算，办理注销登记" })).status).toBe(303);
    expect(await entry(entryId)).toEqual({ exited_on: TODAY, exit_note: "完成注销登记，由登记管理机关移出" });
    expect(await org(o.id)).toMatchObject({ registration_status: "deregistered", list_status: "none" });
    expect(await (await new Browser().fetch(`/d/${D}/organizations/${o.id}`)).text()).toContain("已注销");
  });

  it("answers 404 for another district's organization", async () => {
    const foreign = await insertOrg(otherDb, "150936", { name: "外区组织" });
    expect((await admin.b.fetch(`/d/${D}/manage/organizations/${foreign.id}/registration`)).status).toBe(404);
    expect((await set(foreign.id, { status: "deregistered", on: TODAY, reason: "跨区写入" })).status).toBe(404);
    expect(await row(otherDb, "SELECT registration_status FROM organizations WHERE district_id = ? AND id = ?", "150936", foreign.id)).toEqual({ registration_status: "active" });
  });
});
