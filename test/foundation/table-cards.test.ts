import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { summaryLabels } from "../../src/http/form-summary";
import { STYLESHEET } from "../../src/ui/styles";
import { stackTables } from "../../src/ui/table-cards";

// Data tables become labelled cards on phones: every cell carries its column heading
// (copied from the heading row when the page is rendered) and the stylesheet stacks
// marked tables below 40rem, without a script.

const TABLE =
  '<table class="wide"><caption>名单</caption><thead><tr><th scope="col">名称</th><th scope="col">状态 <abbr title="x">?</abbr></th><th></th></tr></thead><tbody><tr><th scope="row">阳光 &amp; 社工</th><td>正常</td><td><a href="/x">查看</a></td></tr><tr><td>助老</td><td data-label="自定">撤销</td><td></td></tr></tbody></table>';

describe("tables as cards on phones", () => {
  it("copies each column heading onto its cells and marks the table", () => {
    const out = stackTables(TABLE);
    expect(out).toContain('<table class="stacked wide">');
    expect(out).toContain('<th data-label="名称" scope="row">阳光 &amp; 社工</th>');
    expect(out).toContain('<td data-label="状态 ?">正常</td>');
    // A column without a heading (the actions) gets no label; a cell's own label stays.
    expect(out).toContain('<td><a href="/x">查看</a></td>');
    expect(out).toContain('<td data-label="自定">撤销</td>');
    // The heading row itself is left alone.
    expect(out).toContain('<thead><tr><th scope="col">名称</th>');
  });

  it("leaves tables with merged cells or without a heading row as they are", () => {
    const merged = '<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td colspan="2">x</td></tr></tbody></table>';
    const bare = "<table><tr><td>a</td><td>b</td></tr></table>";
    expect(stackTables(merged + bare)).toBe(merged + bare);
  });

  it("is applied to every rendered page, and the stylesheet stacks marked tables on narrow screens", async () => {
    const app = new Hono<AppEnv>();
    app.use(summaryLabels);
    app.get("/", (c) => c.html(`<main>${TABLE}</main>`));
    const html = await (await app.request("/")).text();
    expect(html).toContain('class="stacked wide"');
    expect(STYLESHEET).toMatch(/@media \(max-width:40rem\)\{table\.stacked thead\{position:absolute/);
    expect(STYLESHEET).toContain("table.stacked [data-label]::before{content:attr(data-label)");
  });
});
