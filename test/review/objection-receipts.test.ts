import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/lib/time";
import { BID_KIND } from "../../src/modules/projects/subject-kinds";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";

// An anonymous objector gets a receipt number and check code with the confirmation, and
// later sees on the public receipt whether the objection was upheld, in their language,
// with nothing of who filed it. Another district's lookup does not know the number.

const d = await districtWith("150973", { people: { admin: "district_admin" } });
const other = await districtWith("150974", { shard: "DISTRICTS_1" });

async function openNotice(): Promise<string> {
  const noticeId = `n${crypto.randomUUID()}`;
  const now = nowIso();
  const ends = new Date(Date.now() + 86_400_000).toISOString();
  await d.db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, ?, 'c1', '拟立项项目公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
    )
    .bind(d.code, noticeId, BID_KIND, now, ends, d.admin.id, now)
    .run();
  return noticeId;
}

describe("an objection's receipt", () => {
  it("comes with the confirmation and shows the outcome without the objector's details", async () => {
    const noticeId = await openNotice();
    const visitor = new Browser();
    const res = await visitor.submit(d.path(`/notices/${noticeId}/objections`), { subjectId: "", name: "张三", contact: "13800000000", content: "对公示结果有异议" }, d.path(`/notices/${noticeId}`));
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const [, no, check] = /no=(150973-\d{4}-\d{6})&check=([A-Z0-9]{4})/.exec(location)!;
    const confirmation = await (await visitor.fetch(location)).text();
    expect(confirmation).toContain("异议已收到");
    expect(confirmation).toContain(no);

    const receipt = await (await new Browser().fetch(d.path(`/receipts?no=${no}&check=${check}`))).text();
    expect(receipt).toContain("对公示的异议");
    expect(receipt).toContain("已收到，核实中");
    expect(receipt).not.toContain("张三");
    expect(receipt).not.toContain("13800000000");

    await d.db.prepare("UPDATE notice_objections SET status = 'upheld' WHERE district_id = ? AND notice_id = ?").bind(d.code, noticeId).run();
    expect(await (await new Browser().fetch(d.path(`/receipts?no=${no}&check=${check}&lang=en`))).text()).toContain("Upheld");
    expect((await new Browser().fetch(other.path(`/receipts?no=${no}&check=${check}`))).status).toBe(404);
  });

  it("does not show a receipt on the notice page for a made-up number", async () => {
    const noticeId = await openNotice();
    const page = await (await new Browser().fetch(d.path(`/notices/${noticeId}?filed=1&no=150973-2026-999999&check=ABCD`))).text();
    expect(page).not.toContain("150973-2026-999999</strong>");
  });
});
