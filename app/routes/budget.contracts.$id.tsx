// One contract: its value as it moves (original + approved changes, or settled), what is paid, its
// changes (设计变更 / 现场签证) with their decisions, and settlement (结算). The rules are in
// models/cost/changes.server.ts and domain/cost/contract-value.ts.
// Progress payments (进度款: terms, claims register, certification, payments by kind) are the section in
// components/progress-claims.tsx with the intents terms | claim | certify | payment (point 5's helper).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditHistory } from "~/components/audit-history";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { ProgressSection } from "~/components/progress-claims";
import { RefileForm } from "~/components/refile-form";
import { refileSchema } from "~/domain/cost/accounts-forms.server";
import { leafOptions, refileBlockers, refileContract } from "~/models/cost/accounts.server";
import { paymentSchema } from "~/domain/capital-forms.server";
import { certifySchema, claimSchema, termsSchema } from "~/domain/cost/progress-forms.server";
import { recordPayment } from "~/models/capital.server";
import { changeDecisionSchema, changeSchema, settlementSchema } from "~/domain/cost/changes-forms.server";
import { CHANGE_KINDS } from "~/domain/cost/contract-value";
import { inLang, localName, useLang, useT, type MessageKey } from "~/i18n";
import { historyFor } from "~/models/audit.server";
import { contractDetail, createChange, decideChange, settleContract } from "~/models/cost/changes.server";
import { addClaim, certifyClaim, contractLineId, contractProgress, updateTerms } from "~/models/cost/progress.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { can, type Permission } from "~/domain/permissions";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatDateTime, today } from "~/utils/dates";
import { parseForm, parseId, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { formatMoney } from "~/utils/money";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

/** Who may decide a change: the cost team (capital.write), or an approver (approvals.decide). */
async function decidePermission(request: Request): Promise<Permission> {
  const user = await requireUser(request);
  return can(user.roles, "capital.write") || !can(user.roles, "approvals.decide") ? "capital.write" : "approvals.decide";
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "cost.contractTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const id = parseId(params.id);
  const detail = id ? await contractDetail(project.id, id) : null;
  if (!detail) throw new Response("Contract not found", { status: 404 });
  const [history, progress, leaves, refile] = await Promise.all([
    historyFor("Contract", detail.contract.id),
    contractProgress(project.id, detail.contract.id),
    // The leaves of the contract's line, for re-filing it (成本科目).
    leafOptions(project.id, detail.contract.line.id),
    // Re-filing works only while nothing is paid or awaiting approval on the contract.
    refileBlockers(detail.contract.id),
  ]);
  return plain({ ...detail, history, progress: progress!, leaves, refile, today: today(), idempotencyKey: newIdempotencyKey() });
}

type ActionResult = { intent: string; changeId?: string; errors: FieldErrors; values: FormValues };
type Outcome = { ok: true; status?: string } | { ok: false; field: string; message: string; vars?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  // Certifying a progress claim (进度款) needs cost.certify; deciding a change capital.write or
  // approvals.decide (an approver may decide it too); every other form here capital.write.
  const user = await requirePermission(request, intent === "certify" ? "cost.certify" : intent === "decide" ? await decidePermission(request) : "capital.write");
  const project = await requireProject();
  const contractId = parseId(params.id);
  if (!contractId) throw new Response("Contract not found", { status: 404 });
  form.set("contractId", String(contractId));
  const actor = { userId: user.id };
  const changeId = String(form.get("changeId") ?? "");
  const fail = (errors: FieldErrors, values: FormValues) => data<ActionResult>({ intent, changeId, errors, values }, { status: 400 });
  const run = async (schema: Parameters<typeof parseForm>[0], write: (input: never) => Promise<Outcome>, done: (result: Outcome & { ok: true }) => string) => {
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const result = await write(parsed.data as never);
    if (!result.ok) return fail({ [result.field]: refusalError(result) }, parsed.values);
    return redirect(`/budget/contracts/${contractId}?done=${done(result)}`);
  };
  switch (intent) {
    case "change":
      return run(changeSchema, (input: Parameters<typeof createChange>[1]) => createChange(project.id, input, actor), () => "change");
    case "decide":
      return run(changeDecisionSchema, (input: Parameters<typeof decideChange>[1]) => decideChange(project.id, input, actor), (r) => r.status ?? "approved");
    case "settle":
      return run(settlementSchema(today()), (input: Parameters<typeof settleContract>[1]) => settleContract(project.id, input, actor), () => "settled");
    // Progress payments (components/progress-claims.tsx, models/cost/progress.server.ts).
    case "terms":
      return run(termsSchema(today()), (input: Parameters<typeof updateTerms>[2]) => updateTerms(project.id, contractId, input, actor), () => "terms");
    case "claim":
      return run(claimSchema, (input: Parameters<typeof addClaim>[2]) => addClaim(project.id, contractId, input, actor), () => "claim");
    case "certify":
      return run(certifySchema, (input: Parameters<typeof certifyClaim>[2]) => certifyClaim(project.id, contractId, input, actor), () => "certified");
    case "refile":
      return run(refileSchema, (input: Parameters<typeof refileContract>[1]) => refileContract(project.id, input, actor), () => "refiled");
    case "payment": {
      const lineId = await contractLineId(project.id, contractId);
      if (!lineId) throw new Response("Contract not found", { status: 404 });
      form.set("lineId", String(lineId));
      return run(paymentSchema(today()), (input: Parameters<typeof recordPayment>[1]) => recordPayment(project.id, input, actor), () => "paid");
    }
    default:
      return fail({ form: "invalid" }, {});
  }
}

export default function ContractPage() {
  const { contract, value, paidFen, changes, history, changeApprovalFen, progress, leaves, refile, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  const canDecide = useCan("approvals.decide") || canWrite;
  const done = search.get("done");
  const open = contract.status === "signed";
  const resultFor = (intent: string, changeId?: number) => (actionData?.intent === intent && (changeId === undefined || actionData.changeId === String(changeId)) ? actionData : undefined);
  return (
    <>
      <p>
        <Link to={`/budget/lines/${contract.line.id}`}>← <span className="code">{contract.line.code}</span> {localName(lang, contract.line)}</Link>
      </p>
      <div className="page-head">
        <h1>
          <span className="code">{contract.code}</span> {lang === "en" ? contract.titleEn || contract.title : contract.title}
        </h1>
        <p className="muted">
          {contract.contractor} · {t(`cost.contractStatus.${contract.status}` as MessageKey)}
          {contract.account ? <> · {t("accounts.account")} <span className="code" data-testid="contract-account">{contract.account.code}</span> {localName(lang, contract.account)}</> : null}
        </p>
      </div>
      {done && ["change", "approved", "rejected", "submitted", "settled"].includes(done) ? (
        <p className="banner banner-ok" role="status" data-testid="done-banner">{t(`cost.done.${done}` as MessageKey)}</p>
      ) : null}
      {done === "refiled" ? <p className="banner banner-ok" role="status" data-testid="done-banner">{t("accounts.refiled")}</p> : null}
      <section className="card">
        <dl className="facts wide stack-narrow" data-testid="contract-value">
          <dt>{t("cost.original")}</dt>
          <dd><Money fen={value.amountFen} /></dd>
          <dt>{t("cost.approvedChanges")}</dt>
          <dd><Money fen={value.approvedChangesFen} /></dd>
          {contract.settledOn ? (
            <>
              <dt>{t("cost.settledAmount")}</dt>
              <dd><Money fen={value.settledFen ?? "0"} /> ({formatDate(contract.settledOn, lang)})</dd>
            </>
          ) : null}
          <dt>{t("cost.currentValue")}</dt>
          <dd data-testid="current-value"><strong><Money fen={value.currentFen} /></strong></dd>
          <dt>{t("cost.pendingEstimates")}</dt>
          <dd><Money fen={value.pendingEstimatesFen} /></dd>
          <dt>{t("budget.paid")}</dt>
          <dd><Money fen={paidFen} /></dd>
          <dt>{t("cost.unpaid")}</dt>
          <dd><Money fen={(BigInt(value.currentFen) - BigInt(paidFen)).toString()} /></dd>
          <dt>{t("budget.signedOn")}</dt>
          <dd>{formatDate(contract.signedOn, lang)}</dd>
        </dl>
        {contract.status === "settled" ? <p className="muted">{t("cost.settledNote")}</p> : null}
      </section>
      <section className="card">
        <h2>{t("cost.changes")}</h2>
        {changes.length === 0 ? (
          <p className="muted">{t("common.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table changes-table" data-testid="changes">
              <thead>
                <tr>
                  <th>{t("ms.code")}</th>
                  <th>{t("cost.kind")}</th>
                  <th>{t("cost.changeTitle")}</th>
                  <th className="num">{t("cost.claimed")}</th>
                  <th className="num">{t("cost.estimate")}</th>
                  <th className="num">{t("cost.approved")}</th>
                  <th>{t("cost.status")}</th>
                  <th>{t("cost.submittedBy")}</th>
                  <th>{t("cost.decidedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.id} data-testid={`change-${c.code}`}>
                    <td className="code">{c.code}</td>
                    <td className="nowrap">{t(`cost.kind.${c.kind}` as MessageKey)}</td>
                    <td className="text-col">{c.title}{c.reason ? <div className="muted">{c.reason}</div> : null}</td>
                    <td className="num"><Money fen={c.claimedFen} /></td>
                    <td className="num"><Money fen={c.estimateFen} /></td>
                    <td className="num">{c.approvedFen !== null ? <Money fen={c.approvedFen} /> : ""}</td>
                    <td className="nowrap">
                      {t(`cost.changeStatus.${c.status}` as MessageKey)}
                      {c.awaitingApproval ? <div className="slip">{t("cost.awaitingApproval", { amount: formatMoney(c.awaitingApproval.amountFen, lang) })}</div> : null}
                    </td>
                    <td className="nowrap">{inLang(lang, c.submittedBy, c.submittedByEn)}</td>
                    <td className="nowrap">{inLang(lang, c.decidedBy, c.decidedByEn)}{c.decidedAt ? <div className="muted">{formatDateTime(c.decidedAt, lang)}</div> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canDecide && open ? (
        <div className="three-col">
          {canWrite ? <ChangeForm pageKey={idempotencyKey} result={resultFor("change")} /> : null}
          {changes
            .filter((c) => c.status === "pending" && !c.awaitingApproval)
            .map((c) => (
              <DecisionForm key={c.id} pageKey={idempotencyKey} change={c} thresholdFen={changeApprovalFen} result={resultFor("decide", c.id)} />
            ))}
          {canWrite ? <SettlementForm pageKey={idempotencyKey} today={now} result={resultFor("settle")} /> : null}
        </div>
      ) : null}
      <ProgressSection progress={progress} pageKey={idempotencyKey} today={now} result={actionData} />
      {actionData?.errors.form && !["change", "decide", "settle", "terms", "claim", "certify", "payment"].includes(actionData.intent) ? (
        <p className="field-error" role="alert">{errorText(t, lang, actionData.errors.form)}</p>
      ) : null}
      {canWrite && contract.status !== "voided" ? <RefileForm pageKey={idempotencyKey} leaves={leaves} accountId={contract.accountId} blockers={refile} result={resultFor("refile")} /> : null}
      <AuditHistory records={history} />
    </>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

function FormError({ error }: { error?: FieldErrors[string] }) {
  const t = useT();
  const lang = useLang();
  return error ? <p className="field-error" role="alert">{errorText(t, lang, error)}</p> : null;
}

function ChangeForm({ pageKey, result }: { pageKey: string; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="change-form">
      <FieldScope name="change">
        <h2>{t("cost.addChange")}</h2>
        <input type="hidden" name="intent" value="change" />
        <IdempotencyKey pageKey={pageKey} form="change" error={errors.idempotencyKey} />
        <FormError error={errors.form} />
        <Field name="kind" label={t("cost.kind")} error={errors.kind}>
          {(p) => (
            <select {...p} defaultValue={values.kind ?? "design_change"}>
              {CHANGE_KINDS.map((k) => <option key={k} value={k}>{t(`cost.kind.${k}`)}</option>)}
            </select>
          )}
        </Field>
        <Field name="code" label={t("ms.code")} error={errors.code}>{(p) => <input {...p} defaultValue={values.code ?? ""} maxLength={40} />}</Field>
        <Field name="title" label={t("cost.changeTitle")} error={errors.title}>{(p) => <input {...p} defaultValue={values.title ?? ""} maxLength={200} />}</Field>
        <Field name="claimed" label={t("cost.claimedYuan")} error={errors.claimed}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.claimed ?? ""} />}</Field>
        <Field name="estimate" label={t("cost.estimateYuan")} error={errors.estimate}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.estimate ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("cost.addChange")}</button>
      </FieldScope>
    </Form>
  );
}

function DecisionForm({ pageKey, change, thresholdFen, result }: { pageKey: string; change: { id: number; code: string; title: string; estimateFen: string }; thresholdFen: string; result: Result }) {
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid={`decide-${change.code}`}>
      <FieldScope name={`decide-${change.id}`}>
        <h2>{t("cost.decide")} <span className="code">{change.code}</span></h2>
        <p className="muted">{change.title}</p>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="changeId" value={change.id} />
        <IdempotencyKey pageKey={pageKey} form={`decide-${change.id}`} error={errors.idempotencyKey} />
        <FormError error={errors.form ?? errors.decision ?? errors.changeId} />
        <Field name="approved" label={t("cost.approvedYuan")} error={errors.approved} hint={t("cost.thresholdNote", { amount: formatMoney(thresholdFen, lang) })}>
          {(p) => <input {...p} inputMode="decimal" defaultValue={values.approved ?? ""} />}
        </Field>
        <Field name="reason" label={t("cost.decisionReason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
        <div className="form-actions">
          <button type="submit" name="decision" value="approve" className="button primary">{t("cost.approve")}</button>
          <button type="submit" name="decision" value="reject" className="button">{t("cost.reject")}</button>
        </div>
      </FieldScope>
    </Form>
  );
}

function SettlementForm({ pageKey, today: now, result }: { pageKey: string; today: string; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="settle-form">
      <FieldScope name="settle">
        <h2>{t("cost.settle")}</h2>
        <input type="hidden" name="intent" value="settle" />
        <IdempotencyKey pageKey={pageKey} form="settle" error={errors.idempotencyKey} />
        <FormError error={errors.form} />
        <Field name="settled" label={t("cost.settledYuan")} error={errors.settled} hint={t("cost.settleHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.settled ?? ""} />}</Field>
        <Field name="settledOn" label={t("cost.settledOn")} error={errors.settledOn}>{(p) => <input {...p} type="date" defaultValue={values.settledOn ?? now} max={now} />}</Field>
        <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
        <button type="submit" className="button primary">{t("cost.settle")}</button>
      </FieldScope>
    </Form>
  );
}
