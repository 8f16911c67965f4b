import { afterEach, describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { directoryQueries } from "../../src/modules/disclosure/directory";
import { directoryQuerySchema } from "../../src/modules/disclosure/schemas";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, countRows, createUser, loadDemoDistrict, testEnv } from "../helpers";
import { districtData, insertOrg, row, rows, today, uscc } from "./fixtures";
import { districtWith } from "../fixtures/district";

/** A claim as the browser sends it: multipart, with the registration certificate. */
async function submitClaim(b: Browser, path: string, fields: Record<string, string>): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(path);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("certificate", new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "certificate.pdf", { type: "application/pdf" }));
  return b.fetch(path, { method: "POST", body: form });
}

// The public portal: no personal data for a seeded organization that has some, text
// that organizations control shown as text, search and filters on indexes at 10,000
// organizations, sharing tags, caching, languages, elder mode, open data, the notices
// feed and the claim of a registry entry by its organization.

afterEach(() => {
  vi.useRealTimers();
});

const demo = await loadDemoDistrict(kundulun);
const K = "150203";
const SUNSHINE = "demo-150203-org-sunshine";
const ID_NUMBER = "150203198503120020";
const PHONE = "13904721234";

function links(html: string, prefix: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")).filter((h) => h.startsWith(prefix));
}

describe("personal data never reaches a public page", () => {
  it("crawls every public page and file of the seeded district, in both languages, without finding the legal representative's ID number or phone", async () => {
    const stored = await row<{ legal_rep_id_protected: string; legal_rep_phone_protected: string }>(
      testEnv.DISTRICTS_0,
      "SELECT legal_rep_id_protected, legal_rep_phone_protected FROM organizations WHERE district_id = ? AND id = ?",
      K,
      SUNSHINE,
    );
    expect(stored.legal_rep_id_protected).toMatch(/^v1\./);
    expect(stored.legal_rep_phone_protected).toMatch(/^v1\./);
    const forbidden = [ID_NUMBER, PHONE, "139****1234", "150203********0020", "19850312", "0472123", stored.legal_rep_id_protected.slice(0, 20)];

    const visitor = new Browser();
    const seen = new Set<string>();
    const queue = [`/d/${K}/`, `/d/${K}/organizations`, `/d/${K}/credit-lists`, `/d/${K}/notices`, `/d/${K}/open-data`];
    let pages = 0;
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await visitor.fetch(path);
      expect(res.status, path).toBe(200);
      const body = await res.text();
      for (const f of forbidden) expect(body.includes(f), `${f} on ${path}`).toBe(false);
      pages += 1;
      if ((res.headers.get("content-type") ?? "").includes("text/html")) {
        for (const link of links(body, `/d/${K}/`)) {
          const clean = link.split("#")[0]!;
          if (/\/(login|signup|claim|attachments\/)|\?(lang|elder)=/.test(clean)) continue;
          queue.push(clean);
        }
      }
    }
    expect(pages).toBeGreaterThan(30);
    expect(seen).toContain(`/d/${K}/organizations/${SUNSHINE}`);
    expect(seen).toContain(`/d/${K}/open-data/v1/organizations.csv`);
    expect(seen).toContain(`/d/${K}/notices.atom`);
    for (const api of [`/d/${K}/api/v1/organizations/${SUNSHINE}`, `/d/${K}/api/v1/organizations?q=${encodeURIComponent("昆都仑区阳光")}`, `/d/${K}/api/v1/credit-lists/serious`]) {
      const res = await visitor.fetch(api);
      expect(res.status, api).toBe(200);
      const body = await res.text();
      for (const f of forbidden) expect(body.includes(f), `${f} in ${api}`).toBe(false);
    }
    const detail = (await (await visitor.fetch(`/d/${K}/api/v1/organizations/${SUNSHINE}`)).json()) as { legalRepName: string; grades: { grade: string }[]; filing: { status: string } };
    expect(detail.legalRepName).toBe("刘洋");
    expect(detail.grades[0]!.grade).toBe("5A");
    expect(Object.keys(detail).some((k) => /phone|idNumber|protected/i.test(k))).toBe(false);
    const english = await (await new Browser().fetch(`/d/${K}/organizations/${SUNSHINE}?lang=en`)).text();
    expect(english).toContain("Legal representative");
    for (const f of forbidden) expect(english).not.toContain(f);
  });

  it("shows staff a masked value, the full value only to a district admin, and audits every look", async () => {
    const admin = new Browser();
    await admin.signIn(K, demoEmail(demo, demo.people.find((p) => p.key === "admin")!), DEMO_PASSWORD);
    const page = await (await admin.fetch(`/d/${K}/manage/organizations/${SUNSHINE}`)).text();
    expect(page).toContain("150203********0020");
    expect(page).toContain("139****1234");
    expect(page).not.toContain(ID_NUMBER);
    const before = await countRows(testEnv.DISTRICTS_0, "audit_events", "district_id = ? AND action = 'organization.legal_rep_revealed'", K);
    const revealed = await admin.submit(`/d/${K}/manage/organizations/${SUNSHINE}/reveal`, {});
    const html = await revealed.text();
    expect(html).toContain(ID_NUMBER);
    expect(html).toContain(PHONE);
    expect(revealed.headers.get("cache-control")).toBe("no-store");
    expect(await countRows(testEnv.DISTRICTS_0, "audit_events", "district_id = ? AND action = 'organization.legal_rep_revealed' AND target_id = ?", K, SUNSHINE)).toBe(before + 1);

    const sub = new Browser();
    await sub.signIn(K, demoEmail(demo, demo.people.find((p) => p.key === "jiedao")!), DEMO_PASSWORD);
    const subPage = await (await sub.fetch(`/d/${K}/manage/organizations/${SUNSHINE}`)).text();
    expect(subPage).toContain("139****1234");
    expect(subPage).not.toContain("查看完整信息");
    expect((await sub.submit(`/d/${K}/manage/organizations/${SUNSHINE}/reveal`, {})).status).toBe(403);
  });
});

describe("text an organization controls", () => {
  it("renders script in names, scopes and disclosures as text on every public page and file", async () => {
    const X = "150941";
    const { db } = await districtWith(X, { shard: "DISTRICTS_1" });
    const adminUser = await createUser(X, "DISTRICTS_1", [{ role: "district_admin" }]);
    const admin = new Browser();
    await admin.signIn(X, adminUser.email);
    const name = `<script>alert("xss")</script>协会`;
    const res = await admin.submit(
      `/d/${X}/manage/organizations`,
      {
        name,
        kind: "registered",
        uscc: uscc(X, "1"),
        orgType: "社会团体",
        registeredOn: "2015-01-01",
        businessScope: `<img src=x onerror=alert(1)>`,
        domicile: `"><svg onload=alert(2)>`,
        legalRepName: '=HYPERLINK("http://evil")',
        areaCode: "",
      },
      `/d/${X}/manage/organizations/new`,
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const orgId = /organizations\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
    const memberUser = await createUser(X, "DISTRICTS_1", [{ role: "org_member", organizationId: orgId }]);
    const m = new Browser();
    await m.signIn(X, memberUser.email);
    const published = await m.submit(`/d/${X}/my/disclosures/new/project`, {
      title: `<iframe src="javascript:alert(3)">`,
      projectKind: "own",
      funder: "<b>bold</b>",
      amount: "",
      startOn: "2026-01-01",
      endOn: "",
      beneficiaries: "",
      description: "<script>document.cookie</script> 项目说明",
    });
    expect(published.status).toBe(303);
    const disclosureId = /disclosures\/([^?]+)/.exec(published.headers.get("location")!)![1]!;

    const pages = [`/d/${X}/organizations`, `/d/${X}/organizations?q=${encodeURIComponent("<script>")}`, `/d/${X}/organizations/${orgId}`, `/d/${X}/disclosures/${disclosureId}`, `/d/${X}/`];
    for (const path of pages) {
      const html = await (await new Browser().fetch(path)).text();
      for (const raw of ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<b>bold</b>", "<script>document"]) expect(html.includes(raw), `${raw} on ${path}`).toBe(false);
    }
    const orgPage = await (await new Browser().fetch(`/d/${X}/organizations/${orgId}`)).text();
    expect(orgPage).toContain("&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;协会");
    expect(orgPage).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(orgPage).toContain(`<title>&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;协会 - `);
    const csv = await (await new Browser().fetch(`/d/${X}/open-data/v1/organizations.csv`)).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`); // a spreadsheet shows it, never runs it
    const json = (await (await new Browser().fetch(`/d/${X}/open-data/v1/organizations.json`)).json()) as { records: { name: string }[] };
    expect(json.records.map((r) => r.name)).toContain(name);
    expect(await countRows(db, "organizations", "district_id = ? AND name = ?", X, name)).toBe(1);
  });
});

describe("the directory", () => {
  it("finds organizations by words anywhere in their name or the start of their credit code, and by each filter", async () => {
    const Y = "150942";
    const { db } = await districtWith(Y, { shard: "DISTRICTS_1" });
    const a = await insertOrg(db, Y, { name: "青松养老服务中心", orgType: "社会服务机构", area: `${Y}001`, grade: "4A", gradeStatus: "valid", gradeValidUntil: "2029-01-01" });
    const b = await insertOrg(db, Y, { name: "青松 Volunteer 协会", orgType: "社会团体", area: `${Y}002001`, listStatus: "abnormal", filingStatus: "overdue" });
    const c = await insertOrg(db, Y, { name: "白云助学基金会", orgType: "基金会", area: null, grade: "3A", gradeStatus: "expired", gradeValidUntil: "2024-01-01", filingStatus: "on_time" });
    await insertOrg(db, Y, { name: "青松未核实组织", verification: "unverified" });
    await db.prepare("INSERT INTO organization_service_fields (district_id, organization_id, field) VALUES (?, ?, 'elderly'), (?, ?, 'volunteering')").bind(Y, a.id, Y, b.id).run();
    const find = async (query: string) => {
      const html = await (await new Browser().fetch(`/d/${Y}/organizations${query}`)).text();
      return [a, b, c].filter((o) => html.includes(`/organizations/${o.id}"`)).map((o) => o.name);
    };
    expect(await find("?q=青松")).toEqual(["青松养老服务中心", "青松 Volunteer 协会"]);
    expect(await find(`?q=${encodeURIComponent("青松volunteer")}`)).toEqual(["青松 Volunteer 协会"]); // spaces and case do not matter
    expect(await find("?q=松")).toEqual(["青松养老服务中心", "青松 Volunteer 协会"]); // anywhere in the name
    expect(await find(`?q=${encodeURIComponent("养老服务")}`)).toEqual(["青松养老服务中心"]);
    expect(await find(`?q=${encodeURIComponent("松养")}`)).toEqual(["青松养老服务中心"]);
    expect(await find(`?q=${c.uscc!.slice(0, 17)}`)).toEqual(["白云助学基金会"]);
    expect(await find(`?q=${c.uscc!.toLowerCase()}`)).toEqual(["白云助学基金会"]);
    expect(await find("?type=基金会")).toEqual(["白云助学基金会"]);
    expect(await find("?field=volunteering")).toEqual(["青松 Volunteer 协会"]);
    expect(await find(`?area=${Y}002`)).toEqual(["青松 Volunteer 协会"]);
    expect(await find("?grade=4A")).toEqual(["青松养老服务中心"]);
    expect(await find("?grade=expired")).toEqual(["白云助学基金会"]);
    expect(await find("?list=abnormal")).toEqual(["青松 Volunteer 协会"]);
    expect(await find("?filing=on_time")).toEqual(["白云助学基金会"]);
    expect(await find("?q=青松&list=none")).toEqual(["青松养老服务中心"]);
    const html = await (await new Browser().fetch(`/d/${Y}/organizations`)).text();
    expect(html).toContain("共找到 3 家社会组织");
    expect(html).not.toContain("青松未核实组织");
    expect((await new Browser().fetch(`/d/${Y}/organizations?grade=6A`)).status).toBe(422);
  });

  it("searches 10,000 organizations through indexes: no query plan reads the whole table", async () => {
    const Z = "150943";
    const { db } = await districtWith(Z, { shard: "DISTRICTS_1" });
    await db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
         INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, registered_on, grade, grade_status, list_status, filing_status, created_at, updated_at)
         SELECT ?, printf('gen%05d', i), printf('组织%05d服务中心', i), printf('52%s%09dX', ?, i), 'registered',
                CASE i % 4 WHEN 0 THEN '社会团体' WHEN 1 THEN '社会服务机构' WHEN 2 THEN '基金会' ELSE '社区社会组织' END,
                CASE i % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE NULL END, 'verified', '2015-01-01',
                CASE WHEN i % 10 = 0 THEN '4A' ELSE NULL END, CASE WHEN i % 10 = 0 THEN 'valid' ELSE 'none' END,
                CASE WHEN i % 50 = 0 THEN 'abnormal' ELSE 'none' END,
                CASE i % 5 WHEN 0 THEN 'overdue' WHEN 1 THEN 'late' ELSE 'on_time' END, '2026-01-01', '2026-01-01'
         FROM n`,
      )
      .bind(Z, Z, `${Z}001`, `${Z}002001`)
      .run();
    await db
      .prepare(
        "INSERT INTO organization_service_fields (district_id, organization_id, field) SELECT district_id, id, CASE abs(random()) % 3 WHEN 0 THEN 'elderly' WHEN 1 THEN 'children' ELSE 'culture' END FROM organizations WHERE district_id = ?",
      )
      .bind(Z)
      .run();
    expect(await countRows(db, "organizations", "district_id = ?", Z)).toBe(10_000);

    const data = await districtData(Z);
    const cases: [Record<string, string>, RegExp][] = [
      // Browsing pages in pinyin order straight from an index ending in (sort_key, id).
      [{}, /organizations_pinyin \(/],
      [{ q: "组织0123" }, /organizations_directory/],
      [{ q: `52${Z}0000012` }, /uscc|sqlite_autoindex_organizations/],
      [{ type: "基金会" }, /organizations_pinyin_by_type/],
      [{ area: `${Z}002` }, /organizations_by_area_listed/],
      [{ grade: "4A" }, /organizations_pinyin_by_grade /],
      [{ grade: "expired" }, /organizations_pinyin_by_grade_status/],
      [{ list: "abnormal" }, /organizations_pinyin_by_list/],
      [{ filing: "overdue" }, /organizations_pinyin_by_filing/],
      [{ field: "elderly" }, /organization_service_fields_by_field/],
      [{ q: "组织01", type: "社会团体", grade: "4A", list: "none", filing: "late" }, /organizations_by/],
      [{ page: "400" }, /organizations_pinyin \(/],
      // Keywords anywhere in the name: the prefix statement on its index, the other through name_grams.
      [{ q: "组织" }, /organizations_directory/],
      [{ q: "0" }, /organizations_directory/],
      [{ q: "织0123" }, /organizations_directory/],
      // Pinyin initials: a third statement, its first letter a range of the sort key.
      [{ q: "zz" }, /organizations_directory/],
    ];
    for (const [params, index] of cases) {
      const q = z.parse(directoryQuerySchema, params);
      const { queries } = directoryQueries(data, q);
      const list = queries[0];
      for (const query of queries) {
        const compiled = query.compile();
        const plan = await rows<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${compiled.sql}`, ...compiled.parameters);
        const details = plan.map((p) => p.detail);
        expect(
          details.filter((d) => /^SCAN (organizations|organization_service_fields)\b/.test(d)),
          `${JSON.stringify(params)}: ${details.join(" | ")}`,
        ).toEqual([]);
        if (query === list && !params.q && !params.area && !params.field) expect(details.join(" | "), JSON.stringify(params)).not.toMatch(/TEMP B-TREE/);
        if (query === list) expect(details.join(" | "), JSON.stringify(params)).toMatch(index);
        else if (query === queries[2]) expect(details.join(" | "), JSON.stringify(params)).toMatch(/organizations_pinyin \(district_id=\? AND verification=\? AND sort_key>\? AND sort_key<\?\)/);
        else if (params.q && !/^\d{4}/.test(params.q)) expect(details.join(" | "), JSON.stringify(params)).toMatch(/name_grams/);
      }
    }
    const started = Date.now();
    const res = await new Browser().fetch(`/d/${Z}/organizations?type=${encodeURIComponent("社会团体")}&filing=overdue&page=20`);
    expect(res.status).toBe(200);
    const filtered = await res.text();
    // 500 match; the count stops at 200 and page 20 still lists its twenty.
    expect(filtered).toContain("共找到 200 余家社会组织");
    expect(filtered.match(/class="result"/g)).toHaveLength(20);
    expect(Date.now() - started).toBeLessThan(5000);

    // Broad searches are counted up to 200: the visitor is told there are more and can
    // still page on while pages are full.
    const broad = await (await new Browser().fetch(`/d/${Z}/organizations?page=2`)).text();
    expect(broad).toContain("共找到 200 余家社会组织");
    expect(broad).toContain("第 2 页");
    expect(broad).toContain('rel="next"');
    const api = (await (await new Browser().fetch(`/d/${Z}/api/v1/organizations?type=${encodeURIComponent("基金会")}`)).json()) as { total: number; more: boolean };
    expect(api).toMatchObject({ total: 200, more: true });
    const narrow = (await (await new Browser().fetch(`/d/${Z}/api/v1/organizations?q=${encodeURIComponent("组织0123")}`)).json()) as { total: number; more: boolean };
    expect(narrow).toMatchObject({ total: 10, more: false });
  });
});

describe("sharing, caching, languages and elder mode", () => {
  it("gives every public page a title, description, canonical link and Open Graph tags", async () => {
    const html = await (await new Browser().fetch(`/d/${K}/organizations/${SUNSHINE}`)).text();
    expect(html).toContain("<title>昆都仑区阳光社会工作服务中心 - 包头市昆都仑区 · 三社联动服务平台</title>");
    expect(html).toMatch(/<meta name="description" content="昆都仑区阳光社会工作服务中心：统一社会信用代码 [0-9A-Z]{18}，社会服务机构。评估等级：5A，有效期至 \d{4}-\d{2}-\d{2}。"\/>/);
    expect(html).toContain(`<link rel="canonical" href="https://sanshe.test/d/${K}/organizations/${SUNSHINE}"/>`);
    expect(html).toContain('<meta property="og:title" content="昆都仑区阳光社会工作服务中心"/>');
    expect(html).toContain('<meta property="og:type" content="profile"/>');
    expect(html).toContain(`<meta property="og:url" content="https://sanshe.test/d/${K}/organizations/${SUNSHINE}"/>`);
    expect(html).toContain('<meta property="og:locale" content="zh_CN"/>');
    const directory = await (await new Browser().fetch(`/d/${K}/organizations?type=${encodeURIComponent("社会团体")}&lang=en`)).text();
    expect(directory).toContain("<title>Organization directory - Kundulun District, Baotou · Three-Society Linkage Platform</title>");
    expect(directory).toContain(`<link rel="canonical" href="https://sanshe.test/d/${K}/organizations?type=%E7%A4%BE%E4%BC%9A%E5%9B%A2%E4%BD%93"/>`);
    expect(directory).toContain('<meta property="og:locale" content="en_US"/>');
    const notices = await (await new Browser().fetch(`/d/${K}/notices`)).text();
    expect(notices).toContain(`<link rel="alternate" type="application/atom+xml" title="公示公告订阅（Atom）" href="https://sanshe.test/d/${K}/notices.atom"/>`);
  });

  it("answers a repeated request with 304, and a change with a new page at once", async () => {
    const url = `/d/${K}/organizations/demo-150203-org-d09`;
    const first = await new Browser().fetch(url);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const again = await new Browser().fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await testEnv.DISTRICTS_0.prepare("UPDATE organizations SET domicile = '包头市昆都仑区前进道社区新址' WHERE district_id = ? AND id = 'demo-150203-org-d09'").bind(K).run();
    const changed = await new Browser().fetch(url, { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("前进道社区新址");
    const csv = await new Browser().fetch(`/d/${K}/open-data/v1/organizations.csv`);
    expect(csv.headers.get("cache-control")).toBe("public, max-age=60");
    // A signed-in page is nobody else's.
    const admin = new Browser();
    await admin.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD);
    expect((await admin.fetch(url)).headers.get("cache-control")).toBe("private, no-cache");
  });

  it("works in English and in elder mode, which persists across pages", async () => {
    const b = new Browser();
    const en = await (await b.fetch(`/d/${K}/organizations/${SUNSHINE}?lang=en`)).text();
    expect(en).toContain('<h2 id="basic">Basic information</h2>');
    expect(en).toContain("Annual report filing");
    const elder = await (await b.fetch(`/d/${K}/organizations?elder=1`)).text();
    expect(elder).toContain('<html lang="en" class="elder"');
    const next = await (await b.fetch(`/d/${K}/credit-lists/abnormal`)).text();
    expect(next).toContain('class="elder"');
    expect(next).toContain("Abnormal activity list");
    // Statuses carry words and a symbol, not colour alone.
    expect(next).not.toMatch(/class="badge [a-z]+"><svg class="icon"[^>]*><path[^>]*><\/path><\/svg> <\/span>/);
  });
});

describe("open data and the notices feed", () => {
  it("publishes the registry, grades and lists as CSV and JSON with a documented schema at stable URLs", async () => {
    const doc = await (await new Browser().fetch(`/d/${K}/open-data`)).text();
    for (const set of ["organizations", "grades", "credit-lists"]) {
      expect(doc).toContain(`https://sanshe.test/d/${K}/open-data/v1/${set}.csv`);
      expect(doc).toContain(`https://sanshe.test/d/${K}/open-data/v1/${set}.json`);
    }
    const csvRes = await new Browser().fetch(`/d/${K}/open-data/v1/organizations.csv`);
    expect(csvRes.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await csvRes.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, for spreadsheets
    const csv = new TextDecoder().decode(bytes);
    const header = csv.split("\r\n")[0]!.split(",");
    expect(header).toEqual([
      "id",
      "name",
      "uscc",
      "kind",
      "org_type",
      "area_code",
      "registration_authority",
      "registration_scope",
      "registration_status",
      "registration_status_on",
      "registered_on",
      "domicile",
      "business_scope",
      "legal_rep_name",
      "service_fields",
      "grade",
      "grade_status",
      "grade_valid_until",
      "list_status",
      "filing_status",
      "last_report_year",
      "url",
    ]);
    for (const field of header) expect(doc).toContain(`<code>${field}</code>`);
    const json = (await (await new Browser().fetch(`/d/${K}/open-data/v1/organizations.json`)).json()) as { dataset: string; fields: { name: string }[]; count: number; records: Record<string, unknown>[] };
    expect(json.fields.map((f) => f.name)).toEqual(header);
    expect(json.count).toBe(json.records.length);
    expect(json.records.find((r) => r.id === SUNSHINE)).toMatchObject({ grade: "5A", grade_status: "valid", service_fields: "children;disability;elderly" });
    const lists = (await (await new Browser().fetch(`/d/${K}/open-data/v1/credit-lists.json`)).json()) as { records: { list: string; exited_on: string | null; exit_reason: string | null }[] };
    expect(lists.records.some((r) => r.list === "serious" && r.exited_on === null)).toBe(true);
    expect(lists.records.some((r) => r.exit_reason === "transferred")).toBe(true);
    const grades = await (await new Browser().fetch(`/d/${K}/open-data/v1/grades.csv`)).text();
    expect(grades).toContain("expired");
  });

  it("serves each dataset a page at a time in its order, the next page linked until the last, documented as paged", async () => {
    type Page = { count: number; page: number; limit: number; next: string | null; records: Record<string, unknown>[] };
    const get = async (path: string) => {
      const res = await new Browser().fetch(`/d/${K}/open-data/v1/${path}`);
      expect(res.status, path).toBe(200);
      return { res, body: (await res.json()) as Page };
    };
    // Three tracking decisions kept the same day: the page boundary falls between ties, in id order.
    for (const id of ["ga-page-1", "ga-page-2", "ga-page-3"])
      await testEnv.DISTRICTS_0.prepare(
        "INSERT INTO grade_adjustments (district_id, id, organization_id, grade_id, kind, outcome, from_grade, to_grade, reason, decided_on, decided_by, at) SELECT district_id, ?, organization_id, id, 'tracking', 'kept', grade, grade, '跟踪评估维持', '2026-06-01', 'system', '2026-06-01T00:00:00.000Z' FROM organization_grades WHERE district_id = ? AND organization_id = ? LIMIT 1",
      )
        .bind(id, K, SUNSHINE)
        .run();
    for (const set of ["organizations", "grades", "grade-adjustments", "credit-lists"]) {
      const whole = (await get(`${set}.json`)).body;
      expect(whole.count, set).toBeGreaterThanOrEqual(2);
      expect(whole.next).toBeNull();
      const { res, body: one } = await get(`${set}.json?limit=1`);
      const next = `https://sanshe.test/d/${K}/open-data/v1/${set}.json?page=2&limit=1`;
      expect([one.count, one.page, one.limit, one.next], set).toEqual([whole.count, 1, 1, next]);
      expect(res.headers.get("link")).toBe(`<https://sanshe.test/d/${K}/open-data#${set}>; rel="describedby", <${next}>; rel="next"`);
      const two = (await get(`${set}.json?page=2&limit=1`)).body;
      expect([...one.records, ...two.records], set).toEqual(whole.records.slice(0, 2));
      const last = await get(`${set}.json?page=${whole.count}&limit=1`);
      expect(last.body.records, set).toEqual(whole.records.slice(-1));
      expect([last.body.next, last.res.headers.get("link")]).toEqual([null, `<https://sanshe.test/d/${K}/open-data#${set}>; rel="describedby"`]);
      expect((await new Browser().fetch(`/d/${K}/open-data/v1/${set}.csv?page=${whole.count + 1}&limit=1`)).status, set).toBe(404);
      const csv = await new Browser().fetch(`/d/${K}/open-data/v1/${set}.csv?page=2&limit=1`);
      expect(csv.headers.get("link")).toContain(`<https://sanshe.test/d/${K}/open-data/v1/${set}.csv?page=3&limit=1>; rel="next"`);
      expect((await csv.text()).trim().split("\r\n")).toHaveLength(2);
      expect((await new Browser().fetch(`/d/${K}/open-data/v1/${set}.json?limit=1`, { headers: { "if-none-match": res.headers.get("etag")! } })).status).toBe(304);
    }
    const tooMany = await new Browser().fetch(`/d/${K}/open-data/v1/grades.csv?limit=1001`);
    expect([tooMany.status, tooMany.headers.get("content-type")]).toEqual([422, "application/problem+json; charset=utf-8"]);
    expect((await tooMany.json()) as { errors: { field: string }[] }).toMatchObject({ errors: [{ field: "limit" }] });
    const zh = await (await new Browser().fetch(`/d/${K}/open-data`)).text();
    const en = await (await new Browser().fetch(`/d/${K}/open-data?lang=en`)).text();
    // Every dataset on the page is paged: the registry, grades, decisions, lists, projects and community needs.
    expect(zh.match(/每页最多 1000 条/g)).toHaveLength(6);
    expect(en.match(/Up to 1000 a page/g)).toHaveLength(6);
  });

  it("offers an Atom feed of notices", async () => {
    const res = await new Browser().fetch(`/d/${K}/notices.atom`);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    expect(xml).toContain(`<link rel="self" type="application/atom+xml" href="https://sanshe.test/d/${K}/notices.atom"/>`);
    expect(xml).toContain("年度社会组织等级评估拟定等级公示</title>");
    expect(xml).toContain(`<id>https://sanshe.test/d/${K}/notices/demo-150203-notice-`);
  });

  it("refuses objections once a notice has closed", async () => {
    const notice = await row<{ id: string; ends_at: string }>(testEnv.DISTRICTS_0, "SELECT id, ends_at FROM public_notices WHERE district_id = ?", K);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(notice.ends_at) + 60_000);
    const b = new Browser();
    const page = await (await b.fetch(`/d/${K}/notices/${notice.id}`)).text();
    expect(page).toContain("公示期已结束，不能再提出异议");
    const res = await b.submit(`/d/${K}/notices/${notice.id}/objections`, { subjectId: "", name: "迟到的异议", contact: "late@example.cn", content: "公示结束后提交的异议。" });
    expect(res.status).toBe(409);
    expect(await countRows(testEnv.DISTRICTS_0, "notice_objections", "district_id = ? AND name = '迟到的异议'", K)).toBe(0);
  });
});

describe("claiming a registry entry", () => {
  it("lets an organization's person open an account and claim it; staff verification gives them the organization", async () => {
    const org = "demo-150203-org-d06";
    const claimant = new Browser();
    await claimant.fetch(`/d/${K}/organizations/${org}/claim`);
    const bad = await claimant.submit(`/d/${K}/organizations/${org}/claim`, { position: "", statement: "短", displayName: "李淑珍", email: "not-an-email", password: "short" });
    expect(bad.status).toBe(422);
    expect(await countRows(testEnv.DISTRICTS_0, "organization_claims", "district_id = ?", K)).toBe(0);
    const res = await submitClaim(claimant, `/d/${K}/organizations/${org}/claim`, {
      position: "秘书长",
      statement: "本人为校友会秘书长，可提供理事会授权书。",
      displayName: "李淑珍",
      email: "lishuzhen@example.cn",
      password: "claim-password-1",
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain("认领申请已提交");
    expect((await claimant.signIn(K, "lishuzhen@example.cn", "claim-password-1")).status).toBe(303);
    expect((await claimant.fetch(`/d/${K}/my/organization`)).status).toBe(403);

    const staff = new Browser();
    await staff.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD);
    const list = await (await staff.fetch(`/d/${K}/manage/claims`)).text();
    expect(list).toContain("本人为校友会秘书长");
    const claim = await row<{ id: string }>(testEnv.DISTRICTS_0, "SELECT id FROM organization_claims WHERE district_id = ? AND organization_id = ?", K, org);
    expect((await staff.submit(`/d/${K}/manage/claims/${claim.id}`, { decision: "accept", note: "授权书已核对" })).status).toBe(303);
    const mine = await claimant.fetch(`/d/${K}/my/organization`);
    expect(mine.status).toBe(200);
    expect(await mine.text()).toContain("昆都仑区老年大学校友会");
    expect((await staff.submit(`/d/${K}/manage/claims/${claim.id}`, { decision: "accept", note: "再次核实" })).status).toBe(409);
    expect(today()).toMatch(/^\d{4}-/);
  });
});
