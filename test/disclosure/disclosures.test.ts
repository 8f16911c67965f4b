import { describe, expect, it } from "vitest";
import { filingStatus } from "../../src/modules/disclosure/rules";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { beijing, changed, insertOrg, row, rows, runFrequent, today } from "./fixtures";
import { districtWith } from "../fixtures/district";

// Disclosures by an organization's own account: structured annual reports, projects and
// major changes; attachments checked by content; corrections that add versions and
// never overwrite; and the filing status that follows (due dates from settings).

const D = "150921";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const year = Number(today().slice(0, 4));

async function memberOf(orgId: string) {
  const user = await createUser(D, SHARD, [{ role: "org_member", organizationId: orgId }]);
  const b = new Browser();
  await b.signIn(D, user.email);
  return b;
}

const report = (over: Record<string, string> = {}) => ({
  reportYear: String(year - 1),
  assets: "1234567.80",
  liabilities: "234567.80",
  incomeDonations: "100000",
  incomeGrants: "300000",
  incomeServices: "500000.50",
  incomeDues: "0",
  incomeOther: "9999.50",
  expensePrograms: "700000",
  expenseAdmin: "80000",
  expenseFundraising: "5000",
  expenseOther: "1000",
  activities: "全年开展社区养老服务 48 场，服务老年人 3200 人次。",
  ...over,
});

async function publish(b: Browser, kind: string, form: Record<string, string>): Promise<string> {
  const res = await b.submit(`/d/${D}/my/disclosures/new/${kind}`, form, `/d/${D}/my/organization`);
  expect(res.status, await res.clone().text()).toBe(303);
  return /\/my\/disclosures\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
}

describe("annual reports", () => {
  it("are a structured form whose figures the public page shows with totals and main sources", async () => {
    const org = await insertOrg(db, D, { name: "年报测试服务中心", registeredOn: "2015-01-01" });
    const b = await memberOf(org.id);
    const id = await publish(b, "annual_report", report());
    const page = await (await new Browser().fetch(`/d/${D}/disclosures/${id}`)).text();
    expect(page).toContain(`${year - 1}年度工作报告`);
    expect(page).toContain("1,234,567.80"); // assets
    expect(page).toContain("1,000,000.00"); // net assets
    expect(page).toContain("910,000.00"); // income: the sum of its sources
    expect(page).toContain("786,000.00"); // expenses
    expect(page).toMatch(/提供服务收入（含政府购买服务）（元）[\s\S]*?500,000.50[\s\S]*?\(54\.9%\)/);
    expect(page).toContain("全年开展社区养老服务 48 场");
    const o = await row<{ last_report_year: number; last_report_filed_on: string; filing_status: string }>(db, "SELECT last_report_year, last_report_filed_on, filing_status FROM organizations WHERE district_id = ? AND id = ?", D, org.id);
    expect(o.last_report_year).toBe(year - 1);
    expect(o.last_report_filed_on).toBe(today());
    expect(o.filing_status).toBe(filingStatus({ kind: "registered", registered_on: "2015-01-01", last_report_year: year - 1, last_report_filed_on: today() }, today(), "05-31").status);
    const orgPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(orgPage).toContain(`href="/d/${D}/disclosures/${id}"`);
  });

  it("refuses bad figures field by field and writes nothing", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const before = await countRows(db, "disclosures", "district_id = ?", D);
    const versionsBefore = await countRows(db, "disclosure_versions", "district_id = ?", D);
    const res = await b.submit(`/d/${D}/my/disclosures/new/annual_report`, report({ reportYear: String(year), assets: "12.345", liabilities: "abc", incomeGrants: "-5", activities: "" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const field of ["reportYear", "assets", "liabilities", "incomeGrants", "activities"]) expect(html, field).toContain(`id="f-${field}-error"`);
    expect(html).toContain("年度须为已结束的年份");
    expect(html).toContain("请输入金额（元），最多两位小数");
    expect(await countRows(db, "disclosures", "district_id = ?", D)).toBe(before);
    expect(await countRows(db, "disclosure_versions", "district_id = ?", D)).toBe(versionsBefore);
  });

  it("allows one report a year; a second one is refused and pointed to correction", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    await publish(b, "annual_report", report({ reportYear: String(year - 2) }));
    const again = await b.submit(`/d/${D}/my/disclosures/new/annual_report`, report({ reportYear: String(year - 2) }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`${year - 2}年度报告已发布，如需修改请使用“更正”`);
    expect(await countRows(db, "disclosures", "district_id = ? AND organization_id = ?", D, org.id)).toBe(1);
  });
});

describe("corrections", () => {
  it("add a version, keep the original unchanged and show both publicly", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const id = await publish(b, "annual_report", report({ assets: "500000" }));
    const original = await row<{ content_json: string }>(db, "SELECT content_json FROM disclosure_versions WHERE district_id = ? AND disclosure_id = ? AND version = 1", D, id);

    const noNote = await b.submit(`/d/${D}/my/disclosures/${id}/correct`, { ...report({ assets: "600000" }), reportYear: undefined as unknown as string, version: "1", correctionNote: "" });
    expect(noNote.status).toBe(422);
    const { reportYear: _y, ...fields } = report({ assets: "600000" });
    const res = await b.submit(`/d/${D}/my/disclosures/${id}/correct`, { ...fields, version: "1", correctionNote: "资产总额录入有误，按审计报告更正。" });
    expect(res.status, await res.clone().text()).toBe(303);

    const versions = await rows<{ version: number; content_json: string; correction_note: string | null }>(
      db,
      "SELECT version, content_json, correction_note FROM disclosure_versions WHERE district_id = ? AND disclosure_id = ? ORDER BY version",
      D,
      id,
    );
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.content_json).toBe(original.content_json);
    expect(JSON.parse(versions[1]!.content_json).assets).toBe(60_000_000);
    const page = await (await new Browser().fetch(`/d/${D}/disclosures/${id}`)).text();
    expect(page).toContain("已更正 1 次");
    expect(page).toContain("更正说明：资产总额录入有误，按审计报告更正。");
    expect(page).toContain("600,000.00");
    expect(page).toContain("500,000.00"); // the original, still published
    expect(page).toContain("原始版本");

    // A correction made from an outdated page is refused, not merged.
    const stale = await b.submit(`/d/${D}/my/disclosures/${id}/correct`, { ...fields, version: "1", correctionNote: "基于旧版本的更正" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("此信息已被他人更正");
    expect(await countRows(db, "disclosure_versions", "district_id = ? AND disclosure_id = ?", D, id)).toBe(2);
  });

  it("do not change the filing date of an annual report", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const id = await publish(b, "annual_report", report());
    await db.prepare("UPDATE organizations SET last_report_filed_on = '2020-01-01' WHERE district_id = ? AND id = ?").bind(D, org.id).run();
    const { reportYear: _y, ...fields } = report();
    await b.submit(`/d/${D}/my/disclosures/${id}/correct`, { ...fields, version: "1", correctionNote: "补充公益活动说明。" });
    expect((await row<{ last_report_filed_on: string }>(db, "SELECT last_report_filed_on FROM organizations WHERE district_id = ? AND id = ?", D, org.id)).last_report_filed_on).toBe("2020-01-01");
  });
});

describe("projects and major changes", () => {
  it("are published with their own fields and checked dates", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const bad = await b.submit(`/d/${D}/my/disclosures/new/project`, {
      title: "社区助餐项目",
      projectKind: "purchased_service",
      funder: "测试区民政局",
      amount: "120000",
      startOn: "2026-03-01",
      endOn: "2026-02-01",
      beneficiaries: "独居老人",
      description: "为独居老人提供助餐服务。",
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("结束日期不能早于开始日期");
    const id = await publish(b, "project", {
      title: "社区助餐项目",
      projectKind: "purchased_service",
      funder: "测试区民政局",
      amount: "120000",
      startOn: "2026-03-01",
      endOn: "2026-12-31",
      beneficiaries: "独居老人",
      description: "为独居老人提供助餐服务。",
    });
    const page = await (await new Browser().fetch(`/d/${D}/disclosures/${id}`)).text();
    expect(page).toContain("政府购买服务");
    expect(page).toContain("120,000.00");
    const change = await publish(b, "major_change", { title: "法定代表人变更", changeType: "legal_rep", effectiveOn: "2026-04-01", before: "张三", after: "李四", description: "经理事会选举产生新任法定代表人。" });
    expect(await (await new Browser().fetch(`/d/${D}/disclosures/${change}`)).text()).toContain("法定代表人变更");
  });
});

describe("attachments", () => {
  const pdf = (size = 2048) => {
    const bytes = new Uint8Array(size);
    bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
    return bytes;
  };
  async function upload(b: Browser, id: string, bytes: Uint8Array, name: string, type: string) {
    const form = new FormData();
    form.set("_csrf", b.csrf);
    form.set("file", new File([bytes], name, { type }));
    return b.fetch(`/d/${D}/my/disclosures/${id}/attachments`, { method: "POST", body: form });
  }

  it("accept PDF, JPG and PNG by their content (larger than the ordinary body limit) and are served as downloads, never rendered", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const id = await publish(b, "major_change", { title: "章程修订", changeType: "charter", effectiveOn: "2026-01-10", before: "", after: "", description: "" });
    const bytes = pdf(300 * 1024);
    const res = await upload(b, id, bytes, "章程（修订版）.pdf", "application/pdf");
    expect(res.status, await res.clone().text()).toBe(303);
    const a = await row<{ id: string; content_type: string; size: number; version: number; r2_key: string; filename: string }>(db, "SELECT * FROM disclosure_attachments WHERE district_id = ? AND disclosure_id = ?", D, id);
    expect(a).toMatchObject({ content_type: "application/pdf", size: bytes.byteLength, version: 1, filename: "章程（修订版）.pdf" });
    const download = await new Browser().fetch(`/d/${D}/disclosures/${id}/attachments/${a.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toContain("attachment; filename*=UTF-8''");
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(await (await new Browser().fetch(`/d/${D}/disclosures/${id}`)).text()).toContain("章程（修订版）.pdf");
  });

  it("refuse a file whose content is not what its name says, storing nothing", async () => {
    const org = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const id = await publish(b, "major_change", { title: "住所变更", changeType: "domicile", effectiveOn: "2026-01-10", before: "", after: "", description: "" });
    const html = new TextEncoder().encode("<html><script>alert(1)</script></html>");
    const res = await upload(b, id, html, "年报.pdf", "application/pdf");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("只接受 PDF、JPG 或 PNG 文件");
    expect(await countRows(db, "disclosure_attachments", "district_id = ? AND disclosure_id = ?", D, id)).toBe(0);
    expect((await testEnv.FILES.list({ prefix: `${D}/disclosures/${id}/` })).objects).toHaveLength(0);
    expect((await upload(b, id, new Uint8Array(0), "empty.pdf", "application/pdf")).status).toBe(422);
  });
});

describe("access", () => {
  it("lets only the organization's own account manage its disclosures", async () => {
    const org = await insertOrg(db, D);
    const other = await insertOrg(db, D);
    const b = await memberOf(org.id);
    const id = await publish(b, "major_change", { title: "名称变更", changeType: "name", effectiveOn: "2026-01-10", before: "旧名", after: "新名", description: "" });
    const stranger = await memberOf(other.id);
    expect((await stranger.fetch(`/d/${D}/my/disclosures/${id}`)).status).toBe(404);
    expect((await stranger.submit(`/d/${D}/my/disclosures/${id}/correct`, { title: "篡改", changeType: "name", effectiveOn: "2026-01-10", version: "1", correctionNote: "不是我的" })).status).toBe(404);
    const reviewer = await createUser(D, SHARD, [{ role: "reviewer" }]);
    const r = new Browser();
    await r.signIn(D, reviewer.email);
    expect((await r.fetch(`/d/${D}/my/disclosures/new/project`)).status).toBe(403);
    const B = "150922";
    await districtWith(B, { shard: "DISTRICTS_1" });
    expect((await new Browser().fetch(`/d/${B}/disclosures/${id}`)).status).toBe(404);
  });
});

describe("filing status in the directory", () => {
  it("follows the date through the frequent job, for the indexed filter", async () => {
    const onTime = await insertOrg(db, D, { name: "甲按时报送中心", registeredOn: "2015-01-01" });
    const missing = await insertOrg(db, D, { name: "乙逾期未报中心", registeredOn: "2015-01-01" });
    const young = await insertOrg(db, D, { name: "丙新成立中心", registeredOn: "2026-02-01" });
    await db.prepare("UPDATE organizations SET last_report_year = 2025, last_report_filed_on = '2026-04-30' WHERE district_id = ? AND id = ?").bind(D, onTime.id).run();
    await db.prepare("UPDATE organizations SET last_report_year = 2024, last_report_filed_on = '2025-05-01' WHERE district_id = ? AND id = ?").bind(D, missing.id).run();
    const status = async (id: string) => (await row<{ filing_status: string }>(db, "SELECT filing_status FROM organizations WHERE district_id = ? AND id = ?", D, id)).filing_status;

    expect(changed(await runFrequent(beijing("2026-05-31", "23:00:00")), D, "filing.refresh")).toBeGreaterThan(0);
    expect([await status(onTime.id), await status(missing.id), await status(young.id)]).toEqual(["on_time", "on_time", "not_due"]);
    // The day after the due date the missing 2025 report is overdue; a second run changes nothing.
    await runFrequent(beijing("2026-06-01"));
    expect([await status(onTime.id), await status(missing.id), await status(young.id)]).toEqual(["on_time", "overdue", "not_due"]);
    expect(changed(await runFrequent(beijing("2026-06-01")), D, "filing.refresh")).toBe(0);
    const overdue = await (await new Browser().fetch(`/d/${D}/organizations?filing=overdue`)).text();
    expect(overdue).toContain("乙逾期未报中心");
    expect(overdue).not.toContain("甲按时报送中心");
    expect(await (await new Browser().fetch(`/d/${D}/organizations?filing=not_due`)).text()).toContain("丙新成立中心");
  });
});
