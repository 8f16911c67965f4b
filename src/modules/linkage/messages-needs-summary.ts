import type { Catalog } from "../../i18n/messages";

// The public needs summary of a community and the linkage figures.
export const needsSummaryMessages = {
  "linkage.summary.title": ["{community}：居民需求概况", "{community}: residents' needs at a glance"],
  "linkage.summary.intro": [
    "本社区收到的居民需求按类别统计：收到多少、已答复多少、答复用了几个工作日（中位数）。只公开数字，不公开任何需求内容或个人信息。",
    "Residents' needs received by this community, by category: how many arrived, how many were answered, and the median number of working days to an answer. Only counts are published, never a need's content or anyone's personal data.",
  ],
  "linkage.summary.category": ["类别", "Category"],
  "linkage.summary.received": ["收到", "Received"],
  "linkage.summary.answered": ["已答复", "Answered"],
  "linkage.summary.share": ["答复率", "Answered share"],
  "linkage.summary.median": ["答复用时（中位数）", "Time to answer (median)"],
  "linkage.summary.days": ["{days} 个工作日", "{days} working days"],
  "linkage.summary.none": ["暂无", "None yet"],
  "linkage.summary.total": ["合计", "All categories"],
  "linkage.summary.empty": ["本社区还没有收到居民需求。", "This community has not received any needs yet."],
  "linkage.summary.link": ["本社区居民需求概况（收到多少、答复多快）", "This community's needs at a glance (how many, how fast answered)"],
  "linkage.summary.raise": ["提出需求", "Raise a need"],
  "linkage.summary.openDataTitle": ["社区居民需求统计", "Residents' needs by community"],
  "linkage.summary.openData": ["下载开放数据（CSV，全区各社区）", "Download the open data (CSV, every community in the district)"],
} satisfies Catalog;

declare module "../../i18n/messages" {
  interface ModuleCatalogs {
    linkageNeedsSummary: typeof needsSummaryMessages;
  }
}
