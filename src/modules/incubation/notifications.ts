import { defineNotification } from "../../core/module-contract";

// What incubation tells an applicant organization's members about its application.

// Every one goes to the organization, names the call and links to the application.
const aboutApplication = {
  recipients: { type: "organization" },
  urgency: "normal",
  params: ["call", "reasons", "applicationId"],
  link: "/incubation/applications/{applicationId}",
  example: { call: "2026 年度孵化园入驻申请", reasons: "缺少章程扫描件", applicationId: "a1" },
} as const;

/** Staff returned the application for completion at the eligibility check. */
export const applicationReturned = defineNotification({
  name: "incubation.returned",
  ...aboutApplication,
  title: ["入驻申请被退回补正：{call}", "Application returned for completion: {call}"],
  body: ["您在“{call}”中的入驻申请被退回补正。原因：{reasons}。请补正后重新提交。", "Your application to “{call}” was returned for completion. Reason: {reasons}. Complete it and submit it again."],
});

/** The application was turned down, at the eligibility check or by decision. */
export const applicationRejected = defineNotification({
  name: "incubation.rejected",
  ...aboutApplication,
  title: ["入驻申请未获通过：{call}", "Application not accepted: {call}"],
  body: ["您在“{call}”中的入驻申请未获通过。理由：{reasons}。", "Your application to “{call}” was not accepted. Reasons: {reasons}."],
});

/** Staff proposed the application for admission: it goes on public notice next. */
export const applicationProposed = defineNotification({
  name: "incubation.proposed",
  ...aboutApplication,
  title: ["入驻申请拟通过：{call}", "Application proposed for admission: {call}"],
  body: [
    "您在“{call}”中的入驻申请拟予通过，将进行公示，公示期满无异议后正式入驻。",
    "Your application to “{call}” is proposed for admission. It goes on public notice; admission follows when the notice closes without a sustained objection.",
  ],
});

export const INCUBATION_NOTIFICATIONS = [applicationReturned, applicationRejected, applicationProposed];
