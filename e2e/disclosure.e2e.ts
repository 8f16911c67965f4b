import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("a visitor searches the organization directory and opens an organization's page, in Chinese and in English", async () => {
  const page = await browser.page();
  await page.goto(`${baseUrl()}/d/150203/`);
  await page.getByRole("link", { name: "社会组织", exact: true }).first().click();
  expect(await page.locator("h1").textContent()).toBe("社会组织名录");
  await expectAccessible(page);

  await page.getByLabel("名称或统一社会信用代码").fill("昆都仑区阳光社会");
  await page.getByRole("button", { name: "查询" }).click();
  expect(await page.locator("#results").textContent()).toBe("共找到 1 家社会组织");
  await page.getByRole("link", { name: "昆都仑区阳光社会工作服务中心" }).click();

  expect(await page.locator("h1").textContent()).toBe("昆都仑区阳光社会工作服务中心");
  await expectAccessible(page);
  expect(await page.title()).toBe("昆都仑区阳光社会工作服务中心 - 包头市昆都仑区 · 三社联动服务平台");
  const main = (await page.locator("main").textContent()) ?? "";
  expect(main).toContain("基本信息");
  expect(main).toContain("5A，有效期至");
  expect(main).toContain("法定代表人");
  expect(main).not.toContain("13904721234");
  expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe("昆都仑区阳光社会工作服务中心");
  await expectAccessible(page);

  // A filter, and the way back to the directory.
  await page.getByRole("link", { name: "社会组织名录" }).click();
  await page.getByText("筛选条件").click();
  await page.getByLabel("评估等级").selectOption("5A");
  await page.getByRole("button", { name: "查询" }).click();
  expect(await page.locator("main").textContent()).toContain("昆都仑区阳光社会工作服务中心");

  // The same journey in English, and in elder mode.
  await page.getByRole("link", { name: "English" }).click();
  expect(await page.locator("h1").textContent()).toBe("Organization directory");
  await page.getByRole("link", { name: "Elder mode" }).click();
  expect(await page.locator("html").getAttribute("class")).toBe("elder");
  await page.getByLabel("Name or credit code").fill("52150203");
  await page.getByRole("button", { name: "Search" }).click();
  expect(await page.locator("#results").textContent()).toMatch(/^\d+ organizations found$/);
  await page.getByRole("link", { name: "昆都仑区阳光社会工作服务中心" }).click();
  expect(await page.locator("h2#basic").textContent()).toBe("Basic information");
  expect(await page.locator("html").getAttribute("lang")).toBe("en");
  expect(await page.locator("html").getAttribute("class")).toBe("elder");
  expect(await page.locator("main").textContent()).toContain("Legal representative");
  await expectAccessible(page);
});

it("credit and evaluation staff work on pages every staff member can use", async () => {
  const page = await browser.page();
  await signIn(page, "150203", "admin@kdl.example.cn");
  for (const [path, heading] of [
    ["/manage/credit", /信用/],
    ["/manage/evaluations", /评估/],
    ["/manage/organizations", /社会组织/],
    ["/manage/claims", /认领/],
  ] as const) {
    await page.goto(`${baseUrl()}/d/150203${path}`);
    expect(await page.locator("h1").textContent()).toMatch(heading);
    await expectAccessible(page);
  }
});
