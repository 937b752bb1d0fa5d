// UI text for accessibility (issue 18): names that assistive technology reads out where the screen shows
// none. Merged into messages.ts; zh is the source of truth, en has every key.
export const a11yZh = {
  "a11y.skipToMain": "跳到正文",
  "a11y.mainNav": "主导航",
  "a11y.paymentFile": "付款文件（.xlsx 或 .csv）",
};

export const a11yEn: Record<keyof typeof a11yZh, string> = {
  "a11y.skipToMain": "Skip to main content",
  "a11y.mainNav": "Main navigation",
  "a11y.paymentFile": "Payment file (.xlsx or .csv)",
};
