import { describe, expect, it } from "vitest";
import { Browser, countRows, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, today } from "./fixtures";

// A district lists and evaluates only the organizations its own bureau registered
// (民政部令第60号 art. 3; 社会组织评估管理办法 art. 5); one registered elsewhere is shown
// but not actionable, and a community organization filed (备案) with a 街道 needs no
// credit code or legal representative and stays outside the credit lists and evaluation,
// while the directory, the API and open data say which it is.

const D = "150991";
const SHARD = "DISTRICTS_1";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);

async function scoped(name: string, scope: "other" | "filed", spec: Parameters<typeof insertOrg>[2] = {}) {
  const org = await insertOrg(db, D, { name, ...spec });
  await db.prepare("UPDATE organizations SET registration_scope = ? WHERE district_id = ? AND id = ?").bind(scope, D, org.id).run();
  return org;
}

describe("jurisdiction by registration", () => {
  it("refuses credit-list entries and evaluation for organizations another authority registered or a 街道 filed", async () => {
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const elsewhere = await scoped("市级登记的基金会", "other", { filingStatus: "overdue" });
    const filed = await scoped("社区备案的志愿队", "filed");

    const form = await staff.fetch(`/d/${D}/manage/organizations/${elsewhere.id}/credit/new`);
    expect(form.status).toBe(409);
    expect(await form.text()).toContain("该组织不在本区登记，信用名单和等级评估由其登记管理机关办理。");
    const entry = { list: "abnormal", reasonCode: "annual_report", reason: "未按规定报送年度工作报告", legalBasis: "", decidingBody: "测试区民政局", eventOn: today(), decidedOn: today(), needsRectification: "1" };
    const posted = await staff.submit(`/d/${D}/manage/organizations/${filed.id}/credit`, entry, `/d/${D}/manage/organizations/${filed.id}`);
    expect(posted.status).toBe(409);
    expect(await posted.text()).toContain("备案的社区社会组织不列入信用名单、不参加等级评估。");
    expect(await countRows(db, "credit_list_entries", "district_id = ?", D)).toBe(0);
    // Not proposed either, though its report is overdue.
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("市级登记的基金会");

    const round = await staff.submit(`/d/${D}/manage/evaluations`, { title: "管辖测试批次", year: today().slice(0, 4) }, `/d/${D}/manage/evaluations`);
    const roundId = /\/manage\/evaluations\/([^?]+)/.exec(round.headers.get("location")!)![1]!;
    const enrol = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: elsewhere.uscc! }, `/d/${D}/manage/evaluations/${roundId}`);
    expect(enrol.status).toBe(409);
    expect(await enrol.text()).toContain("不在本区登记，由其登记管理机关评估");
    expect(await countRows(db, "evaluations", "district_id = ?", D)).toBe(0);
  });

  it("records a filed community organization without credit code or legal representative and shows it as filed", async () => {
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const base = { name: "幸福里社区书画队", kind: "registered", orgType: "社区社会组织", registrationAuthority: "幸福街道办事处（备案）", areaCode: "", version: "" };
    // Registered by the district's bureau, a credit code is required; filed, it is not.
    const own = await staff.submit(`/d/${D}/manage/organizations`, { ...base, registrationScope: "own" }, `/d/${D}/manage/organizations/new`);
    expect(own.status).toBe(422);
    const ownPage = await own.text();
    expect(ownPage).toContain('value="幸福街道办事处（备案）"');
    expect(ownPage).toContain('id="f-uscc-error"');
    expect(ownPage).toContain("已登记的组织须填写统一社会信用代码。");
    const created = await staff.submit(`/d/${D}/manage/organizations`, { ...base, registrationScope: "filed" }, `/d/${D}/manage/organizations/new`);
    expect(created.status, await created.clone().text()).toBe(303);
    const id = /\/manage\/organizations\/([^?]+)/.exec(created.headers.get("location")!)![1]!;
    expect(await row(db, "SELECT uscc, legal_rep_name, registration_scope FROM organizations WHERE district_id = ? AND id = ?", D, id)).toEqual({ uscc: null, legal_rep_name: "", registration_scope: "filed" });

    const visitor = new Browser();
    expect(await (await visitor.fetch(`/d/${D}/organizations/${id}`)).text()).toContain("街道（乡镇）备案的社区社会组织");
    expect(await (await visitor.fetch(`/d/${D}/organizations/${id}?lang=en`)).text()).toContain("Community organization filed (备案) with a sub-district");
    const api = (await (await visitor.fetch(`/d/${D}/api/v1/organizations/${id}`)).json()) as Record<string, unknown>;
    expect(api).toMatchObject({ registrationScope: "filed", registrationStatus: "active", registrationStatusOn: null });
    const csv = await (await visitor.fetch(`/d/${D}/open-data/v1/organizations.csv`)).text();
    expect(csv.split("\n")[0]).toContain("registration_scope,registration_status,registration_status_on");
    expect(csv).toContain("filed,active");
  });
});
