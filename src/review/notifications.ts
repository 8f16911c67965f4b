import { defineNotification } from "../core/module-contract";
import { knownKinds, subjectKind } from "./kinds";

// What the notice engine tells people. Objections reach the staff of the module that
// published the notice, in its area, and the district admin; the outcome reaches the
// objector at the contact they left, if it is an e-mail or mobile number.

export const objectionReceived = defineNotification({
  name: "review.objection_received",
  // Each subject kind's own staff hear of objections to its notices (objections.ts).
  recipients: { type: "permission", permission: "district.manage", alsoReaches: () => knownKinds().map((k) => subjectKind(k).canScore.objectionsHandledBy ?? "district.manage") },
  urgency: "normal",
  params: ["notice", "noticeId"],
  title: ["公示收到异议：{notice}", "Objection to a notice: {notice}"],
  body: ["公示“{notice}”收到一条异议，请在公示期内核实处理。", "The notice “{notice}” received an objection. Look into it and record the outcome."],
  link: "/notices/{noticeId}",
  example: { notice: "2026 年社区公益创投拟立项项目公示", noticeId: "n1" },
});

const handled = (upheld: boolean) =>
  defineNotification({
    name: upheld ? "review.objection_upheld" : "review.objection_dismissed",
    recipients: { type: "address" },
    urgency: "normal",
    params: ["notice", "noticeId", "note"],
    title: ["您的异议已处理：{notice}", "Your objection was handled: {notice}"],
    body: upheld
      ? ["您对公示“{notice}”提出的异议经核实成立，该事项将重新审定。说明：{note}", "Your objection to the notice “{notice}” was upheld: the matter will be decided again. Note: {note}"]
      : ["您对公示“{notice}”提出的异议经核实不成立。说明：{note}", "Your objection to the notice “{notice}” was not upheld. Note: {note}"],
    link: "/notices/{noticeId}",
    example: { notice: "2026 年社区公益创投拟立项项目公示", noticeId: "n1", note: "经核实，申报材料真实有效。" },
  });
export const objectionUpheld = handled(true);
export const objectionDismissed = handled(false);

export const REVIEW_NOTIFICATIONS = [objectionReceived, objectionUpheld, objectionDismissed];
