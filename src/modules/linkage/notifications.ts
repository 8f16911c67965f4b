import { defineNotification } from "../../core/module-contract";

// Messages to residents, who have no account: sent to the phone they left on the needs
// form (sealed in the need row, and so in the outbox row). The receipt code opens the
// status page, so it travels sealed too; nothing about the need itself is in the text.

/** The community answered the need (or the need it was merged into). */
export const needAnswered = defineNotification({
  name: "linkage.need_answered",
  recipients: { type: "address" },
  urgency: "normal",
  params: ["community", "receipt"],
  secret: ["receipt"],
  title: ["您反映的需求已有答复", "Your request has an answer"],
  body: ["{community}已答复您反映的需求（回执码 {receipt}）。请打开下面的链接查看答复。", "{community} has answered the need you reported (receipt {receipt}). Open the link below to read the answer."],
  link: "/needs/status/{receipt}",
  example: { community: "和平路社区", receipt: "K7QH2MPX" },
});

/** A project answering the need has ended: the resident is asked to rate it. */
export const projectEnded = defineNotification({
  name: "linkage.need_project_ended",
  recipients: { type: "address" },
  urgency: "normal",
  params: ["project", "receipt"],
  secret: ["receipt"],
  title: ["请为回应您需求的项目评分", "Please rate the project that answered your request"],
  body: [
    "回应您所反映需求的服务项目“{project}”已经结束。请打开下面的链接（回执码 {receipt}），告诉我们项目是否满足了您的需求。",
    "The service project “{project}”, which answered the need you reported, has ended. Open the link below (receipt {receipt}) and tell us how well it met your need.",
  ],
  link: "/needs/status/{receipt}#projects",
  example: { project: "银龄助餐服务", receipt: "K7QH2MPX" },
});

export const LINKAGE_NOTIFICATIONS = [needAnswered, projectEnded];
