import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Money } from "~/components/money";
import { reconcile, sumFigures } from "~/domain/capital";
import { localName, useLang, useT } from "~/i18n";
import { budgetTable, monthlyPlanAndPaid, recentPayments } from "~/models/capital.server";
import { requireProject } from "~/models/project.server";
import { requireUser } from "~/session.server";
import { formatDate, formatMonth } from "~/utils/dates";
import { fenToJson } from "~/utils/money";

export const meta: MetaFunction = () => [{ title: "资金计划与支出 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const [lines, monthly, payments] = await Promise.all([budgetTable(project.id), monthlyPlanAndPaid(project.id), recentPayments(project.id)]);
  const totals = sumFigures(lines);
  const current = totals.originalFen + totals.revisionsFen;
  const check = reconcile(project.totalBudgetFen, current);
  const paid = monthly.plan.map((row) => monthly.paidByMonth.get(row.month) ?? 0n);
  const money = (fen: bigint) => fenToJson(fen);
  return {
    lines: lines.map((line) => ({
      id: line.id,
      code: line.code,
      name: line.name,
      nameEn: line.nameEn,
      originalFen: money(line.originalFen),
      currentFen: money(line.currentFen),
      committedFen: money(line.committedFen),
      paidFen: money(line.paidFen),
      headroomFen: money(line.headroomFen),
      usedBps: line.usedBps,
    })),
    totals: { originalFen: money(totals.originalFen), currentFen: money(current), committedFen: money(totals.committedFen), paidFen: money(totals.paidFen), headroomFen: money(current - totals.paidFen) },
    check: { projectTotalFen: money(check.projectTotalFen), differenceFen: money(check.differenceFen), reconciled: check.reconciled },
    months: monthly.plan.map((row, i) => ({ month: row.month, planFen: money(row.amountFen), paidFen: money(paid[i]) })),
    payments: payments.map((p) => ({ ...p, amountFen: money(p.amountFen) })),
  };
}

export default function BudgetPage() {
  const { lines, totals, check, months, payments } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const pct = (bps: number) => `${(bps / 100).toFixed(1)}%`;
  return (
    <>
      <div className="page-head">
        <h1>{t("budget.title")}</h1>
        <p className="muted">{t("common.comingNext")}</p>
      </div>
      <section className="card">
        <div className="table-scroll">
          <table className="data-table" data-testid="budget-table">
            <thead>
              <tr>
                <th>{t("budget.line")}</th>
                <th className="num">{t("budget.original")}</th>
                <th className="num">{t("budget.current")}</th>
                <th className="num">{t("budget.committed")}</th>
                <th className="num">{t("budget.paid")}</th>
                <th className="num">{t("budget.headroom")}</th>
                <th className="num">{t("budget.used")}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id}>
                  <td>{localName(lang, line)}</td>
                  <td className="num"><Money fen={line.originalFen} /></td>
                  <td className="num"><Money fen={line.currentFen} /></td>
                  <td className="num"><Money fen={line.committedFen} /></td>
                  <td className="num"><Money fen={line.paidFen} /></td>
                  <td className="num"><Money fen={line.headroomFen} /></td>
                  <td className="num">{pct(line.usedBps)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t("common.total")}</th>
                <td className="num"><Money fen={totals.originalFen} /></td>
                <td className="num"><Money fen={totals.currentFen} /></td>
                <td className="num"><Money fen={totals.committedFen} /></td>
                <td className="num"><Money fen={totals.paidFen} /></td>
                <td className="num"><Money fen={totals.headroomFen} /></td>
                <td />
              </tr>
              <tr>
                <th>{t("budget.projectTotal")}</th>
                <td className="num"><Money fen={check.projectTotalFen} /></td>
                <td colSpan={5} />
              </tr>
              <tr className={check.reconciled ? "" : "row-warn"}>
                <th>{t("budget.difference")}</th>
                <td className="num" data-testid="budget-difference"><Money fen={check.differenceFen} unit="wan" /></td>
                <td colSpan={5} className="muted">{check.reconciled ? "" : t("budget.differenceNote")}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("budget.plan")}</h2>
        <div className="table-scroll">
          <table className="data-table compact">
            <thead>
              <tr>
                <th>{t("budget.month")}</th>
                {months.map((m) => <th key={m.month} className="num">{formatMonth(m.month, lang)}</th>)}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th>{t("ms.planned")}</th>
                {months.map((m) => <td key={m.month} className="num"><Money fen={m.planFen} unit="wan" /></td>)}
              </tr>
              <tr>
                <th>{t("budget.paid")}</th>
                {months.map((m) => <td key={m.month} className="num"><Money fen={m.paidFen} unit="wan" /></td>)}
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("budget.payments")}</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t("budget.date")}</th>
              <th>{t("budget.line")}</th>
              <th>{t("budget.payee")}</th>
              <th className="num">{t("budget.amount")}</th>
              <th>{t("budget.voucher")}</th>
              <th>{t("ms.note")}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id}>
                <td>{formatDate(p.paidOn, lang)}</td>
                <td>{localName(lang, p.line)}</td>
                <td>{p.payee}</td>
                <td className="num"><Money fen={p.amountFen} /></td>
                <td>{p.voucherNo}</td>
                <td>{p.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
