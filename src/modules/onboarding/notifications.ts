import { defineNotification } from "../../core/module-contract";

/** An invitation link to someone without an account yet; the token is sealed in the outbox row. */
export const invitationSent = defineNotification({
  name: "onboarding.invitation",
  recipients: { type: "address" },
  urgency: "normal",
  params: ["district", "token", "days"],
  secret: ["token"],
  title: ["三社联动服务平台邀请", "Invitation to the platform"],
  body: [
    "{district}邀请您使用三社联动服务平台。请在 {days} 天内打开下面的链接，设置密码后即可登录。如您不认识发出邀请的单位，请忽略本消息。",
    "{district} invites you to its platform. Open the link below within {days} days and set a password to sign in. If you do not know who invited you, ignore this message.",
  ],
  link: "/invite/{token}",
  example: { district: "昆都仑区", token: "x7Hq2kP9-example", days: "7" },
});
