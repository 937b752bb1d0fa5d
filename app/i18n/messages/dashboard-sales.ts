// UI text of the dashboard's sales card (issue 15): internal subscriptions against their minimum target,
// overdue receivables and the agency contract's signing. Merged into messages.ts; zh is the source of
// truth, en has every key.
export const dashboardSalesZh = {
  "overview.subscribed": "内部认购（面积/最低目标）",
  "overview.overdueReceivables": "逾期应收",
  "overview.overdueDeals": "{count} 户",
  "overview.agencyContract": "年度任务包干合同",
  "overview.agencySigning.due": "未签，{due} 前须签订",
  "overview.agencySigning.late": "逾期未签（应于 {due} 前签订）",
  "overview.agencySigning.signed": "已签订",
  "overview.agencySigning.signed_late": "已签订（晚于 {due}）",
} as const;

export const dashboardSalesEn: Record<keyof typeof dashboardSalesZh, string> = {
  "overview.subscribed": "Internal subscriptions (area / minimum target)",
  "overview.overdueReceivables": "Overdue receivables",
  "overview.overdueDeals": "{count} deals",
  "overview.agencyContract": "Agency's yearly task contract",
  "overview.agencySigning.due": "Not signed; due by {due}",
  "overview.agencySigning.late": "Late: unsigned (due by {due})",
  "overview.agencySigning.signed": "Signed",
  "overview.agencySigning.signed_late": "Signed (after {due})",
};
