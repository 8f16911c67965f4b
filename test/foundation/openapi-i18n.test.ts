import { describe, expect, it } from "vitest";
import { apiSpecs } from "../../src/http/routes";
import { isValidUscc, usccCheckCharacter } from "../../src/lib/uscc";
import { demoUscc } from "../../src/seed/demo";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";

const D = "190102";
await districtWith(D, { shard: "DISTRICTS_0", nameZh: "测试区" });

describe("OpenAPI", () => {
  it("describes every API route from its zod schemas", async () => {
    const res = await new Browser().fetch("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }; responses: Record<string, unknown>; "x-roles": unknown }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const spec of apiSpecs) {
      const op = doc.paths[spec.path.replace(/:(\w+)/g, "{$1}")]?.[spec.method.toLowerCase()];
      expect(op, `${spec.method} ${spec.path}`).toBeDefined();
    }
    const signUp = doc.paths["/auth/sign-up"]!.post!;
    const body = signUp.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(["email", "password", "organizationName", "kind", "uscc"]));
    expect(body.required).toEqual(expect.arrayContaining(["email", "password"]));
    expect(signUp.responses["422"]).toBeDefined();
    expect(doc.paths["/users"]!.get!["x-roles"]).toEqual(["district_admin", "subdistrict_staff", "community_staff"]);
  });
});

describe("languages and elder mode", () => {
  it("shows Chinese by default and English on request, remembered across pages", async () => {
    const b = new Browser();
    const zh = await (await b.fetch(`/d/${D}/login`)).text();
    expect(zh).toContain('<html lang="zh-CN"');
    expect(zh).toContain("<h1>登录</h1>");
    const en = await (await b.fetch(`/d/${D}/login?lang=en`)).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("<h1>Sign in</h1>");
    const next = await (await b.fetch(`/d/${D}/areas`)).text();
    expect(next).toContain("Sub-districts and communities");
    // Every page offers the switch back.
    expect(next).toContain(`href="/d/${D}/areas?lang=zh-CN"`);
  });

  it("shows form errors in the chosen language", async () => {
    const b = new Browser();
    await b.fetch(`/d/${D}/signup?lang=en`);
    const res = await b.submit(`/d/${D}/signup`, { organizationName: "", kind: "registered", displayName: "", email: "x", password: "" });
    const html = await res.text();
    expect(html).toContain("This field is required.");
    expect(html).toContain("Enter a valid email address.");
    expect(html).toContain('aria-invalid="true"');
  });

  it("keeps elder mode on across pages until switched off", async () => {
    const b = new Browser();
    const on = await (await b.fetch(`/d/${D}/?elder=1`)).text();
    expect(on).toContain('<html lang="zh-CN" class="elder"');
    expect(await (await b.fetch(`/d/${D}/areas`)).text()).toContain('class="elder"');
    const off = await (await b.fetch(`/d/${D}/areas?elder=0`)).text();
    expect(off).not.toContain('class="elder"');
    const css = await (await b.fetch("/static/app.css")).text();
    expect(css).toContain("html.elder{font-size:22px}");
  });

  it("shows navigation by role", async () => {
    const admin = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
    const reviewer = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }]);
    const a = new Browser();
    await a.signIn(D, admin.email);
    const adminHome = await (await a.fetch(`/d/${D}/`)).text();
    expect(adminHome).toContain(`href="/d/${D}/audit"`);
    expect(adminHome).toContain(`href="/d/${D}/staff"`);
    const r = new Browser();
    await r.signIn(D, reviewer.email);
    const reviewerHome = await (await r.fetch(`/d/${D}/`)).text();
    expect(reviewerHome).not.toContain(`href="/d/${D}/audit"`);
    expect(reviewerHome).toContain("评审专家");
  });
});

describe("unified social credit codes (GB 32100-2015)", () => {
  it("accepts real-format codes and refuses any mutation", () => {
    // Well-formed codes with correct check characters.
    const real = ["91110000802100433B", "91350100M000100Y43"];
    for (const code of real) expect(isValidUscc(code), code).toBe(true);
    const generated = demoUscc("2", "150203", "1000");
    expect(isValidUscc(generated)).toBe(true);
    for (const code of [...real, generated]) {
      for (let i = 0; i < 18; i++) {
        const replacement = code[i] === "1" ? "2" : "1";
        expect(isValidUscc(code.slice(0, i) + replacement + code.slice(i + 1)), `${code} @${i}`).toBe(false);
      }
    }
    expect(isValidUscc("91110000802100433")).toBe(false);
    expect(isValidUscc("91110000802100433BX")).toBe(false);
    expect(isValidUscc("9111000080210043IB")).toBe(false); // I is not in the alphabet
    expect(usccCheckCharacter("91110000802100433")).toBe("B");
  });
});

describe("pages with their own query filters", () => {
  it("still accept the language and elder-mode switches", async () => {
    const admin = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
    const b = new Browser();
    await b.signIn(D, admin.email);
    for (const path of [`/d/${D}/audit?lang=en`, `/d/${D}/audit?elder=1`, `/d/${D}/staff?lang=zh-CN`]) {
      expect((await b.fetch(path)).status, path).toBe(200);
    }
  });
});
