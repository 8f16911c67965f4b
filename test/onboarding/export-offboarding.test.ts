import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { protect } from "../../src/lib/personal-data";
import { deleteDistrictRows } from "../../src/modules/onboarding/district-tables";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { Browser, countRows, createOrganization, createUser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";
import { operatorBrowser, pathOf, shownLink } from "./helpers";

// tenants/ export round trip, the district's data export, and offboarding.

const op = await operatorBrowser();

/** Every table of a shard that has a district_id column, read from the catalogue here (not by the code under test). */
async function rowsPerTable(db: D1Database, code: string): Promise<Record<string, number>> {
  const tables = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'").all<{ name: string }>();
  const counts: Record<string, number> = {};
  for (const { name } of tables.results) {
    const columns = await db.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
    if (!columns.results.some((c) => c.name === "district_id")) continue;
    counts[name] = await countRows(db, `"${name}"`, "district_id = ?", code);
  }
  return counts;
}

// ---------------------------------------------------------------------------------
// A ZIP reader, enough for the export: central directory, deflate-raw entries.

async function unzip(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let p = view.getUint32(end + 16, true);
  const files = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(p, true)).toBe(0x02014b50);
    const method = view.getUint16(p + 10, true);
    const compressed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const offset = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const raw = bytes.subarray(start, start + compressed);
    expect(method).toBe(8);
    const out = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer());
    expect(out.length).toBe(size);
    files.set(name, out);
    p += 46 + nameLength;
  }
  return files;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------------------------

describe("tenants/ export", () => {
  it("exports a console-made district as a tenants/ file that rebuilds the same registry and areas", async () => {
    await op.submit("/platform/districts", { code: "440103", nameZh: "荔湾区", nameEn: "Liwan District", parentNameZh: "广州市", parentNameEn: "Guangzhou", hostnames: "liwan.example.cn", shard: "DISTRICTS_1" }, "/platform/districts/new");
    const invite = await op.submit("/platform/districts/440103/invitations", { email: "liwan-admin@example.cn" });
    const admin = new Browser();
    const path = pathOf(shownLink(await invite.text()));
    await admin.fetch(path);
    expect((await admin.submit(path, { displayName: "荔湾管理员", password: "liwan-pass-2026" })).status).toBe(303);
    const version = async () => String((await testEnv.PLATFORM.prepare("SELECT version FROM districts WHERE code = '440103'").first<{ version: number }>())!.version);
    await admin.submit("/d/440103/admin/profile", {
      version: await version(),
      nameZh: "荔湾区",
      nameEn: "Liwan District",
      parentNameZh: "广州市",
      parentNameEn: "Guangzhou",
      address: "广州市荔湾区中山八路 1 号",
      phone: "020-81000000",
      email: "",
      logoText: "荔湾民政",
    });
    await admin.submit("/d/440103/admin/areas/subdistricts", { code: "440103001", name: "沙面街道", kind: "街道", nameEn: "Shamian Subdistrict" });
    await admin.submit("/d/440103/admin/areas/subdistricts", { code: "440103002", name: "岭南街道", kind: "街道", nameEn: "" });
    await admin.submit("/d/440103/admin/areas/communities", { parent: "440103001", code: "440103001001", name: "沙面社区", kind: "社区", nameEn: "Shamian Community" });
    await admin.submit("/d/440103/admin/areas/communities", { parent: "440103002", code: "440103002001", name: "兴隆社区", kind: "社区", nameEn: "" });
    await admin.submit("/d/440103/admin/modules", { version: await version(), "modules.posts": "1" });

    const res = await op.fetch("/platform/districts/440103/tenant.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="440103-liwan.json"');
    const file = await res.json();
    expect(JSON.stringify(file)).not.toContain("liwan-admin@example.cn");
    const parsed = z.safeParse(tenantFileSchema, file);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);

    const snapshot = async () => {
      const district = await testEnv.PLATFORM.prepare("SELECT code, name_zh, name_en, parent_name_zh, parent_name_en, shard, status, settings_json, modules_json, profile_json FROM districts WHERE code = '440103'").first<
        Record<string, string>
      >();
      const hostnames = await testEnv.PLATFORM.prepare("SELECT hostname FROM district_hostnames WHERE district_code = '440103' ORDER BY hostname").all();
      const areas = await testEnv.DISTRICTS_1.prepare("SELECT code, level, parent_code, name_zh, name_en, kind FROM areas WHERE district_id = '440103' ORDER BY code").all();
      return {
        ...district,
        settings_json: JSON.parse(String(district!.settings_json)),
        modules_json: JSON.parse(String(district!.modules_json)),
        profile_json: JSON.parse(String(district!.profile_json)),
        hostnames: hostnames.results,
        areas: areas.results,
      };
    };
    const before = await snapshot();
    expect(before.areas).toHaveLength(4);
    expect(before.modules_json).toEqual(["posts"]);

    // A fresh database: the district's registry rows and areas are gone.
    await testEnv.PLATFORM.batch([
      testEnv.PLATFORM.prepare("DELETE FROM account_directory WHERE district_code = '440103'"),
      testEnv.PLATFORM.prepare("DELETE FROM district_hostnames WHERE district_code = '440103'"),
      testEnv.PLATFORM.prepare("DELETE FROM districts WHERE code = '440103'"),
    ]);
    await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = '440103'").run();
    expect(await countRows(testEnv.PLATFORM, "districts", "code = '440103'")).toBe(0);

    const statements = tenantStatements(parsed.data!, new Date().toISOString());
    await runCompiled(testEnv.PLATFORM, statements.platform);
    await runCompiled(testEnv.DISTRICTS_1, statements.shard);
    clearRegistryCache();
    expect(await snapshot()).toEqual(before);
    expect((await op.fetch("/platform/districts/999995/tenant.json")).status).toBe(404);
    expect((await new Browser().fetch("/platform/districts/440103/tenant.json")).status).toBe(401);
  });
});

describe("data export", () => {
  it("gives the admin a ZIP with one JSON file per table, the tenants/ file and a manifest whose checksums match", async () => {
    const code = "440104";
    await districtWith(code, { shard: "DISTRICTS_0" });
    const { b, ...user } = await personIn(code, "DISTRICTS_0", "district_admin");
    const org = await createOrganization(code, "DISTRICTS_0", "越秀区导出测试组织");
    // A module's protected personal-data column, stood in for by a text column here.
    const phone = await protect("13812345678", testEnv.PERSONAL_DATA_KEY);
    await testEnv.DISTRICTS_0.prepare("UPDATE organizations SET org_type = ? WHERE district_id = ? AND id = ?").bind(phone, code, org).run();

    const page = await b.fetch(`/d/${code}/admin/export`);
    expect(page.status).toBe(200);
    // Every exported table by its name in the reader's language, never its own name.
    const html = await page.text();
    expect(html).toMatch(/<th scope="row"[^>]*>审计日志<\/th>/);
    const counted = [...html.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!);
    expect(counted.length).toBeGreaterThan(40);
    expect(counted.filter((name) => /^[a-z_]+$/.test(name))).toEqual([]);
    const english = await (await b.fetch(`/d/${code}/admin/export?lang=en`)).text();
    expect(english).toMatch(/<th scope="row"[^>]*>Audit log<\/th>/);

    const res = await b.submit(`/d/${code}/admin/export`, {});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`attachment; filename="district-${code}-\\d{4}-\\d{2}-\\d{2}\\.zip"`));
    const files = await unzip(new Uint8Array(await res.arrayBuffer()));
    const text = (name: string) => new TextDecoder().decode(files.get(name));
    const manifest = JSON.parse(text("manifest.json")) as { district: { code: string }; files: { path: string; table?: string; rows?: number; bytes: number; sha256: string }[]; omitted: { tables: string[] } };
    expect(manifest.district.code).toBe(code);
    for (const entry of manifest.files) {
      const content = files.get(entry.path)!;
      expect(content, entry.path).toBeDefined();
      expect(content.length).toBe(entry.bytes);
      expect(await sha256(content)).toBe(entry.sha256);
    }
    const tables = manifest.files
      .filter((f) => f.table)
      .map((f) => f.table)
      .sort();
    // Every district table, the modules' included; the guard table holds no district rows.
    expect(tables).toEqual(expect.arrayContaining(["areas", "audit_events", "credit_list_entries", "invitations", "organizations", "role_grants", "users", "applications", "posts"]));
    expect(tables).not.toContain("write_guards");
    expect(manifest.omitted.tables).toEqual(["name_grams", "sessions", "login_failures", "submissions", "password_resets", "phone_verifications", "review_figures", "notification_channels"]);

    const users = JSON.parse(text("tables/users.json")) as Record<string, unknown>[];
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ id: user.id, email: user.email, district_id: code });
    expect(users[0]).not.toHaveProperty("password_hash");
    const organizations = JSON.parse(text("tables/organizations.json")) as Record<string, unknown>[];
    expect(organizations[0]).toMatchObject({ name: "越秀区导出测试组织", org_type: "13812345678" });
    expect(manifest.files.find((f) => f.table === "areas")!.rows).toBe(6);
    expect(z.safeParse(tenantFileSchema, JSON.parse(text("tenant.json"))).success).toBe(true);
    expect(JSON.parse(text("tables/credit_list_entries.json"))).toEqual([]);
    // Recorded in the district's audit log, with the row counts.
    const event = await testEnv.DISTRICTS_0.prepare("SELECT actor_id, summary_json FROM audit_events WHERE district_id = ? AND action = 'district.data_exported'").bind(code).first<{ actor_id: string; summary_json: string }>();
    expect(event!.actor_id).toBe(user.id);
    expect(JSON.parse(event!.summary_json)).toMatchObject({ after: { tables: { organizations: 1, users: 1 } } });
  });

  it("is for the district's admins only", async () => {
    const code = "440105";
    await districtWith(code, { shard: "DISTRICTS_0" });
    const staff = await createUser(code, "DISTRICTS_0", [{ role: "subdistrict_staff", scopeArea: `${code}001` }]);
    const sb = new Browser();
    await sb.signIn(code, staff.email);
    expect((await sb.fetch(`/d/${code}/admin/export`)).status).toBe(403);
    expect((await sb.submit(`/d/${code}/admin/export`, {})).status).toBe(403);
    const { b: stranger } = await personIn("440104", "DISTRICTS_0", "district_admin");
    expect((await stranger.fetch(`/d/${code}/admin/export`)).status).toBe(404);
    expect((await stranger.fetch(`/d/${code}/admin/export`, { method: "POST", form: { _csrf: stranger.csrf } })).status).toBe(404);
    expect((await new Browser().fetch(`/d/${code}/admin/export`)).status).toBe(303);
  });

  it("is refused to an admin granted one 街道 only: no hub or link, 403 with the reason in the reader's language, no ZIP and nothing recorded; a district-wide admin still gets it", async () => {
    const code = "440181";
    await districtWith(code, { shard: "DISTRICTS_0" });
    const scoped = await createUser(code, "DISTRICTS_0", [{ role: "district_admin", scopeArea: `${code}001` }]);
    const sb = new Browser();
    await sb.signIn(code, scoped.email);
    // The hub administers the whole district too (its settings, areas and staff).
    const hub = await sb.fetch(`/d/${code}/admin`);
    expect(hub.status).toBe(403);
    expect(await hub.text()).not.toContain(`/d/${code}/admin/export"`);
    const page = await sb.fetch(`/d/${code}/admin/export`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("需要全区范围的授权；您的授权只覆盖部分街道或社区");
    expect(await (await sb.fetch(`/d/${code}/admin/export?lang=en`)).text()).toContain("needs a district-wide grant; yours covers only some sub-districts or communities");
    const res = await sb.submit(`/d/${code}/admin/export`, {});
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).not.toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(await countRows(testEnv.DISTRICTS_0, "audit_events", "district_id = ? AND action = 'district.data_exported'", code)).toBe(0);

    const { b } = await personIn(code, "DISTRICTS_0", "district_admin");
    expect(await (await b.fetch(`/d/${code}/admin`)).text()).toContain(`/d/${code}/admin/export"`);
    const zip = await b.submit(`/d/${code}/admin/export`, {});
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    await zip.arrayBuffer();
  });
});

describe("offboarding", () => {
  const X = "440106";
  const Y = "440107";

  async function populate(code: string) {
    await districtWith(code, { shard: "DISTRICTS_0", hostnames: [`d${code}.example.cn`] });
    const org = await createOrganization(code, "DISTRICTS_0", `${code}组织`);
    const member = await createUser(code, "DISTRICTS_0", [{ role: "org_member", organizationId: org }], `member-${code}@example.cn`);
    const { b } = await personIn(code, "DISTRICTS_0", "district_admin"); // a session, role grants, audit events
    await new Browser().signIn(code, member.email, "wrong-password-1"); // a login failure
    await testEnv.DISTRICTS_0.prepare(
      "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, exited_on, created_at) VALUES (?, ?, ?, 'abnormal', '未按时报送年报', '《社会组织信用信息管理办法》', '区民政局', '2026-01-05', NULL, '2026-01-05')",
    )
      .bind(code, `credit-${code}`, org)
      .run();
    await b.submit(`/d/${code}/admin/staff/invitations`, { email: `invitee-${code}@example.cn`, role: "reviewer", scope: "" });
    await testEnv.FILES.put(`${code}/attachments/charter.pdf`, "charter");
  }

  it("deletes every row of the district from its shard after a typed confirmation, and nothing of its neighbour", async () => {
    await populate(X);
    await populate(Y);
    const before = await rowsPerTable(testEnv.DISTRICTS_0, X);
    const neighbour = await rowsPerTable(testEnv.DISTRICTS_0, Y);
    for (const table of ["areas", "users", "organizations", "role_grants", "sessions", "login_failures", "audit_events", "credit_list_entries", "invitations"]) {
      expect(before[table], table).toBeGreaterThan(0);
    }

    // A live district must be suspended first.
    const live = await op.submit(`/platform/districts/${X}/delete`, { confirm: X });
    expect(live.status).toBe(409);
    await op.submit(`/platform/districts/${X}/suspend`, { reason: "停止使用平台" });
    const mistyped = await op.submit(`/platform/districts/${X}/delete`, { confirm: "440160" });
    expect(mistyped.status).toBe(422);
    expect(await mistyped.text()).toContain("输入的代码不一致");
    expect(await rowsPerTable(testEnv.DISTRICTS_0, X)).toEqual(before);

    const res = await op.submit(`/platform/districts/${X}/delete`, { confirm: X });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`的数据已从 DISTRICTS_0 中全部删除`);

    const after = await rowsPerTable(testEnv.DISTRICTS_0, X);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [table, n] of Object.entries(after)) expect(n, table).toBe(0);
    expect(await rowsPerTable(testEnv.DISTRICTS_0, Y)).toEqual(neighbour);

    // The registry forgets it; its addresses are free again; its files are gone.
    expect(await countRows(testEnv.PLATFORM, "districts", "code = ?", X)).toBe(0);
    expect(await countRows(testEnv.PLATFORM, "district_hostnames", "district_code = ?", X)).toBe(0);
    expect(await countRows(testEnv.PLATFORM, "account_directory", "district_code = ?", X)).toBe(0);
    expect(await testEnv.FILES.head(`${X}/attachments/charter.pdf`)).toBeNull();
    expect(await testEnv.FILES.head(`${Y}/attachments/charter.pdf`)).not.toBeNull();
    expect((await new Browser().fetch(`/d/${X}/`)).status).toBe(404);
    const deleted = await testEnv.PLATFORM.prepare("SELECT summary_json FROM platform_audit_events WHERE action = 'district.deleted' AND target_id = ?").bind(X).first<{ summary_json: string }>();
    expect(JSON.parse(deleted!.summary_json).after.rowsDeleted).toMatchObject({ users: before.users, audit_events: before.audit_events });

    // Outside an offboarding the audit log stays append-only.
    await expect(testEnv.DISTRICTS_0.prepare("DELETE FROM audit_events WHERE district_id = ?").bind(Y).run()).rejects.toThrow(/append-only/);
    expect(await countRows(testEnv.DISTRICTS_0, "offboardings")).toBe(0);
  });

  it("continues a deletion that ran out of budget, keeping the audit log deletable only meanwhile", async () => {
    const Z = "440108";
    await populate(Z);
    const partial = await deleteDistrictRows(testEnv.DISTRICTS_0, Z, "test-operator", 1);
    expect(partial.done).toBe(false);
    expect(await countRows(testEnv.DISTRICTS_0, "offboardings", "district_id = ?", Z)).toBe(1);
    const rest = await deleteDistrictRows(testEnv.DISTRICTS_0, Z, "test-operator");
    expect(rest.done).toBe(true);
    expect(Object.values(await rowsPerTable(testEnv.DISTRICTS_0, Z)).every((n) => n === 0)).toBe(true);
    expect(await countRows(testEnv.DISTRICTS_0, "offboardings", "district_id = ?", Z)).toBe(0);
  });

  it("is for operators only, and unknown districts are not found", async () => {
    await districtWith("440109", { shard: "DISTRICTS_1", status: "suspended" });
    const anonymous = new Browser();
    await anonymous.fetch("/platform/login");
    expect((await anonymous.fetch("/platform/districts/440109/delete", { method: "POST", form: { _csrf: anonymous.csrf, confirm: "440109" } })).status).toBe(401);
    const { b: districtAdmin } = await personIn("440107", "DISTRICTS_0", "district_admin");
    expect((await districtAdmin.fetch("/platform/districts/440109/delete", { method: "POST", form: { _csrf: districtAdmin.csrf, confirm: "440109" } })).status).toBe(401);
    expect(await countRows(testEnv.PLATFORM, "districts", "code = '440109'")).toBe(1);
    expect((await op.submit("/platform/districts/999994/delete", { confirm: "999994" })).status).toBe(404);
  });
});
