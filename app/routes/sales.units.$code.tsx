// One unit (房源): its price list entry, its building's pre-sale permit, the deal on it with its
// receivable schedule and collections, the deals before it, and the forms its state allows: 认购 when
// available; 签约 when reserved; 回款, 退房, 换房 and 更名 while a deal is active. The rules and gates are
// in models/sales/deals.server.ts; this module only parses, dispatches on `intent` and shows.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { SalesNav } from "~/components/sales-nav";
import { BUYER_TYPES, checkDealPrice, maxDiscountBps, normalizeUnitCode, PAYMENT_PLANS, unitPricePerSqmFen } from "~/domain/sales";
import { cancelSchema, changeUnitSchema, DEAL_RECEIPT_KINDS, dealReceiptSchema, discountRequestSchema, renameSchema, reserveSchema, signSchema } from "~/domain/sales-deals-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { cancelDeal, changeUnit, recordDealReceipt, renameBuyer, requestDiscount, reserveUnit, signDeal } from "~/models/sales/deals.server";
import { unitDetail } from "~/models/sales/inventory.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, today } from "~/utils/dates";
import { parseIntent, refusalError, readFormData, type FieldError, type FieldErrors, type FormValues } from "~/utils/forms";
import { fenToYuanInput, formatMoney } from "~/utils/money";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageTitle(matches, (t) => [data?.unit.code, t("units.title")].filter(Boolean).join(" · "));

function unitCodeOf(params: { code?: string }): string {
  const code = normalizeUnitCode(params.code ?? "");
  if (!code) throw new Response("Unit not found", { status: 404 });
  return code;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const project = await requireProject();
  const code = unitCodeOf(params);
  // "t1 1201" and "T1－1201" are the unit T1-1201: one address for it.
  if (code !== params.code) throw redirect(`/sales/units/${encodeURIComponent(code)}${new URL(request.url).search}`);
  const now = today();
  const detail = await unitDetail(project.id, code, now);
  if (!detail) throw new Response("Unit not found", { status: 404 });
  const { unit } = detail;
  const check = checkDealPrice({ listPriceFen: unit.listPriceFen, floorPriceFen: unit.floorPriceFen, priceFen: -1n, maxDiscountBps: maxDiscountBps(user.roles, detail.authority) });
  return plain({
    ...detail,
    minPriceFen: check.ok ? 0n : check.minFen,
    listPerSqmFen: unit.grossAreaCsqm > 0 ? unitPricePerSqmFen(unit.listPriceFen, unit.grossAreaCsqm) : 0n,
    receiptKinds: DEAL_RECEIPT_KINDS,
    today: now,
    idempotencyKey: newIdempotencyKey(),
  });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };
type Outcome = { ok: true } | { ok: false; field: string; message: string; vars?: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sales.write");
  const project = await requireProject();
  const code = unitCodeOf(params);
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  form.set("unitCode", code); // 认购 is of this page's unit, whatever was posted
  const now = today();
  const schemas = { reserve: reserveSchema(now), sign: signSchema(now), receipt: dealReceiptSchema(now), cancel: cancelSchema(now), change: changeUnitSchema(now), rename: renameSchema, discount: discountRequestSchema };
  const parsed = parseIntent(schemas, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = { userId: user.id, roles: user.roles };
  const input = parsed.data as never;
  const writes: Record<string, () => Promise<Outcome>> = {
    reserve: () => reserveUnit(project.id, input, actor),
    sign: () => signDeal(project.id, input, actor),
    receipt: () => recordDealReceipt(project.id, input, actor),
    cancel: () => cancelDeal(project.id, input, actor),
    change: () => changeUnit(project.id, input, actor),
    rename: () => renameBuyer(project.id, input, actor),
    discount: () => requestDiscount(project.id, input, actor),
  };
  const result = await writes[intent]();
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  // After 换房 the deal lives on the new unit: show it there.
  const target = intent === "change" ? (parsed.data as { newUnitCode: string }).newUnitCode : code;
  return redirect(`/sales/units/${encodeURIComponent(target)}?saved=${intent}`);
}

const sqm = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export default function UnitPage() {
  const { unit, deal, history, leases, minPriceFen, listPerSqmFen, receiptKinds, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("sales.write");
  const saved = search.get("saved");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const permit = unit.building.presaleMilestone;
  const forms = { pageKey: idempotencyKey, today: now };
  return (
    <>
      <SalesNav />
      <p>
        <Link to={`/sales/units?building=${encodeURIComponent(unit.building.code)}`}>← {t("units.back")} · {localName(lang, unit.building)}</Link>
      </p>
      <div className="page-head">
        <h1>
          {unit.code} <span className={`unit-status unit-${unit.status}`} data-testid="unit-status">{t(`units.status.${unit.status}` as MessageKey)}</span>
        </h1>
        <p className="muted">
          {localName(lang, unit.building)} · {t(`units.use.${unit.building.use}` as MessageKey)} · {t("units.floorLabel", { floor: unit.floor })} · {unit.roomType}
        </p>
      </div>
      {saved && ["reserve", "sign", "receipt", "cancel", "change", "rename", "discount"].includes(saved) ? (
        <p className="banner banner-ok" role="status" data-testid="saved-banner">{t(`units.saved.${saved}` as MessageKey)}</p>
      ) : null}
      {actionData?.errors.form ? <p className="field-error" role="alert">{errorText(t, lang, actionData.errors.form)}</p> : null}
      <div className="tiles unit-tiles">
        <section className="card" data-testid="price-list">
          <h2>{t("units.priceList")}</h2>
          <dl className="facts">
            <dt>{t("units.listPrice")}</dt><dd><Money fen={unit.listPriceFen} /></dd>
            <dt>{t("units.floorPrice")}</dt><dd><Money fen={unit.floorPriceFen} /></dd>
            <dt>{t("units.listPerSqm")}</dt><dd>{t("units.perSqm", { amount: formatMoney(listPerSqmFen, lang, "yuan") })}</dd>
            <dt>{t("units.grossArea")}</dt><dd>{sqm(unit.grossAreaCsqm)} m²</dd>
            <dt>{t("units.netArea")}</dt><dd>{sqm(unit.netAreaCsqm)} m²</dd>
            <dt>{t("units.disposition")}</dt><dd>{t(`units.disposition.${unit.disposition}` as MessageKey)}</dd>
          </dl>
        </section>
        <section className="card" data-testid="unit-permit">
          <h2>{t("units.permit")}</h2>
          {permit ? (
            <>
              <p>
                <Link to={`/milestones/${permit.id}`}>{permit.code} {localName(lang, permit)}</Link>{" "}
                {permit.done ? (
                  <span className="badge status-done">{t("units.permitDone", { date: formatDate(permit.actualEnd, lang) })}</span>
                ) : (
                  <span className="badge health-slipping" data-testid="permit-missing">{t("units.permitPlanned", { date: formatDate(permit.plannedEnd, lang) })}</span>
                )}
              </p>
              {permit.done ? null : <p className="muted small">{t("units.permitGateNote")}</p>}
            </>
          ) : (
            <p className="muted">{t("units.permitNone")}</p>
          )}
        </section>
      </div>
      {deal ? <DealSection deal={deal} /> : null}
      {unit.disposition === "lease" ? <p className="card muted">{t("units.notForSale")}</p> : null}
      {unit.disposition === "sale" && unit.status === "unreleased" ? <p className="card muted">{t("units.unreleasedNote")}</p> : null}
      {canWrite ? (
        <div className="deal-actions">
          {!deal && unit.disposition === "sale" && unit.status === "available" ? (
            <>
              <ReserveForm {...forms} result={resultFor("reserve")} listPriceFen={unit.listPriceFen} floorPriceFen={unit.floorPriceFen} minPriceFen={minPriceFen} apartment={unit.building.use === "apartment"} />
              <DiscountForm {...forms} result={resultFor("discount")} />
            </>
          ) : null}
          {deal?.status === "reserved" ? <SignForm {...forms} saleId={deal.id} result={resultFor("sign")} /> : null}
          {deal ? <ReceiptForm {...forms} saleId={deal.id} owedFen={deal.owedFen} kinds={receiptKinds} result={resultFor("receipt")} /> : null}
          {deal ? <CancelForm {...forms} saleId={deal.id} receivedFen={deal.receivedFen} result={resultFor("cancel")} /> : null}
          {deal ? <ChangeForm {...forms} saleId={deal.id} result={resultFor("change")} /> : null}
          {deal ? <RenameForm saleId={deal.id} buyerName={deal.buyerName} result={resultFor("rename")} /> : null}
        </div>
      ) : null}
      {history.length > 0 ? (
        <section className="card">
          <h2>{t("units.history")}</h2>
          <div className="table-scroll">
            <table className="data-table compact" data-testid="deal-history">
              <thead>
                <tr>
                  <th>#</th><th>{t("units.buyer")}</th><th>{t("units.dealStatus")}</th><th className="num">{t("units.price")}</th>
                  <th>{t("units.reservedOn")}</th><th>{t("units.signedOn")}</th><th>{t("units.cancelledOn")}</th><th>{t("units.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((d) => (
                  <tr key={d.id}>
                    <td className="code">{d.id}</td>
                    <td>{d.buyerName}{d.product === "internal_subscription" ? <div className="muted small">{t("units.internal")}</div> : null}</td>
                    <td className="nowrap">{t(`units.dealStatus.${d.status}` as MessageKey)}{d.changedToId ? <div className="muted small">{t("units.changedTo", { id: d.changedToId })}</div> : null}</td>
                    <td className="num"><Money fen={d.amountFen} /></td>
                    <td className="dates">{formatDate(d.reservedOn, lang)}</td>
                    <td className="dates">{formatDate(d.signedOn, lang)}</td>
                    <td className="dates">{formatDate(d.cancelledOn, lang)}</td>
                    <td className="text-col">{d.cancelReason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {leases.length > 0 ? (
        <section className="card">
          <h2>{t("units.leases")}</h2>
          <ul className="plain-list">
            {leases.map((l) => (
              <li key={l.id}>{l.tenant} · <Money fen={l.monthlyRentFen} /> · {formatDate(l.startOn, lang)} – {formatDate(l.endOn, lang)}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

type Deal = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["deal"]>;

function DealSection({ deal }: { deal: Deal }) {
  const t = useT();
  const lang = useLang();
  const { rows, totals } = deal.schedule;
  return (
    <section className="card" data-testid="deal">
      <h2>{t("units.deal")} <span className="code">#{deal.id}</span></h2>
      <dl className="facts wide stack-narrow">
        <dt>{t("units.buyer")}</dt><dd data-testid="deal-buyer">{deal.buyerName} <span className="muted small">{t(`sales.buyer.${deal.buyerType}` as MessageKey)}</span></dd>
        <dt>{t("units.dealStatus")}</dt><dd data-testid="deal-status">{t(`units.dealStatus.${deal.status}` as MessageKey)} · {t(`product.${deal.product}` as MessageKey)}</dd>
        <dt>{t("units.price")}</dt><dd><Money fen={deal.amountFen} /></dd>
        <dt>{t("units.deposit")}</dt><dd><Money fen={deal.depositFen} /></dd>
        <dt>{t("units.reservedOn")}</dt><dd>{formatDate(deal.reservedOn, lang)}</dd>
        <dt>{t("units.signedOn")}</dt><dd>{formatDate(deal.signedOn, lang)}</dd>
        <dt>{t("units.plan")}</dt><dd>{deal.signedOn ? t(`units.plan.${deal.paymentPlan}` as MessageKey) : "—"}</dd>
        <dt>{t("units.received")}</dt><dd data-testid="deal-received"><Money fen={deal.receivedFen} /></dd>
        <dt>{t("units.owed")}</dt><dd data-testid="deal-owed"><Money fen={deal.owedFen} /></dd>
        <dt>{t("units.overdueTotal")}</dt><dd className={BigInt(totals.overdueFen) > 0n ? "warn" : undefined} data-testid="deal-overdue"><Money fen={totals.overdueFen} /></dd>
      </dl>
      <h3>{t("units.schedule")}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t("units.scheduleNone")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="schedule">
            <thead>
              <tr>
                <th>{t("units.seq")}</th><th>{t("units.dueOn")}</th><th>{t("units.kind")}</th><th className="num">{t("units.amount")}</th>
                <th className="num">{t("units.received")}</th><th className="num">{t("units.outstanding")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} className={BigInt(r.overdueFen) > 0n ? "row-overdue" : undefined} data-testid={`schedule-${r.seq}`}>
                  <td>{r.seq}</td>
                  <td className="dates">{formatDate(r.dueOn, lang)}{r.overdueDays > 0 ? <div className="negative small">{t("units.overdueDays", { days: r.overdueDays })}</div> : null}</td>
                  <td>{t(`units.kind.${r.kind}` as MessageKey)}</td>
                  <td className="num"><Money fen={r.amountFen} /></td>
                  <td className="num"><Money fen={r.receivedFen} /></td>
                  <td className={`num${BigInt(r.overdueFen) > 0n ? " negative" : ""}`}><Money fen={r.outstandingFen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t("units.receipts")}</h3>
      {deal.receipts.length === 0 ? (
        <p className="muted">{t("units.receiptsNone")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table compact" data-testid="receipts">
            <thead>
              <tr><th>{t("units.receivedOn")}</th><th>{t("units.receiptKind")}</th><th className="num">{t("units.amount")}</th><th>{t("units.note")}</th></tr>
            </thead>
            <tbody>
              {deal.receipts.map((r) => (
                <tr key={r.id}>
                  <td className="dates">{formatDate(r.receivedOn, lang)}</td>
                  <td>{t(`units.receiptKind.${r.kind}` as MessageKey)}</td>
                  <td className={`num${BigInt(r.amountFen) < 0n ? " negative" : ""}`}><Money fen={r.amountFen} /></td>
                  <td className="text-col">{r.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;
type FormProps = { pageKey: string; today: string; result: Result };

function FormError({ error }: { error?: FieldError }) {
  const t = useT();
  const lang = useLang();
  return error ? <p className="field-error" role="alert">{errorText(t, lang, error)}</p> : null;
}

/** A checkbox with its label beside it and its error below. */
function CheckField({ name, label, checked, error }: { name: string; label: string; checked: boolean; error?: FieldError }) {
  const t = useT();
  const lang = useLang();
  const id = `field-${name}`;
  return (
    <div className={`field field-check${error ? " field-invalid" : ""}`}>
      <input type="checkbox" id={id} name={name} defaultChecked={checked} {...(error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {})} />
      <label htmlFor={id}>{label}</label>
      {error ? <small className="field-error" id={`${id}-error`} role="alert">{errorText(t, lang, error)}</small> : null}
    </div>
  );
}

/** One deal form: a card, or a collapsed card for the forms that undo or change a deal (open on an error). */
function DealForm({ intent, title, result, collapsed, children }: { intent: string; title: string; result: Result; collapsed?: boolean; children: ReactNode }) {
  const body = (
    <Form method="post" className="stack" noValidate key={JSON.stringify(result?.values ?? {})} data-testid={`${intent}-form`}>
      <FieldScope name={intent}>
        <input type="hidden" name="intent" value={intent} />
        <FormError error={result?.errors.saleId ?? result?.errors.unitCode} />
        {children}
      </FieldScope>
    </Form>
  );
  return collapsed ? (
    <details className="card" open={result !== undefined}>
      <summary>{title}</summary>
      {body}
    </details>
  ) : (
    <section className="card">
      <h2>{title}</h2>
      {body}
    </section>
  );
}

function ReserveForm({ pageKey, today: now, result, listPriceFen, floorPriceFen, minPriceFen, apartment }: FormProps & { listPriceFen: string; floorPriceFen: string; minPriceFen: string; apartment: boolean }) {
  const t = useT();
  const lang = useLang();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="reserve" title={t("units.reserveTitle")} result={result}>
      <IdempotencyKey pageKey={pageKey} form="reserve" error={e.idempotencyKey} />
      <Field name="buyerName" label={t("units.buyerName")} error={e.buyerName}>{(p) => <input {...p} defaultValue={v.buyerName ?? ""} maxLength={100} />}</Field>
      <Field name="buyerType" label={t("units.buyerType")} error={e.buyerType}>
        {(p) => <select {...p} defaultValue={v.buyerType ?? "individual"}>{BUYER_TYPES.map((x) => <option key={x} value={x}>{t(`sales.buyer.${x}` as MessageKey)}</option>)}</select>}
      </Field>
      <Field name="price" label={t("units.priceYuan")} error={e.price} hint={`${t("units.priceHint", { list: formatMoney(listPriceFen, lang, "yuan"), floor: formatMoney(floorPriceFen, lang, "yuan") })} · ${t("units.yourMin", { amount: formatMoney(minPriceFen, lang, "yuan") })}`}>
        {(p) => <input {...p} inputMode="decimal" defaultValue={v.price ?? fenToYuanInput(listPriceFen)} />}
      </Field>
      <Field name="deposit" label={t("units.depositYuan")} error={e.deposit}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.deposit ?? ""} />}</Field>
      <CheckField name="depositReceived" label={t("units.depositReceived")} checked={result ? v.depositReceived === "on" : true} error={e.depositReceived} />
      <Field name="reservedOn" label={t("units.reservedOn")} error={e.reservedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.reservedOn ?? now} />}</Field>
      {apartment ? <CheckField name="internal" label={t("units.internalBox")} checked={v.internal === "on"} error={e.internal} /> : null}
      <button type="submit" className="button primary">{t("units.reserve")}</button>
    </DealForm>
  );
}

/** 特批: a price below the seller's own authority goes to an approver (/approvals); approved, 认购 at it passes once. */
function DiscountForm({ pageKey, result }: FormProps) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="discount" title={t("units.discountTitle")} result={result} collapsed>
      <p className="muted small">{t("units.discountHint")}</p>
      <IdempotencyKey pageKey={pageKey} form="discount" error={e.idempotencyKey} />
      <Field name="buyerName" label={t("units.buyerName")} error={e.buyerName}>{(p) => <input {...p} defaultValue={v.buyerName ?? ""} maxLength={100} />}</Field>
      <Field name="price" label={t("units.priceYuan")} error={e.price}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.price ?? ""} />}</Field>
      <Field name="reason" label={t("units.reason")} error={e.reason}>{(p) => <textarea {...p} rows={2} defaultValue={v.reason ?? ""} maxLength={500} />}</Field>
      <button type="submit" className="button">{t("units.discountSubmit")}</button>
    </DealForm>
  );
}

function SignForm({ pageKey, today: now, result, saleId }: FormProps & { saleId: number }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="sign" title={t("units.signTitle")} result={result}>
      <IdempotencyKey pageKey={pageKey} form="sign" error={e.idempotencyKey} />
      <input type="hidden" name="saleId" value={saleId} />
      <p className="muted small">{t("units.signHint")}</p>
      <Field name="signedOn" label={t("units.signedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.signedOn ?? now} />}</Field>
      <Field name="plan" label={t("units.plan")} error={e.plan}>
        {(p) => <select {...p} defaultValue={v.plan ?? "mortgage"}>{PAYMENT_PLANS.map((x) => <option key={x} value={x}>{t(`units.plan.${x}` as MessageKey)}</option>)}</select>}
      </Field>
      <Field name="downPaymentPercent" label={t("units.downPaymentPercent")} error={e.downPaymentPercent}>{(p) => <input {...p} inputMode="numeric" defaultValue={v.downPaymentPercent ?? "30"} />}</Field>
      <Field name="instalments" label={t("units.instalments")} error={e.instalments}>{(p) => <input {...p} inputMode="numeric" defaultValue={v.instalments ?? "3"} />}</Field>
      <button type="submit" className="button primary">{t("units.sign")}</button>
    </DealForm>
  );
}

function ReceiptForm({ pageKey, today: now, result, saleId, owedFen, kinds }: FormProps & { saleId: number; owedFen: string; kinds: readonly string[] }) {
  const t = useT();
  const lang = useLang();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="receipt" title={t("units.receipt")} result={result}>
      <IdempotencyKey pageKey={pageKey} form="receipt" error={e.idempotencyKey} />
      <input type="hidden" name="saleId" value={saleId} />
      <Field name="receivedOn" label={t("units.receivedOn")} error={e.receivedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.receivedOn ?? now} />}</Field>
      <Field name="amount" label={t("units.amountYuan")} error={e.amount} hint={t("units.receiptHint", { amount: formatMoney(owedFen, lang) })}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.amount ?? ""} />}</Field>
      <Field name="kind" label={t("units.receiptKind")} error={e.kind}>
        {(p) => <select {...p} defaultValue={v.kind ?? "payment"}>{kinds.map((x) => <option key={x} value={x}>{t(`units.receiptKind.${x}` as MessageKey)}</option>)}</select>}
      </Field>
      <button type="submit" className="button primary">{t("units.receipt")}</button>
    </DealForm>
  );
}

function CancelForm({ pageKey, today: now, result, saleId, receivedFen }: FormProps & { saleId: number; receivedFen: string }) {
  const t = useT();
  const lang = useLang();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="cancel" title={t("units.cancelTitle")} result={result} collapsed>
      <IdempotencyKey pageKey={pageKey} form="cancel" error={e.idempotencyKey} />
      <input type="hidden" name="saleId" value={saleId} />
      <Field name="cancelledOn" label={t("units.cancelledOn")} error={e.cancelledOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.cancelledOn ?? now} />}</Field>
      <Field name="refund" label={t("units.refundYuan")} error={e.refund} hint={t("units.refundHint", { amount: formatMoney(receivedFen, lang) })}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.refund ?? ""} />}</Field>
      <Field name="reason" label={t("units.reason")} error={e.reason}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={v.reason ?? ""} />}</Field>
      <button type="submit" className="button danger">{t("units.cancel")}</button>
    </DealForm>
  );
}

function ChangeForm({ pageKey, today: now, result, saleId }: FormProps & { saleId: number }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="change" title={t("units.changeTitle")} result={result} collapsed>
      <IdempotencyKey pageKey={pageKey} form="change" error={e.idempotencyKey} />
      <input type="hidden" name="saleId" value={saleId} />
      <p className="muted small">{t("units.changeHint")}</p>
      <Field name="newUnitCode" label={t("units.newUnitCode")} error={e.newUnitCode}>{(p) => <input {...p} defaultValue={v.newUnitCode ?? ""} maxLength={60} autoCapitalize="characters" />}</Field>
      <Field name="price" label={t("units.priceYuan")} error={e.price}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.price ?? ""} />}</Field>
      <Field name="changedOn" label={t("units.changedOn")} error={e.changedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.changedOn ?? now} />}</Field>
      <Field name="reason" label={t("units.reason")} error={e.reason}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={v.reason ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("units.change")}</button>
    </DealForm>
  );
}

function RenameForm({ result, saleId, buyerName }: { result: Result; saleId: number; buyerName: string }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <DealForm intent="rename" title={t("units.renameTitle")} result={result} collapsed>
      <input type="hidden" name="saleId" value={saleId} />
      <Field name="buyerName" label={t("units.newBuyerName")} error={e.buyerName}>{(p) => <input {...p} defaultValue={v.buyerName ?? buyerName} maxLength={100} />}</Field>
      <Field name="reason" label={t("units.reason")} error={e.reason}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={v.reason ?? ""} />}</Field>
      <button type="submit" className="button primary">{t("units.rename")}</button>
    </DealForm>
  );
}
