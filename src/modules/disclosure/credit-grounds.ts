import type { CreditList } from "./tables";

// The grounds for each credit list as 《社会组织信用信息管理办法》 (民政部令第60号,
// 2018-01-24, in force on publication) lists them, in its order, stored as codes so that
// open data keeps the legal category. Whether leaving the abnormal list needs
// rectification (or an obligation performed) follows from the ground, not from a choice:
// only "other" grounds leave it to the deciding staff.

/** "required": the entry ends on verified rectification; "none": by time alone; "decided": staff say. */
export type Rectification = "required" | "none" | "decided";

export interface CreditGround {
  code: string;
  list: CreditList;
  /** The item's number in the 办法's list of grounds for that list. */
  item: number;
  rectification: Rectification;
}

export const CREDIT_GROUNDS: readonly CreditGround[] = [
  { code: "annual_report", list: "abnormal", item: 1, rectification: "required" },
  { code: "party_organization", list: "abnormal", item: 2, rectification: "required" },
  { code: "rectification", list: "abnormal", item: 3, rectification: "required" },
  { code: "fundraising", list: "abnormal", item: 4, rectification: "required" },
  { code: "minor_penalty", list: "abnormal", item: 5, rectification: "none" },
  { code: "unreachable", list: "abnormal", item: 6, rectification: "required" },
  { code: "other", list: "abnormal", item: 7, rectification: "decided" },
  { code: "abnormal_two_years", list: "serious", item: 1, rectification: "required" },
  { code: "false_change_registration", list: "serious", item: 2, rectification: "none" },
  { code: "suspension", list: "serious", item: 3, rectification: "none" },
  { code: "major_fine", list: "serious", item: 4, rectification: "none" },
  { code: "repeated_penalties", list: "serious", item: 5, rectification: "none" },
  { code: "dishonest_debtor", list: "serious", item: 6, rectification: "required" },
  { code: "revocation", list: "serious", item: 7, rectification: "none" },
  { code: "other", list: "serious", item: 8, rectification: "decided" },
];

export const ABNORMAL_REASONS = CREDIT_GROUNDS.filter((g) => g.list === "abnormal").map((g) => g.code);
export const SERIOUS_REASONS = CREDIT_GROUNDS.filter((g) => g.list === "serious").map((g) => g.code);
export const REASON_CODES = [...new Set(CREDIT_GROUNDS.map((g) => g.code))] as [string, ...string[]];

export function creditGround(list: string, code: string): CreditGround | undefined {
  return CREDIT_GROUNDS.find((g) => g.list === list && g.code === code);
}

export const NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八"];

/** The legal reference of a ground, as recorded on the entry when staff give none. */
export function groundReference(ground: CreditGround): string {
  const list = ground.list === "abnormal" ? "列入活动异常名录" : "列入严重违法失信名单";
  return `《社会组织信用信息管理办法》（民政部令第60号）${list}情形第（${NUMERALS[ground.item]}）项`;
}

/** Whether leaving the list needs rectification: from the ground, or the staff's answer for "other". */
export function needsRectification(ground: CreditGround, staffAnswer: string | undefined): boolean {
  if (ground.rectification === "decided") return staffAnswer === "1";
  return ground.rectification === "required";
}
