// Re-filing a contract to another leaf cost account of its line (models/cost/accounts.server.ts
// refileContract): allowed while nothing is paid or awaiting approval on it, with a reason (audited).
import { Form } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { LeafSelect, type LeafChoice } from "~/components/leaf-select";
import { useLang, useT } from "~/i18n";
import type { FieldErrors, FormValues } from "~/utils/forms";

export function RefileForm({
  pageKey,
  leaves,
  accountId,
  blockers,
  result,
}: {
  pageKey: string;
  leaves: LeafChoice[];
  accountId: number | null;
  // Payments and payments awaiting approval on the contract: either one rules re-filing out.
  blockers: { payments: number; requests: number };
  result: { errors: FieldErrors; values: FormValues } | undefined;
}) {
  const t = useT();
  const lang = useLang();
  if (blockers.payments > 0 || blockers.requests > 0) {
    const why = blockers.payments > 0 ? { message: "refile_has_payments", vars: { count: String(blockers.payments) } } : { message: "refile_has_requests", vars: { count: String(blockers.requests) } };
    return (
      <p className="card muted" data-testid="refile-blocked">
        {t("accounts.refile")}: {errorText(t, lang, why)}
      </p>
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <details className="card" open={Boolean(result)} data-testid="refile">
      <summary>{t("accounts.refile")}</summary>
      <p className="muted">{t("accounts.refileHint")}</p>
      <Form method="post" className="stack" noValidate key={JSON.stringify(values)} data-testid="refile-form">
        <FieldScope name="refile">
          <input type="hidden" name="intent" value="refile" />
          <IdempotencyKey pageKey={pageKey} form="refile" error={errors.idempotencyKey} />
          <Field name="accountId" label={t("accounts.account")} error={errors.accountId}>
            {(p) => <LeafSelect {...p} leaves={leaves} defaultValue={values.accountId ?? String(accountId ?? "")} />}
          </Field>
          <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
          <button type="submit" className="button primary">{t("accounts.refile")}</button>
        </FieldScope>
      </Form>
    </details>
  );
}
