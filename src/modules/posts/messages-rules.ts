import type { Catalog } from "../../i18n/messages";

// Wording of the posts rules from the national regulations: a post's required
// qualification (and the district admin's override), the district's limit of concurrent
// posts, certificate registration (民发〔2009〕44号) and continuing education.

export const postRuleMessages = {
  // Qualification on assignment
  "posts.error.underqualified": ["该岗位要求“{required}”及以上职业资格，所选社会工作者为“{held}”。", "This post asks for {required} or above; the social worker chosen holds: {held}."],
  "posts.error.underqualifiedAdmin": [
    "该岗位要求“{required}”及以上职业资格，所选社会工作者为“{held}”。如确需安排，请填写破格安排理由。",
    "This post asks for {required} or above; the social worker chosen holds: {held}. To place them all the same, give the reason for the exception.",
  ],
  "posts.error.underqualifiedApplication": [
    "申请人职业资格为“{held}”，低于岗位要求的“{required}”，不能录用。如确需安排，请区级管理员在岗位页面破格安排。",
    "The applicant holds {held}, below the {required} the post asks for, so the application cannot be accepted. A district admin may place them from the post's page, giving a reason.",
  ],
  "posts.error.overrideAdminOnly": ["只有区级管理员可以破格安排，请清空理由。", "Only a district admin may make this exception; leave the reason empty."],
  "posts.error.overrideReasonShort": ["请写明破格安排的理由（至少 5 个字）。", "Give the reason for the exception (at least 5 characters)."],
  "posts.assign.overrideReason": ["破格安排理由（仅区级管理员）", "Reason for an exception to the required qualification (district admin only)"],
  "posts.assign.overrideHint": [
    "社会工作者的职业资格低于岗位要求时，区级管理员可写明理由后破格安排；理由记入审计日志。",
    "When the worker's qualification is below what the post asks for, a district admin may place them by giving a reason, which goes into the audit log.",
  ],
  "posts.assignment.override": ["破格安排（低于岗位要求的职业资格）：{reason}", "Placed below the required qualification: {reason}"],

  // Concurrent posts
  "posts.error.postLimit": ["该社会工作者在此期间已担任 {limit} 个岗位，已达本区允许同时担任的岗位数。", "In that period this social worker already holds {limit} post(s), the most the district allows at once."],

  // Certificate registration and continuing education
  "posts.registration.title": ["证书登记与继续教育", "Certificate registration and continuing education"],
  "posts.registration.intro": [
    "职业水平证书登记有效期为 3 年，有效期满前 3 个月内申请再登记；每个登记有效期内，助理社会工作师继续教育不少于 72 小时，社会工作师、高级社会工作师不少于 90 小时。学时按本页培训记录计算。",
    "A certificate registration is valid for 3 years and is renewed within the 3 months before it runs out; within each registration period an assistant social worker needs at least 72 hours of continuing education, a social worker or senior social worker at least 90. Hours are counted from the training recorded on this page.",
  ],
  "posts.registration.notQualified": ["未取得职业资格，无需证书登记。", "No qualification, so no certificate registration."],
  "posts.registration.none": ["尚未记录证书登记。", "No registration recorded yet."],
  "posts.registration.period": ["{from} 至 {to}", "{from} to {to}"],
  "posts.registration.validity": ["登记有效期", "Registration valid"],
  "posts.registration.renewFrom": ["再登记受理自 {date} 起", "Renewal from {date}"],
  "posts.registration.renewBy": ["末日逢法定休假日，再登记顺延至 {date}", "Last day falls on a rest day: renewal accepted until {date}"],
  "posts.registration.status": ["登记状态", "Registration"],
  "posts.registration.state.current": ["有效", "Valid"],
  "posts.registration.state.due": ["待再登记", "Renewal due"],
  "posts.registration.state.overdue": ["已过期", "Overdue"],
  "posts.registration.state.unregistered": ["未登记", "Not registered"],
  "posts.registration.kind.first": ["首次登记", "First registration"],
  "posts.registration.kind.renewal": ["再登记", "Renewal"],
  "posts.registration.kind": ["登记类型", "Kind"],
  "posts.registration.registeredOn": ["登记日期", "Registered on"],
  "posts.registration.history": ["历次登记", "Registrations"],
  "posts.registration.record": ["记录证书登记", "Record a registration"],
  "posts.registration.recordHint": ["按登记证书上的日期填写。有效期内再登记的，新的有效期自原有效期届满次日起算。", "Enter the date on the registration. A renewal made in time starts the day after the current period ends."],
  "posts.registration.submit": ["记录登记", "Record registration"],
  "posts.education.title": ["继续教育", "Continuing education"],
  "posts.education.hours": ["{hours} / {required} 小时", "{hours} / {required} hours"],
  "posts.education.state.met": ["已达标", "Met"],
  "posts.education.state.in_progress": ["进行中", "In progress"],
  "posts.education.state.due": ["待完成", "Due"],
  "posts.education.state.overdue": ["未达标（已逾期）", "Overdue"],
  "posts.worker.saved.registration": ["已记录证书登记。", "Registration recorded."],
  "posts.error.registrationNoQualification": ["未取得职业资格的社会工作者无需证书登记。", "A social worker without a qualification has no certificate to register."],
  "posts.error.registrationFuture": ["登记日期不能晚于今天。", "The registration date cannot be in the future."],
  "posts.error.registrationBefore": ["登记日期不能早于上一次登记（{date}）。", "The date cannot be before the last registration ({date})."],
  "posts.error.registrationExists": ["该登记有效期已有记录。", "This registration period is already recorded."],
} as const satisfies Catalog;
