// The scorecard's Excel export (/meetings/scorecard.xlsx): the same figures as the page, from the same
// view (scorecardView). Sheets: by department, by owner, by month (each department, owner and the total
// in every month), milestones (range totals, then by month), and every item due in the range. Rates are
// numbers shown as % to 0.1, the page's value (rounded once: rateCellValue), average days late a number to 0.1.
import type ExcelJS from "exceljs";
import { rateCellValue, RATE_CELL_FORMAT } from "~/utils/percent";
import type { MilestoneCounts, Row, ScorecardView } from "./scorecard.server";
import { localName, translator, type MessageKey, type Translate } from "~/i18n";
import { civilToDate } from "~/utils/dates";
import type { Lang } from "~/utils/money";
import { DATE_FORMAT, newWorkbook, styleHeader, toBuffer } from "../cost/io/workbook.server";

const RATE_FORMAT = RATE_CELL_FORMAT;
const TENTHS_FORMAT = "0.0";

export const rateCell = rateCellValue;
export const avgCell = (tenths: number | null) => (tenths === null ? null : tenths / 10);

function figureColumns(t: Translate): Partial<ExcelJS.Column>[] {
  return [
    { key: "assigned", header: t("sc.assigned"), width: 8 },
    { key: "doneOnTime", header: t("sc.doneOnTime"), width: 10 },
    { key: "doneLate", header: t("sc.doneLate"), width: 10 },
    { key: "openOverdue", header: t("sc.openOverdue"), width: 10 },
    { key: "openNotDue", header: t("sc.openNotDue"), width: 10 },
    { key: "rate", header: t("sc.onTimeRate"), width: 10, style: { numFmt: RATE_FORMAT } },
    { key: "avg", header: t("sc.avgDaysLate"), width: 12, style: { numFmt: TENTHS_FORMAT } },
    { key: "carried", header: t("sc.oldestCarried"), width: 30 },
    { key: "carriedSetOn", header: t("sc.carriedSetOn"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "carriedDays", header: t("sc.carriedDays"), width: 10 },
  ];
}

function figureCells(row: Row) {
  return {
    assigned: row.assigned,
    doneOnTime: row.doneOnTime,
    doneLate: row.doneLate,
    openOverdue: row.openOverdue,
    openNotDue: row.openNotDue,
    rate: rateCell(row.onTimeRateTenths),
    avg: avgCell(row.avgDaysLateTenths),
    carried: row.oldestCarried?.title ?? null,
    carriedSetOn: row.oldestCarried ? civilToDate(row.oldestCarried.setOn) : null,
    carriedDays: row.oldestCarried?.days ?? null,
  };
}

function milestoneCells(m: MilestoneCounts) {
  return { total: m.total, onTime: m.onTime, late: m.late, overdue: m.overdue, pending: m.pending, rate: rateCell(m.onTimeRateTenths) };
}

export async function scorecardWorkbook(view: ScorecardView, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const departmentName = new Map(view.allDepartments.map((d) => [d.id, localName(lang, d)]));
  const personName = new Map(view.allPeople.map((p) => [p.id, localName(lang, p)]));
  const deptLabel = (id: number | null) => (id === null ? t("sc.noDepartment") : (departmentName.get(id) ?? `#${id}`));
  const rowLabel = (row: Row) => (row.kind === "total" ? t("sc.total") : row.kind === "department" ? deptLabel(row.id) : (personName.get(row.id!) ?? `#${row.id}`));
  const workbook = newWorkbook();
  const frozen = (xSplit: number) => ({ views: [{ state: "frozen" as const, xSplit, ySplit: 1 }] });

  const departments = workbook.addWorksheet(t("sc.sheet.departments"), frozen(1));
  departments.columns = [{ key: "name", header: t("sc.department"), width: 16 }, ...figureColumns(t)];
  styleHeader(departments);
  for (const row of [...view.departments, view.total]) departments.addRow({ name: rowLabel(row), ...figureCells(row) });

  const people = workbook.addWorksheet(t("sc.sheet.people"), frozen(1));
  people.columns = [{ key: "name", header: t("sc.person"), width: 12 }, { key: "department", header: t("sc.department"), width: 14 }, ...figureColumns(t)];
  styleHeader(people);
  for (const row of view.people) people.addRow({ name: rowLabel(row), department: row.departmentId === null ? null : deptLabel(row.departmentId), ...figureCells(row) });

  const months = workbook.addWorksheet(t("sc.sheet.months"), frozen(3));
  months.columns = [
    { key: "month", header: t("sc.month"), width: 9 },
    { key: "kind", header: `${t("sc.department")} / ${t("sc.person")}`, width: 10 },
    { key: "name", header: "", width: 14 },
    ...figureColumns(t),
    { key: "asOf", header: t("sc.carriedAsOf"), width: 12, style: { numFmt: DATE_FORMAT } },
  ];
  styleHeader(months);
  for (const m of view.byMonth) {
    for (const row of [...m.departments, ...m.people, m.total]) {
      const kind = row.kind === "department" ? t("sc.department") : row.kind === "person" ? t("sc.person") : t("sc.total");
      months.addRow({ month: m.month, kind, name: rowLabel(row), ...figureCells(row), asOf: civilToDate(m.asOf) });
    }
  }

  const milestones = workbook.addWorksheet(t("sc.sheet.milestones"), frozen(2));
  milestones.columns = [
    { key: "month", header: t("sc.month"), width: 12 },
    { key: "name", header: t("sc.department"), width: 16 },
    { key: "total", header: t("sc.msTotal"), width: 8 },
    { key: "onTime", header: t("sc.msOnTime"), width: 8 },
    { key: "late", header: t("sc.msLate"), width: 10 },
    { key: "overdue", header: t("sc.msOverdue"), width: 10 },
    { key: "pending", header: t("sc.msPending"), width: 10 },
    { key: "rate", header: t("sc.onTimeRate"), width: 10, style: { numFmt: RATE_FORMAT } },
  ];
  styleHeader(milestones);
  const rangeLabel = `${view.range.from} – ${view.range.to}`;
  for (const m of view.milestones) milestones.addRow({ month: rangeLabel, name: deptLabel(m.departmentId), ...milestoneCells(m) });
  milestones.addRow({ month: rangeLabel, name: t("sc.total"), ...milestoneCells(view.milestoneTotal) });
  for (const month of view.byMonth) {
    for (const m of month.milestones) if (m.total) milestones.addRow({ month: month.month, name: deptLabel(m.departmentId), ...milestoneCells(m) });
    milestones.addRow({ month: month.month, name: t("sc.total"), ...milestoneCells(month.milestoneTotal) });
  }

  const items = workbook.addWorksheet(t("sc.sheet.items"), frozen(1));
  items.columns = [
    { key: "title", header: t("sc.item"), width: 36 },
    { key: "month", header: t("sc.month"), width: 9 },
    { key: "setAt", header: t("sc.setAt"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "department", header: t("sc.department"), width: 14 },
    { key: "owner", header: t("sc.person"), width: 10 },
    { key: "due", header: t("sc.due"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "doneOn", header: t("sc.doneOn"), width: 12, style: { numFmt: DATE_FORMAT } },
    { key: "state", header: t("sc.state"), width: 12 },
    { key: "daysLate", header: t("sc.daysLate"), width: 9 },
  ];
  styleHeader(items);
  for (const item of view.items) {
    items.addRow({
      title: item.title,
      month: item.month,
      setAt: civilToDate(item.meetingDate),
      department: deptLabel(item.departmentId),
      owner: item.ownerId === null ? null : (personName.get(item.ownerId) ?? `#${item.ownerId}`),
      due: civilToDate(item.dueOn),
      doneOn: item.doneOn ? civilToDate(item.doneOn) : null,
      state: t(`sc.state.${item.state}` as MessageKey),
      daysLate: item.daysLate,
    });
  }
  return toBuffer(workbook);
}
