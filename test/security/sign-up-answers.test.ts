import { describe, expect, it } from "vitest";
import { Browser, countRows, createOrganization, createUser, setCookies, testEnv } from "../helpers";
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

// Finding 9: signing up (an organization, or a person claiming one) answers the same
// whether or not the address already has an account, here or in another district; the
// existing account is told instead, through its own district's records.

const D = "130602";
await districtWith(D);
await districtWith("130603", { shard: "DISTRICTS_1" });
const claimable = await createOrganization(D, "DISTRICTS_0", "可认领的测试协会");

/** Status, location, cookies set and page text with per-request tokens removed. */
async function shape(res: Response) {
  const text = (await res.text()).replace(/value="[A-Za-z0-9_-]{20,}"/g, 'value=""');
  return {
    status: res.status,
    location: res.headers.get("location"),
    cookies: setCookies(res)
      .map((l) => l.split("=")[0])
      .sort(),
    text,
  };
}

describe("sign-up answers the same for a new and a used address", () => {
  it("organization sign-up form and API", async () => {
    const elsewhere = await createUser("130603", "DISTRICTS_1", [{ role: "reviewer" }]);
    const here = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }]);
    const form = (name: string, email: string) => ({ organizationName: name, kind: "founding_team", uscc: "", displayName: "张三", email, password: "sign-up-pass-2026" });
    const fresh = await shape(await new Browser().submit(`/d/${D}/signup`, form("全新组织甲", "brand-new@example.cn")));
    const usedElsewhere = await shape(await new Browser().submit(`/d/${D}/signup`, form("全新组织乙", elsewhere.email)));
    const usedHere = await shape(await new Browser().submit(`/d/${D}/signup`, form("全新组织丙", here.email)));
    expect(usedElsewhere).toEqual(fresh);
    expect(usedHere).toEqual(fresh);

    const api = async (name: string, email: string) => {
      const res = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-up`, { method: "POST", json: form(name, email) });
      return { status: res.status, cookies: setCookies(res).length, body: await res.text() };
    };
    expect(await api("全新组织丁", elsewhere.email)).toEqual(await api("全新组织戊", "another-new@example.cn"));

    // Nothing was made for the used addresses; the new ones can sign in.
    expect(await countRows(testEnv.DISTRICTS_0, "organizations", "district_id = ? AND name IN ('全新组织乙', '全新组织丙', '全新组织丁')", D)).toBe(0);
    expect((await new Browser().signIn(D, "brand-new@example.cn", "sign-up-pass-2026")).status).toBe(303);
    // The account that already had the address is told, in its own district.
    const notice = await testEnv.DISTRICTS_1.prepare("SELECT action, target_id FROM audit_events WHERE district_id = '130603' AND action = 'auth.sign_up_with_existing_address'").all();
    expect(notice.results).toContainEqual({ action: "auth.sign_up_with_existing_address", target_id: elsewhere.id });
    // ...and hears of it through their own channels, named the district where it happened.
    const sent = await testEnv.DISTRICTS_1.prepare("SELECT kind, params_json FROM notification_events WHERE district_id = '130603' AND recipient_type = 'person' AND recipient_ref = ?")
      .bind(elsewhere.id)
      .all<{ kind: string; params_json: string }>();
    expect(sent.results.map((e) => e.kind)).toContain("notifications.existing_account_sign_up");
    expect(JSON.parse(sent.results.find((e) => e.kind === "notifications.existing_account_sign_up")!.params_json)).toEqual({ district: "测试130602区" });
  });

  it("claiming an organization with a new account", async () => {
    const elsewhere = await createUser("130603", "DISTRICTS_1", [{ role: "reviewer" }]);
    const claim = (email: string) => ({ position: "会长", statement: "本人为协会会长，申请认领本组织。", displayName: "认领人", email, password: "claim-pass-2026" });
    const fresh = await shape(await submitClaim(new Browser(), `/d/${D}/organizations/${claimable}/claim`, claim("claim-new@example.cn")));
    const used = await shape(await submitClaim(new Browser(), `/d/${D}/organizations/${claimable}/claim`, claim(elsewhere.email)));
    expect(used).toEqual(fresh);
  });
});
