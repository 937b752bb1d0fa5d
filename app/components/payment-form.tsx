// The payment form of /budget: on a contract (the payment goes to the contract's cost account) or
// outside contracts on a leaf cost account (成本科目), which is then required. The budget line is the
// account's: the form does not ask for it.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { LeafSelect, type LeafChoice } from "~/components/leaf-select";
import { useLang, useT } from "~/i18n";
import type { FieldErrors, FormValues } from "~/utils/forms";

type Contract = { id: number; lineId: number; accountId: number | null; code: string; title: string; titleEn?: string; contractor: string };

type PaymentFormProps = Parameters<typeof PaymentFormFields>[0];

/**
 * Keyed by the page load and the values sent back: after a payment is recorded the form starts empty
 * (no contract or account still chosen from the payment just made), and after a refusal it shows what
 * was typed.
 */
export function PaymentForm(props: PaymentFormProps) {
  return <PaymentFormFields key={`${props.pageKey}:${JSON.stringify(props.result?.values ?? {})}`} {...props} />;
}

function PaymentFormFields({
  leaves,
  contracts: choices,
  today: now,
  pageKey,
  result,
}: {
  leaves: LeafChoice[];
  /** All contracts (a select), or past a select's worth the latest as suggestions for a contract number. */
  contracts: { all: boolean; total: number; contracts: Contract[] };
  today: string;
  pageKey: string;
  result: { errors: FieldErrors; values: FormValues } | undefined;
}) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const [contractId, setContractId] = useState(values.contractId ?? "");
  const [accountId, setAccountId] = useState(values.accountId ?? "");
  const [contractCode, setContractCode] = useState(values.contractCode ?? "");
  const contracts = choices.contracts;
  const contract = choices.all ? contracts.find((c) => String(c.id) === contractId) : undefined;
  // A contract typed by its number: its account is the contract's (the server ignores any chosen).
  const byCode = !choices.all && contractCode.trim() !== "";
  return (
    <Form method="post" className="card form-grid" noValidate data-testid="payment-form">
      <h2>{t("budget.recordPayment")}</h2>
      <input type="hidden" name="intent" value="payment" />
      <IdempotencyKey pageKey={pageKey} form="payment" error={errors.idempotencyKey} />
      {choices.all ? (
        <Field name="contractId" label={t("budget.contract")} error={errors.contractId}>
          {(props) => (
            <select {...props} value={contractId} onChange={(e) => setContractId(e.target.value)}>
              <option value="">{t("budget.noContract")}</option>
              {contracts.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} {lang === "en" ? c.titleEn || c.title : c.title}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field name="contractCode" label={t("budget.contractCode")} error={errors.contractCode} hint={t("budget.contractCodeHint", { total: choices.total, shown: contracts.length })}>
          {(props) => (
            <>
              <input {...props} value={contractCode} onChange={(e) => setContractCode(e.target.value)} list="payment-contract-codes" maxLength={40} autoComplete="off" placeholder={t("budget.noContract")} />
              <datalist id="payment-contract-codes">
                {contracts.map((c) => (
                  <option key={c.id} value={c.code}>
                    {lang === "en" ? c.titleEn || c.title : c.title} · {c.contractor}
                  </option>
                ))}
              </datalist>
            </>
          )}
        </Field>
      )}
      <Field name="accountId" label={t("accounts.account")} error={errors.accountId} hint={contract || byCode ? t("accounts.followsContract") : undefined}>
        {(props) =>
          byCode ? (
            // Not sent: the contract named by its number gives the account.
            <LeafSelect {...props} name={undefined} leaves={leaves} value="" disabled onChange={() => undefined} empty={t("accounts.followsContract")} />
          ) : contract ? (
            // On a contract the account is the contract's: shown, not sent (the server takes the contract's).
            <LeafSelect {...props} name={undefined} leaves={leaves} value={String(contract.accountId ?? "")} disabled onChange={() => undefined} />
          ) : (
            <LeafSelect {...props} leaves={leaves} value={accountId} onChange={(e) => setAccountId(e.target.value)} empty={t("accounts.choose")} />
          )
        }
      </Field>
      <Field name="paidOn" label={t("budget.date")} error={errors.paidOn}>
        {(props) => <input {...props} type="date" defaultValue={values.paidOn ?? now} max={now} />}
      </Field>
      <Field name="amount" label={t("budget.amountYuan")} error={errors.amount}>
        {(props) => <input {...props} inputMode="decimal" defaultValue={values.amount ?? ""} placeholder="1,234,567.89" />}
      </Field>
      <Field name="payee" label={t("budget.payee")} error={errors.payee}>
        {(props) => <input {...props} defaultValue={values.payee ?? ""} maxLength={200} />}
      </Field>
      <Field name="voucherNo" label={t("budget.voucher")} error={errors.voucherNo}>
        {(props) => <input {...props} defaultValue={values.voucherNo ?? ""} maxLength={50} />}
      </Field>
      <Field name="note" label={t("ms.note")} error={errors.note}>
        {(props) => <textarea {...props} rows={2} defaultValue={values.note ?? ""} maxLength={500} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("budget.recordPayment")}
        </button>
      </div>
    </Form>
  );
}
