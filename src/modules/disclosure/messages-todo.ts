// The to-do page's labels for disclosure's tasks (src/modules/disclosure/todos.ts).
export const todoMessages = {
  "disclosure.todo.claim": ["组织认领 · 待核实", "Organization claim · to verify"],
  "disclosure.todo.credit.objection": ["信用名单 · 异议待答复", "Credit list · objection to answer"],
  "disclosure.todo.credit.rectification": ["信用名单 · 整改材料待核实", "Credit list · rectification to verify"],
  "disclosure.todo.credit.exit": ["信用名单 · 移出申请待答复", "Credit list · exit request to answer"],
  "disclosure.todo.appeal": ["等级评估 · 复核申请待答复", "Evaluation · appeal to answer"],
  "disclosure.todo.objection": ["等级评估 · 公示异议待处理", "Evaluation · objection on notice to answer"],
  "disclosure.todo.candidate.annual_report": ["活动异常名录 · 拟列入（{year}年度工作报告逾期未报）", "Abnormal-activity list · proposed (annual report for {year} overdue)"],
  "disclosure.todo.candidate.repeated_penalties": ["严重违法失信名单 · 拟列入（三年内两次受到警告或者不满5万元罚款处罚：{first}、{second}）", "Serious list · proposed (two minor penalties within three years: {first}, {second})"],
  "disclosure.candidate.dismissedList": ["不予列入的提示", "Dismissed proposals"],
  "disclosure.candidate.dismissTitle": ["不予列入", "Do not list"],
  "disclosure.candidate.dismissHint": [
    "核实后认为不应列入的，写明理由后不予列入。理由留存并记入审计日志；同一情形、同一期间不再提示。",
    "If the facts do not call for an entry, give the reason. It is kept and audited, and the same ground for the same period is not proposed again.",
  ],
  "disclosure.candidate.dismissReason": ["不予列入的理由", "Reason for not listing"],
  "disclosure.candidate.dismiss": ["不予列入", "Dismiss the proposal"],
  "disclosure.candidate.dismissed": ["已不予列入，理由已留存。", "The proposal was dismissed; the reason is kept."],
  "disclosure.candidate.alreadyDismissed": ["该提示已被处理。", "This proposal has already been dealt with."],
  "disclosure.candidate.gone": ["该提示已不存在（事实已变化或已处理）。", "This proposal no longer stands (the facts changed or it was dealt with)."],
  "disclosure.candidate.proposedHint.repeated_penalties": [
    "本表根据三年内两次警告或小额罚款的记录预先填写，尚未列入。请核实事实后再决定是否提交。",
    "This form is filled in from two minor penalties within three years; nothing is listed yet. Check the facts before deciding to submit.",
  ],
  "disclosure.candidate.proposedHint": [
    "本表根据年度工作报告逾期未报的记录预先填写，尚未列入。请核实事实后再决定是否提交。",
    "This form is filled in from the overdue annual report; nothing is listed yet. Check the facts before deciding to submit.",
  ],
  "disclosure.todo.candidate.abnormal_two_years": ["严重违法失信名单 · 拟转入（{decidedOn}列入活动异常名录，{on}满2年）", "Serious list · proposed transfer ({decidedOn} on the abnormal list, two years on {on})"],
  "disclosure.transfer.title": ["拟转入严重违法失信名单", "Proposed transfer to the serious list"],
  "disclosure.transfer.hint": [
    "该组织列入活动异常名录已满2年（{on}），尚未转入。是否列入严重违法失信名单由登记管理机关决定：确认后本条目移出活动异常名录，同时列入严重违法失信名单，并通知该组织。",
    "The organization has been on the abnormal list for two years ({on}) and has not been moved. The registration authority decides: confirming ends this entry and puts the organization on the serious list, and the organization is notified.",
  ],
  "disclosure.transfer.note": ["决定说明", "Note on the decision"],
  "disclosure.transfer.confirm": ["确认转入严重违法失信名单", "Confirm the transfer"],
  "disclosure.transfer.done": ["已转入严重违法失信名单。", "Moved to the serious list."],
} as const;
