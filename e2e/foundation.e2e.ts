import { expect, it } from "vitest";
import { baseUrl, expectAccessible, HEADER_SHARE, headerBottom, PHONE, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("a district admin signs in, sees the district's hierarchy in Chinese and English, and signs out", async () => {
  const page = await browser.page();
  await page.goto(`${baseUrl()}/`);
  await page.getByRole("link", { name: /昆都仑区/ }).click();
  expect(await page.locator("h1").textContent()).toContain("包头市昆都仑区");
  await expectAccessible(page);
  await signIn(page, "150203", "admin@kdl.example.cn");
  // Staff land on their to-dos, then find their roles on the home page.
  expect(await page.locator("h1").textContent()).toBe("我的待办");
  await expectAccessible(page);
  await page.getByRole("link", { name: "首页", exact: true }).click();
  expect(await page.locator("main").textContent()).toContain("区民政局管理员");
  await page.getByRole("link", { name: "街道与社区" }).click();
  expect(await page.locator("main").textContent()).toContain("沼潭街道");
  await page.getByRole("link", { name: "English" }).click();
  expect(await page.locator("h1").textContent()).toBe("Sub-districts and communities");
  await expectAccessible(page);
  await page.goto(`${baseUrl()}/d/150203/?elder=1`);
  await expectAccessible(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  expect(await page.locator("[role=status]").textContent()).toContain("You have signed out.");
});

it("on a 390×844 phone the header and menu take at most a fifth of the first screen, elder mode and signed-in staff included", async () => {
  const page = await browser.page();
  await page.setViewportSize(PHONE);
  for (const elder of ["0", "1"]) {
    await page.goto(`${baseUrl()}/d/150203/?elder=${elder}`);
    expect(await headerBottom(page), `visitor, elder=${elder}`).toBeLessThanOrEqual(PHONE.height * HEADER_SHARE);
  }
  await page.goto(`${baseUrl()}/d/150203/?elder=0`);
  await signIn(page, "150203", "admin@kdl.example.cn");
  for (const elder of ["0", "1"]) {
    await page.goto(`${baseUrl()}/d/150203/todo?elder=${elder}`);
    expect(await headerBottom(page), `district admin, elder=${elder}`).toBeLessThanOrEqual(PHONE.height * HEADER_SHARE);
  }
});
