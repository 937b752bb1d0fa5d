import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { QuarterChart } from "~/components/charts";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { BUYER_TYPES, quarterOf, SALE_PRODUCTS } from "~/domain/sales";
import { agencySchema, capSchema, leaseSchema, receiptSchema, saleSchema, targetSchema } from "~/domain/sales-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { addReceipt, recordLease, recordSale, salesView, saveAgencyContract, setSubscriptionCap, setTarget } from "~/models/sales.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatMonth, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { fenToYuanInput, shareBps } from "~/utils/money";
import { plain } from "~/utils/plain";

export const meta: MetaFunction = () => [{ title: "销售与招商 · Groundwork" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const yearParam = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(yearParam) && yearParam >= 2020 && yearParam <= 2100 ? yearParam : project.startupCapitalYear;
  return plain({ ...(await salesView(project.id, year, today())), today: today(), idempotencyKey: newIdempotencyKey() });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sales.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  const now = today();
  const schemas = { sale: saleSchema(now), lease: leaseSchema(now), receipt: receiptSchema(now), target: targetSchema, agency: agencySchema, cap: capSchema };
  const parsed = parseIntent(schemas, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = { userId: user.id };
  const input = parsed.data as never;
  const result =
    intent === "sale" ? await recordSale(project.id, input, actor)
    : intent === "lease" ? await recordLease(project.id, input, actor)
    : intent === "receipt" ? await addReceipt(project.id, input, actor)
    : intent === "target" ? await setTarget(project.id, input, actor)
    : intent === "agency" ? await saveAgencyContract(project.id, input, actor)
    : await setSubscriptionCap(project.id, (parsed.data as { capPercent: number }).capPercent, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/sales?saved=${intent}`);
}

const pct = (bps: number) => `${(bps / 100).toFixed(1)}%`;
const sqm = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export default function SalesPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("sales.write");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const yearTotal = view.byProduct.reduce((sum, p) => sum + BigInt(p.year.targetFen), 0n);
  const yearAchieved = view.byProduct.reduce((sum, p) => sum + BigInt(p.year.achievedFen), 0n);
  const { subscription, agency } = view;
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("sales.title")}</h1>
          <p className="muted">{t("sales.intro", { year: view.year })}</p>
        </div>
        <div className="actions">
          <Link to="/sales/units" className="button" data-testid="units-link">{t("units.nav")}</Link>
          <a href={`/sales/export.xlsx?year=${view.year}`} className="button" download>{t("budget.exportXlsx")}</a>
        </div>
      </div>
      {params.get("saved") ? <p className="banner banner-ok" role="status">{t("common.saved")}</p> : null}
      <div className="tiles">
        <section className="card" data-testid="year-task">
          <h2>{t("sales.yearTask", { year: view.year })}</h2>
          <p className="big"><Money fen={yearTotal.toString()} /></p>
          <div className="progress wide"><span style={{ width: `${Math.min(shareBps(yearAchieved, yearTotal) / 100, 100)}%` }} /></div>
          <dl className="facts">
            <dt>{t("sales.achieved")}</dt><dd><Money fen={yearAchieved.toString()} /> ({pct(shareBps(yearAchieved, yearTotal))})</dd>
            <dt>{t("sales.gap")}</dt><dd data-testid="year-gap"><Money fen={(yearTotal - yearAchieved).toString()} /></dd>
            <dt>{t("sales.projectTask")}</dt><dd><Money fen={view.projectTaskFen} /> ({t("sales.yearShare", { share: pct(shareBps(yearTotal, BigInt(view.projectTaskFen))) })})</dd>
            <dt>{t("sales.received")}</dt><dd><Money fen={view.receivedFen} /></dd>
          </dl>
        </section>
        <section className="card" data-testid="agency">
          <h2>{t("sales.agency")}</h2>
          {agency ? (
            <dl className="facts">
              <dt>{t("sales.agencyName")}</dt><dd>{agency.agency}</dd>
              <dt>{t("sales.period")}</dt><dd>{formatDate(agency.periodStart, lang)} – {formatDate(agency.periodEnd, lang)}</dd>
              <dt>{t("sales.task")}</dt><dd><Money fen={agency.taskFen} /></dd>
              <dt>{t("sales.achieved")}</dt><dd><Money fen={agency.achievedFen} /> ({pct(shareBps(BigInt(agency.achievedFen), BigInt(agency.taskFen)))})</dd>
              <dt>{t("sales.incentive")}</dt><dd><Money fen={agency.incentiveFen} /> ({pct(agency.incentiveBps)})<div className="muted small">{agency.incentiveTerms}</div></dd>
            </dl>
          ) : <p className="muted">{t("common.none")}</p>}
        </section>
        <section className="card" data-testid="subscription-cap">
          <h2>{t("sales.cap")}</h2>
          <dl className="facts">
            <dt>{t("sales.apartmentArea")}</dt><dd>{sqm(subscription.apartmentAreaCsqm)} m²</dd>
            <dt>{t("sales.capShare")}</dt><dd>{pct(subscription.capBps)} = {sqm(subscription.capCsqm)} m²</dd>
            <dt>{t("sales.subscribed")}</dt><dd data-testid="subscribed">{sqm(subscription.subscribedCsqm)} m²</dd>
            <dt>{t("sales.capLeft")}</dt><dd>{sqm(subscription.capCsqm - subscription.subscribedCsqm)} m²</dd>
          </dl>
          {canWrite ? (
            <Form method="post" className="inline-form" noValidate>
              <input type="hidden" name="intent" value="cap" />
              <Field name="capPercent" label={t("sales.capPercent")} error={resultFor("cap")?.errors.capPercent}>{(p) => <input {...p} defaultValue={resultFor("cap")?.values.capPercent ?? (subscription.capBps / 100).toString()} />}</Field>
              <button type="submit" className="button small">{t("common.save")}</button>
            </Form>
          ) : null}
        </section>
      </div>
      <section className="card">
        <h2>{t("sales.vsTarget", { year: view.year })}</h2>
        <QuarterChart products={view.byProduct} />
        <div className="table-scroll">
          <table className="data-table compact" data-testid="achievement">
            <thead>
              <tr>
                <th>{t("sales.product")}</th>
                <th />
                {view.byProduct[0].quarters.map((q) => <th key={q.period} className="num">{q.period.slice(5)}</th>)}
                <th className="num">{t("sales.year")}</th>
              </tr>
            </thead>
            <tbody>
              {view.byProduct.flatMap((p) => [
                <tr key={`${p.product}t`} data-testid={`target-${p.product}`}>
                  <th rowSpan={3}>{t(`product.${p.product}` as MessageKey)}</th>
                  <td className="muted">{t("sales.target")}</td>
                  {p.quarters.map((q) => <td key={q.period} className="num"><Money fen={q.targetFen} unit="wan" /></td>)}
                  <td className="num"><Money fen={p.year.targetFen} unit="wan" /></td>
                </tr>,
                <tr key={`${p.product}a`} data-testid={`achieved-${p.product}`}>
                  <td className="muted">{t("sales.achieved")}</td>
                  {p.quarters.map((q) => <td key={q.period} className="num"><Money fen={q.achievedFen} unit="wan" /></td>)}
                  <td className="num"><Money fen={p.year.achievedFen} unit="wan" /></td>
                </tr>,
                <tr key={`${p.product}g`}>
                  <td className="muted">{t("sales.gap")}</td>
                  {p.quarters.map((q) => <td key={q.period} className={`num${q.period <= quarterOf(view.today) && BigInt(q.gapFen) > 0n ? " negative" : ""}`}><Money fen={q.gapFen} unit="wan" /></td>)}
                  <td className="num"><Money fen={p.year.gapFen} unit="wan" /></td>
                </tr>,
              ])}
            </tbody>
          </table>
        </div>
        <details>
          <summary>{t("sales.byMonth")}</summary>
          <div className="table-scroll">
            <table className="data-table compact">
              <thead>
                <tr>
                  <th>{t("sales.product")}</th>
                  {view.byProduct[0].months.map((m) => <th key={m.period} className="num">{formatMonth(m.period, lang)}</th>)}
                </tr>
              </thead>
              <tbody>
                {view.byProduct.map((p) => (
                  <tr key={p.product}>
                    <th>{t(`product.${p.product}` as MessageKey)}</th>
                    {p.months.map((m) => <td key={m.period} className="num"><Money fen={m.achievedFen} unit="wan" /> / <Money fen={m.targetFen} unit="wan" /></td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
      <section className="card">
        <h2>{t("sales.leasingDeliverables")}</h2>
        <ul className="plain-list" data-testid="leasing-milestones">
          {view.leasingMilestones.map((m) => (
            <li key={m.id}>
              <Link to={`/milestones/${m.id}`}>{m.code} {localName(lang, m)}</Link> <span className="muted">{formatDate(m.plannedEnd, lang)}</span> <HealthBadge health={m.health} /> {m.percentComplete}%
            </li>
          ))}
        </ul>
        {view.leasingMilestoneCount > view.leasingMilestones.length ? (
          <p className="muted small">
            <Link to="/milestones?kind=leasing">{t("sales.moreLeasing", { total: view.leasingMilestoneCount })}</Link>
          </p>
        ) : null}
      </section>
      {canWrite ? (
        <div className="three-col">
          <SaleForm result={resultFor("sale")} today={view.today} pageKey={view.idempotencyKey} />
          <LeaseForm result={resultFor("lease")} today={view.today} pageKey={view.idempotencyKey} />
          <div>
            <TargetForm result={resultFor("target")} year={view.year} />
            <AgencyForm result={resultFor("agency")} year={view.year} agency={agency} />
          </div>
        </div>
      ) : null}
      <section className="card">
        <h2>{t("sales.records")}</h2>
        {view.saleCount > view.sales.length ? <p className="muted small">{t("sales.latestOf", { shown: view.sales.length, count: view.saleCount })}</p> : null}
        <div className="table-scroll">
          <table className="data-table compact" data-testid="sales-records">
            <thead>
              <tr>
                <th>{t("budget.date")}</th><th>{t("sales.product")}</th><th>{t("sales.unit")}</th><th className="num">{t("sales.area")}</th>
                <th className="num">{t("sales.unitPrice")}</th><th className="num">{t("budget.amount")}</th><th>{t("sales.buyer")}</th><th className="num">{t("sales.received")}</th><th />
              </tr>
            </thead>
            <tbody>
              {view.sales.map((s) => (
                <tr key={s.id}>
                  <td>{formatDate(s.signedOn, lang)}</td>
                  <td>{t(`product.${s.product}` as MessageKey)}</td>
                  <td className="code">{s.unitNo}</td>
                  <td className="num">{sqm(s.areaCsqm)}</td>
                  <td className="num"><Money fen={s.unitPriceFen} unit="yuan" /></td>
                  <td className="num"><Money fen={s.amountFen} /></td>
                  <td>{s.buyerName} <span className="muted small">{t(`sales.buyer.${s.buyerType}` as MessageKey)}</span></td>
                  <td className="num"><Money fen={s.receivedFen} /></td>
                  <td>
                    {canWrite && BigInt(s.receivedFen) < BigInt(s.amountFen) ? (
                      <Form method="post" className="inline-form" noValidate>
                        <input type="hidden" name="intent" value="receipt" />
                        <input type="hidden" name="saleId" value={s.id} />
                        <IdempotencyKey pageKey={view.idempotencyKey} form={`receipt-${s.id}`} />
                        <input name="receivedOn" type="date" defaultValue={view.today} max={view.today} aria-label={t("budget.date")} />
                        <input name="amount" inputMode="decimal" defaultValue={fenToYuanInput(BigInt(s.amountFen) - BigInt(s.receivedFen))} aria-label={t("budget.amountYuan")} />
                        <button type="submit" className="button small">{t("sales.addReceipt")}</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {view.sales.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
          {resultFor("receipt") ? (
            <p className="field-error" role="alert" data-testid="receipt-error">
              {Object.values(resultFor("receipt")!.errors).map((e) => errorText(t, lang, e)).join("；")}
            </p>
          ) : null}
        </div>
        <h3>{t("sales.leases")}</h3>
        <table className="data-table compact" data-testid="leases">
          <thead>
            <tr><th>{t("budget.date")}</th><th>{t("sales.tenant")}</th><th>{t("sales.unit")}</th><th className="num">{t("sales.area")}</th><th className="num">{t("sales.monthlyRent")}</th><th>{t("sales.term")}</th><th className="num">{t("sales.contractRent")}</th><th className="num">{t("sales.prepaid")}</th></tr>
          </thead>
          <tbody>
            {view.leases.map((l) => (
              <tr key={l.id}>
                <td>{formatDate(l.signedOn, lang)}</td><td>{l.tenant}</td><td className="code">{l.unitNo}</td><td className="num">{sqm(l.areaCsqm)}</td>
                <td className="num"><Money fen={l.monthlyRentFen} /></td><td>{formatDate(l.startOn, lang)} – {formatDate(l.endOn, lang)}</td>
                <td className="num"><Money fen={l.contractRentFen} /></td><td className="num"><Money fen={l.prepaidRentFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.leases.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      </section>
    </>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

function SaleForm({ result, today: now, pageKey }: { result: Result; today: string; pageKey: string }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="sale-form">
      <h2>{t("sales.addSale")}</h2>
      <input type="hidden" name="intent" value="sale" />
      <IdempotencyKey pageKey={pageKey} form="sale" error={e.idempotencyKey} />
      <Field name="product" label={t("sales.product")} error={e.product}>{(p) => <select {...p} defaultValue={v.product ?? "apartment_presale"}>{SALE_PRODUCTS.map((x) => <option key={x} value={x}>{t(`product.${x}`)}</option>)}</select>}</Field>
      <Field name="unitNo" label={t("sales.unit")} error={e.unitNo}>{(p) => <input {...p} defaultValue={v.unitNo ?? ""} maxLength={40} />}</Field>
      <Field name="area" label={t("sales.areaM2")} error={e.area}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.area ?? ""} />}</Field>
      <Field name="unitPrice" label={t("sales.unitPriceYuan")} error={e.unitPrice}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.unitPrice ?? ""} />}</Field>
      <Field name="signedOn" label={t("sales.signedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.signedOn ?? now} />}</Field>
      <Field name="buyerName" label={t("sales.buyer")} error={e.buyerName}>{(p) => <input {...p} defaultValue={v.buyerName ?? ""} maxLength={100} />}</Field>
      <Field name="buyerType" label={t("sales.buyerType")} error={e.buyerType}>{(p) => <select {...p} defaultValue={v.buyerType ?? "individual"}>{BUYER_TYPES.map((x) => <option key={x} value={x}>{t(`sales.buyer.${x}`)}</option>)}</select>}</Field>
      <Field name="received" label={t("sales.receivedAtSigning")} error={e.received}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.received ?? ""} />}</Field>
      <Field name="receivedOn" label={t("sales.receivedOn")} error={e.receivedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.receivedOn ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("sales.addSale")}</button>
    </Form>
  );
}

function LeaseForm({ result, today: now, pageKey }: { result: Result; today: string; pageKey: string }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="lease-form">
      <FieldScope name="lease">
      <h2>{t("sales.addLease")}</h2>
      <input type="hidden" name="intent" value="lease" />
      <IdempotencyKey pageKey={pageKey} form="lease" error={e.idempotencyKey} />
      <Field name="tenant" label={t("sales.tenant")} error={e.tenant}>{(p) => <input {...p} defaultValue={v.tenant ?? ""} maxLength={200} />}</Field>
      <Field name="unitNo" label={t("sales.unit")} error={e.unitNo}>{(p) => <input {...p} defaultValue={v.unitNo ?? ""} maxLength={40} />}</Field>
      <Field name="area" label={t("sales.areaM2")} error={e.area}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.area ?? ""} />}</Field>
      <Field name="monthlyRent" label={t("sales.monthlyRentYuan")} error={e.monthlyRent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.monthlyRent ?? ""} />}</Field>
      <Field name="startOn" label={t("sales.startOn")} error={e.startOn}>{(p) => <input {...p} type="date" defaultValue={v.startOn ?? ""} />}</Field>
      <Field name="endOn" label={t("sales.endOn")} error={e.endOn}>{(p) => <input {...p} type="date" defaultValue={v.endOn ?? ""} />}</Field>
      <Field name="signedOn" label={t("sales.signedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.signedOn ?? now} />}</Field>
      <Field name="prepaidRent" label={t("sales.prepaidYuan")} error={e.prepaidRent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.prepaidRent ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("sales.addLease")}</button>
          </FieldScope>
</Form>
  );
}

function TargetForm({ result, year }: { result: Result; year: number }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="target-form">
      <FieldScope name="target">
      <h2>{t("sales.setTarget")}</h2>
      <input type="hidden" name="intent" value="target" />
      <input type="hidden" name="year" value={year} />
      <Field name="product" label={t("sales.product")} error={e.product}>{(p) => <select {...p} defaultValue={v.product ?? "apartment_presale"}>{["apartment_presale", "internal_subscription", "commercial_sale", "commercial_lease"].map((x) => <option key={x} value={x}>{t(`product.${x}` as MessageKey)}</option>)}</select>}</Field>
      <Field name="annual" label={t("sales.annualYuan", { year })} error={e.annual}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.annual ?? ""} />}</Field>
      <div className="inline-form">
        {(["q1", "q2", "q3", "q4"] as const).map((q) => (
          <Field key={q} name={q} label={`${q.toUpperCase()} %`} error={e[q]}>{(p) => <input {...p} inputMode="numeric" defaultValue={v[q] ?? "25"} style={{ width: "4rem" }} />}</Field>
        ))}
      </div>
      <button type="submit" className="button primary">{t("sales.setTarget")}</button>
          </FieldScope>
</Form>
  );
}

function AgencyForm({ result, year, agency }: { result: Result; year: number; agency: { agency: string; periodStart: string; periodEnd: string; taskFen: string; incentiveBps: number; incentiveTerms: string; signedOn: string | null } | null }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? (agency ? { agency: agency.agency, periodStart: agency.periodStart, periodEnd: agency.periodEnd, task: fenToYuanInput(agency.taskFen), incentiveRate: (agency.incentiveBps / 100).toString(), incentiveTerms: agency.incentiveTerms, signedOn: agency.signedOn ?? "" } : {});
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="agency-form">
      <FieldScope name="agency">
      <h2>{t("sales.agencyContract", { year })}</h2>
      <input type="hidden" name="intent" value="agency" />
      <input type="hidden" name="year" value={year} />
      <Field name="agency" label={t("sales.agencyName")} error={e.agency}>{(p) => <input {...p} defaultValue={v.agency ?? ""} maxLength={200} />}</Field>
      <Field name="periodStart" label={t("sales.startOn")} error={e.periodStart}>{(p) => <input {...p} type="date" defaultValue={v.periodStart ?? `${year}-01-01`} />}</Field>
      <Field name="periodEnd" label={t("sales.endOn")} error={e.periodEnd}>{(p) => <input {...p} type="date" defaultValue={v.periodEnd ?? `${year}-12-31`} />}</Field>
      <Field name="task" label={t("sales.taskYuan")} error={e.task}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.task ?? ""} />}</Field>
      <Field name="incentiveRate" label={t("sales.incentiveRate")} error={e.incentiveRate}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.incentiveRate ?? ""} />}</Field>
      <Field name="incentiveTerms" label={t("sales.incentive")} error={e.incentiveTerms}>{(p) => <textarea {...p} rows={2} defaultValue={v.incentiveTerms ?? ""} maxLength={1000} />}</Field>
      <Field name="signedOn" label={t("sales.signedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" defaultValue={v.signedOn ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("common.save")}</button>
          </FieldScope>
</Form>
  );
}
