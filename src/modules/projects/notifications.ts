import { defineNotification } from "../../core/module-contract";

// What the project chain tells people, and whom.

/** The buyer sent a bid back for completion: the organization's members. */
export const bidReturned = defineNotification({
  name: "projects.bid_returned",
  recipients: { type: "organization" },
  urgency: "normal",
  params: ["bid", "call", "bidId"],
  title: ["项目申报被退回补正：{bid}", "Bid returned for completion: {bid}"],
  body: ["您在“{call}”中的项目申报“{bid}”被退回补正，请查看退回原因，补正后重新提交。", "Your bid “{bid}” in “{call}” was returned for completion. Read the reason, complete it and submit it again."],
  link: "/projects/bids/{bidId}",
  example: { bid: "老年人助餐服务", call: "2026 年社区公益创投", bidId: "b1" },
});

/** A bid was submitted: the buyer's staff whose scope covers the call. */
export const bidSubmitted = defineNotification({
  name: "projects.bid_submitted",
  recipients: { type: "permission", permission: "projects.manage" },
  urgency: "normal",
  params: ["bid", "call", "organization", "bidId"],
  title: ["收到项目申报：{bid}", "Bid received: {bid}"],
  body: ["{organization}在“{call}”中提交了项目申报“{bid}”。", "{organization} submitted the bid “{bid}” in “{call}”."],
  link: "/projects/bids/{bidId}",
  example: { bid: "老年人助餐服务", call: "2026 年社区公益创投", organization: "阳光社工服务中心", bidId: "b1" },
});

/** An instalment's payment date passed unpaid: the buyer's staff whose scope covers the call. */
export const instalmentOverdue = defineNotification({
  name: "projects.instalment_overdue",
  recipients: { type: "permission", permission: "projects.manage" },
  urgency: "normal",
  params: ["bid", "seq", "dueOn", "contractId"],
  title: ["项目拨付逾期：{bid} 第 {seq} 期", "Instalment overdue: {bid}, no. {seq}"],
  body: ["项目“{bid}”第 {seq} 期资金应于 {dueOn} 前拨付，目前仍未登记拨付，请尽快办理。", "Instalment {seq} of “{bid}” was due by {dueOn} and is not recorded as paid. Please pay it."],
  link: "/projects/contracts/{contractId}",
  example: { bid: "老年人助餐服务", seq: "1", dueOn: "2026-06-30", contractId: "c1" },
});

export const PROJECT_NOTIFICATIONS = [bidReturned, bidSubmitted, instalmentOverdue];
