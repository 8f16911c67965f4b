import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { submittedApplication, world } from "./fixtures";

// An incubation application gets its receipt number when it is submitted (not while it is
// a draft): the applicant's page shows it with the check code, and anyone holding both
// sees the stage on the public receipt, without the organization's name.

const w = await world("170321");

describe("an application's receipt", () => {
  it("is issued on submission and shows the stage on the public receipt", async () => {
    const start = await w.applicant.api(`/d/${w.district}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
    const draftId = ((await start.json()) as { id: string }).id;
    expect(await (await w.applicant.fetch(`/d/${w.district}/incubation/applications/${draftId}`)).text()).not.toContain("receipts?no=");

    const { id } = await submittedApplication(w);
    const page = await (await w.applicant.fetch(`/d/${w.district}/incubation/applications/${id}`)).text();
    const m = /receipts\?no=(170321-\d{4}-\d{6})&amp;check=([A-Z0-9]{4})/.exec(page);
    expect(m).not.toBeNull();
    const res = await new Browser().fetch(`/d/${w.district}/receipts?no=${m![1]}&check=${m![2]}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("孵化园入驻申请");
    expect(html).toContain("已提交，待资格初审");
    expect(html).not.toContain(id);
    const en = await (await new Browser().fetch(`/d/${w.district}/receipts?no=${m![1]}&check=${m![2]}&lang=en`)).text();
    expect(en).toContain("Submitted, awaiting eligibility check");
  });
});
