import { describe, expect, it } from "vitest";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg } from "./fixtures";

// A claim to act for an organization carries its registration certificate, which only
// the staff of the organization's district open; the page names the bureau and its
// contact details from the district profile for the real owner.

const A = "150941";
const B = "150942";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(A, { shard: SHARD });
await districtWith(B, { shard: SHARD });
await testEnv.PLATFORM.prepare("UPDATE districts SET profile_json = ? WHERE code = ?")
  .bind(JSON.stringify({ address: "民政路 1 号", phone: "0472-5550123", email: "", logoText: "" }), A)
  .run();
clearRegistryCache();
const org = await insertOrg(db, A, { name: "认领证书测试协会" });
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

async function claim(b: Browser, fields: Record<string, string>, file?: File): Promise<Response> {
  const path = `/d/${A}/organizations/${org.id}/claim`;
  if (!b.cookies.has("csrf")) await b.fetch(path);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("certificate", file);
  return b.fetch(path, { method: "POST", body: form });
}
const fields = { position: "会长", statement: "本人为协会会长，申请认领本组织。", displayName: "认领人", email: "certificate-claim@example.cn", password: "claim-pass-2026" };
const errorBeside = (html: string) => /<span class="error" id="f-certificate-error">([^<]*)<\/span>/.exec(html)?.[1];

describe("claiming an organization", () => {
  it("names the bureau and its contact details from the district profile", async () => {
    const html = await (await new Browser().fetch(`/d/${A}/organizations/${org.id}/claim`)).text();
    expect(html).toContain(`请联系登记管理机关测试${A}区民政局`);
    expect(html).toContain("0472-5550123");
    expect(html).toContain("民政路 1 号");
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it("asks for the certificate beside its field, keeping what was typed", async () => {
    const b = new Browser();
    const missing = await claim(b, fields);
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(errorBeside(html)).toBe("请上传登记证书。");
    expect(html).toContain("本人为协会会长，申请认领本组织。");
    expect(html).toContain('value="certificate-claim@example.cn"');
    const text = await claim(b, fields, new File(["not a certificate"], "cert.pdf", { type: "application/pdf" }));
    expect(text.status).toBe(422);
    expect(errorBeside(await text.text())).toBe("登记证书须为 PDF、JPG 或 PNG 文件。");
    expect(await countRows(db, "organization_claims", "district_id = ? AND organization_id = ?", A, org.id)).toBe(0);
  });

  it("stores the certificate for the district's staff only", async () => {
    const filed = await claim(new Browser(), fields, new File([PDF], "登记证书.pdf", { type: "application/pdf" }));
    expect(filed.status).toBe(201);
    const row = await db.prepare("SELECT id, r2_key, certificate_type FROM organization_claims WHERE district_id = ? AND organization_id = ?").bind(A, org.id).first<{ id: string; r2_key: string; certificate_type: string }>();
    expect(row!.r2_key).toBe(`${A}/claims/${row!.id}`);
    expect(row!.certificate_type).toBe("application/pdf");

    const admin = await createUser(A, SHARD, [{ role: "district_admin" }]);
    const staff = new Browser();
    await staff.signIn(A, admin.email);
    const list = await (await staff.fetch(`/d/${A}/manage/claims`)).text();
    expect(list).toContain(`href="/d/${A}/manage/claims/${row!.id}/certificate"`);
    const file = await staff.fetch(`/d/${A}/manage/claims/${row!.id}/certificate`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);

    const otherAdmin = await createUser(B, SHARD, [{ role: "district_admin" }]);
    const stranger = new Browser();
    await stranger.signIn(B, otherAdmin.email);
    expect((await stranger.fetch(`/d/${B}/manage/claims/${row!.id}/certificate`)).status).toBe(404);
    expect((await stranger.fetch(`/d/${A}/manage/claims/${row!.id}/certificate`)).status).toBe(404);
    expect((await new Browser().fetch(`/d/${A}/manage/claims/${row!.id}/certificate`)).status).not.toBe(200);
  });
});
