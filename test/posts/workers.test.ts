import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { hashPassword } from "../../src/auth/password";
import { reveal } from "../../src/lib/personal-data";
import { nowIso } from "../../src/lib/time";
import { demoPersonalValues } from "../../src/modules/posts/seed";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoEmail, demoStatements } from "../../src/seed/demo";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { clearRegistryCache, shardDatabase } from "../../src/district-lookup/district-registry";
import kundulun from "../../tenants/150203-kundulun.json";
import qingshan from "../../tenants/150204-qingshan.json";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { assign, host, json, openPost, person, post, worker, POSTS_CAST } from "./fixtures";

// Social workers' personal data: stored protected, masked in lists and pages, shown in
// full only to those allowed and only with an audit event; scope and district limits;
// unique certificates and ID numbers; the worker's own account; and no public page
// showing any ID number or phone of the demo data.

interface WorkerJson {
  id: string;
  idNumberMasked: string;
  phoneMasked: string;
  version: number;
}

describe("masking and audited reveal", () => {
  it("stores ID numbers and phones encrypted and shows them masked in lists, pages and the API", async () => {
    const d = await districtWith("240101", POSTS_CAST);
    const w = await worker(d, d.admin, { name: "王芳" });
    const row = await d.db.prepare("SELECT id_number_protected, phone_protected FROM social_workers WHERE id = ?").bind(w.id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(w.idNumber);
    expect(JSON.stringify(row)).not.toContain(w.phone);
    expect(await reveal(row!.id_number_protected!, testEnv.PERSONAL_DATA_KEY)).toBe(w.idNumber);

    const maskedId = `${w.idNumber.slice(0, 6)}********${w.idNumber.slice(-4)}`;
    const maskedPhone = `${w.phone.slice(0, 3)}****${w.phone.slice(-4)}`;
    for (const path of ["/workers", `/workers/${w.id}`, `/workers/${w.id}/edit`, "/api/v1/workers", `/api/v1/workers/${w.id}`]) {
      const body = await (await d.admin.b.fetch(d.path(path))).text();
      expect(body, path).not.toContain(w.idNumber);
      expect(body, path).not.toContain(w.phone);
      expect(body, path).toContain(maskedId);
      expect(body, path).toContain(maskedPhone);
    }
    // Nothing of it in the audit log either.
    const audit = await d.db.prepare("SELECT group_concat(summary_json) AS s FROM audit_events WHERE district_id = ?").bind(d.code).first<{ s: string }>();
    expect(audit!.s).not.toContain(w.idNumber);
    expect(audit!.s).not.toContain(w.phone.slice(3));
  });

  it("reveals a full value only with the permission, and audits every reveal", async () => {
    const d = await districtWith("240102", POSTS_CAST);
    const w = await worker(d, d.admin);
    const reveals = () => countRows(d.db, "audit_events", "district_id = ? AND action LIKE 'worker.%_revealed' AND target_id = ?", d.code, w.id);

    const api = await json<{ value: string }>(await d.sub.b.api(d.path(`/api/v1/workers/${w.id}/reveal`), { method: "POST", json: { field: "id_number" } }), 200);
    expect(api.value).toBe(w.idNumber);
    expect(await reveals()).toBe(1);

    const page = await d.admin.b.submit(d.path(`/workers/${w.id}/reveal`), { field: "phone" });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain(w.phone);
    expect(html).toContain("本次查看已记入审计日志");
    expect(await reveals()).toBe(2);
    const event = await d.db.prepare("SELECT actor_id, action FROM audit_events WHERE district_id = ? AND action = 'worker.phone_revealed'").bind(d.code).first<Record<string, string>>();
    expect(event).toEqual({ actor_id: d.admin.id, action: "worker.phone_revealed" });

    // Community staff see the worker, masked, but may not reveal: 403, and nothing audited.
    const community = await d.community.b.fetch(d.path(`/workers/${w.id}`));
    expect(await community.text()).not.toContain("显示完整");
    expect((await d.community.b.api(d.path(`/api/v1/workers/${w.id}/reveal`), { method: "POST", json: { field: "phone" } })).status).toBe(403);
    expect((await d.community.b.submit(d.path(`/workers/${w.id}/reveal`), { field: "phone" })).status).toBe(403);
    expect(await reveals()).toBe(2);
    // A bad field is refused without a reveal.
    expect((await d.admin.b.api(d.path(`/api/v1/workers/${w.id}/reveal`), { method: "POST", json: { field: "address" } })).status).toBe(422);
    expect(await reveals()).toBe(2);
  });
});

describe("scope and districts", () => {
  it("keeps a community's staff to the workers based or working in their community", async () => {
    const d = await districtWith("240201", POSTS_CAST);
    const mine = await worker(d, d.admin, { name: "本社区社工", areaCode: `${d.code}001001` });
    const theirs = await worker(d, d.admin, { name: "邻社区社工", areaCode: `${d.code}001002` });
    const listed = await json<{ id: string }[]>(await d.community.b.fetch(d.path("/api/v1/workers")), 200);
    expect(listed.map((w) => w.id)).toEqual([mine.id]);
    for (const path of [`/workers/${theirs.id}`, `/api/v1/workers/${theirs.id}`, `/workers/${theirs.id}/edit`]) {
      expect((await d.community.b.fetch(d.path(path))).status, path).toBe(404);
    }
    expect((await d.community.b.api(d.path(`/api/v1/workers/${theirs.id}/trainings`), { method: "POST", json: { form: "short_course", title: "短训", hours: 4, provider: "区民政局", heldOn: "2026-01-01" } })).status).toBe(404);
    expect((await d.otherCommunity.b.fetch(d.path(`/workers/${mine.id}`))).status).toBe(404);
    // The sub-district sees both; a community staff member cannot register a worker outside their community.
    expect((await json<unknown[]>(await d.sub.b.fetch(d.path("/api/v1/workers")), 200)).length).toBe(2);
    const outside = await d.community.b.api(d.path("/api/v1/workers"), { method: "POST", json: { name: "外社区", areaCode: `${d.code}002001`, qualification: "none", certificateNo: "", ...person() } });
    expect((await json<{ errors: { field: string }[] }>(outside, 422)).errors[0]!.field).toBe("areaCode");

    // Once the neighbour's worker is placed in a post of this community, this community sees them.
    const h = await host(d, d.admin, { hostType: "community", areaCode: `${d.code}001001` });
    const p = await openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001001` }));
    await json(await assign(d, d.admin, p.id, theirs.id), 201);
    expect((await d.community.b.fetch(d.path(`/workers/${theirs.id}`))).status).toBe(200);
  });

  it("answers another district's worker as not found, and lets districts reuse certificate numbers", async () => {
    const d = await districtWith("240202", POSTS_CAST);
    const e = await districtWith("240203", { ...POSTS_CAST, shard: "DISTRICTS_1" });
    const w = await worker(d, d.admin, { qualification: "intermediate", certificateNo: "ZS-2020-0042" });
    expect((await e.admin.b.fetch(e.path(`/api/v1/workers/${w.id}`))).status).toBe(404);
    expect((await e.admin.b.api(e.path(`/api/v1/workers/${w.id}/reveal`), { method: "POST", json: { field: "id_number" } })).status).toBe(404);
    // The same certificate number in the other district is its own business …
    await worker(e, e.admin, { areaCode: `${e.code}001001`, qualification: "intermediate", certificateNo: "ZS-2020-0042" });
    // … but twice in one district it is refused, and so is a second profile for one ID number.
    const dup = await d.admin.b.api(d.path("/api/v1/workers"), { method: "POST", json: { name: "重复证书", areaCode: "", qualification: "intermediate", certificateNo: "zs-2020-0042", ...person() } });
    expect((await json<{ errors: { field: string }[] }>(dup, 409)).errors[0]!.field).toBe("certificateNo");
    const sameId = await d.admin.b.api(d.path("/api/v1/workers"), { method: "POST", json: { name: "重复身份证", areaCode: "", qualification: "none", certificateNo: "", idNumber: w.idNumber.toLowerCase(), phone: person().phone } });
    expect((await json<{ errors: { field: string }[] }>(sameId, 409)).errors[0]!.field).toBe("idNumber");
    expect(await countRows(d.db, "social_workers", "district_id = ?", d.code)).toBe(1);
  });

  it("requires a certificate number with a qualification, and none without", async () => {
    const d = await districtWith("240204", POSTS_CAST);
    const res = await d.admin.b.api(d.path("/api/v1/workers"), { method: "POST", json: { name: "持证社工", areaCode: "", qualification: "senior", certificateNo: "", ...person() } });
    expect((await json<{ errors: { field: string; code: string }[] }>(res, 422)).errors).toEqual([expect.objectContaining({ field: "certificateNo", code: "certificate_required" })]);
    const res2 = await d.admin.b.api(d.path("/api/v1/workers"), { method: "POST", json: { name: "未持证", areaCode: "", qualification: "none", certificateNo: "ZS-1", ...person() } });
    expect((await json<{ errors: { field: string }[] }>(res2, 422)).errors[0]!.field).toBe("certificateNo");
  });
});

describe("profiles", () => {
  it("edits keep the stored ID number and phone unless new ones are given, with a version check", async () => {
    const d = await districtWith("240301", POSTS_CAST);
    const w = await worker(d, d.admin, { name: "刘洋" });
    const edit = (body: Record<string, unknown>) =>
      d.admin.b.api(d.path(`/api/v1/workers/${w.id}`), { method: "PUT", json: { name: "刘洋", areaCode: `${d.code}001001`, qualification: "assistant", certificateNo: "ZL-2026-0001", idNumber: "", phone: "", ...body } });
    const updated = await json<WorkerJson>(await edit({ version: 1 }), 200);
    expect(updated.phoneMasked).toBe(`${w.phone.slice(0, 3)}****${w.phone.slice(-4)}`);
    expect((await edit({ version: 1 })).status).toBe(409);
    const newPhone = person().phone;
    const again = await json<WorkerJson>(await edit({ version: 2, phone: newPhone }), 200);
    expect(again.phoneMasked).toBe(`${newPhone.slice(0, 3)}****${newPhone.slice(-4)}`);
    const revealed = await json<{ value: string }>(await d.admin.b.api(d.path(`/api/v1/workers/${w.id}/reveal`), { method: "POST", json: { field: "phone" } }), 200);
    expect(revealed.value).toBe(newPhone);
    const history = await d.db.prepare("SELECT qualification FROM worker_qualifications WHERE worker_id = ?").bind(w.id).all();
    expect(history.results).toEqual([{ qualification: "assistant" }]);
  });

  it("links a social worker's account, who then keeps their own profile and training", async () => {
    const d = await districtWith("240302", POSTS_CAST);
    const w = await worker(d, d.admin, { name: "陈静" });
    const wrong = await d.admin.b.submit(d.path(`/workers/${w.id}/account`), { email: d.reviewer.email });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("没有找到使用该邮箱的社会工作者账户");
    expect((await d.admin.b.submit(d.path(`/workers/${w.id}/account`), { email: d.worker.email })).status).toBe(303);

    const mine = await d.worker.b.fetch(d.path("/me/worker"));
    const html = await mine.text();
    expect(html).toContain("陈静");
    expect(html).not.toContain(w.idNumber);
    expect(html).toContain(`${w.idNumber.slice(0, 6)}********`);
    expect((await d.worker.b.submit(d.path("/me/worker/trainings"), { form: "correspondence", title: "社会工作专业函授", hours: "40.5", provider: "内蒙古师范大学", heldOn: "2026-03-01" })).status).toBe(303);
    const bad = await d.worker.b.submit(d.path("/me/worker/trainings"), { form: "seminar", title: "x", hours: "-1", provider: "", heldOn: "2026-02-30" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain("请从给定选项中选择");
    expect(badHtml).toContain("请输入有效日期");
    expect(await countRows(d.db, "worker_trainings", "worker_id = ?", w.id)).toBe(1);
    expect((await d.worker.b.submit(d.path("/me/worker/edit"), { name: "陈静", areaCode: "", qualification: "intermediate", certificateNo: "ZS-2026-0101", qualifiedOn: "", idNumber: "", phone: "", version: "2" })).status).toBe(303);
    expect(await (await d.admin.b.fetch(d.path(`/workers/${w.id}`))).text()).toContain("ZS-2026-0101");
    // Staff pages are not the social worker's.
    expect((await d.worker.b.fetch(d.path(`/workers/${w.id}`))).status).toBe(403);
    expect((await d.worker.b.fetch(d.path("/workers"))).status).toBe(403);
  });
});

async function loadDemo() {
  const hash = await hashPassword(DEMO_PASSWORD, testEnv.PASSWORD_PEPPER!);
  const now = nowIso();
  for (const file of [kundulun, qingshan]) {
    const tenant = z.parse(tenantFileSchema, file);
    const t = tenantStatements(tenant, now);
    await runCompiled(testEnv.PLATFORM, t.platform);
    await runCompiled(shardDatabase(testEnv, tenant.shard), t.shard);
    const s = await demoStatements(DEMO_DISTRICTS.find((x) => x.code === tenant.code)!, { passwordHash: hash, now, personalDataKey: testEnv.PERSONAL_DATA_KEY! });
    await runCompiled(testEnv.PLATFORM, s.platform);
    for (let i = 0; i < s.shard.length; i += 50) await runCompiled(shardDatabase(testEnv, tenant.shard), s.shard.slice(i, i + 50));
  }
  clearRegistryCache();
}

describe("public pages", () => {
  it("never show a demo worker's ID number or phone, in full or masked", async () => {
    await loadDemo();
    // A district still onboarding has no public pages yet (and no demo workers).
    for (const d of DEMO_DISTRICTS.filter((x) => !x.onboarding)) {
      const { idNumbers, phones } = demoPersonalValues(d.code);
      expect(idNumbers.length).toBeGreaterThan(3);
      const secrets = [...idNumbers, ...phones, ...idNumbers.map((x) => x.slice(-4) && `${x.slice(0, 6)}********${x.slice(-4)}`), ...phones.map((x) => `${x.slice(0, 3)}****${x.slice(-4)}`)];
      const visitor = new Browser();
      const open = await json<{ id: string }[]>(await visitor.fetch(`/d/${d.code}/api/v1/open-posts`), 200);
      expect(open.length).toBeGreaterThan(1);
      const paths = ["/", "/areas", "/open-posts", "/api/v1/open-posts", ...open.flatMap((p) => [`/open-posts/${p.id}`, `/api/v1/open-posts/${p.id}`])];
      for (const path of paths) {
        for (const lang of ["zh-CN", "en"]) {
          const res = await visitor.fetch(`/d/${d.code}${path}?lang=${lang}`);
          expect(res.status, path).toBe(200);
          const body = await res.text();
          for (const secret of secrets) expect(body.includes(secret), `${path} shows ${secret}`).toBe(false);
        }
      }
      // Signed in as the demo social worker, the public pages still show nobody's numbers.
      const person = d.people.find((p) => p.role === "social_worker");
      if (person) {
        const b = new Browser();
        await b.signIn(d.code, demoEmail(d, person), DEMO_PASSWORD);
        for (const p of open) {
          const body = await (await b.fetch(`/d/${d.code}/open-posts/${p.id}`)).text();
          for (const secret of secrets) expect(body.includes(secret)).toBe(false);
        }
      }
    }
  });
});
