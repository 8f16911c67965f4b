import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
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
      // bypassCSP only so that the accessibility checker can be injected into pages.
      const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1200, height: 900 }, bypassCSP: true });
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

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the current page and fails on serious or
 * critical violations, listing them.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    throw new Error(`accessibility violations on ${page.url()}:\n${bad.map((v) => `- ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("\n")}`);
  }
}
