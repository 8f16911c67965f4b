import type { Catalog } from "../../i18n/messages";

// Wording of joint meetings (联席会议) and their action items.

export const meetingMessages = {
  "linkage.nav.meetings": ["联席会议", "Joint meetings"],
  "linkage.nav.publicMeetings": ["联席会议公开", "Joint meetings (public)"],
  "linkage.society.committee": ["社区两委", "Community committees"],
  "linkage.society.organization": ["社会组织", "Social organizations"],
  "linkage.society.social_worker": ["社会工作者", "Social workers"],
  "linkage.society.resident": ["居民代表", "Resident representatives"],
  "linkage.society.government": ["政府部门", "Government departments"],
  "linkage.meeting.list": ["联席会议", "Joint meetings"],
  "linkage.meeting.new": ["记录一次会议", "Record a meeting"],
  "linkage.meeting.none": ["还没有会议记录。", "No meetings recorded yet."],
  "linkage.meeting.level": ["召开层级", "Level"],
  "linkage.meeting.district": ["全区", "The district"],
  "linkage.meeting.title": ["会议名称", "Title"],
  "linkage.meeting.heldOn": ["召开日期", "Held on"],
  "linkage.meeting.place": ["地点", "Place"],
  "linkage.meeting.agenda": ["议程", "Agenda"],
  "linkage.meeting.minutes": ["会议纪要", "Minutes"],
  "linkage.meeting.decisions": ["议定事项", "Decisions"],
  "linkage.meeting.participants": ["参会人员", "Participants"],
  "linkage.meeting.participantsHint": ["每行一个名称，或用顿号分隔。", "One name per line, or separated by commas."],
  "linkage.meeting.publicSummary": ["公开摘要（公开后任何人可见，不要写居民个人信息）", "Public summary (anyone can read it once published; no residents' personal data)"],
  "linkage.meeting.publish": ["公开摘要", "Publish the summary"],
  "linkage.meeting.published": ["已公开", "Published"],
  "linkage.meeting.notPublished": ["未公开", "Not published"],
  "linkage.meeting.summaryRequired": ["公开前请填写公开摘要。", "Write the public summary before publishing."],
  "linkage.meeting.save": ["保存", "Save"],
  "linkage.meeting.saved": ["已保存。", "Saved."],
  "linkage.meeting.files": ["附件", "Attachments"],
  "linkage.meeting.file": ["上传附件（PDF、JPG 或 PNG，不超过 10 MB）", "Add an attachment (PDF, JPG or PNG, up to 10 MB)"],
  "linkage.meeting.upload": ["上传", "Upload"],
  "linkage.meeting.badFile": ["附件只能是 PDF、JPG 或 PNG，且不超过 10 MB。", "An attachment must be a PDF, JPG or PNG of at most 10 MB."],
  "linkage.meeting.publicTitle": ["联席会议公开", "Joint meetings"],
  "linkage.meeting.publicIntro": ["社区、社会组织和社会工作者共同协商社区事务的会议摘要。", "Summaries of the meetings where communities, social organizations and social workers decide together."],
  "linkage.meeting.actionsDone": ["事项完成 {done}/{total}", "Actions done {done}/{total}"],
  "linkage.action.list": ["待办事项", "Action items"],
  "linkage.action.none": ["没有待办事项。", "No action items."],
  "linkage.action.add": ["添加待办事项", "Add an action item"],
  "linkage.action.title": ["事项", "Action"],
  "linkage.action.ownerKind": ["责任方", "Owner is"],
  "linkage.action.person": ["个人", "A person"],
  "linkage.action.organization": ["组织", "An organization"],
  "linkage.action.ownerName": ["责任人或责任组织", "Owner"],
  "linkage.action.dueOn": ["完成期限", "Due on"],
  "linkage.action.need": ["对应居民需求（回执码，选填）", "For a resident's need (receipt code, optional)"],
  "linkage.action.project": ["对应项目（选填）", "For a project (optional)"],
  "linkage.action.open": ["进行中", "Open"],
  "linkage.action.done": ["已完成", "Done"],
  "linkage.action.overdue": ["已逾期", "Overdue"],
  "linkage.action.doneOn": ["完成日期", "Done on"],
  "linkage.action.note": ["完成情况", "What was done"],
  "linkage.action.markDone": ["标记完成", "Mark done"],
  "linkage.action.alreadyDone": ["该事项已完成。", "This action is already done."],
  "linkage.action.reminders": ["需要跟进的事项", "Actions to follow up"],
  // Finding a contract for an action among all of the district's
  "linkage.action.projectSearch": ["查找项目", "Find a project"],
  "linkage.action.projectSearchHint": ["项目名称、承接组织或合同编号的一部分", "Part of its title, organization or contract number"],
  "linkage.action.projectFind": ["查找", "Find"],
} satisfies Catalog;

declare module "../../i18n/messages" {
  interface ModuleCatalogs {
    linkageMeetings: typeof meetingMessages;
  }
}
