// GET /budget/template.xlsx: the payment import template. A "payments" sheet with the header row
// (in the reader's language; the importer takes Chinese or English, the template's names or the ledger
// page's) and a help sheet explaining each column with an example and, given a project, its line codes
// and leaf cost accounts. The example lives on the help sheet so that it is never imported by mistake.
import { prisma } from "~/db.server";
import { localName } from "~/i18n";
import type { Lang } from "~/utils/money";
import { listLines } from "~/models/capital.server";
import { COLUMN_HELP, IMPORT_COLUMNS, type ImportField } from "./payment-columns.server";
import { DATE_FORMAT, newWorkbook, styleHeader, toBuffer, yuanFormat } from "./workbook.server";

const TEXT = {
  zh: {
    helpSheet: "说明",
    column: "列",
    alsoAccepted: "也可写作",
    requiredColumn: "必填",
    yes: "是",
    no: "否",
    meaning: "说明",
    example: "示例",
    lines: "本项目的预算科目",
    accounts: "本项目的末级成本科目",
    rules: [
      "每行一笔支付，从第 2 行起填写；空行会被跳过。最多 5,000 行，文件不超过 5 MB；也可上传 UTF-8 编码的 CSV（逗号分隔）。",
      "整个文件全部通过校验且不超出任何科目预算（及合同金额）才会导入；任何一行有误，一行也不导入，并列出出错的行号。",
      "无合同的支付须填写末级成本科目；有合同的支付记入合同的成本科目。",
      "导出的“支付台账”工作表可直接作为导入文件（按表头识别列，多余的列会被忽略）；其中的红冲行不能导入，须删除。",
    ],
  },
  en: {
    helpSheet: "Help",
    column: "Column",
    alsoAccepted: "Also accepted",
    requiredColumn: "Required",
    yes: "yes",
    no: "no",
    meaning: "Meaning",
    example: "Example",
    lines: "Budget lines of this project",
    accounts: "Leaf cost accounts of this project",
    rules: [
      "One payment per row from row 2; blank rows are skipped. Up to 5,000 rows and 5 MB; a UTF-8 CSV (comma separated) works too.",
      "The file is imported only if every row is valid and no line's budget (nor any contract) is overrun; otherwise nothing is imported and the failing rows are listed.",
      "A payment outside contracts needs a leaf cost account; a payment on a contract goes to the contract's account.",
      "An exported payment ledger sheet can be imported as it is (columns are found by their headers; other columns are ignored); its reversal rows cannot be imported and must be removed.",
    ],
  },
} as const;

const WIDTHS: Record<ImportField, number> = { date: 13, line: 12, account: 14, contract: 16, kind: 12, payee: 30, amount: 18, voucher: 18, note: 36 };

export async function paymentTemplateWorkbook(options: { lang?: Lang; projectId?: number } = {}): Promise<Buffer> {
  const lang = options.lang ?? "zh";
  const text = TEXT[lang];
  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet("payments", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((column) => ({
    key: column.key,
    header: column[lang],
    width: WIDTHS[column.key],
    // Codes stay text (no "001" → 1); dates and amounts are typed as Excel dates and numbers.
    style: { numFmt: column.key === "date" ? DATE_FORMAT : column.key === "amount" ? yuanFormat(lang) : "@" },
  }));
  styleHeader(sheet);
  IMPORT_COLUMNS.forEach((column, index) => {
    sheet.getRow(1).getCell(index + 1).note = `${column.required ? `${text.requiredColumn}. ` : ""}${COLUMN_HELP[column.key][lang]}`;
  });

  const help = workbook.addWorksheet(text.helpSheet);
  help.columns = [
    { key: "column", header: text.column, width: 16 },
    { key: "also", header: text.alsoAccepted, width: 18 },
    { key: "required", header: text.requiredColumn, width: 8 },
    { key: "meaning", header: text.meaning, width: 60 },
    { key: "example", header: text.example, width: 22 },
  ];
  styleHeader(help);
  for (const column of IMPORT_COLUMNS) {
    const row = help.addRow({
      column: column[lang],
      also: column[lang === "zh" ? "en" : "zh"],
      required: column.required ? text.yes : text.no,
      meaning: COLUMN_HELP[column.key][lang],
      example: COLUMN_HELP[column.key].example,
    });
    const example = row.getCell("example");
    if (column.key === "date") example.numFmt = DATE_FORMAT;
    if (column.key === "amount") example.numFmt = yuanFormat(lang);
  }
  help.addRow([]);
  for (const rule of text.rules) help.addRow([rule]);
  if (options.projectId !== undefined) {
    help.addRow([]);
    help.addRow([text.lines]).font = { bold: true };
    for (const line of await listLines(options.projectId)) help.addRow([line.code, localName(lang, line)]);
    help.addRow([]);
    help.addRow([text.accounts]).font = { bold: true };
    const leaves = await prisma.costAccount.findMany({
      where: { projectId: options.projectId, parentId: { not: null } },
      orderBy: { code: "asc" },
      select: { code: true, name: true, nameEn: true },
    });
    for (const leaf of leaves) help.addRow([leaf.code, localName(lang, leaf)]);
  }
  return toBuffer(workbook);
}
