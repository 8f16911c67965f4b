import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("a district administrator creates a post, opens it, and assigns a social worker to it", async () => {
  const page = await browser.page();
  await signIn(page, "150203", "admin@kdl.example.cn");
  // Staff pages sit in the 工作台 menu, opened like any disclosure widget.
  await page.locator("summary", { hasText: "工作台" }).click();
  await page.getByRole("link", { name: "社会工作岗位", exact: true }).click();
  await expectAccessible(page);
  await page.getByRole("link", { name: "新增岗位" }).click();
  await expectAccessible(page);

  await page.getByLabel("岗位名称").fill("社区儿童关爱社会工作者");
  await page.getByLabel("设岗单位").selectOption({ label: "和平路社区" });
  await page.getByLabel("所在区域").selectOption({ label: "沼潭街道 · 和平路社区" });
  await page.getByLabel("岗位类别").selectOption({ label: "专业技能类" });
  await page.getByLabel("嵌入方式").selectOption({ label: "岗位开发式嵌入" });
  await page.getByLabel("经费来源").selectOption({ label: "政府购买岗位" });
  await page.getByLabel("工作内容").fill("为困境儿童建立关爱档案\n开展四点半课堂");
  await page.getByLabel("职责范围").fill("儿童个案管理\n协助儿童主任开展工作");
  await page.getByLabel("工作步骤").fill("排查建档\n分类服务\n定期回访");
  await page.getByLabel("任职资格要求").selectOption({ label: "助理社会工作师及以上" });
  await page.getByLabel("岗位人数").fill("1");
  await page.getByRole("button", { name: "保存为草稿" }).click();

  expect(await page.locator("h1").textContent()).toBe("社区儿童关爱社会工作者");
  await expectAccessible(page);
  expect(await page.locator("[role=status]").first().textContent()).toContain("岗位已创建（草稿）");
  await page.getByRole("button", { name: "发布招聘" }).click();
  expect(await page.locator("main").textContent()).toContain("招聘中");

  await page.getByLabel("社会工作者", { exact: true }).selectOption({ label: "郑雪（助理社会工作师）" });
  await page.getByRole("button", { name: "确认到岗" }).click();
  expect(await page.locator("[role=status]").first().textContent()).toContain("已安排到岗");
  const assignments = page.locator("section", { has: page.getByRole("heading", { name: "任职情况" }) });
  expect(await assignments.locator("table").textContent()).toContain("郑雪");
  expect(await page.locator("main").textContent()).toContain("在岗 1 人，岗位人数 1 人");
  await expectAccessible(page);

  // The revision history shows the draft and the opening, and the post is listed publicly.
  await page.getByRole("link", { name: "修订记录" }).click();
  expect(await page.locator("main").textContent()).toContain("第 2 版");
  await expectAccessible(page);
  await page.goto(`${baseUrl()}/d/150203/open-posts`);
  expect(await page.locator("main").textContent()).toContain("社区儿童关爱社会工作者");
  await expectAccessible(page);
});
