import { describe, expect, it } from "vitest";
import { lineDiff } from "../../src/modules/posts/diff";
import { hostWithType } from "../../src/modules/posts/views";
import { Browser, countRows } from "../helpers";
import { districtWith } from "../fixtures/district";
import { assign, host, json, openPost, post, POST_BODY, worker, type PostJson, POSTS_CAST } from "./fixtures";

// Posts: who may create them where, revisions and their differences, the optimistic
// version check, the status machine and the public listing.

describe("creating posts", () => {
  it("lets staff create posts at hosts in their scope, through the form, as drafts with revision 1", async () => {
    const d = await districtWith("220101", POSTS_CAST);
    const communityHost = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const form = await d.community.b.fetch(d.path("/posts/new"));
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(communityHost);
    const res = await d.community.b.submit(d.path("/posts"), {
      ...Object.fromEntries(Object.entries(POST_BODY).map(([k, v]) => [k, String(v)])),
      title: "社区为老服务社工",
      hostId: communityHost,
      areaCode: `${d.code}001001`,
    });
    expect(res.status).toBe(303);
    const page = await d.community.b.fetch(res.headers.get("location")!);
    const html = await page.text();
    expect(html).toContain("社区为老服务社工");
    expect(html).toContain("岗位已创建（草稿）");
    expect(html).toContain("第 1 版");
    expect(await countRows(d.db, "post_revisions", "district_id = ?", d.code)).toBe(1);
  });

  it("refuses invalid input field by field and writes nothing", async () => {
    const d = await districtWith("220102", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "department", name: "区民政局" });
    const res = await d.admin.b.api(d.path("/api/v1/posts"), {
      method: "POST",
      json: { ...POST_BODY, hostId: h, title: "", kind: "manager", headcount: 0, workContent: "短", extra: 1 },
    });
    const problem = await json<{ errors: { field: string; code: string }[] }>(res, 422);
    const byField = Object.fromEntries(problem.errors.map((e) => [e.field, e.code]));
    expect(byField).toMatchObject({ title: "required", kind: "invalid_choice", headcount: "too_small", workContent: "too_short" });
    expect(byField["(body)"]).toBe("unknown_field");
    const page = await d.admin.b.submit(d.path("/posts"), {
      title: "x",
      hostId: h,
      areaCode: "",
      kind: "",
      mode: "post_development",
      funding: "host_funded",
      workContent: "",
      responsibilities: "",
      workSteps: "",
      qualification: "none",
      headcount: "abc",
    });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("至少需要 2 个字符");
    expect(html).toContain("此项必填");
    expect(await countRows(d.db, "posts", "district_id = ?", d.code)).toBe(0);
  });

  it("keeps staff to their scope: a community cannot place a post in another community or at a district host", async () => {
    const d = await districtWith("220103", POSTS_CAST);
    const mine = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const theirs = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001002` });
    const bureau = await host(d, d.admin, { hostType: "department", name: "区民政局" });
    const tryPost = (hostId: string, areaCode: string) => d.community.b.api(d.path("/api/v1/posts"), { method: "POST", json: { ...POST_BODY, hostId, areaCode } });
    expect((await json<{ errors: { field: string }[] }>(await tryPost(theirs, `${d.code}001002`), 422)).errors[0]!.field).toBe("hostId");
    expect((await json<{ errors: { field: string }[] }>(await tryPost(bureau, `${d.code}001001`), 422)).errors[0]!.field).toBe("hostId");
    expect((await json<{ errors: { field: string }[] }>(await tryPost(mine, `${d.code}001002`), 422)).errors[0]!.field).toBe("areaCode");
    await json(await tryPost(mine, `${d.code}001001`), 201);
    // The district administrator places a bureau post anywhere, also at district level.
    await post(d, d.admin, { hostId: bureau, areaCode: "" });
    await post(d, d.admin, { hostId: bureau, areaCode: `${d.code}002001` });
  });

  it("lets an organization user create posts for their own organization only", async () => {
    const d = await districtWith("220104", POSTS_CAST);
    const hosts = await json<{ id: string; type: string; organizationId: string }[]>(await d.org.b.fetch(d.path("/api/v1/post-hosts")), 200);
    expect(hosts).toEqual([expect.objectContaining({ type: "organization", organizationId: d.orgIds[0] })]);
    const p = await post(d, d.org, { hostId: hosts[0]!.id, areaCode: `${d.code}002` });
    expect(p).toMatchObject({ status: "draft", version: 1 });
    // Its own posts only: a staff post elsewhere is not there for it.
    const bureau = await host(d, d.admin, { hostType: "department", name: "区民政局" });
    const staffPost = await post(d, d.admin, { hostId: bureau, areaCode: "" });
    expect((await d.org.b.fetch(d.path(`/api/v1/posts/${staffPost.id}`))).status).toBe(404);
    expect((await d.org.b.api(d.path("/api/v1/posts"), { method: "POST", json: { ...POST_BODY, hostId: bureau } })).status).toBe(422);
    const listed = await json<{ id: string }[]>(await d.org.b.fetch(d.path("/api/v1/posts")), 200);
    expect(listed.map((x) => x.id)).toEqual([p.id]);
  });

  it("answers 403 to roles without post rights, and 404 across districts and scopes", async () => {
    const d = await districtWith("220105", POSTS_CAST);
    const e = await districtWith("220106", { ...POSTS_CAST, shard: "DISTRICTS_1" });
    const h = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const p = await post(d, d.admin, { hostId: h, areaCode: `${d.code}001001` });
    expect((await d.reviewer.b.fetch(d.path("/posts"))).status).toBe(403);
    expect((await d.worker.b.api(d.path("/api/v1/posts"), { method: "POST", json: POST_BODY })).status).toBe(403);
    expect((await d.otherCommunity.b.fetch(d.path(`/posts/${p.id}`))).status).toBe(404);
    expect((await d.otherCommunity.b.fetch(d.path(`/api/v1/posts/${p.id}/revisions`))).status).toBe(404);
    expect((await d.sub.b.fetch(d.path(`/posts/${p.id}`))).status).toBe(200);
    // Another district's administrator, through their own district's path.
    expect((await e.admin.b.fetch(e.path(`/api/v1/posts/${p.id}`))).status).toBe(404);
    expect((await e.admin.b.fetch(e.path(`/posts/${p.id}/history`))).status).toBe(404);
  });
});

describe("revisions", () => {
  it("keeps every edit as a revision and shows who changed which field, with a line difference for long texts", async () => {
    const d = await districtWith("220201", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const p = await post(d, d.admin, { hostId: h, areaCode: `${d.code}001001` });
    const edited = await json<PostJson>(
      await d.community.b.api(d.path(`/api/v1/posts/${p.id}`), {
        method: "PUT",
        json: { ...POST_BODY, hostId: h, areaCode: `${d.code}001001`, headcount: 3, workContent: "走访独居老人\n开展健康讲座\n链接为老服务资源", version: p.version },
      }),
      200,
    );
    expect(edited.version).toBe(2);
    const revisions = await json<{ revision: number; editorName: string; changes: { field: string; before: string; after: string; lines?: { op: string; text: string }[] }[] }[]>(
      await d.admin.b.fetch(d.path(`/api/v1/posts/${p.id}/revisions`)),
      200,
    );
    expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(revisions[1]!.changes.map((c) => c.field)).toEqual(["workContent", "headcount"]);
    expect(revisions[1]!.changes[1]).toMatchObject({ before: "2", after: "3" });
    expect(revisions[1]!.changes[0]!.lines).toEqual([
      { op: "same", text: "走访独居老人" },
      { op: "removed", text: "组织互助小组" },
      { op: "added", text: "开展健康讲座" },
      { op: "same", text: "链接为老服务资源" },
    ]);

    const html = await (await d.admin.b.fetch(d.path(`/posts/${p.id}/history`))).text();
    expect(html).toContain("第 2 版");
    expect(html).toMatch(/<del>.*组织互助小组<\/del>/s);
    expect(html).toMatch(/<ins>.*开展健康讲座<\/ins>/s);
    expect(html).toContain("岗位人数");
    // The community staff member's name is on revision 2.
    expect(html).toContain(revisions[1]!.editorName);
    expect(revisions[1]!.editorName).not.toBe(revisions[0]!.editorName);

    // Revisions cannot be changed, even from inside the database.
    await expect(d.db.prepare("UPDATE post_revisions SET editor_name = 'x' WHERE post_id = ?").bind(p.id).run()).rejects.toThrow(/append-only/);
  });

  it("makes no revision when nothing changed, and shows a status change in the history", async () => {
    const d = await districtWith("220202", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "department", name: "区教育局" });
    const p = await post(d, d.admin, { hostId: h, areaCode: "" });
    const same = await d.admin.b.submit(d.path(`/posts/${p.id}/edit`), { ...Object.fromEntries(Object.entries(POST_BODY).map(([k, v]) => [k, String(v)])), hostId: h, areaCode: "", version: "1" });
    expect(same.status).toBe(200);
    expect(await same.text()).toContain("内容没有变化");
    await openPost(d, d.admin, p);
    const html = await (await d.admin.b.fetch(d.path(`/posts/${p.id}/history`))).text();
    expect(html).toMatch(/草稿<\/td>\s*<td[^>]*>招聘中/);
    expect(await countRows(d.db, "post_revisions", "post_id = ?", p.id)).toBe(2);
  });

  it("lets only one of two editors of the same version win", async () => {
    const d = await districtWith("220203", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const p = await post(d, d.admin, { hostId: h, areaCode: `${d.code}001001` });
    const edit = (who: typeof d.admin, title: string) => who.b.api(d.path(`/api/v1/posts/${p.id}`), { method: "PUT", json: { ...POST_BODY, hostId: h, areaCode: `${d.code}001001`, title, version: 1 } });
    const results = await Promise.all([edit(d.admin, "甲的修改"), edit(d.community, "乙的修改"), edit(d.sub, "丙的修改")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await countRows(d.db, "post_revisions", "post_id = ?", p.id)).toBe(2);
    // A stale form comes back with the other editor's version and the user's own text kept.
    const stale = await d.sub.b.submit(d.path(`/posts/${p.id}/edit`), { ...Object.fromEntries(Object.entries(POST_BODY).map(([k, v]) => [k, String(v)])), hostId: h, areaCode: `${d.code}001001`, title: "丁的修改", version: "1" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("该记录已被他人修改");
    expect(html).toContain('value="丁的修改"');
    expect(html).toContain('name="version" value="2"');
  });

  it("refuses a headcount below the workers in post", async () => {
    const d = await districtWith("220204", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const p = await openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001001`, headcount: 2 }));
    for (let i = 0; i < 2; i++) await json(await assign(d, d.admin, p.id, (await worker(d, d.admin)).id), 201);
    const res = await d.admin.b.api(d.path(`/api/v1/posts/${p.id}`), { method: "PUT", json: { ...POST_BODY, hostId: h, areaCode: `${d.code}001001`, headcount: 1, version: p.version } });
    const problem = await json<{ errors: { field: string; message: string }[] }>(res, 422);
    expect(problem.errors[0]).toMatchObject({ field: "headcount" });
    expect(problem.errors[0]!.message).toContain("2");
  });
});

describe("status", () => {
  it("moves draft → open → filled → closed, and answers an illegal move 409 naming the allowed ones", async () => {
    const d = await districtWith("220301", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "department", name: "区民政局" });
    let p = await post(d, d.admin, { hostId: h, areaCode: "" });
    const move = (to: string, version = p.version) => d.admin.b.api(d.path(`/api/v1/posts/${p.id}/status`), { method: "POST", json: { to, version } });

    const illegal = await json<{ code: string; allowed: string[]; title: string }>(await move("filled"), 409);
    expect(illegal.allowed).toEqual(["open", "closed"]);
    expect(illegal.title).toBe("岗位当前为“草稿”，不能改为“已满员”。可进行的操作：招聘中、已关闭。");

    p = await json<PostJson>(await move("open"), 200);
    expect(p).toMatchObject({ status: "open", version: 2 });
    expect((await move("open")).status).toBe(409);
    expect((await move("filled", 1)).status).toBe(409); // stale version
    p = await json<PostJson>(await move("filled"), 200);
    p = await json<PostJson>(await move("closed"), 200);
    const closed = await json<{ allowed: string[] }>(await move("open"), 409);
    expect(closed.allowed).toEqual([]);
    expect(await countRows(d.db, "post_revisions", "post_id = ?", p.id)).toBe(4);

    // The page's buttons offer only the allowed moves; a forged one is refused on the page.
    const q = await post(d, d.admin, { hostId: h, areaCode: "" });
    const page = await (await d.admin.b.fetch(d.path(`/posts/${q.id}`))).text();
    expect(page).toContain('name="to" value="open"');
    expect(page).not.toContain('name="to" value="filled"');
    const forged = await d.admin.b.submit(d.path(`/posts/${q.id}/status`), { to: "filled", version: "1" });
    expect(forged.status).toBe(409);
    expect(await forged.text()).toContain("可进行的操作：招聘中、已关闭");
  });

  it("names a host with its type once, even when its name is the type", () => {
    expect(hostWithType("社会工作服务站", "社会工作服务站（社工站）")).toBe("社会工作服务站");
    expect(hostWithType("第1街道社会工作服务站", "社会工作服务站（社工站）")).toBe("第1街道社会工作服务站");
    expect(hostWithType("第1街道社区", "社会工作服务站（社工站）")).toBe("第1街道社区（社会工作服务站）");
    expect(hostWithType("阳光社工服务社", "社会组织")).toBe("阳光社工服务社（社会组织）");
  });

  it("lists open posts publicly, with no draft, closed or private details", async () => {
    const d = await districtWith("220302", POSTS_CAST);
    const h = await host(d, d.admin, { hostType: "station", name: "第1街道社工站", areaCode: `${d.code}001` });
    const open = await openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001`, title: "驻站社工" }));
    await post(d, d.admin, { hostId: h, areaCode: `${d.code}001`, title: "草稿岗位" });
    const visitor = new Browser();
    const html = await (await visitor.fetch(d.path("/open-posts"))).text();
    expect(html).toContain("驻站社工");
    expect(html).not.toContain("草稿岗位");
    expect(html).toContain("空缺 2 人");
    const listed = await json<Record<string, unknown>[]>(await visitor.fetch(d.path("/api/v1/open-posts")), 200);
    expect(listed).toHaveLength(1);
    expect(Object.keys(listed[0]!)).not.toEqual(expect.arrayContaining(["version"]));
    expect(listed[0]).toMatchObject({ id: open.id, vacancies: 2, hostName: "第1街道社工站" });
    const detail = await visitor.fetch(d.path(`/open-posts/${open.id}`));
    expect(await detail.text()).toContain("社会工作者请登录后申请");
    // The filter form sends empty values, and every page takes ?lang=.
    expect((await visitor.fetch(d.path("/open-posts?kind=&mode="))).status).toBe(200);
    expect(await (await visitor.fetch(d.path("/open-posts?kind=professional&lang=en"))).text()).toContain("Open social-work posts");
    expect((await d.admin.b.fetch(d.path("/posts?status=bogus&lang=zh-CN"))).status).toBe(200);
    expect((await visitor.fetch(d.path("/api/v1/open-posts?kind=bogus"))).status).toBe(422);
    const draftId = (await d.db.prepare("SELECT id FROM posts WHERE title = '草稿岗位'").first<{ id: string }>())!.id;
    expect((await visitor.fetch(d.path(`/open-posts/${draftId}`))).status).toBe(404);
  });
});

describe("line difference", () => {
  it("finds the lines kept, removed and added", () => {
    expect(lineDiff("a\nb\nc", "a\nc\nd")).toEqual([
      { op: "same", text: "a" },
      { op: "removed", text: "b" },
      { op: "same", text: "c" },
      { op: "added", text: "d" },
    ]);
    expect(lineDiff("", "x")).toEqual([
      { op: "removed", text: "" },
      { op: "added", text: "x" },
    ]);
  });
});
