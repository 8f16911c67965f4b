import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { baseUrl, expectAccessible, signIn, useBrowser } from "./browser";

const browser = useBrowser();

it("a district admin downloads the Excel template, named in their language, and uploading it opens the import preview", async () => {
  const page = await browser.page();
  await signIn(page, "150203", "admin@kdl.example.cn");
  await page.goto(`${baseUrl()}/d/150203/admin/areas`);
  await expectAccessible(page);

  const [zh] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 Excel 模板（.xlsx）" }).click()]);
  expect(zh.suggestedFilename()).toBe("街道社区代码表-150203.xlsx");
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载 CSV 模板" }).click()]);
  expect(csv.suggestedFilename()).toBe("街道社区代码表-150203.csv");

  // The workbook as downloaded goes back through the import: the demo already has its
  // areas, so the example lines are shown as changes and nothing is written yet.
  await page.locator("#f-file").setInputFiles({ name: zh.suggestedFilename(), mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: readFileSync((await zh.path())!) });
  await page.getByRole("button", { name: "检查并导入" }).click();
  const preview = page.locator("#import-preview");
  expect(await preview.textContent()).toContain("导入预览：确认后才会写入");
  expect(await preview.textContent()).toContain("示例街道");
  await expectAccessible(page);

  await page.goto(`${baseUrl()}/d/150203/admin/areas?lang=en`);
  const [en] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the Excel template (.xlsx)" }).click()]);
  expect(en.suggestedFilename()).toBe("area-codes-150203.xlsx");
  await page.locator("#f-file").setInputFiles({ name: en.suggestedFilename(), mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: readFileSync((await en.path())!) });
  await page.getByRole("button", { name: "Check and import" }).click();
  expect(await page.locator("#import-preview").textContent()).toContain("Import preview: nothing is written until you confirm");
  await expectAccessible(page);
});
