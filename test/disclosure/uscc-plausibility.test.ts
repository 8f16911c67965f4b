import { describe, expect, it } from "vitest";
import { usccCheckCharacter } from "../../src/lib/uscc";
import { Browser, countRows, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";

// A social organization's credit code (GB 32100-2015) is checked beyond its check
// character: the registration authority is civil affairs (5) and the institution type
// is 1, 2, 3 or 9, matching the chosen organization type. Every refusal names the field
// beside it, in Chinese and English, and keeps what was typed.

const D = "150938";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
const staff = new Browser();
await staff.signIn(D, admin.email);

/** A code with a correct check character, so only the rule under test can refuse it. */
const code = (first2: string, serial: string) => {
  const first17 = `${first2}${D}${serial.padStart(9, "0")}`;
  return first17 + usccCheckCharacter(first17);
};
const create = (uscc: string, orgType: string, lang = "") =>
  staff.submit(`/d/${D}/manage/organizations${lang}`, { name: `信用代码测试${uscc.slice(-4)}`, kind: "registered", uscc, orgType, areaCode: "", version: "" }, `/d/${D}/manage/organizations/new`);
const errorBeside = (html: string) => /<span class="error" id="f-uscc-error">([^<]*)<\/span>/.exec(html)?.[1];

describe("the credit code of a social organization", () => {
  it("refuses a code not issued by civil affairs, an unknown type and a type that contradicts the organization type", async () => {
    const enterprise = code("91", "1");
    const refused = await create(enterprise, "社会服务机构");
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(errorBeside(html)).toContain("以 9 开头的代码属于企业（由市场监督管理部门登记），不是社会组织的代码");
    expect(html).toContain(`value="${enterprise}"`);
    expect(errorBeside(await (await create(code("12", "7"), "")).text())).toContain("第1位（登记管理部门代码）应为 5（民政）");
    expect(html).toContain("信用代码测试");

    expect(errorBeside(await (await create(code("57", "2"), "")).text())).toContain("应为 1（社会团体）、2（民办非企业单位/社会服务机构）、3（基金会）或 9（其他）");
    expect(errorBeside(await (await create(code("52", "3"), "基金会")).text())).toContain("与组织类型不符");

    const en = await create(code("91", "4"), "社会团体", "?lang=en");
    expect(errorBeside(await en.text())).toContain("A code starting with 9 belongs to a company (registered by market regulation), not a social organization.");
    expect(await countRows(db, "organizations", "district_id = ? AND name LIKE '信用代码测试%'", D)).toBe(0);
  });

  it("accepts each social-organization type with its own digit, and 9 for other kinds", async () => {
    for (const [first2, orgType] of [
      ["51", "社会团体"],
      ["52", "社会服务机构"],
      ["53", "基金会"],
      ["59", "社区社会组织"],
      ["59", ""],
    ] as const) {
      const res = await create(code(first2, `1${first2}${orgType.length}`), orgType);
      expect(res.status, `${first2} ${orgType}`).toBe(303);
    }
  });

  it("applies the same rule at organization sign-up, and refuses a national organization there", async () => {
    const b = new Browser();
    const typed = code("91", "5");
    const res = await b.submit(`/d/${D}/signup`, { organizationName: "信用代码注册中心", kind: "registered", uscc: typed, displayName: "李明", email: "uscc.signup@example.cn", password: "uscc-signup-2026" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(errorBeside(html)).toContain("以 9 开头的代码属于企业");
    expect(html).toContain(`value="${typed}"`);
    // A national foundation (registered by the Ministry: 100000 in digits 3-8) is not the district's.
    const national = "53100000" + "500012345";
    const nationalCode = national + usccCheckCharacter(national);
    const nationalRes = await b.submit(`/d/${D}/signup`, { organizationName: "某全国性基金会", kind: "registered", uscc: nationalCode, displayName: "李明", email: "uscc.national@example.cn", password: "uscc-signup-2026" });
    expect(nationalRes.status).toBe(422);
    expect(errorBeside(await nationalRes.text())).toContain("由民政部登记（全国性社会组织）");
    const ok = await b.submit(`/d/${D}/signup`, { organizationName: "信用代码注册中心", kind: "registered", uscc: code("52", "6"), displayName: "李明", email: "uscc.signup@example.cn", password: "uscc-signup-2026" });
    expect(ok.status).toBe(303);
  });
});
