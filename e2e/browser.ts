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

/** axe-core (WCAG 2.1 A/AA rules) on a page as it stands, failing on serious or critical violations. */
async function checkAxe(page: Page, as: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) {
    throw new Error(`accessibility violations on ${page.url()} (${as}):\n${bad.map((v) => `- ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("\n")}`);
  }
}

export const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1200, height: 900 };
/** The most of a phone's first screen the header and menu may take. */
export const HEADER_SHARE = 1 / 5;

/** Where the header and menu end on the first screen, in CSS pixels from the top. */
export async function headerBottom(page: Page): Promise<number> {
  return (await page.evaluate(`window.scrollTo(0, 0); Math.max(0, ...[...document.querySelectorAll("header.site, nav.main")].map((p) => p.getBoundingClientRect().bottom))`)) as number;
}

// The ways a visitor may see a page besides the one a journey is on: the other language,
// elder mode, and a 390×844 phone in both.
const VARIANTS = [
  { viewport: DESKTOP, lang: "en", elder: "0" },
  { viewport: DESKTOP, lang: "zh-CN", elder: "1" },
  { viewport: PHONE, lang: "zh-CN", elder: "0" },
  { viewport: PHONE, lang: "en", elder: "1" },
] as const;

/**
 * Runs axe on the current page and then on the same address in English, in elder mode
 * and on a phone (where the header and menu must also fit in a fifth of the screen),
 * in a second tab of the same session so that the journey's page stays as it is. The
 * language and mode the journey had are restored afterwards. A page reached by a form
 * post (its address does not answer a plain visit) is checked as it stands only.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await checkAxe(page, "as shown");
  const url = new URL(page.url());
  const had = (await page.evaluate(`({ lang: document.documentElement.lang === "en" ? "en" : "zh-CN", elder: document.documentElement.classList.contains("elder") ? "1" : "0" })`)) as { lang: string; elder: string };
  const other = await page.context().newPage();
  const visit = async (lang: string, elder: string) => {
    const target = new URL(url);
    target.searchParams.set("lang", lang);
    target.searchParams.set("elder", elder);
    return other.goto(target.toString());
  };
  try {
    for (const v of VARIANTS) {
      await other.setViewportSize(v.viewport);
      const res = await visit(v.lang, v.elder);
      if (res?.status() !== 200) break;
      const as = `${v.lang}${v.elder === "1" ? ", elder mode" : ""}, ${v.viewport.width}×${v.viewport.height}`;
      await checkAxe(other, as);
      if (v.viewport === PHONE) {
        const bottom = await headerBottom(other);
        if (bottom > PHONE.height * HEADER_SHARE) throw new Error(`header and menu take ${Math.round(bottom)} of ${PHONE.height} px on ${url} (${as})`);
      }
    }
  } finally {
    await visit(had.lang, had.elder).catch(() => {});
    await other.close();
  }
}
