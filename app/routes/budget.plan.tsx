import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { errorText } from "~/components/field";
import { parsePlanGrid } from "~/domain/capital-forms.server";
import { localName, useLang, useT } from "~/i18n";
import { fundPlanGrid, listLines, planAndPaidByMonth, saveFundPlan } from "~/models/capital.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { dateToCivil, formatMonth, monthsBetween } from "~/utils/dates";
import { formValues, type FieldErrors, type FormValues } from "~/utils/forms";
import { fenToWanInput } from "~/utils/money";
import { plain } from "~/utils/plain";

export const meta: MetaFunction = () => [{ title: "资金使用计划 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const [lines, entries, series] = await Promise.all([
    listLines(project.id),
    fundPlanGrid(project.id),
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd),
  ]);
  const months = monthsBetween(dateToCivil(project.scheduleStart), dateToCivil(project.scheduleEnd));
  const cells: Record<string, string> = {};
  for (const entry of entries) cells[`plan:${entry.lineId}:${entry.month}`] = fenToWanInput(entry.amountFen);
  return plain({ lines, months, cells, series: series.filter((point) => months.includes(point.month)) });
}

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const values = formValues(await request.formData());
  const parsed = parsePlanGrid(values);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 });
  const result = await saveFundPlan(project.id, parsed.entries, { userId: user.id });
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
  const value = (name: string) => actionData?.values?.[name] ?? cells[name] ?? "";
  const firstError = Object.values(errors)[0];
  return (
    <>
      <p>
        <Link to="/budget">← {t("budget.title")}</Link>
      </p>
      <div className="page-head">
        <h1>{t("budget.plan")}</h1>
        <p className="muted">{t("budget.planIntro")}</p>
      </div>
      {params.get("saved") !== null ? <p className="banner banner-ok" role="status">{t("common.saved")}</p> : null}
      {firstError ? (
        <p className="banner banner-warn" role="alert">
          {errorText(t, lang, firstError)}
        </p>
      ) : null}
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
              {lines.map((line) => (
                <tr key={line.id}>
                  <th>{line.code} {localName(lang, line)}</th>
                  {months.map((month) => {
                    const name = `plan:${line.id}:${month}`;
                    return (
                      <td key={month} className={errors[name] ? "cell-invalid" : ""}>
                        <input name={name} defaultValue={value(name)} inputMode="decimal" readOnly={!canWrite} aria-label={`${line.code} ${month}`} aria-invalid={errors[name] ? true : undefined} title={errors[name] ? errorText(t, lang, errors[name]) : undefined} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t("budget.planMonthly")}</th>
                {series.map((p) => <td key={p.month} className="num">{fenToWanInput(p.planFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.paidMonthly")}</th>
                {series.map((p) => <td key={p.month} className="num">{fenToWanInput(p.paidFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.planCumulative")}</th>
                {series.map((p) => <td key={p.month} className="num">{fenToWanInput(p.planCumulativeFen)}</td>)}
              </tr>
              <tr>
                <th>{t("budget.paidCumulative")}</th>
                {series.map((p) => <td key={p.month} className="num">{fenToWanInput(p.paidCumulativeFen)}</td>)}
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
