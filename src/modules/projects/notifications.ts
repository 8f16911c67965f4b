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

/** An instalment's gate passed and it is now due: the buyer's staff whose scope covers the call. */
export const instalmentDue = defineNotification({
  name: "projects.instalment_due",
  recipients: { type: "permission", permission: "projects.manage" },
  urgency: "normal",
  params: ["bid", "seq", "dueOn", "contractId"],
  title: ["项目资金待拨付：{bid} 第 {seq} 期", "Instalment due: {bid}, no. {seq}"],
  body: ["项目“{bid}”第 {seq} 期资金的拨付条件已满足，请于 {dueOn} 前拨付并登记。", "The gate of instalment {seq} of “{bid}” has passed. Pay it by {dueOn} and record the payment."],
  link: "/projects/contracts/{contractId}",
  example: { bid: "老年人助餐服务", seq: "2", dueOn: "2026-06-30", contractId: "c1" },
});

/** An evaluation was opened with the person among its evaluators. */
export const evaluationAssigned = defineNotification({
  name: "projects.evaluation_assigned",
  recipients: { type: "person" },
  urgency: "normal",
  params: ["bid", "organization"],
  title: ["项目评估任务：{bid}", "Project evaluation to score: {bid}"],
  body: ["您被指派为{organization}承接的项目“{bid}”的评估人员，请在评审任务中声明利益冲突并评分。", "You are an evaluator of “{bid}”, delivered by {organization}. Declare any conflict of interest and score it in your review tasks."],
  link: "/review",
  example: { bid: "老年人助餐服务", organization: "阳光社工服务中心" },
});

const evaluationDueAt = (stage: "midterm" | "final") =>
  defineNotification({
    name: `projects.${stage}_evaluation_due`,
    recipients: { type: "permission", permission: "projects.manage" },
    urgency: "normal",
    params: ["bid", "dueOn", "contractId"],
    title: stage === "midterm" ? ["中期评估到期：{bid}", "Mid-term evaluation due: {bid}"] : ["结项评估到期：{bid}", "Final evaluation due: {bid}"],
    body:
      stage === "midterm"
        ? ["项目“{bid}”已过服务期中点（{dueOn}），请开展中期评估并指派评估人员。", "“{bid}” passed the middle of its term ({dueOn}). Open its mid-term evaluation and assign the evaluators."]
        : ["项目“{bid}”服务期于 {dueOn} 结束，请开展结项评估并指派评估人员。", "The term of “{bid}” ended on {dueOn}. Open its final evaluation and assign the evaluators."],
    link: "/projects/contracts/{contractId}",
    example: { bid: "老年人助餐服务", dueOn: "2026-06-30", contractId: "c1" },
  });
/** A contract reached the middle or the end of its term with that stage's evaluation not yet opened: the buyer's staff. */
export const midtermEvaluationDue = evaluationDueAt("midterm");
export const finalEvaluationDue = evaluationDueAt("final");

/** The implementer asked for a change that needs approval: the buyer's staff whose scope covers the call. */
export const changeRequested = defineNotification({
  name: "projects.change_requested",
  recipients: { type: "permission", permission: "projects.manage" },
  urgency: "normal",
  params: ["bid", "organization", "contractId"],
  title: ["项目变更待审批：{bid}", "Change to approve: {bid}"],
  body: ["{organization}申请变更项目“{bid}”，请审批或说明不予批准的理由。", "{organization} asked to change “{bid}”. Approve it, or refuse it with reasons."],
  link: "/projects/contracts/{contractId}",
  example: { bid: "老年人助餐服务", organization: "阳光社工服务中心", contractId: "c1" },
});

const changeDecided = (approved: boolean) =>
  defineNotification({
    name: approved ? "projects.change_approved" : "projects.change_refused",
    recipients: { type: "organization" },
    urgency: "normal",
    params: ["bid", "reasons", "contractId"],
    title: approved ? ["项目变更已批准：{bid}", "Change approved: {bid}"] : ["项目变更未获批准：{bid}", "Change refused: {bid}"],
    body: approved
      ? ["您对项目“{bid}”的变更申请已获批准，已作为新版本生效。{reasons}", "Your change to “{bid}” was approved and applies as a new revision. {reasons}"]
      : ["您对项目“{bid}”的变更申请未获批准。理由：{reasons}", "Your change to “{bid}” was refused. Reasons: {reasons}"],
    link: "/projects/contracts/{contractId}",
    example: { bid: "老年人助餐服务", reasons: "调整幅度过大。", contractId: "c1" },
  });
export const changeApproved = changeDecided(true);
export const changeRefused = changeDecided(false);

export const PROJECT_NOTIFICATIONS = [bidReturned, bidSubmitted, instalmentOverdue, instalmentDue, evaluationAssigned, midtermEvaluationDue, finalEvaluationDue, changeRequested, changeApproved, changeRefused];
