// The monthly executive pack's sections, drawn from its snapshot alone (an issued pack's stored one or a
// draft's live one), so the page prints the same figures the snapshot holds.
import type { ReactNode } from "react";
import { Money } from "~/components/money";
import { localName, useLang, useT, type MessageKey, type Translate } from "~/i18n";
import { formatTenths } from "~/domain/meetings/scorecard";
import { formatRate, formatShare } from "~/utils/percent";
import { rowRateTenths, type PackSnapshot, type ScorecardRow } from "~/domain/reports/pack";
import { formatDate, formatMonth } from "~/utils/dates";
import { formatMoney, formatMoneyShared, type Lang } from "~/utils/money";

// Rates: rounded once, half up to 0.1 %, from the snapshot's exact figures (utils/percent.ts).
const share = (part: string, whole: string) => formatShare(BigInt(part), BigInt(whole));
/** Planned and actual drawdowns in one unit (formatMoneyShared): a pair read together. */
const drawdownPair = (totals: { plannedFen: string; actualFen: string }, lang: Lang) => {
  const [planned, actual] = formatMoneyShared([totals.plannedFen, totals.actualFen], lang);
  return { planned, actual };
};

/** The end milestone's cause, with its reason in the reader's punctuation (shared with the workbook). */
export function endCause(t: Translate, lang: Lang, cause: NonNullable<NonNullable<PackSnapshot["schedule"]["end"]>["cause"]>): string {
  const text = t("pack.endCause", { code: cause.code, name: localName(lang, cause), own: cause.ownSlipDays });
  return cause.reason ? t("pack.withReason", { text, reason: cause.reason }) : text;
}

function Table({ head, children, testId }: { head: ReactNode[]; children: ReactNode; testId?: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table compact" data-testid={testId}>
        <thead>
          <tr>{head.map((h, i) => <th key={i}>{h}</th>)}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Shown({ shown, count }: { shown: number; count: number }) {
  const t = useT();
  return shown < count ? <p className="muted small">{t("pack.shownOf", { shown, count })}</p> : null;
}

export function ScheduleSection({ s }: { s: PackSnapshot["schedule"] }) {
  const t = useT();
  const lang = useLang();
  const health = ["overdue", "slipping", "due_soon", "in_progress", "done", "upcoming"] as const;
  return (
    <>
      {s.end ? (
        <p className={s.end.slipDays > 0 ? "banner banner-warn small" : "small"} data-testid="pack-end">
          {s.end.slipDays > 0
            ? t("pack.endLate", { code: s.end.code, name: localName(lang, s.end), forecast: formatDate(s.end.forecastEnd, lang), planned: formatDate(s.end.plannedEnd, lang), days: s.end.slipDays })
            : t("pack.endOnPlan", { code: s.end.code, name: localName(lang, s.end), forecast: formatDate(s.end.forecastEnd, lang), planned: formatDate(s.end.plannedEnd, lang) })}
          {s.end.cause ? ` ${endCause(t, lang, s.end.cause)}` : ""}
        </p>
      ) : null}
      <h3>{t("pack.healthCounts", { total: s.total })}</h3>
      <div className="health-strip pack-health">
        {health.map((h) => (
          <div key={h} className={`health-tile health-${h}`}>
            <strong data-testid={`pack-health-${h}`}>{s.counts[h]}</strong>
            <span>{t(`health.${h}`)}</span>
          </div>
        ))}
      </div>
      <h3>{t("pack.slipping", { count: s.slippingCount })}</h3>
      {s.slipping.length ? (
        <Table head={[t("pack.milestone"), t("pack.planned"), t("pack.forecast"), t("pack.slipDays"), t("pack.cause")]} testId="pack-slipping">
          {s.slipping.map((r) => (
            <tr key={r.code}>
              <td>{r.code} {localName(lang, r)}{r.critical ? " ★" : ""}</td>
              <td>{formatDate(r.plannedEnd, lang)}</td>
              <td>{formatDate(r.forecastEnd, lang)}</td>
              <td className="num warn">{r.slipDays}</td>
              <td>{r.cause ? t("pack.movedBy", { code: r.cause }) : t("pack.ownSlip")}</td>
            </tr>
          ))}
        </Table>
      ) : <p className="muted">{t("pack.none")}</p>}
      <Shown shown={s.slipping.length} count={s.slippingCount} />
      <h3>{t("pack.critical", { count: s.criticalCount })}</h3>
      {s.critical.length ? (
        <Table head={[t("pack.milestone"), t("pack.forecast"), t("pack.float"), t("pack.health")]} testId="pack-critical">
          {s.critical.map((r) => (
            <tr key={r.code}>
              <td>{r.code} {localName(lang, r)}</td>
              <td>{formatDate(r.forecastEnd, lang)}</td>
              <td className="num">{r.floatDays ?? "—"}</td>
              <td>{t(`health.${r.health}` as MessageKey)}</td>
            </tr>
          ))}
        </Table>
      ) : <p className="muted">{t("pack.none")}</p>}
      <Shown shown={s.critical.length} count={s.criticalCount} />
      <div className="pack-columns">
        <div>
          <h3>{t("pack.permitsDone")}</h3>
          {s.permitsDone.length ? (
            <><ul className="plain-list small">{s.permitsDone.map((p) => <li key={p.code}>{p.code} {localName(lang, p)} · {formatDate(p.actualEnd, lang)}{p.certificate ? ` · ${t(`loan.cert.${p.certificate}` as MessageKey)}` : ""}</li>)}</ul><Shown shown={s.permitsDone.length} count={s.permitsDoneCount ?? s.permitsDone.length} /></>
          ) : <p className="muted small">{t("pack.none")}</p>}
        </div>
        <div>
          <h3>{t("pack.permitsDue")}</h3>
          {s.permitsDue.length ? (
            <><ul className="plain-list small">{s.permitsDue.map((p) => <li key={p.code} className={p.health === "slipping" || p.health === "overdue" ? "warn" : ""}>{p.code} {localName(lang, p)} · {formatDate(p.plannedEnd, lang)}{p.forecastEnd !== p.plannedEnd ? ` → ${formatDate(p.forecastEnd, lang)}` : ""}</li>)}</ul><Shown shown={s.permitsDue.length} count={s.permitsDueCount ?? s.permitsDue.length} /></>
          ) : <p className="muted small">{t("pack.none")}</p>}
        </div>
        <div>
          <h3>{t("pack.missingEvidence")}</h3>
          {s.missingEvidence.length ? (
            <><ul className="plain-list small">{s.missingEvidence.map((p) => <li key={p.code}>{p.code} {localName(lang, p)} · {t(`docs.missing.${p.reason}` as MessageKey)}</li>)}</ul><Shown shown={s.missingEvidence.length} count={s.missingEvidenceCount ?? s.missingEvidence.length} /></>
          ) : <p className="muted small">{t("pack.none")}</p>}
        </div>
      </div>
    </>
  );
}

export function CostSection({ c }: { c: PackSnapshot["cost"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <div className="pack-columns">
        <div>
          <h3>{t("pack.dynamicCost")}</h3>
          <dl className="facts">
            <dt>{t("pack.target")}</dt><dd data-testid="pack-target"><Money fen={c.dynamic.targetFen} /></dd>
            <dt>{t("pack.dynamic")}</dt><dd data-testid="pack-dynamic"><Money fen={c.dynamic.dynamicFen} /></dd>
            <dt>{t("pack.variance")}</dt><dd className={BigInt(c.dynamic.varianceFen) > 0n ? "warn" : ""}><Money fen={c.dynamic.varianceFen} /> · {share(c.dynamic.dynamicFen, c.dynamic.targetFen)}</dd>
          </dl>
        </div>
        <div>
          <h3>{t("pack.budgetFacts")}</h3>
          <dl className="facts">
            <dt>{t("pack.projectTotal")}</dt><dd><Money fen={c.budget.projectTotalFen} /></dd>
            <dt>{t("pack.linesBudget")}</dt><dd><Money fen={c.budget.currentFen} /></dd>
            {c.budget.differenceFen !== "0" ? <><dt>{t("pack.budgetGap")}</dt><dd className="warn"><Money fen={c.budget.differenceFen} /></dd></> : null}
            <dt>{t("pack.committed")}</dt><dd><Money fen={c.budget.committedFen} /></dd>
            <dt>{t("pack.paidToDate")}</dt><dd data-testid="pack-paid"><Money fen={c.budget.paidFen} /></dd>
          </dl>
        </div>
        <div>
          <h3>{t("pack.monthPayments")}</h3>
          <dl className="facts">
            <dt>{t("pack.monthPlan")}</dt><dd><Money fen={c.month.plannedFen} /></dd>
            <dt>{t("pack.monthPaid")}</dt><dd data-testid="pack-month-paid"><Money fen={c.month.paidFen} /> · {t("pack.paymentCount", { count: c.month.paymentCount })}</dd>
          </dl>
        </div>
      </div>
      {c.lines.length ? (
        <>
          <h3>{t("pack.linesAlert")}</h3>
          <Table head={[t("pack.item"), t("pack.target"), t("pack.dynamic"), t("pack.variance"), t("pack.used")]}>
            {c.lines.map((l) => (
              <tr key={l.code} className={l.level === "red" ? "row-warn" : ""}>
                <td>{l.code} {localName(lang, l)}</td>
                <td className="num"><Money fen={l.targetFen} /></td>
                <td className="num"><Money fen={l.dynamicFen} /></td>
                <td className="num"><Money fen={l.varianceFen} /></td>
                <td className="num">{share(l.dynamicFen, l.targetFen)}</td>
              </tr>
            ))}
          </Table>
        </>
      ) : null}
      <div className="pack-columns">
        <div>
          <h3>{t("pack.changes")}</h3>
          <dl className="facts">
            <dt>{t("pack.changesSubmitted")}</dt><dd>{c.changes.submittedCount} · <Money fen={c.changes.claimedFen} /></dd>
            <dt>{t("pack.changesApproved")}</dt><dd>{c.changes.approvedCount} · <Money fen={c.changes.approvedFen} /></dd>
            <dt>{t("pack.changesRejected")}</dt><dd>{c.changes.rejectedCount}</dd>
            <dt>{t("pack.changesPending")}</dt><dd>{c.changes.pendingCount} · <Money fen={c.changes.pendingEstimateFen} /></dd>
          </dl>
        </div>
        <div>
          <h3>{t("pack.approvalsPending")}</h3>
          <p className="small" data-testid="pack-approvals">{t("pack.approvalsCount", { count: c.approvals.count })}</p>
          <ul className="plain-list small">
            {c.approvals.top.map((a, i) => (
              <li key={i}>{t(`approvals.kind.${a.kind}` as MessageKey)} · {a.line ? `${a.line.code} ${localName(lang, a.line)}` : a.payee}{a.amountFen ? <> · <Money fen={a.amountFen} /></> : null} · {formatDate(a.submittedOn, lang)}</li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}

export function CashSection({ c }: { c: PackSnapshot["cash"] }) {
  const t = useT();
  const lang = useLang();
  const gap = (g: { month: string; gapFen: string } | null) => (g ? <><Money fen={g.gapFen} /> · {formatMonth(g.month, lang)}</> : t("pack.noGap"));
  return (
    <>
      <Table head={[t("pack.scenario"), t("pack.firstGap"), t("pack.peak"), t("pack.monthIn"), t("pack.monthOut"), t("pack.monthGap"), t("pack.monthInterest")]} testId="pack-scenarios">
        {(["secured", "expected"] as const).map((name) => {
          const s = c.scenarios[name];
          return (
            <tr key={name} data-testid={`pack-scenario-${name}`}>
              <th>{t(`pack.scenario.${name}`)}</th>
              <td className={s.firstGap ? "warn" : ""}>{gap(s.firstGap)}</td>
              <td>{gap(s.peak)}</td>
              <td className="num">{s.month ? <Money fen={s.month.inFen} /> : "—"}</td>
              <td className="num">{s.month ? <Money fen={s.month.outFen} /> : "—"}</td>
              <td className="num">{s.month ? <Money fen={s.month.gapFen} /> : "—"}</td>
              <td className="num">{s.month ? <Money fen={s.month.interestFen} /> : "—"}</td>
            </tr>
          );
        })}
      </Table>
      <h3>{t("pack.drawdowns")}</h3>
      <p className="small">{t("pack.drawdownTotals", drawdownPair(c.drawdownTotals, lang))}</p>
      {c.drawdowns.length ? (
        <>
        <Table head={[t("pack.facility"), t("pack.plannedOn"), t("pack.plannedAmount"), t("pack.forecastOn"), t("pack.actualOn"), t("pack.actualAmount")]} testId="pack-drawdowns">
          {c.drawdowns.map((d, i) => (
            <tr key={i}>
              <td>{d.facility}{d.secured ? "" : <span className="muted small"> · {t("pack.notSecured")}</span>}</td>
              <td>{formatDate(d.plannedOn, lang)}</td>
              <td className="num"><Money fen={d.plannedFen} /></td>
              <td>{d.actualOn ? "—" : formatDate(d.forecastOn, lang)}</td>
              <td>{formatDate(d.actualOn, lang)}</td>
              <td className="num">{d.actualFen ? <Money fen={d.actualFen} /> : "—"}</td>
            </tr>
          ))}
        </Table>
          <Shown shown={c.drawdowns.length} count={c.drawdownCount ?? c.drawdowns.length} />
        </>
      ) : null}
      <div className="pack-columns">
        <div>
          <h3>{t("pack.financing")}</h3>
          <dl className="facts">
            <dt>{t("pack.financingTarget")}</dt><dd><Money fen={c.financing.targetFen} /></dd>
            <dt>{t("pack.financingSecured")}</dt><dd data-testid="pack-secured"><Money fen={c.financing.securedFen} /> · {share(c.financing.securedFen, c.financing.targetFen)}</dd>
            <dt>{t("pack.financingDrawn")}</dt><dd><Money fen={c.financing.drawnFen} /></dd>
            <dt>{t("pack.financingExpected")}</dt><dd className="muted"><Money fen={c.financing.expectedFen} /></dd>
            <dt>{t("pack.startupTarget", { year: c.financing.startupYear })}</dt><dd><Money fen={c.financing.startupTargetFen} /></dd>
          </dl>
        </div>
        <div>
          <h3>{t("pack.interest")}</h3>
          <dl className="facts">
            <dt>{t("pack.interestToDate")}</dt><dd><Money fen={c.interest.toDateFen} /></dd>
            <dt>{t("pack.interestToCompletion")}</dt><dd><Money fen={c.interest.toCompletionFen} /></dd>
          </dl>
        </div>
      </div>
    </>
  );
}

export function SalesSection({ s }: { s: PackSnapshot["sales"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h3>{t("pack.salesAchievement", { year: s.year })}</h3>
      <Table head={[t("pack.product"), t("pack.monthTarget"), t("pack.monthAchieved"), t("pack.yearTarget"), t("pack.yearAchieved"), t("pack.rate")]} testId="pack-sales">
        {s.byProduct.map((p) => (
          <tr key={p.product}>
            <td>{t(`product.${p.product}` as MessageKey)}</td>
            <td className="num"><Money fen={p.monthTargetFen} /></td>
            <td className="num"><Money fen={p.monthAchievedFen} /></td>
            <td className="num"><Money fen={p.yearTargetFen} /></td>
            <td className="num"><Money fen={p.yearAchievedFen} /></td>
            <td className="num">{share(p.yearAchievedFen, p.yearTargetFen)}</td>
          </tr>
        ))}
        <tr className="total-row">
          <th>{t("pack.total")}</th>
          <td className="num"><Money fen={s.totals.monthTargetFen} /></td>
          <td className="num"><Money fen={s.totals.monthAchievedFen} /></td>
          <td className="num"><Money fen={s.totals.yearTargetFen} /></td>
          <td className="num"><Money fen={s.totals.yearAchievedFen} /></td>
          <td className="num">{share(s.totals.yearAchievedFen, s.totals.yearTargetFen)}</td>
        </tr>
      </Table>
      <dl className="facts">
        <dt>{t("pack.collections")}</dt><dd data-testid="pack-collections"><Money fen={s.collections.monthFen} /> · {t("pack.collectionsCount", { count: s.collections.count })}</dd>
        <dt>{t("pack.overdueReceivables")}</dt><dd className={BigInt(s.receivables.overdueFen) > 0n ? "warn" : ""}><Money fen={s.receivables.overdueFen} />{s.receivables.overdueDeals ? ` · ${t("pack.overdueDeals", { count: s.receivables.overdueDeals })}` : ""}</dd>
        <dt>{t("pack.signedOutstanding")}</dt><dd><Money fen={s.receivables.signedOutstandingFen} /></dd>
      </dl>
    </>
  );
}

function ScoreRow({ row, total }: { row: ScorecardRow; total?: boolean }) {
  const lang = useLang();
  const Cell = total ? "th" : "td";
  return (
    <tr className={total ? "total-row" : ""}>
      <Cell>{localName(lang, row)}</Cell>
      <td className="num">{row.assigned}</td>
      <td className="num">{row.doneOnTime}</td>
      <td className="num">{row.doneLate}</td>
      <td className={`num${row.openOverdue ? " warn" : ""}`}>{row.openOverdue}</td>
      <td className="num" data-testid="pack-rate">{formatRate(rowRateTenths(row))}</td>
      <td className="num">{formatTenths(row.avgDaysLateTenths ?? null)}</td>
    </tr>
  );
}

export function MeetingsSection({ m }: { m: PackSnapshot["meetings"] }) {
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h3>{t("pack.meetingsHeld")}</h3>
      {m.held.length ? (
        <Table head={[t("pack.date"), t("pack.theme"), t("pack.chair"), t("pack.decisionsCount")]} testId="pack-meetings">
          {m.held.map((h) => (
            <tr key={h.date}>
              <td>{formatDate(h.date, lang)}</td>
              <td>{(lang === "en" ? h.themeEn || h.theme : h.theme) || "—"}</td>
              <td>{h.chair ? localName(lang, h.chair) : "—"}</td>
              <td className="num">{h.decisions}</td>
            </tr>
          ))}
        </Table>
      ) : <p className="muted">{t("pack.none")}</p>}
      <h3>{t("pack.decisions", { count: m.decisionCount })}</h3>
      {m.decisions.length ? (
        <ul className="plain-list small" data-testid="pack-decisions">
          {m.decisions.map((d, i) => (
            <li key={i}>{formatDate(d.date, lang)} · <strong>{lang === "en" ? d.titleEn || d.title : d.title}</strong>{d.decision ? `${t("pack.decisionSep")}${d.decision}` : ""}</li>
          ))}
        </ul>
      ) : <p className="muted small">{t("pack.none")}</p>}
      <Shown shown={m.decisions.length} count={m.decisionCount} />
      <h3>{t("pack.overdueActions", { count: m.overdueCount })}</h3>
      {m.overdue.length ? (
        <Table head={[t("pack.action"), t("pack.department"), t("pack.owner"), t("pack.dueOn"), t("pack.daysLate")]} testId="pack-overdue">
          {m.overdue.map((a, i) => (
            <tr key={i}>
              <td>{a.title}</td>
              <td>{a.department ? localName(lang, a.department) : "—"}</td>
              <td>{a.owner ? localName(lang, a.owner) : "—"}</td>
              <td>{formatDate(a.dueOn, lang)}</td>
              <td className="num warn">{a.daysLate}</td>
            </tr>
          ))}
        </Table>
      ) : <p className="muted small">{t("pack.none")}</p>}
      <Shown shown={m.overdue.length} count={m.overdueCount} />
      <h3>{t("pack.scorecard")}</h3>
      <p className="muted small">{t(m.scorecard.source === "scorecard" ? "pack.scorecardSourceScorecard" : "pack.scorecardSourcePack")}</p>
      <Table head={[t("pack.department"), t("pack.assigned"), t("pack.doneOnTime"), t("pack.doneLate"), t("pack.openOverdue"), t("pack.onTimeRate"), t("pack.avgDaysLate")]} testId="pack-scorecard">
        {m.scorecard.rows.filter((row) => row.assigned > 0).map((row, i) => <ScoreRow key={i} row={row} />)}
        <ScoreRow row={m.scorecard.total} total />
      </Table>
    </>
  );
}
