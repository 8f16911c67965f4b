import type { Catalog } from "../../i18n/messages";

// A post's listing terms as every job posting in China states them: pay, working hours,
// a phone to ask and the closing date (docs/domain.md, social-work posts).

export const postTermMessages = {
  "posts.field.pay": ["薪酬", "Pay"],
  "posts.field.payMin": ["月薪下限（元）", "Monthly pay from (yuan)"],
  "posts.field.payMax": ["月薪上限（元）", "Monthly pay up to (yuan)"],
  "posts.field.payHint": ["税前应发，元/月。只填下限读作“起”，都不填读作“面议”。", "Gross, yuan per month. The lower figure alone reads “from”; both empty reads “negotiable”."],
  "posts.field.workingHours": ["工作时间", "Working hours"],
  "posts.field.workingHoursHint": ["例如：周一至周五 8:30—17:30", "For example: Mon–Fri 8:30–17:30"],
  "posts.field.contactPhone": ["咨询电话", "Phone for enquiries"],
  "posts.field.contactPhoneHint": ["用人单位的办公电话（含区号），如 0472-5123456。岗位信息对外公开，不要填写个人手机号。", "The host's office line with its area code, e.g. 0472-5123456. Posts are public: no personal mobile numbers."],
  "posts.field.closesOn": ["报名截止日期", "Applications close"],
  "posts.field.closesOnHint": ["如 2026年6月30日；不填表示招满为止。", "E.g. 2026-06-30; leave empty to take applications until the post is filled."],
  "posts.pay.range": ["{min}—{max} 元/月", "{min}–{max} yuan a month"],
  "posts.pay.from": ["{min} 元/月起", "From {min} yuan a month"],
  "posts.pay.upTo": ["最高 {max} 元/月", "Up to {max} yuan a month"],
  "posts.pay.negotiable": ["面议", "Negotiable"],
  "posts.terms.notStated": ["未注明", "Not stated"],
  "posts.terms.untilFilled": ["招满为止", "Until filled"],
  "posts.terms.closed": ["报名已截止", "Applications have closed"],
  "field.pay_invalid": ["请填写整数金额（元/月），如 4500。", "Enter a whole amount in yuan per month, such as 4500."],
  "field.pay_range_order": ["月薪上限不能低于下限。", "The upper figure cannot be below the lower one."],
  "field.office_phone_mobile": ["岗位信息对外公开，请填写单位办公电话，不要填写个人手机号。", "Posts are public: give the host's office line, not a personal mobile number."],
  "field.office_phone_invalid": ["请填写带区号的办公电话，如 0472-5123456（分机写在“-”后）。", "Enter an office line with its area code, such as 0472-5123456 (an extension after “-”)."],
  "field.closes_in_past": ["截止日期不能早于今天。", "The closing date cannot be before today."],
} as const satisfies Catalog;
