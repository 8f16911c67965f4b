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
  secret: ["code"],
  title: ["密码重置验证码", "Password reset code"],
  body: [
    "您的密码重置验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本消息，您的密码不会改变。",
    "Your password reset code is {code}, valid for {minutes} minutes. If you did not ask for it, ignore this message: your password stays as it is.",
  ],
  link: "/password-reset",
  example: { code: "482913", minutes: "15" },
});

/**
 * Someone signed up with an address that already has an account: the sign-up page
 * answers as for any address, and the account's owner hears of it here (urgent: it is
 * about their account's security).
 */
export const existingAccountSignUp = defineNotification({
  name: "notifications.existing_account_sign_up",
  recipients: { type: "person" },
  urgency: "urgent",
  params: ["district"],
  title: ["您的邮箱被用于注册", "Your address was used to sign up"],
  body: [
    "有人在{district}用您的邮箱申请注册社会组织账户。您已有账户，可直接登录；如忘记密码，可在登录页找回密码。如非本人操作，请忽略本消息，您的账户不会改变。",
    "Someone used your address to sign an organization up in {district}. You already have an account: sign in, or reset your password from the sign-in page if you forgot it. If this was not you, ignore this message: your account stays as it is.",
  ],
  link: "/login",
  example: { district: "昆都仑区" },
});

/** A code that proves a mobile number at sign-up, sent to that number (urgent: it is asked for now). */
export const phoneCode = defineNotification({
  name: "notifications.phone_code",
  recipients: { type: "address" },
  urgency: "urgent",
  params: ["code", "minutes"],
  secret: ["code"],
  title: ["手机号验证码", "Mobile number code"],
  body: ["您的手机号验证码是 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本消息。", "Your mobile number code is {code}, valid for {minutes} minutes. If you did not ask for it, ignore this message."],
  example: { code: "305718", minutes: "10" },
});

export const CORE_KINDS = [testMessage, passwordResetCode, existingAccountSignUp, phoneCode];
