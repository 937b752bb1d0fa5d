// UI text added so that English pages show no Chinese that is not user-entered data (issue 18), merged into
// messages.ts; zh is the source of truth, en has every key.
export const englishCompleteZh = {
  // The tooltip of an amount: the exact figure in yuan.
  "money.exactYuan": "{amount} 元",
  // Between clauses of one sentence (terms of a contract).
  "common.clauseSeparator": "；",
};

export const englishCompleteEn: Record<keyof typeof englishCompleteZh, string> = {
  "money.exactYuan": "¥{amount}",
  "common.clauseSeparator": "; ",
};

/**
 * The only English messages that may contain Chinese characters, each on purpose (checked by
 * app/i18n/messages.test.ts and, on the pages, by tests/e2e/english.e2e.ts). Keep it short.
 */
export const EN_KEYS_WITH_CHINESE_TERMS: Record<string, string> = {
  "lang.switch": "the switch names the other language in that language: 中文",
  "errors.invalid_amount": "amount fields accept the 万/亿 suffixes, which the user types in Chinese",
  "budget.revisionHint": "the same: an example of an amount with the 万 suffix",
  "audit.action.cancel": "the sales term 退房 next to its translation",
  "audit.action.change_unit": "the sales term 换房 next to its translation",
  "audit.action.rename": "the sales term 更名 next to its translation",
  "units.discountTitle": "the approval term 特批 next to its translation",
  "sov.discountHint": "the same term 特批",
};
