import { defineNotification } from "../core/module-contract";

// The notifications of the platform itself (not of a module).

/** The district admin checks a channel by sending a message to themself. */
export const testMessage = defineNotification({
  name: "notifications.test",
  recipients: { type: "person" },
  urgency: "urgent",
  params: ["district"],
  title: ["测试消息", "Test message"],
  body: ["这是{district}三社联动服务平台发出的测试消息。收到即表示此渠道设置正确。", "This is a test message from the {district} platform. Receiving it means the channel is set up correctly."],
  link: "/notifications",
  example: { district: "包头市昆都仑区" },
});

/** A password reset code: urgent, so it ignores preferences and quiet hours. */
export const passwordResetCode = defineNotification({
  name: "notifications.password_reset",
  recipients: { type: "person" },
  urgency: "urgent",
  params: ["code", "minutes"],
  title: ["密码重置验证码", "Password reset code"],
  body: [
    "您的密码重置验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本消息，您的密码不会改变。",
    "Your password reset code is {code}, valid for {minutes} minutes. If you did not ask for it, ignore this message: your password stays as it is.",
  ],
  link: "/password-reset",
  example: { code: "482913", minutes: "15" },
});

export const CORE_KINDS = [testMessage, passwordResetCode];
