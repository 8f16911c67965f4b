import type { OpenDataset } from "../../http/open-data";
import { t, type MessageKey } from "../../i18n/messages";

/** A documented open-data field, described in both languages by the summary page's own words. */
const field = (name: string, type: string, key: MessageKey) => ({ name, type, zh: t("zh-CN", key), en: t("en", key) });

/** Communities' needs figures as an open-data file, as /open-data documents it (the manifest's openData). */
export const needsOpenData = (): OpenDataset[] => [
  {
    dataset: "community-needs",
    title: "linkage.summary.openDataTitle",
    // One row per community and category that has needs; the names stay stable for reuse.
    fields: [
      { name: "community_code", type: "string", zh: "社区统计用区划代码", en: "Community's statistical code" },
      { name: "community_name", type: "string", zh: "社区名称", en: "Community (in Chinese)" },
      field("category", "enum", "linkage.summary.category"),
      field("received", "integer", "linkage.summary.received"),
      field("answered", "integer", "linkage.summary.answered"),
      field("answered_share_percent", "integer", "linkage.summary.share"),
      field("median_working_days_to_answer", "number", "linkage.summary.median"),
    ],
  },
];
