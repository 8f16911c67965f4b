// The to-do page's labels for disclosure's tasks (src/modules/disclosure/todos.ts).
export const todoMessages = {
  "disclosure.todo.claim": ["组织认领 · 待核实", "Organization claim · to verify"],
  "disclosure.todo.credit.objection": ["信用名单 · 异议待答复", "Credit list · objection to answer"],
  "disclosure.todo.credit.rectification": ["信用名单 · 整改材料待核实", "Credit list · rectification to verify"],
  "disclosure.todo.credit.exit": ["信用名单 · 移出申请待答复", "Credit list · exit request to answer"],
  "disclosure.todo.appeal": ["等级评估 · 复核申请待答复", "Evaluation · appeal to answer"],
} as const;
