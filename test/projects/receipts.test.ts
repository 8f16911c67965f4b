import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { projectWorld, submittedBid } from "./fixtures";

// A bid gets its receipt number when it is submitted: the bidding organization's page
// shows it with the check code (the buyer's staff do not need it), and the public receipt
// shows the bid's stage without naming the organization or the bid.

const w = await projectWorld("170331");

describe("a bid's receipt", () => {
  it("is issued on submission and shows the stage on the public receipt", async () => {
    const { bidId } = await submittedBid(w);
    const own = await (await w.org.b.fetch(w.path(`/projects/bids/${bidId}`))).text();
    const m = /receipts\?no=(170331-\d{4}-\d{6})&amp;check=([A-Z0-9]{4})/.exec(own);
    expect(m).not.toBeNull();
    expect(await (await w.admin.b.fetch(w.path(`/projects/bids/${bidId}`))).text()).not.toContain(m![1]);
    const html = await (await new Browser().fetch(w.path(`/receipts?no=${m![1]}&check=${m![2]}`))).text();
    expect(html).toContain("项目申报书");
    expect(html).toContain("已提交");
    expect(html).not.toContain(bidId);
    expect(await (await new Browser().fetch(w.path(`/receipts?no=${m![1]}&check=${m![2]}&lang=en`))).text()).toContain("A project bid");
  });
});
