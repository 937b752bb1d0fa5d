// GET /budget/export.xlsx: the 两表对比 as the budget page shows it (the same columns under the same
// names, in the reader's language, amounts in 元 to the 分) with its totals and the reconciliation
// against the project budget, and the payment ledger (ledger-export.server.ts).
import { localName, translator } from "~/i18n";
import { reconcile, sumFigures } from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import { prisma } from "~/db.server";
import type { Lang } from "~/utils/money";
import { RATE_CELL_FORMAT, shareCellValue } from "~/utils/percent";
import { budgetTable, type LedgerFilter } from "~/models/capital.server";
import { addLedgerSheet } from "./ledger-export.server";
import { newWorkbook, styleHeader, toBuffer, yuan, yuanFormat } from "./workbook.server";

/** `ledger`: the ledger page's filter and the most rows of the 支付台账 sheet (ledger-export.server.ts). */
export async function budgetWorkbook(projectId: number, lang: Lang = "zh", ledger: { filter?: LedgerFilter; maxRows?: number } = {}): Promise<Buffer> {
  const t = translator(lang);
  const [project, lines] = await Promise.all([
    prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { totalBudgetFen: true } }),
    budgetTable(projectId),
  ]);
  const workbook = newWorkbook();
  const money = { style: { numFmt: yuanFormat(lang) } };
  const sheet = workbook.addWorksheet(t("budget.comparison"), { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  // The budget page's columns (components/budget-table.tsx), in its order and under its names.
  sheet.columns = [
    { key: "line", header: t("budget.line"), width: 26 },
    { key: "original", header: t("budget.original"), width: 18, ...money },
    { key: "revisions", header: t("budget.revisions"), width: 16, ...money },
    { key: "current", header: t("budget.current"), width: 18, ...money },
    { key: "committed", header: t("budget.committed"), width: 18, ...money },
    { key: "paid", header: t("budget.paid"), width: 18, ...money },
    { key: "headroom", header: t("budget.headroom"), width: 18, ...money },
    // The page's figure: paid ÷ current, rounded once half up to 0.1 % (utils/percent.ts).
    { key: "used", header: t("budget.used"), width: 10, style: { numFmt: RATE_CELL_FORMAT } },
    { key: "dynamic", header: t("cost.dynamic"), width: 18, ...money },
    { key: "variance", header: t("cost.variance"), width: 18, ...money },
  ];
  styleHeader(sheet);
  const figures = (row: { originalFen: bigint; revisionsFen: bigint; currentFen: bigint; committedFen: bigint; paidFen: bigint; headroomFen: bigint }) => ({
    original: yuan(row.originalFen),
    revisions: yuan(row.revisionsFen),
    current: yuan(row.currentFen),
    committed: yuan(row.committedFen),
    paid: yuan(row.paidFen),
    headroom: yuan(row.headroomFen),
  });
  for (const line of lines) {
    sheet.addRow({
      line: `${line.code} ${localName(lang, line)}`,
      ...figures(line),
      used: shareCellValue(line.paidFen, line.currentFen),
      dynamic: yuan(line.dynamic.dynamicFen),
      variance: yuan(line.dynamic.varianceFen),
    });
  }
  // The page's footer: the lines' total, the project budget, and their difference (300万 in the plan).
  const totals = sumFigures(lines);
  const currentFen = totals.originalFen + totals.revisionsFen;
  const dynamic = sumDynamic(lines.map((line) => line.dynamic));
  const totalRow = sheet.addRow({
    line: t("budget.linesTotal"),
    ...figures({ ...totals, currentFen, headroomFen: currentFen - totals.paidFen }),
    used: shareCellValue(totals.paidFen, currentFen),
    dynamic: yuan(dynamic.dynamicFen),
    variance: yuan(dynamic.varianceFen),
  });
  totalRow.font = { bold: true };
  totalRow.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
  const reconciliation = reconcile(project.totalBudgetFen, currentFen);
  sheet.addRow({ line: t("budget.projectTotal"), current: yuan(reconciliation.projectTotalFen) });
  const differenceRow = sheet.addRow({ line: t("budget.difference"), current: yuan(reconciliation.differenceFen) });
  if (!reconciliation.reconciled) differenceRow.font = { bold: true, color: { argb: "FFB42318" } };

  await addLedgerSheet(workbook, projectId, lang, ledger.filter, ledger.maxRows);
  return toBuffer(workbook);
}
