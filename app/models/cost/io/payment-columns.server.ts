// The payment file's columns, shared by the import template, the ledger export (whose headers are the
// ledger page's and must be read back) and the importer. A header matches any alias after
// normalizeHeader: Chinese or English, the template's names or the page's.
import { civilToDate } from "~/utils/dates";

export const IMPORT_COLUMNS = [
  { key: "date", zh: "日期", en: "Date", required: true, aliases: ["日期", "支付日期", "付款日期", "date", "paidon", "paymentdate"] },
  { key: "line", zh: "预算科目编码", en: "Line", required: true, aliases: ["预算科目编码", "科目编码", "预算科目", "line", "linecode", "budgetline"] },
  { key: "account", zh: "成本科目", en: "Cost account", required: false, aliases: ["成本科目", "成本科目编码", "account", "costaccount", "accountcode"] },
  { key: "contract", zh: "合同编号", en: "Contract", required: false, aliases: ["合同编号", "合同号", "合同", "contract", "contractcode", "contractno"] },
  { key: "kind", zh: "付款类型", en: "Payment kind", required: false, aliases: ["付款类型", "款项类型", "类型", "kind", "paymentkind"] },
  { key: "payee", zh: "收款单位", en: "Payee", required: true, aliases: ["收款单位", "收款人", "payee"] },
  { key: "amount", zh: "金额(元)", en: "Amount (yuan)", required: true, aliases: ["金额(元)", "金额", "支付金额(元)", "amount", "amount(yuan)", "amount(元)", "amount(cny)", "amount(rmb)"] },
  { key: "voucher", zh: "凭证号", en: "Voucher", required: false, aliases: ["凭证号", "凭证编号", "voucher", "voucherno", "vouchernumber"] },
  { key: "note", zh: "备注", en: "Note", required: false, aliases: ["备注", "说明", "note", "notes"] },
] as const;

export type ImportField = (typeof IMPORT_COLUMNS)[number]["key"];

/** Full-width to half-width (NFKC), lower case, no spaces, dots, underscores or required-markers. */
export function normalizeHeader(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s*._:：]/g, "");
}

export const FIELD_BY_HEADER = new Map<string, ImportField>(
  IMPORT_COLUMNS.flatMap((column) => column.aliases.map((alias) => [normalizeHeader(alias), column.key] as const)),
);

/** The kinds an import may record; a reversal (红冲) is only ever made in the ledger, against its payment. */
export const IMPORT_KINDS = ["payment", "advance", "retention_release"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Every kind's names as the ledger export writes them (zh, en) and as a person would type them. */
export const KIND_NAMES: Record<"payment" | "advance" | "retention_release" | "reversal", { zh: string; en: string; aliases: string[] }> = {
  payment: { zh: "支付", en: "Payment", aliases: ["进度款", "付款", "payment"] },
  advance: { zh: "预付款", en: "Advance", aliases: ["预付", "advance"] },
  retention_release: { zh: "质保金释放", en: "Retention release", aliases: ["质保金", "retentionrelease", "retention_release", "retention"] },
  reversal: { zh: "红冲", en: "Reversal", aliases: ["reversal"] },
};

export const KIND_BY_NAME = new Map<string, keyof typeof KIND_NAMES>(
  (Object.keys(KIND_NAMES) as (keyof typeof KIND_NAMES)[]).flatMap((kind) =>
    [KIND_NAMES[kind].zh, KIND_NAMES[kind].en, ...KIND_NAMES[kind].aliases].map((name) => [normalizeHeader(name), kind] as const),
  ),
);

export const COLUMN_HELP: Record<ImportField, { zh: string; en: string; example: string | number | Date }> = {
  date: { zh: "支付日期，YYYY-MM-DD 或 Excel 日期，不晚于今天", en: "Payment date, YYYY-MM-DD or an Excel date, not after today", example: civilToDate("2026-11-06") },
  line: { zh: "预算科目编码（见下表）", en: "Budget line code (listed below)", example: "COM" },
  account: {
    zh: "末级成本科目编码（见下表），须属于该预算科目；有合同时可留空（取合同的科目）",
    en: "Leaf cost account code (listed below) under that line; may be blank on a contract (the contract's account)",
    example: "COM.01.01",
  },
  contract: { zh: "合同编号，须属于该科目；无合同可留空", en: "Contract code on that line; blank if none", example: "HT-2026-001" },
  kind: {
    zh: "支付（默认，可留空）、预付款 或 质保金释放；后两种须有合同。红冲不能导入",
    en: "Payment (default, may be blank), Advance or Retention release; the last two need a contract. Reversals cannot be imported",
    example: "支付",
  },
  payee: { zh: "收款单位，最多 200 字", en: "Payee, up to 200 characters", example: "市建筑设计研究院" },
  amount: { zh: "金额（元），正数，最多两位小数，不超过 100亿元", en: "Amount in yuan, positive, at most 2 decimals, up to 10 billion", example: 900000 },
  voucher: { zh: "凭证号，最多 50 字", en: "Voucher number, up to 50 characters", example: "记-2026-11-012" },
  note: { zh: "备注，最多 500 字", en: "Note, up to 500 characters", example: "设计费预付款 30%" },
};
