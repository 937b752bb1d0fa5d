import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AuditHistory } from "~/components/audit-history";
import { errorText, Field } from "~/components/field";
import { DrawdownFlag, FacilityFields } from "~/components/financing";
import { DrawdownConditions, LoanConditions } from "~/components/loan-conditions";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { conditionRemoveSchema, conditionSchema, drawdownActualSchema, drawdownOverrideSchema, drawdownSchema, facilityUpdateSchema, repaymentSchema, type ConditionRemoveInput } from "~/domain/financing-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { historyFor } from "~/models/audit.server";
import { addDrawdown, addRepayment, facilityProject, financingView, recordDrawdownActual, updateFacility } from "~/models/financing.server";
import { addCondition, drawdownOverrides, facilityConditions, removeCondition, submitDrawdownOverride } from "~/models/financing-conditions.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { listMilestones } from "~/models/milestones.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { fenToYuanInput } from "~/utils/money";
import { formatTermBps } from "~/utils/percent";
import { formatDate, today } from "~/utils/dates";
import { parseIntent, parseId, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fin.facilities");

async function requireFacility(param: string | undefined, projectId: number) {
  const id = parseId(param);
  if (!id || (await facilityProject(id)) !== projectId) throw new Response("Facility not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const id = await requireFacility(params.id, project.id);
  const [view, { milestones }, history, conditions, overrides] = await Promise.all([
    financingView(project.id, today()),
    listMilestones(project.id),
    historyFor("Facility", id),
    facilityConditions(id),
    drawdownOverrides(id),
  ]);
  const channel = view.channels.find((c) => c.facilities.some((f) => f.id === id))!;
  const facility = channel.facilities.find((f) => f.id === id)!;
  // Long facilities: the drawdowns still to come and the latest received, at most 300 rows.
  const drawdowns = facility.drawdowns.length > 300 ? [...facility.drawdowns.filter((d) => !d.forecast.drawn).slice(0, 200), ...facility.drawdowns.filter((d) => d.forecast.drawn).slice(-100)] : facility.drawdowns;
  return plain({
    channel: { kind: channel.kind, name: channel.name, nameEn: channel.nameEn },
    facility: { ...facility, drawdowns, drawdownCount: facility.drawdowns.length },
    milestones: milestones.map((m) => ({ id: m.id, code: m.code, name: m.name, nameEn: m.nameEn })),
    history,
    conditions: conditions.conditions,
    unmet: conditions.unmet,
    overrides,
    today: today(),
    idempotencyKey: newIdempotencyKey(),
  });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "financing.write");
  const project = await requireProject();
  const id = await requireFacility(params.id, project.id);
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  const actor = { userId: user.id };
  const schemas = {
    facility: facilityUpdateSchema,
    drawdown: drawdownSchema,
    actual: drawdownActualSchema(today()),
    repayment: repaymentSchema,
    condition: conditionSchema,
    removeCondition: conditionRemoveSchema,
    override: drawdownOverrideSchema,
  };
  const parsed = parseIntent(schemas, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data as never;
  const result =
    intent === "facility" ? await updateFacility(id, input, actor)
    : intent === "drawdown" ? await addDrawdown(id, input, actor)
    : intent === "actual" ? await recordDrawdownActual(id, input, actor)
    : intent === "condition" ? await addCondition(id, input, actor)
    : intent === "removeCondition" ? await removeCondition(id, (parsed.data as ConditionRemoveInput).conditionId, actor)
    : intent === "override" ? await submitDrawdownOverride(project.id, input, actor)
    : await addRepayment(id, input, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: result.message === "stale" ? 409 : 400 });
  // An override waits for someone else's approval: the page names it (?submitted=<approval id>).
  if ("approvalId" in result) return redirect(`/financing/facilities/${id}?done=${intent}&submitted=${result.approvalId}`);
  return redirect(`/financing/facilities/${id}?done=${intent}`);
}

export default function FacilityPage() {
  const { channel, facility, milestones, history, conditions, unmet, overrides, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("financing.write");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const [search] = useSearchParams();
  const done = search.get("done");
  const facilityValues = resultFor("facility")?.values ?? {
    counterparty: facility.counterparty,
    committed: fenToYuanInput(facility.committedFen),
    rate: (facility.rateBps / 100).toFixed(2),
    fees: fenToYuanInput(facility.feesFen),
    termMonths: String(facility.termMonths),
    conditions: facility.conditions,
    status: facility.status,
  };
  const drawdownResult = resultFor("drawdown");
  const actualResult = resultFor("actual");
  const repaymentResult = resultFor("repayment");
  return (
    <>
      <p><Link to="/financing">← {t("fin.title")}</Link></p>
      <div className="page-head">
        <h1>{facility.counterparty}</h1>
        <p className="muted">{localName(lang, channel)} · {t(`fin.status.${facility.status}` as MessageKey)} · {t("ms.version", { version: facility.version })}</p>
      </div>
      {done && ["condition", "removeCondition", "override"].includes(done) ? <p className="banner banner-ok" role="status" data-testid="done-banner">{t(`loan.done.${done}` as MessageKey)}</p> : null}
      <section className="card">
        <dl className="facts wide">
          <dt>{t("fin.committed")}</dt><dd><Money fen={facility.committedFen} /></dd>
          <dt>{t("fin.drawn")}</dt><dd data-testid="facility-drawn"><Money fen={facility.drawnFen} /></dd>
          <dt>{t("fin.expected")}</dt><dd><Money fen={facility.expectedFen} /></dd>
          <dt>{t("fin.rate")}</dt><dd>{formatTermBps(facility.rateBps, { fixed: true })} · {facility.termMonths} {t("fin.months")}</dd>
          <dt>{t("fin.conditions")}</dt><dd>{facility.conditions || "—"}</dd>
        </dl>
      </section>
      <LoanConditions conditions={conditions} milestones={milestones} canWrite={canWrite} pageKey={idempotencyKey} addResult={resultFor("condition")} removeResult={resultFor("removeCondition")} />
      <section className="card">
        <h2>{t("fin.drawdowns")}</h2>
        {facility.drawdownCount > facility.drawdowns.length ? <p className="muted small">{t("fin.drawdownsShown", { shown: facility.drawdowns.length, count: facility.drawdownCount })}</p> : null}
        <div className="table-scroll">
        <table className="data-table" data-testid="drawdowns">
          <thead>
            <tr>
              <th>{t("fin.plannedOn")}</th>
              <th className="num">{t("fin.plannedAmount")}</th>
              <th>{t("fin.expectedOn")}</th>
              <th>{t("fin.actual")}</th>
              <th>{t("ms.note")}</th>
            </tr>
          </thead>
          <tbody>
            {facility.drawdowns.map((d) => (
              <tr key={d.id} className={d.forecast.flag ? "row-slipping" : ""}>
                <td>{formatDate(d.plannedOn, lang)}</td>
                <td className="num"><Money fen={d.plannedFen} /></td>
                <td>
                  {formatDate(d.forecast.on, lang)}
                  <DrawdownFlag drawdown={d} />
                  <DrawdownConditions drawdownId={d.id} drawn={Boolean(d.actualOn)} unmet={unmet} overrides={overrides} canWrite={canWrite} pageKey={idempotencyKey} result={resultFor("override")} />
                </td>
                <td>
                  {d.actualOn && d.actualFen ? (
                    <>{formatDate(d.actualOn, lang)} · <Money fen={d.actualFen} /></>
                  ) : canWrite ? (
                    <Form method="post" className="inline-form" noValidate data-testid={`actual-form-${d.id}`}>
                      <input type="hidden" name="intent" value="actual" />
                      <input type="hidden" name="drawdownId" value={d.id} />
                      <IdempotencyKey pageKey={idempotencyKey} form={`actual-${d.id}`} />
                      <input name="actualOn" type="date" max={now} defaultValue={actualResult?.values.drawdownId === String(d.id) ? actualResult.values.actualOn : now} aria-label={t("fin.actualOn")} />
                      <input name="actual" inputMode="decimal" defaultValue={actualResult?.values.drawdownId === String(d.id) ? actualResult.values.actual : fenToYuanInput(d.plannedFen)} aria-label={t("fin.actualAmount")} />
                      <button type="submit" className="button small">{t("fin.recordActual")}</button>
                      {actualResult?.values.drawdownId === String(d.id) ? <InlineErrors errors={actualResult.errors} /> : null}
                    </Form>
                  ) : "—"}
                </td>
                <td>{d.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>
      {canWrite ? (
        <div className="three-col">
          <Form method="post" className="card stack" noValidate key={`d${JSON.stringify(drawdownResult?.values ?? {})}`} data-testid="drawdown-form">
            <h2>{t("fin.addDrawdown")}</h2>
            <input type="hidden" name="intent" value="drawdown" />
            <IdempotencyKey pageKey={idempotencyKey} form="drawdown" error={drawdownResult?.errors.idempotencyKey} />
            <Field name="plannedOn" label={t("fin.plannedOn")} error={drawdownResult?.errors.plannedOn}>{(p) => <input {...p} type="date" defaultValue={drawdownResult?.values.plannedOn ?? ""} />}</Field>
            <Field name="planned" label={t("fin.plannedAmountYuan")} error={drawdownResult?.errors.planned}>{(p) => <input {...p} inputMode="decimal" defaultValue={drawdownResult?.values.planned ?? ""} />}</Field>
            <Field name="milestoneId" label={t("fin.dependsOn")} error={drawdownResult?.errors.milestoneId}>
              {(p) => (
                <select {...p} defaultValue={drawdownResult?.values.milestoneId ?? ""}>
                  <option value="">{t("common.none")}</option>
                  {milestones.map((m) => <option key={m.id} value={m.id}>{m.code} {localName(lang, m)}</option>)}
                </select>
              )}
            </Field>
            <Field name="note" label={t("ms.note")} error={drawdownResult?.errors.note}>{(p) => <input {...p} defaultValue={drawdownResult?.values.note ?? ""} maxLength={500} />}</Field>
            <button type="submit" className="button primary">{t("fin.addDrawdown")}</button>
          </Form>
          <Form method="post" className="card stack" noValidate key={`f${JSON.stringify(facilityValues)}`} data-testid="facility-edit-form">
            <h2>{t("fin.editFacility")}</h2>
            <input type="hidden" name="intent" value="facility" />
            <input type="hidden" name="version" value={facility.version} />
            {resultFor("facility")?.errors.form ? <p className="field-error" role="alert">{resultFor("facility")!.errors.form === "stale" || (resultFor("facility")!.errors.form as { message?: string }).message === "stale" ? t("errors.stale_generic") : errorText(t, lang, resultFor("facility")!.errors.form)}</p> : null}
            <FacilityFields errors={resultFor("facility")?.errors ?? {}} values={facilityValues} />
            <button type="submit" className="button primary">{t("common.save")}</button>
          </Form>
          <section className="card stack">
            <h2>{t("fin.repayments")}</h2>
            <ul className="plain-list">
              {facility.repayments.map((r) => (
                <li key={r.id}>{formatDate(r.dueOn, lang)} · <Money fen={r.amountFen} /> {r.paidOn ? "✓" : ""}</li>
              ))}
            </ul>
            <Form method="post" className="stack" noValidate key={`r${JSON.stringify(repaymentResult?.values ?? {})}`}>
              <input type="hidden" name="intent" value="repayment" />
              <IdempotencyKey pageKey={idempotencyKey} form="repayment" error={repaymentResult?.errors.idempotencyKey} />
              <Field name="dueOn" label={t("fin.dueOn")} error={repaymentResult?.errors.dueOn}>{(p) => <input {...p} type="date" defaultValue={repaymentResult?.values.dueOn ?? ""} />}</Field>
              <Field name="amount" label={t("budget.amountYuan")} error={repaymentResult?.errors.amount}>{(p) => <input {...p} inputMode="decimal" defaultValue={repaymentResult?.values.amount ?? ""} />}</Field>
              <button type="submit" className="button">{t("fin.addRepayment")}</button>
            </Form>
          </section>
        </div>
      ) : null}
      <AuditHistory records={history} />
    </>
  );
}

function InlineErrors({ errors }: { errors: FieldErrors }) {
  const t = useT();
  const lang = useLang();
  return (
    <small className="field-error" role="alert">
      {Object.values(errors)
        .map((e) => errorText(t, lang, e))
        .join("；")}
    </small>
  );
}
