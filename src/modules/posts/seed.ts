import { sql, type CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { idCheckCharacter } from "../../lib/id-number";
import { lookupHash, mask, protect } from "../../lib/personal-data";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import type { Snapshot } from "./posts";
import type { EmbeddingMode, EndReason, Funding, HostType, PostKind, PostStatus, Qualification, RewardKind, TrainingForm, AssessmentGrade, ApplicationStatus } from "./tables";

// Demo data of the post module for both demo districts: hosts (departments,
// communities, social-work stations, organizations), posts in every state with their
// revisions, social workers with protected ID numbers and phones, training,
// assignments (one a rotation), assessments, rewards and applications.
//
// Idempotent: fixed ids; rows that exist are left alone. Assignments and applications
// are inserted only when absent (their triggers check places even for rows an upsert
// would skip), and posts reach their final state by version-guarded updates.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

interface HostSpec {
  key: string;
  type: HostType;
  name: string;
  area: string | null;
  org?: string; // demo organization key
}

interface PostSpec {
  key: string;
  host: string;
  area: string | null;
  title: string;
  kind: PostKind;
  mode: EmbeddingMode;
  funding: Funding;
  work: string[];
  duties: string[];
  steps: string[];
  qualification: Qualification;
  headcount: number;
  status: PostStatus;
  createdOn: string;
  /** An earlier description, revised on this date (the history page has a difference to show). */
  revised?: { on: string; by: string; work: string[]; headcount: number };
}

interface WorkerSpec {
  key: string;
  name: string;
  area: string | null;
  qualification: Qualification;
  certificate?: string;
  qualifiedOn?: string;
  birth: string; // YYYYMMDD
  region: string; // 6-digit address code of the ID number
  sequence: string; // 3 digits
  phone: string;
  person?: string; // demo person key of the account that keeps this profile
}

interface AssignmentSpec {
  key: string;
  post: string;
  worker: string;
  starts: string;
  ends?: string;
  reason?: EndReason;
  rotatedFrom?: string;
}

interface DistrictSpec {
  hosts: HostSpec[];
  posts: PostSpec[];
  workers: WorkerSpec[];
  trainings: { worker: string; form: TrainingForm; title: string; hours: number; provider: string; on: string }[];
  assignments: AssignmentSpec[];
  assessments: { assignment: string; year: number; score: number; grade: AssessmentGrade; assessor: string; comments: string }[];
  rewards: { worker: string; kind: RewardKind; title: string; on: string; body: string; amount?: number }[];
  applications: { worker: string; post: string; motivation: string; status: ApplicationStatus; note?: string; on: string }[];
}

const KDL: DistrictSpec = {
  hosts: [
    { key: "mzj", type: "department", name: "昆都仑区民政局", area: null },
    { key: "jyj", type: "department", name: "昆都仑区教育局", area: null },
    { key: "wtj", type: "department", name: "昆都仑区文化旅游体育局", area: null },
    { key: "heping", type: "community", name: "和平路社区", area: "150203001001" },
    { key: "linyin", type: "community", name: "林荫路社区", area: "150203002001" },
    { key: "youyi", type: "community", name: "友谊社区", area: "150203004001" },
    { key: "st-zhaotan", type: "station", name: "沼潭街道社会工作服务站", area: "150203001" },
    { key: "st-linyin", type: "station", name: "林荫路街道社会工作服务站", area: "150203002" },
    { key: "st-buerhantu", type: "station", name: "卜尔汉图镇社会工作服务站", area: "150203100" },
    { key: "sunshine", type: "organization", name: "昆都仑区阳光社会工作服务中心", area: "150203001", org: "sunshine" },
  ],
  posts: [
    {
      key: "elderly",
      host: "heping",
      area: "150203001001",
      title: "社区社会工作者（为老服务）",
      kind: "professional",
      mode: "post_development",
      funding: "government_purchased",
      work: ["建立辖区 60 岁以上独居、空巢老人服务台账", "开展居家探访和精神慰藉服务", "链接助餐、助医、助洁等为老服务资源", "组织老年互助小组活动"],
      duties: ["负责社区为老服务个案和小组工作", "协助社区“两委”开展老年人需求调查", "对接社工站和社会组织的为老服务项目"],
      steps: ["需求评估：入户走访，建立个案档案", "服务计划：按需求制定个性化服务方案", "服务实施：探访、转介、小组活动", "评估总结：每季度评估服务成效并改进"],
      qualification: "assistant",
      headcount: 2,
      status: "open",
      createdOn: "2024-01-08",
      revised: { on: "2024-11-20", by: "张丽（和平路社区）", work: ["建立辖区独居、空巢老人服务台账", "开展居家探访服务", "组织老年互助小组活动"], headcount: 1 },
    },
    {
      key: "station-zhaotan",
      host: "st-zhaotan",
      area: "150203001",
      title: "社工站驻站社会工作者",
      kind: "professional",
      mode: "platform_integration",
      funding: "government_purchased",
      work: ["承接街道购买的社会工作服务项目", "统筹辖区社会救助、儿童关爱、社区治理服务", "培育和支持社区社会组织"],
      duties: ["驻站提供个案、小组、社区工作服务", "指导社区社会工作者开展专业服务", "参与公益创投项目的设计与实施"],
      steps: ["每月制定驻站服务计划", "每周进社区开展服务", "按项目要求记录服务过程", "接受第三方评估"],
      qualification: "assistant",
      headcount: 3,
      status: "filled",
      createdOn: "2023-05-10",
    },
    {
      key: "assistance",
      host: "mzj",
      area: null,
      title: "社会救助经办社会工作者",
      kind: "administrative",
      mode: "post_development",
      funding: "government_purchased",
      work: ["协助开展低保、特困人员认定和动态管理", "对困难群众开展需求评估和政策转介"],
      duties: ["社会救助个案管理", "困难群众走访和档案管理"],
      steps: ["受理与核查", "入户评估", "提出救助建议", "跟踪回访"],
      qualification: "intermediate",
      headcount: 1,
      status: "filled",
      createdOn: "2021-06-15",
    },
    {
      key: "school",
      host: "jyj",
      area: "150203002",
      title: "学校社会工作者（青少年心理支持）",
      kind: "professional",
      mode: "issue_specific",
      funding: "host_funded",
      work: ["为中小学生提供心理支持和危机干预", "开展家校社协同育人活动"],
      duties: ["学生个案辅导", "家长课堂和教师培训", "校园欺凌预防专项服务"],
      steps: ["学校转介或学生自主求助", "评估与服务计划", "个案、小组服务", "结案与跟进"],
      qualification: "intermediate",
      headcount: 2,
      status: "open",
      createdOn: "2025-08-20",
    },
    {
      key: "venture",
      host: "sunshine",
      area: "150203001002",
      title: "社区公益创投项目助理",
      kind: "assistant",
      mode: "platform_integration",
      funding: "host_funded",
      work: ["协助实施沼潭社区公益创投项目", "整理项目台账和服务记录"],
      duties: ["项目活动组织", "志愿者招募与管理", "项目资料归档"],
      steps: ["参与项目启动会", "按计划组织活动", "收集居民反馈", "配合中期和结项评估"],
      qualification: "none",
      headcount: 2,
      status: "open",
      createdOn: "2026-03-02",
    },
    {
      key: "mediation",
      host: "linyin",
      area: "150203002001",
      title: "矛盾调解专项社会工作者",
      kind: "professional",
      mode: "issue_specific",
      funding: "government_purchased",
      work: ["参与物业纠纷、邻里矛盾等公共议题协商", "运用社会工作方法协助居民达成共识"],
      duties: ["矛盾纠纷排查", "组织议事协商会", "跟进协议落实"],
      steps: ["收集议题", "分别沟通利益相关方", "组织协商", "形成共识并跟进"],
      qualification: "intermediate",
      headcount: 1,
      status: "draft",
      createdOn: "2026-10-12",
    },
    {
      key: "culture",
      host: "wtj",
      area: "150203003",
      title: "社区文体活动助理",
      kind: "assistant",
      mode: "post_development",
      funding: "host_funded",
      work: ["协助组织社区文体活动", "管理社区文体活动室"],
      duties: ["活动策划与执行", "文体团队联络"],
      steps: ["制定月度活动计划", "组织活动", "活动总结"],
      qualification: "none",
      headcount: 1,
      status: "closed",
      createdOn: "2022-08-01",
    },
    {
      key: "rural",
      host: "st-buerhantu",
      area: "150203100",
      title: "农村留守老人关爱社会工作者",
      kind: "professional",
      mode: "post_development",
      funding: "government_purchased",
      work: ["建立留守老人关爱台账", "开展定期探访和邻里互助", "链接医疗和养老服务资源"],
      duties: ["留守老人个案管理", "培育村级互助志愿队"],
      steps: ["摸底排查", "分级分类服务", "定期探访", "年度评估"],
      qualification: "assistant",
      headcount: 2,
      status: "open",
      createdOn: "2025-04-01",
    },
    {
      key: "affairs",
      host: "youyi",
      area: "150203004001",
      title: "社区综合事务社会工作者",
      kind: "administrative",
      mode: "post_development",
      funding: "government_purchased",
      work: ["承担社区综合事务受理和协调", "协助居民议事会运转"],
      duties: ["便民服务窗口", "居民议事会记录与跟进"],
      steps: ["受理", "分办", "跟踪", "反馈"],
      qualification: "none",
      headcount: 1,
      status: "open",
      createdOn: "2024-02-26",
    },
  ],
  workers: [
    { key: "chenjing", name: "陈静", area: "150203001001", qualification: "intermediate", certificate: "ZS-2021-150203-0105", qualifiedOn: "2021-12-20", birth: "19900312", region: "150203", sequence: "284", phone: "13904721188", person: "worker" },
    { key: "wanglei", name: "王磊", area: "150203001", qualification: "assistant", certificate: "ZL-2022-150203-0311", qualifiedOn: "2022-11-15", birth: "19950708", region: "150204", sequence: "153", phone: "15847201234" },
    { key: "liufang", name: "刘芳", area: "150203001", qualification: "intermediate", certificate: "ZS-2020-150203-0042", qualifiedOn: "2020-12-18", birth: "19880925", region: "150203", sequence: "046", phone: "13847255601" },
    { key: "zhangwei", name: "张伟", area: null, qualification: "senior", certificate: "GJ-2019-150200-0007", qualifiedOn: "2019-10-30", birth: "19790114", region: "150202", sequence: "071", phone: "13314728890" },
    { key: "zhaomin", name: "赵敏", area: "150203001002", qualification: "none", birth: "19980503", region: "150207", sequence: "228", phone: "18647290035" },
    { key: "sunhao", name: "孙浩", area: "150203100", qualification: "assistant", certificate: "ZL-2024-150203-0520", qualifiedOn: "2024-11-22", birth: "19961130", region: "150221", sequence: "019", phone: "15004726677" },
    { key: "zhouting", name: "周婷", area: "150203002", qualification: "intermediate", certificate: "ZS-2023-150203-0233", qualifiedOn: "2023-12-08", birth: "19930218", region: "150203", sequence: "060", phone: "13080472215" },
    { key: "wuhao", name: "吴昊", area: "150203004", qualification: "none", birth: "19970827", region: "152601", sequence: "331", phone: "17704723390" },
    { key: "zhengxue", name: "郑雪", area: "150203002", qualification: "assistant", certificate: "ZL-2025-150203-0618", qualifiedOn: "2025-11-20", birth: "20000416", region: "150203", sequence: "102", phone: "19947231006" },
  ],
  trainings: [
    { worker: "chenjing", form: "centralized", title: "“三社联动”政策与实务集中培训", hours: 24, provider: "昆都仑区民政局", on: "2025-04-15" },
    { worker: "chenjing", form: "short_course", title: "老年人个案管理短训班", hours: 8, provider: "包头市社会工作协会", on: "2025-09-06" },
    { worker: "chenjing", form: "exchange", title: "赴呼和浩特市社工站交流学习", hours: 16, provider: "内蒙古自治区民政厅", on: "2026-06-12" },
    { worker: "wanglei", form: "centralized", title: "社工站驻站人员岗前培训", hours: 32, provider: "昆都仑区民政局", on: "2024-06-03" },
    { worker: "wanglei", form: "correspondence", title: "社会工作专业函授（专科起点本科）", hours: 120, provider: "内蒙古师范大学继续教育学院", on: "2025-01-10" },
    { worker: "liufang", form: "short_course", title: "项目设计与运营短训", hours: 12, provider: "阳光社会工作服务中心", on: "2024-05-20" },
    { worker: "liufang", form: "exchange", title: "京津冀社工站建设经验交流", hours: 16, provider: "民政部培训中心", on: "2025-10-28" },
    { worker: "zhangwei", form: "centralized", title: "社会救助政策集中培训", hours: 16, provider: "包头市民政局", on: "2024-03-12" },
    { worker: "zhangwei", form: "short_course", title: "社会工作督导能力提升", hours: 20, provider: "内蒙古大学社会工作系", on: "2026-04-18" },
    { worker: "zhaomin", form: "internship", title: "社工站实习", hours: 160, provider: "沼潭街道社会工作服务站", on: "2025-02-10" },
    { worker: "sunhao", form: "centralized", title: "农村社会工作实务培训", hours: 24, provider: "昆都仑区民政局", on: "2025-05-08" },
    { worker: "zhouting", form: "short_course", title: "学校社会工作与危机干预", hours: 10, provider: "包头师范学院", on: "2026-07-02" },
  ],
  assignments: [
    { key: "chenjing-elderly", post: "elderly", worker: "chenjing", starts: "2024-03-01" },
    { key: "liufang-culture", post: "culture", worker: "liufang", starts: "2022-09-01", ends: "2024-01-02", reason: "rotation" },
    { key: "liufang-station", post: "station-zhaotan", worker: "liufang", starts: "2024-01-02", rotatedFrom: "liufang-culture" },
    { key: "wanglei-station", post: "station-zhaotan", worker: "wanglei", starts: "2023-06-01" },
    { key: "zhaomin-station", post: "station-zhaotan", worker: "zhaomin", starts: "2025-03-01", ends: "2027-02-28" },
    { key: "zhangwei-assistance", post: "assistance", worker: "zhangwei", starts: "2021-07-01" },
    { key: "sunhao-rural", post: "rural", worker: "sunhao", starts: "2025-05-01" },
    { key: "wuhao-affairs", post: "affairs", worker: "wuhao", starts: "2024-04-01", ends: "2025-06-30", reason: "resigned" },
  ],
  assessments: [
    { assignment: "chenjing-elderly", year: 2024, score: 86, grade: "competent", assessor: "和平路社区“两委”", comments: "服务台账完整，探访覆盖率达到要求。" },
    { assignment: "chenjing-elderly", year: 2025, score: 93, grade: "excellent", assessor: "北疆社会组织评估中心", comments: "老年互助小组成效突出，居民满意度高。" },
    { assignment: "wanglei-station", year: 2024, score: 91, grade: "excellent", assessor: "沼潭街道综合服务中心", comments: "驻站服务记录规范。" },
    { assignment: "liufang-station", year: 2024, score: 88, grade: "competent", assessor: "沼潭街道综合服务中心", comments: "项目推进有序。" },
    { assignment: "liufang-station", year: 2025, score: 94, grade: "excellent", assessor: "北疆社会组织评估中心", comments: "带领社区社会组织培育成效显著。" },
    { assignment: "zhangwei-assistance", year: 2023, score: 90, grade: "excellent", assessor: "昆都仑区民政局", comments: "救助个案管理规范。" },
    { assignment: "zhangwei-assistance", year: 2024, score: 95, grade: "excellent", assessor: "昆都仑区民政局", comments: "承担督导职责，带教新人。" },
    { assignment: "wuhao-affairs", year: 2024, score: 72, grade: "basically_competent", assessor: "友谊社区“两委”", comments: "需加强业务学习。" },
  ],
  rewards: [
    { worker: "zhangwei", kind: "honour", title: "昆都仑区优秀社会工作者", on: "2024-12-28", body: "昆都仑区民政局" },
    { worker: "liufang", kind: "promotion", title: "晋升为沼潭街道社工站副站长", on: "2025-07-01", body: "沼潭街道办事处" },
    { worker: "wanglei", kind: "material", title: "年度绩效奖励", on: "2025-01-20", body: "沼潭街道办事处", amount: 2000 },
    { worker: "chenjing", kind: "honour", title: "包头市“最美社工”", on: "2026-03-18", body: "包头市民政局" },
  ],
  applications: [
    { worker: "zhouting", post: "school", motivation: "本人持有社会工作师证书，曾在中学开展青少年成长小组两年，熟悉学校社会工作方法。", status: "submitted", on: "2026-10-20" },
    { worker: "zhengxue", post: "venture", motivation: "刚取得助理社会工作师资格，希望参与社区公益创投项目积累实务经验。", status: "declined", note: "本期已满足需求，欢迎关注下期招募。", on: "2026-04-02" },
    { worker: "chenjing", post: "affairs", motivation: "熟悉社区综合事务，愿意在友谊社区兼任综合事务岗位。", status: "submitted", on: "2026-11-02" },
  ],
};

const QS: DistrictSpec = {
  hosts: [
    { key: "mzj", type: "department", name: "青山区民政局", area: null },
    { key: "xianfeng", type: "community", name: "先锋道社区", area: "150204001001" },
    { key: "st-xianfeng", type: "station", name: "先锋道街道社会工作服务站", area: "150204001" },
    { key: "st-xingfu", type: "station", name: "幸福路街道社会工作服务站", area: "150204002" },
    { key: "harmony", type: "organization", name: "青山区和谐家园社会工作服务社", area: "150204001", org: "harmony" },
  ],
  posts: [
    {
      key: "children",
      host: "st-xianfeng",
      area: "150204001",
      title: "儿童关爱社会工作者",
      kind: "professional",
      mode: "platform_integration",
      funding: "government_purchased",
      work: ["为困境儿童和留守儿童建立关爱档案", "开展四点半课堂和暑期托管服务"],
      duties: ["儿童个案管理", "儿童主任业务指导"],
      steps: ["排查建档", "分类服务", "定期回访"],
      qualification: "assistant",
      headcount: 2,
      status: "open",
      createdOn: "2025-03-15",
    },
    {
      key: "community",
      host: "xianfeng",
      area: "150204001001",
      title: "社区治理社会工作者",
      kind: "professional",
      mode: "issue_specific",
      funding: "government_purchased",
      work: ["推动老旧小区加装电梯等公共议题协商", "培育楼栋自治小组"],
      duties: ["组织议事协商", "培育居民骨干"],
      steps: ["议题收集", "协商", "落实", "评估"],
      qualification: "intermediate",
      headcount: 1,
      status: "filled",
      createdOn: "2024-05-06",
    },
    {
      key: "disability",
      host: "harmony",
      area: "150204001",
      title: "残疾人康复服务助理",
      kind: "assistant",
      mode: "platform_integration",
      funding: "host_funded",
      work: ["协助开展残疾人社区康复服务", "组织康复互助小组"],
      duties: ["康复活动组织", "服务记录"],
      steps: ["评估", "服务", "记录"],
      qualification: "none",
      headcount: 2,
      status: "open",
      createdOn: "2026-02-18",
    },
    {
      key: "relief",
      host: "mzj",
      area: null,
      title: "社会救助综合服务社会工作者",
      kind: "administrative",
      mode: "post_development",
      funding: "government_purchased",
      work: ["协助开展社会救助审核确认", "困难群众主动发现和转介"],
      duties: ["救助个案管理"],
      steps: ["受理", "核查", "转介", "回访"],
      qualification: "intermediate",
      headcount: 1,
      status: "draft",
      createdOn: "2026-11-10",
    },
  ],
  workers: [
    { key: "gaoyan", name: "高燕", area: "150204001", qualification: "intermediate", certificate: "ZS-2022-150204-0017", qualifiedOn: "2022-12-16", birth: "19870621", region: "150204", sequence: "124", phone: "13614726650" },
    { key: "majun", name: "马骏", area: "150204001001", qualification: "intermediate", certificate: "ZS-2021-150204-0009", qualifiedOn: "2021-12-17", birth: "19850930", region: "150204", sequence: "035", phone: "13948226611" },
    { key: "lina", name: "李娜", area: "150204002", qualification: "assistant", certificate: "ZL-2024-150204-0210", qualifiedOn: "2024-11-22", birth: "19990102", region: "150205", sequence: "188", phone: "15647201277" },
    { key: "hushuai", name: "胡帅", area: "150204003", qualification: "none", birth: "19960715", region: "150223", sequence: "057", phone: "18804720369" },
  ],
  trainings: [
    { worker: "gaoyan", form: "centralized", title: "儿童督导员集中培训", hours: 24, provider: "青山区民政局", on: "2025-05-12" },
    { worker: "majun", form: "short_course", title: "社区协商议事方法短训", hours: 8, provider: "包头市社会工作协会", on: "2025-08-22" },
    { worker: "lina", form: "internship", title: "社工站实习", hours: 120, provider: "幸福路街道社会工作服务站", on: "2024-07-01" },
    { worker: "hushuai", form: "correspondence", title: "社会工作专业函授", hours: 80, provider: "包头广播电视大学", on: "2026-03-01" },
  ],
  assignments: [
    { key: "gaoyan-children", post: "children", worker: "gaoyan", starts: "2025-04-01" },
    { key: "majun-community", post: "community", worker: "majun", starts: "2024-06-01" },
  ],
  assessments: [
    { assignment: "majun-community", year: 2024, score: 87, grade: "competent", assessor: "先锋道社区“两委”", comments: "协商议事开展规范。" },
    { assignment: "majun-community", year: 2025, score: 92, grade: "excellent", assessor: "先锋道街道综合服务中心", comments: "加装电梯议题推动成效明显。" },
    { assignment: "gaoyan-children", year: 2025, score: 89, grade: "competent", assessor: "先锋道街道综合服务中心", comments: "困境儿童建档完整。" },
  ],
  rewards: [{ worker: "majun", kind: "honour", title: "青山区社区治理创新先进个人", on: "2025-12-26", body: "青山区民政局" }],
  applications: [{ worker: "lina", post: "children", motivation: "有社工站实习经历，熟悉儿童服务，希望到先锋道街道社工站工作。", status: "submitted", on: "2026-09-15" }],
};

const SPECS: Record<string, DistrictSpec> = { "150203": KDL, "150204": QS };

/** An 18-character ID number with its GB 11643 check character. */
export function demoIdNumber(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idCheckCharacter(first17);
}

/** Inserts a row unless one with its id exists, without touching the row's triggers otherwise. */
function insertIfAbsent(table: "post_assignments" | "post_applications", row: Record<string, string | number | null>): CompiledQuery {
  const columns = Object.keys(row);
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) SELECT ${sql.join(columns.map((c) => sql.val(row[c])))} WHERE NOT EXISTS (SELECT 1 FROM ${sql.table(table)} WHERE district_id = ${row.district_id} AND id = ${row.id})`.compile(db);
}

const at = (date: string, time = "09:00:00") => `${date}T${time}.000Z`;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export const postsSeed: ModuleSeed = async (district: DemoDistrict, ctx: SeedContext) => {
  const spec = SPECS[district.code];
  if (!spec) return [];
  const d = district.code;
  const id = (kind: string, key: string) => `demo-${d}-${kind}-${key}`;
  const hostId = (h: HostSpec) => (h.org ? `org-${ctx.orgId(h.org)}` : id("host", h.key));
  const hosts = new Map(spec.hosts.map((h) => [h.key, h]));
  const admin = ctx.personId("admin");
  const adminName = district.people.find((p) => p.key === "admin")!.name;
  const out: CompiledQuery[] = [];

  for (const h of spec.hosts) {
    out.push(
      db
        .insertInto("post_hosts")
        .values({ district_id: d, id: hostId(h), host_type: h.type, name: h.name, area_code: h.area, organization_id: h.org ? ctx.orgId(h.org) : null, created_at: ctx.now, updated_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
  }

  // Posts: revision 1 (draft), then open, an optional revised description, assignments
  // while open, and the final status last.
  const finalSteps: CompiledQuery[] = [];
  for (const p of spec.posts) {
    const host = hosts.get(p.host)!;
    const postId = id("post", p.key);
    const snapshot = (over: Partial<Snapshot>): Snapshot => ({
      title: p.title,
      host: host.name,
      hostId: hostId(host),
      area: p.area ?? "",
      kind: p.kind,
      mode: p.mode,
      funding: p.funding,
      workContent: p.work.join("\n"),
      responsibilities: p.duties.join("\n"),
      workSteps: p.steps.join("\n"),
      qualification: p.qualification,
      headcount: String(p.headcount),
      status: "draft",
      ...over,
    });
    const early = p.revised ? { workContent: p.revised.work.join("\n"), headcount: String(p.revised.headcount) } : {};
    const revisions: { snapshot: Snapshot; on: string; by: string }[] = [{ snapshot: snapshot({ ...early }), on: p.createdOn, by: adminName }];
    if (p.status !== "draft") revisions.push({ snapshot: snapshot({ ...early, status: "open" }), on: nextDay(p.createdOn), by: adminName });
    if (p.revised) revisions.push({ snapshot: snapshot({ status: "open" }), on: p.revised.on, by: p.revised.by });
    if (p.status === "filled" || p.status === "closed") revisions.push({ snapshot: snapshot({ status: p.status }), on: nextDay(revisions.at(-1)!.on), by: adminName });
    const whileOpen = p.status === "draft" ? "draft" : "open";
    const openVersion = p.status === "filled" || p.status === "closed" ? revisions.length - 1 : revisions.length;
    out.push(
      db
        .insertInto("posts")
        .values({
          district_id: d,
          id: postId,
          host_id: hostId(host),
          area_code: p.area,
          title: p.title,
          kind: p.kind,
          mode: p.mode,
          funding: p.funding,
          work_content: p.work.join("\n"),
          responsibilities: p.duties.join("\n"),
          work_steps: p.steps.join("\n"),
          qualification: p.qualification,
          headcount: p.headcount,
          status: whileOpen,
          version: openVersion,
          created_by: admin,
          created_at: at(p.createdOn),
          updated_at: at(revisions[openVersion - 1]!.on),
        })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
    revisions.forEach((r, i) =>
      out.push(
        db
          .insertInto("post_revisions")
          .values({ district_id: d, post_id: postId, revision: i + 1, editor_id: null, editor_name: r.by, edited_at: at(r.on, "10:30:00"), snapshot_json: JSON.stringify(r.snapshot) })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      ),
    );
    if (openVersion < revisions.length) {
      finalSteps.push(
        db
          .updateTable("posts")
          .set({ status: p.status, version: revisions.length, updated_at: at(revisions.at(-1)!.on) })
          .where("district_id", "=", d)
          .where("id", "=", postId)
          .where("version", "=", openVersion)
          .compile(),
      );
    }
  }

  for (const w of spec.workers) {
    const idNumber = demoIdNumber(w.region, w.birth, w.sequence);
    const workerId = id("worker", w.key);
    out.push(
      db
        .insertInto("social_workers")
        .values({
          district_id: d,
          id: workerId,
          name: w.name,
          area_code: w.area,
          qualification: w.qualification,
          certificate_no: w.certificate ?? null,
          id_number_protected: await protect(idNumber, ctx.personalDataKey),
          id_number_hash: await lookupHash("id_number", idNumber, ctx.personalDataKey),
          id_number_masked: mask("id_number", idNumber),
          phone_protected: await protect(w.phone, ctx.personalDataKey),
          phone_hash: await lookupHash("phone", w.phone, ctx.personalDataKey),
          phone_masked: mask("phone", w.phone),
          user_id: w.person ? ctx.personId(w.person) : null,
          version: 1,
          created_at: ctx.now,
          updated_at: ctx.now,
        })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
    if (w.qualification !== "none") {
      out.push(
        db
          .insertInto("worker_qualifications")
          .values({ district_id: d, id: id("qual", w.key), worker_id: workerId, qualification: w.qualification, certificate_no: w.certificate ?? null, recorded_on: w.qualifiedOn ?? "2024-01-01", recorded_by: admin, created_at: ctx.now })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    }
  }

  spec.trainings.forEach((x, i) =>
    out.push(
      db
        .insertInto("worker_trainings")
        .values({ district_id: d, id: id("training", String(i + 1)), worker_id: id("worker", x.worker), form: x.form, title: x.title, hours: x.hours, provider: x.provider, held_on: x.on, created_by: admin, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    ),
  );

  for (const a of spec.assignments) {
    out.push(
      insertIfAbsent("post_assignments", {
        district_id: d,
        id: id("assignment", a.key),
        post_id: id("post", a.post),
        worker_id: id("worker", a.worker),
        starts_on: a.starts,
        ends_on: a.ends ?? null,
        end_reason: a.reason ?? null,
        rotated_from: a.rotatedFrom ? id("assignment", a.rotatedFrom) : null,
        application_id: null,
        created_by: admin,
        created_at: at(a.starts),
        updated_at: at(a.ends ?? a.starts),
      }),
    );
  }

  spec.applications.forEach((a, i) =>
    out.push(
      insertIfAbsent("post_applications", {
        district_id: d,
        id: id("application", String(i + 1)),
        post_id: id("post", a.post),
        worker_id: id("worker", a.worker),
        motivation: a.motivation,
        status: a.status,
        decided_by: a.status === "submitted" ? null : admin,
        decided_at: a.status === "submitted" ? null : at(nextDay(a.on)),
        decision_note: a.note ?? "",
        assignment_id: null,
        created_at: at(a.on),
        updated_at: at(a.on),
      }),
    ),
  );

  out.push(...finalSteps);

  spec.assessments.forEach((s, i) =>
    out.push(
      db
        .insertInto("worker_assessments")
        .values({ district_id: d, id: id("assessment", String(i + 1)), assignment_id: id("assignment", s.assignment), year: s.year, score: s.score, grade: s.grade, assessor_name: s.assessor, assessor_id: admin, comments: s.comments, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    ),
  );

  spec.rewards.forEach((r, i) =>
    out.push(
      db
        .insertInto("worker_rewards")
        .values({ district_id: d, id: id("reward", String(i + 1)), worker_id: id("worker", r.worker), kind: r.kind, title: r.title, awarded_on: r.on, awarding_body: r.body, amount_yuan: r.amount ?? null, created_by: admin, created_at: ctx.now })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    ),
  );
  return out;
};

/** The demo values that must never appear on a public page (for tests). */
export function demoPersonalValues(districtCode: string): { idNumbers: string[]; phones: string[] } {
  const spec = SPECS[districtCode];
  if (!spec) return { idNumbers: [], phones: [] };
  return { idNumbers: spec.workers.map((w) => demoIdNumber(w.region, w.birth, w.sequence)), phones: spec.workers.map((w) => w.phone) };
}
