// The contract page's progress-payment section (进度款, issue 13 point 5): the summary (value, certified,
// paid, advance outstanding, retention held, release date), the payment terms, the claims register
// (period, claimed, supervised, certified, advance recovered, payable, paid), and the forms to claim,
// certify and pay. Data comes from models/cost/progress.server.ts (contractProgress), made plain.
import { Form } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { inLang, useLang, useT, type MessageKey } from "~/i18n";
import { useCan } from "~/root";
import { formatDate, formatDateTime, formatMonth } from "~/utils/dates";
import { fenToYuanInput } from "~/utils/money";
import { formatTermBps } from "~/utils/percent";
import type { FieldErrors, FormValues } from "~/utils/forms";

type Fen = string;
export type ProgressData = {
  terms: { paymentRatioBps: number; advanceFen: Fen; retentionBps: number; defectPeriodMonths: number; completedOn: string | null; version: number; status: string };
  summary: {
    valueFen: Fen;
    certifiedFen: Fen;
    advancePaidFen: Fen;
    advanceRecoveredFen: Fen;
    progressPaidFen: Fen;
    retentionReleasedFen: Fen;
    payableFen: Fen;
    advanceOutstandingFen: Fen;
    retentionFen: Fen;
    retentionHeldFen: Fen;
    paidFen: Fen;
    releaseOn: string | null;
  };
  claims: {
    id: number;
    period: string;
    claimedFen: Fen;
    supervisedFen: Fen | null;
    certifiedFen: Fen | null;
    advanceRecoveryFen: Fen;
    payableFen: Fen | null;
    paidFen: Fen;
    status: string;
    createdBy: string;
    createdByEn?: string;
    certifiedBy: string;
    certifiedByEn?: string;
    certifiedAt: string | null;
  }[];
};
type Result = { intent: string; errors: FieldErrors; values: FormValues } | undefined;

// Payment ratio and retention are contract terms: shown at their own 0.01 % (utils/percent.ts).
const percent = (bps: number) => formatTermBps(bps);

export function ProgressSection({ progress, pageKey, today, result }: { progress: ProgressData; pageKey: string; today: string; result: Result }) {
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  const canCertify = useCan("cost.certify");
  const { summary, terms, claims } = progress;
  const resultFor = (intent: string) => (result?.intent === intent ? result : undefined);
  const open = claims.filter((c) => c.status !== "certified" && c.status !== "rejected");
  return (
    <>
      <section className="card" data-testid="progress-summary">
        <h2>{t("progress.title")}</h2>
        <dl className="facts">
          <dt>{t("progress.value")}</dt>
          <dd><Money fen={summary.valueFen} /></dd>
          <dt>{t("progress.certified")}</dt>
          <dd><Money fen={summary.certifiedFen} /></dd>
          <dt>{t("progress.paid")}</dt>
          <dd><Money fen={summary.paidFen} /> <span className="muted">({t("progress.kind.advance")} <Money fen={summary.advancePaidFen} />, {t("progress.kind.payment")} <Money fen={summary.progressPaidFen} />)</span></dd>
          <dt>{t("progress.payableNow")}</dt>
          <dd data-testid="payable-now"><strong><Money fen={summary.payableFen} unit="yuan" /></strong></dd>
          <dt>{t("progress.advanceOutstanding")}</dt>
          <dd><Money fen={summary.advanceOutstandingFen} /> <span className="muted">({t("progress.advanceRecovered")} <Money fen={summary.advanceRecoveredFen} />)</span></dd>
          <dt>{t("progress.retentionHeld")}</dt>
          <dd><Money fen={summary.retentionHeldFen} /> <span className="muted">({percent(terms.retentionBps)})</span></dd>
          <dt>{t("progress.releaseOn")}</dt>
          <dd>{summary.releaseOn ? formatDate(summary.releaseOn, lang) : t("progress.notCompleted")}</dd>
          <dt>{t("progress.terms")}</dt>
          <dd>
            {t("progress.ratio")} {percent(terms.paymentRatioBps)} · {t("progress.advance")} <Money fen={terms.advanceFen} /> · {t("progress.defectPeriod")} {terms.defectPeriodMonths}
            {t("progress.months")}
            {terms.completedOn ? ` · ${t("progress.completedOn")} ${formatDate(terms.completedOn, lang)}` : ""}
          </dd>
        </dl>
      </section>

      <section className="card">
        <h2>{t("progress.register")}</h2>
        {claims.length === 0 ? (
          <p className="muted">{t("common.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table stack-table" data-testid="claims">
              <thead>
                <tr>
                  <th>{t("progress.period")}</th>
                  <th className="num">{t("progress.claimed")}</th>
                  <th className="num">{t("progress.supervised")}</th>
                  <th className="num">{t("progress.certifiedValue")}</th>
                  <th className="num">{t("progress.advanceRecovery")}</th>
                  <th className="num">{t("progress.payable")}</th>
                  <th className="num">{t("progress.paidOnClaim")}</th>
                  <th>{t("progress.status")}</th>
                </tr>
              </thead>
              <tbody>
                {claims.map((c) => (
                  <tr key={c.id} data-testid={`claim-${c.period}`}>
                    <td data-label={t("progress.period")}>{formatMonth(c.period, lang)}</td>
                    <td className="num" data-label={t("progress.claimed")}><Money fen={c.claimedFen} /></td>
                    <td className="num" data-label={t("progress.supervised")}>{c.supervisedFen === null ? "—" : <Money fen={c.supervisedFen} />}</td>
                    <td className="num" data-label={t("progress.certifiedValue")}>{c.certifiedFen === null ? "—" : <Money fen={c.certifiedFen} />}</td>
                    <td className="num" data-label={t("progress.advanceRecovery")}><Money fen={c.advanceRecoveryFen} /></td>
                    <td className="num" data-label={t("progress.payable")}>{c.payableFen === null ? "—" : <Money fen={c.payableFen} />}</td>
                    <td className="num" data-label={t("progress.paidOnClaim")}><Money fen={c.paidFen} /></td>
                    <td data-label={t("progress.status")}>
                      <span>
                        {t(`progress.status.${c.status}` as MessageKey)}
                        <small className="muted">
                          {" "}
                          {inLang(lang, c.createdBy, c.createdByEn)}
                          {c.certifiedBy ? ` → ${inLang(lang, c.certifiedBy, c.certifiedByEn)}` : ""}
                          {c.certifiedAt ? ` · ${formatDateTime(c.certifiedAt, lang)}` : ""}
                        </small>
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canWrite || canCertify ? (
        <div className="three-col">
          {canWrite ? <ClaimForm pageKey={pageKey} result={resultFor("claim")} /> : null}
          {canCertify && open.length > 0 ? <CertifyForm pageKey={pageKey} result={resultFor("certify")} claims={open} /> : null}
          {canWrite ? <ContractPaymentForm pageKey={pageKey} result={resultFor("payment")} today={today} payableFen={summary.payableFen} /> : null}
          {canWrite ? <TermsForm terms={terms} result={resultFor("terms")} today={today} /> : null}
        </div>
      ) : null}
    </>
  );
}

function ClaimForm({ pageKey, result }: { pageKey: string; result: Result }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="claim-form">
      <FieldScope name="claim">
        <h2>{t("progress.addClaim")}</h2>
        <input type="hidden" name="intent" value="claim" />
        <IdempotencyKey pageKey={pageKey} form="claim" error={errors.idempotencyKey} />
        {errors.form ? <FormError error={errors.form} /> : null}
        <Field name="period" label={t("progress.period")} error={errors.period}>{(p) => <input {...p} type="month" placeholder="YYYY-MM" defaultValue={values.period ?? ""} />}</Field>
        <Field name="claimed" label={t("progress.claimedYuan")} error={errors.claimed} hint={t("progress.cumulativeHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.claimed ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("progress.addClaim")}</button>
      </FieldScope>
    </Form>
  );
}

function CertifyForm({ pageKey, result, claims }: { pageKey: string; result: Result; claims: ProgressData["claims"] }) {
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="certify-form">
      <FieldScope name="certify">
        <h2>{t("progress.certify")}</h2>
        <input type="hidden" name="intent" value="certify" />
        <IdempotencyKey pageKey={pageKey} form="certify" error={errors.idempotencyKey} />
        {errors.form ? <FormError error={errors.form} /> : null}
        <Field name="claimId" label={t("progress.period")} error={errors.claimId}>
          {(p) => (
            <select {...p} defaultValue={values.claimId ?? String(claims[0].id)}>
              {claims.map((c) => (
                <option key={c.id} value={c.id}>
                  {formatMonth(c.period, lang)} · {fenToYuanInput(c.claimedFen)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="supervised" label={t("progress.supervisedYuan")} error={errors.supervised} hint={t("progress.optional")}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.supervised ?? ""} />}</Field>
        <Field name="certified" label={t("progress.certifiedYuan")} error={errors.certified}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.certified ?? ""} />}</Field>
        <Field name="advanceRecovery" label={t("progress.advanceRecoveryYuan")} error={errors.advanceRecovery} hint={t("progress.recoveryHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.advanceRecovery ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("progress.certify")}</button>
      </FieldScope>
    </Form>
  );
}

function ContractPaymentForm({ pageKey, result, today, payableFen }: { pageKey: string; result: Result; today: string; payableFen: string }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values)} data-testid="contract-payment-form">
      <FieldScope name="pay">
        <h2>{t("progress.pay")}</h2>
        <input type="hidden" name="intent" value="payment" />
        <IdempotencyKey pageKey={pageKey} form="payment" error={errors.idempotencyKey} />
        {errors.form ? <FormError error={errors.form} /> : null}
        {errors.lineId || errors.contractId ? <FormError error={(errors.lineId ?? errors.contractId)!} /> : null}
        <Field name="kind" label={t("progress.kind")} error={errors.kind}>
          {(p) => (
            <select {...p} defaultValue={values.kind ?? "payment"}>
              {(["payment", "advance", "retention_release"] as const).map((kind) => (
                <option key={kind} value={kind}>{t(`progress.kind.${kind}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="paidOn" label={t("budget.date")} error={errors.paidOn}>{(p) => <input {...p} type="date" max={today} defaultValue={values.paidOn ?? today} />}</Field>
        <Field name="amount" label={t("budget.amountYuan")} error={errors.amount} hint={`${t("progress.payableNow")} ${fenToYuanInput(payableFen)}`}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.amount ?? ""} />}</Field>
        <Field name="payee" label={t("budget.payee")} error={errors.payee}>{(p) => <input {...p} defaultValue={values.payee ?? ""} maxLength={200} />}</Field>
        <Field name="voucherNo" label={t("budget.voucher")} error={errors.voucherNo}>{(p) => <input {...p} defaultValue={values.voucherNo ?? ""} maxLength={50} />}</Field>
        <input type="hidden" name="note" value="" />
        <button type="submit" className="button primary">{t("progress.pay")}</button>
      </FieldScope>
    </Form>
  );
}

function TermsForm({ terms, result, today }: { terms: ProgressData["terms"]; result: Result; today: string }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const shown = (name: string, fallback: string) => values[name] ?? fallback;
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(values) + terms.version} data-testid="terms-form">
      <FieldScope name="terms">
        <h2>{t("progress.editTerms")}</h2>
        <input type="hidden" name="intent" value="terms" />
        <input type="hidden" name="version" value={terms.version} />
        {errors.form ? <FormError error={errors.form} /> : null}
        <Field name="paymentRatio" label={t("progress.ratioPercent")} error={errors.paymentRatio}>{(p) => <input {...p} inputMode="decimal" defaultValue={shown("paymentRatio", String(terms.paymentRatioBps / 100))} />}</Field>
        <Field name="advance" label={t("progress.advanceYuan")} error={errors.advance} hint={t("progress.advanceHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={shown("advance", fenToYuanInput(terms.advanceFen))} />}</Field>
        <Field name="retention" label={t("progress.retentionPercent")} error={errors.retention} hint={t("progress.retentionHint")}>{(p) => <input {...p} inputMode="decimal" defaultValue={shown("retention", String(terms.retentionBps / 100))} />}</Field>
        <Field name="defectPeriodMonths" label={t("progress.defectPeriodMonths")} error={errors.defectPeriodMonths}>{(p) => <input {...p} inputMode="numeric" defaultValue={shown("defectPeriodMonths", String(terms.defectPeriodMonths))} />}</Field>
        <Field name="completedOn" label={t("progress.completedOn")} error={errors.completedOn}>{(p) => <input {...p} type="date" max={today} defaultValue={shown("completedOn", terms.completedOn ?? "")} />}</Field>
        <button type="submit" className="button">{t("common.save")}</button>
      </FieldScope>
    </Form>
  );
}

function FormError({ error }: { error: FieldErrors[string] }) {
  const t = useT();
  const lang = useLang();
  return (
    <p className="field-error" role="alert">
      {errorText(t, lang, error)}
    </p>
  );
}
