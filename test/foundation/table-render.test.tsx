import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { cachedHtml } from "../../src/http/cache";
import { finishPage, summaryLabels } from "../../src/http/form-summary";
import { ErrorSummary } from "../../src/ui/form";
import { Table } from "../../src/ui/table";

// The shared Table and a summary given its form's labels do their work while they
// render; the render step only finishes hand-written tables and unlabelled summaries,
// and leaves every other page as it was rendered.

function Row(props: { name: string }) {
  return (
    <tr>
      <td>{props.name}</td>
      <td>x</td>
    </tr>
  );
}

describe("labelled at render time", () => {
  it("writes each column heading onto the cells of its rows, and the render step leaves the table alone", async () => {
    const html = String(
      await (
        <Table caption="名单" head={["名称", "状态", ""]}>
          {["甲", "乙"].map((n) => (
            <tr>
              <th scope="row">{n}</th>
              {[<td>正常</td>, null]}
              <td>
                <a href="/x">查看</a>
              </td>
            </tr>
          ))}
          <tr>
            <td>丙</td>
            <td data-label="自定">撤销</td>
            <td />
          </tr>
        </Table>
      ).toString(),
    );
    expect(html).toContain('<table class="stacked"><caption class="visually-hidden">名单</caption><thead class="labelled">');
    expect(html).toContain('<th scope="row" data-label="名称">甲</th><td data-label="状态">正常</td><td><a href="/x">查看</a></td>');
    expect(html).toContain('<td data-label="自定">撤销</td>');
    expect(finishPage(html, "zh-CN")).toBe(html);
  });

  it("leaves rows it cannot see into, and merged cells, to the render step", async () => {
    const hidden = String(
      await (
        <Table head={["名称", "状态"]}>
          <Row name="甲" />
        </Table>
      ).toString(),
    );
    expect(hidden).toContain("<table><thead><tr>");
    expect(finishPage(hidden, "zh-CN")).toContain('<table class="stacked"><thead><tr><th scope="col">名称</th><th scope="col">状态</th></tr></thead><tbody><tr><td data-label="名称">甲</td>');
    const merged = String(
      await (
        <Table head={["名称", "状态"]}>
          <tr>
            <td colspan={2}>无</td>
          </tr>
        </Table>
      ).toString(),
    );
    expect(merged).not.toContain("stacked");
    expect(merged).not.toContain("data-label");
    expect(finishPage(merged, "zh-CN")).toBe(merged);
  });

  it("names a summary entry from the labels it was given, leaving a slot only for the others", async () => {
    const errors = [
      { field: "name", code: "required", message: "此项必填。" },
      { field: "other", code: "required", message: "请选择。" },
    ];
    const zh = String(await (<ErrorSummary locale="zh-CN" errors={errors} labels={{ name: "单位名称" }} />).toString());
    expect(zh).toContain('<a href="#f-name">单位名称：此项必填。</a>');
    expect(zh).toContain('<a href="#f-other"><span data-label-of="f-other"></span>请选择。</a>');
    const en = String(await (<ErrorSummary locale="en" errors={errors} labels={{ name: "Name" }} />).toString());
    expect(en).toContain('<a href="#f-name">Name: 此项必填。</a>');
  });

  it("finishes pages as they are rendered, cached public pages included, and passes others through unchanged", async () => {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set("locale", "en");
      await next();
    });
    app.use(summaryLabels);
    const page = '<main><p><a href="#f-n"><span data-label-of="f-n"></span>Required.</a></p><label for="f-n">Name</label><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table></main>';
    const plain = "<main><p>甲 &amp; 乙</p><ul><li>x</li></ul></main>";
    app.get("/jsx", (c) => c.html(<main dangerouslySetInnerHTML={{ __html: page.slice(6, -7) }} />, 422));
    app.get("/plain", (c) => c.html(plain));
    app.get("/cached", (c) => cachedHtml(c, <main dangerouslySetInnerHTML={{ __html: page.slice(6, -7) }} />));
    for (const path of ["/jsx", "/cached"]) {
      const res = await app.request(path);
      const html = await res.text();
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(html).toContain('<span data-label-of="f-n">Name: </span>Required.');
      expect(html).toContain('<td data-label="a">1</td>');
      if (path === "/jsx") expect(res.status).toBe(422);
      else expect(res.headers.get("etag")).toBeTruthy();
    }
    expect(await (await app.request("/plain")).text()).toBe(plain);
  });
});
