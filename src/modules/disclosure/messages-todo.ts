// The to-do page's labels for disclosure's tasks (src/modules/disclosure/todos.ts).
export const todoMessages = {
  "disclosure.todo.claim": ["组织认领 · 待核实", "Organization claim · to verify"],
  "disclosure.todo.credit.objection": ["信用名单 · 异议待答复", "Credit list · objection to answer"],
  "disclosure.todo.credit.rectification": ["信用名单 · 整改材料待核实", "Credit list · rectification to verify"],
  "disclosure.todo.credit.exit": ["信用名单 · 移出申请待答复", "Credit list · exit request to answer"],
  "disclosure.todo.appeal": ["等级评估 · 复核申请待答复", "Evaluation · appeal to answer"],
  "disclosure.todo.candidate.annual_report": ["活动异常名录 · 拟列入（{year}年度工作报告逾期未报）", "Abnormal-activity list · proposed (annual report for {year} overdue)"],
  "disclosure.candidate.proposedHint": [
    "本表根据年度工作报告逾期未报的记录预先填写，尚未列入。请核实事实后再决定是否提交。",
    "This form is filled in from the overdue annual report; nothing is listed yet. Check the facts before deciding to submit.",
  ],
} as const;
