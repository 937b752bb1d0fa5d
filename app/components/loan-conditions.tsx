// 放款条件 and 资本金 as the financing pages show them (issue 14, point 4): a facility's conditions with
// ✓/✗ and their detail, the add and remove forms, the flag and override request on a drawdown whose
// conditions are unmet, and the project's equity with its contributions, reversals and forms. Plain data
// in (money as strings of 分), no server code.
import { Form } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { inLang, localName, useLang, useT, type MessageKey, type Translate } from "~/i18n";
import { formatDate } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { formatMoney, formatMoneyShared, type Lang } from "~/utils/money";
import { formatShare, formatTermBps } from "~/utils/percent";

type Result = { errors: FieldErrors; values: FormValues } | undefined;

type Detail =
  | { kind: "four_certificates"; missing: { kind: string; reason: string; codes: string[] }[] }
  | { kind: "equity_ratio"; ratioBps: number; requiredBps: number; paidFen: string; totalFen: string }
  | { kind: "milestone"; milestoneId: number | null; milestone: { code: string; name: string; nameEn: string; done: boolean } | null }
  | { kind: "unknown" };
export type ConditionView = { id: number; kind: string; note: string; met: boolean; detail: Detail };
export type OverrideView = { approvalId: number; drawdownId: number; status: string; reason: string; decidedBy: string; decidedByEn?: string; used: boolean };

/** A required ratio (an entered term) at its own 0.01 %; the ratio reached is paid ÷ total, half up to 0.1 % (formatShare). */
export const pct = (bps: number) => formatTermBps(bps);

function kindName(t: Translate, kind: string) {
  return ["four_certificates", "equity_ratio", "milestone"].includes(kind) ? t(`loan.kind.${kind}` as MessageKey) : t("loan.kind.unknown");
}

export function conditionDetail(t: Translate, lang: Lang, detail: Detail): string {
  switch (detail.kind) {
    case "four_certificates":
      if (detail.missing.length === 0) return t("loan.allCertificates");
      return t("loan.missing", {
        list: detail.missing
          .map((m) => { const why = m.reason === "not_in_schedule" ? t("loan.notInSchedule") : t("loan.notDone", { codes: m.codes.join(lang === "en" ? ", " : "、") }); return lang === "en" ? `${t(`loan.cert.${m.kind}` as MessageKey)} (${why})` : `${t(`loan.cert.${m.kind}` as MessageKey)}（${why}）`; })
          .join(lang === "en" ? "; " : "；"),
      });
    case "equity_ratio": {
      const [paid, total] = formatMoneyShared([detail.paidFen, detail.totalFen], lang);
      return t("loan.ratioDetail", { ratio: formatShare(BigInt(detail.paidFen), BigInt(detail.totalFen)), required: pct(detail.requiredBps), paid, total });
    }
    case "milestone":
      return detail.milestone
        ? t("loan.milestoneDetail", { code: detail.milestone.code, name: localName(lang, detail.milestone), state: t(detail.milestone.done ? "loan.milestoneDone" : "loan.milestoneNotDone") })
        : t("loan.milestoneGone");
    default:
      return "";
  }
}

/** The facility page's 放款条件 section: each condition with ✓/✗, remove buttons and the add form. */
export function LoanConditions({
  conditions,
  milestones,
  canWrite,
  pageKey,
  addResult,
  removeResult,
}: {
  conditions: ConditionView[];
  milestones: { id: number; code: string; name: string; nameEn: string }[];
  canWrite: boolean;
  pageKey: string;
  addResult: Result;
  removeResult: Result;
}) {
  const t = useT();
  const lang = useLang();
  const values = addResult?.values ?? {};
  const errors = addResult?.errors ?? {};
  return (
    <section className="card" data-testid="loan-conditions">
      <h2>{t("loan.title")}</h2>
      <p className="muted small">{t("loan.intro")}</p>
      {conditions.length === 0 ? (
        <p className="muted">{t("loan.none")}</p>
      ) : (
        <ul className="plain-list">
          {conditions.map((c) => (
            <li key={c.id} data-testid={`condition-${c.id}`} className={c.met ? "" : "warn"}>
              <span aria-label={t(c.met ? "loan.met" : "loan.unmet")} title={t(c.met ? "loan.met" : "loan.unmet")}>{c.met ? "✓" : "✗"}</span>{" "}
              <strong>{kindName(t, c.kind)}</strong> · {conditionDetail(t, lang, c.detail)}
              {c.note ? <span className="muted"> · {c.note}</span> : null}
              {canWrite ? (
                <Form method="post" className="inline-form" noValidate>
                  <input type="hidden" name="intent" value="removeCondition" />
                  <input type="hidden" name="conditionId" value={c.id} />
                  <button type="submit" className="button small">{t("loan.remove")}</button>
                  {removeResult?.values.conditionId === String(c.id) && removeResult.errors.conditionId ? (
                    <small className="field-error" role="alert">{errorText(t, lang, removeResult.errors.conditionId)}</small>
                  ) : null}
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <Form method="post" className="form-grid" noValidate key={`c${JSON.stringify(values)}`} data-testid="condition-form">
          <FieldScope name="condition">
            <input type="hidden" name="intent" value="condition" />
            <IdempotencyKey pageKey={pageKey} form="condition" error={errors.idempotencyKey ?? errors.form} />
            <Field name="kind" label={t("loan.kind")} error={errors.kind}>
              {(p) => (
                <select {...p} defaultValue={values.kind ?? "four_certificates"}>
                  {(["four_certificates", "equity_ratio", "milestone"] as const).map((k) => <option key={k} value={k}>{t(`loan.kind.${k}`)}</option>)}
                </select>
              )}
            </Field>
            <Field name="milestoneId" label={t("loan.milestone")} error={errors.milestoneId}>
              {(p) => (
                <select {...p} defaultValue={values.milestoneId ?? ""}>
                  <option value="">{t("common.none")}</option>
                  {milestones.map((m) => <option key={m.id} value={m.id}>{m.code} {localName(lang, m)}</option>)}
                </select>
              )}
            </Field>
            <Field name="equityRatio" label={t("loan.ratioPercent")} error={errors.equityRatio}>{(p) => <input {...p} inputMode="decimal" defaultValue={values.equityRatio ?? ""} placeholder="25" />}</Field>
            <Field name="note" label={t("loan.note")} error={errors.note}>{(p) => <input {...p} defaultValue={values.note ?? ""} maxLength={500} />}</Field>
            <div className="form-actions">
              <button type="submit" className="button">{t("loan.add")}</button>
            </div>
          </FieldScope>
        </Form>
      ) : null}
    </section>
  );
}

/**
 * A drawdown not yet drawn whose facility has unmet conditions: the flag, its latest override request
 * (pending, approved or rejected) and, while none is pending or approved, the request form.
 */
export function DrawdownConditions({
  drawdownId,
  drawn,
  unmet,
  overrides,
  canWrite,
  pageKey,
  result,
}: {
  drawdownId: number;
  drawn: boolean;
  unmet: string[];
  overrides: OverrideView[];
  canWrite: boolean;
  pageKey: string;
  result: Result;
}) {
  const t = useT();
  const lang = useLang();
  const latest = overrides.find((o) => o.drawdownId === drawdownId);
  if (drawn) {
    const used = overrides.find((o) => o.drawdownId === drawdownId && o.used);
    return used ? <div className="muted small" data-testid={`override-used-${drawdownId}`}>{t("loan.overrideUsed", { id: used.approvalId })}</div> : null;
  }
  if (unmet.length === 0) return null;
  const mine = result?.values.drawdownId === String(drawdownId) ? result : undefined;
  return (
    <div className="small drawdown-conditions" data-testid={`conditions-flag-${drawdownId}`}>
      <span className="slip">{t("loan.flaggedKinds", { kinds: unmet.map((k) => kindName(t, k)).join(lang === "en" ? ", " : "、") })}</span>
      {latest ? (
        <div data-testid={`override-${drawdownId}`}>
          {latest.status === "pending"
            ? t("loan.overridePending", { id: latest.approvalId })
            : latest.status === "approved"
              ? t("loan.overrideApproved", { id: latest.approvalId, by: inLang(lang, latest.decidedBy, latest.decidedByEn) })
              : t("loan.overrideRejected", { id: latest.approvalId })}
        </div>
      ) : null}
      {canWrite && (!latest || latest.status === "rejected") ? (
        <details open={Boolean(mine)}>
          <summary>{t("loan.requestOverride")}</summary>
          <Form method="post" className="stack" noValidate key={`o${JSON.stringify(mine?.values ?? {})}`} data-testid={`override-form-${drawdownId}`}>
            <FieldScope name={`override-${drawdownId}`}>
              <input type="hidden" name="intent" value="override" />
              <input type="hidden" name="drawdownId" value={drawdownId} />
              <IdempotencyKey pageKey={pageKey} form={`override-${drawdownId}`} error={mine?.errors.idempotencyKey} />
              {mine?.errors.drawdownId ? <p className="field-error" role="alert">{errorText(t, lang, mine.errors.drawdownId)}</p> : null}
              <Field name="reason" label={t("loan.overrideReason")} error={mine?.errors.reason}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={mine?.values.reason ?? ""} />}</Field>
              <button type="submit" className="button small">{t("loan.requestOverride")}</button>
            </FieldScope>
          </Form>
        </details>
      ) : null}
    </div>
  );
}

type Contribution = { id: number; receivedOn: string; amountFen: string; source: string; note: string; reversalOfId: number | null; reason: string; reversedById: number | null };
export type EquityView = {
  paidFen: string;
  totalFen: string;
  ratioBps: number;
  requiredBps: number;
  statutory: { ordinaryHousing: number; other: number };
  reached: boolean;
  shortFen: string;
  contributions: Contribution[];
};

/** The financing page's 资本金 section: the ratio against the approved total and the required ratio, the contributions and the forms. */
export function EquitySection({ equity, canWrite, pageKey, today, addResult, reverseResult }: { equity: EquityView; canWrite: boolean; pageKey: string; today: string; addResult: Result; reverseResult: Result }) {
  const t = useT();
  const lang = useLang();
  const add = { errors: addResult?.errors ?? {}, values: addResult?.values ?? {} };
  const rev = { errors: reverseResult?.errors ?? {}, values: reverseResult?.values ?? {} };
  const reversible = equity.contributions.filter((c) => c.reversalOfId === null && c.reversedById === null);
  return (
    <section className="card" data-testid="equity">
      <h2>{t("equity.title")}</h2>
      <p className="muted small">{t("equity.intro")}</p>
      <dl className="facts wide stack-narrow">
        <dt>{t("equity.paid")}</dt><dd data-testid="equity-paid"><Money fen={equity.paidFen} /></dd>
        <dt>{t("equity.total")}</dt><dd><Money fen={equity.totalFen} /></dd>
        <dt>{t("equity.ratio")}</dt>
        <dd data-testid="equity-ratio" className={equity.reached ? "" : "warn"}>
          <strong>{formatShare(BigInt(equity.paidFen), BigInt(equity.totalFen))}</strong> / {t("equity.required")} {pct(equity.requiredBps)} ·{" "}
          {equity.reached ? t("equity.reached") : t("equity.short", { short: formatMoney(equity.shortFen, lang) })}
        </dd>
      </dl>
      <div className="progress wide"><span style={{ width: `${Math.max(0, Math.min(equity.ratioBps / Math.max(equity.requiredBps, 1), 1)) * 100}%` }} /></div>
      <p className="muted small">{t("equity.statutory", { housing: pct(equity.statutory.ordinaryHousing), other: pct(equity.statutory.other) })}</p>
      <h3>{t("equity.contributions")}</h3>
      {equity.contributions.length === 0 ? (
        <p className="muted">{t("equity.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="equity-contributions">
            <thead>
              <tr>
                <th>#</th>
                <th>{t("equity.receivedOn")}</th>
                <th className="num">{t("equity.amount")}</th>
                <th>{t("equity.source")}</th>
                <th>{t("equity.note")}</th>
              </tr>
            </thead>
            <tbody>
              {equity.contributions.map((c) => (
                <tr key={c.id} className={c.reversalOfId !== null || c.reversedById !== null ? "muted" : ""} data-testid={`equity-${c.id}`}>
                  <td>{c.id}</td>
                  <td>{formatDate(c.receivedOn, lang)}</td>
                  <td className="num"><Money fen={c.amountFen} /></td>
                  <td>{c.source}</td>
                  <td>
                    {c.reversalOfId !== null ? <>{t("equity.reversalOf", { id: c.reversalOfId })} · {c.reason}</> : c.note}
                    {c.reversedById !== null ? <span className="muted"> · {t("equity.reversedBy", { id: c.reversedById })}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        <div className="two-col">
          <Form method="post" className="stack" noValidate key={`e${JSON.stringify(add.values)}`} data-testid="equity-form">
            <FieldScope name="equity">
              <h3>{t("equity.add")}</h3>
              <input type="hidden" name="intent" value="equity" />
              <IdempotencyKey pageKey={pageKey} form="equity" error={add.errors.idempotencyKey} />
              <Field name="receivedOn" label={t("equity.receivedOn")} error={add.errors.receivedOn}>{(p) => <input {...p} type="date" max={today} defaultValue={add.values.receivedOn ?? today} />}</Field>
              <Field name="amount" label={t("equity.amountYuan")} error={add.errors.amount}>{(p) => <input {...p} inputMode="decimal" defaultValue={add.values.amount ?? ""} />}</Field>
              <Field name="source" label={t("equity.source")} error={add.errors.source}>{(p) => <input {...p} defaultValue={add.values.source ?? ""} maxLength={200} />}</Field>
              <Field name="note" label={t("equity.note")} error={add.errors.note}>{(p) => <input {...p} defaultValue={add.values.note ?? ""} maxLength={500} />}</Field>
              <button type="submit" className="button primary">{t("equity.add")}</button>
            </FieldScope>
          </Form>
          <Form method="post" className="stack" noValidate key={`v${JSON.stringify(rev.values)}`} data-testid="equity-reversal-form">
            <FieldScope name="equity-reversal">
              <h3>{t("equity.reverseTitle")}</h3>
              <p className="muted small">{t("equity.reverseHint")}</p>
              <input type="hidden" name="intent" value="equity_reversal" />
              <IdempotencyKey pageKey={pageKey} form="equity-reversal" error={rev.errors.idempotencyKey} />
              <Field name="contributionId" label={t("equity.contribution")} error={rev.errors.contributionId}>
                {(p) => (
                  <select {...p} defaultValue={rev.values.contributionId ?? ""}>
                    <option value="">—</option>
                    {reversible.map((c) => (
                      <option key={c.id} value={c.id}>
                        #{c.id} {c.receivedOn} {formatMoney(c.amountFen, lang)} {c.source}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="reason" label={t("equity.reason")} error={rev.errors.reason}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={rev.values.reason ?? ""} />}</Field>
              <button type="submit" className="button">{t("equity.reverse")}</button>
            </FieldScope>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
