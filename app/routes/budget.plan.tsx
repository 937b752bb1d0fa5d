import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { errorText } from "~/components/field";
import { parsePlanGrid } from "~/domain/capital-forms.server";
import { localName, useLang, useT } from "~/i18n";
import { fundPlanGrid, planAndPaidByMonth, saveFundPlan, type PlanConflict } from "~/models/capital.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { dateToCivil, formatMonth, monthsBetween } from "~/utils/dates";
import { formValues, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { type FenLike, fenToWanInput } from "~/utils/money";
import { plain, type Plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budget.plan");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const [{ lines, entries }, series] = await Promise.all([
    fundPlanGrid(project.id),
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd),
  ]);
  const months = monthsBetween(dateToCivil(project.scheduleStart), dateToCivil(project.scheduleEnd));
  const cells: Record<string, string> = {};
  for (const entry of entries) cells[`plan:${entry.lineId}:${entry.month}`] = fenToWanInput(entry.amountFen);
  return plain({ lines, months, cells, series: series.filter((point) => months.includes(point.month)) });
}

type ActionResult = { errors: FieldErrors; values: FormValues; conflicts?: Plain<PlanConflict>[] };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const values = formValues(await readFormData(request));
  const parsed = parsePlanGrid(values);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 });
  const result = await saveFundPlan(project.id, parsed, { userId: user.id });
  if (!result.ok && "conflicts" in result) {
    const lines = result.conflicts.map((c) => c.code).join(", ");
    return data<ActionResult>({ errors: { form: { message: "plan_stale", vars: { lines } } }, values, conflicts: plain(result.conflicts) }, { status: 409 });
  }
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: result.message }, values }, { status: 400 });
  return redirect(`/budget/plan?saved=${result.changedLines}`);
}

export default function FundPlanPage() {
  const { lines, months, cells, series } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  const errors = actionData?.errors ?? {};
  const conflicts = actionData?.conflicts ?? [];
  const shownNow = (lineId: number) => JSON.stringify(Object.fromEntries(months.flatMap((month) => (cells[`plan:${lineId}:${month}`] ? [[month, cells[`plan:${lineId}:${month}`]]] : []))));
  // After a refused save, the rows the user changed keep what was typed, with the version and cells they
  // were shown at (after a conflict, the current version: a deliberate second save wins); the other rows
  // show what is stored now.
  const typed = (lineId: number) => {
    const values = actionData?.values;
    if (!values) return null;
    let shown: Record<string, unknown> = {};
    try {
      shown = JSON.parse(values[`shown:${lineId}`] ?? "null") ?? {};
    } catch {
      shown = {};
    }
    const changed = months.some((month) => (values[`plan:${lineId}:${month}`] ?? "").trim() !== String(shown[month] ?? "").trim());
    return changed || !(`shown:${lineId}` in values) ? values : null;
  };
  const rowState = (line: { id: number; planVersion: number }) => {
    const values = typed(line.id);
    if (!values) return { value: (name: string) => cells[name] ?? "", version: String(line.planVersion), shown: shownNow(line.id) };
    return {
      value: (name: string) => values[name] ?? cells[name] ?? "",
      version: String(conflicts.find((c) => c.lineId === line.id)?.planVersion ?? values[`version:${line.id}`] ?? line.planVersion),
      shown: values[`shown:${line.id}`] ?? shownNow(line.id),
    };
  };
  const firstError = Object.values(errors)[0];
  return (
    <>
      <p>
        <Link to="/budget">← {t("budget.title")}</Link>
      </p>
      <div className="page-head with-actions">
        <div>
          <h1>{t("budget.plan")}</h1>
          <p className="muted">{t("budget.planIntro")}</p>
        </div>
        <div className="actions">
          <a href="/budget/plan.xlsx" className="button" download>{t("io.exportPlan")}</a>
        </div>
      </div>
      {params.get("saved") !== null ? <p className="banner banner-ok" role="status">{t("common.saved")}</p> : null}
      {firstError ? (
        <p className="banner banner-warn" role="alert">
          {errorText(t, lang, firstError)}
        </p>
      ) : null}
      {conflicts.length > 0 ? <PlanConflicts conflicts={conflicts} /> : null}
      <Form method="post" className="card" noValidate data-testid="plan-form">
        <div className="table-scroll">
          <table className="data-table compact plan-grid">
            <thead>
              <tr>
                <th>{t("budget.line")} ({t("budget.unitWan")})</th>
                {months.map((month) => <th key={month} className="num">{formatMonth(month, lang)}</th>)}
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => {
                const row = rowState(line);
                return (
                <tr key={line.id}>
                  <th>
                    {line.code} {localName(lang, line)}
                    <input type="hidden" name={`version:${line.id}`} value={row.version} />
                    <input type="hidden" name={`shown:${line.id}`} value={row.shown} />
                  </th>
                  {months.map((month) => {
                    const name = `plan:${line.id}:${month}`;
                    return (
                      <td key={month} className={errors[name] ? "cell-invalid" : ""}>
                        <input name={name} defaultValue={row.value(name)} key={`${name}:${row.value(name)}`} inputMode="decimal" readOnly={!canWrite} aria-label={`${line.code} ${month}`} aria-invalid={errors[name] ? true : undefined} title={errors[name] ? errorText(t, lang, errors[name]) : undefined} />
                      </td>
                    );
                  })}
                </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th>{t("budget.planMonthly")}</th>
                {series.map((p) => <td key={p.month} className="num">{wanShown(p.planFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.paidMonthly")}</th>
                {series.map((p) => <td key={p.month} className="num">{wanShown(p.paidFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.planCumulative")}</th>
                {series.map((p) => <td key={p.month} className="num">{wanShown(p.planCumulativeFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.paidCumulative")}</th>
                {series.map((p) => <td key={p.month} className="num">{wanShown(p.paidCumulativeFen)}</td>)}
              </tr>
            </tfoot>
          </table>
        </div>
        {canWrite ? (
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>{t("common.save")}</button>
          </div>
        ) : null}
      </Form>
    </>
  );
}

/** A total in 万元 for reading: at most two decimals (the cells above keep the exact figure). */
function wanShown(fen: FenLike): string {
  return Number(fenToWanInput(fen)).toFixed(2).replace(/\.?0+$/, "");
}

/** What the other person saved, beside what this user typed, for each cell of a line saved meanwhile. */
function PlanConflicts({ conflicts }: { conflicts: Plain<PlanConflict>[] }) {
  const t = useT();
  const lang = useLang();
  // On a phone each row becomes a small labelled card (.stack-table), so "yours" is never off-screen.
  const labels = { line: t("budget.line"), month: t("budget.month"), theirs: `${t("ms.theirs")} (${t("budget.unitWan")})`, yours: `${t("ms.yours")} (${t("budget.unitWan")})` };
  return (
    <div className="card table-scroll" data-testid="plan-conflicts">
      <table className="data-table compact stack-table conflict-table">
        <thead>
          <tr>
            <th>{labels.line}</th>
            <th>{labels.month}</th>
            <th className="num">{labels.theirs}</th>
            <th className="num">{labels.yours}</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.flatMap((c) =>
            c.months.map((m) => (
              <tr key={`${c.lineId}:${m.month}`}>
                <td data-label={labels.line}>{c.code} {localName(lang, c)}</td>
                <td data-label={labels.month}>{formatMonth(m.month, lang)}</td>
                <td data-label={labels.theirs} className="num">{fenToWanInput(m.theirsFen)}</td>
                <td data-label={labels.yours} className="num">{fenToWanInput(m.yoursFen)}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}
