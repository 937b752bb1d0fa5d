// The 两表对比: budget and actual side by side, with totals reconciled against the project budget.
import { Link } from "@remix-run/react";
import type { MonthPoint } from "~/components/charts";
import { TargetBadge, Variance } from "~/components/dynamic-cost";
import { Money } from "~/components/money";
import type { TargetLevel } from "~/domain/cost/dynamic-cost";
import { localName, useLang, useT } from "~/i18n";
import { formatMonth } from "~/utils/dates";
import { formatShare } from "~/utils/percent";

export type BudgetTableRow = {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  originalFen: string;
  revisionsFen: string;
  currentFen: string;
  committedFen: string;
  paidFen: string;
  headroomFen: string;
  usedBps: number;
  overNinetyPercent: boolean;
  // 动态成本 against the target (domain/cost/dynamic-cost.ts): it can exceed the target, unlike the old forecast.
  dynamic: { dynamicFen: string; targetFen: string; varianceFen: string; targetUsedBps: number; level: TargetLevel };
  // The line's target (Σ its leaves' current target) and the budget's distance above it.
  targetFen: string;
  budgetTargetGapFen: string;
};

const FIGURES = ["originalFen", "revisionsFen", "currentFen", "committedFen", "paidFen", "headroomFen"] as const;

export function BudgetTable({
  rows,
  totals,
  projectTotalFen,
  differenceFen,
}: {
  rows: BudgetTableRow[];
  totals: Record<(typeof FIGURES)[number], string> & { usedBps: number; dynamic: BudgetTableRow["dynamic"] };
  projectTotalFen: string;
  differenceFen: string;
}) {
  const t = useT();
  const lang = useLang();
  // paid ÷ current budget from the exact amounts, half up to 0.1 % (utils/percent.ts), as in the export.
  // The 90 % warning is decided on the exact ratio: 89.96 % reads 90.0 % without it.
  const used = (paidFen: string, currentFen: string) => formatShare(BigInt(paidFen), BigInt(currentFen));
  const labels = {
    originalFen: t("budget.original"),
    revisionsFen: t("budget.revisions"),
    currentFen: t("budget.current"),
    committedFen: t("budget.committed"),
    paidFen: t("budget.paid"),
    headroomFen: t("budget.headroom"),
  };
  return (
    <div className="table-scroll">
      <table className="data-table budget-compare" data-testid="budget-table">
        <thead>
          <tr>
            <th>{t("budget.line")}</th>
            {FIGURES.map((key) => (
              <th key={key} className="num">
                {labels[key]}
              </th>
            ))}
            <th className="num">{t("budget.used")}</th>
            <th className="num">
              <abbr title={t("cost.targetTip")}>{t("budget.targetFen")}</abbr>
            </th>
            <th className="num">{t("budget.budgetTargetGap")}</th>
            <th className="num">
              <abbr title={t("cost.dynamicFormula")}>{t("cost.dynamic")}</abbr>
            </th>
            <th className="num">
              <abbr title={`${t("cost.varianceTip")} ${t("cost.targetTip")}`}>{t("cost.variance")}</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`line-${row.code}`} className={row.overNinetyPercent ? "row-warn-soft" : ""}>
              <td>
                <Link to={`/budget/lines/${row.id}`}>
                  <span className="code">{row.code}</span> {localName(lang, row)}
                </Link>
              </td>
              {FIGURES.map((key) => (
                <td key={key} className="num" data-testid={key}>
                  <Money fen={row[key]} unit="wan" />
                </td>
              ))}
              <td className="num" data-testid="used">
                <div className={`progress${row.overNinetyPercent ? " progress-warn" : ""}`}>
                  <span style={{ width: `${Math.min(row.usedBps / 100, 100)}%` }} />
                </div>
                {used(row.paidFen, row.currentFen)}
                {row.overNinetyPercent ? <div className="slip">{t("budget.over90")}</div> : null}
              </td>
              <td className="num" data-testid="target">
                <Money fen={row.targetFen} unit="wan" />
              </td>
              <td className="num" data-testid="budget-target-gap">
                <Money fen={row.budgetTargetGapFen} unit="wan" />
              </td>
              <td className="num" data-testid="dynamic">
                <Money fen={row.dynamic.dynamicFen} unit="wan" />
              </td>
              <td className="num" data-testid="variance">
                <Variance fen={row.dynamic.varianceFen} unit="wan" />
                <div>
                  <TargetBadge level={row.dynamic.level} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="line-total">
            <th>{t("budget.linesTotal")}</th>
            {FIGURES.map((key) => (
              <td key={key} className="num" data-testid={key}>
                <Money fen={totals[key]} unit="wan" />
              </td>
            ))}
            <td className="num">{used(totals.paidFen, totals.currentFen)}</td>
            <td className="num" data-testid="target">
              <Money fen={totals.dynamic.targetFen} unit="wan" />
            </td>
            <td className="num" data-testid="budget-target-gap">
              <Money fen={(BigInt(totals.currentFen) - BigInt(totals.dynamic.targetFen)).toString()} unit="wan" />
            </td>
            <td className="num" data-testid="dynamic">
              <Money fen={totals.dynamic.dynamicFen} unit="wan" />
            </td>
            <td className="num" data-testid="variance">
              <Variance fen={totals.dynamic.varianceFen} unit="wan" />
              <div>
                <TargetBadge level={totals.dynamic.level} />
              </div>
            </td>
          </tr>
          <tr>
            <th>{t("budget.projectTotal")}</th>
            <td />
            <td />
            <td className="num">
              <Money fen={projectTotalFen} unit="wan" />
            </td>
            <td colSpan={9} />
          </tr>
          <tr className={differenceFen === "0" ? "" : "row-warn"}>
            <th>{t("budget.difference")}</th>
            <td />
            <td />
            <td className="num" data-testid="budget-difference">
              <Money fen={differenceFen} unit="wan" />
            </td>
            <td colSpan={9}>{differenceFen === "0" ? t("budget.reconciled") : t("budget.differenceNote")}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The figures behind the plan/paid charts, month by month: readable without the charts (or JS). */
export function PlanActualTable({ points, today }: { points: MonthPoint[]; today: string }) {
  const t = useT();
  const lang = useLang();
  const current = today.slice(0, 7);
  return (
    <details data-testid="plan-actual-table">
      <summary>{t("budget.byMonth")}</summary>
      <div className="table-scroll">
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t("budget.month")}</th>
              <th className="num">{t("budget.plan")}</th>
              <th className="num">{t("budget.paid")}</th>
              <th className="num">{t("budget.planCumulative")}</th>
              <th className="num">{t("budget.paidCumulative")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.month} className={p.month === current ? "row-current" : ""}>
                <td className="nowrap">{formatMonth(p.month, lang)}</td>
                <td className="num"><Money fen={p.planFen} unit="wan" /></td>
                <td className="num"><Money fen={p.paidFen} unit="wan" /></td>
                <td className="num"><Money fen={p.planCumulativeFen} unit="wan" /></td>
                <td className="num"><Money fen={p.paidCumulativeFen} unit="wan" /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
