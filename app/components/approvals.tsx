// Approvals (maker-checker) and the project ceiling as the pages show them: what an item is, the banner
// after submitting, the ceiling notice on /budget and the dashboard, the project-budget form and the
// dashboard card. Plain data in (money as strings of 分), no server code.
import { Form, Link } from "@remix-run/react";
import { Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { inLang, localName, useLang, useT, type MessageKey } from "~/i18n";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { formatMoney } from "~/utils/money";

type Named = { code: string; name: string; nameEn: string };
export type ApprovalView = {
  id: number;
  kind: string;
  amountFen: string;
  reason: string;
  submittedBy: string;
  submittedByEn?: string;
  createdAt: string;
  line: Named | null;
  toLine: Named | null;
  payee: string;
  /** A target-cost version's number (kind target_cost). */
  target?: { no: number } | null;
};

export function useApprovalWhat() {
  const t = useT();
  const lang = useLang();
  return (item: ApprovalView) => {
    const kind = t(`approvals.kind.${item.kind}` as MessageKey);
    const line = item.line ? `${item.line.code} ${localName(lang, item.line)}` : "";
    const target = item.toLine ? ` → ${item.toLine.code} ${localName(lang, item.toLine)}` : "";
    const payee = item.payee ? ` · ${item.payee}` : "";
    const version = item.target ? ` V${item.target.no}` : "";
    return `${kind}${version}${line ? ` · ${line}` : ""}${target}${payee}`;
  };
}

export function SubmittedBanner({ item }: { item: ApprovalView }) {
  const t = useT();
  const lang = useLang();
  const what = useApprovalWhat();
  return (
    <p className="banner banner-ok" role="status" data-testid="submitted-banner">
      {t("approvals.submitted", { what: what(item), amount: formatMoney(item.amountFen, lang, "yuan") })} <Link to="/approvals">{t("approvals.viewAll")}</Link>
    </p>
  );
}

/** The line budgets past the approved project total: shown until a project-budget approval resolves it. */
export function CeilingNotice({ overFen, pendingProjectBudget }: { overFen: string; pendingProjectBudget: number }) {
  const t = useT();
  const lang = useLang();
  if (overFen === "0") return null;
  return (
    <p className="banner banner-warn" role="status" data-testid="ceiling-over">
      {t("ceiling.over", { over: formatMoney(overFen, lang) })}
      {pendingProjectBudget > 0 ? (
        <>
          {" · "}
          <Link to="/approvals">{t("ceiling.pending", { count: String(pendingProjectBudget) })}</Link>
        </>
      ) : null}
    </p>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

export function ProjectBudgetForm({ pageKey, result, totalFen, linesCurrentFen }: { pageKey: string; result: Result; totalFen: string; linesCurrentFen: string }) {
  const t = useT();
  const lang = useLang();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <details className="card" open={Boolean(result)} data-testid="project-budget-form">
      <summary>{t("ceiling.formTitle")}</summary>
      <p className="muted">{t("ceiling.current", { total: formatMoney(totalFen, lang, "yuan"), lines: formatMoney(linesCurrentFen, lang, "yuan") })}</p>
      <Form method="post" className="form-grid" noValidate key={JSON.stringify(values)}>
        <FieldScope name="project-budget">
          <input type="hidden" name="intent" value="project_budget" />
          <IdempotencyKey pageKey={pageKey} form="project-budget" error={errors.idempotencyKey} />
          <Field name="amount" label={t("ceiling.amount")} error={errors.amount}>
            {(props) => <input {...props} inputMode="decimal" defaultValue={values.amount ?? ""} />}
          </Field>
          <Field name="reason" label={t("audit.reason")} error={errors.reason}>
            {(props) => <textarea {...props} rows={2} defaultValue={values.reason ?? ""} maxLength={500} />}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("ceiling.submit")}
            </button>
          </div>
        </FieldScope>
      </Form>
    </details>
  );
}

/** The dashboard's card for approvers: how many items wait, and the largest few. */
export function PendingApprovalsCard({ count, top }: { count: number; top: ApprovalView[] }) {
  const t = useT();
  const lang = useLang();
  const what = useApprovalWhat();
  return (
    <section className="card" data-testid="pending-approvals">
      <h2>
        <Link to="/approvals">{t("approvals.count", { count: String(count) })}</Link>
      </h2>
      {count === 0 ? (
        <p className="muted">{t("approvals.none")}</p>
      ) : (
        <ul className="plain-list">
          {top.map((item) => (
            <li key={item.id}>
              {what(item)} · <Money fen={item.amountFen} /> · {inLang(lang, item.submittedBy, item.submittedByEn)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
