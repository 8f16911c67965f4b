import { describe, expect, it } from "vitest";
import { Browser, countRows, createUser, PASSWORD, testEnv, worker, ORIGIN } from "../helpers";
import { districtWith } from "../fixtures/district";

// Finding 1: the lockout holds under parallel attempts, and every anonymous write sits
// behind a per-client limit (the Workers rate-limiting binding, emulated by Miniflare).

const D = "130202";
await districtWith(D);

const signInApi = `/d/${D}/api/v1/auth/sign-in`;

/** The limiter counts per calendar minute: start a counting test well inside one. */
async function clearOfMinuteBoundary(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

describe("sign-in lockout under parallel attempts", () => {
  it("refuses all but five of 30 concurrent wrong passwords, and the right one in the burst cannot reset the count", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }]);
    const attempts = Array.from({ length: 30 }, (_, i) => new Browser().fetch(signInApi, { method: "POST", json: { email: user.email, password: `wrong-${i}-password` } }));
    attempts.splice(15, 0, new Browser().fetch(signInApi, { method: "POST", json: { email: user.email, password: PASSWORD } }));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const notLocked = statuses.filter((s) => s !== 429);
    expect(notLocked.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(26);
    // Whatever the interleaving, the address is locked afterwards: failures made while
    // a successful attempt was under way are not erased by it.
    const after = await new Browser().fetch(signInApi, { method: "POST", json: { email: user.email, password: PASSWORD } });
    expect(after.status).toBe(429);
  });

  it("a success clears only the failures made before it", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "reviewer" }]);
    for (let i = 0; i < 3; i++) expect((await new Browser().fetch(signInApi, { method: "POST", json: { email: user.email, password: `wrong-${i}-password` } })).status).toBe(401);
    expect((await new Browser().fetch(signInApi, { method: "POST", json: { email: user.email, password: PASSWORD } })).status).toBe(200);
    expect(await countRows(testEnv.DISTRICTS_0, "login_failures", "district_id = ? AND email = ?", D, user.email)).toBe(0);
  });
});

describe("per-client limit on anonymous writes", () => {
  it("the binding is declared and answers in the test runtime", async () => {
    const limiter = testEnv.SIGN_IN_LIMIT as RateLimit;
    expect(typeof limiter.limit).toBe("function");
    expect((await limiter.limit({ key: "binding-check" })).success).toBe(true);
  });

  it("answers 429 with Retry-After to one address that signs in too often, whatever the addresses tried", async () => {
    await clearOfMinuteBoundary();
    const ip = "203.0.113.7";
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await worker.fetch(
        new Request(`${ORIGIN}${signInApi}`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify({ email: `spray-${i}@example.cn`, password: "wrong-password-1" }) }),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get("retry-after")).toBe("60");
        expect(((await res.json()) as { code: string }).code).toBe("rate_limited");
      }
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Another address is not affected.
    const other = await worker.fetch(
      new Request(`${ORIGIN}${signInApi}`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.8" }, body: JSON.stringify({ email: "spray-x@example.cn", password: "wrong-password-1" }) }),
    );
    expect(other.status).toBe(401);
  });

  it("limits the sign-in form, sign-up and objections from one address, with a friendly page for browsers", async () => {
    await clearOfMinuteBoundary();
    const b = new Browser();
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await b.submit(`/d/${D}/signup`, { organizationName: "", email: "x" })).status;
    expect(last).toBe(429);
    const page = await b.submit(`/d/${D}/signup`, {});
    expect(page.status).toBe(429);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("请求过于频繁");
    // Objections share the anonymous-write budget of this address.
    const objection = await b.submit(`/d/${D}/notices/x/objections`, { content: "x" });
    expect(objection.status).toBe(429);
  });
});
