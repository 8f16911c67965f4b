import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { type AppError, validationFailed } from "../../src/http/errors";
import { renderError } from "../../src/http/problem";
import { localeAndMode } from "../../src/i18n/locale";
import { fillSummaryLabels, labelText } from "../../src/http/form-summary";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// The error summary above a refused form names each field and links to it, in both
// languages, on every form: the names come from the fields' own labels and legends.

const A = await districtWith("170401", { ...POSTS_CAST });
const FORM = A.path("/n/001001");

async function refused(path: string): Promise<{ status: number; html: string }> {
  const b = new Browser();
  const page = await b.fetch(path);
  const once = /name="_once" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await b.fetch(path, { method: "POST", form: { _csrf: b.csrf, _once: once, category: "", description: "短", name: "王阿姨", phone: "123" } });
  return { status: res.status, html: await res.text() };
}

/** The summary's entries as [href, visible text]. */
function summaryLinks(html: string): [string, string][] {
  const box = /<div class="notice error" role="alert">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? "";
  return [...box.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1]!, m[2]!.replace(/<[^>]*>/g, "")]);
}

describe("error summary", () => {
  it("fills each entry with its field's label or legend, and leaves an entry without a field alone", () => {
    const html =
      '<ul><li><a href="#f-name"><span data-label-of="f-name"></span>此项必填。</a></li><li><a href="#f-kind"><span data-label-of="f-kind"></span>请选择。</a></li><li><a href="#f-gone"><span data-label-of="f-gone"></span>x</a></li></ul>' +
      '<label for="f-name">单位名称 <abbr title="必填">*</abbr></label><fieldset class="field" id="f-kind"><legend>类别</legend></fieldset>';
    const out = fillSummaryLabels(html, "zh-CN");
    expect(out).toContain('<span data-label-of="f-name">单位名称 *：</span>此项必填。');
    expect(out).toContain('<span data-label-of="f-kind">类别：</span>请选择。');
    expect(out).toContain('<span data-label-of="f-gone"></span>x');
    expect(fillSummaryLabels(html, "en")).toContain("类别: </span>");
    expect(labelText('<label for="f-a.b">A &amp; B</label>', "f-a.b")).toBe("A &amp; B");
    expect(labelText('<label for="f-axb">no</label>', "f-a.b")).toBeNull();
  });

  it("names and links every field with an error on a real form, in zh-CN", async () => {
    const { status, html } = await refused(FORM);
    expect(status).toBe(422);
    const links = summaryLinks(html);
    expect(links.map(([href]) => href).sort()).toEqual(["f-category", "f-consent", "f-description", "f-phone"]);
    for (const [href, text] of links) {
      // The anchor exists on the page, and the entry starts with a name, not the bare message.
      expect(html).toContain(`id="${href}"`);
      expect(text).toMatch(/^[^：]+：.+/);
      expect(text.startsWith("此项必填")).toBe(false);
    }
  });

  it("does the same in English", async () => {
    const { status, html } = await refused(`${FORM}?lang=en`);
    expect(status).toBe(422);
    const links = summaryLinks(html);
    expect(links.length).toBe(4);
    for (const [, text] of links) expect(text).toMatch(/^[^:]+: .+/);
  });

  it("a refused post that reaches the error page shows no field keys and leads back to the form", async () => {
    const app = new Hono<AppEnv>();
    app.use(localeAndMode);
    app.post("/d/170401/score", () => {
      throw validationFailed([{ field: "scores.0.score", code: "too_big", message: "不能大于 10。" }]);
    });
    app.onError((e, c) => renderError(c, e as AppError));
    const res = await app.request("https://example.test/d/170401/score", { method: "POST", headers: { referer: "https://example.test/d/170401/review/7?tab=a", accept: "text/html" } }, {});
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("不能大于 10。");
    expect(html).not.toContain("scores.0.score");
    expect(html).toContain('<a href="/d/170401/review/7?tab=a">返回上一页修改</a>');
  });
});
