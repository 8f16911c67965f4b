import { describe, expect, it } from "vitest";
import { insertOrg, row, today } from "../disclosure/fixtures";
import { districtWith } from "../fixtures/district";

// 待办: staff and reviewers land on what is waiting for them, gathered from every
// module's to-do sources; each item links to the page where it is done.

describe("the to-do page", () => {
  it("is where staff and reviewers land after signing in; organizations land on the home page", async () => {
    const d = await districtWith("150972", { organizations: 1, people: { admin: "district_admin", evaluator: "evaluator", member: { role: "org_member", organization: 0 } } });
    for (const [person, landing] of [
      [d.admin, "/todo"],
      [d.evaluator, "/todo"],
      [d.member, "/"],
    ] as const) {
      const res = await person.b.submit(d.path("/login"), { email: person.email, password: "correct-horse-42" });
      expect(res.headers.get("location")).toBe(d.path(landing));
    }
    // An explicit destination still wins.
    const res = await d.admin.b.fetch(`${d.path("/login")}?next=${encodeURIComponent(d.path("/admin/staff"))}`, { method: "POST", form: { _csrf: d.admin.b.csrf, email: d.admin.email, password: "correct-horse-42" } });
    expect(res.headers.get("location")).toBe(d.path("/admin/staff"));
  });

  it("lists a reviewer's open assignment by the organization's name until the scores are in, and only to that reviewer", async () => {
    const d = await districtWith("150973", { people: { admin: "district_admin", evaluator: "evaluator", other: "evaluator" } });
    const round = await d.admin.b.submit(d.path("/manage/evaluations"), { title: "待办测试批次", year: today().slice(0, 4) });
    const roundId = /\/manage\/evaluations\/([^?]+)/.exec(round.headers.get("location")!)![1]!;
    const org = await insertOrg(d.db, d.code, { name: "待办测试社会组织", registeredOn: "2015-06-01" });
    await d.admin.b.submit(d.path(`/manage/evaluations/${roundId}/enrol`), { uscc: org.uscc! });
    const evaluation = await row<{ id: string }>(d.db, "SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?", d.code, org.id);
    await d.admin.b.submit(d.path(`/manage/evaluation/${evaluation.id}/assign`), { [`evaluators.${d.evaluator.id}`]: "1" });
    const a = await row<{ id: string }>(d.db, "SELECT id FROM review_assignments WHERE district_id = ? AND reviewer_id = ?", d.code, d.evaluator.id);

    const page = await d.evaluator.b.fetch(d.path("/todo"));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<a href="${d.path(`/review/${a.id}`)}">待办测试社会组织`);
    expect(html).toContain("等级评估 · 待声明利益冲突");
    expect(html).toContain("共 1 项");
    expect(await (await d.evaluator.b.fetch(d.path("/todo?lang=en"))).text()).toContain("Awaiting conflict declaration");

    expect(await (await d.other.b.fetch(d.path("/todo"))).text()).toContain("目前没有需要您办理的事项。");
    await d.db.prepare("UPDATE review_assignments SET submitted_at = ? WHERE district_id = ? AND id = ?").bind(new Date().toISOString(), d.code, a.id).run();
    expect(await (await d.evaluator.b.fetch(d.path("/todo?lang=zh-CN"))).text()).toContain("目前没有需要您办理的事项。");
  });

  it("needs a signed-in person", async () => {
    const d = await districtWith("150974");
    const { Browser } = await import("../helpers");
    const res = await new Browser().fetch(d.path("/todo"));
    expect([302, 303, 401]).toContain(res.status);
  });
});
