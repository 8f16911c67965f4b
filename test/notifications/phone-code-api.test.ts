import { describe, expect, it } from "vitest";
import { reveal } from "../../src/lib/personal-data";
import { Browser, ORIGIN, PASSWORD, testEnv, worker } from "../helpers";
import { districtWith } from "../fixtures/district";
import { rows } from "./helpers";

// The JSON way to ask for a sign-up code: the same code, limits and district scope as the
// form's button, for API clients that then sign up through /auth/sign-up.

const A = await districtWith("150981");
const B = await districtWith("150982");
const api = (code: string) => `/d/${code}/api/v1/auth/phone-code`;
const PHONE = "13912345678";

async function sentCode(district: string): Promise<string> {
  const [event] = await rows<{ params_json: string }>(A.db, "SELECT params_json FROM notification_events WHERE district_id = ? AND kind = 'notifications.phone_code' ORDER BY created_at DESC LIMIT 1", district);
  return reveal((JSON.parse(event!.params_json) as { code: string }).code, testEnv.PERSONAL_DATA_KEY);
}

const signUp = (phone: string, smsCode: string, n: number) => ({ organizationName: `沿河社区志愿服务队${n}`, kind: "founding_team", displayName: "李娜", email: `api-founder${n}@example.cn`, password: PASSWORD, phone, smsCode });

describe("POST /auth/phone-code", () => {
  it("sends a code the API sign-up accepts, once a minute per number, with the refusal beside the field", async () => {
    const res = await new Browser().fetch(api(A.code), { method: "POST", json: { phone: PHONE } });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; validMinutes: number; message: Record<string, string> };
    expect(body).toMatchObject({ status: "sent", validMinutes: 10 });
    expect(body.message["zh-CN"]).toContain("验证码已发送");
    expect(body.message.en).toMatch(/code/i);

    const again = await new Browser().fetch(`${api(A.code)}?lang=en`, { method: "POST", json: { phone: PHONE } });
    expect(again.status).toBe(429);
    const problem = (await again.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(problem.code).toBe("rate_limited");
    expect(problem.errors[0]).toMatchObject({ field: "phone" });
    expect(problem.errors[0]!.message).toContain("try again in 1 minutes");

    const bad = await new Browser().fetch(api(A.code), { method: "POST", json: { phone: "12345" } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("phone");

    const code = await sentCode(A.code);
    // A code asked for in one district proves nothing in another.
    expect((await new Browser().fetch(`/d/${B.code}/api/v1/auth/sign-up`, { method: "POST", json: signUp(PHONE, code, 1) })).status).toBe(422);
    expect((await new Browser().fetch(`/d/${A.code}/api/v1/auth/sign-up`, { method: "POST", json: signUp(PHONE, code, 1) })).status).toBe(202);
    expect(await rows(A.db, "SELECT used_at FROM phone_verifications WHERE district_id = ? AND used_at IS NOT NULL", A.code)).toHaveLength(1);
    expect(await rows(A.db, "SELECT id FROM phone_verifications WHERE district_id = ?", B.code)).toHaveLength(0);
  });

  it("answers 404 for a district that does not exist", async () => {
    expect((await new Browser().fetch(api("159999"), { method: "POST", json: { phone: PHONE } })).status).toBe(404);
  });

  it("shares the per-client limit on anonymous writes with the sign-up form", async () => {
    // The limiter counts per calendar minute: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await worker.fetch(
        new Request(`${ORIGIN}${api(A.code)}`, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.41" }, body: JSON.stringify({ phone: `1370000${String(1000 + i)}` }) }),
      );
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get("retry-after")).toBe("60");
    }
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(10);
    expect(statuses).toContain(429);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await new Browser().fetch("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    const op = doc.paths["/auth/phone-code"]!.post!;
    expect(op.requestBody).toBeDefined();
    expect(op.responses["202"]).toBeDefined();
  });
});
