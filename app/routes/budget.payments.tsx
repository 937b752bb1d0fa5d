import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { ReversalCell, type ReverseResult } from "~/components/corrections";
import { reversalSchema } from "~/domain/cost/corrections-forms.server";
import { reversePayment } from "~/models/cost/corrections.server";
import { errorText, Field } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { ledgerFilterSchema as filterSchema } from "~/domain/capital-forms.server";
import { inLang, localName, useLang, useT, type MessageKey } from "~/i18n";
import { ledgerTotals, listLines, paymentLedger } from "~/models/capital.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, today } from "~/utils/dates";
import { filterValues, parseForm, readFormData, refusalError, type FieldErrors, type FormValues } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "budget.ledger");

const PAGE_SIZE = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const form = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) form.append(key, value);
  const parsed = parseForm(filterSchema, form);
  const values = parsed.ok ? parsed.data : { line: "", from: "", to: "" };
  const filter = { lineId: values.line ? Number(values.line) : undefined, from: values.from || undefined, to: values.to || undefined };
  const [lines, rows, totals] = await Promise.all([listLines(project.id), paymentLedger(project.id, filter, PAGE_SIZE), ledgerTotals(project.id, filter)]);
  const reversedId = Number(new URL(request.url).searchParams.get("reversed")) || null;
  return plain({ lines, rows, totals, values: filterValues(parsed, ["line", "from", "to"]), errors: parsed.ok ? {} : parsed.errors, idempotencyKey: newIdempotencyKey(), reversedId, today: today() });
}

/** 红冲: reverse one payment of the ledger (the form beside its row). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "capital.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const fail = (errors: FieldErrors, values: FormValues) => data<ReverseResult>({ paymentId: String(form.get("paymentId") ?? ""), errors, values }, { status: 400 });
  if (form.get("intent") !== "reverse") return fail({ form: "invalid" }, {});
  const parsed = parseForm(reversalSchema, form);
  if (!parsed.ok) return fail(parsed.errors, parsed.values);
  const result = await reversePayment(project.id, parsed.data, { userId: user.id }, today());
  if (!result.ok) return fail({ [result.field === "paymentId" ? "reason" : result.field]: refusalError(result) }, parsed.values);
  return redirect(`/budget/payments?reversed=${result.paymentId}#payment-${result.paymentId}`);
}

/** /budget/export.xlsx with the filter the page shows (its non-empty fields). */
function exportHref(values: FormValues) {
  const query = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "")).toString();
  return query ? `/budget/export.xlsx?${query}` : "/budget/export.xlsx";
}

type ImportResult = { ok: true; imported: number } | { ok: false; errors: { row: number; field: string; message: string; vars?: Record<string, string> }[] };

export default function PaymentLedgerPage() {
  const { lines, rows, totals, values, errors, idempotencyKey, reversedId, today: now } = useLoaderData<typeof loader>();
  const reverseResult = useActionData<ReverseResult>();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("capital.write");
  const importer = useFetcher<ImportResult>();
  const result = importer.data;
  return (
    <>
      <p>
        <Link to="/budget">← {t("budget.title")}</Link>
      </p>
      <div className="page-head with-actions">
        <h1>{t("budget.ledger")}</h1>
        <div className="actions">
          {/* The export takes the ledger's filter (the latest 20,000 payments at most: ledger-export.server.ts). */}
          <a href={exportHref(values)} className="button" download>{t("budget.exportXlsx")}</a>
        </div>
      </div>
      <Form method="get" className="card audit-filters">
        <Field name="line" label={t("budget.line")} error={errors.line}>
          {(props) => (
            <select {...props} defaultValue={values.line ?? ""}>
              <option value="">{t("budget.allLines")}</option>
              {lines.map((line) => <option key={line.id} value={line.id}>{line.code} {localName(lang, line)}</option>)}
            </select>
          )}
        </Field>
        <Field name="from" label={t("audit.from")} error={errors.from}>{(props) => <input {...props} type="date" defaultValue={values.from ?? ""} />}</Field>
        <Field name="to" label={t("audit.to")} error={errors.to}>{(props) => <input {...props} type="date" defaultValue={values.to ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("audit.filter")}</button>
      </Form>
      {canWrite ? (
        <section className="card">
          <h2>{t("budget.import")}</h2>
          <p className="muted">
            {t("budget.importHint")} <a href="/budget/template.xlsx" download>{t("budget.template")}</a>
          </p>
          <importer.Form method="post" action="/budget/import" encType="multipart/form-data" className="audit-filters" data-testid="import-form">
            <IdempotencyKey pageKey={idempotencyKey} form="import" />
            <input type="file" name="file" accept=".xlsx,.csv" required aria-label={t("a11y.paymentFile")} />
            <button type="submit" className="button primary" disabled={importer.state !== "idle"}>{t("budget.importButton")}</button>
          </importer.Form>
          {result?.ok ? <p className="banner banner-ok" role="status">{t("budget.imported", { count: result.imported })}</p> : null}
          {result && !result.ok ? (
            <div className="banner banner-warn" role="alert" data-testid="import-errors">
              <p>{t("budget.importRefused")}</p>
              <ul>
                {result.errors.map((e, i) => (
                  <li key={i}>
                    {e.row > 0 ? t("budget.row", { row: e.row }) : ""} {e.field !== "file" ? `${t(`budget.column.${e.field}` as MessageKey)}: ` : ""}
                    {errorText(t, lang, { message: e.message, vars: e.vars })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </section>
      ) : null}
      <section className="card">
        <p className="muted" data-testid="ledger-totals">
          {t("budget.ledgerTotals", { count: totals.count })} <Money fen={totals.totalFen} />
          {totals.count > rows.length ? ` · ${t("budget.showingFirst", { count: rows.length })}` : ""} · {t("corrections.ledgerNet")}
        </p>
        {reversedId ? <p className="banner banner-ok" role="status">{t("corrections.reversalDone", { id: reversedId })}</p> : null}
        <div className="table-scroll">
          <table className="data-table" data-testid="ledger">
            <thead>
              <tr>
                <th>{t("budget.date")}</th>
                <th>{t("budget.line")}</th>
                <th>{t("io.account")}</th>
                <th>{t("budget.contract")}</th>
                <th>{t("budget.payee")}</th>
                <th className="num">{t("budget.amount")}</th>
                <th>{t("budget.voucher")}</th>
                <th>{t("ms.note")}</th>
                <th>{t("budget.enteredBy")}</th>
                <th>{t("corrections.kind")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} id={`payment-${row.id}`} className={row.reversedBy ? "row-reversed" : row.kind === "reversal" ? "row-reversal" : ""}>
                  <td className="dates">{formatDate(row.paidOn, lang)}</td>
                  <td>{row.line.code} {localName(lang, row.line)}</td>
                  <td>{row.account ? <><span className="code">{row.account.code}</span> {localName(lang, row.account)}</> : ""}</td>
                  <td className="code">{row.contract?.code ?? ""}</td>
                  <td>{row.payee}</td>
                  <td className="num"><Money fen={row.amountFen} /></td>
                  <td className="nowrap">{row.voucherNo}</td>
                  <td>{row.note}</td>
                  <td className="muted">{row.createdBy ? inLang(lang, row.createdBy.displayName, row.createdBy.displayNameEn) : ""}</td>
                  <td>
                    <ReversalCell row={row} canWrite={canWrite} pageKey={idempotencyKey} today={now} result={reverseResult?.paymentId === String(row.id) ? reverseResult : undefined} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
