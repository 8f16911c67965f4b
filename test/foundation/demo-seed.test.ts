import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { hashPassword } from "../../src/auth/password";
import { nowIso } from "../../src/lib/time";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoEmail, demoOperatorStatement, demoStatements } from "../../src/seed/demo";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { clearRegistryCache, shardDatabase } from "../../src/district-lookup/district-registry";
import kundulun from "../../tenants/150203-kundulun.json";
import qingshan from "../../tenants/150204-qingshan.json";
import donghe from "../../tenants/150202-donghe.json";
import { Browser, countRows, testEnv } from "../helpers";

// What `npm start` loads must work: the demo tenants and people, loaded twice.

async function loadDemo() {
  const hash = await hashPassword(DEMO_PASSWORD, testEnv.PASSWORD_PEPPER!);
  const now = nowIso();
  for (const file of [kundulun, qingshan, donghe]) {
    const tenant = z.parse(tenantFileSchema, file);
    const t = tenantStatements(tenant, now);
    await runCompiled(testEnv.PLATFORM, t.platform);
    await runCompiled(shardDatabase(testEnv, tenant.shard), t.shard);
    const d = DEMO_DISTRICTS.find((x) => x.code === tenant.code)!;
    const s = await demoStatements(d, { passwordHash: hash, now, personalDataKey: testEnv.PERSONAL_DATA_KEY! });
    await runCompiled(testEnv.PLATFORM, [...s.platform, demoOperatorStatement(hash, now)]);
    for (let i = 0; i < s.shard.length; i += 50) await runCompiled(shardDatabase(testEnv, tenant.shard), s.shard.slice(i, i + 50));
  }
  clearRegistryCache();
}

describe("demo seed", () => {
  it("loads idempotently, and every demo login works with its role", async () => {
    await loadDemo();
    const users = await countRows(testEnv.DISTRICTS_0, "users", "district_id = '150203'");
    await loadDemo();
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = '150203'")).toBe(users);
    for (const d of DEMO_DISTRICTS) {
      for (const person of d.people) {
        const b = new Browser();
        const res = await b.fetch(`/d/${d.code}/api/v1/auth/sign-in`, { method: "POST", json: { email: demoEmail(d, person), password: DEMO_PASSWORD } });
        expect(res.status, demoEmail(d, person)).toBe(200);
        const me = (await res.json()) as { grants: { role: string }[] };
        expect(me.grants[0]!.role).toBe(person.role);
      }
    }
    const home = await (await new Browser().fetch("/d/150203/")).text();
    expect(home).toContain("包头市昆都仑区");
    // Each module shows something: incubation parks, an open call and an open notice.
    const parks = await (await new Browser().fetch("/d/150203/incubation")).text();
    expect(parks).toContain("昆都仑区社会组织孵化园");
    expect(parks).toContain("本年度入驻招募");
    const notices = await (await new Browser().fetch("/d/150204/notices")).text();
    expect(notices).toContain("公示中");
  });

  it("includes a district mid-onboarding: the public sees coming soon, its admin the wizard", async () => {
    await loadDemo();
    const soon = await new Browser().fetch("/d/150202/");
    expect(soon.status).toBe(503);
    expect(await soon.text()).toContain("包头市东河区三社联动服务平台即将开通");
    const admin = new Browser();
    await admin.signIn("150202", "admin@dh.example.cn", DEMO_PASSWORD);
    const wizard = await (await admin.fetch("/d/150202/admin")).text();
    expect(wizard).toContain("已完成 2/5 步");
    expect(wizard).toContain("继续：人员邀请");
  });
});
