import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();
const pageWidth = (page: Page) => page.evaluate("document.documentElement.scrollWidth") as Promise<number>;

// A resident on a small phone (390×844), without an account: opens the community's short
// link from the poster, sends a need with a phone number after reading who handles it,
// keeps the receipt code, and later follows the need from the lookup page by typing the
// code as people do (lower case, with a space). The community's staff then answer it on
// their needs page, and the resident's status page shows the answer in their words.
it("a resident on a phone sends a need, follows it by receipt code, and reads the community's answer", async () => {
  const page = await browser.page();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl()}/d/150203/n/001001`);
  expect(await page.locator("h1").textContent()).toContain("和平路社区");
  // Nothing on the form is wider than the phone.
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await expectAccessible(page);

  // Personal data without consent comes back with the error beside the box and the text kept.
  await page.getByLabel("养老助老").check();
  await page.getByLabel("请描述您的需求").fill("楼里有两位独居老人，希望有人每周上门看看。");
  await page.getByLabel("手机号（选填，仅社区工作人员可见）").fill("13904720390");
  await page.getByRole("button", { name: "提交需求" }).click();
  expect(await page.locator("#f-consent-error").textContent()).toContain("请先勾选同意");
  expect(await page.getByLabel("请描述您的需求").inputValue()).toBe("楼里有两位独居老人，希望有人每周上门看看。");
  await expectAccessible(page);

  expect(await page.locator("#pipl-processor").textContent()).toContain("个人信息处理者");
  await page.getByLabel("我已阅读并同意上述个人信息处理方式").check();
  await page.getByRole("button", { name: "提交需求" }).click();
  expect(await page.locator("h1").textContent()).toBe("需求办理进度");
  const receipt = (await page.locator(".receipt").first().textContent())!.trim();
  expect(receipt).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  expect(await page.locator("main").textContent()).toContain("已收到，等待社区答复");
  expect(await page.locator("main").textContent()).not.toContain("13904720390");
  expect(await pageWidth(page)).toBeLessThanOrEqual(390);
  await expectAccessible(page);

  // Later, on the same phone: the lookup page finds it by the code as typed.
  const later = await browser.page();
  await later.setViewportSize({ width: 390, height: 844 });
  await later.goto(`${baseUrl()}/d/150203/needs/status`);
  await expectAccessible(later);
  await later.getByLabel("回执码").fill(`${receipt.slice(0, 4).toLowerCase()} ${receipt.slice(5)}`);
  await later.getByRole("button", { name: "查询" }).click();
  expect(await later.locator("h1").textContent()).toBe("需求办理进度");
  const main = (await later.locator("main").textContent()) ?? "";
  expect(main).toContain(receipt);
  expect(main).toContain("和平路社区");
  expect(main).toContain("养老助老");
  expect(main).toContain("已收到，等待社区答复");
  await expectAccessible(later);

  // The community's staff find the need by its receipt code and accept it into the list.
  const staff = await browser.page();
  await signIn(staff, "150203", "shequ@kdl.example.cn");
  await staff.goto(`${baseUrl()}/d/150203/linkage/needs`);
  await expectAccessible(staff);
  await staff.getByRole("link", { name: receipt, exact: true }).click();
  await staff.getByLabel("受理，列入社区需求清单").check();
  await staff.getByLabel("优先级（受理时必选）").selectOption({ label: "优先" });
  await staff.getByLabel("给居民的答复（居民可见，请用通俗的话）").fill("已列入社区需求清单，网格员本周上门了解情况。");
  await expectAccessible(staff);
  await staff.getByRole("button", { name: "保存答复" }).click();
  expect(await staff.locator("main").textContent()).toContain("已列入社区需求清单，网格员本周上门了解情况。");

  // The resident's status page now carries the answer instead of "waiting".
  await later.reload();
  const answered = (await later.locator("main").textContent()) ?? "";
  expect(answered).toContain("已列入社区需求清单，网格员本周上门了解情况。");
  expect(answered).not.toContain("已收到，等待社区答复");
  expect(await pageWidth(later)).toBeLessThanOrEqual(390);
  await expectAccessible(later);
});
