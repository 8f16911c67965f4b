import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

async function score(evaluator: Page, value: string) {
  await evaluator.getByLabel("无利益冲突").check();
  await evaluator.getByRole("button", { name: "利益冲突声明" }).click();
  const scores = evaluator.getByLabel("得分", { exact: true });
  await expect.poll(() => scores.count()).toBe(5);
  for (let i = 0; i < 5; i++) await scores.nth(i).fill(value);
  await expectAccessible(evaluator);
  await evaluator.getByRole("button", { name: "提交评分" }).click();
  await expect.poll(() => evaluator.locator("main").textContent()).toContain("评分已提交");
}

it("a resident rates the service from the poster, the evaluator scores, staff record the results and release the last payment", async () => {
  const d = `${baseUrl()}/d/150203`;
  const contract = `${d}/projects/contracts/demo-150203-contract-p1`;

  // A resident follows the printed poster's link: no account, a plain form.
  const resident = await browser.page();
  await resident.goto(`${d}/f/demo-150203-contract-p1/poster`);
  await expectAccessible(resident);
  await resident.getByRole("link", { name: /\/f\/[0-9a-f]{8}$/ }).click();
  await expectAccessible(resident);
  await resident.getByLabel("非常满意").check();
  await resident.getByLabel("意见和建议（选填）").fill("社工很耐心，活动很实用。");
  await resident.getByRole("button", { name: "提交评价" }).click();
  await expect.poll(() => resident.locator("[role=status]").first().textContent()).toContain("谢谢您的评价");

  // The evaluator scores the mid-term evaluation waiting in the inbox.
  const evaluator = await browser.page();
  await signIn(evaluator, "150203", "evaluator@kdl.example.cn");
  await evaluator.goto(`${d}/review/demo-150203-assignment-p1-midterm`);
  await score(evaluator, "85");

  // Staff record the pass on the contract page and release the mid-term instalment.
  const staff = await browser.page();
  await signIn(staff, "150203", "admin@kdl.example.cn");
  await staff.goto(contract);
  await expectAccessible(staff);
  // The demo's six ratings and the resident's make seven.
  expect(await staff.locator("main").textContent()).toContain("7 人评分");
  await staff.getByLabel("说明").fill("服务产出与阶段成效达成。");
  await staff.getByRole("button", { name: "确认评估结果" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("合格");
  const release = async (reference: string) => {
    await staff.getByLabel("拨付日期").fill(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
    await staff.getByLabel("支付凭证号").fill(reference);
    await staff.getByRole("button", { name: "确认拨付" }).click();
    await expect.poll(() => staff.locator("main").textContent()).toContain(reference);
  };
  await release("KDL-ZF-E2E-2");

  // The final evaluation: started with the evaluator, scored, passed; the last payment.
  await staff.getByLabel("结项评估").check();
  await staff.getByLabel("北疆社会组织评估中心").check();
  await staff.getByRole("button", { name: "启动评估" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("评估中");
  await evaluator.goto(`${d}/review`);
  await evaluator.locator("li", { hasText: "沼潭街道居家养老社工服务" }).getByRole("link").first().click();
  await score(evaluator, "90");
  await staff.reload();
  await staff.getByLabel("说明").fill("全部指标达成，资金使用规范。");
  await staff.getByRole("button", { name: "确认评估结果" }).click();
  await expect.poll(() => staff.locator("main").textContent()).toContain("已结项");
  await release("KDL-ZF-E2E-3");
  await expectAccessible(staff);
});
