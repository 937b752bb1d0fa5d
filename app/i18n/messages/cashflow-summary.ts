// UI text of the cash-flow figures outside the cash-flow page (issue 14): the start-up target's bar
// in three parts, the dashboard's funding card and the agenda's funding item. Merged into messages.ts;
// zh is the source of truth, en has every key.
export const cashflowSummaryZh = {
  "target.part.drawn": "已到位",
  "target.part.secured": "已落实未提款",
  "target.part.expected": "洽谈中（预期）",
  "overview.securedFirstGap": "首次资金缺口（仅计已落实资金）",
  "overview.securedPeak": "峰值资金需求（仅已落实）",
  "overview.expectedFirstGap": "按预期情景的首次缺口",
  "overview.noGap": "至完工无缺口",
  "overview.cashflowLink": "现金流至完工",
  "fin.gapSecured": "资金缺口（仅计已落实资金，至项目完工）",
  "fin.cashOut": "资金流出",
  "agenda.peakMonth": "峰值月份",
  "agenda.peakFen": "峰值资金需求",
  "agenda.expectedMonth": "预期情景首次缺口",
} as const;

export const cashflowSummaryEn: Record<keyof typeof cashflowSummaryZh, string> = {
  "target.part.drawn": "Drawn",
  "target.part.secured": "Secured, not drawn",
  "target.part.expected": "In negotiation (expected)",
  "overview.securedFirstGap": "First funding gap (secured money only)",
  "overview.securedPeak": "Peak funding need (secured only)",
  "overview.expectedFirstGap": "First gap in the expected scenario",
  "overview.noGap": "No gap to completion",
  "overview.cashflowLink": "Cash flow to completion",
  "fin.gapSecured": "Funding gap (secured money only, to completion)",
  "fin.cashOut": "Cash out",
  "agenda.peakMonth": "Peak month",
  "agenda.peakFen": "Peak funding need",
  "agenda.expectedMonth": "First gap, expected scenario",
};
