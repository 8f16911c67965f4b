import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

// From the call to the award, in the browser with axe on each page: staff open a call,
// an organization drafts and submits its bid, staff pass the eligibility check and set
// the reviewers, the reviewer scores, the window closes, staff propose within the budget
// and publish the notice, and the notice settling awards the bid (both by the scheduled
// jobs at chosen times, as cron would run them).

const browser = useBrowser();
const beijingDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const run = async (cron: string, at: number) => expect((await fetch(`${baseUrl()}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}&time=${at}`)).ok).toBe(true);

it("staff open a call, an organization bids, the reviewer scores, staff propose and publish, and the settled notice awards the bid", async () => {
  const d = `${baseUrl()}/d/150203`;
  const staff = await browser.page();
  await signIn(staff, "150203", "admin@kdl.example.cn");
  await staff.goto(`${d}/projects/calls/new`);
  await expectAccessible(staff);
  await staff.getByLabel("申报名称").fill("浏览器旅程社区公益创投");
  await staff.getByLabel("申报说明").fill("面向社区为老服务的小额创投项目，当日截止。");
  await staff.getByLabel("养老扶幼").check();
  await staff.getByLabel("截止日期").fill(beijingDay());
  await staff.getByLabel("单个项目资助上限（元）").fill("30000");
  await staff.getByLabel("资金总额（元）").fill("30000");
  await staff.getByRole("button", { name: "保存为草稿" }).click();
  await staff.getByRole("button", { name: "发布" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("已发布");
  const callUrl = staff.url().replace(/\?.*$/, "");

  // The organization drafts its bid and submits it.
  const org = await browser.page();
  await signIn(org, "150203", "org@kdl.example.cn");
  await org.goto(`${callUrl}/bid`);
  await expectAccessible(org);
  await org.getByLabel("项目名称").fill("浏览器旅程：高龄老人助浴");
  await org.getByLabel("服务类别").selectOption({ label: "养老扶幼" });
  await org.getByLabel("服务对象").fill("和平路社区高龄老人");
  await org.getByLabel("受益人数").fill("40");
  await org.getByLabel("服务内容与活动").fill("每月上门助浴两次，培训家属照护技能。");
  await org.getByLabel(/产出与成效指标/).fill("助浴 480 人次\n满意度 90% 以上");
  await org.getByLabel("合作社区（服务所在地）").selectOption("150203001001");
  await org.getByLabel("科目 1", { exact: true }).selectOption("personnel");
  await org.getByLabel("内容 1", { exact: true }).fill("护理员补贴");
  await org.getByLabel("金额（元） 1", { exact: true }).fill("25000");
  await org.getByLabel(/^陈静/).check();
  await org.getByLabel("项目负责人").selectOption({ label: "陈静" });
  await org.getByRole("button", { name: "保存草稿" }).first().click();
  await org.getByRole("button", { name: "提交申报" }).click();
  await expect.poll(() => org.locator("main").textContent()).toContain("已提交");
  const bidUrl = org.url().replace(/\?.*$/, "");

  // Staff choose the reviewer and pass the eligibility check, which sends the bid to review.
  await staff.goto(`${callUrl}/review`);
  await expectAccessible(staff);
  await staff.getByLabel("赵教授（评审专家）").check();
  await staff.getByRole("button", { name: "保存评审设置" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("浏览器旅程：高龄老人助浴");
  await staff.goto(bidUrl);
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "资格初审" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("评审中");

  // The reviewer declares no conflict and scores from the inbox.
  const reviewer = await browser.page();
  await signIn(reviewer, "150203", "reviewer@kdl.example.cn");
  await reviewer.goto(`${d}/review`);
  await reviewer.locator("li", { hasText: "浏览器旅程：高龄老人助浴" }).getByRole("link").first().click();
  await reviewer.getByLabel("无利益冲突").check();
  await reviewer.getByRole("button", { name: "利益冲突声明" }).click();
  const scores = reviewer.getByLabel("得分", { exact: true });
  await expect.poll(() => scores.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await scores.count()); i++) await scores.nth(i).fill("85");
  await expectAccessible(reviewer);
  await reviewer.getByRole("button", { name: "提交评分" }).click();
  await expect.poll(() => reviewer.locator("main").textContent()).toContain("评分已提交");

  // The window closes (the daily job after the closing day), staff propose and publish.
  await run("0 17 * * *", Date.parse(`${beijingDay(1)}T01:00:00+08:00`));
  // A run at a later time may end sessions idle by then: later steps sign in afresh.
  const buyer = await browser.page();
  await signIn(buyer, "150203", "admin@kdl.example.cn");
  await buyer.goto(`${callUrl}/review`);
  await buyer.getByRole("button", { name: "按排名在预算内生成立项建议" }).click();
  await buyer.getByLabel("公示说明").fill("经专家评审，拟立项项目公示如下。");
  await buyer.getByRole("button", { name: "发布立项公示" }).click();
  await expectAccessible(buyer);
  const href = (await buyer.locator('main a[href*="/notices/"]').first().getAttribute("href"))!;

  // The notice settles when its window has ended: the bid is awarded.
  const notice = (await (await fetch(`${baseUrl()}${href.replace("/notices/", "/api/v1/notices/")}`)).json()) as { ends_at: string };
  await run("*/5 * * * *", Date.parse(notice.ends_at) + 60_000);
  const bidder = await browser.page();
  await signIn(bidder, "150203", "org@kdl.example.cn");
  await bidder.goto(bidUrl);
  await expect.poll(() => bidder.locator("main").textContent()).toContain("已立项");
  await expectAccessible(bidder);
});
