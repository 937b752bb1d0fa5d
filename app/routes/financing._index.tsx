import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FundingGapChart } from "~/components/charts";
import { DrawdownFlag, FacilityFields } from "~/components/financing";
import { EquitySection } from "~/components/loan-conditions";
import { IdempotencyKey } from "~/components/idempotency-key";
import { Money } from "~/components/money";
import { TargetBar } from "~/components/target-bar";
import { equityContributionSchema, equityReversalSchema, facilitySchema } from "~/domain/financing-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { cashflowView, gapPoints } from "~/models/cashflow.server";
import { createFacility, financingOverview, listChannels } from "~/models/financing.server";
import { addEquityContribution, conditionsByFacility, equityStatus, reverseEquityContribution } from "~/models/financing-conditions.server";
import { newIdempotencyKey } from "~/models/idempotency.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatMonth, today } from "~/utils/dates";
import { parseForm, refusalError, type FieldErrors, type FormValues, readFormData } from "~/utils/forms";
import { formatShare, formatTermBps } from "~/utils/percent";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "fin.title");

const DRAWDOWNS_SHOWN = 6;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const [view, channels, equity, conditions, cashflow] = await Promise.all([financingOverview(project.id, today(), DRAWDOWNS_SHOWN), listChannels(project.id), equityStatus(project.id), conditionsByFacility(project.id), cashflowView(project.id, today())]);
  const unmetByFacility = Object.fromEntries(conditions.map((c) => [c.facilityId, c.unmet]));
  // The funding gap is the secured-only cash flow to completion (issue 14): actual payments, the
  // remaining dynamic cost by milestone, interest and repayments against money actually secured.
  const secured = cashflow.scenarios.secured;
  return plain({
    ...view,
    // spendFen: cash out of the month (payments made, then planned spending, interest, repayments);
    // fundsFen: secured cash in (equity, drawdowns, released sales receipts, rent).
    gap: gapPoints(secured.months).map((p, i) => ({ ...p, spendFen: secured.months[i].totalOutFen, fundsFen: secured.months[i].totalInFen, balanceFen: secured.months[i].balanceFen })),
    securedSummary: { firstGap: secured.firstGap, peak: secured.peak },
    expectedSummary: { firstGap: cashflow.scenarios.expected.firstGap, peak: cashflow.scenarios.expected.peak },
    channelOptions: channels,
    equity,
    unmetByFacility,
    today: today(),
    idempotencyKey: newIdempotencyKey(),
  });
}

type ActionResult = { errors: FieldErrors; values: FormValues; intent?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "financing.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  // 资本金 (issue 14): a contribution received, or the reversal of one; any other post adds a facility.
  if (intent === "equity" || intent === "equity_reversal") {
    const equityParsed = intent === "equity" ? parseForm(equityContributionSchema(today()), form) : parseForm(equityReversalSchema, form);
    if (!equityParsed.ok) return data<ActionResult>({ intent, errors: equityParsed.errors, values: equityParsed.values }, { status: 400 });
    const input = equityParsed.data as never;
    const written = intent === "equity" ? await addEquityContribution(project.id, input, { userId: user.id }) : await reverseEquityContribution(project.id, input, { userId: user.id });
    if (!written.ok) return data<ActionResult>({ intent, errors: { [written.field]: refusalError(written) }, values: equityParsed.values }, { status: 400 });
    return redirect(`/financing?done=${intent}`);
  }
  const parsed = parseForm(facilitySchema, form);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await createFacility(project.id, parsed.data, { userId: user.id });
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
  return redirect(`/financing/facilities/${result.facilityId}`);
}

// Interest rates (entered, and their committed-weighted average) show at their own 0.01 %.
const rate = (bps: number) => formatTermBps(bps);

export default function FinancingPage() {
  const { channels, totals, target, startup, cost, gap, securedSummary, expectedSummary, currentMonth, channelOptions, equity, unmetByFacility, today: now, idempotencyKey } = useLoaderData<typeof loader>();
  const allActionData = useActionData<typeof action>();
  const equityResult = (which: string) => (allActionData && "intent" in allActionData && allActionData.intent === which ? allActionData : undefined);
  const actionData = allActionData && !(allActionData as { intent?: string }).intent ? allActionData : undefined;
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("financing.write");
  const next3 = gap.filter((m) => m.month >= currentMonth).slice(0, 3);
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <h1>{t("fin.title")}</h1>
          <p className="muted">{t("fin.intro")}</p>
        </div>
        <div className="actions">
          <Link to="/financing/cashflow" className="button" data-testid="cashflow-link">{t("cf.cashflowButton")}</Link>
          <a href="/financing/export.xlsx" className="button" download>{t("budget.exportXlsx")}</a>
        </div>
      </div>
      <div className="tiles">
        <section className="card" data-testid="startup-progress">
          <h2>{t("overview.startupTarget", { year: startup.year })}</h2>
          <p className="big"><Money fen={startup.targetFen} /></p>
          <TargetBar parts={target.parts} testId="target-parts" />
          <dl className="facts">
            <dt>{t("fin.secured")}</dt><dd><Money fen={totals.securedFen} /></dd>
            <dt>{t("fin.drawn")}</dt><dd data-testid="drawn-total"><Money fen={totals.drawnFen} /></dd>
            <dt>{t("fin.expectedInYear", { year: startup.year })}</dt><dd><Money fen={totals.expectedInYearFen} /></dd>
          </dl>
        </section>
        <section className="card">
          <h2>{t("fin.cost")}</h2>
          <dl className="facts">
            <dt>{t("fin.avgRate")}</dt><dd>{rate(cost.averageRateBps)}</dd>
            <dt>{t("fin.annualInterest")}</dt><dd><Money fen={cost.annualInterestFen} /></dd>
            <dt>{t("fin.fees")}</dt><dd><Money fen={cost.feesFen} /></dd>
          </dl>
        </section>
        <section className="card" data-testid="gap-next3">
          <h2>{t("fin.next3")}</h2>
          <ul className="plain-list">
            {next3.map((m) => (
              <li key={m.month} className={m.shortFen !== "0" ? "warn" : ""}>
                {formatMonth(m.month, lang)}: {m.shortFen !== "0" ? <>{t("fin.shortBy")} <Money fen={m.shortFen} /></> : <>{t("fin.covered")} (<Money fen={m.balanceFen} />)</>}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="card">
        <h2>{t("fin.sources")}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="channels">
            <thead>
              <tr>
                <th>{t("fin.channel")}</th>
                <th className="num">{t("fin.target")}</th>
                <th className="num">{t("fin.committed")}</th>
                <th className="num">{t("fin.secured")}</th>
                <th className="num">{t("fin.drawn")}</th>
                <th className="num">{t("fin.expected")}</th>
                <th className="num">{t("fin.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} data-testid={`channel-${c.kind}`}>
                  <td>
                    {localName(lang, c)}
                    {c.salesFen !== "0" || ["presale", "internal_subscription", "rent_prepay"].includes(c.kind) ? <div className="muted small">{t("fin.fromSales")}</div> : null}
                  </td>
                  <td className="num"><Money fen={c.targetFen} /></td>
                  <td className="num"><Money fen={c.committedFen} /></td>
                  <td className="num"><Money fen={c.securedFen} /></td>
                  <td className="num" data-testid="drawn"><Money fen={c.drawnFen} /></td>
                  <td className="num"><Money fen={c.expectedFen} /></td>
                  <td className="num">{formatShare(BigInt(c.drawnFen), BigInt(c.targetFen))}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t("common.total")}</th>
                <td className="num"><Money fen={totals.targetFen} /></td>
                <td className="num"><Money fen={totals.committedFen} /></td>
                <td className="num"><Money fen={totals.securedFen} /></td>
                <td className="num"><Money fen={totals.drawnFen} /></td>
                <td className="num"><Money fen={totals.expectedFen} /></td>
                <td className="num">{formatShare(BigInt(totals.drawnFen), BigInt(totals.targetFen))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </section>
      <section className="card">
        <div className="page-head with-actions">
          <h2>{t("fin.gapSecured")}</h2>
          <div className="actions"><Link to="/financing/cashflow" className="button">{t("overview.cashflowLink")}</Link></div>
        </div>
        <p className="muted small" data-testid="gap-summary">
          {securedSummary.firstGap ? <>{t("overview.securedFirstGap")}: {formatMonth(securedSummary.firstGap.month, lang)} · <Money fen={securedSummary.firstGap.gapFen} /></> : t("overview.noGap")}
          {securedSummary.peak ? <> · {t("overview.securedPeak")}: <Money fen={securedSummary.peak.gapFen} /> ({formatMonth(securedSummary.peak.month, lang)})</> : null}
          {" · "}{t("overview.expectedFirstGap")}: {expectedSummary.firstGap ? <>{formatMonth(expectedSummary.firstGap.month, lang)} · <Money fen={expectedSummary.firstGap.gapFen} /></> : t("overview.noGap")}
        </p>
        <FundingGapChart points={gap} />
        <div className="table-scroll">
          <table className="data-table compact" data-testid="gap-table">
            <thead>
              <tr>
                <th>{t("budget.month")}</th>
                <th className="num">{t("fin.cashOut")}</th>
                <th className="num">{t("fin.fundsIn")}</th>
                <th className="num">{t("fin.spendCumulative")}</th>
                <th className="num">{t("fin.fundsCumulative")}</th>
                <th className="num">{t("fin.balance")}</th>
              </tr>
            </thead>
            <tbody>
              {gap.map((m) => (
                <tr key={m.month} className={m.shortFen !== "0" ? "row-warn" : ""} data-testid={`gap-${m.month}`}>
                  <td>{formatMonth(m.month, lang)}</td>
                  <td className="num"><Money fen={m.spendFen} unit="wan" /></td>
                  <td className="num"><Money fen={m.fundsFen} unit="wan" /></td>
                  <td className="num"><Money fen={m.spendCumulativeFen} unit="wan" /></td>
                  <td className="num"><Money fen={m.fundsCumulativeFen} unit="wan" /></td>
                  <td className="num" data-testid="balance">
                    {m.shortFen !== "0" ? <strong>{t("fin.shortBy")} <Money fen={m.shortFen} unit="wan" /></strong> : <Money fen={m.balanceFen} unit="wan" />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{t("fin.facilities")}</h2>
        <div className="table-scroll">
          <table className="data-table" data-testid="facilities">
            <thead>
              <tr>
                <th>{t("fin.channel")}</th>
                <th>{t("fin.counterparty")}</th>
                <th className="num">{t("fin.committed")}</th>
                <th className="num">{t("fin.rate")}</th>
                <th>{t("fin.status")}</th>
                <th>{t("fin.drawdowns")}</th>
              </tr>
            </thead>
            <tbody>
              {channels.flatMap((c) =>
                c.facilities.map((f) => (
                  <tr key={f.id} className={f.flagged ? "row-slipping" : ""}>
                    <td>{localName(lang, c)}</td>
                    <td><Link to={`/financing/facilities/${f.id}`}>{f.counterparty}</Link></td>
                    <td className="num"><Money fen={f.committedFen} /></td>
                    <td className="num">{rate(f.rateBps)}</td>
                    <td>
                      {t(`fin.status.${f.status}` as MessageKey)}
                      {(unmetByFacility[f.id] ?? []).length > 0 ? <div className="slip small" data-testid={`facility-unmet-${f.id}`}>{t("loan.flaggedKinds", { kinds: unmetByFacility[f.id].map((k) => t(`loan.kind.${k}` as MessageKey)).join(lang === "en" ? ", " : "、") })}</div> : null}
                    </td>
                    <td className="small">
                      {f.drawdowns.map((d) => (
                        <div key={d.id}>
                          {formatDate(d.forecast.on, lang)} · <Money fen={d.forecast.amountFen} /> {d.forecast.drawn ? "✓" : ""}
                          <DrawdownFlag drawdown={d} />
                        </div>
                      ))}
                      {f.drawdownCount > f.drawdowns.length ? <Link to={`/financing/facilities/${f.id}`}>{t("fin.moreDrawdowns", { count: f.drawdownCount - f.drawdowns.length })}</Link> : null}
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
      <EquitySection equity={equity} canWrite={canWrite} pageKey={idempotencyKey} today={now} addResult={equityResult("equity")} reverseResult={equityResult("equity_reversal")} />
      {canWrite ? (
        <details className="card" open={Boolean(actionData)}>
          <summary>{t("fin.addFacility")}</summary>
          <Form method="post" className="form-grid" noValidate key={JSON.stringify(actionData?.values ?? {})} data-testid="facility-form">
            <IdempotencyKey pageKey={idempotencyKey} form="facility" error={actionData?.errors.idempotencyKey} />
            <FacilityFields channels={channelOptions} errors={actionData?.errors ?? {}} values={actionData?.values ?? {}} />
            <div className="form-actions">
              <button type="submit" className="button primary">{t("fin.addFacility")}</button>
            </div>
          </Form>
        </details>
      ) : null}
    </>
  );
}
