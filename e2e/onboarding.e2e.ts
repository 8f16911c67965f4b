import { expect, it } from "vitest";
import { baseUrl, expectAccessible, DEMO_PASSWORD, useBrowser } from "./browser";

const browser = useBrowser();

it("an operator creates a district and invites its admin, who accepts and completes the wizard until the district is live", async () => {
  // The operator creates 九原区 and issues the first admin's invitation.
  const operator = await browser.page();
  await operator.goto(`${baseUrl()}/platform/login`);
  await operator.getByLabel("电子邮箱").fill("operator@sanshe.example.cn");
  await operator.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await operator.getByRole("button", { name: "登录" }).click();
  await operator.getByRole("link", { name: "新建区" }).click();
  await operator.getByLabel("行政区划代码").fill("150207");
  await operator.getByLabel("区名称（中文）").fill("九原区");
  await operator.getByLabel("区名称（英文）").fill("Jiuyuan District");
  await operator.getByLabel("所属市（中文）").fill("包头市");
  await operator.getByLabel("所属市（英文）").fill("Baotou");
  await operator.getByRole("button", { name: "创建" }).click();
  await operator.waitForURL("**/platform/districts/150207?created=1");
  expect(await operator.locator("[role=status]").textContent()).toContain("已创建包头市九原区（150207）");
  await expectAccessible(operator);
  await operator.getByLabel("管理员的电子邮箱").fill("admin@jy.example.cn");
  await operator.getByRole("button", { name: "生成邀请链接" }).click();
  const link = await operator.locator("#invitation-link").inputValue();
  expect(link).toContain("/d/150207/invite/");

  // The public sees "coming soon".
  const visitor = await browser.page();
  await visitor.goto(`${baseUrl()}/d/150207/`);
  expect(await visitor.locator("h1").textContent()).toContain("即将开通");
  await expectAccessible(visitor);

  // The admin accepts and sets a password.
  const admin = await browser.page();
  await admin.goto(link);
  await admin.getByLabel("姓名或称呼").fill("高原（九原区民政局）");
  await admin.getByLabel("新密码").fill("jiuyuan-admin-2026");
  await admin.getByRole("button", { name: "设置密码并进入" }).click();
  await admin.waitForURL("**/d/150207/admin");
  expect(await admin.locator("h1").textContent()).toBe("开通向导");
  await expectAccessible(admin);
  expect(await admin.locator(".steps").textContent()).toContain("已完成 0/5 步");

  // 1. Profile.
  await admin.getByRole("link", { name: "继续：区概况" }).click();
  await admin.getByLabel("办公地址").fill("包头市九原区建华南路（演示）");
  await admin.getByLabel("联系电话").fill("0472-5100000");
  await admin.getByLabel("标志文字").fill("九原民政");
  await admin.getByRole("button", { name: "保存并继续" }).click();
  await admin.waitForURL("**/admin/areas");

  // 2. Hierarchy: one sub-district by hand, the rest from a CSV file.
  expect(await admin.locator("h1").textContent()).toBe("街道与社区");
  await expectAccessible(admin);
  await admin.getByLabel("统计用区划代码").first().fill("150207001");
  await admin.getByLabel("名称", { exact: true }).first().fill("沙河街道");
  await admin.getByRole("button", { name: "添加", exact: true }).first().click();
  expect(await admin.locator("[role=status]").textContent()).toContain("已添加 沙河街道");
  await admin.locator("#f-file").setInputFiles({
    name: "九原区.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("代码,名称,类型\n150207001001,沙河社区,社区\n150207002,萨如拉街道,街道\n150207002001,萨如拉社区,社区\n", "utf8"),
  });
  await admin.getByRole("button", { name: "检查并导入" }).click();
  // The district already has a sub-district, so the file is an update, previewed before anything is written.
  expect(await admin.locator("#import-preview").textContent()).toContain("新增 3 个");
  await admin.getByRole("button", { name: "确认导入" }).click();
  expect(await admin.locator("[role=status]").textContent()).toContain("已更新：新增 3 个");
  await admin.getByRole("button", { name: "本步骤已完成，继续下一步" }).click();
  await admin.waitForURL("**/admin/staff");

  // 3. Staff: invite a community worker, then move on.
  expect(await admin.locator("h1").textContent()).toBe("人员邀请");
  await expectAccessible(admin);
  await admin.getByLabel("对方的电子邮箱").fill("shequ@jy.example.cn");
  await admin.getByLabel("角色").selectOption("community_staff");
  await admin.getByLabel("负责范围").selectOption("150207001001");
  await admin.getByRole("button", { name: "生成邀请链接" }).click();
  expect(await admin.locator("#invitation-link").inputValue()).toContain("/d/150207/invite/");
  expect(await admin.locator("main").textContent()).toContain("待接受");
  await admin.getByRole("button", { name: "人员邀请告一段落，继续下一步" }).click();
  await admin.waitForURL("**/admin/settings");

  // 4. Rule settings: a range error first, then a valid value.
  expect(await admin.locator("h1").textContent()).toBe("规则设置");
  await expectAccessible(admin);
  await admin.getByLabel("公示期（工作日）").fill("0");
  await admin.getByRole("button", { name: "保存并继续" }).click();
  expect(await admin.locator("[role=alert]").textContent()).toContain("不能小于 1");
  await admin.getByLabel("公示期（工作日）").fill("7");
  await admin.getByRole("button", { name: "保存并继续" }).click();
  await admin.waitForURL("**/admin/modules");

  // 5. Modules.
  expect(await admin.locator("h1").textContent()).toBe("服务模块");
  await expectAccessible(admin);
  await admin.getByLabel("社会工作岗位开发").uncheck();
  await admin.getByRole("button", { name: "保存并继续" }).click();
  await admin.waitForURL("**/d/150207/admin");

  // Go live.
  expect(await admin.locator(".steps").textContent()).toContain("已完成 5/5 步");
  await admin.getByRole("button", { name: "正式开通本区" }).click();
  await admin.waitForURL("**/admin?launched=1");
  expect(await admin.locator("[role=status]").textContent()).toContain("本区已正式开通");

  await visitor.goto(`${baseUrl()}/d/150207/`);
  expect(await visitor.locator("h1").textContent()).toBe("包头市九原区三社联动服务平台");
  await expectAccessible(visitor);
  expect(await visitor.locator("main").textContent()).toContain("0472-5100000");
});
