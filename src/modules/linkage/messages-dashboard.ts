import type { Catalog } from "../../i18n/messages";

// Wording of the linkage dashboard and its public summary.

export const dashboardMessages = {
  "linkage.nav.dashboard": ["三社联动看板", "Linkage dashboard"],
  "linkage.nav.publicDashboard": ["三社联动概况", "Linkage at a glance"],
  "linkage.dashboard.title": ["三社联动看板", "Linkage dashboard"],
  "linkage.dashboard.publicTitle": ["三社联动概况", "Linkage at a glance"],
  "linkage.dashboard.intro": ["本季度（{quarter}）各街道、社区的数字。", "Figures for this quarter ({quarter}) per 街道 and community."],
  "linkage.dashboard.orgsCounted": [
    "“社区社会组织”只计组织类型为{type}的组织（已在民政部门登记的，以及未达登记条件、由街道备案的），按其所在社区计数。目标按民政部民发〔2017〕191号：每个城市社区不少于 {urban} 个，每个村不少于 {rural} 个；街道的目标为其各社区目标之和。",
    "“Community social organizations” counts only organizations of the type {type} (registered with civil affairs, or below the registration threshold and filed with the 街道), by the community they belong to. Targets follow the Ministry of Civil Affairs' 民发〔2017〕191号: at least {urban} per urban community and {rural} per village; a 街道's target is the sum of its communities'.",
  ],
  "linkage.dashboard.postsNote": ["社工岗位“已满员 / 已开发”按岗位所在地区统计，社区的岗位也计入其街道。", "Social-work posts “filled / developed” are counted where each is placed; a community's also count for its 街道."],
  "linkage.dashboard.csv": ["下载 CSV", "Download CSV"],
  "linkage.dashboard.trend": ["近四个季度", "Last four quarters"],
  "linkage.dashboard.col.quarter": ["季度", "Quarter"],
  "linkage.dashboard.col.target": ["目标数", "Target"],
  "linkage.dashboard.col.posts": ["社工岗位（已满员 / 已开发）", "Social-work posts (filled / developed)"],
  "linkage.dashboard.col.area": ["街道 / 社区", "Area"],
  "linkage.dashboard.col.orgs": ["社区社会组织", "Community social organizations"],
  "linkage.dashboard.col.workers": ["每万居民持证社工", "Certified social workers per 10,000 residents"],
  "linkage.dashboard.col.projects": ["在办项目", "Projects running"],
  "linkage.dashboard.col.paid": ["已拨付（元）", "Paid (yuan)"],
  "linkage.dashboard.col.needs": ["收到需求", "Needs received"],
  "linkage.dashboard.col.answered": ["已答复", "Answered"],
  "linkage.dashboard.col.median": ["答复用时中位数（工作日）", "Median working days to answer"],
  "linkage.dashboard.col.meetings": ["联席会议", "Joint meetings"],
  "linkage.dashboard.col.actions": ["事项按期办结率", "Actions done on time"],
  "linkage.todo.need": ["待答复的居民需求", "Resident's need to answer"],
  "linkage.todo.action": ["联席会议事项（{meeting}）", "Joint meeting action ({meeting})"],
  "linkage.dashboard.col.stations": ["社会工作站（个）", "Social-work stations"],
  "linkage.dashboard.col.satisfaction": ["在办项目居民满意度", "Residents' satisfaction with projects running"],
  "linkage.dashboard.satisfactionNote": [
    "社工站按所在地区计数；居民满意度为本季度在该地区实施项目的居民评分中 4 分及以上的占比。",
    "Stations are counted where each is; satisfaction is the share of 4 or 5 in residents' ratings of the projects running there this quarter.",
  ],
} satisfies Catalog;

declare module "../../i18n/messages" {
  interface ModuleCatalogs {
    linkageDashboard: typeof dashboardMessages;
  }
}
