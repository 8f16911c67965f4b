import { describe, expect, it } from "vitest";
import { reveal } from "../../src/lib/personal-data";
import { ZipWriter } from "../../src/lib/zip";
import { RESTORED_PASSWORD, RestoreRefused, restoreDistrict } from "../../src/operations/restore";
import { unzip } from "../../src/operations/unzip";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import { clearRegistryCache, findDistrict } from "../../src/district-lookup/district-registry";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, countRows, loadDemoDistrict, testEnv } from "../helpers";
import { PDF } from "../incubation/fixtures";
import { operatorBrowser } from "../onboarding/helpers";
import { chainOk } from "./faults";
import { snapshot } from "./snapshot";

// The round trip: a district's data export, the district deleted (the operator's
// offboarding), the export restored; every row and file comes back and the audit chain
// verifies. A damaged or altered export is refused before anything is written.

const K = "150203";
const actor = { id: "test-operator", role: "platform_operator", requestId: null };
const demo = await loadDemoDistrict(kundulun);
const adminEmail = demoEmail(DEMO_DISTRICTS.find((d) => d.code === K)!, demo.people.find((p) => p.role === "district_admin")!);

// An attachment in R2 with its row, so that files travel too.
const disclosure = (await testEnv.DISTRICTS_0.prepare("SELECT id, current_version FROM disclosures WHERE district_id = ? LIMIT 1").bind(K).first<{ id: string; current_version: number }>())!;
const fileKey = `${K}/disclosures/${disclosure.id}/restore-test-file`;
await testEnv.FILES.put(fileKey, PDF, { httpMetadata: { contentType: "application/pdf" }, customMetadata: { district: K, disclosure: disclosure.id } });
const uploader = (await testEnv.DISTRICTS_0.prepare("SELECT id FROM users WHERE district_id = ? LIMIT 1").bind(K).first<{ id: string }>())!.id;
await testEnv.DISTRICTS_0.prepare(
  "INSERT INTO disclosure_attachments (district_id, id, disclosure_id, version, filename, content_type, size, r2_key, uploaded_by, uploaded_at) VALUES (?, 'att-restore', ?, ?, '年度报告.pdf', 'application/pdf', ?, ?, ?, ?)",
)
  .bind(K, disclosure.id, disclosure.current_version, PDF.length, fileKey, uploader, new Date().toISOString())
  .run();

const PROTECTED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{20,}$/;

/**
 * Rows as a person reads them: personal data decrypted; sign-in secrets, reset codes and
 * the district's message-provider credentials (never exported, so never restored) left out.
 */
async function readable(snap: Record<string, string[]>) {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(snap)) {
    if (["sessions", "login_failures", "password_resets", "phone_verifications", "notification_channels"].includes(table)) continue;
    out[table] = await Promise.all(
      rows.map(async (text) => {
        const row = JSON.parse(text) as Record<string, unknown>;
        delete row.password_hash;
        delete row.token_hash;
        for (const [k, v] of Object.entries(row)) if (typeof v === "string" && PROTECTED.test(v)) row[k] = await reveal(v, testEnv.PERSONAL_DATA_KEY);
        return row;
      }),
    );
    out[table]!.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

async function zipOf(entries: Map<string, Uint8Array>): Promise<Uint8Array> {
  const { readable: out, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const collected = new Response(out).arrayBuffer();
  const zip = new ZipWriter(writable.getWriter());
  for (const [name, bytes] of entries) {
    await zip.add(
      name,
      (async function* () {
        yield bytes;
      })(),
    );
  }
  await zip.finish();
  return new Uint8Array(await collected);
}

let exported: Uint8Array;
let before: Record<string, string[]>;

describe("export, delete, restore", () => {
  it("brings back every row and file, and the audit chain verifies", async () => {
    const admin = new Browser();
    expect((await admin.signIn(K, adminEmail, DEMO_PASSWORD)).status).toBe(303);
    const response = await admin.submit(`/d/${K}/admin/export`, {});
    expect(response.status).toBe(200);
    exported = new Uint8Array(await response.arrayBuffer());
    before = await snapshot(testEnv.DISTRICTS_0, K);
    const manifest = JSON.parse(new TextDecoder().decode((await unzip(exported)).get("manifest.json"))) as { files: { path: string; file?: { key: string } }[] };
    expect(manifest.files.filter((f) => f.file).map((f) => f.file!.key)).toEqual([fileKey]);

    // The operator's offboarding: suspend, then delete with the typed code.
    const op = await operatorBrowser();
    expect((await op.submit(`/platform/districts/${K}/suspend`, { reason: "恢复演练" }, `/platform/districts/${K}`)).status).toBe(200);
    // A large district takes more than one request (202 until every table is empty).
    let status = 202;
    for (let i = 0; i < 10 && status === 202; i++) status = (await op.submit(`/platform/districts/${K}/delete`, { confirm: K })).status;
    expect(status).toBe(200);
    expect(Object.values(await snapshot(testEnv.DISTRICTS_0, K)).flat()).toEqual([]);
    expect((await testEnv.FILES.list({ prefix: `${K}/` })).objects).toEqual([]);
    clearRegistryCache();
    expect(await findDistrict(testEnv, K, { fresh: true })).toBeNull();

    const report = await restoreDistrict(testEnv, exported, actor);
    expect(report.chain.ok).toBe(true);
    expect(report.files).toBe(1);
    expect(report.rows.organizations).toBe(before.organizations!.length);

    // Every row as it was (the export's audit events are those up to the export itself).
    const after = await readable(await snapshot(testEnv.DISTRICTS_0, K));
    const expected = await readable(before);
    const lastSeq = Math.max(...after.audit_events!.map((e) => e.seq as number));
    expected.audit_events = expected.audit_events!.filter((e) => (e.seq as number) <= lastSeq);
    expect(expected.audit_events.length).toBeGreaterThanOrEqual(before.audit_events!.length - 1);
    expect(after).toEqual(expected);
    // Personal data is encrypted again at rest.
    const worker = await testEnv.DISTRICTS_0.prepare("SELECT id_number_protected FROM social_workers WHERE district_id = ? LIMIT 1").bind(K).first<{ id_number_protected: string }>();
    expect(worker!.id_number_protected).toMatch(PROTECTED);

    // Every file, byte for byte, with its type and metadata.
    const file = (await testEnv.FILES.get(fileKey))!;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect(file.httpMetadata?.contentType).toBe("application/pdf");
    expect(file.customMetadata).toEqual({ district: K, disclosure: disclosure.id });

    // The district is back, with its hostnames and address claims.
    const district = (await findDistrict(testEnv, K, { fresh: true }))!;
    expect(district.status).toBe("active");
    expect(district.shard).toBe("DISTRICTS_0");
    expect(await countRows(testEnv.PLATFORM, "district_hostnames", "district_code = ?", K)).toBe(kundulun.hostnames.length);
    expect(await countRows(testEnv.PLATFORM, "account_directory", "district_code = ?", K)).toBe(report.accounts);
    expect((await new Browser().fetch(`/d/${K}/organizations`)).status).toBe(200);
    expect(await chainOk(K)).toMatchObject({ ok: true });
    // Passwords never leave in an export: restored accounts set a new one.
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND password_hash = ?", K, RESTORED_PASSWORD)).toBe(report.accounts);
    expect((await new Browser().signIn(K, adminEmail, DEMO_PASSWORD)).status).not.toBe(303);
  });

  it("refuses to restore into a district that holds data", async () => {
    await expect(restoreDistrict(testEnv, exported, actor)).rejects.toThrow(/not empty/);
  });
});

describe("a damaged or altered export", () => {
  it("is refused before anything is written, naming each problem", async () => {
    const entries = await unzip(exported);
    // Loaded into another, empty district code would still be refused: the data does not match its checksums.
    const altered = new Map(entries);
    const organizations = JSON.parse(new TextDecoder().decode(altered.get("tables/organizations.json"))) as { name: string }[];
    organizations[0]!.name = "篡改后的名称";
    altered.set("tables/organizations.json", new TextEncoder().encode(JSON.stringify(organizations)));
    const refused = await restoreDistrict(testEnv, await zipOf(altered), actor).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RestoreRefused);
    expect((refused as RestoreRefused).problems).toEqual([expect.stringContaining("tables/organizations.json")]);

    const extra = new Map(entries);
    extra.set("files/150203/smuggled", PDF);
    expect(((await restoreDistrict(testEnv, await zipOf(extra), actor).catch((e: unknown) => e)) as RestoreRefused).problems).toEqual(["files/150203/smuggled: not in the manifest"]);

    const truncated = exported.slice(0, exported.length - 40);
    await expect(restoreDistrict(testEnv, truncated, actor)).rejects.toBeInstanceOf(RestoreRefused);
  });
});
