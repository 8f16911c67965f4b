import type { OpenDataset, OpenField } from "../../http/open-data";

// The registry, the grades, the grade decisions and the credit lists as open data: the
// columns are chosen here, never "everything", so personal data of legal representatives
// can never reach a file. The rows come from opendata-queries.ts (opendata.tsx).

type FieldType = "string" | "date" | "integer" | "number" | "enum";
const f = (name: string, type: FieldType, zh: string, en: string): OpenField => ({ name, type, zh, en });

/** The disclosure module's open-data files, as /open-data documents them (its manifest's openData). */
export const disclosureOpenData = (): OpenDataset[] => [
  {
    dataset: "organizations",
    title: "disclosure.open.registry",
    fields: [
      f("id", "string", "平台内组织编号（稳定）", "Stable organization id on the platform"),
      f("name", "string", "组织名称", "Name"),
      f("uscc", "string", "统一社会信用代码（发起团队为空）", "Unified social credit code (empty for founding teams)"),
      f("kind", "enum", "registered 已登记 / founding_team 发起团队", "registered / founding_team"),
      f("org_type", "string", "组织类型：社会团体、社会服务机构、基金会、社区社会组织", "Type (in Chinese, as registered)"),
      f("area_code", "string", "所属街道（9 位）或社区（12 位）统计用区划代码；区级为空", "Statistical code of its sub-district (9) or community (12); empty at district level"),
      f("registration_authority", "string", "登记管理机关", "Registration authority"),
      f("registration_scope", "enum", "own 本区登记 / other 其他机关登记 / filed 街道（乡镇）备案", "own: registered here / other: registered elsewhere / filed: 备案 with a sub-district"),
      f("registration_status", "enum", "登记状态：active 存续 / deregistered 注销 / revoked 撤销 / license_revoked 吊销", "Registration status: active / deregistered / revoked / license_revoked"),
      f("registration_status_on", "date", "登记状态变更日期（存续为空）", "Date of the registration status (empty while active)"),
      f("registered_on", "date", "成立登记日期", "Registration date"),
      f("domicile", "string", "住所", "Domicile"),
      f("business_scope", "string", "业务范围", "Business scope"),
      f("legal_rep_name", "string", "法定代表人姓名", "Legal representative's name"),
      f("service_fields", "string", "服务领域代码，以分号分隔（elderly, children, …）", "Service field codes, separated by semicolons"),
      f("grade", "enum", "最近一次评估等级 5A–1A（无则为空）", "Latest grade 5A–1A (empty if none)"),
      f("grade_status", "enum", "valid 有效 / expired 已过期 / none 未评估", "valid / expired / none"),
      f("grade_valid_until", "date", "等级有效期最后一日", "Last day the grade is valid"),
      f("list_status", "enum", "none 未列入 / abnormal 活动异常名录 / serious 严重违法失信名单", "none / abnormal / serious"),
      f("filing_status", "enum", "年报报送：on_time / late / overdue / not_due / none", "Annual report filing: on_time / late / overdue / not_due / none"),
      f("last_report_year", "integer", "已公开的最新年度报告年度", "Newest annual report year published"),
      f("url", "string", "公开页面地址", "Public page"),
    ],
  },
  {
    dataset: "grades",
    title: "disclosure.open.grades",
    fields: [
      f("organization_id", "string", "组织编号", "Organization id"),
      f("organization_name", "string", "组织名称", "Organization name"),
      f("uscc", "string", "统一社会信用代码", "Unified social credit code"),
      f("grade", "enum", "评估等级 5A–1A", "Grade 5A–1A"),
      f("total", "number", "评估总分", "Total score"),
      f("scale", "integer", "分制（100 或 1000）", "Scale (100 or 1000 points)"),
      f("awarded_on", "date", "公告日期（2026 年 3 月前评定的为评定日期）", "Announced on (the award date for grades before March 2026)"),
      f("valid_from", "date", "有效期第一日（公告次年 1 月 1 日）", "First day of the term (1 January after the announcement)"),
      f("valid_until", "date", "有效期最后一日", "Last valid day"),
      f(
        "status",
        "enum",
        "valid 有效 / expired 已过期 / superseded 已被新等级取代 / adjusted 已调整 / cancelled 已取消 / suspended 暂停（待核查评估）",
        "valid / expired / superseded / adjusted / cancelled / suspended (pending verification)",
      ),
    ],
  },
  {
    dataset: "grade-adjustments",
    title: "disclosure.open.gradeAdjustments",
    fields: [
      f("organization_id", "string", "组织编号", "Organization id"),
      f("organization_name", "string", "组织名称", "Organization name"),
      f("uscc", "string", "统一社会信用代码", "Unified social credit code"),
      f("kind", "enum", "tracking 跟踪评估 / verification 核查评估 / credit_list 列入严重违法失信名单", "tracking / verification / credit_list (serious-violation list)"),
      f("outcome", "enum", "kept 维持 / raised 提高 / lowered 降低 / cancelled 取消 / suspended 暂停 / restored 恢复", "kept / raised / lowered / cancelled / suspended / restored"),
      f("from_grade", "enum", "调整前等级", "Grade before"),
      f("to_grade", "enum", "调整后等级（取消、暂停时为空）", "Grade after (empty when cancelled or suspended)"),
      f("reason", "string", "理由", "Reason"),
      f("decided_on", "date", "决定日期", "Decided on"),
    ],
  },
  {
    dataset: "credit-lists",
    title: "disclosure.open.lists",
    fields: [
      f("entry_id", "string", "名单记录编号", "Entry id"),
      f("organization_id", "string", "组织编号", "Organization id"),
      f("organization_name", "string", "组织名称", "Organization name"),
      f("uscc", "string", "统一社会信用代码", "Unified social credit code"),
      f("list", "enum", "abnormal 活动异常名录 / serious 严重违法失信名单", "abnormal / serious"),
      f("reason_code", "enum", "列入情形代码", "Ground code"),
      f("ground_item", "integer", "列入情形在《社会组织信用信息管理办法》（民政部令第60号）该名单情形中的项次（其他代码为空）", "The ground's item in the list of grounds of MCA Order No. 60 for that list (empty for other codes)"),
      f("reason", "string", "列入事由", "Reason"),
      f("legal_basis", "string", "列入依据", "Legal basis"),
      f("deciding_body", "string", "作出决定机关", "Deciding body"),
      f("decided_on", "date", "列入日期", "Entered on"),
      f("exited_on", "date", "移出日期（列入中为空）", "Left on (empty while listed)"),
      f("exit_reason", "enum", "rectified / auto / application / transferred / revoked（已移出而为空：注销登记后移出）", "rectified / auto / application / transferred / revoked (empty on a left entry: removed after deregistration)"),
    ],
  },
];
