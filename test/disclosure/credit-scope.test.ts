import { describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/beijing-time";
import { nowIso } from "../../src/lib/time";
import type { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, rows, today } from "./fixtures";

// A holder of credit.manage scoped to one 街道 sees and acts on only the credit-list
// entries of organizations in that 街道 and its communities: the credit page, the to-do
// page (requests waiting for an answer, proposed listings) and an entry's page leave the
// others out, and acting on another area's entry answers 404, as another district's does.
// District-wide holders see everything.

const d = await districtWith("158941", {
  people: { admin: "district_admin", streetA: { role: "district_admin", area: "001" } },
});
const other = await districtWith("158942", { people: { admin: "district_admin" } });

const orgA = await insertOrg(d.db, d.code, { name: "甲街道信用范围协会", area: `${d.code}001001` });
const orgB = await insertOrg(d.db, d.code, { name: "乙街道信用范围协会", area: `${d.code}002001` });
// Overdue annual reports: each proposes an abnormal-list entry to the credit staff.
const owingA = await insertOrg(d.db, d.code, { name: "甲街道逾期年报服务中心", area: `${d.code}001002`, filingStatus: "overdue" });
const owingB = await insertOrg(d.db, d.code, { name: "乙街道逾期年报服务中心", area: `${d.code}002002`, filingStatus: "overdue" });

async function enter(orgId: string): Promise<string> {
  const path = d.path(`/manage/organizations/${orgId}/credit`);
  const entered = await d.admin.b.submit(
    path,
    { list: "abnormal", reasonCode: "annual_report", reason: "未按规定报送年度工作报告", legalBasis: "", decidingBody: "测试区民政局", eventOn: addDays(today(), -25), decidedOn: addDays(today(), -20), needsRectification: "1" },
    `${path}/new`,
  );
  expect(entered.status).toBe(303);
  return /\/manage\/credit\/([^?]+)/.exec(entered.headers.get("location")!)![1]!;
}

const entryA = await enter(orgA.id);
const entryB = await enter(orgB.id);
// Each organization asks to have its rectification verified.
for (const [entryId, org] of [
  [entryA, orgA],
  [entryB, orgB],
] as const) {
  await d.db
    .prepare("INSERT INTO credit_requests (district_id, id, entry_id, organization_id, kind, content, filed_by, filed_at, answer_due_on, status) VALUES (?, ?, ?, ?, 'rectification', ?, ?, ?, ?, 'pending')")
    .bind(d.code, `rq${entryId}`, entryId, org.id, `${org.name}已完成整改`, d.admin.id, nowIso(), addDays(today(), 5))
    .run();
}

const text = async (b: Browser, path: string) => (await b.fetch(path)).text();

describe("credit lists by the manager's area", () => {
  it("lists on the credit page only the 街道's entries and requests; a district-wide holder sees all", async () => {
    const street = await text(d.streetA.b, d.path("/manage/credit"));
    expect(street).toContain(`manage/credit/${entryA}"`);
    expect(street).not.toContain(entryB);
    expect(street).not.toContain(orgB.name);
    const district = await text(d.admin.b, d.path("/manage/credit"));
    for (const s of [entryA, entryB, orgA.name, orgB.name]) expect(district).toContain(s);
  });

  it("puts only the 街道's credit requests and proposed listings on its to-do page, and the whole district's on a district-wide holder's", async () => {
    const street = await text(d.streetA.b, d.path("/todo"));
    expect(street).toContain(`<a href="${d.path(`/manage/credit/${entryA}`)}">${orgA.name}</a>`);
    expect(street).toContain(owingA.name);
    expect(street).not.toContain(orgB.name);
    expect(street).not.toContain(owingB.name);
    expect(street).toContain("共 2 项");
    const district = await text(d.admin.b, d.path("/todo"));
    expect(district).toContain(`<a href="${d.path(`/manage/credit/${entryB}`)}">${orgB.name}</a>`);
    expect(district).toContain(owingB.name);
    expect(district.match(/整改材料待核实/g)).toHaveLength(2);
  });

  it("refuses a 街道's holder another area's entry with 404: its page, a new event, a correction, answering its request, and a new entry for its organization; nothing changes", async () => {
    const street = d.streetA.b;
    expect((await street.fetch(d.path(`/manage/credit/${entryA}`))).status).toBe(200);
    expect((await street.fetch(d.path(`/manage/credit/${entryB}`))).status).toBe(404);
    const entryPath = d.path(`/manage/credit/${entryB}`);
    expect((await street.submit(`${entryPath}/events`, { onDate: today(), note: "又一次未按时报送" }, d.path(`/manage/credit/${entryA}`))).status).toBe(404);
    expect((await street.submit(`${entryPath}/correct`, { version: "1", reason: "改写", legalBasis: "第十条", decidingBody: "测试区民政局", note: "更正" }, d.path(`/manage/credit/${entryA}`))).status).toBe(404);
    expect((await street.submit(d.path(`/manage/credit/requests/rq${entryB}`), { decision: "accept", note: "经核实整改已完成。" }, d.path(`/manage/credit/${entryA}`))).status).toBe(404);
    expect((await street.fetch(d.path(`/manage/organizations/${orgB.id}/credit/new`))).status).toBe(404);
    expect((await row<{ status: string }>(d.db, "SELECT status FROM credit_requests WHERE district_id = ? AND id = ?", d.code, `rq${entryB}`)).status).toBe("pending");
    expect(await rows(d.db, "SELECT kind FROM credit_list_events WHERE district_id = ? AND entry_id = ? AND kind <> 'entered'", d.code, entryB)).toEqual([]);
    // Its own area's request it answers.
    expect((await street.submit(d.path(`/manage/credit/requests/rq${entryA}`), { decision: "accept", note: "经核实整改已完成。" }, d.path(`/manage/credit/${entryA}`))).status).toBe(303);
  });

  it("answers 404 to another district's administrator", async () => {
    expect((await other.admin.b.fetch(other.path(`/manage/credit/${entryA}`))).status).toBe(404);
    expect(await text(other.admin.b, other.path("/manage/credit"))).not.toContain(orgA.name);
    expect(await text(other.admin.b, other.path("/todo"))).not.toContain(orgA.name);
  });
});
