import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, inject, onTestFailed } from "vitest";

// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot
// work on these machines). Flags keep it from reaching out to the network.

export const DEMO_PASSWORD = "sanshe2026demo";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function baseUrl(): string {
  return inject("baseUrl");
}

/** One browser per test file; a fresh page (and cookie jar) per journey. */
export function useBrowser(): { page(): Promise<Page> } {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // launch() gives every run a fresh, temporary profile of its own.
      args: FLAGS,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  let pages = 0;
  return {
    async page() {
      const n = ++pages;
      const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      // Keep a screenshot of the page as it was when a journey failed.
      onTestFailed(async ({ task }) => {
        mkdirSync("test-results", { recursive: true });
        // One file per page of the journey (several people may act in one journey).
        await page.screenshot({ path: `test-results/${task.name.replace(/[^\w-]+/g, "_")}-${n}.png`, fullPage: true }).catch(() => {});
      });
      return page;
    },
  };
}

export async function signIn(page: Page, district: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl()}/d/${district}/login`);
  await page.getByLabel(/电子邮箱|Email/).fill(email);
  await page.getByLabel(/^密码$|^Password$/).fill(password);
  await page.getByRole("button", { name: /登录|Sign in/ }).click();
  await page.waitForLoadState("domcontentloaded");
}
