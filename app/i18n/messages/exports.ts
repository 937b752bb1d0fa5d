// UI text of the Excel exports and the payment import (issue 13, point 10): the registers, the
// fund-usage plan export, and the import's kind and cost-account columns. Merged into messages.ts;
// zh is the source of truth, en has every key.
export const exportsZh = {
  "io.account": "成本科目",
  "io.correction": "红冲说明",
  "io.reversalOf": "红冲 {voucher}：{reason}",
  "io.reversedBy": "已于 {date} 红冲（{voucher}）：{reason}",
  "io.changesRegister": "变更签证台账",
  "io.exportChanges": "导出变更签证台账",
  "io.exportProgress": "导出进度款台账",
  "io.exportPlan": "导出资金使用计划",
  "io.submittedOn": "申报日期",
  "io.decidedOn": "审定日期",
  "io.certifiedOn": "审定日期",
  "io.planDifference": "差额（计划 − 支付）",
  "io.allLines": "全部科目",
  "budget.column.kind": "付款类型",
  "budget.column.accountId": "成本科目",
  "errors.import_no_reversal": "导入不能登记红冲；请在支付台账中对原支付红冲",
  "errors.import_unknown_account": "本项目没有成本科目 {code}",
  "errors.import_account_not_leaf": "{code} 不是末级成本科目，请填写末级科目编码（如 COM.02.03）",
} as const;

export const exportsEn: Record<keyof typeof exportsZh, string> = {
  "io.account": "Cost account",
  "io.correction": "Reversal",
  "io.reversalOf": "Reverses {voucher}: {reason}",
  "io.reversedBy": "Reversed on {date} ({voucher}): {reason}",
  "io.changesRegister": "Changes register",
  "io.exportChanges": "Export changes register",
  "io.exportProgress": "Export progress payments",
  "io.exportPlan": "Export fund-usage plan",
  "io.submittedOn": "Submitted on",
  "io.decidedOn": "Decided on",
  "io.certifiedOn": "Certified on",
  "io.planDifference": "Difference (plan − paid)",
  "io.allLines": "All lines",
  "budget.column.kind": "Payment kind",
  "budget.column.accountId": "Cost account",
  "errors.import_no_reversal": "An import cannot record a reversal; reverse the original payment in the ledger",
  "errors.import_unknown_account": "This project has no cost account {code}",
  "errors.import_account_not_leaf": "{code} is not a leaf cost account; give a leaf code (e.g. COM.02.03)",
};
