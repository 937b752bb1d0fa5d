// GET /budget/plan.xlsx: the monthly fund-usage plan (资金使用计划) against what was paid. One row per
// month of the schedule (widened to any month holding plan or payments, as the page's series); for
// each line, and for all lines, the month's plan, paid and difference (plan − paid), and the
// cumulative plan and paid in total. Two header rows (the line, then the figure) repeat on every
// printed page. Amounts in 元, exact to the 分 (the page enters them in 万元).
import { localName, translator } from "~/i18n";
import type { Lang } from "~/utils/money";
import { fundPlanGrid, planAndPaidByMonth } from "~/models/capital.server";
import { newWorkbook, styleHeader, toBuffer, yuan, yuanFormat } from "./workbook.server";

export async function fundPlanWorkbook(project: { id: number; scheduleStart: Date; scheduleEnd: Date }, lang: Lang = "zh"): Promise<Buffer> {
  const t = translator(lang);
  const { lines } = await fundPlanGrid(project.id);
  const [total, ...byLine] = await Promise.all([
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd),
    ...lines.map((line) => planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd, line.id)),
  ]);
  // The total's months hold every line's (each line's series is widened within the same schedule).
  const lineSeries = byLine.map((series) => new Map(series.map((point) => [point.month, point])));

  const workbook = newWorkbook();
  const sheet = workbook.addWorksheet(t("budget.plan"), { views: [{ state: "frozen", xSplit: 1, ySplit: 2 }] });
  const money = { style: { numFmt: yuanFormat(lang) } };
  const figures = [t("budget.planMonthly"), t("budget.paidMonthly"), t("io.planDifference")];
  sheet.columns = [
    { key: "month", width: 10 },
    ...lines.flatMap((line) => ["plan", "paid", "difference"].map((figure) => ({ key: `${figure}:${line.id}`, width: 15, ...money }))),
    ...["plan", "paid", "difference", "planCumulative", "paidCumulative"].map((figure) => ({ key: `${figure}:all`, width: 16, ...money })),
  ];
  // Row 1: the month, each line over its three columns, all lines over the last five; row 2: the figures.
  const groups = [...lines.map((line) => `${line.code} ${localName(lang, line)}`), t("io.allLines")];
  sheet.getRow(1).values = [t("budget.month"), ...groups.flatMap((group, index) => (index < lines.length ? [group, group, group] : [group, group, group, group, group]))];
  sheet.getRow(2).values = [t("budget.month"), ...lines.flatMap(() => figures), ...figures, t("budget.planCumulative"), t("budget.paidCumulative")];
  sheet.mergeCells(1, 1, 2, 1);
  lines.forEach((_, index) => sheet.mergeCells(1, 2 + index * 3, 1, 4 + index * 3));
  sheet.mergeCells(1, 2 + lines.length * 3, 1, 6 + lines.length * 3);
  sheet.getRow(1).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  styleHeader(sheet, 2);

  const sums = { plan: lines.map(() => 0n), paid: lines.map(() => 0n) };
  for (const point of total) {
    const values: Record<string, string | number> = { month: point.month };
    lines.forEach((line, index) => {
      const linePoint = lineSeries[index].get(point.month);
      const planFen = linePoint?.planFen ?? 0n;
      const paidFen = linePoint?.paidFen ?? 0n;
      sums.plan[index] += planFen;
      sums.paid[index] += paidFen;
      Object.assign(values, { [`plan:${line.id}`]: yuan(planFen), [`paid:${line.id}`]: yuan(paidFen), [`difference:${line.id}`]: yuan(planFen - paidFen) });
    });
    Object.assign(values, {
      "plan:all": yuan(point.planFen),
      "paid:all": yuan(point.paidFen),
      "difference:all": yuan(point.planFen - point.paidFen),
      "planCumulative:all": yuan(point.planCumulativeFen),
      "paidCumulative:all": yuan(point.paidCumulativeFen),
    });
    sheet.addRow(values);
  }
  const last = total.at(-1);
  const totalRow: Record<string, string | number> = { month: t("common.total") };
  lines.forEach((line, index) => {
    Object.assign(totalRow, { [`plan:${line.id}`]: yuan(sums.plan[index]), [`paid:${line.id}`]: yuan(sums.paid[index]), [`difference:${line.id}`]: yuan(sums.plan[index] - sums.paid[index]) });
  });
  const planAll = last?.planCumulativeFen ?? 0n;
  const paidAll = last?.paidCumulativeFen ?? 0n;
  Object.assign(totalRow, { "plan:all": yuan(planAll), "paid:all": yuan(paidAll), "difference:all": yuan(planAll - paidAll) });
  const row = sheet.addRow(totalRow);
  row.font = { bold: true };
  row.eachCell((cell) => (cell.border = { top: { style: "thin" } }));
  return toBuffer(workbook);
}
