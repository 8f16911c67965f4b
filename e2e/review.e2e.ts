import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("staff check eligibility, a reviewer declares and scores, staff decide and publish, a visitor objects, the scheduled job admits", async () => {
  const d = `${baseUrl()}/d/150203`;
  const staff = await browser.page();
  await signIn(staff, "150203", "admin@kdl.example.cn");
  await staff.goto(`${d}/incubation/manage`);
  await expectAccessible(staff);
  await staff.getByRole("link", { name: "本年度入驻招募" }).click();
  await expectAccessible(staff);
  await staff.getByRole("link", { name: "沼潭街道银龄志愿服务队" }).click();
  await staff.getByLabel("资格初审通过").check();
  await staff.getByLabel("理由或意见").fill("材料齐全，符合申请条件。");
  await staff.getByRole("button", { name: "资格初审" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("专家评审中");

  const reviewer = await browser.page();
  await signIn(reviewer, "150203", "reviewer@kdl.example.cn");
  await reviewer.goto(`${d}/review`);
  // One inbox for every kind: the incubation application to this call, by the applicant's name.
  await reviewer.locator("li", { hasText: "本年度入驻招募" }).filter({ hasText: "沼潭街道银龄志愿服务队" }).getByRole("link").first().click();
  expect(await reviewer.locator("h1").textContent()).toBe("利益冲突声明");
  await expectAccessible(reviewer);
  await reviewer.getByLabel("我与该组织不存在利益冲突").check();
  await reviewer.getByRole("button", { name: "利益冲突声明" }).click();
  const scores = reviewer.getByLabel("评分", { exact: true });
  await expect.poll(() => scores.count()).toBe(4);
  for (const [i, value] of ["27", "26", "22", "13"].entries()) await scores.nth(i).fill(value);
  await expectAccessible(reviewer);
  await reviewer.getByRole("button", { name: "提交评分" }).click();
  await expect.poll(() => reviewer.locator("[role=status]").first().textContent()).toContain("评分已提交");

  await staff.reload();
  expect(await staff.locator("main").textContent()).toContain("88");
  await staff.getByLabel("拟同意入驻").check();
  await staff.getByLabel("理由或意见").fill("评审得分 88 分，服务计划可行。");
  await staff.getByRole("button", { name: "入驻决定" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("拟入驻，待公示");
  await staff.getByRole("link", { name: "本年度入驻招募" }).click();
  await staff.getByRole("button", { name: "发布入驻公示" }).click();
  const noticeLink = staff.getByRole("link", { name: /~/ }).first();
  await expect.poll(() => noticeLink.count()).toBeGreaterThan(0);
  const noticeUrl = await noticeLink.getAttribute("href");

  const visitor = await browser.page();
  await visitor.goto(`${baseUrl()}${noticeUrl}`);
  expect(await visitor.locator("main").textContent()).toContain("沼潭街道银龄志愿服务队");
  await expectAccessible(visitor);
  await visitor.getByLabel("针对").selectOption({ label: "沼潭街道银龄志愿服务队" });
  await visitor.getByLabel("姓名或单位").fill("王女士");
  await visitor.getByLabel("联系电话或邮箱").fill("13704721234");
  await visitor.getByLabel("异议内容").fill("希望核实该服务队的活动记录。");
  await visitor.getByRole("button", { name: "提交异议" }).click();
  await expect.poll(() => visitor.locator("[role=status]").first().textContent()).toContain("异议已收到");

  await staff.reload();
  const objection = staff.locator("li", { hasText: "希望核实该服务队的活动记录。" });
  await objection.getByLabel("理由或意见").fill("经核实，活动记录齐全。");
  await objection.getByRole("button", { name: "异议不成立" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("经核实，活动记录齐全。");

  // The scheduled job runs just after the notice period has ended (and no later, so the
  // demo's open call stays open for the other journeys).
  const notice = (await (await fetch(`${baseUrl()}${noticeUrl!.replace("/notices/", "/api/v1/notices/")}`)).json()) as { ends_at: string };
  const later = Date.parse(notice.ends_at) + 60_000;
  const trigger = await fetch(`${baseUrl()}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}&time=${later}`);
  expect(trigger.ok).toBe(true);
  // Sessions idle by then were ended by the same run: sign in again.
  await signIn(staff, "150203", "admin@kdl.example.cn");
  await staff.goto(`${d}/incubation/manage`);
  await staff.getByRole("link", { name: "本年度入驻招募" }).click();
  const row = staff.locator("tr", { hasText: "沼潭街道银龄志愿服务队" });
  await expect.poll(() => row.textContent()).toContain("已入驻");
});
