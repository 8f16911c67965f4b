import * as z from "zod/mini";

// The rules' numbers that differ from place to place (docs/domain.md, "Settings and their
// defaults"). Every field has the common default, a range that makes sense, and a
// sentence in both languages that the admin screens show next to it.

const GRADES = ["5A", "4A", "3A", "2A", "1A"] as const;

const intIn = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

export const gradeBandsSchema = z
  .strictObject({
    scale: z.union([z.literal(100), z.literal(1000)]),
    // Minimum total for each grade; below the 1A minimum there is no grade.
    minimums: z.strictObject({
      "5A": z.number(),
      "4A": z.number(),
      "3A": z.number(),
      "2A": z.number(),
      "1A": z.number(),
    }),
  })
  .check(
    z.refine(
      (b) =>
        GRADES.every((g, i) => {
          const min = b.minimums[g];
          const next = GRADES[i + 1];
          return min > 0 && min <= b.scale && (next === undefined || min > b.minimums[next]);
        }),
      { message: "grade_bands_order", path: ["minimums"] },
    ),
  );

export const settingsSchema = z.strictObject({
  eligibilityCheckWorkingDays: z._default(intIn(1, 30), 5),
  publicNoticeWorkingDays: z._default(intIn(1, 30), 5),
  incubationMonths: z._default(intIn(1, 60), 12),
  incubationRenewals: z._default(intIn(0, 5), 1),
  spaceHandbackDays: z._default(intIn(1, 90), 30),
  // An exit assessment is a panel's mean, never one person's score: at least three
  // reviewers (the local incubation measures name no number; docs/domain.md).
  exitPanelMinimum: z._default(intIn(3, 15), 3),
  foundingTeamRegistrationMonths: z._default(intIn(1, 24), 6),
  gradeValidityYears: z._default(intIn(1, 10), 5),
  gradeBands: z._default(gradeBandsSchema, {
    scale: 100,
    minimums: { "5A": 90, "4A": 80, "3A": 70, "2A": 60, "1A": 50 },
  }),
  evaluationEligibleAfterYears: z._default(intIn(0, 10), 2),
  abnormalListAutoExitMonths: z._default(intIn(1, 60), 6),
  abnormalToSeriousYears: z._default(intIn(1, 10), 2),
  seriousListExitYears: z._default(intIn(1, 10), 2),
  rectificationExitWorkingDays: z._default(intIn(1, 30), 5),
  creditEntryWorkingDays: z._default(intIn(1, 30), 5),
  // From filing. The 2010 办法 (民政部令第39号) 第二十三条 gave 15 days from the review
  // committee's decision to notify it in writing; the revised text on this is to be
  // confirmed (docs/domain.md, "Appeals").
  appealAnswerDays: z._default(intIn(1, 90), 15),
  // The first-level areas (一级指标, separated by 、) left out of a simplified on-site
  // review: the revised 评估管理办法 allows simplifying it without saying how
  // (docs/domain.md, "Simplified on-site review").
  simplifiedOnsiteSkip: z._default(z.string().check(z.maxLength(60)), "基础条件"),
  reviewerCoolingOffYears: z._default(intIn(0, 10), 2),
  annualReportDue: z._default(z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/)), "05-31"),
  // Foundations report earlier: by 31 March (基金会管理条例 第三十六条).
  annualReportDueFoundation: z._default(z.string().check(z.regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/)), "03-31"),
  maxConcurrentPosts: z._default(intIn(1, 5), 1),
  needAnswerWorkingDays: z._default(intIn(1, 30), 5),
  // A project's implementer may move up to this share of the contract amount between
  // budget lines without the buyer's approval (docs/domain.md, "Contract changes").
  changeFreeMovePercent: z._default(intIn(0, 30), 10),
  // 民发〔2017〕191号: on average at least 10 community social organizations per urban
  // community (社区) and 5 per rural one (村).
  communityOrgTarget: z._default(intIn(1, 100), 10),
  villageOrgTarget: z._default(intIn(1, 100), 5),
  // 个人信息保护法 第十七条第一款: the needs form names who processes the data and how to reach
  // them. Empty means the product's default wording (the district's civil-affairs bureau,
  // reached through the resident's community).
  needsDataProcessor: z._default(z.string().check(z.maxLength(60)), ""),
  needsDataContact: z._default(z.string().check(z.maxLength(120)), ""),
});

export type DistrictSettings = z.output<typeof settingsSchema>;

export const DEFAULT_SETTINGS: DistrictSettings = z.parse(settingsSchema, {});

export const MODULES = ["incubation", "posts", "disclosure", "projects", "linkage"] as const;
export type ModuleName = (typeof MODULES)[number];
export const modulesSchema = z.array(z.enum(MODULES));

/** What each setting means, for the admin screens (zh-CN first, then English). */
export const SETTING_EXPLANATIONS: Record<keyof DistrictSettings, [string, string]> = {
  eligibilityCheckWorkingDays: ["资格初审应在提交后多少个工作日内答复。", "Working days within which an eligibility check must be answered."],
  publicNoticeWorkingDays: ["公示期的工作日天数，公示期内公众可提出异议。", "Working days a public notice stays open for objections."],
  incubationMonths: ["一个孵化周期的月数。", "Months in one incubation period."],
  incubationRenewals: ["孵化期满后最多可延期的次数。", "How many times an incubation may be extended."],
  spaceHandbackDays: ["出壳后交还场地的期限（天）。", "Days to hand back the space after exit."],
  exitPanelMinimum: ["出壳评估评审小组至少的评审专家人数（3–15）。", "The fewest reviewers an exit assessment panel may have (3–15)."],
  foundingTeamRegistrationMonths: ["未登记的发起团队入壳后须完成登记的期限（月）。", "Months within which a founding team must register after entering a park."],
  gradeValidityYears: ["评估等级的有效年数。", "Years an evaluation grade stays valid."],
  gradeBands: ["评估总分与等级的对应分数线。", "Score thresholds that map an evaluation total to a grade."],
  evaluationEligibleAfterYears: ["登记满多少年方可参加评估。", "Full years of registration before an organization may be evaluated."],
  abnormalListAutoExitMonths: ["无需整改时，列入活动异常名录后自动移出的月数。", "Months after which an abnormal-list entry with nothing to rectify ends by itself."],
  abnormalToSeriousYears: ["在活动异常名录满多少年提示转入严重违法失信名单。", "Years on the abnormal list before a transfer to the serious list is proposed."],
  seriousListExitYears: ["列入严重违法失信名单满多少年且无新情形，可申请移出。", "Years on the serious list without new events before exit may be requested."],
  rectificationExitWorkingDays: ["整改经核实后，移出活动异常名录的工作日期限。", "Working days to remove an entry after verified rectification."],
  creditEntryWorkingDays: ["信用信息应在形成后多少个工作日内录入。", "Working days after credit information forms within which it must be recorded."],
  appealAnswerDays: ["评估委员会对复核申请作出决定并书面答复的期限（天）。", "Days within which the evaluation committee decides an appeal and it is answered in writing."],
  simplifiedOnsiteSkip: [
    "有效期前 2 年内申请重新评估、简化实地评估时不再评分的一级指标，以“、”分隔；默认“基础条件”，留空则不简化。",
    "First-level areas not scored when a re-evaluation applied for in the first 2 years of a grade has a simplified on-site review, separated by 、; default 基础条件, empty: nothing is left out.",
  ],
  reviewerCoolingOffYears: ["评审专家在该组织任职后需回避的年数。", "Years a reviewer must recuse after working for the organization."],
  annualReportDue: ["社会团体、社会服务机构等年度报告的截止日期（月-日）。", "Annual report due date (month-day) of social groups, social service agencies and other types."],
  annualReportDueFoundation: ["基金会年度工作报告的截止日期（月-日）。", "Annual report due date (month-day) of foundations."],
  maxConcurrentPosts: ["一名社会工作者可同时担任的社会工作岗位数。", "How many social-work posts one social worker may hold at the same time."],
  needAnswerWorkingDays: ["社区应在收到居民需求后多少个工作日内答复。", "Working days within which the community answers a resident's need."],
  changeFreeMovePercent: ["项目预算科目间调整不超过合同金额的该百分比时无需采购方审批（0 表示每次调整都需审批）。", "Budget moves up to this percent of the contract amount need no approval from the buyer (0: every move needs approval)."],
  communityOrgTarget: ["三社联动看板上每个城市社区的社区社会组织目标数（民发〔2017〕191号：不少于 10 个）。", "Target number of community social organizations per urban community on the linkage dashboard (民发〔2017〕191号: at least 10)."],
  needsDataProcessor: ["居民需求表单上告知的个人信息处理者名称（留空则为“本区民政局”）。", "The personal-information processor named on the residents' needs form (empty: the district's civil-affairs bureau)."],
  needsDataContact: [
    "居民需求表单上告知的个人信息处理者联系方式，如电话和办公地址（留空则为“您所在社区的居委会或社区服务站”）。",
    "How residents reach that processor, e.g. a phone number and office address (empty: the resident's community office).",
  ],
  villageOrgTarget: [
    "三社联动看板上每个农村社区（村）的社区社会组织目标数（民发〔2017〕191号：不少于 5 个）。",
    "Target number of community social organizations per rural community (村) on the linkage dashboard (民发〔2017〕191号: at least 5).",
  ],
};
