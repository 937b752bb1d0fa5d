// GET /financing/cashflow?scenario=secured|expected: the cash flow to project completion (资金计划 /
// 现金流, issue 14). Both scenarios' first gap and peak side by side, the chosen scenario's chart and
// monthly table, the financing cost, the facilities' interest, equity and the pre-sale escrow; finance
// sets the expected scenario's probabilities and the escrow (POST, intent probabilities | escrow).
// Figures come from models/cashflow.server.ts; an unknown scenario shows the secured one.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CashflowChart } from "~/components/charts";
import { Field, FieldScope } from "~/components/field";
import { Money } from "~/components/money";
import { escrowSchema, probabilitiesSchema } from "~/domain/cashflow-forms.server";
import { localName, useLang, useT, type MessageKey } from "~/i18n";
import { cashflowView, isScenario } from "~/models/cashflow.server";
import { escrowSettings, saveEscrow, saveProbabilities } from "~/models/cashflow-settings.server";
import { requireProject } from "~/models/project.server";
import { useCan } from "~/root";
import { requirePermission, requireUser } from "~/session.server";
import { formatDate, formatMonth, today } from "~/utils/dates";
import { parseForm, refusalError, readFormData, type FieldErrors, type FormValues } from "~/utils/forms";
import { fenToYuanInput, formatMoney, sharedMoneyUnit } from "~/utils/money";
import { formatShare, formatTermBps } from "~/utils/percent";
import { plain } from "~/utils/plain";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.cashflow");

const IN_KINDS = ["equity", "drawdown", "drawdown_forecast", "sales", "sales_forecast", "lease", "lease_forecast"] as const;
const OUT_KINDS = ["payment", "spending", "interest", "fee", "repayment"] as const;
const STATUSES = ["negotiating", "approved", "signed", "drawing", "sales_forecast"] as const;
/** The escrow form's rows at most (domain/cashflow-forms.server.ts MAX_ESCROW_NODES: that module is server-only). */
const MAX_ESCROW_NODES = 20;
/** Blank node rows offered below the saved ones. */
const BLANK_NODE_ROWS = 2;

function scenarioOf(request: Request) {
  const raw = new URL(request.url).searchParams.get("scenario");
  return isScenario(raw) ? raw : "secured";
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const project = await requireProject();
  const scenario = scenarioOf(request);
  const [view, escrow] = await Promise.all([cashflowView(project.id, today()), escrowSettings(project.id)]);
  const summary = (s: "secured" | "expected") => ({ firstGap: view.scenarios[s].firstGap, peak: view.scenarios[s].peak, totalInFen: view.scenarios[s].totalInFen, totalOutFen: view.scenarios[s].totalOutFen });
  const { scenarios, ...rest } = view;
  return {
    ...rest,
    scenario,
    months: scenarios[scenario].months,
    summaries: { secured: summary("secured"), expected: summary("expected") },
    escrowForm: plain(escrow),
  };
}

type ActionResult = { intent: string; errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "financing.write");
  const project = await requireProject();
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const posted = String(form.get("scenario") ?? "");
  const scenario = isScenario(posted) ? posted : scenarioOf(request);
  if (intent === "probabilities") {
    const parsed = parseForm(probabilitiesSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    await saveProbabilities(project.id, parsed.data, { userId: user.id });
    return redirect(`/financing/cashflow?scenario=${scenario}&done=probabilities`);
  }
  if (intent === "escrow") {
    const parsed = parseForm(escrowSchema, form);
    if (!parsed.ok) return data<ActionResult>({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await saveEscrow(project.id, parsed.data, { userId: user.id });
    if (!result.ok) return data<ActionResult>({ intent, errors: { [result.field]: refusalError(result) }, values: parsed.values }, { status: 400 });
    return redirect(`/financing/cashflow?scenario=${scenario}&done=escrow`);
  }
  return data<ActionResult>({ intent, errors: { form: "invalid" }, values: {} }, { status: 400 });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

// Entered rates and escrow release shares at their own 0.01 %; the equity ratio is a ratio (formatShare).
const pct = (bps: number) => formatTermBps(bps);
const percentInput = (bps: number) => (bps / 100).toFixed(2).replace(/\.?0+$/, "");

export default function CashflowPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const canWrite = useCan("financing.write");
  const done = params.get("done");
  const inKinds = IN_KINDS.filter((k) => d.months.some((m) => (m.inFen[k] ?? "0") !== "0"));
  const outKinds = OUT_KINDS.filter((k) => d.months.some((m) => (m.outFen[k] ?? "0") !== "0"));
  const points = d.months.map((m) => ({ month: m.month, inFen: m.totalInFen, outFen: m.totalOutFen, balanceFen: m.balanceFen }));
  return (
    <>
      <div className="page-head with-actions">
        <div>
          <p className="small"><Link to="/financing">← {t("fin.title")}</Link></p>
          <h1>{t("cf.title")}</h1>
          <p className="muted">{t("cf.intro")} {t("cf.horizon", { from: formatMonth(d.horizon.from, lang), to: formatMonth(d.horizon.to, lang), end: formatDate(d.horizon.projectEnd, lang) })}</p>
        </div>
        <div className="actions">
          <a href={`/financing/cashflow.xlsx?scenario=${d.scenario}`} className="button" download data-testid="cashflow-export">{t("budget.exportXlsx")}</a>
        </div>
      </div>
      {done === "probabilities" || done === "escrow" ? <p className="banner banner-ok" role="status">{t(`cf.saved.${done}`)}</p> : null}
      <nav className="tabs" aria-label={t("cf.scenario")} data-testid="scenario-switch">
        {(["secured", "expected"] as const).map((s) => (
          <Link key={s} to={`?scenario=${s}`} className={d.scenario === s ? "active" : ""} aria-current={d.scenario === s ? "page" : undefined} preventScrollReset>
            {t(`cf.scenario.${s}`)}
          </Link>
        ))}
      </nav>
      <div className="tiles">
        {(["secured", "expected"] as const).map((s) => (
          <ScenarioSummary key={s} scenario={s} summary={d.summaries[s]} active={d.scenario === s} />
        ))}
      </div>
      {BigInt(d.inventoryForecastFen) > 0n ? (
        <p className="muted small" data-testid="inventory-forecast">{t("cf.inventoryForecast", { amount: formatMoney(d.inventoryForecastFen, lang, "wan"), end: formatDate(d.horizon.projectEnd, lang) })}</p>
      ) : null}
      <div className="tiles cf-facts">
        <section className="card" data-testid="financing-cost">
          <h2>{t("cf.financingCost")}</h2>
          <dl className="facts">
            <dt>{t("cf.costToDate")}</dt><dd><Money fen={d.financingCost.toDateFen} /></dd>
            <dt>{t("cf.costToCompletion")}</dt><dd><Money fen={d.financingCost.toCompletionFen} /></dd>
            <dt>{t("cf.capitalised")}</dt><dd><Money fen={d.financingCost.capitalisedFen} /></dd>
          </dl>
        </section>
        <section className="card" data-testid="spending-equity">
          <h2>{t("cf.remainingSpend")}</h2>
          <p className="big"><Money fen={d.spending.remainingTotalFen} /></p>
          <dl className="facts">
            <dt>{t("cf.dynamicTotal")}</dt><dd><Money fen={d.spending.dynamicTotalFen} /></dd>
            <dt>{t("cf.equityPaid")}</dt><dd><Money fen={d.equity.paidFen} /></dd>
            <dt>{t("cf.totalBudget")}</dt><dd><Money fen={d.equity.totalBudgetFen} /></dd>
            <dt>{t("cf.equityRatio")}</dt><dd data-testid="equity-ratio">{formatShare(BigInt(d.equity.paidFen), BigInt(d.equity.totalBudgetFen))}</dd>
          </dl>
        </section>
        <EscrowCard escrow={d.escrow} />
      </div>
      <section className="card">
        <h2>{t("cf.monthly")} · {t(`cf.scenario.${d.scenario}`)}</h2>
        <p className="muted small">{t(`cf.scenarioHint.${d.scenario}`)} {t("cf.unitWan")}</p>
        <CashflowChart points={points} />
        <div className="table-scroll">
          <table className="data-table compact cf-table" data-testid="cashflow-table">
            <thead>
              <tr>
                <th rowSpan={2}>{t("budget.month")}</th>
                {inKinds.length ? <th colSpan={inKinds.length + 1} className="cf-group">{t("cf.cashIn")}</th> : <th rowSpan={2} className="num">{t("cf.totalIn")}</th>}
                {outKinds.length ? <th colSpan={outKinds.length + 1} className="cf-group">{t("cf.cashOut")}</th> : <th rowSpan={2} className="num">{t("cf.totalOut")}</th>}
                <th rowSpan={2} className="num">{t("cf.net")}</th>
                <th rowSpan={2} className="num">{t("cf.balance")}</th>
                <th rowSpan={2} className="num">{t("cf.gap")}</th>
              </tr>
              <tr>
                {inKinds.map((k) => <th key={k} className="num">{t(`cf.kind.${k}` as MessageKey)}</th>)}
                {inKinds.length ? <th className="num">{t("cf.totalIn")}</th> : null}
                {outKinds.map((k) => <th key={k} className="num">{t(`cf.kind.${k}` as MessageKey)}</th>)}
                {outKinds.length ? <th className="num">{t("cf.totalOut")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.months.map((m) => (
                <tr key={m.month} data-testid={`cf-${m.month}`} className={[m.gapFen !== "0" ? "row-warn" : "", m.actual ? "cf-actual" : "", m.month === d.currentMonth ? "row-current" : ""].filter(Boolean).join(" ")}>
                  <td className="nowrap">
                    {formatMonth(m.month, lang)}
                    {m.actual ? <span className="badge cf-actual-badge">{t("cf.actual")}</span> : null}
                  </td>
                  {inKinds.map((k) => <td key={k} className="num"><Amount fen={m.inFen[k]} /></td>)}
                  <td className="num"><strong><Amount fen={m.totalInFen} /></strong></td>
                  {outKinds.map((k) => <td key={k} className="num"><Amount fen={m.outFen[k]} /></td>)}
                  <td className="num"><strong><Amount fen={m.totalOutFen} /></strong></td>
                  <td className={`num${m.netFen.startsWith("-") ? " negative" : ""}`}><Money fen={m.netFen} unit="wan" /></td>
                  <td className={`num${m.balanceFen.startsWith("-") ? " negative" : ""}`}><Money fen={m.balanceFen} unit="wan" /></td>
                  <td className="num" data-testid="gap">{m.gapFen !== "0" ? <strong><Money fen={m.gapFen} unit="wan" /></strong> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <FacilityTable facilities={d.facilities} />
      {canWrite ? <ProbabilitiesForm probabilities={d.probabilities} scenario={d.scenario} result={result?.intent === "probabilities" ? result : undefined} /> : null}
      {canWrite ? <EscrowForm form={d.escrowForm} scenario={d.scenario} result={result?.intent === "escrow" ? result : undefined} /> : null}
    </>
  );
}

/** An amount in 万元, or a dash when there is none. */
function Amount({ fen }: { fen: string | undefined }) {
  return fen && fen !== "0" ? <Money fen={fen} unit="wan" /> : <span className="muted">—</span>;
}

function ScenarioSummary({ scenario, summary, active }: { scenario: "secured" | "expected"; summary: LoaderData["summaries"]["secured"]; active: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className={`card cf-summary${active ? " cf-summary-active" : ""}`} data-testid={`summary-${scenario}`} data-active={active ? "true" : "false"}>
      <h2>
        <Link to={`?scenario=${scenario}`} preventScrollReset>{t(`cf.scenario.${scenario}`)}</Link>
        {active ? <span className="badge cf-shown">{t("cf.shown")}</span> : null}
      </h2>
      {summary.firstGap ? (
        <dl className="facts">
          <dt>{t("cf.firstGap")}</dt>
          <dd data-testid="first-gap">{formatMonth(summary.firstGap.month, lang)} · <strong><Money fen={summary.firstGap.gapFen} /></strong></dd>
          <dt>{t("cf.peak")}</dt>
          <dd data-testid="peak">{summary.peak ? <><strong><Money fen={summary.peak.gapFen} /></strong> · {formatMonth(summary.peak.month, lang)}</> : "—"}</dd>
        </dl>
      ) : (
        <p className="big ok-text" data-testid="no-gap">{t("cf.noGap")}</p>
      )}
      <dl className="facts small">
        <dt>{t("cf.totalIn")}</dt><dd><Money fen={summary.totalInFen} /></dd>
        <dt>{t("cf.totalOut")}</dt><dd><Money fen={summary.totalOutFen} /></dd>
      </dl>
    </section>
  );
}

function EscrowCard({ escrow }: { escrow: LoaderData["escrow"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card" data-testid="escrow">
      <h2>{t("cf.escrow")}</h2>
      <dl className="facts">
        <dt>{t("cf.city")}</dt><dd>{escrow.city ?? t("cf.notSet")}</dd>
        <dt>{t("cf.keyPerSqm")}</dt><dd>{escrow.keyFenPerSqm !== null ? <><Money fen={escrow.keyFenPerSqm} unit="yuan" />{t("cf.perSqm")}</> : t("cf.notSet")}</dd>
        <dt>{t("cf.heldNow")}</dt><dd><Money fen={escrow.heldFen} /></dd>
        <dt>{t("cf.releasedNow")}</dt><dd>{pct(escrow.releasedBps)}</dd>
      </dl>
      {escrow.nodes.length ? (
        <>
          <h3>{t("cf.nodes")}</h3>
          <ul className="plain-list small" data-testid="escrow-nodes">
            {escrow.nodes.map((n) => (
              <li key={n.code}>
                <span className="code">{n.code}</span> {localName(lang, n)} · <strong>{pct(n.releaseBps)}</strong> · {formatDate(n.on, lang)} · {n.done ? `✓ ${t("cf.nodeDone")}` : t("cf.nodeForecast")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function FacilityTable({ facilities }: { facilities: LoaderData["facilities"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <section className="card">
      <h2>{t("cf.facilities")}</h2>
      {facilities.length === 0 ? (
        <p className="muted">{t("cf.noFacilities")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="cf-facilities">
            <thead>
              <tr>
                <th>{t("fin.counterparty")}</th>
                <th>{t("fin.status")}</th>
                <th className="num">{t("fin.rate")}</th>
                <th>{t("cf.firstDraw")}</th>
                <th>{t("cf.maturity")}</th>
                <th className="num">{t("cf.balloon")}</th>
                <th className="num">{t("cf.interestToDate")}</th>
                <th className="num">{t("cf.interestToCompletion")}</th>
                <th className="num">{t("cf.fees")}</th>
              </tr>
            </thead>
            <tbody>
              {facilities.map((f) => (
                <tr key={f.id}>
                  <td className="text-col"><Link to={`/financing/facilities/${f.id}`}>{f.counterparty}</Link></td>
                  <td className="nowrap">{t(`fin.status.${f.status}` as MessageKey)}</td>
                  <td className="num">{pct(f.rateBps)}</td>
                  <td className="dates">{formatDate(f.firstDrawOn, lang)}</td>
                  <td className="dates">{formatDate(f.maturityOn, lang)}</td>
                  <td className="num">{f.balloon ? <><Money fen={f.balloon.amountFen} /><div className="muted small">{formatDate(f.balloon.on, lang)}</div></> : "—"}</td>
                  <td className="num"><Money fen={f.interestToDateFen} /></td>
                  <td className="num">
                    <Money fen={f.interestTotalFen} />
                    <div className="muted small"><CapExp cap={f.capitalisedFen} exp={f.expensedFen} /></div>
                  </td>
                  <td className="num"><Money fen={f.feesFen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CapExp({ cap, exp }: { cap: string; exp: string }) {
  const t = useT();
  // One unit for the pair (utils/money.ts formatMoneyShared), not "0.00元 / 120.00万元".
  const unit = sharedMoneyUnit([cap, exp], useLang());
  const parts = t("cf.capExp", { cap: "\u0000", exp: "\u0001" }).split(/(\u0000|\u0001)/);
  return <>{parts.map((p, i) => (p === "\u0000" ? <Money key={i} fen={cap} unit={unit} /> : p === "\u0001" ? <Money key={i} fen={exp} unit={unit} /> : p))}</>;
}

function ProbabilitiesForm({ probabilities, scenario, result }: { probabilities: LoaderData["probabilities"]; scenario: string; result: ActionResult | undefined }) {
  const t = useT();
  const values = result?.values ?? {};
  const errors = result?.errors ?? {};
  const bpsOf = new Map(probabilities.map((p) => [p.status, p.bps]));
  return (
    <details className="card" open={Boolean(result)} data-testid="probabilities">
      <summary>{t("cf.probabilities")}</summary>
      <p className="muted small">{t("cf.probabilitiesHint")}</p>
      <Form method="post" className="form-grid cf-prob-grid" noValidate key={`p${JSON.stringify(values)}`} data-testid="probabilities-form">
        <FieldScope name="prob">
          <input type="hidden" name="intent" value="probabilities" />
          <input type="hidden" name="scenario" value={scenario} />
          {STATUSES.map((s) => (
            <Field key={s} name={s} label={t(`cf.prob.${s}`)} error={errors[s]}>
              {(p) => <input {...p} inputMode="decimal" defaultValue={values[s] ?? percentInput(bpsOf.get(s) ?? 0)} />}
            </Field>
          ))}
          {errors.form ? <p className="field-error" role="alert">{t("errors.invalid")}</p> : null}
          <div className="form-actions">
            <button type="submit" className="button primary">{t("cf.saveProbabilities")}</button>
          </div>
        </FieldScope>
      </Form>
    </details>
  );
}

function EscrowForm({ form, scenario, result }: { form: LoaderData["escrowForm"]; scenario: string; result: ActionResult | undefined }) {
  const t = useT();
  const lang = useLang();
  const values = result?.values;
  const errors = result?.errors ?? {};
  const saved = form.nodes.map((n) => ({ milestone: String(n.milestoneId), release: percentInput(n.releaseBps) }));
  const postedRows = values ? Math.max(-1, ...Object.keys(values).map((k) => Number(/^node(\d+)(?:Milestone|Release)$/.exec(k)?.[1] ?? -1))) + 1 : 0;
  const rowCount = Math.min(MAX_ESCROW_NODES, Math.max(values ? postedRows : saved.length + BLANK_NODE_ROWS, 1));
  const rows = Array.from({ length: rowCount }, (_, i) =>
    values ? { milestone: values[`node${i}Milestone`] ?? "", release: values[`node${i}Release`] ?? "" } : (saved[i] ?? { milestone: "", release: "" }),
  );
  return (
    <details className="card" open={Boolean(result)} data-testid="escrow-settings">
      <summary>{t("cf.escrowSettings")}</summary>
      <p className="muted small">{t("cf.escrowHint")}</p>
      <Form method="post" noValidate key={`e${JSON.stringify(values ?? {})}`} data-testid="escrow-form">
        <FieldScope name="escrow">
          <input type="hidden" name="intent" value="escrow" />
          <input type="hidden" name="scenario" value={scenario} />
          <div className="form-grid">
            <Field name="city" label={t("cf.city")} error={errors.city}>{(p) => <input {...p} defaultValue={values?.city ?? form.city} maxLength={50} />}</Field>
            <Field name="keyPerSqm" label={t("cf.keyPerSqmYuan")} error={errors.keyPerSqm}>
              {(p) => <input {...p} inputMode="decimal" defaultValue={values?.keyPerSqm ?? (form.keyFenPerSqm !== null ? fenToYuanInput(form.keyFenPerSqm) : "")} />}
            </Field>
          </div>
          <h3>{t("cf.nodes")}</h3>
          {errors.nodes ? <p className="field-error" role="alert">{t("errors.escrow_too_many_nodes")}</p> : null}
          <div className="cf-node-rows">
            {rows.map((row, i) => (
              <fieldset key={i} className="cf-node-row" data-testid={`escrow-node-${i}`}>
                <legend className="muted small">{t("cf.nodeRow", { n: i + 1 })}</legend>
                <Field name={`node${i}Milestone`} label={t("cf.milestone")} error={errors[`node${i}Milestone`]}>
                  {(p) => (
                    <select {...p} defaultValue={row.milestone}>
                      <option value="">{t("common.none")}</option>
                      {form.milestones.map((m) => <option key={m.id} value={m.id}>{m.code} {localName(lang, m)}</option>)}
                    </select>
                  )}
                </Field>
                <Field name={`node${i}Release`} label={t("cf.releasePercent")} error={errors[`node${i}Release`]}>
                  {(p) => <input {...p} inputMode="decimal" defaultValue={row.release} />}
                </Field>
              </fieldset>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary">{t("cf.saveEscrow")}</button>
          </div>
        </FieldScope>
      </Form>
    </details>
  );
}
