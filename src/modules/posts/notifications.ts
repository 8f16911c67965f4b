import { defineNotification } from "../../core/module-contract";

/** The host decided a social worker's application to a post: the worker. */
const decided = (accepted: boolean) =>
  defineNotification({
    name: accepted ? "posts.application_accepted" : "posts.application_declined",
    recipients: { type: "person" },
    urgency: "normal",
    params: ["post", "note"],
    title: accepted ? ["岗位申请已通过：{post}", "Application accepted: {post}"] : ["岗位申请未通过：{post}", "Application declined: {post}"],
    body: accepted
      ? ["您申请的岗位“{post}”已通过，请按约定日期到岗。说明：{note}", "Your application to “{post}” was accepted; start on the agreed date. Note: {note}"]
      : ["您申请的岗位“{post}”未通过。说明：{note}", "Your application to “{post}” was declined. Note: {note}"],
    link: "/me/worker",
    example: { post: "昆都仑区某社区社工岗", note: "请于下周一到岗。" },
  });
export const applicationAccepted = decided(true);
export const applicationDeclined = decided(false);
