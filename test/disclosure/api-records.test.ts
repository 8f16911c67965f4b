import { describe, expect, it } from "vitest";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, today } from "./fixtures";

// The JSON API over evaluation announcements, credit-list entries, claims, appeals and
// notices: the same records as the pages, with the pages' access; another district's ids
// answer 404; every path is in OpenAPI.

const D = "150984";
const OTHER = "150985";
const SHARD = "DISTRICTS_1";
const { db } = await districtWith(D, { shard: SHARD });
await districtWith(OTHER, { shard: SHARD });

type Json = Record<string, unknown>;
const getJson = async (b: Browser, path: string, status = 200) => {
  const res = await b.fetch(path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
  return (await res.json()) as Json;
};

describe("records in the JSON API", () => {
  it("serves announcements with grades, an entry with its ground and public history, claims and appeals to staff, and the notices list", async () => {
    const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const otherAdmin = await createUser(OTHER, SHARD, [{ role: "district_admin" }]);
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const stranger = new Browser();
    await stranger.signIn(OTHER, otherAdmin.email);
    const anyone = new Browser();

    const org = await insertOrg(db, D, { name: "接口记录测试中心", registeredOn: "2015-01-01" });
    const hidden = await insertOrg(db, D, { name: "未核实接口中心", verification: "unverified" });
    const now = new Date().toISOString();
    const opened = await staff.submit(`/d/${D}/manage/evaluations`, { title: "2026年度评估", year: "2026" }, `/d/${D}/manage/evaluations`);
    const roundId = /evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
    await db.batch([
      db
        .prepare("INSERT INTO evaluation_announcements (district_id, id, round_id, title, document_no, announced_on, published_by, published_at) VALUES (?, 'ann-api', ?, '2026年度评估结果公告', '测民〔2026〕1号', '2026-06-01', ?, ?)")
        .bind(D, roundId, admin.id, now),
      db
        .prepare(
          "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at, reason_code, event_on, needs_rectification) VALUES (?, 'entry-api', ?, 'abnormal', '通过登记的住所无法取得联系', '', '测试区民政局', ?, ?, 'unreachable', ?, 1)",
        )
        .bind(D, org.id, today(), now, today()),
      db
        .prepare(
          "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at, reason_code, event_on, needs_rectification) VALUES (?, 'entry-hidden', ?, 'abnormal', '警告', '', '测试区民政局', ?, ?, 'minor_penalty', ?, 0)",
        )
        .bind(D, hidden.id, today(), now, today()),
      db
        .prepare(
          "INSERT INTO credit_list_events (district_id, id, entry_id, organization_id, kind, on_date, note, detail_json, public, actor_id, actor_role, at) VALUES (?, 'ev1', 'entry-api', ?, 'entered', ?, '列入', '{}', 1, NULL, 'district_admin', ?)",
        )
        .bind(D, org.id, today(), now),
      db
        .prepare(
          "INSERT INTO credit_list_events (district_id, id, entry_id, organization_id, kind, on_date, note, detail_json, public, actor_id, actor_role, at) VALUES (?, 'ev2', 'entry-api', ?, 'note', ?, '内部备注', '{}', 0, NULL, 'district_admin', ?)",
        )
        .bind(D, org.id, today(), now),
    ]);

    const list = await getJson(anyone, `/d/${D}/api/v1/evaluation-announcements`);
    expect(list.announcements).toEqual([{ id: "ann-api", title: "2026年度评估结果公告", documentNo: "测民〔2026〕1号", announcedOn: "2026-06-01" }]);
    expect(await getJson(anyone, `/d/${D}/api/v1/evaluation-announcements/ann-api`)).toMatchObject({ roundId, results: [] });
    await getJson(anyone, `/d/${OTHER}/api/v1/evaluation-announcements/ann-api`, 404);
    expect((await getJson(anyone, `/d/${OTHER}/api/v1/evaluation-announcements`)).announcements).toEqual([]);

    const entry = await getJson(anyone, `/d/${D}/api/v1/credit-entries/entry-api`);
    expect(entry).toMatchObject({ organizationId: org.id, list: "abnormal", reasonCode: "unreachable", groundItem: 6 });
    expect(entry.events).toEqual([{ kind: "entered", onDate: today(), note: "列入" }]);
    await getJson(anyone, `/d/${D}/api/v1/credit-entries/entry-hidden`, 404);
    // The ground's item in the 办法 is on the public page, the list page and in open data.
    expect(await (await anyone.fetch(`/d/${D}/organizations/${org.id}`)).text()).toContain("第（六）项 通过登记的住所无法取得联系");
    expect(await (await anyone.fetch(`/d/${D}/credit-lists/abnormal`)).text()).toContain("第（六）项 通过登记的住所无法取得联系");
    const open = (await getJson(anyone, `/d/${D}/open-data/v1/credit-lists.json`)) as unknown as { records?: Json[]; data?: Json[] } | Json[];
    expect(JSON.stringify(open)).toContain('"ground_item":6');
    await getJson(anyone, `/d/${OTHER}/api/v1/credit-entries/entry-api`, 404);

    // Staff only, in their own district.
    expect((await anyone.fetch(`/d/${D}/api/v1/manage/claims`)).status).toBe(401);
    expect((await getJson(staff, `/d/${D}/api/v1/manage/claims`)).claims).toEqual([]);
    await getJson(stranger, `/d/${OTHER}/api/v1/manage/evaluation/nothing/appeals`, 404);

    const notices = await getJson(anyone, `/d/${D}/api/v1/notices`);
    expect(Array.isArray(notices.notices)).toBe(true);

    const openapi = (await (await anyone.fetch("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const path of ["/evaluation-announcements", "/evaluation-announcements/{announcementId}", "/credit-entries/{entryId}", "/manage/claims", "/manage/evaluation/{evaluationId}/appeals", "/notices"]) {
      expect(Object.keys(openapi.paths), path).toContain(path);
    }
  });
});
