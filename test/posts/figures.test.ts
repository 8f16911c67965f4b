import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { assign, host, json, openPost, post, worker, POSTS_CAST } from "./fixtures";

// The district figures: posts developed and filled by kind, mode, host type and
// sub-district; certified share; training hours per worker per year; station coverage.
// As a page with accessible SVG charts and tables, as JSON, and as CSV for Excel.

interface Group {
  key: string;
  developed: number;
  filled: number;
  headcount: number;
  inPost: number;
}
interface Figures {
  byKind: Group[];
  byMode: Group[];
  byHostType: Group[];
  bySubdistrict: Group[];
  workers: { total: number; certified: number };
  training: { year: string; totalHours: number; trained: number; perWorker: number }[];
  stations: { code: string; stations: string[] }[];
}

describe("district figures", () => {
  it("counts posts, workers, training and stations, and shows them as charts, tables and CSV", async () => {
    const d = await districtWith("250101", POSTS_CAST);
    const station = await host(d, d.admin, { hostType: "station", name: "第1街道社工站", areaCode: `${d.code}001` });
    const community = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}002001` });
    const bureau = await host(d, d.admin, { hostType: "department", name: "区民政局" });

    const a = await openPost(d, d.admin, await post(d, d.admin, { hostId: station, areaCode: `${d.code}001`, kind: "professional", mode: "platform_integration", headcount: 1 }));
    const b = await openPost(d, d.admin, await post(d, d.admin, { hostId: community, areaCode: `${d.code}002001`, kind: "professional", mode: "issue_specific", headcount: 2 }));
    await openPost(d, d.admin, await post(d, d.admin, { hostId: bureau, areaCode: "", kind: "administrative", mode: "post_development", headcount: 1 }));
    await post(d, d.admin, { hostId: bureau, areaCode: "", kind: "assistant" }); // a draft is not developed yet

    const w1 = await worker(d, d.admin, { qualification: "intermediate", certificateNo: "ZS-2024-0001" });
    const w2 = await worker(d, d.admin, { qualification: "assistant", certificateNo: "ZL-2024-0002" });
    await worker(d, d.admin);
    await worker(d, d.admin);
    await json(await assign(d, d.admin, a.id, w1.id), 201);
    await json(await assign(d, d.admin, b.id, w2.id), 201);
    const filled = await json<{ version: number }>(await d.admin.b.fetch(d.path(`/api/v1/posts/${a.id}`)), 200);
    await json(await d.admin.b.api(d.path(`/api/v1/posts/${a.id}/status`), { method: "POST", json: { to: "filled", version: filled.version } }), 200);
    const train = (workerId: string, hours: number, heldOn: string) =>
      d.admin.b.api(d.path(`/api/v1/workers/${workerId}/trainings`), { method: "POST", json: { form: "centralized", title: "集中培训", hours, provider: "区民政局", heldOn } });
    await json(await train(w1.id, 24, "2025-04-01"), 204);
    await json(await train(w2.id, 12, "2025-09-01"), 204);
    await json(await train(w1.id, 10, "2026-03-01"), 204);

    const f = await json<Figures>(await d.admin.b.fetch(d.path("/api/v1/post-figures")), 200);
    const by = (list: Group[], key: string) => list.find((g) => g.key === key)!;
    expect(by(f.byKind, "professional")).toMatchObject({ developed: 2, filled: 1, headcount: 3, inPost: 2 });
    expect(by(f.byKind, "administrative")).toMatchObject({ developed: 1, filled: 0 });
    expect(by(f.byKind, "assistant")).toMatchObject({ developed: 0 });
    expect(by(f.byMode, "platform_integration")).toMatchObject({ developed: 1, filled: 1 });
    expect(by(f.byHostType, "station")).toMatchObject({ developed: 1, filled: 1, inPost: 1 });
    expect(by(f.byHostType, "community")).toMatchObject({ developed: 1, inPost: 1 });
    expect(by(f.bySubdistrict, `${d.code}001`)).toMatchObject({ developed: 1, filled: 1 });
    expect(by(f.bySubdistrict, `${d.code}002`)).toMatchObject({ developed: 1, filled: 0 });
    expect(by(f.bySubdistrict, "")).toMatchObject({ developed: 1 }); // district level
    expect(f.workers).toEqual(expect.objectContaining({ total: 4, certified: 2 }));
    expect(f.training).toEqual([
      { year: "2026", totalHours: 10, trained: 1, perWorker: 2.5 },
      { year: "2025", totalHours: 36, trained: 2, perWorker: 9 },
    ]);
    expect(f.stations).toEqual([
      { code: `${d.code}001`, name: "第1街道", stations: ["第1街道社工站"] },
      { code: `${d.code}002`, name: "第2街道", stations: [] },
    ]);

    const html = await (await d.admin.b.fetch(d.path("/posts/figures"))).text();
    expect(html).toContain('role="img"');
    expect(html).toMatch(/<svg[^>]*aria-labelledby="by-kind-title by-kind-desc"/);
    expect(html).toContain('<title id="by-kind-title">按岗位类别：已开发岗位、已满员岗位</title>');
    expect(html).toContain("持证比例");
    expect(html).toContain("50%");
    expect(html).toContain("已建站 1 个，未建站 1 个，共 2 个街道（乡镇）");
    expect(html).toMatch(/<th[^>]*scope="row">专业技能类<\/th>\s*<td[^>]*>2<\/td>\s*<td[^>]*>1<\/td>/);

    const csv = await d.admin.b.fetch(d.path("/posts/figures.csv"));
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toContain("attachment");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain("\r\n");
    expect(text.split("\r\n")).toEqual(expect.arrayContaining(["按岗位类别,已开发岗位,已满员岗位,岗位人数,在岗人数", "专业技能类,2,1,3,2", "持证比例,50%", "2025,36,2,9", "第2街道,未建,"]));
    const en = new TextDecoder().decode(new Uint8Array(await (await d.admin.b.fetch(d.path("/posts/figures.csv?lang=en"))).arrayBuffer()));
    expect(en).toContain("By kind of post,Posts developed,Posts filled,Places,Workers in post");
  });

  it("writes a hostile host organization's name into the CSV as text, never as a formula", async () => {
    const d = await districtWith("250103", POSTS_CAST);
    await host(d, d.admin, { hostType: "station", name: '=HYPERLINK("http://evil","社工站")', areaCode: `${d.code}001` });
    const text = await (await d.admin.b.fetch(d.path("/posts/figures.csv"))).text();
    expect(text).toContain(`第1街道,已建,"'=HYPERLINK(""http://evil"",""社工站"")"\r\n`);
  });

  it("is for staff only", async () => {
    const d = await districtWith("250102", POSTS_CAST);
    for (const who of [d.org, d.reviewer, d.worker]) {
      expect((await who.b.fetch(d.path("/posts/figures"))).status).toBe(403);
      expect((await who.b.fetch(d.path("/posts/figures.csv"))).status).toBe(403);
      expect((await who.b.fetch(d.path("/api/v1/post-figures"))).status).toBe(403);
    }
    expect((await d.community.b.fetch(d.path("/posts/figures"))).status).toBe(200);
  });
});
