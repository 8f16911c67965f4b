import type { Catalog } from "../../i18n/messages";

// Wording of the linkage dashboard and its public summary.

export const dashboardMessages = {
  "linkage.nav.dashboard": ["三社联动看板", "Linkage dashboard"],
  "linkage.nav.publicDashboard": ["三社联动概况", "Linkage at a glance"],
  "linkage.dashboard.title": ["三社联动看板", "Linkage dashboard"],
  "linkage.dashboard.publicTitle": ["三社联动概况", "Linkage at a glance"],
  "linkage.dashboard.intro": [
    "本季度（{quarter}）各街道、社区的数字。社区社会组织以每个社区不少于 {target} 个为目标（民政部民发〔2017〕191号）。",
    "Figures for this quarter ({quarter}) per 街道 and community. The target for community social organizations is at least {target} per community (Ministry of Civil Affairs, 民发〔2017〕191号).",
  ],
  "linkage.dashboard.csv": ["下载 CSV", "Download CSV"],
  "linkage.dashboard.trend": ["近四个季度：收到需求、已答复、联席会议", "Last four quarters: needs received, answered, joint meetings"],
  "linkage.dashboard.col.area": ["街道 / 社区", "Area"],
  "linkage.dashboard.col.orgs": ["社区社会组织", "Community social organizations"],
  "linkage.dashboard.col.orgsPerCommunity": ["每社区平均", "Per community"],
  "linkage.dashboard.col.workers": ["每万居民持证社工", "Certified social workers per 10,000 residents"],
  "linkage.dashboard.col.projects": ["在办项目", "Projects running"],
  "linkage.dashboard.col.paid": ["已拨付（元）", "Paid (yuan)"],
  "linkage.dashboard.col.needs": ["收到需求", "Needs received"],
  "linkage.dashboard.col.answered": ["已答复", "Answered"],
  "linkage.dashboard.col.median": ["答复用时中位数（天）", "Median days to answer"],
  "linkage.dashboard.col.meetings": ["联席会议", "Joint meetings"],
  "linkage.dashboard.col.actions": ["事项按期办结率", "Actions done on time"],
} satisfies Catalog;

declare module "../../i18n/messages" {
  interface ModuleCatalogs {
    linkageDashboard: typeof dashboardMessages;
  }
}
