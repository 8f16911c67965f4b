import { describe, expect, it } from "vitest";
import { Browser, createUser, PASSWORD } from "../helpers";
import { districtWith } from "../fixtures/district";

// Finding 4: the CSRF token is rotated with the session, at sign-in and at sign-out, so
// a token seen before signing in (or by the previous user of a shared computer) is
// worthless afterwards.

const D = "130302";
await districtWith(D);

describe("CSRF token rotation", () => {
  it("issues a new token at sign-in through the form, and the old one is refused", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
    const b = new Browser();
    await b.fetch(`/d/${D}/login`);
    const before = b.csrf;
    expect(before.length).toBeGreaterThanOrEqual(32);
    expect((await b.signIn(D, user.email)).status).toBe(303);
    expect(b.csrf).not.toBe(before);
    const stale = await b.fetch(`/d/${D}/account/password`, { method: "POST", form: { _csrf: before, currentPassword: PASSWORD, newPassword: "another-pass-2026" } });
    expect(stale.status).toBe(403);
  });

  it("returns the new token from the API sign-in, matching the new cookie", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
    const b = new Browser();
    await b.fetch(`/d/${D}/login`);
    const before = b.csrf;
    const res = await b.fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: PASSWORD } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string };
    expect(body.csrfToken).not.toBe(before);
    expect(b.csrf).toBe(body.csrfToken);
  });

  it("issues a new token at sign-out", async () => {
    const user = await createUser(D, "DISTRICTS_0", [{ role: "district_admin" }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    const during = b.csrf;
    expect((await b.submit(`/d/${D}/logout`, {})).status).toBe(303);
    expect(b.csrf).not.toBe(during);
    expect(b.csrf.length).toBeGreaterThanOrEqual(32);
  });
});
