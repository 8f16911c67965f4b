import { describe, expect, it } from "vitest";
import { countRows, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";

// Residents per area come in with the area CSV import (the per-10,000 figures of the
// linkage dashboard and assessment need them): a bad figure is named by its line and
// nothing is written; a good one is stored, with thousands separators read.

const D = "340131";
const SHARD = "DISTRICTS_1";
await districtWith(D, { shard: SHARD, status: "onboarding" });
await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
const { b: admin } = await personIn(D, SHARD, "district_admin");

async function upload(content: string, lang = ""): Promise<Response> {
  if (!admin.cookies.has("csrf")) await admin.fetch(`/d/${D}/admin/areas`);
  const form = new FormData();
  form.set("_csrf", admin.csrf);
  form.set("file", new File([content], "areas.csv", { type: "text/csv" }));
  return admin.fetch(`/d/${D}/admin/areas/import${lang}`, { method: "POST", body: form });
}

describe("population in the area import", () => {
  it("names a bad population by its line, in both languages, and writes nothing", async () => {
    const text = "代码,名称,类型,常住人口\r\n340131001,东关街道,街道,很多\r\n340131001001,东关社区,社区,-5\r\n";
    const res = await upload(text);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("第 2 行：人口“很多”须为不超过 5000000 的非负整数（可留空）。");
    expect(html).toContain("第 3 行：人口“-5”");
    expect(await (await upload(text, "?lang=en")).text()).toContain("The population “很多” must be a whole number");
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ?", D)).toBe(0);
  });

  it("stores the population given, and none when the cell is empty", async () => {
    const res = await upload('code,name,kind,population\r\n340131001,东关街道,街道,\r\n340131001001,东关社区,社区,"12,500"\r\n');
    expect(res.status).toBe(200);
    const rows = await testEnv.DISTRICTS_1.prepare("SELECT code, population FROM areas WHERE district_id = ? ORDER BY code").bind(D).all();
    expect(rows.results).toEqual([
      { code: "340131001", population: null },
      { code: "340131001001", population: 12500 },
    ]);
  });
});
