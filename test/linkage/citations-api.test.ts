import { describe, expect, it } from "vitest";
import { Browser, countRows } from "../helpers";
import { projectWorld, submittedBid } from "../projects/fixtures";

// The JSON API of the needs a projects call cites: listed with the accepted needs of the
// call's area, replaced as a set (anything else is a field error and changes nothing),
// a need's answering projects, the OpenAPI document describing them, and another
// district's call or need answering 404.

const A = await projectWorld("170361");
const B = await projectWorld("170362", "DISTRICTS_1");

async function acceptedNeed(): Promise<string> {
  const res = await A.community.b.api(A.path("/api/v1/linkage/needs"), {
    method: "POST",
    json: { communityCode: `${A.code}001001`, category: "elderly", description: "独居老人需要助餐。", location: "", source: "visit", name: "", phone: "" },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const need = (await res.json()) as { id: string; version: number };
  const answered = await A.community.b.api(A.path(`/api/v1/linkage/needs/${need.id}/answer`), { method: "POST", json: { outcome: "accepted", category: "elderly", priority: "high", answer: "", version: need.version } });
  expect(answered.status).toBe(200);
  return need.id;
}

describe("needs cited by a call, as JSON", () => {
  it("lists, replaces and refuses as the pages do, and is described in OpenAPI", async () => {
    const [n1, n2] = [await acceptedNeed(), await acceptedNeed()];
    const { callId } = await submittedBid(A);
    const path = A.path(`/api/v1/linkage/calls/${callId}/needs`);
    const listed = (await (await A.admin.b.api(path)).json()) as { needs: { id: string; cited: boolean }[] };
    expect(listed.needs.filter((n) => [n1, n2].includes(n.id)).map((n) => n.cited)).toEqual([false, false]);

    const bad = await A.admin.b.api(path, { method: "PUT", json: { needIds: [n1, "not-a-need"] } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("needIds");
    expect(await countRows(A.db, "project_call_needs", "district_id = ?", A.code)).toBe(0);
    expect((await A.admin.b.api(path, { method: "PUT", json: { needIds: [n1] } })).status).toBe(204);
    const after = (await (await A.admin.b.api(path)).json()) as { needs: { id: string; cited: boolean }[] };
    expect(after.needs.find((n) => n.id === n1)!.cited).toBe(true);

    const projects = (await (await A.community.b.api(A.path(`/api/v1/linkage/needs/${n1}/projects`))).json()) as { callId: string; contractId: string | null }[];
    expect(projects).toEqual([expect.objectContaining({ callId, contractId: null })]);

    // Another district's staff, and the public, do not reach them.
    expect((await B.admin.b.api(B.path(`/api/v1/linkage/calls/${callId}/needs`))).status).toBe(404);
    expect((await B.admin.b.api(B.path(`/api/v1/linkage/calls/${callId}/needs`), { method: "PUT", json: { needIds: [] } })).status).toBe(404);
    expect((await B.admin.b.api(B.path(`/api/v1/linkage/needs/${n1}/projects`))).status).toBe(404);
    expect((await new Browser().fetch(path)).status).toBe(401);

    const spec = (await (await new Browser().fetch("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const p of ["/linkage/calls/{callId}/needs", "/linkage/needs/{needId}/projects", "/assessments", "/assessments/{assessmentId}"])
      expect(
        Object.keys(spec.paths).some((k) => k.endsWith(p)),
        p,
      ).toBe(true);
  });
});
