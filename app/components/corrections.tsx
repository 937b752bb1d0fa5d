// Corrections on the pages (issue 13, point 8): a ledger row's kind, the link between a payment and its
// reversal (红冲) with the reason, and the form that reverses a payment; a voided contract's mark.
import { Form } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { useLang, useT, type MessageKey } from "~/i18n";
import { formatDate } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";

export type ReverseResult = { paymentId: string; errors: FieldErrors; values: FormValues };

type Link = { id: number; paidOn: string; voucherNo: string };
type Row = {
  id: number;
  kind: string;
  reason: string;
  progressClaimId?: number | null;
  reversalOfId: number | null;
  reversalOf?: Link | null;
  reversedBy: (Link & { reason: string }) | null;
};

/** A payment's kind as the ledger names it: 支付, 进度款 (a payment of a progress claim), 预付款, 质保金释放, 红冲. */
export function paymentKindKey(row: { kind: string; progressClaimId?: number | null }): MessageKey {
  if (row.kind === "payment") return row.progressClaimId ? "progress.kind.payment" : "corrections.kind.payment";
  return `corrections.kind.${row.kind}` as MessageKey;
}

/**
 * The kind of a payment row and its correction link, each side naming the other by voucher and date:
 * "已红冲 红冲记录 记-… (date): reason" on the original, "红冲 记-… (date): reason" on the reversal.
 */
export function CorrectionNote({ row }: { row: Row }) {
  const t = useT();
  const lang = useLang();
  // A payment entered without a voucher number is named by its row number instead.
  const named = (link: Link) => ({ voucher: link.voucherNo || `#${link.id}`, date: formatDate(link.paidOn, lang) });
  if (row.kind === "reversal" && row.reversalOfId) {
    const of = row.reversalOf ? named(row.reversalOf) : { voucher: `#${row.reversalOfId}`, date: "" };
    return (
      <span className="correction" data-testid="reversal-of">
        <span className="badge badge-bad">{t("corrections.kind.reversal")}</span>{" "}
        <a href={`#payment-${row.reversalOfId}`}>{t("corrections.reversalOf", { ...of, reason: row.reason })}</a>
      </span>
    );
  }
  return (
    <span className="correction">
      <span className="badge">{t(paymentKindKey(row))}</span>{" "}
      {row.reversedBy ? (
        <span data-testid="reversed-by">
          <span className="badge badge-bad">{t("corrections.reversed")}</span>{" "}
          <a href={`#payment-${row.reversedBy.id}`}>{t("corrections.reversedBy", { ...named(row.reversedBy), reason: row.reversedBy.reason })}</a>
        </span>
      ) : null}
    </span>
  );
}

/** The ledger's last cell: the correction note, and for an open payment the form that reverses it (finance only). */
export function ReversalCell({ row, canWrite, pageKey, today, result }: { row: Row; canWrite: boolean; pageKey: string; today: string; result?: ReverseResult }) {
  const t = useT();
  const lang = useLang();
  const open = canWrite && row.kind !== "reversal" && !row.reversedBy;
  const errors = result?.errors ?? {};
  return (
    <>
      <CorrectionNote row={row} />
      {open ? (
        <details className="reverse" open={Boolean(result)}>
          <summary>{t("corrections.reverse")}</summary>
          <Form method="post" className="stack" noValidate data-testid={`reverse-form-${row.id}`}>
            <FieldScope name={`reverse-${row.id}`}>
              <input type="hidden" name="intent" value="reverse" />
              <input type="hidden" name="paymentId" value={row.id} />
              <IdempotencyKey pageKey={pageKey} form={`reverse-${row.id}`} error={errors.idempotencyKey} />
              {errors.form ? <p className="field-error" role="alert">{errorText(t, lang, errors.form)}</p> : null}
              <p className="muted small">{t("corrections.reverseHint", { today: formatDate(today, lang) })}</p>
              <Field name="reason" label={t("corrections.reason")} error={errors.reason ?? errors.paymentId}>
                {(p) => <textarea {...p} rows={2} maxLength={500} required defaultValue={result?.values.reason ?? ""} />}
              </Field>
              <button type="submit" className="button danger">{t("corrections.reverseThis")}</button>
            </FieldScope>
          </Form>
        </details>
      ) : null}
    </>
  );
}

/** A contract row's last cell: "已作废：reason" for a voided contract, else the form that voids it (finance only). */
export function VoidCell({ contract, canWrite, pageKey, result }: { contract: { id: number; status: string; voidReason: string }; canWrite: boolean; pageKey: string; result?: { errors: FieldErrors; values: FormValues } }) {
  const t = useT();
  const lang = useLang();
  if (contract.status === "voided") {
    return <span className="correction" data-testid="voided"><span className="badge badge-bad">{t("corrections.voided")}</span> {contract.voidReason}</span>;
  }
  if (!canWrite || contract.status === "settled" || contract.status === "closed") return null;
  const errors = result?.errors ?? {};
  return (
    <details className="void" open={Boolean(result)}>
      <summary>{t("corrections.voidContract")}</summary>
      <Form method="post" className="stack" noValidate data-testid={`void-form-${contract.id}`}>
        <FieldScope name={`void-${contract.id}`}>
          <input type="hidden" name="intent" value="void" />
          <input type="hidden" name="contractId" value={contract.id} />
          <IdempotencyKey pageKey={pageKey} form={`void-${contract.id}`} error={errors.idempotencyKey} />
          <p className="muted small">{t("corrections.voidHint")}</p>
          {errors.contractId ? <p className="field-error" role="alert">{errorText(t, lang, errors.contractId)}</p> : null}
          <Field name="reason" label={t("corrections.reason")} error={errors.reason}>
            {(p) => <textarea {...p} rows={2} maxLength={500} required defaultValue={result?.values.reason ?? ""} />}
          </Field>
          <button type="submit" className="button danger">{t("corrections.voidContract")}</button>
        </FieldScope>
      </Form>
    </details>
  );
}
