// /sales/leasing (招商): occupancy (出租率 = leased ÷ leasable area), the pipeline of intents (意向 with
// 意向金) to leases, and the rent roll with rent-free months and escalation. ?intent=<id> prefills the
// lease form from an open intent (converting it). Reads and writes in models/sales/leasing.server.ts.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { errorText, Field, FieldScope } from "~/components/field";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { SalesNav } from "~/components/sales-nav";
import { intentSchema, lapseSchema } from "~/domain/sales-deals-forms.server";
import { leaseSchema } from "~/domain/sales-forms.server";
import { useLang, useT, type MessageKey } from "~/i18n";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { lapseIntent, leasingView, recordIntent, recordLease } from "~/models/sales/leasing.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { fenToYuanInput } from "~/utils/money";
import { formatRatioBps, formatTermBps } from "~/utils/percent";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "leasing.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  return plain({ ...(await leasingView(project.id, now)), today: now, idempotencyKey: newIdempotencyKey() });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "sales.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  const now = today();
  const parsed = parseIntent({ intent: intentSchema(now), lapse: lapseSchema, lease: leaseSchema(now) }, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = { userId: user.id };
  const input = parsed.data as never;
  const result =
    intent === "intent" ? await recordIntent(project.id, input, actor)
    : intent === "lapse" ? await lapseIntent(project.id, input, actor)
    : await recordLease(project.id, input, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/sales/leasing?saved=${intent}`);
}

// 出租率 comes as basis points rounded down (domain/sales/rates.ts): formatRatioBps shows the true ratio
// half up to 0.1 %. The escalation is an entered rate, shown at its 0.01 %.
const pct = formatRatioBps;
const rate = (bps: number) => formatTermBps(bps);
const sqm = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

type View = ReturnType<typeof useLoaderData<typeof loader>>;
type Result = { errors: FieldErrors; values: FormValues } | undefined;

export default function LeasingPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const canWrite = useCan("sales.write");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const saved = params.get("saved");
  const converting = view.intents.find((i) => String(i.id) === params.get("intent") && i.status === "open") ?? null;
  return (
    <>
      <div className="page-head">
        <h1>{t("leasing.title")}</h1>
        <p className="muted">{t("leasing.intro", { basis: t(view.basis === "term" ? "sov.basis.term" : "sov.basis.annual") })}</p>
      </div>
      <SalesNav />
      {saved && ["intent", "lapse", "lease"].includes(saved) ? <p className="banner banner-ok" role="status">{t(`leasing.saved.${saved}` as MessageKey)}</p> : null}
      <div className="tiles">
        <section className="card" data-testid="occupancy">
          <h2>{t("leasing.occupancy")}</h2>
          <p className="big">{pct(view.occupancyBps)}</p>
          <div className="progress wide"><span style={{ width: `${Math.min(view.occupancyBps / 100, 100)}%` }} /></div>
          <dl className="facts facts-wrap">
            <dt>{t("leasing.leased")}</dt><dd>{sqm(view.leasedCsqm)} m²</dd>
            <dt>{t("leasing.leasable")}</dt><dd>{sqm(view.leasableCsqm)} m² <span className="muted small">{t("leasing.units", { leased: view.leasedUnits, total: view.leasableUnits })}</span></dd>
            <dt>{t("leasing.currentRent")}</dt><dd><Money fen={view.currentMonthlyRentFen} /></dd>
            <dt>{t("leasing.remainingRent")}</dt><dd><Money fen={view.remainingRentFen} /></dd>
            <dt>{t("sov.basis")}</dt><dd>{t(view.basis === "term" ? "sov.basis.term" : "sov.basis.annual")}</dd>
          </dl>
        </section>
        <section className="card" data-testid="pipeline">
          <h2>{t("leasing.openIntents")}</h2>
          <p className="big">{view.pipeline.openCount}</p>
          <dl className="facts facts-wrap">
            <dt>{t("sales.area")}</dt><dd>{sqm(view.pipeline.openAreaCsqm)} m²</dd>
            <dt>{t("leasing.annualRent")}</dt><dd><Money fen={view.pipeline.openAnnualRentFen} /></dd>
            <dt>{t("sov.depositsHeld")}</dt><dd><Money fen={view.pipeline.depositsHeldFen} /></dd>
          </dl>
        </section>
      </div>
      <IntentsTable view={view} canWrite={canWrite} lapseResult={resultFor("lapse")} />
      <RentRoll view={view} />
      {canWrite ? (
        <div className="three-col">
          <IntentForm result={resultFor("intent")} today={view.today} pageKey={view.idempotencyKey} />
          <LeaseForm result={resultFor("lease")} today={view.today} pageKey={view.idempotencyKey} converting={converting} />
        </div>
      ) : null}
    </>
  );
}

function IntentsTable({ view, canWrite, lapseResult }: { view: View; canWrite: boolean; lapseResult: Result }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card">
      <h2>{t("leasing.pipeline")}</h2>
      <div className="table-scroll">
        <table className="data-table compact" data-testid="intents">
          <thead>
            <tr>
              <th>{t("leasing.intentOn")}</th><th>{t("sales.tenant")}</th><th>{t("sales.unit")}</th><th className="num">{t("sales.area")}</th>
              <th className="num">{t("sales.monthlyRent")}</th><th className="num">{t("leasing.deposit")}</th><th>{t("leasing.intentStatus")}</th><th>{t("leasing.note")}</th><th />
            </tr>
          </thead>
          <tbody>
            {view.intents.map((i) => (
              <tr key={i.id} className={i.status === "open" ? undefined : "muted"} data-testid={`intent-${i.id}`}>
                <td>{formatDate(i.intentOn, lang)}</td>
                <td>{i.tenant}</td>
                <td className="code">{i.unitCode ?? ""}</td>
                <td className="num">{sqm(i.areaCsqm)}</td>
                <td className="num"><Money fen={i.monthlyRentFen} /></td>
                <td className="num"><Money fen={i.depositFen} /></td>
                <td>{t(`leasing.intentStatus.${i.status}` as MessageKey)}</td>
                <td className="small">{i.note}</td>
                <td>
                  {canWrite && i.status === "open" ? (
                    <div className="inline-form">
                      <Link to={`/sales/leasing?intent=${i.id}#lease-form`} className="button small" data-testid={`convert-${i.id}`}>{t("leasing.convert")}</Link>
                      <Form method="post" className="inline-form" noValidate>
                        <input type="hidden" name="intent" value="lapse" />
                        <input type="hidden" name="intentId" value={i.id} />
                        <input name="reason" aria-label={t("leasing.lapseReason")} placeholder={t("leasing.lapseReason")} maxLength={500} defaultValue={lapseResult?.values.intentId === String(i.id) ? lapseResult.values.reason : ""} />
                        <button type="submit" className="button small">{t("leasing.lapse")}</button>
                      </Form>
                      {lapseResult?.values.intentId === String(i.id) && lapseResult.errors.reason ? <span className="field-error" role="alert">{errorText(t, lang, lapseResult.errors.reason)}</span> : null}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.intents.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      </div>
    </section>
  );
}

function RentRoll({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card">
      <h2>{t("leasing.rentRoll")}</h2>
      {view.leaseCount > view.leases.length ? <p className="muted small">{t("leasing.latestOf", { count: view.leaseCount, shown: view.leases.length })}</p> : null}
      <div className="table-scroll">
        <table className="data-table compact" data-testid="rent-roll">
          <thead>
            <tr>
              <th>{t("sales.unit")}</th><th>{t("sales.tenant")}</th><th className="num">{t("sales.area")}</th><th className="num">{t("sales.monthlyRent")}</th>
              <th>{t("sales.term")}</th><th>{t("leasing.rentFree")}</th><th>{t("leasing.escalation")}</th>
              <th className="num">{t("leasing.annualRent")}</th><th className="num">{t("leasing.termRent")}</th><th className="num">{t("leasing.currentMonth")}</th>
              <th>{t("leasing.rollStatus")}</th><th className="num">{t("leasing.remaining")}</th>
            </tr>
          </thead>
          <tbody>
            {view.leases.map((l) => (
              <tr key={l.id} className={l.status === "signed" ? undefined : "muted"} data-testid={`lease-${l.id}`}>
                <td className="code">{l.unitNo}</td>
                <td>{l.tenant}</td>
                <td className="num">{sqm(l.areaCsqm)}</td>
                <td className="num"><Money fen={l.monthlyRentFen} /></td>
                <td>{formatDate(l.startOn, lang)} – {formatDate(l.endOn, lang)}</td>
                <td>{l.rentFreeMonths > 0 ? t("leasing.months", { n: l.rentFreeMonths }) : "—"}</td>
                <td>{l.escalationBps > 0 ? t("leasing.escalationOf", { rate: rate(l.escalationBps), every: l.escalationEveryMonths }) : t("leasing.noEscalation")}</td>
                <td className="num"><Money fen={l.annualRentFen} /></td>
                <td className="num"><Money fen={l.termRentFen} /></td>
                <td className="num">{l.roll ? <Money fen={l.roll.currentMonthlyRentFen} /> : null}</td>
                <td>{l.roll ? t(`leasing.rollStatus.${l.roll.status}` as MessageKey) : t("leasing.leaseStatus.terminated")}</td>
                <td className="num">{l.roll ? <Money fen={l.roll.remainingFen} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {view.leases.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      </div>
    </section>
  );
}

function IntentForm({ result, today: now, pageKey }: { result: Result; today: string; pageKey: string }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v = result?.values ?? {};
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="intent-form">
      <FieldScope name="intent">
        <h2>{t("leasing.addIntent")}</h2>
        <input type="hidden" name="intent" value="intent" />
        <IdempotencyKey pageKey={pageKey} form="intent" error={e.idempotencyKey} />
        <Field name="tenant" label={t("sales.tenant")} error={e.tenant}>{(p) => <input {...p} defaultValue={v.tenant ?? ""} maxLength={200} />}</Field>
        <Field name="unitCode" label={t("leasing.unitCode")} error={e.unitCode}>{(p) => <input {...p} defaultValue={v.unitCode ?? ""} maxLength={60} />}</Field>
        <Field name="area" label={t("sales.areaM2")} error={e.area}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.area ?? ""} />}</Field>
        <Field name="monthlyRent" label={t("sales.monthlyRentYuan")} error={e.monthlyRent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.monthlyRent ?? ""} />}</Field>
        <Field name="deposit" label={t("leasing.depositYuan")} error={e.deposit}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.deposit ?? ""} />}</Field>
        <Field name="intentOn" label={t("leasing.intentOn")} error={e.intentOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.intentOn ?? now} />}</Field>
        <Field name="note" label={t("leasing.note")} error={e.note}>{(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={v.note ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("leasing.addIntent")}</button>
      </FieldScope>
    </Form>
  );
}

type Intent = View["intents"][number];

function LeaseForm({ result, today: now, pageKey, converting }: { result: Result; today: string; pageKey: string; converting: Intent | null }) {
  const t = useT();
  const lang = useLang();
  const e = result?.errors ?? {};
  const v: FormValues =
    result?.values ??
    (converting
      ? { intentId: String(converting.id), tenant: converting.tenant, unitNo: converting.unitCode ?? "", area: sqm(converting.areaCsqm).replace(/,/g, ""), monthlyRent: fenToYuanInput(converting.monthlyRentFen) }
      : {});
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="lease-form" id="lease-form">
      <FieldScope name="lease">
        <h2>{t("leasing.addLease")}</h2>
        <input type="hidden" name="intent" value="lease" />
        <IdempotencyKey pageKey={pageKey} form="lease" error={e.idempotencyKey} />
        {v.intentId ? (
          <p className="banner banner-ok small" data-testid="converting">
            {t("leasing.fromIntent", { id: v.intentId, tenant: converting?.tenant ?? v.tenant ?? "" })} <Link to="/sales/leasing">×</Link>
          </p>
        ) : null}
        <input type="hidden" name="intentId" value={v.intentId ?? ""} />
        {e.intentId ? <p className="field-error" role="alert">{errorText(t, lang, e.intentId)}</p> : null}
        <Field name="tenant" label={t("sales.tenant")} error={e.tenant}>{(p) => <input {...p} defaultValue={v.tenant ?? ""} maxLength={200} />}</Field>
        <Field name="unitNo" label={t("sales.unit")} error={e.unitNo}>{(p) => <input {...p} defaultValue={v.unitNo ?? ""} maxLength={40} />}</Field>
        <Field name="area" label={t("sales.areaM2")} error={e.area}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.area ?? ""} />}</Field>
        <Field name="monthlyRent" label={t("sales.monthlyRentYuan")} error={e.monthlyRent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.monthlyRent ?? ""} />}</Field>
        <Field name="startOn" label={t("sales.startOn")} error={e.startOn}>{(p) => <input {...p} type="date" defaultValue={v.startOn ?? ""} />}</Field>
        <Field name="endOn" label={t("sales.endOn")} error={e.endOn}>{(p) => <input {...p} type="date" defaultValue={v.endOn ?? ""} />}</Field>
        <Field name="rentFreeMonths" label={t("leasing.rentFreeMonths")} error={e.rentFreeMonths}>{(p) => <input {...p} inputMode="numeric" defaultValue={v.rentFreeMonths ?? "0"} />}</Field>
        <div className="inline-form">
          <Field name="escalationPercent" label={t("leasing.escalationPercent")} error={e.escalationPercent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.escalationPercent ?? "0"} style={{ width: "6rem" }} />}</Field>
          <Field name="escalationEveryMonths" label={t("leasing.escalationEvery")} error={e.escalationEveryMonths}>{(p) => <input {...p} inputMode="numeric" defaultValue={v.escalationEveryMonths ?? "12"} style={{ width: "6rem" }} />}</Field>
        </div>
        <Field name="signedOn" label={t("sales.signedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" max={now} defaultValue={v.signedOn ?? now} />}</Field>
        <Field name="prepaidRent" label={t("sales.prepaidYuan")} error={e.prepaidRent}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.prepaidRent ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("leasing.addLease")}</button>
      </FieldScope>
    </Form>
  );
}
