import { describe, expect, it } from "vitest";
import { normalizeName } from "../../src/lib/names";
import { Browser, countRows, createOrganization, createUser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Finding 6: organization names are stored normalised (NFKC, no zero-width or bidi
// control characters), a name identical after normalisation to another organization's
// in the district is refused unless staff confirm, and search normalises the same way.

const D = "130502";
await districtWith(D);
const listed = await createOrganization(D, "DISTRICTS_0", "阳光ABC社工中心");
const admin = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
const staff = new Browser();
await staff.signIn(D, admin.email);

const named = (name: string) => countRows(testEnv.DISTRICTS_0, "organizations", "district_id = ? AND name = ?", D, name);
const orgForm = (name: string, extra: Record<string, string> = {}) => ({ name, kind: "founding_team", uscc: "", version: "", ...extra });

describe("organization names", () => {
  it("normalises width and compatibility forms and removes invisible characters", () => {
    expect(normalizeName("  阳光\u200BＡＢＣ\u202E社工\u2066中心\uFEFF ")).toBe("阳光ABC社工中心");
    expect(normalizeName("社区\u00A0\u3000 服务站")).toBe("社区 服务站");
  });

  it("stores what staff type without the invisible characters", async () => {
    const res = await staff.submit(`/d/${D}/manage/organizations`, orgForm("新\u200D星\u202A志愿\u00ADＸ服务队"));
    expect(res.status).toBe(303);
    expect(await named("新星志愿X服务队")).toBe(1);
  });

  it("refuses a look-alike of a listed organization at sign-up", async () => {
    const b = new Browser();
    const res = await b.submit(`/d/${D}/signup`, { organizationName: "阳光\u200BＡＢＣ社工中心", kind: "founding_team", uscc: "", displayName: "冒充者", email: "lookalike@example.cn", password: "impostor-2026-pass" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("同名");
    expect(await countRows(testEnv.DISTRICTS_0, "organizations", "district_id = ?", D)).toBe(2);
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", D, "lookalike@example.cn")).toBe(0);
  });

  it("refuses a duplicate name from staff unless they confirm it", async () => {
    const refused = await staff.submit(`/d/${D}/manage/organizations`, orgForm("阳光 ABC 社工中心"));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("同名");
    expect(html).toContain('name="confirmDuplicateName"');
    const confirmed = await staff.submit(`/d/${D}/manage/organizations`, orgForm("阳光 ABC 社工中心", { confirmDuplicateName: "1" }));
    expect(confirmed.status).toBe(303);
  });

  it("finds a name by a query with invisible or full-width characters", async () => {
    const html = await (await new Browser().fetch(`/d/${D}/organizations?q=${encodeURIComponent("阳光\u200BＡＢＣ")}`)).text();
    expect(html).toContain(`/organizations/${listed}`);
  });
});
