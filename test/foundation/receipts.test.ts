import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { issueReceipt, receiptOf } from "../../src/receipts";
import { parseReceiptNo } from "../../src/receipts/receipts";
import { Browser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// Receipt numbers (办件编号): a resident's need gets `<district>-<year>-<sequence>` and a
// check code in the same write, the confirmation page shows both, the printable receipt
// shows the outcome as a label, and the lookup refuses a wrong code, another district's
// number and too many guesses. Concurrent submissions never share a number.

const A = await districtWith("170311", POSTS_CAST);
const B = await districtWith("170312", { ...POSTS_CAST, shard: "DISTRICTS_1" });

async function sendNeed(district = A): Promise<{ no: string; check: string; status: string }> {
  const b = new Browser();
  const form = await (await b.fetch(district.path("/n/001001"))).text();
  const once = /name="_once" value="([^"]+)"/.exec(form)![1]!;
  const res = await b.fetch(district.path("/n/001001"), { method: "POST", form: { _csrf: b.csrf, _once: once, category: "facilities", description: "楼道灯坏了。", location: "3 号楼", name: "", phone: "" } });
  expect(res.status).toBe(303);
  const status = await (await b.fetch(res.headers.get("location")!)).text();
  const m = /receipts\?no=([0-9-]+)&amp;check=([A-Z0-9]{4})/.exec(status)!;
  return { no: m[1]!, check: m[2]!, status };
}

async function dataOf(code: string): Promise<DistrictData> {
  const district = (await findDistrict(testEnv, code))!;
  return new DistrictData(district, shardDatabase(testEnv, district.shard), { id: null, role: "system", requestId: "test:receipts" });
}

describe("a need's receipt", () => {
  it("shows the number and check code on the confirmation page, and a printable receipt with the outcome", async () => {
    const sent = await sendNeed();
    expect(sent.no).toMatch(/^170311-20\d\d-\d{6}$/);
    expect(sent.status).toContain(sent.no);
    const page = await new Browser().fetch(A.path(`/receipts?no=${sent.no}&check=${sent.check.toLowerCase()}`));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("受理回执");
    expect(html).toContain("居民需求");
    expect(html).toContain("已收到，等待社区答复");
    expect(html).toContain("民政局");
    expect(html).not.toContain("linkage.need");
    const en = await (await new Browser().fetch(A.path(`/receipts?no=${sent.no}&check=${sent.check}&lang=en`))).text();
    expect(en).toContain("Received, waiting for the community");
    expect(en).toContain("A resident&#39;s need");
  });

  it("numbers the district's submissions in sequence", async () => {
    const first = parseReceiptNo((await sendNeed()).no)!;
    const second = parseReceiptNo((await sendNeed()).no)!;
    expect(second.seq).toBe(first.seq + 1);
    expect(second.year).toBe(first.year);
  });

  it("answers 404 to a wrong check code and to another district's number, and 422 with the values kept when a field is empty", async () => {
    const sent = await sendNeed();
    const wrong = sent.check === "AAAA" ? "BBBB" : "AAAA";
    const bad = await new Browser().fetch(A.path(`/receipts?no=${sent.no}&check=${wrong}`));
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain("没有找到这个办件");
    expect((await new Browser().fetch(B.path(`/receipts?no=${sent.no}&check=${sent.check}`))).status).toBe(404);
    const empty = await new Browser().fetch(A.path(`/receipts?no=${sent.no}&check=`));
    expect(empty.status).toBe(422);
    const text = await empty.text();
    expect(text).toContain(`value="${sent.no}"`);
    expect(text).toContain("请填写办件编号和查询码");
  });

  it("limits lookups from one address", async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const b = new Browser();
    expect((await b.fetch(A.path("/receipts"))).status).toBe(200);
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await b.fetch(A.path(`/receipts?no=170311-2026-00000${i % 10}&check=ABCD`))).status;
    expect(last).toBe(429);
  });
});

describe("allocating numbers", () => {
  it("gives concurrent submissions distinct, gap-free numbers", async () => {
    const data = await dataOf(B.code);
    const ids = Array.from({ length: 12 }, (_, i) => `concurrent-${i}`);
    const now = "2030-03-01T02:00:00.000Z";
    await Promise.all(ids.map((id) => data.write([issueReceipt(data, "test.kind", id, now)], { action: "test.receipt", targetType: "test", targetId: id })));
    const receipts = await Promise.all(ids.map((id) => receiptOf(data, "test.kind", id)));
    const seqs = receipts.map((r) => parseReceiptNo(r!.no)!.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(receipts.every((r) => r!.no.startsWith("170312-2030-"))).toBe(true);
  });

  it("keeps a record's receipt when it is submitted again, and takes the year in Beijing time", async () => {
    const data = await dataOf(B.code);
    // 2031-12-31 17:00 UTC is already 1 January 2032 in Beijing.
    await data.write([issueReceipt(data, "test.kind", "new-year", "2031-12-31T17:00:00.000Z")], { action: "test.receipt", targetType: "test", targetId: "new-year" });
    const first = await receiptOf(data, "test.kind", "new-year");
    expect(first!.no).toBe("170312-2032-000001");
    await data.write([issueReceipt(data, "test.kind", "new-year", "2032-02-01T00:00:00.000Z")], { action: "test.receipt", targetType: "test", targetId: "new-year" });
    expect(await receiptOf(data, "test.kind", "new-year")).toEqual(first);
  });
});
