import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useApprovalWhat } from "~/components/approvals";
import { errorText } from "~/components/field";
import { Money } from "~/components/money";
import { TargetApprovalParts } from "~/components/target-versions";
import { decisionSchema } from "~/domain/approval-forms.server";
import { inLang, useLang, useT, type MessageKey } from "~/i18n";
import { decideApproval, listApprovals } from "~/models/approvals.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "approvals.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  const { pending, decided } = await listApprovals(project.id);
  return plain({ pending, decided, userId: user.id });
}

type ActionResult = { approvalId: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "approvals.decide");
  const project = await requireProject();
  const form = await readFormData(request);
  const parsed = parseForm(decisionSchema, form);
  const approvalId = String(form.get("approvalId") ?? "");
  if (!parsed.ok) return data<ActionResult>({ approvalId, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await decideApproval(project.id, parsed.data.approvalId, parsed.data, { userId: user.id, roles: user.roles });
  if (!result.ok) return data<ActionResult>({ approvalId, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/approvals?decided=${result.status}`);
}

export default function ApprovalsPage() {
  const { pending, decided, userId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const what = useApprovalWhat();
  const canDecide = useCan("approvals.decide");
  const done = params.get("decided");
  return (
    <>
      <div className="page-head">
        <h1>{t("approvals.title")}</h1>
        <p className="muted">
          {t("approvals.intro")} <Link to="/admin/settings">{t("admin.thresholdsLink")}</Link>
        </p>
      </div>
      {done === "approved" || done === "rejected" ? (
        <p className="banner banner-ok" role="status" data-testid="decided-banner">
          {t("approvals.done", { status: t(`approvals.status.${done}`) })}
        </p>
      ) : null}
      <section className="card">
        <h2>
          {t("approvals.pending")} ({pending.length})
        </h2>
        {pending.length === 0 ? (
          <p className="muted">{t("approvals.none")}</p>
        ) : (
          <ul className="approval-list" data-testid="pending-list">
            {pending.map((item) => {
              const result = actionData?.approvalId === String(item.id) ? actionData : undefined;
              const errors = result?.errors ?? {};
              const own = item.submittedById === userId;
              const firstError = errors.decision ?? errors.approvalId ?? errors.amount ?? errors.approved ?? errors.form ?? errors.reason;
              return (
                <li key={item.id} className="approval-item" data-testid={`approval-${item.id}`}>
                  <div className="approval-head">
                    <strong>{what(item)}</strong>
                    <Money fen={item.amountFen} unit="yuan" />
                  </div>
                  <p className="muted">
                    {t("approvals.submittedBy")} {inLang(lang, item.submittedBy, item.submittedByEn)} · {formatDateTime(item.createdAt, lang)}
                  </p>
                  <p>
                    {t("approvals.reason")}{lang === "en" ? ": " : "："}{item.reason}
                  </p>
                  {item.target ? <TargetApprovalParts target={item.target} /> : null}
                  {firstError ? (
                    <p className="field-error" role="alert">
                      {errorText(t, lang, firstError)}
                    </p>
                  ) : null}
                  {own ? (
                    <p className="muted">{t("approvals.ownSubmission")}</p>
                  ) : canDecide ? (
                    <Form method="post" className="approval-decision" noValidate>
                      <input type="hidden" name="approvalId" value={item.id} />
                      <label htmlFor={`note-${item.id}`}>{t("approvals.note")}</label>
                      <textarea id={`note-${item.id}`} name="note" rows={2} maxLength={500} defaultValue={result?.values.note ?? ""} placeholder={t("approvals.noteHint")} />
                      {errors.note ? (
                        <p className="field-error" role="alert">
                          {errorText(t, lang, errors.note)}
                        </p>
                      ) : null}
                      <div className="form-actions">
                        <button type="submit" name="decision" value="approve" className="button primary">
                          {t("approvals.approve")}
                        </button>
                        <button type="submit" name="decision" value="reject" className="button">
                          {t("approvals.reject")}
                        </button>
                      </div>
                    </Form>
                  ) : (
                    <p className="muted">{t("approvals.readOnly")}</p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t("approvals.decided")}</h2>
        {decided.length === 0 ? (
          <p className="muted">{t("approvals.noneDecided")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table compact" data-testid="decided-list">
              <thead>
                <tr>
                  <th>{t("approvals.what")}</th>
                  <th className="num">{t("approvals.amount")}</th>
                  <th>{t("approvals.status")}</th>
                  <th>{t("approvals.submittedBy")}</th>
                  <th>{t("approvals.decidedBy")}</th>
                  <th>{t("approvals.decidedAt")}</th>
                  <th>{t("approvals.note")}</th>
                </tr>
              </thead>
              <tbody>
                {decided.map((item) => (
                  <tr key={item.id}>
                    <td>{what(item)}</td>
                    <td className="num">
                      <Money fen={item.amountFen} />
                    </td>
                    <td>{t(`approvals.status.${item.status}` as MessageKey)}</td>
                    <td>{inLang(lang, item.submittedBy, item.submittedByEn)}</td>
                    <td>{inLang(lang, item.decidedBy, item.decidedByEn)}</td>
                    <td className="dates">{item.decidedAt ? formatDateTime(item.decidedAt, lang) : ""}</td>
                    <td>{item.decisionNote}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
