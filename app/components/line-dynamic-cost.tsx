// A budget line's 动态成本 card: the figure and how it is made up, its variance against the target
// (the current budget until target-cost versions exist), the 待发生成本 form and its history.
import { Form } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { TargetBadge, Variance } from "~/components/dynamic-cost";
import { Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import type { TargetLevel } from "~/domain/cost/dynamic-cost";
import { inLang, localName, useLang, useT } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { fenToYuanInput } from "~/utils/money";
import { formatShare } from "~/utils/percent";

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

type Account = { id: number; code: string; name: string; nameEn: string };

export function DynamicCostCard({ dynamic, history, children }: { dynamic: Dynamic; history: { id: number; amountFen: string; reason: string; by: string; byEn?: string; createdAt: string; account?: Account | null }[]; children?: ReactNode }) {
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
        <dd data-testid="dynamic-fen"><strong><Money fen={dynamic.dynamicFen} /></strong> ({formatShare(BigInt(dynamic.dynamicFen), BigInt(dynamic.targetFen))} {t("cost.targetUsed")})</dd>
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
          <div className="table-scroll">
          <table className="data-table compact" data-testid="to-come-history">
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td className="dates">{formatDateTime(h.createdAt, lang)}</td>
                  <td className="text-col">{h.account ? <><span className="code">{h.account.code}</span> {localName(lang, h.account)}</> : ""}</td>
                  <td className="num"><Money fen={h.amountFen} /></td>
                  <td className="text-col">{h.reason}</td>
                  <td className="muted nowrap">{inLang(lang, h.by, h.byEn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </details>
    </section>
  );
}

/**
 * 待发生成本 per leaf account (成本科目): the line's leaves with their current estimate (the line's is
 * their sum), and the form that revises one of them with a reason.
 */
export function ToComeForm({ pageKey, leaves, result }: { pageKey: string; leaves: (Account & { toComeFen: string })[]; result: { errors: FieldErrors; values: FormValues } | undefined }) {
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const [accountId, setAccountId] = useState(values.accountId ?? String(leaves[0]?.id ?? ""));
  const current = leaves.find((leaf) => String(leaf.id) === accountId)?.toComeFen ?? "0";
  return (
    <div className="stack">
      <h3>{t("cost.toComeByAccount")}</h3>
      <div className="table-scroll">
      <table className="data-table compact" data-testid="to-come-leaves">
        <tbody>
          {leaves.map((leaf) => (
            <tr key={leaf.id}>
              <td className="code">{leaf.code}</td>
              <td>{localName(lang, leaf)}</td>
              <td className="num"><Money fen={leaf.toComeFen} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <Form method="post" className="stack" noValidate key={JSON.stringify(values)} data-testid="to-come-form">
        <FieldScope name="to-come">
          <h3>{t("cost.reviseToCome")}</h3>
          <input type="hidden" name="intent" value="to_come" />
          <IdempotencyKey pageKey={pageKey} form="to-come" error={errors.idempotencyKey} />
          <Field name="accountId" label={t("accounts.account")} error={errors.accountId}>
            {(p) => (
              <select {...p} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
                {leaves.map((leaf) => (
                  <option key={leaf.id} value={leaf.id}>{leaf.code} {localName(lang, leaf)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field name="amount" label={t("cost.toComeAmount")} error={errors.amount} hint={t("cost.toComeHint")}>
            {/* Keyed by the account: choosing another leaf shows its current estimate. */}
            {(p) => <input key={accountId} {...p} inputMode="decimal" defaultValue={values.amount && values.accountId === accountId ? values.amount : fenToYuanInput(current)} />}
          </Field>
          <Field name="reason" label={t("audit.reason")} error={errors.reason}>{(p) => <textarea {...p} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}</Field>
          <button type="submit" className="button primary">{t("cost.reviseToCome")}</button>
        </FieldScope>
      </Form>
    </div>
  );
}
