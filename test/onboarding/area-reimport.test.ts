import { describe, expect, it } from "vitest";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";

// Real code lists: a 状态 column keeps revoked communities as inactive history, a second
// upload is an update previewed before anything is written, another district's list is
// refused in one sentence, and the template to start from can be downloaded.

const D = "340111";
const SHARD = "DISTRICTS_1";
await districtWith(D, { shard: SHARD });
await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
const { b: admin } = await personIn(D, SHARD, "district_admin");

async function upload(b: Browser, content: string, query = ""): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(`/d/${D}/admin/areas`);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  form.set("file", new File([content], "areas.csv", { type: "text/csv" }));
  return b.fetch(`/d/${D}/admin/areas/import${query}`, { method: "POST", body: form });
}

const previewOf = (html: string) => ({ upload: /name="upload" value="([^"]+)"/.exec(html)![1]!, digest: /name="digest" value="([^"]+)"/.exec(html)![1]! });
const areas = async () =>
  (await testEnv.DISTRICTS_1.prepare("SELECT code, name_zh, status FROM areas WHERE district_id = ? ORDER BY code").bind(D).all<{ code: string; name_zh: string; status: string }>()).results.map((r) => `${r.code} ${r.name_zh} ${r.status}`);

const FIRST = ["代码,名称,类型,英文名称,常住人口,状态", `${D}001,长桥街道,街道,,,正常`, `${D}001001,长桥一村社区,社区,,,正常`, `${D}001002,长桥二村社区,社区,,9000,`, `${D}001003,汇成一村社区,社区,,,已撤销`].join("\n");

describe("re-importing the code list", () => {
  it("keeps a revoked community as history, not offered for new records", async () => {
    const res = await upload(admin, FIRST);
    expect(res.status).toBe(200);
    expect(await areas()).toEqual([`${D}001 长桥街道 active`, `${D}001001 长桥一村社区 active`, `${D}001002 长桥二村社区 active`, `${D}001003 汇成一村社区 revoked`]);
    const publicPage = await (await new Browser().fetch(`/d/${D}/areas`)).text();
    expect(publicPage).toContain("长桥一村社区");
    expect(publicPage).not.toContain("汇成一村社区");
    const adminPage = await (await admin.fetch(`/d/${D}/admin/areas/${D}001`)).text();
    expect(adminPage).toContain("汇成一村社区（已撤销）");
    const staffPage = await (await admin.fetch(`/d/${D}/admin/staff`)).text();
    expect(staffPage).toContain(`<optgroup label="长桥街道">`);
    expect(staffPage).toContain('id="f-scope-filter"');
    expect(staffPage).not.toContain(`value="${D}001003"`);
    const refused = await admin.submit(`/d/${D}/admin/staff/invitations`, { email: "new-staff@example.cn", role: "community_staff", scope: `${D}001003` });
    expect(refused.status).toBe(422);
  });

  it("previews additions, renamings and revocations, and writes them only when confirmed", async () => {
    const next = ["代码,名称,类型,英文名称,常住人口,状态", `${D}001,长桥街道,街道,,,正常`, `${D}001001,长桥新村社区,社区,,,正常`, `${D}001002,长桥二村社区,社区,,,已撤销`, `${D}001004,罗秀新村社区,社区,,,正常`].join("\r\n");
    const before = await areas();
    const res = await upload(admin, next);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("新增 1 个，更名 1 个，其他信息变更 0 个，撤销 1 个，恢复 0 个。");
    expect(html).toContain("长桥新村社区");
    expect(await areas()).toEqual(before);

    // A confirmation of another list than the one shown writes nothing and shows the check again.
    const { upload: id, digest } = previewOf(html);
    const stale = await admin.submit(`/d/${D}/admin/areas/import/confirm`, { upload: id, digest: digest === "00000000" ? "00000001" : "00000000" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("预览之后层级已有变动");
    expect(await areas()).toEqual(before);

    const done = await admin.submit(`/d/${D}/admin/areas/import/confirm`, { upload: id, digest });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("已更新：新增 1 个，更名 1 个，其他信息变更 0 个，撤销 1 个，恢复 0 个。");
    expect(await areas()).toEqual([`${D}001 长桥街道 active`, `${D}001001 长桥新村社区 active`, `${D}001002 长桥二村社区 revoked`, `${D}001003 汇成一村社区 revoked`, `${D}001004 罗秀新村社区 active`]);
    const population = await testEnv.DISTRICTS_1.prepare("SELECT population FROM areas WHERE district_id = ? AND code = ?").bind(D, `${D}001002`).first<{ population: number }>();
    expect(population!.population).toBe(9000);
    // The stored file is gone once written: confirming again is refused.
    expect((await admin.submit(`/d/${D}/admin/areas/import/confirm`, { upload: id, digest })).status).toBe(409);
    expect(await countRows(testEnv.DISTRICTS_1, "audit_events", "district_id = ? AND action = 'areas.imported'", D)).toBe(2);
  });

  it("refuses a revoked sub-district whose communities stay in use, line by line", async () => {
    const res = await upload(admin, `${D}001,长桥街道,街道,,,已撤销\n`);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`社区 ${D}001001 仍为正常，但所属街道 ${D}001 已撤销`);
    expect(html).not.toContain(`社区 ${D}001003 仍为正常`);
  });

  it("refuses another district's code list in one sentence, in both languages", async () => {
    const other = ["310104012,长桥街道,街道", "310104012001,长桥一村社区,社区", "310104012002,长桥二村社区,社区", "310104012003,长桥三村社区,社区"].join("\n");
    const zh = await (await upload(admin, other)).text();
    expect(zh).toContain(`这份代码表属于另一个区（代码以 310104 开头），本区代码为 ${D}：4 行中有 4 行不属于本区，未导入任何数据。`);
    expect(zh).not.toContain("第 2 行");
    const en = await (await upload(admin, other.replace("310104012003", `${D}001009`), "?lang=en")).text();
    expect(en).toContain(`This code list belongs to another district (codes starting 310104); this district is ${D}. 3 of 4 lines are not in this district; nothing was imported.`);
    expect(en).not.toContain("Line 2");
  });

  it("offers a CSV template with the status column, for district admins", async () => {
    const res = await admin.fetch(`/d/${D}/admin/areas/template.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("代码,名称,类型,英文名称,常住人口,状态\r\n")).toBe(true);
    expect(text).toContain(`${D}001002,原示例村,村,,,已撤销`);
    const page = await (await admin.fetch(`/d/${D}/admin/areas`)).text();
    expect(page).toContain(`href="/d/${D}/admin/areas/template.csv"`);
  });
});
