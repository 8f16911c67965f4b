import { describe, expect, it } from "vitest";
import entry from "../../src/index";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict, setCookies, testEnv } from "../helpers";

// A visitor without a session reading a public page with no form gets no CSRF token: the
// token is made only when a page draws a form (or for a signed-in person's sign-out
// form). Every page here is rendered, never taken from the shared page cache.

await loadDemoDistrict(kundulun);
const K = "150203";
const ORG = `demo-${K}-org-sunshine`;
const env = { ...testEnv, PUBLIC_PAGE_CACHE: "off" };
const browser = () => new Browser(async (request) => entry.fetch(request, env, {} as ExecutionContext));
const csrfCookie = (res: Response) => setCookies(res).find((line) => line.startsWith("csrf="));

describe("the CSRF token, made when a page needs it", () => {
  it("sets no CSRF cookie on a cookieless first view of an organization page or the directory", async () => {
    const b = browser();
    for (const path of [`/d/${K}/organizations/${ORG}`, `/d/${K}/organizations`]) {
      const res = await b.fetch(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toContain('name="_csrf"');
      expect(csrfCookie(res), path).toBeUndefined();
    }
  });

  it("still gives a page with a form its token, and the form posts with it", async () => {
    const b = browser();
    await b.fetch(`/d/${K}/organizations/${ORG}`);
    const login = await b.fetch(`/d/${K}/login`);
    const cookie = csrfCookie(login);
    expect(cookie).toMatch(/^csrf=[^;]{32,}; .*HttpOnly/);
    const token = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1];
    expect(cookie!.startsWith(`csrf=${token};`)).toBe(true);
    const signedIn = await b.fetch(`/d/${K}/login`, { method: "POST", form: { _csrf: token!, email: "admin@kdl.example.cn", password: DEMO_PASSWORD } });
    expect(signedIn.status).toBe(303);
    // Signed in, every page carries the sign-out form and its token.
    const home = await b.fetch(`/d/${K}/organizations/${ORG}`);
    expect(await home.text()).toContain(`name="_csrf" value="${b.csrf}"`);
  });

  it("refuses a form posted without ever having loaded one", async () => {
    const b = browser();
    await b.fetch(`/d/${K}/organizations/${ORG}`);
    const res = await b.fetch(`/d/${K}/login`, { method: "POST", form: { email: "admin@kdl.example.cn", password: DEMO_PASSWORD } });
    expect(res.status).toBe(403);
  });
});
