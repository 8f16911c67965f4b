import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("an organization signs up, applies to a call with an attachment, submits and follows its status", async () => {
  const page = await browser.page();
  const d = `${baseUrl()}/d/150203`;
  await page.goto(`${d}/signup`);
  await expectAccessible(page);
  // Names are unique per run: a server kept between runs already has the last run's
  // team, and a second sign-up under its name is refused.
  const run = Date.now();
  await page.getByLabel("组织名称（或发起团队名称）").fill(`友谊大街邻里守望发起团队${String(run).slice(-8)}`);
  await page.getByLabel("尚未登记的发起团队").check();
  await page.getByLabel("姓名或称呼").fill("赵敏");
  const email = `e2e-${run}@example.cn`;
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill("neighbours-2026");
  await page.getByRole("button", { name: "注册" }).click();
  // Sign-up answers the same for every address and signs nobody in: the new account signs in.
  await expect.poll(() => page.locator("[role=status]").textContent()).toContain("注册申请已提交");
  await signIn(page, "150203", email, "neighbours-2026");
  await page.goto(`${d}/account`);
  await expect.poll(() => page.locator("h1").textContent()).toBe("我的账户");

  await page.goto(`${d}/incubation`);
  await page.getByRole("link", { name: "本年度入驻招募" }).first().click();
  await page.getByRole("button", { name: "在线申请入驻" }).click();
  await expect.poll(() => page.locator("h1").textContent()).toContain("入驻申请");
  await expectAccessible(page);

  await page.getByLabel("组织简介").fill("我们是友谊大街的居民志愿者，三年来为独居老人提供每周探访服务。");
  await page.getByLabel("孵化期工作计划").fill("孵化期内完成登记注册，建立志愿者管理制度，开展独居老人探访和邻里互助两个项目。");
  await page.getByLabel("能力建设").check();
  await page.getByLabel("团队人数").fill("7");
  await page.getByLabel("发起人（每人一行：姓名，职责）").fill("赵敏，负责人\n孙磊，志愿者协调");
  await page.getByRole("checkbox", { name: "全体发起人已签名确认申请内容" }).check();
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expect.poll(() => page.locator("[role=status]").first().textContent()).toContain("草稿已保存");

  const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-upload-"));
  const file = path.join(dir, "孵化计划书.pdf");
  writeFileSync(file, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  // Typed just before the upload, with no time for auto-save: the upload keeps it.
  await page.getByLabel("团队人数").fill("8");
  await page.getByLabel("选择文件").setInputFiles(file);
  await page.getByRole("button", { name: "上传" }).click();
  await expect.poll(() => page.locator("section", { has: page.locator("#attachments") }).textContent()).toContain("孵化计划书.pdf");
  expect(await page.getByLabel("团队人数").inputValue()).toBe("8");

  await page.getByLabel(/我确认以上内容真实/).check();
  await page.getByRole("button", { name: "提交申请" }).click();
  await expect.poll(() => page.locator("main").textContent()).toContain("已提交，待资格初审");
  expect(await page.locator("section", { has: page.locator("#history") }).textContent()).toContain("已提交，待资格初审");

  await expectAccessible(page);
  await page.goto(`${d}/incubation/my`);
  expect(await page.locator("main").textContent()).toContain("本年度入驻招募");
});
