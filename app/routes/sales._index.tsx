// /sales: the year's targets and achievement by product, the agency contract's task against its products'
// targets and its commission, 回款率 and 去化率, receivables and their ageing, the internal-subscription
// cap, a leasing summary and the latest deals. Deals are made on /sales/units/<code>, leases on
// /sales/leasing; here: the targets, the agency contract, the cap and the discount authority.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { HealthBadge } from "~/components/badges";
import { QuarterChart } from "~/components/charts";
import { Field, FieldScope } from "~/components/field";
import { Money } from "~/components/money";
import { SalesNav } from "~/components/sales-nav";
import { PRODUCTS, quarterOf } from "~/domain/sales";
import { discountAuthoritySchema } from "~/domain/sales-deals-forms.server";
import { agencySchema, capSchema, targetSchema } from "~/domain/sales-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { requireProject } from "~/models/project.server";
import { salesLeasingMilestones, salesView, salesYears, saveAgencyContract, setSubscriptionCap, setTarget } from "~/models/sales/overview.server";
import { discountAuthority, saveDiscountAuthority } from "~/models/sales/inventory.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatMonth, today } from "~/utils/dates";
import { parseIntent, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { fenToYuanInput, formatMoney, shareBps } from "~/utils/money";
import { formatRatioBps, formatTermBps } from "~/utils/percent";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sales.title");

const validYear = (value: unknown) => {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2020 && year <= 2100 ? year : null;
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const now = today();
  const year = validYear(new URL(request.url).searchParams.get("year")) ?? project.startupCapitalYear;
  const [view, years, authority, leasingMilestones] = await Promise.all([
    salesView(project.id, year, now),
    salesYears(project.id, now),
    discountAuthority(project.id),
    salesLeasingMilestones(project.id, now),
  ]);
  return plain({ ...view, ...leasingMilestones, years: years.includes(year) ? years : [...years, year].sort((a, b) => a - b), authority, today: now });
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent"));
  // Who may discount how far is set by an approver (the executives who decide 特批), not by the sellers it limits.
  const user = await requirePermission(request, intent === "discount" ? "approvals.decide" : "sales.write");
  const year = validYear(form.get("year")) ?? validYear(new URL(request.url).searchParams.get("year"));
  const schemas = { target: targetSchema, agency: agencySchema, cap: capSchema, discount: discountAuthoritySchema };
  const parsed = parseIntent(schemas, form);
  if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const actor = { userId: user.id };
  const input = parsed.data as never;
  const result =
    intent === "target" ? await setTarget(project.id, input, actor)
    : intent === "agency" ? await saveAgencyContract(project.id, input, actor)
    : intent === "discount" ? await saveDiscountAuthority(project.id, input, actor)
    : await setSubscriptionCap(project.id, (parsed.data as { capPercent: number }).capPercent, actor);
  if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/sales?${year ? `year=${year}&` : ""}saved=${intent}`);
}

// Ratios come as basis points rounded down (shareBps, domain/sales/rates.ts), so formatRatioBps shows the
// true ratio half up to 0.1 %; entered rates (commission, discount, cap) show at their own 0.01 %.
const pct = formatRatioBps;
const rate = (bps: number) => formatTermBps(bps);
const sqm = (csqm: number) => (csqm / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const barWidth = (part: number, whole: number) => `${whole > 0 ? Math.min((part * 100) / whole, 100) : 0}%`;

type View = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SalesPage() {
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const canWrite = useCan("sales.write");
  const canSetAuthority = useCan("approvals.decide");
  const resultFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const yearTotal = view.byProduct.reduce((sum, p) => sum + BigInt(p.year.targetFen), 0n);
  const yearAchieved = view.byProduct.reduce((sum, p) => sum + BigInt(p.year.achievedFen), 0n);
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("sales.title")}</h1>
          <p className="muted">{t("sov.intro", { year: view.year })}</p>
        </div>
        <div className="actions">
          <a href={`/sales/export.xlsx?year=${view.year}`} className="button" download>{t("budget.exportXlsx")}</a>
        </div>
      </div>
      <SalesNav year={view.year} />
      <nav className="tabs" aria-label={t("sov.yearSwitch")} data-testid="year-switch">
        <span className="muted">{t("sov.yearSwitch")}</span>
        {view.years.map((y) => (
          <Link key={y} to={`/sales?year=${y}`} className={y === view.year ? "active" : undefined} aria-current={y === view.year ? "page" : undefined}>{y}</Link>
        ))}
      </nav>
      {params.get("saved") ? <p className="banner banner-ok" role="status">{t("common.saved")}</p> : null}
      <p className="banner banner-warn" data-testid="deals-on-units">
        {t("sov.dealsOnUnits")} <Link to="/sales/units">{t("sov.toUnits")}</Link>
      </p>
      <div className="tiles">
        <section className="card" data-testid="year-task">
          <h2>{t("sov.targetsYear", { year: view.year })}</h2>
          <p className="big"><Money fen={yearTotal.toString()} /></p>
          <div className="progress wide"><span style={{ width: barWidth(Number(shareBps(yearAchieved, yearTotal)), 10_000) }} /></div>
          <dl className="facts facts-wrap">
            <dt>{t("sales.achieved")}</dt><dd><Money fen={yearAchieved.toString()} /> ({pct(shareBps(yearAchieved, yearTotal))})</dd>
            <dt>{t("sales.gap")}</dt><dd data-testid="year-gap"><Money fen={(yearTotal - yearAchieved).toString()} /></dd>
            <dt>{t("sov.receivedAll")}</dt><dd><Money fen={view.receivedFen} /></dd>
          </dl>
        </section>
        <AgencyCard view={view} />
        <SubscriptionCard view={view} result={resultFor("cap")} canWrite={canWrite} />
        <RatesCard view={view} />
        <ReceivablesCard view={view} />
        <LeasingCard view={view} />
      </div>
      <AchievementTable view={view} />
      <LeasingDeliverables view={view} />
      <DealsTable view={view} />
      {canWrite || canSetAuthority ? (
        <div className="three-col">
          {canWrite ? <TargetForm result={resultFor("target")} year={view.year} /> : null}
          {canWrite ? <AgencyForm result={resultFor("agency")} year={view.year} agency={view.agency} /> : null}
          {canSetAuthority ? <DiscountForm result={resultFor("discount")} authority={view.authority} /> : null}
        </div>
      ) : null}
    </>
  );
}

function AgencyCard({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  const agency = view.agency;
  if (!agency) {
    return (
      <section className="card" data-testid="agency">
        <h2>{t("sales.agency")}</h2>
        <p className="muted">{t("sov.agencyNone", { year: view.year })}</p>
      </section>
    );
  }
  const gap = BigInt(agency.taskGap.gapFen);
  const gapAbs = formatMoney(gap < 0n ? -gap : gap, lang);
  const money = (fen: string) => formatMoney(fen, lang);
  const signing = agency.signing as "due" | "late" | "signed" | "signed_late";
  return (
    <section className="card" data-testid="agency">
      <h2>{t("sales.agency")}</h2>
      <dl className="facts facts-wrap">
        <dt>{t("sales.agencyName")}</dt><dd>{agency.agency}</dd>
        <dt>{t("sales.period")}</dt><dd>{formatDate(agency.periodStart, lang)} – {formatDate(agency.periodEnd, lang)}</dd>
        <dt>{t("sov.agencyTask")}</dt><dd><Money fen={agency.taskFen} /></dd>
        <dt>{t("sov.agencyTargets")}</dt><dd><Money fen={agency.taskGap.targetsFen} /></dd>
        <dt>{t("sov.agencyGap")}</dt>
        <dd data-testid="agency-gap" className={gap > 0n ? "negative" : undefined}>
          <Money fen={agency.taskGap.gapFen} />
          <div className="small">{gap > 0n ? t("sov.gapOver", { amount: gapAbs }) : gap < 0n ? t("sov.gapUnder", { amount: gapAbs }) : t("sov.gapNone")}</div>
        </dd>
        <dt>{t("sov.tiers")}</dt>
        <dd data-testid="agency-tiers">
          {[
            t("sov.tierBase", { rate: rate(agency.incentiveBps) }),
            t("sov.tierAbove", { rate: rate(agency.aboveTaskBps || agency.incentiveBps) }),
            BigInt(agency.floorFen) > 0n ? t("sov.tierFloor", { floor: money(agency.floorFen), rate: rate(agency.belowFloorBps) }) : null,
            t(agency.basis === "signing" ? "sov.basis.signing" : "sov.basis.collections"),
          ].filter(Boolean).join(t("common.clauseSeparator"))}
          {agency.incentiveTerms ? <div className="muted small">{agency.incentiveTerms}</div> : null}
        </dd>
        <dt>{t("sov.agencyAchieved")}</dt>
        <dd><Money fen={agency.achievedFen} /> ({pct(shareBps(BigInt(agency.achievedFen), BigInt(agency.taskFen)))}) <span className="muted small">{t("sov.agencyDeals", { count: agency.dealCount })}</span></dd>
        <dt>{t("sov.collected")}</dt><dd><Money fen={agency.collectedFen} /></dd>
        <dt>{t("sov.accrued")}</dt><dd data-testid="agency-accrued"><Money fen={agency.accruedFen} /></dd>
        <dt>{t("sov.payable")}</dt><dd data-testid="agency-payable"><Money fen={agency.payableFen} /></dd>
        <dt>{t("sov.signing")}</dt>
        <dd data-testid="agency-signing" className={signing === "late" ? "negative" : undefined}>
          {signing === "signed" ? t("sov.signing.signed", { date: formatDate(agency.signedOn, lang) })
            : signing === "signed_late" ? t("sov.signing.signed_late", { date: formatDate(agency.signedOn, lang), due: formatDate(agency.signDueOn, lang) })
            : !agency.signDueOn ? t("sov.signing.noDue")
            : signing === "late" ? <strong>{t("sov.signing.late", { date: formatDate(agency.signDueOn, lang) })}</strong>
            : t("sov.signing.due", { date: formatDate(agency.signDueOn, lang) })}
        </dd>
      </dl>
    </section>
  );
}

type Result = { errors: FieldErrors; values: FormValues } | undefined;

function SubscriptionCard({ view, result, canWrite }: { view: View; result: Result; canWrite: boolean }) {
  const t = useT();
  const s = view.subscription;
  return (
    <section className="card" data-testid="subscription-cap">
      <h2>{t("sales.cap")}</h2>
      <div className="progress wide" title={t("sov.capProgress", { done: sqm(s.subscribedCsqm), min: sqm(s.targetMinCsqm), cap: sqm(s.capCsqm) })}>
        <span style={{ width: barWidth(s.subscribedCsqm, s.capCsqm) }} />
      </div>
      <p className="small" data-testid="subscription-progress">{t("sov.capProgress", { done: sqm(s.subscribedCsqm), min: sqm(s.targetMinCsqm), cap: sqm(s.capCsqm) })}</p>
      <dl className="facts facts-wrap">
        <dt>{t(s.fromInventory ? "sov.capArea" : "sov.capAreaPlan")}</dt><dd>{sqm(s.apartmentAreaCsqm)} m²</dd>
        <dt>{t("sov.capMin")}</dt><dd>{sqm(s.targetMinCsqm)} m²</dd>
        <dt>{t("sales.capShare")}</dt><dd>{rate(s.capBps)} = {sqm(s.capCsqm)} m²</dd>
        <dt>{t("sales.subscribed")}</dt><dd data-testid="subscribed">{sqm(s.subscribedCsqm)} m² ({pct(s.apartmentAreaCsqm > 0 ? Math.floor((s.subscribedCsqm * 10_000) / s.apartmentAreaCsqm) : 0)})</dd>
        <dt>{t("sales.capLeft")}</dt><dd>{sqm(Math.max(0, s.capCsqm - s.subscribedCsqm))} m²</dd>
      </dl>
      {canWrite ? (
        <Form method="post" className="inline-form" noValidate>
          <FieldScope name="cap">
            <input type="hidden" name="intent" value="cap" />
            <input type="hidden" name="year" value={view.year} />
            <Field name="capPercent" label={t("sales.capPercent")} error={result?.errors.capPercent}>{(p) => <input {...p} inputMode="decimal" defaultValue={result?.values.capPercent ?? (s.capBps / 100).toString()} />}</Field>
            <button type="submit" className="button small">{t("common.save")}</button>
          </FieldScope>
        </Form>
      ) : null}
    </section>
  );
}

function RatesCard({ view }: { view: View }) {
  const t = useT();
  return (
    <section className="card" data-testid="rates">
      <h2>{t("sov.rates")}</h2>
      <div className="table-scroll">
      <table className="data-table compact">
        <thead><tr><th>{t("sales.product")}</th><th className="num">{t("sov.signedToDate")}</th><th className="num">{t("sov.collectionRate")}</th><th className="num" style={{ whiteSpace: "normal" }}>{t("sov.collectionRateYear", { year: view.year })}</th></tr></thead>
        <tbody>
          {view.rates.byProduct.map((r) => (
            <tr key={r.product} data-testid={`rate-${r.product}`}>
              <th>{t(`product.${r.product}` as MessageKey)}</th>
              <td className="num"><Money fen={r.signedFen} unit="wan" /></td>
              <td className="num">{pct(r.collectionRateBps)}</td>
              <td className="num">{pct(r.yearCollectionRateBps)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <dl className="facts facts-wrap">
        {(["apartment", "commercial"] as const).map((use) => {
          const u = view.rates.units[use];
          return [
            <dt key={`${use}t`}>{t("sov.sellThrough")} · {t(`sov.units.${use}`)}</dt>,
            <dd key={`${use}d`} data-testid={`sell-through-${use}`}>
              {pct(u.sellThroughBps)} <span className="muted small">{t("sov.sellThroughOf", { sold: u.sold, offered: u.offered })}{u.unreleased > 0 ? ` · ${t("sov.unreleased", { count: u.unreleased })}` : ""}</span>
            </dd>,
          ];
        })}
      </dl>
    </section>
  );
}

function ReceivablesCard({ view }: { view: View }) {
  const t = useT();
  const r = view.receivables;
  return (
    <section className="card" data-testid="receivables">
      <h2>{t("sov.receivables")}</h2>
      <dl className="facts facts-wrap">
        <dt>{t("sov.outstanding")}</dt><dd><Money fen={r.signedOutstandingFen} /></dd>
        <dt>{t("sov.overdue")}</dt><dd className={BigInt(r.overdueFen) > 0n ? "negative" : undefined}><Money fen={r.overdueFen} /> <span className="small">{t("sov.overdueDeals", { count: r.overdueDeals })}</span></dd>
        {(["d1_30", "d31_90", "d90plus"] as const).map((b) => [
          <dt key={`${b}t`} className="muted">{t(`sov.bucket.${b}`)}</dt>,
          <dd key={`${b}d`}><Money fen={r.buckets[b]} /></dd>,
        ])}
      </dl>
      {r.worst.length > 0 ? (
        <>
          <h3>{t("sov.worst")}</h3>
          <ul className="plain-list small" data-testid="overdue-worst">
            {r.worst.slice(0, 8).map((d) => (
              <li key={d.saleId}>
                <Link to={`/sales/units/${encodeURIComponent(d.unitNo)}`} className="code">{d.unitNo}</Link> {d.buyerName} <Money fen={d.overdueFen} /> <span className="negative">{t("sov.days", { days: d.oldestOverdueDays })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted small">{t("sov.noOverdue")}</p>
      )}
    </section>
  );
}

function LeasingCard({ view }: { view: View }) {
  const t = useT();
  const l = view.leasing;
  return (
    <section className="card" data-testid="leasing-summary">
      <h2>{t("sov.leasing")}</h2>
      <dl className="facts facts-wrap">
        <dt>{t("sov.occupancy")}</dt><dd>{pct(l.occupancyBps)} <span className="muted small">{t("sov.occupancyOf", { leased: sqm(l.leasedCsqm), leasable: sqm(l.leasableCsqm) })}</span></dd>
        <dt>{t("sov.pipeline")}</dt><dd>{t("sov.pipelineOf", { count: l.pipeline.openCount, area: sqm(l.pipeline.openAreaCsqm), rent: formatMoney(l.pipeline.openAnnualRentFen, useLang()) })}</dd>
        <dt>{t("sov.depositsHeld")}</dt><dd><Money fen={l.pipeline.depositsHeldFen} /></dd>
        <dt>{t("leasing.currentRent")}</dt><dd><Money fen={l.currentMonthlyRentFen} /></dd>
        <dt>{t("sov.basis")}</dt><dd>{t(l.basis === "term" ? "sov.basis.term" : "sov.basis.annual")}</dd>
      </dl>
      <p><Link to="/sales/leasing">{t("sov.toLeasing")}</Link></p>
    </section>
  );
}

function AchievementTable({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  return (
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
  );
}

function LeasingDeliverables({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  return (
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
  );
}

function DealsTable({ view }: { view: View }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card">
      <h2>{t("sov.deals")}</h2>
      {view.saleCount > view.sales.length ? <p className="muted small">{t("sales.latestOf", { shown: view.sales.length, count: view.saleCount })}</p> : null}
      <div className="table-scroll">
        <table className="data-table compact" data-testid="sales-records">
          <thead>
            <tr>
              <th>{t("sov.dealStatus")}</th><th>{t("sales.unit")}</th><th>{t("sales.product")}</th><th>{t("sales.buyer")}</th>
              <th>{t("sov.reservedOn")}</th><th>{t("sales.signedOn")}</th><th className="num">{t("sales.area")}</th>
              <th className="num">{t("sov.price")}</th><th className="num">{t("sales.received")}</th><th className="num">{t("sov.outstandingDeal")}</th>
            </tr>
          </thead>
          <tbody>
            {view.sales.map((s) => {
              const live = s.status === "reserved" || s.status === "signed";
              return (
                <tr key={s.id} className={live ? undefined : "muted"} data-testid={`deal-${s.id}`}>
                  <td>{t(`sov.status.${s.status}` as MessageKey)}{s.cancelReason ? <div className="small">{s.cancelReason}</div> : null}</td>
                  <td>{s.unitId ? <Link to={`/sales/units/${encodeURIComponent(s.unitNo)}`} className="code">{s.unitNo}</Link> : <span className="code">{s.unitNo}</span>}</td>
                  <td>{t(`product.${s.product}` as MessageKey)}</td>
                  <td>{s.buyerName} <span className="muted small">{t(`sales.buyer.${s.buyerType}` as MessageKey)}</span></td>
                  <td>{formatDate(s.reservedOn, lang)}</td>
                  <td>{formatDate(s.signedOn, lang)}</td>
                  <td className="num">{sqm(s.areaCsqm)}</td>
                  <td className="num"><Money fen={s.amountFen} /></td>
                  <td className="num"><Money fen={s.receivedFen} /></td>
                  <td className="num">{live ? <Money fen={(BigInt(s.amountFen) - BigInt(s.receivedFen)).toString()} /> : null}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {view.sales.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      </div>
    </section>
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
        <Field name="product" label={t("sales.product")} error={e.product}>{(p) => <select {...p} defaultValue={v.product ?? "apartment_presale"}>{PRODUCTS.map((x) => <option key={x} value={x}>{t(`product.${x}` as MessageKey)}</option>)}</select>}</Field>
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

type AgencyValues = NonNullable<View["agency"]>;

function AgencyForm({ result, year, agency }: { result: Result; year: number; agency: AgencyValues | null }) {
  const t = useT();
  const e = result?.errors ?? {};
  const bpsInput = (bps: number) => (bps / 100).toString();
  const v: FormValues =
    result?.values ??
    (agency
      ? {
          agency: agency.agency,
          periodStart: agency.periodStart,
          periodEnd: agency.periodEnd,
          task: fenToYuanInput(agency.taskFen),
          incentiveRate: bpsInput(agency.incentiveBps),
          aboveTaskRate: bpsInput(agency.aboveTaskBps),
          floor: fenToYuanInput(agency.floorFen),
          belowFloorRate: bpsInput(agency.belowFloorBps),
          basis: agency.basis,
          incentiveTerms: agency.incentiveTerms,
          signDueOn: agency.signDueOn ?? "",
          signedOn: agency.signedOn ?? "",
        }
      : {});
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
        <Field name="incentiveRate" label={t("sov.incentiveRate")} error={e.incentiveRate}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.incentiveRate ?? ""} />}</Field>
        <Field name="aboveTaskRate" label={t("sov.aboveTaskRate")} error={e.aboveTaskRate}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.aboveTaskRate ?? ""} />}</Field>
        <Field name="floor" label={t("sov.floorYuan")} error={e.floor}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.floor ?? ""} />}</Field>
        <Field name="belowFloorRate" label={t("sov.belowFloorRate")} error={e.belowFloorRate}>{(p) => <input {...p} inputMode="decimal" defaultValue={v.belowFloorRate ?? ""} />}</Field>
        <Field name="basis" label={t("sov.basisLabel")} error={e.basis}>
          {(p) => (
            <select {...p} defaultValue={v.basis ?? "collections"}>
              <option value="collections">{t("sov.basis.collections")}</option>
              <option value="signing">{t("sov.basis.signing")}</option>
            </select>
          )}
        </Field>
        <Field name="incentiveTerms" label={t("sales.incentive")} error={e.incentiveTerms}>{(p) => <textarea {...p} rows={2} defaultValue={v.incentiveTerms ?? ""} maxLength={1000} />}</Field>
        <Field name="signDueOn" label={t("sov.signDueOn")} error={e.signDueOn}>{(p) => <input {...p} type="date" defaultValue={v.signDueOn ?? `${year}-01-31`} />}</Field>
        <Field name="signedOn" label={t("sov.contractSignedOn")} error={e.signedOn}>{(p) => <input {...p} type="date" defaultValue={v.signedOn ?? ""} />}</Field>
        <button type="submit" className="button primary">{t("common.save")}</button>
      </FieldScope>
    </Form>
  );
}

function DiscountForm({ result, authority }: { result: Result; authority: Record<string, number> }) {
  const t = useT();
  const e = result?.errors ?? {};
  const v: FormValues = result?.values ?? { sales: ((authority.sales ?? 0) / 100).toString(), exec: ((authority.exec ?? 0) / 100).toString() };
  return (
    <Form method="post" className="card stack" noValidate key={JSON.stringify(v)} data-testid="discount-form">
      <FieldScope name="discount">
        <h2>{t("sov.discountAuthority")}</h2>
        <p className="muted small">{t("sov.discountHint")}</p>
        <ul className="plain-list small" data-testid="discount-current">
          {(["sales", "exec"] as const).map((role) => <li key={role}>{t("sov.currentDiscount", { role: t(`role.${role}`), rate: rate(authority[role] ?? 0) })}</li>)}
        </ul>
        <input type="hidden" name="intent" value="discount" />
        {(["sales", "exec"] as const).map((role) => (
          <Field key={role} name={role} label={t("sov.discountRole", { role: t(`role.${role}`) })} error={e[role]}>{(p) => <input {...p} inputMode="decimal" defaultValue={v[role] ?? ""} />}</Field>
        ))}
        <button type="submit" className="button primary">{t("common.save")}</button>
      </FieldScope>
    </Form>
  );
}
