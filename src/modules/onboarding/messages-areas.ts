import type { Catalog } from "../../i18n/messages";

// The hierarchy re-import: status column, preview of the changes, template, and the
// grouped scope picker of staff invitations.
export const areaImportMessages = {
  "onboarding.csv.statusInvalid": ["状态“{value}”不正确，应为 正常 或 已撤销（可留空，即正常）。", "The status “{value}” is not valid; use 正常 (in use) or 已撤销 (revoked), or leave it blank."],
  "onboarding.csv.otherDistrict": [
    "这份代码表属于另一个区（代码以 {other} 开头），本区代码为 {district}：{rows} 行中有 {count} 行不属于本区，未导入任何数据。",
    "This code list belongs to another district (codes starting {other}); this district is {district}. {count} of {rows} lines are not in this district; nothing was imported.",
  ],
  "onboarding.csv.parentRevoked": [
    "社区 {code} 仍为正常，但所属街道 {parent} 已撤销：请同时撤销该社区或保留街道。",
    "Community {code} is still in use while its sub-district {parent} is revoked: revoke the community too, or keep the sub-district.",
  ],
  "onboarding.areas.template": ["下载 CSV 模板", "Download the CSV template"],
  "onboarding.areas.statusIntro": [
    "第六列“状态”可填 正常 或 已撤销：已撤销的社区作为历史保留，不再供新记录选择。再次上传代码表即为更新：写入前先列出新增、更名和撤销，确认后才写入；文件中没有的街道和社区保持不变。",
    "A sixth column “状态” (status) may say 正常 (in use) or 已撤销 (revoked): a revoked community stays as history and is no longer offered for new records. Uploading the code list again updates it: the additions, renamings and revocations are listed first and written only once you confirm; areas missing from the file stay as they are.",
  ],
  "onboarding.areas.previewTitle": ["导入预览：确认后才会写入", "Import preview: nothing is written until you confirm"],
  "onboarding.areas.previewSummary": [
    "新增 {added} 个，更名 {renamed} 个，其他信息变更 {updated} 个，撤销 {revoked} 个，恢复 {restored} 个。文件中没有的街道和社区保持不变。",
    "{added} to add, {renamed} renamed, {updated} with other changes, {revoked} revoked, {restored} restored. Areas missing from the file stay as they are.",
  ],
  "onboarding.areas.noChanges": ["文件与本区现有的街道和社区一致，无需更新。", "The file matches the district's current sub-districts and communities; nothing to update."],
  "onboarding.areas.confirm": ["确认导入", "Confirm the import"],
  "onboarding.areas.cancel": ["取消", "Cancel"],
  "onboarding.areas.previewStale": ["预览之后层级已有变动（或预览已失效），以下为重新核对的结果，请再次确认。", "The hierarchy changed after the preview (or the preview expired); here is the check again. Confirm once more."],
  "onboarding.areas.previewGone": ["预览已失效，请重新上传文件。", "The preview has expired; upload the file again."],
  "onboarding.areas.updated": [
    "已更新：新增 {added} 个，更名 {renamed} 个，其他信息变更 {updated} 个，撤销 {revoked} 个，恢复 {restored} 个。",
    "Updated: {added} added, {renamed} renamed, {updated} with other changes, {revoked} revoked, {restored} restored.",
  ],
  "onboarding.areas.change.added": ["新增", "Add"],
  "onboarding.areas.change.renamed": ["更名", "Rename"],
  "onboarding.areas.change.updated": ["信息变更", "Other change"],
  "onboarding.areas.change.revoked": ["撤销", "Revoke"],
  "onboarding.areas.change.restored": ["恢复", "Restore"],
  "onboarding.areas.change": ["变更", "Change"],
  "onboarding.areas.before": ["原名称", "Current name"],
  "onboarding.areas.after": ["新名称", "New name"],
  "onboarding.areas.revokedMark": ["已撤销", "revoked"],
  "onboarding.areas.moreChanges": ["另有 {count} 项变更未列出。", "{count} more changes are not listed."],
  "onboarding.areas.templateXlsx": ["下载 Excel 模板（.xlsx）", "Download the Excel template (.xlsx)"],
  "onboarding.areas.templateFile": ["街道社区代码表-{code}", "area-codes-{code}"],
  "onboarding.areas.templateSheet": ["代码表", "Codes"],
  "onboarding.scope.filter": ["按名称或代码筛选", "Filter by name or code"],
} as const satisfies Catalog;
