// UI text of the charts (issue 18): the unit on a chart's value axis. Merged into messages.ts; zh is the
// source of truth, en has every key.
export const chartsZh = {
  "charts.unitWan": "万元",
  "charts.unitMillion": "百万元",
};

export const chartsEn: Record<keyof typeof chartsZh, string> = {
  "charts.unitWan": "¥10k",
  "charts.unitMillion": "¥M",
};
