import { describe, expect, it } from "vitest";
import { csvCell } from "../../src/lib/csv";
import { Browser, createUser, PASSWORD, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";

// The district audit log: filtered by user, action and (Beijing) date, and exported as CSV.

const D = "360102";
const {
  admin: { b: admin, ...adminUser },
} = await districtWith(D, { shard: "DISTRICTS_1", people: { admin: "district_admin" } });
const reviewer = await createUser(D, "DISTRICTS_1", [{ role: "reviewer" }], "reviewer-360102@example.cn");
const rb = new Browser();
await rb.signIn(D, reviewer.email);
await rb.submit(`/d/${D}/account/password`, { currentPassword: PASSWORD, newPassword: "=cmd|' /C calc'!A0x1" });
// An old event, dated by hand (the log is append-only, so it is inserted whole for the test).
const last = await testEnv.DISTRICTS_1.prepare("SELECT seq, hash FROM audit_events WHERE district_id = ? ORDER BY seq DESC LIMIT 1").bind(D).first<{ seq: number; hash: string }>();
await testEnv.DISTRICTS_1.prepare(
  "INSERT INTO audit_events (district_id, seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash) VALUES (?, ?, 'old-event', '2026-01-31T17:00:00.000Z', ?, 'district_admin', 'area.updated', 'area', ?, '{\"note\":\"跨日\"}', NULL, ?, 'x')",
)
  .bind(D, last!.seq + 1, adminUser.id, `${D}001`, last!.hash)
  .run();

type Event = { seq: number; action: string; actor_id: string | null; at: string };

describe("audit log filters", () => {
  it("filters by user (e-mail or id), by action and by Beijing calendar day", async () => {
    const byEmail = await admin.fetch(`/d/${D}/api/v1/audit-events?actor=${encodeURIComponent(reviewer.email)}`);
    const mine = (await byEmail.json()) as Event[];
    expect(mine.map((e) => e.action)).toEqual(["auth.password_changed", "auth.signed_in"]);
    expect(mine.every((e) => e.actor_id === reviewer.id)).toBe(true);
    const byId = (await (await admin.fetch(`/d/${D}/api/v1/audit-events?actor=${reviewer.id}&action=auth.signed_in`)).json()) as Event[];
    expect(byId).toHaveLength(1);
    expect((await (await admin.fetch(`/d/${D}/api/v1/audit-events?actor=nobody@example.cn`)).json()) as Event[]).toEqual([]);

    // 2026-01-31T17:00Z is 2026-02-01 01:00 in Beijing.
    const feb1 = (await (await admin.fetch(`/d/${D}/api/v1/audit-events?from=2026-02-01&to=2026-02-01`)).json()) as Event[];
    expect(feb1.map((e) => e.action)).toEqual(["area.updated"]);
    expect((await (await admin.fetch(`/d/${D}/api/v1/audit-events?from=2026-01-31&to=2026-01-31`)).json()) as Event[]).toEqual([]);
  });

  it("shows the filters on the page, with names, and explains bad dates", async () => {
    const page = await admin.fetch(`/d/${D}/audit?actor=${encodeURIComponent(reviewer.email)}&action=&from=&to=`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Actions, roles and records by their labels and names, never by code or id.
    expect(html).toContain('<td data-label="操作">修改密码</td>');
    expect(html).not.toContain("auth.password_changed</td>");
    expect(html).not.toMatch(/ · (user|system)</);
    expect(html).toContain(`&lt;${reviewer.email}&gt;`);
    expect(html).toContain('<option value="area.updated">修改街道或社区</option>');
    const bad = await admin.fetch(`/d/${D}/audit?from=2026-13-01&to=2026-01-01`);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#f-from"');
    const order = await admin.fetch(`/d/${D}/audit?from=2026-02-02&to=2026-02-01`);
    expect(order.status).toBe(422);
    expect(await order.text()).toContain("结束日期不能早于开始日期");
  });

  it("exports the filtered log as CSV that spreadsheets open safely", async () => {
    const res = await admin.fetch(`/d/${D}/audit/export.csv?actor=${encodeURIComponent(reviewer.email)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="audit-${D}.csv"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("序号,时间,操作人,操作人编号,角色,操作,操作代码,对象,对象编号,详情,请求编号");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain("修改密码,auth.password_changed");
    const english = await admin.fetch(`/d/${D}/audit/export.csv?actor=${encodeURIComponent(reviewer.email)}&lang=en`);
    const englishLines = (await english.text()).trim().split("\r\n");
    expect(englishLines[0]!.replace(/^\ufeff/, "")).toBe("No.,Time,Who,Actor id,Role,Action,Action code,Target,Target id,Details,Request id");
    expect(englishLines[1]).toContain("Password changed,auth.password_changed");
    expect(lines[1]).toContain(`<${reviewer.email}>`);
    expect(text).not.toContain("calc"); // no secret, and so no formula, reaches the log
    const all = await admin.fetch(`/d/${D}/audit/export.csv`);
    expect((await all.text()).trim().split("\r\n").length).toBeGreaterThan(4);
    expect((await admin.fetch(`/d/${D}/audit/export.csv?from=bad`)).status).toBe(422);
    const events = await testEnv.DISTRICTS_1.prepare("SELECT count(*) AS n FROM audit_events WHERE district_id = ? AND action = 'audit.exported'").bind(D).first<{ n: number }>();
    expect(events!.n).toBe(3);
  });

  it("neutralises formulas and quotes separators in CSV cells", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+86 10")).toBe("'+86 10");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
  });

  it("is for district admins of this district", async () => {
    expect((await rb.fetch(`/d/${D}/audit/export.csv`)).status).toBe(403);
    await districtWith("360103", { shard: "DISTRICTS_1" });
    const { b: stranger } = await personIn("360103", "DISTRICTS_1", "district_admin");
    expect((await stranger.fetch(`/d/${D}/audit/export.csv`)).status).toBe(404);
    expect((await new Browser().fetch(`/d/${D}/audit/export.csv`)).status).toBe(303);
  });
});
