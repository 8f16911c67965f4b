import { describe, expect, it } from "vitest";
import { runJobs } from "../../src/jobs";
import { DAILY } from "../../src/jobs/crons";
import { beijingDate, workingDaysBetween } from "../../src/lib/beijing-time";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// Residents' needs end to end: the public form (no account, no script), its receipt
// and status page, one need for a double submission, personal data kept out of sight,
// staff entry, triage with every answer shown to the resident, merging, scope, and the
// overdue job on a fixed clock.

const A = await districtWith("170301", { ...POSTS_CAST, settings: { needAnswerWorkingDays: 5 } });
const B = await districtWith("170302", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const FORM = A.path("/n/001001");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const onceOf = (html: string) => /name="_once" value="([^"]+)"/.exec(html)![1]!;

/** A resident's browser that has loaded the form (CSRF cookie and one-time token). */
async function resident(path = FORM): Promise<{ b: Browser; once: string }> {
  const b = new Browser();
  const page = await b.fetch(path);
  expect(page.status).toBe(200);
  return { b, once: onceOf(await page.text()) };
}

async function send(fields: Record<string, string>, path = FORM): Promise<{ res: Response; receipt: string | null }> {
  const { b, once } = await resident(path);
  const res = await b.fetch(path, { method: "POST", form: { _csrf: b.csrf, _once: once, ...fields } });
  const location = res.headers.get("location") ?? "";
  return { res, receipt: /\/needs\/status\/([A-Z0-9]+)/.exec(location)?.[1] ?? null };
}

const needOf = (receipt: string) => A.db.prepare("SELECT * FROM linkage_needs WHERE district_id = ? AND receipt_code = ?").bind(A.code, receipt).first<Record<string, string | number | null>>();

async function versionOf(receipt: string): Promise<string> {
  return String((await needOf(receipt))!.version);
}

describe("the resident's form", () => {
  it("works without an account and gives a receipt with a status page", async () => {
    const page = await (await new Browser().fetch(FORM)).text();
    expect(page).toContain("第1街道第1社区");
    expect(page).toContain("个人信息保护法");
    expect(page).not.toContain("<script");
    const { res, receipt } = await send({ category: "facilities", description: "3 号楼楼道灯坏了很久。", location: "3 号楼", name: "", phone: "" });
    expect(res.status).toBe(303);
    expect(receipt).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const status = await (await new Browser().fetch(`${res.headers.get("location")}`)).text();
    expect(status).toContain(`${receipt!.slice(0, 4)}-${receipt!.slice(4)}`);
    expect(status).toContain("设施维修");
    expect(status).toContain("已收到，等待社区答复");
    const row = await needOf(receipt!);
    expect(row!.source).toBe("online");
    expect(row!.status).toBe("received");
  });

  it("keeps a need sent twice in a second as one need", async () => {
    const { b, once } = await resident();
    const form = { _csrf: b.csrf, _once: once, category: "safety", description: "小区东门的路灯不亮，晚上很黑。", location: "", name: "", phone: "" };
    const before = await countRows(A.db, "linkage_needs");
    const [first, second] = await Promise.all([b.fetch(FORM, { method: "POST", form }), b.fetch(FORM, { method: "POST", form })]);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await countRows(A.db, "linkage_needs")).toBe(before + 1);
  });

  it("re-renders bad input with the values kept and each error beside its field, in both languages", async () => {
    const before = await countRows(A.db, "linkage_needs");
    const { res } = await send({ category: "", description: "短", location: "5 号楼", name: "王阿姨", phone: "123" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="5 号楼"');
    expect(html).toContain('value="王阿姨"');
    for (const field of ["category", "description", "phone", "consent"]) expect(html).toContain(`id="f-${field}-error"`);
    const en = await send({ category: "health", description: "Blood pressure checks, please.", name: "Wang", phone: "", consent: "" }, `${FORM}?lang=en`);
    expect(en.res.status).toBe(422);
    expect(await en.res.text()).toContain("Tick the box to agree");
    expect(await countRows(A.db, "linkage_needs")).toBe(before);
  });

  it("stores the phone encrypted and never shows it or the name publicly", async () => {
    const { receipt } = await send({ category: "elderly", description: "希望社区能组织上门理发。", location: "", name: "李大爷", phone: "13912345678", consent: "1" });
    const row = await needOf(receipt!);
    expect(String(row!.phone)).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain("13912345678");
    const status = await (await new Browser().fetch(A.path(`/needs/status/${receipt}`))).text();
    expect(status).not.toContain("李大爷");
    expect(status).not.toContain("5678");
    const json = await (await new Browser().fetch(A.path(`/api/v1/needs/status/${receipt}`))).text();
    expect(json).not.toContain("李大爷");
    // Staff see it masked, and in full only through an audited request.
    const need = await (await A.community.b.fetch(A.path(`/linkage/needs/${row!.id}`))).text();
    expect(need).toContain("139****5678");
    const shown = await A.community.b.submit(A.path(`/linkage/needs/${row!.id}/phone`), {});
    expect(await shown.text()).toContain("13912345678");
    expect(await countRows(A.db, "audit_events", "district_id = ? AND action = 'linkage.need_phone_revealed'", A.code)).toBe(1);
  });

  it("accepts a photo into file storage and refuses a file that is not an image", async () => {
    const { b, once } = await resident();
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: b.csrf, _once: once, category: "environment", description: "垃圾桶满了没人清运。", consent: "1" })) form.set(k, v);
    form.set("photo", new File([PNG], "bin.png", { type: "image/png" }));
    const res = await b.fetch(FORM, { method: "POST", body: form });
    expect(res.status).toBe(303);
    const receipt = /status\/([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!;
    const row = await needOf(receipt);
    expect(row!.r2_key).toBe(`${A.code}/linkage/needs/${row!.id}/photo`);
    const photo = await A.community.b.fetch(A.path(`/linkage/needs/${row!.id}/photo`));
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(PNG);

    const bad = await resident();
    const wrong = new FormData();
    for (const [k, v] of Object.entries({ _csrf: bad.b.csrf, _once: bad.once, category: "environment", description: "垃圾桶满了没人清运。", consent: "1" })) wrong.set(k, v);
    wrong.set("photo", new File([new TextEncoder().encode("<svg/>")], "x.png", { type: "image/png" }));
    const refused = await bad.b.fetch(FORM, { method: "POST", body: wrong });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('id="f-photo-error"');
  });

  it("limits how many needs one phone number sends, whatever the address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send({ category: "other", description: `第 ${i} 次反映同一件事情。`, phone: "13700000001", consent: "1" })).res.status);
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("answers 404 for an unknown community or receipt", async () => {
    expect((await new Browser().fetch(A.path("/n/009009"))).status).toBe(404);
    expect((await new Browser().fetch(A.path("/needs/status/ZZZZZZZZ"))).status).toBe(404);
    expect((await new Browser().fetch(A.path("/needs/status?code=abcd"))).status).toBe(404);
  });

  it("serves the short link's QR code as SVG", async () => {
    const res = await new Browser().fetch(A.path("/n/001001/qr.svg"));
    expect(res.headers.get("content-type")).toContain("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
  });
});

describe("community staff", () => {
  it("enter a need heard on a visit, with its source", async () => {
    const res = await A.community.b.submit(
      A.path("/linkage/needs"),
      { communityCode: `${A.code}001001`, source: "grid_worker", category: "disability", description: "入户走访：轮椅出行需要坡道。", location: "", name: "", phone: "" },
      A.path("/linkage/needs/new"),
    );
    expect(res.status).toBe(303);
    const receipt = /entered=([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!;
    const row = await needOf(receipt);
    expect(row!.source).toBe("grid_worker");
    expect(row!.entered_by).toBe(A.community.id);
    // Another community is out of this person's reach.
    const other = await A.community.b.submit(A.path("/linkage/needs"), { communityCode: `${A.code}001002`, source: "visit", category: "other", description: "不在本社区的需求。" });
    expect(other.status).toBe(422);
    expect(await other.text()).toContain('id="f-communityCode-error"');
  });

  it("triage: accepting needs a priority, declining a reason, and the resident reads each answer", async () => {
    const { receipt } = await send({ category: "other", description: "希望有老年人助餐点。" });
    const row = await needOf(receipt!);
    const path = A.path(`/linkage/needs/${row!.id}/answer`);
    const noPriority = await A.community.b.submit(path, { outcome: "accepted", category: "elderly", priority: "", answer: "", version: await versionOf(receipt!) });
    expect(noPriority.status).toBe(422);
    expect(await noPriority.text()).toContain('id="f-priority-error"');
    const accepted = await A.community.b.submit(path, { outcome: "accepted", category: "elderly", priority: "high", answer: "已列入需求清单，正在联系社工机构。", version: await versionOf(receipt!) });
    expect(accepted.status).toBe(303);
    // The first answer fixes the working days the public summary counts; later answers keep them.
    const first = (await needOf(receipt!))!;
    const days = workingDaysBetween(beijingDate(String(first.received_at)), beijingDate(String(first.answered_at)));
    expect(first.answer_working_days).toBe(days);
    let status = await (await new Browser().fetch(A.path(`/needs/status/${receipt}`))).text();
    expect(status).toContain("已受理，列入社区需求清单");
    expect(status).toContain("优先");
    expect(status).toContain("养老助老");
    expect(status).toContain("已列入需求清单，正在联系社工机构。");
    const noReason = await A.community.b.submit(path, { outcome: "declined", category: "elderly", priority: "", answer: "", version: await versionOf(receipt!) });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('id="f-answer-error"');
    expect((await A.community.b.submit(path, { outcome: "solved", category: "elderly", priority: "", answer: "助餐点已在活动室开张。", version: await versionOf(receipt!) })).status).toBe(303);
    status = await (await new Browser().fetch(A.path(`/needs/status/${receipt}?lang=en`))).text();
    expect(status).toContain("Solved");
    expect(status).toContain("助餐点已在活动室开张。");
    expect((await needOf(receipt!))!.answer_working_days).toBe(days);
    // Closed: no further answer.
    const again = await A.community.b.submit(path, { outcome: "declined", category: "elderly", priority: "", answer: "x", version: await versionOf(receipt!) });
    expect(again.status).toBe(409);
  });

  it("a stale version is refused", async () => {
    const { receipt } = await send({ category: "culture", description: "希望周末有儿童读书会。" });
    const row = await needOf(receipt!);
    const res = await A.community.b.submit(A.path(`/linkage/needs/${row!.id}/answer`), { outcome: "referred", category: "culture", answer: "转交街道。", version: "7" });
    expect(res.status).toBe(409);
    expect((await needOf(receipt!))!.status).toBe("received");
  });

  it("merging: the duplicate's receipt follows the merged need, and so do receipts merged into it", async () => {
    const first = (await send({ category: "facilities", description: "电梯经常停运。" })).receipt!;
    const second = (await send({ category: "facilities", description: "电梯又坏了。" })).receipt!;
    const third = (await send({ category: "facilities", description: "电梯停了三天。" })).receipt!;
    const idOf = async (r: string) => String((await needOf(r))!.id);
    // third → second, then second → first: third's receipt must show first's answer.
    expect((await A.community.b.submit(A.path(`/linkage/needs/${await idOf(third)}/merge`), { target: second.toLowerCase(), version: await versionOf(third) })).status).toBe(303);
    expect((await A.community.b.submit(A.path(`/linkage/needs/${await idOf(second)}/merge`), { target: `${first.slice(0, 4)}-${first.slice(4)}`, version: await versionOf(second) })).status).toBe(303);
    expect((await needOf(third))!.merged_into).toBe(await idOf(first));
    const unknown = await A.community.b.submit(A.path(`/linkage/needs/${await idOf(first)}/merge`), { target: "ZZZZZZZZ", version: await versionOf(first) });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('id="f-target-error"');
    await A.community.b.submit(A.path(`/linkage/needs/${await idOf(first)}/answer`), { outcome: "referred", category: "facilities", answer: "电梯维修需要专项资金，已转交街道协调。", version: await versionOf(first) });
    const status = await (await new Browser().fetch(A.path(`/needs/status/${third}`))).text();
    expect(status).toContain("已合并办理");
    expect(status).toContain("已转交街道办理");
    expect(status).toContain("电梯维修需要专项资金");
  });

  it("see only their own communities: another community's need is 404, and lists are scoped", async () => {
    const { receipt } = await send({ category: "health", description: "想要家庭医生签约。" }, A.path("/n/001002"));
    const row = await needOf(receipt!);
    expect((await A.community.b.fetch(A.path(`/linkage/needs/${row!.id}`))).status).toBe(404);
    expect((await A.otherCommunity.b.fetch(A.path(`/linkage/needs/${row!.id}`))).status).toBe(200);
    expect((await A.sub.b.fetch(A.path(`/linkage/needs/${row!.id}`))).status).toBe(200);
    const list = (await (await A.community.b.api(A.path("/api/v1/linkage/needs"))).json()) as { communityCode: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((n) => n.communityCode === `${A.code}001001`)).toBe(true);
    expect((await A.org.b.fetch(A.path("/linkage/needs"))).status).toBe(403);
  });

  it("another district's need answers 404 on every staff route", async () => {
    const { receipt } = await send({ category: "other", description: "甲区的一条需求。" });
    const id = String((await needOf(receipt!))!.id);
    for (const p of [`/linkage/needs/${id}`, `/linkage/needs/${id}/photo`, `/api/v1/linkage/needs/${id}`]) expect((await B.admin.b.fetch(B.path(p))).status, p).toBe(404);
    expect((await B.admin.b.submit(B.path(`/linkage/needs/${id}/answer`), { outcome: "declined", category: "other", answer: "x", version: "1" }, B.path("/linkage/needs"))).status).toBe(404);
    expect((await B.admin.b.api(B.path(`/api/v1/linkage/needs/${id}/merge`), { method: "POST", json: { target: receipt, version: 1 } })).status).toBe(404);
    expect((await new Browser().fetch(B.path(`/needs/status/${receipt}`))).status).toBe(404);
  });

  it("answer through the API with the same rules", async () => {
    const { receipt } = await send({ category: "employment", description: "想参加养老护理培训。" });
    const id = String((await needOf(receipt!))!.id);
    const bad = await A.community.b.api(A.path(`/api/v1/linkage/needs/${id}/answer`), { method: "POST", json: { outcome: "accepted", category: "employment", version: 1 } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain("priority");
    const ok = await A.community.b.api(A.path(`/api/v1/linkage/needs/${id}/answer`), { method: "POST", json: { outcome: "accepted", category: "employment", priority: "normal", version: 1 } });
    expect(ok.status).toBe(200);
    const pub = (await (await new Browser().fetch(A.path(`/api/v1/needs/status/${receipt}`))).json()) as { status: string; priority: string; statusText: string };
    expect(pub).toMatchObject({ status: "accepted", priority: "normal", statusText: "已受理，列入社区需求清单" });
  });
});

describe("the overdue job", () => {
  it("marks a need unanswered after the working-day deadline, counting holidays out, once", async () => {
    const { receipt } = await send({ category: "safety", description: "楼下井盖松动。" });
    // Tuesday 29 September 2026, 10:00 in Beijing: five working days end on Monday
    // 12 October (1-7 October are the National Day holiday, Saturday 10 October is worked).
    await A.db.prepare("UPDATE linkage_needs SET received_at = '2026-09-29T02:00:00.000Z', due_on = '2026-10-12', version = version + 1 WHERE district_id = ? AND receipt_code = ?").bind(A.code, receipt).run();
    const overdue = async () => (await needOf(receipt!))!.overdue;
    await runJobs(testEnv, DAILY, Date.parse("2026-10-07T17:00:00Z")); // 8 October in Beijing: 2 working days
    expect(await overdue()).toBe(0);
    await runJobs(testEnv, DAILY, Date.parse("2026-10-11T17:00:00Z")); // 12 October: the last day
    expect(await overdue()).toBe(0);
    await runJobs(testEnv, DAILY, Date.parse("2026-10-12T17:00:00Z")); // 13 October: late
    expect(await overdue()).toBe(1);
    const version = (await needOf(receipt!))!.version;
    await runJobs(testEnv, DAILY, Date.parse("2026-10-12T17:00:00Z"));
    expect((await needOf(receipt!))!.version).toBe(version);
    const list = await (await A.community.b.fetch(A.path("/linkage/needs?status=overdue"))).text();
    expect(list).toContain(`${receipt!.slice(0, 4)}-${receipt!.slice(4)}`);
    expect(await (await new Browser().fetch(A.path(`/needs/status/${receipt}`))).text()).toContain("已超过答复期限");
  });
});
