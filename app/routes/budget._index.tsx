import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AccountTreeSection } from "~/components/account-tree";
import { BudgetTable, PlanActualTable } from "~/components/budget-table";
import { PlanActualCharts } from "~/components/charts";
import { Field } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { reconcile, sumFigures } from "~/domain/capital";
import { sumDynamic } from "~/domain/cost/dynamic-cost";
import { lineSchema, paymentSchema } from "~/domain/capital-forms.server";
import { projectBudgetSchema } from "~/domain/approval-forms.server";
import { CeilingNotice, ProjectBudgetForm, SubmittedBanner } from "~/components/approvals";
import { ceilingStatus, submitProjectBudget, submittedApproval } from "~/models/approvals.server";
import { localName, useLang, useT } from "~/i18n";
import { PaymentForm } from "~/components/payment-form";
import { leafOptions } from "~/models/cost/accounts.server";
import { budgetTable, contractIdByCode, createLine, listLines, paymentContractChoices, planAndPaidByMonth, recentRefusals, recordedPayment, recordPayment } from "~/models/capital.server";
import { accountFigures } from "~/models/cost/accounts.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDateTime, today } from "~/utils/dates";
import { parseForm, parseId, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { formatMoney, formatMoneyApart, shareBps } from "~/utils/money";
import { formatRatioBps } from "~/utils/percent";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budget.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  // The banner after a payment shows what the server recorded under that id, never text from the query.
  const recordedId = parseId(new URL(request.url).searchParams.get("recorded") ?? undefined);
  const submittedId = parseId(new URL(request.url).searchParams.get("submitted") ?? undefined);
  const [ceiling, submitted] = await Promise.all([ceilingStatus(project.id), submittedId ? submittedApproval(project.id, submittedId) : null]);
  const [rows, months, lines, contracts, leaves, refusals, payment, tree] = await Promise.all([
    budgetTable(project.id),
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd),
    listLines(project.id),
    // All contracts while they fit a select, else the latest as suggestions for a contract number.
    paymentContractChoices(project.id),
    // The payment form's 成本科目 select (models/cost/accounts.server.ts).
    leafOptions(project.id),
    recentRefusals(project.id, new Date(Date.now() - 30 * 86_400_000)),
    recordedId ? recordedPayment(project.id, recordedId) : null,
    accountFigures(project.id),
  ]);
  const paymentLine = payment ? rows.find((row) => row.id === payment.lineId) : undefined;
  const recorded = payment && paymentLine ? { ...payment, usedBps: paymentLine.usedBps, warn: paymentLine.overNinetyPercent } : null;
  const totals = sumFigures(rows);
  const currentFen = totals.originalFen + totals.revisionsFen;
  // 动态成本 in total: the lines' parts summed, against the sum of their targets.
  const dynamic = sumDynamic(rows.map((row) => row.dynamic));
  const check = reconcile(project.totalBudgetFen, currentFen);
  return plain({
    rows,
    totals: { ...totals, currentFen, headroomFen: currentFen - totals.paidFen, usedBps: shareBps(totals.paidFen, currentFen), dynamic },
    projectTotalFen: check.projectTotalFen,
    differenceFen: check.differenceFen,
    months,
    lines,
    contracts,
    leaves,
    refusals,
    recorded,
    ceiling,
    submitted,
    // The current target-cost version (null: no approved target yet).
    target: tree.target ? { no: tree.target.no } : null,
    today: today(),
    idempotencyKey: newIdempotencyKey(),
  });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = form.get("intent");
  if (intent === "payment") {
    const parsed = parseForm(paymentSchema(today()), form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const { contractCode, ...fields } = parsed.data;
    let input = fields;
    if (input.contractId === null && contractCode !== "") {
      // A contract named by its number: it gives the payment its account (any account chosen is ignored).
      const found = await contractIdByCode(project.id, contractCode);
      if (!found.ok) return data<ActionResult>({ intent, errors: { [found.field]: refusalError(found) }, values: parsed.values }, { status: 400 });
      input = { ...input, contractId: found.contractId, accountId: null };
    }
    const result = await recordPayment(project.id, input, { userId: user.id });
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
    // Above the approval threshold the payment waits for an approver (models/approvals.server.ts).
    if ("pending" in result) return redirect(`/budget?submitted=${result.approvalId}`);
    return redirect(`/budget?recorded=${result.paymentId}`);
  }
  if (intent === "project_budget") {
    const parsed = parseForm(projectBudgetSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await submitProjectBudget(project.id, parsed.data, { userId: user.id });
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
    return redirect(`/budget?submitted=${result.approvalId}`);
  }
  if (intent === "line") {
    const parsed = parseForm(lineSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await createLine(project.id, parsed.data, { userId: user.id });
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: result.message }, values: parsed.values }, { status: 400 });
    return redirect(`/budget/lines/${result.lineId}`);
  }
  return data<ActionResult>({ intent: String(intent), errors: { form: "invalid" }, values: {} }, { status: 400 });
}

export default function BudgetPage() {
  const { rows, totals, projectTotalFen, differenceFen, months, contracts, leaves, refusals, recorded, ceiling, submitted, target, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("budget.title")}</h1>
          <p className="muted">{t("budget.intro")}</p>
        </div>
        <div className="actions">
          <Link to="/budget/payments" className="button">
            {t("budget.ledger")}
          </Link>
          <Link to="/budget/plan" className="button">
            {t("budget.plan")}
          </Link>
          <Link to="/budget/targets" className="button">
            {t("budget.targetsLink")}
          </Link>
          <a href="/budget/export.xlsx" className="button" download>
            {t("budget.exportXlsx")}
          </a>
          <a href="/budget/changes.xlsx" className="button" download>
            {t("io.exportChanges")}
          </a>
          <a href="/budget/progress.xlsx" className="button" download>
            {t("io.exportProgress")}
          </a>
        </div>
      </div>
      {recorded ? (
        <p className={`banner ${recorded.warn ? "banner-warn" : "banner-ok"}`} role="status" data-testid="payment-banner">
          {t("budget.recorded", { line: `${recorded.line.code} ${localName(lang, recorded.line)}`, payee: recorded.payee, amount: formatMoney(recorded.amountFen, lang), used: formatRatioBps(recorded.usedBps) })}
          {recorded.warn ? ` ${t("budget.warn90")}` : ""}
        </p>
      ) : null}
      {submitted ? <SubmittedBanner item={submitted} /> : null}
      <CeilingNotice overFen={ceiling.overFen} pendingProjectBudget={ceiling.pendingProjectBudget} />
      <section className="card">
        <h2>{t("budget.comparison")}</h2>
        <BudgetTable rows={rows} totals={totals} projectTotalFen={projectTotalFen} differenceFen={differenceFen} />
      </section>
      <AccountTreeSection parts={rows} target={target} totals={{ targetsFen: totals.dynamic.targetFen, approvedFen: projectTotalFen, partsFen: totals.currentFen }} />
      <section className="card">
        <h2>{t("budget.planVsActual")}</h2>
        <PlanActualCharts points={months} today={now} />
        <PlanActualTable points={months} today={now} />
      </section>
      <div className="two-col">
        {canWrite ? (
          <PaymentForm leaves={leaves} contracts={contracts} today={now} pageKey={idempotencyKey} result={actionData?.intent === "payment" ? actionData : undefined} />
        ) : (
          <p className="card muted">{t("auth.readOnly")}</p>
        )}
        <section className="card">
          <h2>{t("budget.refusals")}</h2>
          {refusals.length === 0 ? (
            <p className="muted">{t("common.none")}</p>
          ) : (
            <ul className="plain-list" data-testid="refusals">
              {refusals.map((r) => (
                <li key={r.id}>
                  {/* To the 分 when the amount and the headroom would otherwise read the same (1分 over). */}
                  {formatDateTime(r.attemptedAt, lang)} · {localName(lang, r.line)} · {r.payee} · {formatMoneyApart([r.amountFen, r.headroomFen], lang).map((text, i) => (i === 0 ? <span key={i} className="money">{text}</span> : <span key={i}> ({t("budget.headroom")} <span className="money">{text}</span>)</span>))}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {canWrite ? <NewLineForm pageKey={idempotencyKey} result={actionData?.intent === "line" ? actionData : undefined} /> : null}
      {canWrite ? (
        <ProjectBudgetForm pageKey={idempotencyKey} result={actionData?.intent === "project_budget" ? actionData : undefined} totalFen={ceiling.totalFen} linesCurrentFen={ceiling.linesCurrentFen} />
      ) : null}
    </>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

function NewLineForm({ pageKey, result }: { pageKey: string; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <details className="card" open={Boolean(result)}>
      <summary>{t("budget.addLine")}</summary>
      <Form method="post" className="form-grid" noValidate key={JSON.stringify(values)}>
        <input type="hidden" name="intent" value="line" />
        <IdempotencyKey pageKey={pageKey} form="line" error={errors.idempotencyKey} />
        <Field name="code" label={t("ms.code")} error={errors.code}>
          {(props) => <input {...props} defaultValue={values.code ?? ""} maxLength={20} />}
        </Field>
        <Field name="original" label={t("budget.originalYuan")} error={errors.original}>
          {(props) => <input {...props} inputMode="decimal" defaultValue={values.original ?? ""} />}
        </Field>
        <Field name="name" label={t("budget.lineName")} error={errors.name}>
          {(props) => <input {...props} defaultValue={values.name ?? ""} maxLength={100} />}
        </Field>
        <Field name="nameEn" label={t("budget.lineNameEn")} error={errors.nameEn}>
          {(props) => <input {...props} defaultValue={values.nameEn ?? ""} maxLength={100} />}
        </Field>
        <Field name="reason" label={t("audit.reason")} error={errors.reason}>
          {(props) => <input {...props} defaultValue={values.reason ?? ""} maxLength={500} />}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("budget.addLine")}
          </button>
        </div>
      </Form>
    </details>
  );
}
