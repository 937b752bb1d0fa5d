// A budget line's 动态成本 card: the figure and how it is made up, its variance against the target
// (the current budget until target-cost versions exist), the 待发生成本 form and its history.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { TargetBadge, Variance } from "~/components/dynamic-cost";
import { Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import type { TargetLevel } from "~/domain/cost/dynamic-cost";
import { useLang, useT } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { fenToYuanInput } from "~/utils/money";

type Dynamic = {
  contractsFen: string;
  pendingEstimatesFen: string;
  toComeFen: string;
  paidOutsideContractsFen: string;
  targetFen: string;
  dynamicFen: string;
  varianceFen: string;
  targetUsedBps: number;
  level: TargetLevel;
};

export function DynamicCostCard({ dynamic, history, children }: { dynamic: Dynamic; history: { id: number; amountFen: string; reason: string; by: string; createdAt: string }[]; children?: ReactNode }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" data-testid="dynamic-cost">
      <h2>
        {t("cost.dynamic")} <TargetBadge level={dynamic.level} />
      </h2>
      <p className="muted">{t("cost.dynamicFormula")}</p>
      <dl className="facts wide">
        <dt>{t("cost.contractsValue")}</dt>
        <dd><Money fen={dynamic.contractsFen} /></dd>
        <dt>{t("cost.pendingEstimates")}</dt>
        <dd><Money fen={dynamic.pendingEstimatesFen} /></dd>
        <dt>{t("cost.toCome")}</dt>
        <dd><Money fen={dynamic.toComeFen} /></dd>
        <dt>{t("cost.paidOutside")}</dt>
        <dd><Money fen={dynamic.paidOutsideContractsFen} /></dd>
        <dt>{t("cost.dynamic")}</dt>
        <dd data-testid="dynamic-fen"><strong><Money fen={dynamic.dynamicFen} /></strong> ({(Math.trunc(dynamic.targetUsedBps / 10) / 10).toFixed(1)}% {t("cost.targetUsed")})</dd>
        <dt><abbr title={t("cost.targetTip")}>{t("cost.target")}</abbr></dt>
        <dd><Money fen={dynamic.targetFen} /></dd>
        <dt><abbr title={t("cost.varianceTip")}>{t("cost.variance")}</abbr></dt>
        <dd data-testid="dynamic-variance"><Variance fen={dynamic.varianceFen} /></dd>
      </dl>
      {children}
      <details>
        <summary>{t("cost.toComeHistory")}</summary>
        {history.length === 0 ? (
          <p className="muted">{t("common.none")}</p>
        ) : (
          <table className="data-table compact" data-testid="to-come-history">
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td className="dates">{formatDateTime(h.createdAt, lang)}</td>
                  <td className="num"><Money fen={h.amountFen} /></td>
                  <td>{h.reason}</td>
                  <td className="muted">{h.by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </section>
  );
}

export function ToComeForm({ pageKey, current, result }: { pageKey: string; current: string; result: { errors: FieldErrors; values: FormValues } | undefined }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <Form method="post" className="stack" noValidate key={JSON.stringify(values)} data-testid="to-come-form">
      <FieldScope name="to-come">
        <h3>{t("cost.reviseToCome")}</h3>
        <input type="hidden" name="intent" value="to_come" />
        <IdempotencyKey pageKey={pageKey} form="to-come" error={errors.idempotencyKey} />
        <Field name="amount" label={t("cost.toComeAmount")} error={errors.amount} hint={t("cost.toComeHint")}>
          {(p) => <input {...p} inputMode="decimal" defaultValue={values.amount ?? fenToYuanInput(current)} />}
        </Field>
        <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
        <button type="submit" className="button primary">{t("cost.reviseToCome")}</button>
      </FieldScope>
    </Form>
  );
}
