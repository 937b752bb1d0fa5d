// UI text of the writes on cost accounts (成本科目, issue 13 point 1): the account of a payment, a
// contract and a 待发生成本 estimate, the account's room, and re-filing a contract. Merged into
// messages.ts; zh is the source of truth, en has every key.
export const accountWritesZh = {
  "errors.account_required": "不在合同下的支付须选择成本科目",
  "errors.account_not_leaf": "请选择末级成本科目（一级科目不能直接记账）",
  "errors.account_not_on_contract": "合同下的支付记入合同的成本科目；请不要另选科目",
  "errors.account_not_on_line": "该成本科目不属于本预算科目",
  "errors.over_account_room": "超出成本科目的目标成本，不得支付：该科目剩余可用 {roomFen}（目标 − 合同 − 无合同支出及待审批付款）",
  "errors.account_unchanged": "合同已在该成本科目下",
  "errors.refile_has_payments": "该合同已有 {count} 笔支付，不能改挂科目：支付记在原科目下（如需更正，请红冲后重录）",
  "errors.refile_has_requests": "该合同有 {count} 笔付款正在审批，审批完成前不能改挂科目",
  "accounts.account": "成本科目",
  "accounts.choose": "请选择成本科目",
  "accounts.followsContract": "按合同的成本科目",
  "accounts.refile": "改挂成本科目",
  "accounts.refileHint": "合同录入时科目选错，可在尚无支付、无待审批付款时改挂到本预算科目下的另一末级科目；须说明原因，记入审计。",
  "accounts.refiled": "已改挂成本科目。",
  "accounts.current": "当前科目",
  "cost.toComeByAccount": "各末级科目的待发生成本",
} as const;

export const accountWritesEn: Record<keyof typeof accountWritesZh, string> = {
  "errors.account_required": "A payment outside contracts needs a cost account",
  "errors.account_not_leaf": "Choose a leaf cost account (a first-level account holds no entries itself)",
  "errors.account_not_on_contract": "A payment on a contract goes to the contract's cost account; do not choose another",
  "errors.account_not_on_line": "This cost account is not under this budget line",
  "errors.over_account_room": "Over the cost account's target, not paid: the account has {roomFen} left (target − contracts − paid outside contracts and payments awaiting approval)",
  "errors.account_unchanged": "The contract is already on this cost account",
  "errors.refile_has_payments": "Payments on this contract: {count}. It cannot be re-filed: payments stay on their account (reverse and re-enter one to correct it)",
  "errors.refile_has_requests": "Payments awaiting approval on this contract: {count}. Re-file it once they are decided",
  "accounts.account": "Cost account",
  "accounts.choose": "Choose a cost account",
  "accounts.followsContract": "The contract's cost account",
  "accounts.refile": "Re-file to another cost account",
  "accounts.refileHint": "A contract filed under the wrong account can move to another leaf of this budget line while nothing is paid or awaiting approval on it; give the reason (audited).",
  "accounts.refiled": "The contract was re-filed.",
  "accounts.current": "Current account",
  "cost.toComeByAccount": "Cost to come by leaf account",
};
