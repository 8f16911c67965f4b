import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("a 街道's staff record a joint meeting, add an action item and close it", async () => {
  const page = await browser.page();
  await signIn(page, "150203", "jiedao@kdl.example.cn");
  await page.locator("summary", { hasText: "工作台" }).click();
  await page.getByRole("link", { name: "联席会议", exact: true }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "记录一次会议" }).click();

  await page.getByLabel("召开层级").selectOption({ label: "沼潭街道" });
  await page.getByLabel("会议名称").fill("沼潭街道三社联动联席会议（第四季度）");
  await page.getByLabel("召开日期").fill("2026-11-20");
  await page.getByLabel("社区两委").fill("李强\n张丽");
  await page.getByLabel("社会组织").fill("昆都仑区阳光社会工作服务中心");
  await page.getByLabel("议程").fill("冬季独居老人探访安排。");
  await page.getByLabel("议定事项").fill("由阳光社工中心排出探访表。");
  await expectAccessible(page);
  await page.getByRole("button", { name: "保存" }).click();
  expect(await page.locator("h1").textContent()).toBe("沼潭街道三社联动联席会议（第四季度）");

  await page.getByLabel("事项", { exact: true }).fill("排出冬季探访表");
  await page.getByLabel("个人", { exact: true }).check();
  await page.getByLabel("责任人或责任组织").fill("陈静");
  await page.getByLabel("完成期限").fill("2026-12-05");
  await page.getByRole("button", { name: "添加待办事项" }).click();
  const actions = page.locator("main");
  expect(await actions.textContent()).toContain("排出冬季探访表");
  await expectAccessible(page);

  await page.getByLabel("完成日期").fill("2026-12-01");
  await page.getByLabel("完成情况").fill("探访表已发到各社区。");
  await page.getByRole("button", { name: "标记完成" }).click();
  expect(await page.locator("main").textContent()).toContain("已完成 2026-12-01");
  expect(await page.getByRole("button", { name: "标记完成" }).count()).toBe(0);
  await expectAccessible(page);
});

it("a reviewer scores a 街道 in this year's assessment, and last year's ranking is public", async () => {
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const visitor = await browser.page();
  await visitor.goto(`${baseUrl()}/d/150203/assessments`);
  await visitor.getByRole("link", { name: `${year - 1}年度三社联动观摩评比` }).click();
  expect(await visitor.locator("table").textContent()).toContain("林荫路街道");
  await expectAccessible(visitor);

  const reviewer = await browser.page();
  await signIn(reviewer, "150203", "reviewer@kdl.example.cn");
  await reviewer.goto(`${baseUrl()}/d/150203/review`);
  await reviewer
    .locator("li", { hasText: `${year}年度三社联动观摩评比` })
    .filter({ hasText: "沼潭街道" })
    .getByRole("link")
    .first()
    .click();
  await expectAccessible(reviewer);
  await reviewer.getByLabel("无利益冲突").check();
  await reviewer.getByRole("button", { name: "利益冲突声明" }).click();
  expect(await reviewer.locator("main").textContent()).toContain("需求按时答复率");
  const scores = reviewer.getByLabel("得分", { exact: true });
  await expect.poll(() => scores.count()).toBe(2);
  await scores.nth(0).fill("8");
  await scores.nth(1).fill("7");
  await expectAccessible(reviewer);
  await reviewer.getByRole("button", { name: "提交评分" }).click();
  await expect.poll(() => reviewer.locator("main").textContent()).toContain("评分已提交");

  const admin = await browser.page();
  await signIn(admin, "150203", "admin@kdl.example.cn");
  await admin.goto(`${baseUrl()}/d/150203/linkage/assessments`);
  await admin.getByRole("link", { name: `${year}年度三社联动观摩评比` }).click();
  expect(await admin.locator("table").textContent()).toContain("已交 1 · 待交 0");
  await expectAccessible(admin);
});
