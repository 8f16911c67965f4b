import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { json, openPost, person, post, POSTS_CAST } from "./fixtures";

// Posts on the to-do page: an application waits for the host organization and for the
// staff whose area holds the post, and for no one else; deciding it clears it and tells
// the applicant.

describe("posts to-dos", () => {
  it("lists an application for the hosting organization and the district staff until it is decided", async () => {
    const d = await districtWith("230311", POSTS_CAST);
    const orgHost = (await json<{ id: string }[]>(await d.org.b.fetch(d.path("/api/v1/post-hosts")), 200))[0]!.id;
    const p = await openPost(d, d.org, await post(d, d.org, { hostId: orgHost, areaCode: `${d.code}002`, title: "公益创投项目助理" }));
    await d.worker.b.submit(d.path("/me/worker"), { name: "李梅", areaCode: `${d.code}002001`, qualification: "assistant", certificateNo: "ZL-2025-0001", ...person() });
    expect((await d.worker.b.submit(d.path(`/open-posts/${p.id}/apply`), { motivation: "有社工站实习经历，熟悉社区活动组织。" })).status).toBe(303);

    const item = `<a href="${d.path(`/posts/${p.id}`)}">李梅（公益创投项目助理）</a>`;
    for (const who of [d.org, d.admin]) {
      const page = await (await who.b.fetch(d.path("/todo"))).text();
      expect(page).toContain(item);
      expect(page).toContain("岗位应聘 · 待决定");
    }
    // Staff of another area, and the applicant, have nothing to decide.
    for (const who of [d.otherCommunity, d.sub, d.worker]) expect(await (await who.b.fetch(d.path("/todo"))).text()).not.toContain(item);

    const apps = await json<{ id: string }[]>(await d.org.b.fetch(d.path(`/api/v1/posts/${p.id}/applications`)), 200);
    expect((await d.org.b.submit(d.path(`/posts/${p.id}/applications/${apps[0]!.id}/decision`), { decision: "accept", startsOn: "2026-12-01", note: "欢迎加入" })).status).toBe(303);
    expect(await (await d.admin.b.fetch(d.path("/todo"))).text()).not.toContain(item);
    // The decision reaches the applicant, in the write that made it.
    const told = await d.db.prepare("SELECT kind, recipient_ref, params_json FROM notification_events WHERE district_id = ? AND target_id = ?").bind(d.code, apps[0]!.id).all<{ kind: string; recipient_ref: string; params_json: string }>();
    expect(told.results.map((n) => [n.kind, n.recipient_ref, JSON.parse(n.params_json).post])).toEqual([["posts.application_accepted", d.worker.id, "公益创投项目助理"]]);
  });
});
