import type { Catalog } from "../i18n/messages";

// Wording of the password reset (src/auth/password-reset.tsx).

export const passwordResetMessages = {
  "auth.reset.link": ["忘记密码？", "Forgot your password?"],
  "auth.reset.title": ["重置密码", "Reset your password"],
  "auth.reset.intro": ["填写账户的电子邮箱，我们会把一次性验证码发送到您的站内消息、邮箱和已登记的手机。", "Enter your account's e-mail address: a one-time code goes to your e-mail, your registered mobile and your messages here."],
  "auth.reset.send": ["发送验证码", "Send the code"],
  "auth.reset.sent": [
    "如果该邮箱对应本区的账户，验证码已经发出，15 分钟内有效。请在下方填写验证码和新密码。",
    "If that address belongs to an account in this district, a code is on its way, valid for 15 minutes. Enter it below with a new password.",
  ],
  "auth.reset.confirmTitle": ["填写验证码和新密码", "Enter the code and a new password"],
  "auth.reset.code": ["验证码（6 位数字）", "Code (6 digits)"],
  "auth.reset.newPassword": ["新密码", "New password"],
  "auth.reset.submit": ["重置密码", "Reset the password"],
  "auth.reset.invalid": ["验证码不正确或已失效。请重新获取验证码。", "The code is wrong or no longer valid. Ask for a new code."],
  "auth.reset.operatorIntro": ["填写运营账户的电子邮箱，我们会把一次性验证码发送到该邮箱。", "Enter your operator account's e-mail address: a one-time code goes to it."],
  "auth.reset.operatorSent": [
    "如果该邮箱对应运营账户，验证码已经发出，15 分钟内有效。请在下方填写验证码和新密码。",
    "If that address belongs to an operator account, a code is on its way, valid for 15 minutes. Enter it below with a new password.",
  ],
  "auth.reset.done": ["密码已重置，其他设备上的登录已全部退出。请用新密码登录。", "Your password is reset and every other session has ended. Sign in with the new password."],
  // Sign-up phone verification (src/auth/phone-verification.ts).
  "auth.signUp.phone": ["手机号（选填）", "Mobile number (optional)"],
  "auth.signUp.phoneHint": ["填写后需用短信验证码验证，之后可接收短信通知。", "Given, it is verified by an SMS code; SMS messages can then reach you."],
  "auth.signUp.sendCode": ["发送短信验证码", "Send an SMS code"],
  "auth.signUp.smsCode": ["短信验证码（6 位数字）", "SMS code (6 digits)"],
  "auth.signUp.codeSent": ["验证码已发送到该手机号，10 分钟内有效。", "A code was sent to that number, valid for 10 minutes."],
  "auth.signUp.codeWait": ["验证码发送过于频繁，请 {minutes} 分钟后再试。", "Codes were sent too often: try again in {minutes} minutes."],
  "auth.signUp.codeWrong": ["验证码不正确或已失效。请重新获取验证码。", "The code is wrong or no longer valid. Ask for a new code."],
} as const satisfies Catalog;

declare module "../i18n/messages" {
  interface ModuleCatalogs {
    auth: typeof passwordResetMessages;
  }
}
