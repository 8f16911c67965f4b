import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Platform operators are separate accounts with their own sign-in and console.

await districtWith("210102", { shard: "DISTRICTS_1", hostnames: ["a.example.cn"] });
await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);

describe("operator console", () => {
  it("requires an operator session and lists districts with status, shard and hostnames", async () => {
    const b = new Browser();
    const anonymous = await b.fetch("/platform");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/platform/login");
    const res = await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD });
    expect(res.status).toBe(303);
    const html = await (await b.fetch("/platform")).text();
    expect(html).toContain("210102");
    expect(html).toContain("DISTRICTS_1");
    expect(html).toContain("a.example.cn");
    const events = await testEnv.PLATFORM.prepare("SELECT action FROM platform_audit_events ORDER BY seq").all();
    expect(events.results).toContainEqual({ action: "operator.signed_in" });
    await b.submit("/platform/logout", {});
    expect((await b.fetch("/platform")).status).toBe(303);
  });

  it("does not let an operator session act in a district, nor a district password open the console", async () => {
    const b = new Browser();
    await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD });
    expect((await b.fetch("/d/210102/api/v1/auth/me")).status).toBe(401);
    const wrong = await new Browser().submit("/platform/login", { email: "admin@example.cn", password: PASSWORD });
    expect(wrong.status).toBe(401);
  });
});
