// 目标成本 versions as /budget/targets and /approvals show them: the versions with their totals per
// part, the current version's leaves against the previous approved one, the form of a new version
// (one amount per leaf, prefilled with the current target) and an approval's change per part.
// Plain data in (money as strings of 分), no server code.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Variance } from "~/components/dynamic-cost";
import { errorText, Field } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { inLang, localName, useLang, useT, type MessageKey } from "~/i18n";
import { formatDateTime } from "~/utils/dates";
import type { FieldErrors, FormValues } from "~/utils/forms";
import { fenToWanInput, formatMoney } from "~/utils/money";

type Named = { id: number; code: string; name: string; nameEn: string };
type Account = Named & { lineId: number; parentId: number | null };
type Version = {
  id: number;
  no: number;
  status: string;
  reason: string;
  totalFen: string;
  byLine: { lineId: number; totalFen: string }[];
  submittedBy: string;
  submittedByEn?: string;
  submittedAt: string;
  decidedBy: string;
  decidedByEn?: string;
  decidedAt: string | null;
};

export function VersionsTable({ versions, lines, currentId }: { versions: Version[]; lines: Named[]; currentId: number | null }) {
  const t = useT();
  const lang = useLang();
  if (versions.length === 0) return <p className="muted">{t("targets.none")}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table compact versions-table" data-testid="target-versions">
        <thead>
          <tr>
            <th>{t("targets.no")}</th>
            <th>{t("targets.status")}</th>
            <th className="num">{t("targets.total")}</th>
            {lines.map((line) => (
              <th key={line.id} className="num">
                {line.code} {localName(lang, line)}
              </th>
            ))}
            <th>{t("targets.submittedBy")}</th>
            <th>{t("targets.decidedBy")}</th>
            <th>{t("targets.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.id} data-testid={`target-version-${v.no}`} className={v.id === currentId ? "version-current" : ""}>
              <td className="nowrap">
                V{v.no}
                {v.id === currentId ? <span className="badge health-in_progress"> {t("targets.current")}</span> : null}
              </td>
              <td className="nowrap">{t(`targets.status.${v.status}` as MessageKey)}</td>
              <td className="num">
                <Money fen={v.totalFen} unit="wan" />
              </td>
              {lines.map((line) => (
                <td key={line.id} className="num">
                  <Money fen={v.byLine.find((row) => row.lineId === line.id)?.totalFen ?? "0"} unit="wan" />
                </td>
              ))}
              <td className="nowrap">
                {inLang(lang, v.submittedBy, v.submittedByEn)}
                <div className="dates">{formatDateTime(v.submittedAt, lang)}</div>
              </td>
              <td className="nowrap">
                {inLang(lang, v.decidedBy, v.decidedByEn)}
                {v.decidedAt ? <div className="dates">{formatDateTime(v.decidedAt, lang)}</div> : null}
              </td>
              <td className="text-col">{v.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Change = { accountId: number; amountFen: string; previousFen: string | null; changeFen: string | null };

/** The current version's leaves, part by part, with the previous approved version and the change. */
export function LeafChanges({ changes, accounts, lines, no, previousNo }: { changes: Change[]; accounts: Account[]; lines: Named[]; no: number; previousNo: number | null }) {
  const t = useT();
  const lang = useLang();
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return (
    <details data-testid="target-leaves">
      <summary>{previousNo === null ? t("targets.leaves", { no }) : t("targets.leavesVs", { no, previous: previousNo })}</summary>
      <div className="table-scroll">
        <table className="data-table compact tree-table">
          <thead>
            <tr>
              <th>{t("tree.account")}</th>
              <th className="num">{t("targets.amount")}</th>
              {previousNo === null ? null : (
                <>
                  <th className="num">{t("targets.previous")}</th>
                  <th className="num">{t("targets.change")}</th>
                </>
              )}
            </tr>
          </thead>
          {lines.map((line) => (
            <tbody key={line.id}>
              <tr className="tree-first">
                <th colSpan={previousNo === null ? 2 : 4}>
                  {line.code} {localName(lang, line)}
                </th>
              </tr>
              {changes
                .filter((c) => byId.get(c.accountId)?.lineId === line.id)
                .map((c) => {
                  const account = byId.get(c.accountId)!;
                  return (
                    <tr key={c.accountId} className="tree-leaf" data-testid={`target-leaf-${account.code}`}>
                      <th scope="row">
                        <span className="code">{account.code}</span> {localName(lang, account)}
                      </th>
                      <td className="num">
                        <Money fen={c.amountFen} unit="wan" />
                      </td>
                      {previousNo === null ? null : (
                        <>
                          <td className="num">
                            <Money fen={c.previousFen ?? "0"} unit="wan" />
                          </td>
                          <td className="num" data-testid="change">
                            <Variance fen={c.changeFen ?? "0"} unit="wan" />
                          </td>
                        </>
                      )}
                    </tr>
                  );
                })}
            </tbody>
          ))}
        </table>
      </div>
    </details>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

/** A new version: one amount (万元) per leaf, grouped by part and first-level account, and the reason. */
export function TargetForm({
  accounts,
  lines,
  currentByLeaf,
  ceilingFen,
  pageKey,
  result,
}: {
  accounts: Account[];
  lines: Named[];
  currentByLeaf: Record<string, string>;
  ceilingFen: string;
  pageKey: string;
  result: Result;
}) {
  const t = useT();
  const lang = useLang();
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const formError = errors.form ?? errors.total ?? errors.idempotencyKey;
  // A refused submission: the first invalid amount (or the form's own error) is brought into view and focused.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!result) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-testid="target-form-error"]');
    if (!first) return;
    first.scrollIntoView({ block: "center" });
    if (first.matches("input, textarea, select")) first.focus({ preventScroll: true });
  }, [result]);
  const byCode = (a: Account, b: Account) => a.code.localeCompare(b.code);
  return (
    <Form ref={formRef} method="post" className="card" noValidate data-testid="target-form" key={`${pageKey}:${JSON.stringify(values)}`}>
      <h2>{t("targets.submit")}</h2>
      <p className="muted">{t("targets.submitHint")}</p>
      <p>{t("targets.ceiling", { ceiling: formatMoney(ceilingFen, lang, "wan") })}</p>
      <input type="hidden" name="intent" value="target" />
      <IdempotencyKey pageKey={pageKey} form="target" />
      {formError ? (
        <p className="field-error" role="alert" data-testid="target-form-error">
          {errorText(t, lang, formError)}
        </p>
      ) : null}
      {lines.map((line) => (
        <fieldset key={line.id} className="form-grid">
          <legend>
            {line.code} {localName(lang, line)} · {t("targets.amountWan")}
          </legend>
          {/* First-level accounts in code order, each a heading over its leaves (also in code order). */}
          {accounts
            .filter((a) => a.lineId === line.id && a.parentId === null)
            .sort(byCode)
            .map((parent) => {
              const leaves = accounts.filter((a) => a.parentId === parent.id).sort(byCode);
              if (leaves.length === 0) return null;
              return [
                <h3 key={`h${parent.id}`} className="leaf-group">
                  <span className="code">{parent.code}</span> {localName(lang, parent)}
                </h3>,
                ...leaves.map((leaf) => {
                  const name = `amount_${leaf.id}`;
                  return (
                    <Field key={leaf.id} name={name} label={`${leaf.code} ${localName(lang, leaf)}`} error={errors[name]}>
                      {(props) => <input {...props} inputMode="decimal" defaultValue={values[name] ?? (currentByLeaf[leaf.id] !== undefined ? fenToWanInput(currentByLeaf[leaf.id]) : "")} />}
                    </Field>
                  );
                }),
              ];
            })}
        </fieldset>
      ))}
      <Field name="reason" label={t("targets.reason")} error={errors.reason}>
        {(props) => <textarea {...props} rows={2} maxLength={500} defaultValue={values.reason ?? ""} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("targets.submit")}
        </button>
      </div>
    </Form>
  );
}

type TargetApproval = { no: number; byLine: { lineId: number; code: string; name: string; nameEn: string; totalFen: string; currentFen: string; changeFen: string }[] };

/** On /approvals: a target-cost version's total per part and its change against the current target. */
export function TargetApprovalParts({ target }: { target: TargetApproval }) {
  const t = useT();
  const lang = useLang();
  return (
    <table className="data-table compact" data-testid={`target-approval-V${target.no}`}>
      <caption>
        V{target.no} · {t("approvals.targetByPart")}
      </caption>
      <tbody>
        {target.byLine.map((row) => (
          <tr key={row.lineId}>
            <th scope="row">
              {row.code} {localName(lang, row)}
            </th>
            <td className="num">
              <Money fen={row.totalFen} unit="wan" />
            </td>
            <td className="num">
              (<Variance fen={row.changeFen} unit="wan" />)
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
