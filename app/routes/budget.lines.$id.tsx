import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuditHistory } from "~/components/audit-history";
import { CorrectionNote, VoidCell } from "~/components/corrections";
import { contractVoidSchema } from "~/domain/cost/corrections-forms.server";
import { voidContract } from "~/models/cost/corrections.server";
import { PlanActualTable } from "~/components/budget-table";
import { PlanActualCharts } from "~/components/charts";
import { Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { DynamicCostCard, ToComeForm } from "~/components/line-dynamic-cost";
import { AccountTree } from "~/components/account-tree";
import { toComeSchema } from "~/domain/cost/changes-forms.server";
import { lineContractValues } from "~/models/cost/contract-values.server";
import { lineToComeLeaves, reviseToCome, toComeHistory } from "~/models/cost/to-come.server";
import { leafOptions } from "~/models/cost/accounts.server";
import { LeafSelect, type LeafChoice } from "~/components/leaf-select";
import { contractSchema, revisionSchema, transferSchema } from "~/domain/capital-forms.server";
import { localName, useLang, useT } from "~/i18n";
import { historyFor } from "~/models/audit.server";
import { budgetTable, createContract, lineDetail, listLines, planAndPaidByMonth } from "~/models/capital.server";
import { SubmittedBanner } from "~/components/approvals";
import { submitRevision, submitTransfer, submittedApproval } from "~/models/approvals.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";
import { parseForm, parseId, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { formatShare } from "~/utils/percent";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budget.line");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const id = parseId(params.id);
  const detail = id ? await lineDetail(id) : null;
  if (!detail || detail.line.projectId !== project.id) throw new Response("Budget line not found", { status: 404 });
  const [rows, months, lines, history, values, toCome, toComeLeaves, leaves] = await Promise.all([
    budgetTable(project.id),
    planAndPaidByMonth(project.id, project.scheduleStart, project.scheduleEnd, detail.line.id),
    listLines(project.id),
    historyFor("BudgetLine", detail.line.id),
    lineContractValues(detail.line.id),
    toComeHistory({ lineId: detail.line.id }),
    lineToComeLeaves(detail.line.id),
    leafOptions(project.id, detail.line.id),
  ]);
  // Each contract at its current value (original + approved changes, or settled).
  const contracts = detail.contracts.map((c) => ({ ...c, currentFen: values.find((v) => v.id === c.id)?.currentFen ?? c.amountFen }));
  const submittedId = parseId(new URL(request.url).searchParams.get("submitted") ?? undefined);
  const submitted = submittedId ? await submittedApproval(project.id, submittedId) : null;
  return plain({ ...detail, contracts, toCome, toComeLeaves, leaves, figures: rows.find((row) => row.id === detail.line.id)!, months, lines, history, submitted, today: today(), idempotencyKey: newIdempotencyKey() });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const lineId = parseId(params.id);
  if (!lineId) throw new Response("Budget line not found", { status: 404 });
  const form = await readFormData(request);
  form.set(form.get("intent") === "transfer" ? "fromLineId" : "lineId", String(lineId));
  const intent = String(form.get("intent"));
  const actor = { userId: user.id };
  const fail = (errors: FieldErrors, values: FormValues) => data<ActionResult>({ intent, errors, values }, { status: 400 });
  const run = async <T,>(schema: Parameters<typeof parseForm>[0], write: (input: T) => Promise<{ ok: true } | { ok: false; field: string; message: string; vars?: Record<string, string> }>) => {
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const result = await write(parsed.data as T);
    if (!result.ok) return fail({ [result.field]: refusalError(result) }, parsed.values);
    return redirect(`/budget/lines/${lineId}?done=${intent}`);
  };
  switch (intent) {
    case "to_come":
      return run(toComeSchema, (input: Parameters<typeof reviseToCome>[1]) => reviseToCome(project.id, input, actor, lineId));
    case "void":
      return run(contractVoidSchema, (input: Parameters<typeof voidContract>[1]) => voidContract(project.id, input, actor));
    case "contract":
      return run(contractSchema, (input: Parameters<typeof createContract>[1]) => createContract(project.id, input, actor, lineId));
    // Revisions and transfers are submitted for approval; they count once an approver approves them.
    case "revision":
    case "transfer": {
      const parsed = parseForm(intent === "revision" ? revisionSchema : transferSchema, form);
      if (!parsed.ok) return fail(parsed.errors, parsed.values);
      const result =
        intent === "revision"
          ? await submitRevision(project.id, parsed.data as Parameters<typeof submitRevision>[1], actor)
          : await submitTransfer(project.id, parsed.data as Parameters<typeof submitTransfer>[1], actor);
      if (!result.ok) return fail({ [result.field]: refusalError(result) }, parsed.values);
      return redirect(`/budget/lines/${lineId}?submitted=${result.approvalId}`);
    }
    default:
      return fail({ form: "invalid" }, {});
  }
}

export default function BudgetLinePage() {
  const { line, figures, contracts, toCome, toComeLeaves, leaves, payments, revisions, months, lines, history, submitted, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  return (
    <>
      <p>
        <Link to="/budget">← {t("budget.title")}</Link>
      </p>
      <div className="page-head">
        <h1>
          <span className="code">{line.code}</span> {localName(lang, line)}
        </h1>
      </div>
      {submitted ? <SubmittedBanner item={submitted} /> : null}
      <section className="card">
        <dl className="facts wide" data-testid="line-figures">
          <dt>{t("budget.original")}</dt>
          <dd><Money fen={figures.originalFen} /></dd>
          <dt>{t("budget.current")}</dt>
          <dd><Money fen={figures.currentFen} /></dd>
          <dt>{t("budget.committed")}</dt>
          <dd><Money fen={figures.committedFen} /></dd>
          <dt>{t("budget.paid")}</dt>
          <dd><Money fen={figures.paidFen} /></dd>
          <dt>{t("budget.headroom")}</dt>
          <dd data-testid="headroom"><Money fen={figures.headroomFen} /></dd>
          <dt>{t("budget.used")}</dt>
          <dd className={figures.overNinetyPercent ? "warn" : ""} data-testid="used">{formatShare(BigInt(figures.paidFen), BigInt(figures.currentFen))}</dd>
        </dl>
      </section>
      <DynamicCostCard dynamic={figures.dynamic} history={toCome}>
        {canWrite ? <ToComeForm pageKey={idempotencyKey} leaves={toComeLeaves} result={resultFor("to_come")} /> : null}
      </DynamicCostCard>
      <section className="card" data-testid="line-account-tree">
        <h2>{t("tree.title")}</h2>
        {figures.hasTarget ? null : <p className="banner banner-warn">{t("tree.noTarget")}</p>}
        <AccountTree parts={[figures]} open />
      </section>
      <section className="card">
        <h2>{t("budget.planVsActual")}</h2>
        <PlanActualCharts points={months} today={now} />
        <PlanActualTable points={months} today={now} />
      </section>
      <section className="card">
        <h2>{t("budget.contracts")}</h2>
        <div className="table-scroll">
        <table className="data-table" data-testid="contracts">
          <thead>
            <tr>
              <th>{t("ms.code")}</th>
              <th>{t("budget.contractTitle")}</th>
              <th>{t("budget.contractor")}</th>
              <th>{t("accounts.account")}</th>
              <th>{t("budget.signedOn")}</th>
              <th className="num">{t("cost.original")}</th>
              <th className="num">{t("cost.currentValue")}</th>
              <th className="num">{t("budget.paid")}</th>
              <th className="num">{t("budget.openCommitments")}</th>
              <th>{t("corrections.voidContract")}</th>
            </tr>
          </thead>
          <tbody>
            {contracts.map((c) => (
              <tr key={c.id} className={c.status === "voided" ? "row-voided" : ""}>
                <td className="code"><Link to={`/budget/contracts/${c.id}`}>{c.code}</Link></td>
                <td className="text-col">{lang === "en" ? c.titleEn || c.title : c.title}</td>
                <td className="text-col">{c.contractor}</td>
                <td>{c.account ? <><span className="code">{c.account.code}</span> {localName(lang, c.account)}</> : ""}</td>
                <td>{formatDate(c.signedOn, lang)}</td>
                <td className="num"><Money fen={c.amountFen} /></td>
                <td className="num"><Money fen={c.currentFen} /></td>
                <td className="num"><Money fen={c.paidFen} /></td>
                <td className="num"><Money fen={c.status === "voided" ? "0" : (BigInt(c.currentFen) - BigInt(c.paidFen)).toString()} /></td>
                <td><VoidCell contract={c} canWrite={canWrite} pageKey={idempotencyKey} result={actionData?.intent === "void" && actionData.values.contractId === String(c.id) ? actionData : undefined} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
      {canWrite ? (
        <div className="three-col">
          <ContractForm pageKey={idempotencyKey} leaves={leaves} result={resultFor("contract")} />
          <RevisionForm pageKey={idempotencyKey} result={resultFor("revision")} />
          <TransferForm pageKey={idempotencyKey} result={resultFor("transfer")} lines={lines.filter((l) => l.id !== line.id)} />
        </div>
      ) : null}
      <section className="card">
        <h2>{t("budget.revisionsList")}</h2>
        {revisions.length === 0 ? (
          <p className="muted">{t("common.none")}</p>
        ) : (
          <div className="table-scroll">
          <table className="data-table compact">
            <tbody>
              {revisions.map((r) => (
                <tr key={r.id}>
                  <td className="dates">{formatDateTime(r.createdAt, lang)}</td>
                  <td className="num"><Money fen={r.amountFen} /></td>
                  <td className="text-col">{r.reason}</td>
                  <td className="muted">{r.transferId ? t("budget.transfer") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </section>
      <section className="card">
        <h2>{t("budget.payments")}</h2>
        <div className="table-scroll">
        <table className="data-table compact" data-testid="line-payments">
          <thead>
            <tr>
              <th>{t("budget.date")}</th>
              <th>{t("io.account")}</th>
              <th>{t("budget.contract")}</th>
              <th>{t("budget.payee")}</th>
              <th className="num">{t("budget.amount")}</th>
              <th>{t("budget.voucher")}</th>
              <th>{t("ms.note")}</th>
              <th>{t("corrections.kind")}</th>
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <tr key={p.id} id={`payment-${p.id}`} className={p.reversedBy ? "row-reversed" : p.kind === "reversal" ? "row-reversal" : ""}>
                <td className="dates">{formatDate(p.paidOn, lang)}</td>
                <td className="text-col">{p.account ? <><span className="code">{p.account.code}</span> {localName(lang, p.account)}</> : ""}</td>
                <td className="code">{p.contract?.code ?? ""}</td>
                <td className="text-col">{p.payee}</td>
                <td className="num"><Money fen={p.amountFen} /></td>
                <td className="nowrap">{p.voucherNo}</td>
                <td className="text-col">{p.note}</td>
                <td className="text-col">
                  <CorrectionNote row={p} />
                  {canWrite && p.kind !== "reversal" && !p.reversedBy ? <Link className="small" to={`/budget/payments?line=${line.id}#payment-${p.id}`}>{t("corrections.reverse")}…</Link> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
      <AuditHistory records={history} />
    </>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

function ContractForm({ pageKey, leaves, result }: { pageKey: string; leaves: LeafChoice[]; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="contract-form">
      <h2>{t("budget.addContract")}</h2>
      <input type="hidden" name="intent" value="contract" />
      <IdempotencyKey pageKey={pageKey} form="contract" error={errors.idempotencyKey} />
      <input type="hidden" name="status" value="signed" />
      <Field name="accountId" label={t("accounts.account")} error={errors.accountId}>
        {(p) => <LeafSelect {...p} leaves={leaves} defaultValue={values.accountId ?? ""} empty={t("accounts.choose")} />}
      </Field>
      <Field name="code" label={t("ms.code")} error={errors.code}>{(p) => <input {...p} defaultValue={values.code ?? ""} maxLength={40} />}</Field>
      <Field name="title" label={t("budget.contractTitle")} error={errors.title}>{(p) => <input {...p} defaultValue={values.title ?? ""} maxLength={200} />}</Field>
      <Field name="contractor" label={t("budget.contractor")} error={errors.contractor}>{(p) => <input {...p} defaultValue={values.contractor ?? ""} maxLength={200} />}</Field>
      <Field name="amount" label={t("budget.amountYuan")} error={errors.amount}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.amount ?? ""} />}</Field>
      <Field name="signedOn" label={t("budget.signedOn")} error={errors.signedOn}>{(p) => <input {...p} type="date" defaultValue={values.signedOn ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("budget.addContract")}</button>
    </Form>
  );
}

function RevisionForm({ pageKey, result }: { pageKey: string; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="revision-form">
      <FieldScope name="revision">
      <h2>{t("budget.revise")}</h2>
      <input type="hidden" name="intent" value="revision" />
      <IdempotencyKey pageKey={pageKey} form="revision" error={errors.idempotencyKey} />
      <Field name="amount" label={t("budget.revisionAmount")} error={errors.amount} hint={t("budget.revisionHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.amount ?? ""} />}</Field>
      <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
      <button type="submit" className="button primary">{t("budget.revise")}</button>
          </FieldScope>
</Form>
  );
}

function TransferForm({ pageKey, result, lines }: { pageKey: string; result: Result; lines: { id: number; code: string; name: string; nameEn: string }[] }) {
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="transfer-form">
      <FieldScope name="transfer">
      <h2>{t("budget.transferOut")}</h2>
      <input type="hidden" name="intent" value="transfer" />
      <IdempotencyKey pageKey={pageKey} form="transfer" error={errors.idempotencyKey} />
      <Field name="toLineId" label={t("budget.transferTo")} error={errors.toLineId}>
        {(p) => (
          <select {...p} defaultValue={values.toLineId ?? ""}>
            {lines.map((l) => <option key={l.id} value={l.id}>{l.code} {localName(lang, l)}</option>)}
          </select>
        )}
      </Field>
      <Field name="amount" label={t("budget.amountYuan")} error={errors.amount}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.amount ?? ""} />}</Field>
      <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
      <button type="submit" className="button primary">{t("budget.transferOut")}</button>
          </FieldScope>
</Form>
  );
}
