import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { baseUrl, DEMO_PASSWORD, expectAccessible, signIn, useBrowser } from "./browser";

// Messages reach people through the queue consumer, a moment after the change: pages
// are reloaded until they show them.

const browser = useBrowser();
const d = () => `${baseUrl()}/d/150203`;
const WAIT = { timeout: 20_000, interval: 500 };
// Organization names are unique in a district: a run against a server already used by
// an earlier run (SANSHE_E2E_URL) needs names of its own.
const RUN = Date.now().toString(36).slice(-5).toUpperCase();
const APPLICANT = `阿尔丁大街楼道互助发起团队 ${RUN}`;
const REASON = `请补充发起人身份证明（补正通知 ${RUN}）。`;

/** A new organization account (a founding team), signed in. */
async function signUp(page: Page, organization: string, person: string, email: string): Promise<void> {
  await page.goto(`${d()}/signup`);
  await page.getByLabel("组织名称（或发起团队名称）").fill(organization);
  await page.getByLabel("尚未登记的发起团队").check();
  await page.getByLabel("姓名或称呼").fill(person);
  await page.getByLabel("电子邮箱").fill(email);
  await page.getByLabel("密码", { exact: true }).fill("neighbours-2026");
  await page.getByRole("button", { name: "注册" }).click();
  await expect.poll(() => page.locator("[role=status]").textContent()).toContain("注册申请已提交");
  await signIn(page, "150203", email, "neighbours-2026");
}

async function unread(page: Page): Promise<number> {
  await page.reload();
  const text = (await page.locator("a.bell").first().textContent()) ?? "";
  return Number(/（(\d+) 条未读）/.exec(text)?.[1] ?? 0);
}

it("an application returned by staff reaches the organization's inbox and the district's outbox as an SMS", async () => {
  const org = await browser.page();
  await signUp(org, APPLICANT, "钱晓燕", `e2e-notify-${Date.now()}@example.cn`);
  await org.goto(`${d()}/incubation`);
  await org.getByRole("link", { name: "本年度入驻招募" }).first().click();
  await org.getByRole("button", { name: "在线申请入驻" }).click();
  await org.getByLabel("组织简介").fill("我们是阿尔丁大街的居民，组织楼道互助，为行动不便的邻居代购代办。");
  await org.getByLabel("孵化期工作计划").fill("孵化期内完成登记注册，建立楼长制度，开展代购代办和楼道议事两个项目。");
  await org.getByLabel("能力建设").check();
  await org.getByLabel("团队人数").fill("5");
  await org.getByLabel("发起人（每人一行：姓名，职责）").fill("钱晓燕，负责人\n李强，楼长协调");
  await org.getByRole("checkbox", { name: "全体发起人已签名确认申请内容" }).check();
  await org.getByRole("button", { name: "保存草稿" }).click();
  await expect.poll(() => org.locator("[role=status]").first().textContent()).toContain("草稿已保存");
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "sanshe-upload-")), "孵化计划书.pdf");
  writeFileSync(file, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  await org.getByLabel("选择文件").setInputFiles(file);
  await org.getByRole("button", { name: "上传" }).click();
  await expect.poll(() => org.locator("section", { has: org.locator("#attachments") }).textContent()).toContain("孵化计划书.pdf");
  await org.getByLabel(/我确认以上内容真实/).check();
  await org.getByRole("button", { name: "提交申请" }).click();
  await expect.poll(() => org.locator("main").textContent()).toContain("已提交，待资格初审");
  const before = await unread(org);

  const staff = await browser.page();
  await signIn(staff, "150203", "admin@kdl.example.cn");
  await staff.goto(`${d()}/incubation/manage`);
  await staff.getByRole("link", { name: "本年度入驻招募" }).click();
  await staff.getByRole("link", { name: APPLICANT }).click();
  await staff.getByLabel("退回修改").check();
  await staff.getByLabel("理由或意见").fill(REASON);
  await staff.getByRole("button", { name: "资格初审" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("已退回修改");

  // The bell counts the new message; the inbox lists it; opening it reads it.
  await expect.poll(() => unread(org), WAIT).toBe(before + 1);
  await org.goto(`${d()}/notifications`);
  const item = org.locator("li", { hasText: "入驻申请被退回补正：本年度入驻招募" });
  expect(await item.getAttribute("class")).toBe("unread");
  expect(await item.textContent()).toContain(REASON);
  await expectAccessible(org);
  await item.getByRole("link", { name: "查看" }).click();
  await expect.poll(() => org.locator("main").textContent()).toContain("已退回修改");
  expect(await unread(org)).toBe(before);
  await org.goto(`${d()}/notifications`);
  expect(await org.locator("li", { hasText: "入驻申请被退回补正：本年度入驻招募" }).getAttribute("class")).toBe("read");

  // The district admin's delivery view shows the SMS it would have sent, to whom, by name.
  // The row turns to 已记录 once the queue consumer has handled it (the page is reloaded
  // until it has), except from 21:00 to 08:00 Beijing time, when a non-urgent SMS waits
  // for the morning and the row says when it will go.
  const sms = staff.locator("tr", { hasText: REASON }).filter({ hasText: "短信" });
  const smsRow = async () => {
    await staff.goto(`${d()}/notifications/admin`);
    return (await sms.count()) === 1 ? await sms.textContent() : "";
  };
  await expect.poll(smsRow, WAIT).toMatch(/已记录（未实际发送）|将于 \d{4}-\d{2}-\d{2} 08:00 发送/);
  await expectAccessible(staff);
});

it("a person resets their password from the sign-in page with the code read in the operator's outbox", async () => {
  const email = `e2e-reset-${Date.now()}@example.cn`;
  const person = await browser.page();
  await signUp(person, `包钢社区读书会发起团队 ${RUN}`, "周文静", email);
  await person.context().clearCookies();

  // Demo districts record messages instead of sending them: the operator opens the code.
  const operator = await browser.page();
  await operator.goto(`${baseUrl()}/platform/login`);
  await operator.getByLabel("电子邮箱").fill("operator@sanshe.example.cn");
  await operator.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await operator.getByRole("button", { name: "登录" }).click();
  // Rows recorded in outbox mode with the code still sealed carry the button that opens it.
  const row = operator
    .locator("tr", { hasText: "密码重置验证码" })
    .filter({ hasText: "周文静" })
    .filter({ has: operator.getByRole("button", { name: /显示验证码/ }) });
  const codes = async () => {
    await operator.goto(`${baseUrl()}/platform/outbox`);
    return row.count();
  };
  const earlier = await codes();

  await person.goto(`${d()}/login`);
  await person.getByRole("link", { name: "忘记密码？" }).click();
  await expectAccessible(person);
  await person.getByLabel("电子邮箱").fill(email);
  await person.getByRole("button", { name: "发送验证码" }).click();
  await expect.poll(() => person.locator("[role=status]").textContent()).toContain("验证码已经发出");

  // The newest first: this request's messages.
  await expect.poll(codes, WAIT).toBeGreaterThan(earlier);
  expect(await row.first().textContent()).toContain("••••••");
  await expectAccessible(operator);
  await row
    .first()
    .getByRole("button", { name: /显示验证码/ })
    .click();
  const body = (await operator.locator("main").textContent()) ?? "";
  const code = /验证码是 (\d{6})/.exec(body)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await expectAccessible(operator);

  await person.getByLabel("验证码（6 位数字）").fill(code!);
  await person.getByLabel("新密码").fill("fresh-start-2026");
  await person.getByRole("button", { name: "重置密码" }).click();
  await expect.poll(() => person.locator("[role=status]").first().textContent()).toContain("密码已重置");
  await signIn(person, "150203", email, "fresh-start-2026");
  await person.goto(`${d()}/account`);
  await expect.poll(() => person.locator("h1").textContent()).toBe("我的账户");
});
